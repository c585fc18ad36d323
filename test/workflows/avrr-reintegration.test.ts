// The AVRR reintegration phase on the pure interpreter: a plan within the budget ceiling, four-eyes
// approval (a rejected plan goes back at most twice), assistance, then the three check-ins scheduled.
// Every Choice branch and timeout path.
import { describe, expect, it } from 'vitest';
import { CHECK_INS, MAX_PLAN_ROUNDS, reintegrationPhase } from '../../workflows/avrr-definitions.ts';
import { ARNS, T0, TaskFailure, uncoveredPaths, WorkflowRun } from '../support/workflow-harness.ts';
import { decision } from './avrr-decisions.ts';

const start = () =>
  new WorkflowRun('avrr-reintegration', reintegrationPhase())
    .stub({ action: 'reintegration-context' }, () => ({ budgetCeilingEUR: 4500, householdSize: 3 }))
    .start({ caseId: 'case-1', reference: 'AVRR-2026-0001' });
const closedWith = (run: WorkflowRun) => run.trace.caseActions.filter((a) => a.action === 'close').map((a) => a.reason);
const planned = (run: WorkflowRun, author = 'caseworker-1') => run.complete('reintegration-plan', decision('reintegration-plan'), author);

describe('AVRR reintegration phase', () => {
  it('the plan is proposed within the household ceiling, approved by another person, delivered, and the check-ins are scheduled', () => {
    const run = start();
    expect(run.trace.caseActions.map((a) => a.action)).toEqual(['stage', 'reintegration-context']);
    expect(run.trace.caseActions[0]).toMatchObject({ stage: 'reintegration-plan', phase: 'reintegration' });
    expect(run.task('reintegration-plan').payload).toMatchObject({
      phase: 'reintegration',
      context: { budgetCeilingEUR: 4500, householdSize: 3 },
    });
    planned(run, 'caseworker-3');
    expect(run.task('plan-approval').payload).toMatchObject({ forbiddenActors: ['caseworker-3'] });
    run
      .complete('plan-approval', decision('plan-approval', 'approved'), 'supervisor-1')
      .complete('assistance-delivery', decision('assistance-delivery'));
    expect(run.trace.humanSteps).toEqual(['reintegration-plan', 'plan-approval', 'assistance-delivery']);
    expect(run.trace.caseActions.at(-1)).toMatchObject({ action: 'stage', stage: 'monitoring' });
    expect(run.trace.states.at(-1)).toBe('Check-ins scheduled');
    expect(run.trace.status).toBe('SUCCEEDED');
  });

  it('each check-in is scheduled once, by name, at 3, 6 and 12 months after arrival, to start the check-in state machine', () => {
    const run = start();
    planned(run)
      .complete('plan-approval', decision('plan-approval', 'approved'))
      .complete('assistance-delivery', decision('assistance-delivery'));
    const schedules = run.trace.schedules.map((s) => {
      const target = s.Target as { Arn: string; Input: string };
      const startExecution = JSON.parse(target.Input) as { StateMachineArn: string; Name: string; Input: string };
      return {
        name: s.Name,
        group: s.GroupName,
        at: s.ScheduleExpression,
        deleted: s.ActionAfterCompletion,
        targetArn: target.Arn,
        ...startExecution,
        Input: JSON.parse(startExecution.Input) as unknown,
      };
    });
    // With no arrival day (nobody recorded the arrival): counted from the phase's start, not from
    // when the assistance was delivered.
    expect(schedules).toEqual(
      CHECK_INS.map(({ checkIn, days }) => ({
        name: `case-1-${checkIn}`,
        group: 'casework',
        at: `at(${new Date(T0.getTime() + days * 86_400_000).toISOString().slice(0, 19)})`,
        deleted: 'DELETE',
        targetArn: 'arn:aws:scheduler:::aws-sdk:sfn:startExecution',
        StateMachineArn: ARNS.CheckInStateMachineArn,
        Name: `case-1-${checkIn}`,
        Input: { caseId: 'case-1', reference: 'AVRR-2026-0001', checkIn, last: checkIn === 'checkin-12' },
      })),
    );
  });

  describe('counted from the arrival day the caseworker entered, not from when it was recorded', () => {
    const startArrived = (arrivedOn: string) =>
      new WorkflowRun('avrr-reintegration', reintegrationPhase())
        .stub({ action: 'reintegration-context' }, () => ({ budgetCeilingEUR: 4500, householdSize: 3 }))
        .start({ caseId: 'case-1', reference: 'AVRR-2026-0001', arrivedOn });
    const delivered = (run: WorkflowRun) =>
      planned(run)
        .complete('plan-approval', decision('plan-approval', 'approved'))
        .complete('assistance-delivery', decision('assistance-delivery'));
    const times = (run: WorkflowRun) => run.trace.schedules.map((s) => s.ScheduleExpression);

    it('the case records the arrival day, and each check-in is due that many days after it, at 08:00 UTC', () => {
      // Arrived on 20 November, recorded on 1 December (T0).
      const run = startArrived('2026-11-20');
      expect(run.trace.caseActions[0]).toMatchObject({ action: 'stage', stage: 'reintegration-plan', arrivedOn: '2026-11-20' });
      delivered(run);
      expect(times(run)).toEqual(
        CHECK_INS.map(({ days }) => `at(${new Date(Date.parse('2026-11-20T08:00:00Z') + days * 86_400_000).toISOString().slice(0, 19)})`),
      );
    });

    it('a check-in whose day has already passed is scheduled an hour from now', () => {
      // Arrived four months before the arrival was recorded: the 3-month check-in is due already.
      const run = startArrived('2026-08-01');
      delivered(run);
      const [first, ...later] = times(run);
      expect(first).toBe(`at(${new Date(run.now.getTime() + 3_600_000).toISOString().slice(0, 19)})`);
      expect(later).toEqual(
        CHECK_INS.slice(1).map(
          ({ days }) => `at(${new Date(Date.parse('2026-08-01T08:00:00Z') + days * 86_400_000).toISOString().slice(0, 19)})`,
        ),
      );
    });
  });

  it('a check-in already scheduled by an earlier attempt is not an error', () => {
    const run = start().stub({ service: 'aws-sdk:scheduler:createSchedule' }, (call) => {
      if (call.parameters.Name === 'case-1-checkin-6') throw new TaskFailure('Scheduler.ConflictException', 'Schedule already exists');
      return {};
    });
    planned(run)
      .complete('plan-approval', decision('plan-approval', 'approved'))
      .complete('assistance-delivery', decision('assistance-delivery'));
    expect(run.trace.states.filter((s) => s === 'Already scheduled')).toHaveLength(1);
    expect(run.trace.status).toBe('SUCCEEDED');
  });

  it('a rejected plan goes back to the caseworker, who proposes a new one', () => {
    const run = start();
    planned(run).complete('plan-approval', decision('plan-approval', 'rejected'));
    expect(run.task('reintegration-plan').payload.stateEntry).toMatch(/#1$/);
    planned(run).complete('plan-approval', decision('plan-approval', 'approved'));
    expect(run.trace.humanSteps).toEqual([
      'reintegration-plan',
      'plan-approval',
      'reintegration-plan',
      'plan-approval',
      'assistance-delivery',
    ]);
  });

  it(`a plan rejected ${MAX_PLAN_ROUNDS + 1} times closes the case`, () => {
    const run = start();
    for (let round = 0; round <= MAX_PLAN_ROUNDS; round++) planned(run).complete('plan-approval', decision('plan-approval', 'rejected'));
    expect(run.trace.humanSteps.filter((s) => s === 'reintegration-plan')).toHaveLength(MAX_PLAN_ROUNDS + 1);
    expect(closedWith(run)).toEqual(['plan-not-approved']);
    expect(run.trace.schedules).toEqual([]);
  });

  describe('a human step nobody completes expires and closes the case as stalled', () => {
    it.each([
      ['reintegration-plan', 'stalled-reintegration-plan'],
      ['plan-approval', 'stalled-plan-approval'],
      ['assistance-delivery', 'stalled-assistance'],
    ])('%s', (step, reason) => {
      const run = start();
      if (step !== 'reintegration-plan') planned(run);
      if (step === 'assistance-delivery') run.complete('plan-approval', decision('plan-approval', 'approved'));
      run.timeOut(step);
      expect(run.trace.caseActions.slice(2).map((a) => [a.action, a.step ?? a.reason])).toEqual([
        ['expire-step', step],
        ['close', reason],
      ]);
      expect(run.trace.schedules).toEqual([]);
      expect(run.trace.status).toBe('SUCCEEDED');
    });
  });

  it('covers every Choice branch, every timeout path and every state', () => {
    expect(uncoveredPaths('avrr-reintegration', reintegrationPhase())).toEqual([]);
  });
});
