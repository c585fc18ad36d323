// An expert's assignment on the pure interpreter (phase `assignment` of a matched need): preparation
// (travel, online set-up, cancelled, nobody records it), the start, the waits until mid-term and the
// planned end computed from the recorded start, the mid-term check (on track, ended early, nobody
// records it), the end, and the report and the feedback reminded and reopened until received (or
// recorded as not received after MAX_REPORTING_ROUNDS rounds), then closure.
import { describe, expect, it } from 'vitest';
import {
  assignmentPhase,
  ASSIGNMENT_TIMEOUT_DAYS,
  MAX_REPORTING_ROUNDS,
  REOPENED_DUE_DAYS,
  WORST_CASE_DAYS,
} from '../../workflows/assignment-definitions.ts';
import { assignmentSteps } from '../../domain/migration-development/assignment-steps.ts';
import { T0, uncoveredPaths, WorkflowRun } from '../support/workflow-harness.ts';
import { withoutFreeText } from '../../domain/tasks/complete-task.ts';

const WORKFLOW = 'migration-development-assignment';
const DAY = 86_400_000;
const decision = (step: string, outcome: string, overrides: Record<string, unknown> = {}): Record<string, unknown> => {
  const found = assignmentSteps.find((s) => s.step === step)?.examples.find((e) => e.outcome === outcome);
  if (!found) throw new Error(`no example of ${step} ${outcome}`);
  return withoutFreeText({ ...structuredClone(found), ...overrides });
};
// The window starts 20 days after T0 (2026-12-01); a 4-week assignment.
const context = {
  expertCaseId: 'expert-1',
  mode: 'on-site',
  windowFrom: '2026-12-21',
  windowTo: '2027-02-28',
  durationWeeks: 4,
  plannedStartAt: '2026-12-21T00:00:00.000Z',
  preparationDueAt: '2026-12-20T00:00:00.000Z',
  // The stub's start step opens at once (the wait for a window far off: its own test below).
  startOpensAt: '2026-12-01T00:00:00Z',
};
const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
const start = (read: Record<string, unknown> = context) =>
  new WorkflowRun(WORKFLOW, assignmentPhase())
    .stub({ action: 'assignment-context' }, () => read)
    .stub({ action: 'record-assignment-start' }, ({ payload }) => {
      const startedOn = '2026-12-21';
      const at = Date.parse(`${startedOn}T00:00:00Z`);
      return { startedOn, midtermAt: iso(at + 14 * DAY), plannedEndAt: iso(at + 28 * DAY), taskId: payload.taskId };
    })
    .start({ caseId: 'case-1', reference: 'NEED-2026-000001' });
const actions = (run: WorkflowRun) => run.trace.caseActions.map((a) => a.action);
const closures = (run: WorkflowRun) => run.trace.caseActions.filter((a) => a.action === 'close');
const prepared = (run: WorkflowRun) => run.complete('assignment-preparation', decision('assignment-preparation', 'travel-arranged'));
const started = (run: WorkflowRun) => prepared(run).complete('assignment-start', decision('assignment-start', 'started'));
const ended = (run: WorkflowRun) => {
  started(run).advance({ days: 40 });
  run.complete('assignment-midterm-check', decision('assignment-midterm-check', 'on-track'));
  return run.advance({ days: 20 }).complete('assignment-end', decision('assignment-end', 'completed'));
};

