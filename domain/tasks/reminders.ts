// When a human step reminds, escalates and gives up.
//   due-soon   one day before the due date (or half-way for steps due within two days)
//   overdue    at the due date
//   escalation three days after the due date: supervisors are told and may act on it; a step due
//              within a day (a high-risk registration due in hours) is escalated as long after its
//              due time as it had to be done, an hour at the least
//   timeout    ten days after the due date the workflow stops waiting and takes the step's timeout path
import type { ReminderKind } from './model.ts';

const HOUR = 3600 * 1000;
const DAY = 24 * HOUR;
export const ESCALATION_DELAY_DAYS = 3;
export const TIMEOUT_AFTER_DUE_DAYS = 10;

export function dueDate(createdAt: Date, dueInDays: number): Date {
  return new Date(createdAt.getTime() + dueInDays * DAY);
}

export function reminderTimes(createdAt: Date, dueAt: Date): { kind: ReminderKind; at: Date }[] {
  const window = dueAt.getTime() - createdAt.getTime();
  const dueSoon = window > 2 * DAY ? dueAt.getTime() - DAY : createdAt.getTime() + window / 2;
  return [
    { kind: 'due-soon', at: new Date(dueSoon) },
    { kind: 'overdue', at: dueAt },
    { kind: 'escalation', at: new Date(dueAt.getTime() + escalationDelay(window)) },
  ];
}

/** How long after the due time supervisors are told: in proportion to a window shorter than a day. */
export function escalationDelay(window: number): number {
  return window < DAY ? Math.max(HOUR, window) : ESCALATION_DELAY_DAYS * DAY;
}

/** Seconds the workflow waits for a step before its timeout path. */
export function stepTimeoutSeconds(dueInDays: number): number {
  return (dueInDays + TIMEOUT_AFTER_DUE_DAYS) * 24 * 3600;
}

/**
 * When the beneficiary is reminded of a step's message (documents to bring, departure): at 08:00 UTC
 * two days before the due date, if that is at least a day after the step opened; otherwise never.
 */
export function beneficiaryReminderTime(createdAt: Date, dueAt: Date): Date | undefined {
  const day = new Date(dueAt.getTime() - 2 * DAY);
  const at = new Date(Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate(), 8));
  return at.getTime() - createdAt.getTime() >= DAY ? at : undefined;
}
