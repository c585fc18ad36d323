// A diaspora expert's verification on the pure interpreter (phase `expert`): verified → listed in
// the register (the case action reads the task item) and the phase ends; rejected → closed with the
// reason code; nobody decides → closed. Every Choice branch and timeout path.
import { describe, expect, it } from 'vitest';
import { expertPhase, TIMEOUT_DAYS, WORST_CASE_DAYS } from '../../workflows/migration-development-definitions.ts';
import { expertSteps } from '../../domain/migration-development/expert-steps.ts';
import { uncoveredPaths, WorkflowRun } from '../support/workflow-harness.ts';
import { withoutFreeText } from '../../domain/tasks/complete-task.ts';

const decision = (outcome: string): Record<string, unknown> => {
  const found = expertSteps[0]!.examples.find((e) => e.outcome === outcome);
  if (!found) throw new Error(`no example ${outcome}`);
  return withoutFreeText(structuredClone(found));
};
const closedWith = (run: WorkflowRun) => run.trace.caseActions.filter((a) => a.action === 'close').map((a) => a.reason);
const start = () =>
  new WorkflowRun('migration-development-expert', expertPhase()).start({ caseId: 'case-1', reference: 'DIAS-2026-000001' });

describe('expert phase: verification and listing', () => {
  it('a verified expert is listed from the task item, the case stays open and the phase ends', () => {
    const run = start();
    expect(run.trace.caseActions[0]).toMatchObject({ action: 'stage', stage: 'verification', phase: 'expert' });
    expect(run.task('expert-verification').payload).toMatchObject({ phase: 'expert', stage: 'verification' });
    run.complete('expert-verification', decision('verified'), 'caseworker-1');
    expect(run.trace.caseActions.at(-1)).toMatchObject({ action: 'list-expert', taskId: expect.stringMatching(/^task-/) as string });
    expect(closedWith(run)).toEqual([]);
    expect(run.trace.states.at(-1)).toBe('Listed');
    expect(run.trace.status).toBe('SUCCEEDED');
  });

  it('the skills as typed never reach the workflow', () => {
    expect(decision('verified')).not.toHaveProperty('skillsConfirmed');
    expect(JSON.stringify(decision('verified'))).not.toContain('Chirurgie');
  });

  it('a rejected expert is closed with the reason code', () => {
    const run = start();
    run.complete('expert-verification', decision('rejected'), 'caseworker-1');
    expect(run.trace.caseActions.at(-1)).toMatchObject({
      action: 'close',
      reason: 'expert-rejected',
      details: { reasonCode: 'qualifications-not-verified' },
    });
    expect(run.trace.caseActions.map((a) => a.action)).not.toContain('list-expert');
  });

  it('a verification nobody decides expires and closes the case', () => {
    const run = start();
    run.timeOut('expert-verification');
    expect(run.trace.caseActions.map((a) => a.action)).toEqual(['stage', 'expire-step', 'close']);
    expect(closedWith(run)).toEqual(['expert-verification-stalled']);
  });

  it('the phase fits its timeout, under a year', () => {
    expect(WORST_CASE_DAYS.expert).toBeLessThan(TIMEOUT_DAYS.expert);
    expect(TIMEOUT_DAYS.expert).toBeLessThan(365);
  });

  it('every path is covered', () => {
    expect(uncoveredPaths('migration-development-expert', expertPhase())).toEqual([]);
  });
});
