// One youth follow-up on the pure interpreter (started by its schedule): the situation recorded,
// or missed when nobody records it in time; the 6-month one closes the case by how the track ended.
// Every Choice branch and timeout path.
import { describe, expect, it } from 'vitest';
import { youthFollowUpPhase } from '../../workflows/youth-definitions.ts';
import { uncoveredPaths, WorkflowRun } from '../support/workflow-harness.ts';
import { decision } from './youth-decisions.ts';

/** The case actions of a run, without the execution recording itself as it starts (test/workflows/phase-recorded.test.ts). */
const actionsOf = (run: { trace: { caseActions: Record<string, unknown>[] } }) =>
  run.trace.caseActions.filter((a) => a.action !== 'execution');

const start = (followUp: 'follow-up-3' | 'follow-up-6', exitOutcome = 'completed') =>
  new WorkflowRun('youth-employability-youth-follow-up', youthFollowUpPhase()).start(
    { caseId: 'case-1', reference: 'YOUTH-2026-000001', followUp, last: followUp === 'follow-up-6', exitOutcome },
    `case-1-${followUp}`,
  );
const closedWith = (run: WorkflowRun) =>
  actionsOf(run)
    .filter((a) => a.action === 'close')
    .map((a) => a.reason);

describe('youth follow-up', () => {
  it('the 3-month follow-up is recorded with its task (the situation stays on it), and the case stays open', () => {
    const run = start('follow-up-3');
    expect(run.task('youth-follow-up').payload).toMatchObject({
      phase: 'youth-follow-up',
      stage: 'follow-up',
      context: { followUp: 'follow-up-3' },
    });
    run.complete('youth-follow-up', decision('youth-follow-up', 'reached'), 'partner-1');
    expect(actionsOf(run)).toEqual([
      {
        caseId: 'case-1',
        action: 'record-youth-follow-up',
        followUp: 'follow-up-3',
        outcome: 'recorded',
        taskId: expect.any(String),
        completedBy: 'partner-1',
      },
    ]);
    expect(run.trace.states.at(-1)).toBe('Follow-up done');
    expect(run.trace.status).toBe('SUCCEEDED');
  });

  it('the enrolment date passed on by the schedule is in the task’s context (a job held since before it is not counted as kept); absent, null', () => {
    const run = new WorkflowRun('youth-employability-youth-follow-up', youthFollowUpPhase()).start(
      {
        caseId: 'case-1',
        reference: 'YOUTH-2026-000001',
        followUp: 'follow-up-3',
        last: false,
        exitOutcome: 'completed',
        enrolmentDate: '2026-11-20',
      },
      'case-1-follow-up-3',
    );
    expect(run.task('youth-follow-up').payload).toMatchObject({ context: { followUp: 'follow-up-3', enrolmentDate: '2026-11-20' } });
    expect(start('follow-up-3').task('youth-follow-up').payload).toMatchObject({
      context: { followUp: 'follow-up-3', enrolmentDate: null },
    });
  });

  it('the 6-month follow-up closes the case: track completed', () => {
    const run = start('follow-up-6').complete('youth-follow-up', decision('youth-follow-up', 'unreachable'));
    expect(actionsOf(run).map((a) => a.action)).toEqual(['record-youth-follow-up', 'close']);
    expect(closedWith(run)).toEqual(['track-completed']);
  });

  it('the 6-month follow-up of a dropout closes the case as dropped out', () => {
    const run = start('follow-up-6', 'dropped-out').complete('youth-follow-up', decision('youth-follow-up', 'reached'));
    expect(closedWith(run)).toEqual(['dropped-out']);
  });

  it('a follow-up nobody records expires (supervisors told) and is recorded as missed; the case stays open', () => {
    const run = start('follow-up-3').timeOut('youth-follow-up');
    expect(actionsOf(run)).toEqual([
      { caseId: 'case-1', action: 'expire-step', step: 'youth-follow-up' },
      { caseId: 'case-1', action: 'record-youth-follow-up', followUp: 'follow-up-3', outcome: 'missed' },
    ]);
    expect(run.trace.states.at(-1)).toBe('Follow-up done');
  });

  it('a missed last follow-up still closes the case', () => {
    const run = start('follow-up-6').timeOut('youth-follow-up');
    expect(actionsOf(run).map((a) => a.action)).toEqual(['expire-step', 'record-youth-follow-up', 'close']);
    expect(closedWith(run)).toEqual(['track-completed']);
    expect(run.trace.status).toBe('SUCCEEDED');
  });

  it('covers every Choice branch, every timeout path and every state', () => {
    expect(uncoveredPaths('youth-employability-youth-follow-up', youthFollowUpPhase())).toEqual([]);
  });
});
