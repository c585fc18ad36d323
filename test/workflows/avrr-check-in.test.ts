// One AVRR reintegration check-in on the pure interpreter: a survey recorded (or missed when nobody
// completes it); the last check-in closes the case. Every Choice branch and timeout path.
import { describe, expect, it } from 'vitest';
import { checkInPhase } from '../../workflows/avrr-definitions.ts';
import { uncoveredPaths, WorkflowRun } from '../support/workflow-harness.ts';
import { decision } from './avrr-decisions.ts';

/** The case actions of a run, without the execution recording itself as it starts (test/workflows/phase-recorded.test.ts). */
const actionsOf = (run: { trace: { caseActions: Record<string, unknown>[] } }) =>
  run.trace.caseActions.filter((a) => a.action !== 'execution');

const start = (checkIn: string, last: boolean) =>
  new WorkflowRun('avrr-check-in', checkInPhase()).start(
    { caseId: 'case-1', reference: 'AVRR-2026-0001', checkIn, last },
    `case-1-${checkIn}`,
  );

describe('AVRR check-in', () => {
  it('a completed 3-month check-in is recorded with its task, and the case stays open', () => {
    const run = start('checkin-3', false);
    expect(run.task('check-in').payload).toMatchObject({ phase: 'check-in', stage: 'monitoring', context: { checkIn: 'checkin-3' } });
    run.complete('check-in', decision('check-in', 'completed'), 'partner-1');
    const taskId = actionsOf(run)[0]?.taskId;
    expect(actionsOf(run)).toEqual([
      { caseId: 'case-1', action: 'record-check-in', checkIn: 'checkin-3', outcome: 'completed', taskId, completedBy: 'partner-1' },
    ]);
    expect(taskId).toEqual(expect.any(String));
    expect(run.trace.states.at(-1)).toBe('Check-in done');
    expect(run.trace.status).toBe('SUCCEEDED');
  });

  it('the 12-month check-in closes the case as reintegration completed', () => {
    const run = start('checkin-12', true).complete('check-in', decision('check-in', 'completed'));
    expect(actionsOf(run).map((a) => [a.action, a.reason ?? a.outcome])).toEqual([
      ['record-check-in', 'completed'],
      ['close', 'reintegration-completed'],
    ]);
  });

  it('an unreachable beneficiary is recorded as such', () => {
    const run = start('checkin-6', false).complete('check-in', decision('check-in', 'unreachable'));
    expect(actionsOf(run)).toMatchObject([{ action: 'record-check-in', checkIn: 'checkin-6', outcome: 'unreachable' }]);
  });

  it('a check-in nobody completes is recorded as missed, and the case stays open', () => {
    const run = start('checkin-6', false).timeOut('check-in');
    expect(actionsOf(run)).toEqual([
      { caseId: 'case-1', action: 'expire-step', step: 'check-in' },
      { caseId: 'case-1', action: 'record-check-in', checkIn: 'checkin-6', outcome: 'missed' },
    ]);
    expect(run.trace.states.at(-1)).toBe('Check-in done');
  });

  it('a missed last check-in still closes the case', () => {
    const run = start('checkin-12', true).timeOut('check-in');
    expect(actionsOf(run).map((a) => a.action)).toEqual(['expire-step', 'record-check-in', 'close']);
    expect(actionsOf(run).at(-1)).toMatchObject({ reason: 'reintegration-completed' });
    expect(run.trace.status).toBe('SUCCEEDED');
  });

  it('covers every Choice branch, every timeout path and every state', () => {
    expect(uncoveredPaths('avrr-check-in', checkInPhase())).toEqual([]);
  });
});
