// A qualified national's return on the pure interpreter (phases `return` and `return-follow-up`):
// eligibility (more information, bounded), the opportunity, the plan within its ceiling and its
// four-eyes approval (rejected, bounded), the return and its follow-ups scheduled; every timeout.
import { describe, expect, it } from 'vitest';
import {
  returnFollowUpPhase,
  returnPhase,
  RETURN_FOLLOW_UP_TIMEOUT_DAYS,
  RETURN_TIMEOUT_DAYS,
  WORST_CASE_DAYS,
} from '../../workflows/return-definitions.ts';
import { MAX_RETURN_INFORMATION_REQUESTS, MAX_RETURN_PLAN_ROUNDS, returnSteps } from '../../domain/migration-development/return-steps.ts';
import { ARNS, TaskFailure, uncoveredPaths, WorkflowRun } from '../support/workflow-harness.ts';
import { withoutFreeText } from '../../domain/tasks/complete-task.ts';

const WORKFLOW = 'migration-development-return';
const FOLLOW_UP = 'migration-development-return-follow-up';
const decision = (step: string, outcome: string): Record<string, unknown> => {
  const found = returnSteps.find((s) => s.step === step)?.examples.find((e) => e.outcome === outcome);
  if (!found) throw new Error(`no example of ${step} ${outcome}`);
  return withoutFreeText(structuredClone(found));
};
const closedWith = (run: WorkflowRun) => run.trace.caseActions.filter((a) => a.action === 'close').map((a) => a.reason);
const start = () =>
  new WorkflowRun(WORKFLOW, returnPhase())
    .stub({ action: 'return-context' }, () => ({
      open: true,
      appliedOn: '2026-11-20',
      supportKind: 'business-project',
      budgetCeilingMAD: 100000,
    }))
    .start({ caseId: 'case-1', reference: 'RET-2026-000001' });
const eligible = (run: WorkflowRun) => run.complete('return-eligibility', decision('return-eligibility', 'eligible'));
const project = (run: WorkflowRun) => eligible(run).complete('return-opportunity', decision('return-opportunity', 'business-project'));
const planned = (run: WorkflowRun) => run.complete('return-plan', decision('return-plan', 'proposed'), 'caseworker-1');
const approved = (run: WorkflowRun) =>
  planned(project(run)).complete('return-plan-approval', decision('return-plan-approval', 'approved'), 'supervisor-2');