describe('assignment phase', () => {
  it('reads the match, names itself on the case and opens the preparation due the day before the window, with the mode', () => {
    const run = start();
    expect(actions(run)).toEqual(['assignment-context', 'stage']);
    expect(run.trace.caseActions[1]).toMatchObject({
      stage: 'preparation',
      phase: 'assignment',
      executionName: 'case-1-migration-development-assignment',
    });
    expect(run.task('assignment-preparation').payload).toMatchObject({
      phase: 'assignment',
      stage: 'preparation',
      dueAt: context.preparationDueAt,
      context: { expertCaseId: 'expert-1', mode: 'on-site', windowFrom: '2026-12-21', windowTo: '2027-02-28' },
    });
  });

  it('runs to closure: start, mid-term at start + half the duration, end at the planned end, report and feedback in parallel', () => {
    const run = prepared(start());
    expect(run.trace.caseActions.at(-1)).toMatchObject({
      action: 'record-assignment-preparation',
      taskId: expect.stringMatching(/^task-/) as string,
    });
    const startTask = run.task('assignment-start');
    // Due 7 days after the planned start.
    expect(startTask.payload.dueAt).toBe('2026-12-28T00:00:00.000Z');
    expect(startTask.payload.context).toMatchObject({ windowFrom: '2026-12-21' });
    run.complete('assignment-start', decision('assignment-start', 'started'));
    expect(actions(run).slice(-2)).toEqual(['record-assignment-start', 'stage']);
    expect(run.trace.caseActions.at(-1)).toMatchObject({ stage: 'in-progress' });
    // Waits until mid-term (2027-01-04): nothing opens before.
    run.advance({ days: 33 });
    expect(run.openTasks()).toEqual([]);
    run.advance({ days: 1 });
    expect(run.task('assignment-midterm-check').payload.context).toMatchObject({ startedOn: '2026-12-21' });
    run.complete('assignment-midterm-check', decision('assignment-midterm-check', 'issues'));
    expect(run.trace.caseActions.at(-1)).toMatchObject({ action: 'record-assignment-check', check: 'midterm' });
    expect(run.openTasks()).toEqual([]);
    // The planned end is 2027-01-18.
    run.advance({ days: 14 });
    run.complete('assignment-end', decision('assignment-end', 'completed'));
    expect(run.trace.caseActions.at(-2)).toMatchObject({ action: 'record-assignment-check', check: 'end' });
    expect(run.trace.caseActions.at(-1)).toMatchObject({ action: 'stage', stage: 'reporting' });
    expect(
      run
        .openTasks()
        .map((t) => t.step)
        .sort(),
    ).toEqual(['assignment-expert-report', 'assignment-institution-feedback']);
    expect(run.task('assignment-expert-report').payload.context).toMatchObject({ round: 1, rounds: MAX_REPORTING_ROUNDS });
    run.complete('assignment-expert-report', decision('assignment-expert-report', 'received'));
    expect(run.trace.status).toBe('RUNNING');
    run.complete('assignment-institution-feedback', decision('assignment-institution-feedback', 'received'));
    expect(run.trace.caseActions.filter((a) => a.action === 'record-assignment-reporting')).toMatchObject([
      { part: 'report', outcome: 'received', rounds: 1 },
      { part: 'feedback', outcome: 'received', rounds: 1 },
    ]);
    expect(closures(run)).toMatchObject([{ reason: 'assignment-completed', details: { report: 'received', feedback: 'received' } }]);
    expect(run.trace.status).toBe('SUCCEEDED');
  });

  it('a window 77 days off: prepared at once, the start step waits until EARLY_START_DAYS before the window, then is due 7 days after its start', () => {
    const far = {
      ...context,
      windowFrom: '2027-02-16',
      windowTo: '2027-05-31',
      plannedStartAt: '2027-02-16T00:00:00.000Z',
      preparationDueAt: '2027-02-15T00:00:00.000Z',
      startOpensAt: '2027-02-11T00:00:00Z',
    };
    const run = prepared(start(far));
    expect(run.openTasks()).toEqual([]);
    run.advance({ days: 71 });
    expect(run.openTasks()).toEqual([]);
    run.advance({ hours: 16 });
    expect(run.now.getTime()).toBe(Date.parse('2027-02-11T00:00:00.000Z'));
    expect(run.task('assignment-start').payload).toMatchObject({
      dueAt: '2027-02-23T00:00:00.000Z',
      context: { windowFrom: '2027-02-16' },
    });
    run.complete('assignment-start', decision('assignment-start', 'started'));
    expect(run.trace.caseActions.at(-1)).toMatchObject({ action: 'stage', stage: 'in-progress' });
    // Nobody records it: given up 10 days after it is due, not before the window.
    const notStarted = prepared(start(far)).advance({ days: 72 }).timeOut('assignment-start');
    expect(notStarted.now.getTime()).toBe(Date.parse('2027-03-05T00:00:00.000Z'));
    expect(closures(notStarted)).toMatchObject([{ reason: 'stalled-assignment-start' }]);
  });

  it('a remote assignment’s online set-up goes on to the start', () => {
    const run = start().complete('assignment-preparation', decision('assignment-preparation', 'online-set-up'));
    expect(run.openTasks().map((t) => t.step)).toEqual(['assignment-start']);
  });

  it('a cancelled preparation closes the need with the reason’s code', () => {
    const run = start().complete('assignment-preparation', decision('assignment-preparation', 'cancelled'));
    expect(actions(run)).toContain('record-assignment-preparation');
    expect(closures(run)).toMatchObject([{ reason: 'assignment-cancelled', details: { reasonCode: 'expert-unavailable' } }]);
  });

  it('a preparation, a start or an end nobody records ends the entry early and closes the need', () => {
    const prep = start().timeOut('assignment-preparation');
    // Due 2026-12-20, given up ten days later.
    expect(prep.now.getTime()).toBe(Date.parse('2026-12-30T00:00:00.000Z'));
    expect(actions(prep).slice(-3)).toEqual(['expire-step', 'record-assignment-stalled', 'close']);
    expect(closures(prep)).toMatchObject([{ reason: 'stalled-assignment-preparation' }]);
    const notStarted = prepared(start()).timeOut('assignment-start');
    expect(notStarted.now.getTime()).toBe(Date.parse('2027-01-07T00:00:00.000Z'));
    expect(closures(notStarted)).toMatchObject([{ reason: 'stalled-assignment-start' }]);
    const noEnd = started(start()).advance({ days: 40 });
    noEnd.complete('assignment-midterm-check', decision('assignment-midterm-check', 'on-track')).advance({ days: 20 });
    noEnd.timeOut('assignment-end');
    expect(noEnd.trace.caseActions.at(-2)).toMatchObject({ action: 'record-assignment-stalled', step: 'assignment-end' });
    expect(closures(noEnd)).toMatchObject([{ reason: 'stalled-assignment-end' }]);
  });

  it('an early end at mid-term goes straight to reporting and closes `assignment-ended-early`', () => {
    const run = started(start()).advance({ days: 40 });
    run.complete('assignment-midterm-check', decision('assignment-midterm-check', 'ended-early'));
    expect(
      run
        .openTasks()
        .map((t) => t.step)
        .sort(),
    ).toEqual(['assignment-expert-report', 'assignment-institution-feedback']);
    run.complete('assignment-expert-report', decision('assignment-expert-report', 'received'));
    run.complete('assignment-institution-feedback', decision('assignment-institution-feedback', 'received'));
    expect(closures(run)).toMatchObject([{ reason: 'assignment-ended-early' }]);
  });

  it('a mid-term check nobody records is expired and the assignment goes on to its end', () => {
    const run = started(start()).advance({ days: 40 });
    run.timeOut('assignment-midterm-check');
    expect(actions(run).at(-1)).toBe('expire-step');
    run.advance({ days: 1 });
    expect(run.openTasks().map((t) => t.step)).toEqual(['assignment-end']);
  });

  it('a report not received is reopened each round (reminded, escalated) and recorded as not received after the last; the feedback still counts', () => {
    const run = ended(start());
    run.complete('assignment-institution-feedback', decision('assignment-institution-feedback', 'received'));
    const firstOpened = run.now.getTime();
    expect(run.task('assignment-expert-report').payload.dueAt).toBe(new Date(firstOpened + 14 * DAY).toISOString());
    for (let round = 2; round <= MAX_REPORTING_ROUNDS; round++) {
      run.timeOut('assignment-expert-report');
      expect(actions(run).at(-1)).toBe('expire-step');
      const reopened = run.task('assignment-expert-report');
      expect(reopened.payload.context).toMatchObject({ round, rounds: MAX_REPORTING_ROUNDS });
      expect(reopened.payload.dueAt).toBe(new Date(run.now.getTime() + REOPENED_DUE_DAYS * DAY).toISOString());
    }
    run.timeOut('assignment-expert-report');
    expect(run.trace.humanSteps.filter((s) => s === 'assignment-expert-report')).toHaveLength(MAX_REPORTING_ROUNDS);
    expect(run.trace.caseActions.filter((a) => a.action === 'record-assignment-reporting')).toMatchObject([
      { part: 'feedback', outcome: 'received', rounds: 1 },
      { part: 'report', outcome: 'not-received', rounds: MAX_REPORTING_ROUNDS },
    ]);
    expect(closures(run)).toMatchObject([{ reason: 'assignment-completed', details: { report: 'not-received', feedback: 'received' } }]);
  });

  it('a report received in a later round counts as received, with its round', () => {
    // Both parts time out together at the end of their first round and reopen.
    const run = ended(start()).timeOut('assignment-expert-report');
    expect(run.task('assignment-institution-feedback').payload.context).toMatchObject({ round: 2 });
    run.complete('assignment-expert-report', decision('assignment-expert-report', 'received'));
    run.timeOut('assignment-institution-feedback').timeOut('assignment-institution-feedback');
    expect(run.trace.caseActions.filter((a) => a.action === 'record-assignment-reporting')).toMatchObject([
      { part: 'report', outcome: 'received', rounds: 2 },
      { part: 'feedback', outcome: 'not-received', rounds: MAX_REPORTING_ROUNDS },
    ]);
    expect(closures(run)).toMatchObject([{ details: { report: 'received', feedback: 'not-received' } }]);
  });

  it('the worst case fits the execution’s timeout, under a year', () => {
    expect(WORST_CASE_DAYS).toBe(361);
    expect(WORST_CASE_DAYS).toBeLessThan(ASSIGNMENT_TIMEOUT_DAYS);
    expect(ASSIGNMENT_TIMEOUT_DAYS).toBeLessThan(365);
    expect(T0.toISOString()).toBe('2026-12-01T08:00:00.000Z');
  });

  it('covers every path', () => {
    expect(uncoveredPaths(WORKFLOW, assignmentPhase())).toEqual([]);
  });
});
