// Notifications go through an outbox: recorded with the change that causes them, sent afterwards
// (email/SMS on AWS), readable locally at GET /_local/outbox. Recipients are references, never
// addresses: the sender resolves a person's contact at send time, so the outbox holds nothing personal.
import type { Language } from '../i18n/index.ts';
import type { StaffRole } from '../access/roles.ts';

export type Recipient =
  { kind: 'role'; role: StaffRole; partnerId?: string } | { kind: 'user'; sub: string } | { kind: 'beneficiary'; caseId: string };

export interface OutboxMessage {
  messageId: string;
  at: string;
  channel: 'email' | 'sms';
  recipient: Recipient;
  template: string;
  language: Language;
  caseId: string;
  taskId?: string;
  /** Template parameters: references and codes only (case reference, step, due date). */
  params: Record<string, string | number>;
}
