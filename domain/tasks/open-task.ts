// Use case: a workflow reaches a human step and waits (.waitForTaskToken).
//
// Primary course:
//  1. Find the step and the case.
//  2. Build the task: roles, due date, four-eyes exclusions, context; its id derives from the
//     execution and the state entry, so a retried invocation finds the same task.
//  3. Store the task with its token, the case's new stage and the history event in one write; a
//     retry only refreshes the token.
//  4. Schedule its reminders and tell the role's queue.
import { newEventId } from '../cases/event-id.ts';
import { createHash } from 'node:crypto';
import type { CaseEvent, CaseRecord } from '../cases/model.ts';
import type { OutboxMessage } from '../notifications/model.ts';
import type { ReminderKind, TaskRecord } from './model.ts';
import type { StaffRole } from '../access/roles.ts';
import { beneficiaryReminderTime, dueDate, reminderTimes } from './reminders.ts';
import { mayContactBeneficiary } from '../consent/consents.ts';
import { stepDefinition } from './steps.ts';
import { randomUUID } from 'node:crypto';
import { isLanguage } from '../i18n/index.ts';

export interface OpenTaskInput {
  token: string;
  /** Execution ARN + state name + entered time: the same for a retried invocation. */
  stateEntry: string;
  caseId: string;
  phase: string;
  step: string;
  stage?: string;
  roles?: StaffRole[];
  dueAt?: string;
  forbiddenActors?: string[];
  context?: Record<string, unknown>;
  /** The service of the case this step delivers: partners work on it through an accepted referral of that service. */
  serviceId?: string;
  /** Messages to the beneficiary sent with this step (documents to bring, appointment). */
  beneficiaryTemplate?: string;
  beneficiaryParams?: Record<string, string | number>;
}

export interface OpenTaskStore {
  getCase(caseId: string): Promise<CaseRecord | undefined>;
  /** Atomic; 'exists' when the task was stored before (its token is then replaced). */
  openTask(task: TaskRecord, token: string, stage: string, event: CaseEvent, messages: OutboxMessage[]): Promise<'created' | 'exists'>;
}

export interface ReminderScheduler {
  schedule(task: TaskRecord, reminders: { kind: ReminderKind; at: Date }[]): Promise<void>;
}

export function taskIdFor(stateEntry: string): string {
  const hex = createHash('sha256').update(stateEntry).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

export async function openTask(
  input: OpenTaskInput,
  deps: { store: OpenTaskStore; reminders: ReminderScheduler; now: () => Date },
): Promise<{ taskId: string; created: boolean }> {
  // 1.
  const step = stepDefinition(input.step);
  if (!step) throw new Error(`unknown step ${input.step}`);
  const found = await deps.store.getCase(input.caseId);
  if (!found) throw new Error('case not found');

  // 2.
  const now = deps.now();
  const at = now.toISOString();
  const due = input.dueAt ? new Date(input.dueAt) : dueDate(now, step.dueInDays);
  const roles = input.roles ?? step.roles;
  const task: TaskRecord = {
    taskId: taskIdFor(input.stateEntry),
    caseId: found.caseId,
    reference: found.reference,
    programme: found.programme,
    step: step.step,
    phase: input.phase,
    roles,
    ...(input.serviceId !== undefined ? { serviceId: input.serviceId } : {}),
    ...(found.partnerId && roles.includes('partner') ? { partnerId: found.partnerId } : {}),
    ...(input.serviceId ? { serviceId: input.serviceId } : {}),
    status: 'open',
    forbiddenActors: (input.forbiddenActors ?? []).filter((actor) => actor !== ''),
    context: input.context ?? {},
    dueAt: due.toISOString(),
    createdAt: at,
    updatedAt: at,
    version: 1,
  };

  // 3.
  const event: CaseEvent = {
    caseId: found.caseId,
    eventId: newEventId(),
    at,
    type: 'task.opened',
    actor: { kind: 'system', id: 'workflow' },
    details: { taskId: task.taskId, step: task.step, roles, dueAt: task.dueAt, ...(task.serviceId ? { serviceId: task.serviceId } : {}) },
  };
  const messages: OutboxMessage[] = roles
    .filter((role) => role !== 'partner' || task.partnerId)
    .map((role) => taskAssignedMessage(task, role, at, role === 'partner' ? task.partnerId : undefined));
  // The beneficiary is told only with their consent to follow-up contact, and reminded later only
  // if that consent still stands then (domain/tasks/remind.ts).
  if (input.beneficiaryTemplate && mayContactBeneficiary(found)) {
    const reminderAt = beneficiaryReminderTime(now, due);
    task.beneficiaryMessage = {
      template: input.beneficiaryTemplate,
      params: { reference: found.reference, ...(input.beneficiaryParams ?? {}) },
      language: isLanguage(found.facts.preferredLanguage) ? found.facts.preferredLanguage : 'fr',
      plannedAt: at,
      ...(reminderAt ? { reminderAt: reminderAt.toISOString() } : {}),
    };
    messages.push(beneficiaryMessage(task, at));
  }
  const outcome = await deps.store.openTask(task, input.token, input.stage ?? step.step, event, messages);

  // 4.
  const beneficiaryReminder = task.beneficiaryMessage?.reminderAt;
  if (outcome === 'created')
    await deps.reminders.schedule(task, [
      ...reminderTimes(now, due),
      ...(beneficiaryReminder ? [{ kind: 'beneficiary' as const, at: new Date(beneficiaryReminder) }] : []),
    ]);
  return { taskId: task.taskId, created: outcome === 'created' };
}

/** The SMS to the beneficiary a step carries; its recipient is resolved, with consent checked again, when sent. */
export function beneficiaryMessage(task: TaskRecord, at: string): OutboxMessage {
  const planned = task.beneficiaryMessage!;
  return {
    messageId: randomUUID(),
    at,
    channel: 'sms',
    recipient: { kind: 'beneficiary', caseId: task.caseId },
    template: planned.template,
    language: planned.language,
    caseId: task.caseId,
    taskId: task.taskId,
    params: planned.params,
  };
}

/** Tells a role's queue (or one association's, for the partner role) that a step awaits it: ids and codes only. */
export function taskAssignedMessage(
  task: Pick<TaskRecord, 'caseId' | 'taskId' | 'reference' | 'step' | 'dueAt'>,
  role: StaffRole,
  at: string,
  partnerId?: string,
): OutboxMessage {
  return {
    messageId: randomUUID(),
    at,
    channel: 'email',
    recipient: { kind: 'role', role, ...(partnerId ? { partnerId } : {}) },
    template: 'task-assigned',
    language: 'fr',
    caseId: task.caseId,
    taskId: task.taskId,
    params: { reference: task.reference, step: task.step, dueAt: task.dueAt },
  };
}

/**
 * The associations a step newly reaches through a whole-case share (`before` → `after`), each told
 * as the case's own association is when the step opens.
 */
export function sharedStepMessages(
  task: Pick<TaskRecord, 'caseId' | 'taskId' | 'reference' | 'step' | 'dueAt'>,
  before: readonly { partnerId: string }[],
  after: readonly { partnerId: string }[],
  at: string,
): OutboxMessage[] {
  const already = new Set(before.map((share) => share.partnerId));
  return after.filter((share) => !already.has(share.partnerId)).map((share) => taskAssignedMessage(task, 'partner', at, share.partnerId));
}
