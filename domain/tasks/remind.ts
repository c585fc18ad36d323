// Use case: a reminder schedule fires for a task. A task that is no longer open sends nothing.
// The beneficiary's reminder is sent only with their consent to follow-up contact as it stands now,
// not revoked since the message was planned; otherwise it is withheld, and the history says so.
import { newEventId } from '../cases/event-id.ts';
import { randomUUID } from 'node:crypto';
import type { CaseEvent, CaseRecord } from '../cases/model.ts';
import type { OutboxMessage, Recipient } from '../notifications/model.ts';
import type { ReminderKind, TaskRecord } from './model.ts';
import { mayContactBeneficiary } from '../consent/consents.ts';
import { beneficiaryMessage } from './open-task.ts';

export interface ReminderStore {
  getTask(taskId: string): Promise<TaskRecord | undefined>;
  /** Read consistently: a consent revoked a moment ago counts. */
  getCase(caseId: string): Promise<CaseRecord | undefined>;
  /** Conditional on the task's version; false when the task changed meanwhile (then re-read). */
  recordReminder(task: TaskRecord, changes: Partial<TaskRecord>, event: CaseEvent, messages: OutboxMessage[]): Promise<boolean>;
}

export async function sendTaskReminder(
  input: { taskId: string; kind: ReminderKind },
  deps: { store: ReminderStore; now: () => Date },
): Promise<'sent' | 'skipped' | 'withheld'> {
  for (let attempt = 0; attempt < 3; attempt++) {
    const task = await deps.store.getTask(input.taskId);
    if (!task || task.status !== 'open') return 'skipped';
    if (input.kind === 'beneficiary') {
      const outcome = await remindBeneficiary(task, deps);
      if (outcome !== 'conflict') return outcome;
      continue;
    }
    if (input.kind === 'escalation' && task.escalatedAt) return 'skipped';
    const at = deps.now().toISOString();
    const escalation = input.kind === 'escalation';
    const recipients: Recipient[] = escalation
      ? [{ kind: 'role', role: 'supervisor' }]
      : task.assignee
        ? [{ kind: 'user', sub: task.assignee }]
        : task.roles.map((role) => ({
            kind: 'role' as const,
            role,
            ...(role === 'partner' && task.partnerId ? { partnerId: task.partnerId } : {}),
          }));
    const messages: OutboxMessage[] = recipients.map((recipient) => ({
      messageId: randomUUID(),
      at,
      channel: 'email',
      recipient,
      template: escalation ? 'task-escalated' : input.kind === 'overdue' ? 'task-overdue' : 'task-due-soon',
      language: 'fr',
      caseId: task.caseId,
      taskId: task.taskId,
      params: { reference: task.reference, step: task.step, dueAt: task.dueAt },
    }));
    const event: CaseEvent = {
      caseId: task.caseId,
      eventId: newEventId(),
      at,
      type: escalation ? 'task.escalated' : 'task.reminder-sent',
      actor: { kind: 'system', id: 'reminders' },
      details: { taskId: task.taskId, step: task.step, kind: input.kind },
    };
    // Escalation hands the step to supervisors as well: they may now complete it.
    const changes: Partial<TaskRecord> = escalation
      ? { escalatedAt: at, roles: task.roles.includes('supervisor') ? task.roles : [...task.roles, 'supervisor'] }
      : {};
    if (await deps.store.recordReminder(task, changes, event, messages)) return 'sent';
  }
  return 'skipped';
}

async function remindBeneficiary(
  task: TaskRecord,
  deps: { store: ReminderStore; now: () => Date },
): Promise<'sent' | 'skipped' | 'withheld' | 'conflict'> {
  const planned = task.beneficiaryMessage;
  if (!planned) return 'skipped';
  const found = await deps.store.getCase(task.caseId);
  if (!found) return 'skipped';
  const at = deps.now().toISOString();
  const allowed = mayContactBeneficiary(found, planned.plannedAt);
  const event: CaseEvent = {
    caseId: task.caseId,
    eventId: newEventId(),
    at,
    type: allowed ? 'task.reminder-sent' : 'notification.withheld',
    actor: { kind: 'system', id: 'reminders' },
    details: {
      taskId: task.taskId,
      step: task.step,
      kind: 'beneficiary',
      template: planned.template,
      ...(allowed ? {} : { reason: 'no-follow-up-contact-consent' }),
    },
  };
  const recorded = await deps.store.recordReminder(task, {}, event, allowed ? [beneficiaryMessage(task, at)] : []);
  if (!recorded) return 'conflict';
  return allowed ? 'sent' : 'withheld';
}
