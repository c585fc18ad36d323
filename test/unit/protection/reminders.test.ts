// Reminders and escalation in proportion to a short due window (a high-risk registration due in
// hours), the days-long windows of AVRR unchanged.
import { describe, expect, it } from 'vitest';
import { reminderTimes } from '../../../domain/tasks/reminders.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const opened = new Date('2026-12-01T08:00:00.000Z');
const at = (ms: number) => new Date(opened.getTime() + ms).toISOString();
const times = (windowMs: number) =>
  Object.fromEntries(reminderTimes(opened, new Date(opened.getTime() + windowMs)).map((r) => [r.kind, r.at.toISOString()]));

describe('reminder times', () => {
  it('a task due in 3 hours is reminded half-way, overdue at 3 h and escalated 3 h later, not 3 days later', () => {
    expect(times(3 * HOUR)).toEqual({ 'due-soon': at(1.5 * HOUR), overdue: at(3 * HOUR), escalation: at(6 * HOUR) });
  });

  it('a task due within the hour is escalated an hour after its due time at the earliest', () => {
    expect(times(HOUR / 2).escalation).toBe(at(1.5 * HOUR));
  });

  it('a task due in a day or more keeps the escalation three days after its due date (AVRR unchanged)', () => {
    expect(times(DAY)).toEqual({ 'due-soon': at(DAY / 2), overdue: at(DAY), escalation: at(4 * DAY) });
    expect(times(2 * DAY)).toEqual({ 'due-soon': at(DAY), overdue: at(2 * DAY), escalation: at(5 * DAY) });
    expect(times(7 * DAY)).toEqual({ 'due-soon': at(6 * DAY), overdue: at(7 * DAY), escalation: at(10 * DAY) });
  });
});