describe('return phase', () => {
  it('its worst case fits its timeout, under a year', () => {
    expect(WORST_CASE_DAYS.return).toBeLessThan(RETURN_TIMEOUT_DAYS);
    expect(RETURN_TIMEOUT_DAYS).toBeLessThan(365);
    expect(WORST_CASE_DAYS.followUp).toBeLessThan(RETURN_FOLLOW_UP_TIMEOUT_DAYS);
  });

  it('a business project through plan, approval by another, return, and two follow-ups scheduled from the date of return', () => {
    const run = start();
    expect(run.trace.caseActions[0]).toMatchObject({
      action: 'stage',
      stage: 'eligibility',
      phase: 'return',
      executionName: `case-1-${WORKFLOW}`,
    });
    expect(run.task('return-eligibility').payload).toMatchObject({
      stage: 'eligibility',
      context: { informationRequestsLeft: MAX_RETURN_INFORMATION_REQUESTS },
    });
    project(run);
    expect(run.trace.caseActions.filter((a) => a.action === 'stage').map((a) => a.stage)).toEqual([
      'eligibility',
      'opportunity',
      'reintegration-plan',
    ]);
    expect(run.trace.caseActions).toContainEqual(
      expect.objectContaining({ action: 'record-return-opportunity', taskId: expect.stringMatching(/^task-/) as string }),
    );
    expect(run.task('return-plan').payload).toMatchObject({ context: { budgetCeilingMAD: 100000, supportKind: 'business-project' } });
    planned(run);
    const plan = run.trace.caseActions.length;
    expect(run.task('return-plan-approval').payload).toMatchObject({
      forbiddenActors: ['caseworker-1'],
      context: { planTaskId: expect.stringMatching(/^task-/) as string },
    });
    run.complete('return-plan-approval', decision('return-plan-approval', 'approved'), 'supervisor-2');
    expect(run.trace.caseActions.slice(plan)[0]).toMatchObject({ action: 'record-return-plan', approvedBy: 'supervisor-2' });
    expect(run.task('return-arrival').payload).toMatchObject({ stage: 'return', context: { appliedOn: '2026-11-20' } });
    run.complete('return-arrival', { outcome: 'returned', returnedOn: '2026-11-28' });
    expect(run.trace.caseActions.at(-1)).toMatchObject({ action: 'stage', stage: 'follow-up' });
    expect(run.trace.caseActions).toContainEqual(expect.objectContaining({ action: 'record-return-arrival' }));
    expect(run.trace.schedules.map((s) => [s.Name, s.ScheduleExpression])).toEqual([
      ['case-1-return-follow-up-3', 'at(2027-02-27T08:00:00)'],
      ['case-1-return-follow-up-12', 'at(2027-11-28T08:00:00)'],
    ]);
    const target = (run.trace.schedules[1]!.Target as { Input: string }).Input;
    expect(JSON.parse(target)).toMatchObject({
      StateMachineArn: expect.stringContaining('ReturnFollowUp') as string,
      Name: 'case-1-return-follow-up-12',
    });
    expect(closedWith(run)).toEqual([]);
    expect(run.trace.status).toBe('SUCCEEDED');
    expect(ARNS.ScheduleGroupName).toBe('casework');
  });

  it('a follow-up already scheduled by an earlier attempt is not an error', () => {
    const run = approved(
      start().stub({ service: 'aws-sdk:scheduler:createSchedule' }, (call) => {
        if (call.parameters.Name === 'case-1-return-follow-up-3') throw new TaskFailure('Scheduler.ConflictException', 'exists');
        return {};
      }),
    ).complete('return-arrival', { outcome: 'returned', returnedOn: '2026-11-28' });
    expect(run.trace.states.filter((s) => s === 'Already scheduled')).toHaveLength(1);
    expect(run.trace.status).toBe('SUCCEEDED');
  });

  it('a job offer is recorded as the opportunity (the step guarded it)', () => {
    const run = eligible(start()).complete('return-opportunity', decision('return-opportunity', 'job-offer'));
    expect(run.trace.caseActions).toContainEqual(expect.objectContaining({ action: 'record-return-opportunity' }));
    expect(run.openTasks().map((t) => t.step)).toEqual(['return-plan']);
  });

  it('not eligible closes with the reason’s code', () => {
    const run = start().complete('return-eligibility', decision('return-eligibility', 'not-eligible'));
    expect(run.trace.caseActions.at(-1)).toMatchObject({
      action: 'close',
      reason: 'not-eligible',
      details: { reasonCode: 'insufficient-experience' },
    });
  });

  it('more information: the review again with none left; asked anyway past the limit, the case closes', () => {
    const run = start().complete('return-eligibility', decision('return-eligibility', 'information-requested'));
    expect(run.task('return-eligibility').payload).toMatchObject({ context: { informationRequestsLeft: 0 } });
    run.complete('return-eligibility', decision('return-eligibility', 'information-requested'));
    expect(closedWith(run)).toEqual(['eligibility-not-established']);
  });

  it('no opportunity closes with the reason’s code', () => {
    const run = eligible(start()).complete('return-opportunity', decision('return-opportunity', 'no-opportunity'));
    expect(run.trace.caseActions.at(-1)).toMatchObject({
      action: 'close',
      reason: 'no-opportunity',
      details: { reasonCode: 'no-matching-offer' },
    });
  });

  it(`a rejected plan goes back to be rewritten, at most ${MAX_RETURN_PLAN_ROUNDS} time(s), then the case closes`, () => {
    const run = project(start());
    for (let round = 0; round <= MAX_RETURN_PLAN_ROUNDS; round++)
      planned(run).complete('return-plan-approval', decision('return-plan-approval', 'rejected'), 'supervisor-2');
    expect(run.trace.humanSteps.filter((s) => s === 'return-plan')).toHaveLength(MAX_RETURN_PLAN_ROUNDS + 1);
    expect(closedWith(run)).toEqual(['return-plan-not-approved']);
  });

  it('not returned closes with the reason’s code', () => {
    const run = approved(start()).complete('return-arrival', decision('return-arrival', 'not-returned'));
    expect(run.trace.caseActions.at(-1)).toMatchObject({
      action: 'close',
      reason: 'not-returned',
      details: { reasonCode: 'return-cancelled' },
    });
    expect(run.trace.schedules).toEqual([]);
  });

  describe('a step nobody completes expires and closes the case as stalled', () => {
    it.each([
      ['return-eligibility', 'stalled-eligibility', (r: WorkflowRun) => r],
      ['return-opportunity', 'stalled-opportunity', eligible],
      ['return-plan', 'stalled-return-plan', project],
      ['return-plan-approval', 'stalled-return-plan-approval', (r: WorkflowRun) => planned(project(r))],
      ['return-arrival', 'stalled-return', approved],
    ] as const)('%s', (step, reason, before) => {
      const run = before(start()).timeOut(step);
      expect(run.trace.caseActions.at(-2)).toMatchObject({ action: 'expire-step', step });
      expect(closedWith(run)).toEqual([reason]);
    });
  });

  it('covers every path', () => {
    expect(uncoveredPaths(WORKFLOW, returnPhase())).toEqual([]);
  });
});

describe('return follow-up phase', () => {
  const follow = (followUp: 'follow-up-3' | 'follow-up-12', open = true) =>
    new WorkflowRun(FOLLOW_UP, returnFollowUpPhase())
      .stub({ action: 'return-context' }, () => ({
        open,
        appliedOn: '2026-11-20',
        supportKind: 'business-project',
        budgetCeilingMAD: 100000,
      }))
      .start({ caseId: 'case-1', reference: 'RET-2026-000001', followUp, last: followUp === 'follow-up-12' }, `case-1-return-${followUp}`);

  it('the 3-month follow-up is recorded, the case stays open', () => {
    const run = follow('follow-up-3');
    expect(run.trace.caseActions.at(-1)).toMatchObject({ action: 'stage', stage: 'follow-up', phase: 'return-follow-up' });
    expect(run.task('return-follow-up').payload).toMatchObject({ stage: 'follow-up', context: { followUp: 'follow-up-3' } });
    run.complete('return-follow-up', decision('return-follow-up', 'recorded'));
    expect(run.trace.caseActions.at(-1)).toMatchObject({ action: 'record-return-follow-up', followUp: 'follow-up-3', outcome: 'recorded' });
    expect(closedWith(run)).toEqual([]);
    expect(run.trace.status).toBe('SUCCEEDED');
  });

  it('missed: expired (after reminders and escalation), recorded missed, and the 12-month one closes the case', () => {
    const run = follow('follow-up-12').timeOut('return-follow-up');
    expect(run.trace.caseActions.map((a) => a.action).slice(-3)).toEqual(['expire-step', 'record-return-follow-up', 'close']);
    expect(run.trace.caseActions.at(-2)).toMatchObject({ outcome: 'missed', followUp: 'follow-up-12' });
    expect(closedWith(run)).toEqual(['return-completed']);
  });

  it('a case closed meanwhile (withdrawn) opens no task', () => {
    const run = follow('follow-up-3', false);
    expect(run.trace.humanSteps).toEqual([]);
    expect(run.trace.caseActions.map((a) => a.action)).toEqual(['return-context']);
    expect(run.trace.status).toBe('SUCCEEDED');
  });

  it('covers every path', () => {
    expect(uncoveredPaths(FOLLOW_UP, returnFollowUpPhase())).toEqual([]);
  });
});
