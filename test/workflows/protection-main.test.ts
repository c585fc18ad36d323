// The protection state machine (phase `main`) on the pure interpreter: every entry, every Choice
// branch and every timeout path, the due dates it gives, the bounds of its loops and its budget.
import { afterAll, describe, expect, it } from 'vitest';
import {
  BUDGET_DAYS,
  MAX_BIA_ROUNDS,
  MAX_PLAN_ROUNDS,
  NEW_NEED_CYCLE_DAYS,
  STATE_MACHINE_TIMEOUT_DAYS,
  WORST,
  WORST_CASE_DAYS,
  mainPhase,
} from '../../workflows/protection-definitions.ts';
import { T0, uncoveredPaths, WorkflowRun } from '../support/workflow-harness.ts';
import { decision } from './protection-decisions.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const services = [
  {
    serviceId: '11111111-1111-4111-a111-111111111111',
    type: 'medical',
    urgency: '3-hours',
    dueAt: new Date(T0.getTime() + 3 * HOUR).toISOString(),
  },
  {
    serviceId: '22222222-2222-4222-a222-222222222222',
    type: 'shelter',
    urgency: '1-day',
    dueAt: new Date(T0.getTime() + DAY).toISOString(),
  },
];

function start(input: Record<string, unknown> = {}, options: { child?: boolean; risk?: string; execution?: string } = {}) {
  return new WorkflowRun('protection-main', mainPhase())
    .stub({ action: 'provisional-risk' }, ({ now }) => ({
      riskLevel: options.risk ?? 'high',
      registrationDueAt: new Date(now.getTime() + (options.risk === 'low' ? 3 * DAY : 3 * HOUR)).toISOString(),
    }))
    .stub({ action: 'record-assessment' }, () => ({ childNeedsBid: options.child === true }))
    .stub({ action: 'plan-context' }, () => ({ childNeedsBid: options.child === true, bidRecordedAt: null }))
    .stub({ action: 'plan-services' }, () => ({ services }))
    .start({ caseId: 'case-1', reference: 'PROT-2026-000001', ...input }, options.execution ?? 'case-1-main');
}
const actions = (run: WorkflowRun) => run.trace.caseActions.map((a) => a.action);
/** The stages the workflow moved the case to, in order. */
const stages = (run: WorkflowRun) => run.trace.caseActions.filter((a) => a.action === 'stage').map((a) => a.stage);
/** The executions that recorded themselves on the case. */
const recorded = (run: WorkflowRun) => run.trace.caseActions.filter((a) => a.executionName !== undefined).map((a) => a.executionName);
const closedWith = (run: WorkflowRun) => run.trace.caseActions.filter((a) => a.action === 'close').map((a) => a.reason);

const registered = (run: WorkflowRun) => run.complete('registration', decision('registration', 'confirmed'));
const assessed = (run: WorkflowRun, categories: string[] = ['medical']) =>
  registered(run).complete('vulnerability-assessment', { outcome: 'assessed', categories });
const planApproved = (run: WorkflowRun) =>
  run
    .complete('assistance-plan', decision('assistance-plan', 'proposed'), 'caseworker-1')
    .complete('assistance-plan-approval', decision('assistance-plan-approval', 'approved'), 'supervisor-1');
/** Completes every open service-delivery step (one per service, all open at once). */
function deliverAll(run: WorkflowRun, outcome: 'delivered' | 'not-delivered' = 'delivered') {
  for (const task of run.openTasks().filter((t) => t.step === 'service-delivery'))
    run.completeTask(task, decision('service-delivery', outcome));
  return run;
}
const serviceTask = (run: WorkflowRun, serviceId: string) => run.openTasks().find((t) => t.payload.serviceId === serviceId)!;
const toFollowUp = (run: WorkflowRun) => deliverAll(planApproved(assessed(run)));

describe('protection main phase', () => {
  it('an adult medical case: registration due in hours, assessment, plan approved by another person, each service due by its urgency, a visit, closure', () => {
    const run = start();
    const registration = run.task('registration');
    // Due 3 h after intake (high provisional risk); the step waits until due + 10 days.
    expect(registration.payload).toMatchObject({
      phase: 'main',
      dueAt: new Date(T0.getTime() + 3 * HOUR).toISOString(),
      context: { provisionalRiskLevel: 'high' },
    });
    assessed(run);
    expect(run.trace.caseActions.find((a) => a.action === 'record-risk-level')).toMatchObject({
      riskLevel: 'high',
      completedBy: 'caseworker-1',
    });
    expect(run.trace.caseActions.find((a) => a.action === 'record-assessment')).toMatchObject({ categories: ['medical'] });
    expect(run.task('assistance-plan').payload).toMatchObject({ context: { childNeedsBid: false, bidRecordedAt: null } });
    run.complete('assistance-plan', decision('assistance-plan', 'proposed'), 'caseworker-3');
    expect(run.task('assistance-plan-approval').payload).toMatchObject({ forbiddenActors: ['caseworker-3'] });
    run.complete('assistance-plan-approval', decision('assistance-plan-approval', 'approved'), 'supervisor-1');
    const planServices = run.trace.caseActions.find((a) => a.action === 'plan-services')!;
    expect(planServices).toMatchObject({ approvedBy: 'supervisor-1', approvedAt: T0.toISOString() });
    expect(String(planServices.planTaskId)).toMatch(/^task-/);
    // One delivery step per service, each with its service and due date, each its own task.
    const deliveries = run.openTasks().filter((t) => t.step === 'service-delivery');
    expect(deliveries.map((t) => [t.payload.serviceId, t.payload.dueAt, t.payload.context])).toEqual(
      services.map((s) => [s.serviceId, s.dueAt, { serviceType: s.type, urgency: s.urgency }]),
    );
    expect(new Set(deliveries.map((t) => t.payload.stateEntry)).size).toBe(2);
    deliverAll(run);
    expect(run.trace.caseActions.filter((a) => a.action === 'record-service').map((a) => [a.serviceId, a.decision])).toEqual(
      services.map((s) => [s.serviceId, decision('service-delivery', 'delivered')]),
    );
    run.complete('follow-up-visit', decision('follow-up-visit', 'close'));
    expect(closedWith(run)).toEqual(['needs-met']);
    expect(run.trace.humanSteps).toEqual([
      'registration',
      'vulnerability-assessment',
      'assistance-plan',
      'assistance-plan-approval',
      'service-delivery',
      'service-delivery',
      'follow-up-visit',
    ]);
    expect(run.trace.status).toBe('SUCCEEDED');
  });

  it('a closure carries its code-only details', () => {
    const run = start();
    toFollowUp(run).complete('follow-up-visit', { outcome: 'close', closureReason: 'other', closureDetails: 'moved-abroad' });
    expect(run.trace.caseActions.at(-1)).toMatchObject({ action: 'close', reason: 'other', details: { closureDetails: 'moved-abroad' } });
  });

  it('a service not delivered is recorded with its reason; one nobody records is recorded as such when its step times out', () => {
    const run = start();
    planApproved(assessed(run));
    run.completeTask(serviceTask(run, services[0]!.serviceId), decision('service-delivery', 'not-delivered'));
    // The other service (due in a day) waits until due + 10 days, then expires, by its service.
    run.timeOut('service-delivery');
    expect(run.trace.caseActions.filter((a) => ['record-service', 'expire-step'].includes(String(a.action)))).toEqual([
      {
        caseId: 'case-1',
        action: 'record-service',
        serviceId: services[0]!.serviceId,
        decision: decision('service-delivery', 'not-delivered'),
        completedBy: 'caseworker-1',
      },
      { caseId: 'case-1', action: 'expire-step', step: 'service-delivery', serviceId: services[1]!.serviceId },
      { caseId: 'case-1', action: 'record-service', serviceId: services[1]!.serviceId, decision: { outcome: 'timed-out' } },
    ]);
    expect(run.now.getTime() - T0.getTime()).toBe(11 * DAY);
    expect(run.task('follow-up-visit')).toBeDefined();
  });

  it('a low-risk referral is due in three days', () => {
    const run = start({}, { risk: 'low' });
    expect(run.task('registration').payload.dueAt).toBe(new Date(T0.getTime() + 3 * DAY).toISOString());
    run.timeOut('registration');
    expect(run.now.getTime() - T0.getTime()).toBe(13 * DAY);
    expect(closedWith(run)).toEqual(['stalled-registration']);
  });

  it('a duplicate or a referral out of scope is closed at registration with its code', () => {
    const duplicate = start().complete('registration', decision('registration', 'duplicate'));
    expect(duplicate.trace.caseActions.at(-1)).toMatchObject({
      action: 'close',
      reason: 'duplicate',
      details: { duplicateOf: 'PROT-2026-000117' },
    });
    const outOfScope = start().complete('registration', decision('registration', 'not-in-scope'));
    expect(outOfScope.trace.caseActions.at(-1)).toMatchObject({
      action: 'close',
      reason: 'not-in-scope',
      details: { reasonCode: 'served-by-another-agency' },
    });
  });

  describe('an unaccompanied or separated child', () => {
    const child = () => assessed(start({}, { child: true }), ['unaccompanied-child']);

    it('has a BIA approved by another person, then a BID when a durable solution is considered, before the plan', () => {
      const run = child();
      run.complete('bia', decision('bia'), 'caseworker-2');
      expect(run.task('bia-approval').payload).toMatchObject({ forbiddenActors: ['caseworker-2'] });
      run.complete('bia-approval', decision('bia-approval', 'approved'), 'supervisor-1');
      expect(run.trace.caseActions.at(-1)).toMatchObject({ action: 'record-bia-approval', completedBy: 'supervisor-1' });
      run.complete('bid', decision('bid'), 'supervisor-2');
      expect(run.trace.caseActions.find((a) => a.action === 'record-bid')).toMatchObject({
        recommendation: 'repatriation',
        panelDate: '2026-12-20',
        implementationDate: '2027-01-15',
        completedBy: 'supervisor-2',
      });
      expect(run.trace.humanSteps).toEqual(['registration', 'vulnerability-assessment', 'bia', 'bia-approval', 'bid', 'assistance-plan']);
    });

    it('no BID when no durable solution is considered', () => {
      const run = child();
      run
        .complete('bia', decision('bia', undefined, { durableSolutionConsidered: false }))
        .complete('bia-approval', decision('bia-approval', 'approved'));
      expect(run.trace.humanSteps.at(-1)).toBe('assistance-plan');
    });

    it(`a rejected BIA is redone (${MAX_BIA_ROUNDS} time); rejected again, the child's assistance goes on without it`, () => {
      const run = child();
      run.complete('bia', decision('bia')).complete('bia-approval', decision('bia-approval', 'rejected'), 'supervisor-1');
      expect(run.task('bia').payload.stateEntry).toMatch(/#1$/);
      run.complete('bia', decision('bia')).complete('bia-approval', decision('bia-approval', 'rejected'), 'supervisor-1');
      expect(run.trace.humanSteps.filter((s) => s === 'bia')).toHaveLength(MAX_BIA_ROUNDS + 1);
      expect(actions(run)).not.toContain('record-bia-approval');
      expect(run.trace.humanSteps.at(-1)).toBe('assistance-plan');
    });

    it.each(['bia', 'bia-approval', 'bid'])('%s not done in time: the step expires and the plan follows', (step) => {
      const run = child();
      if (step !== 'bia') run.complete('bia', decision('bia'));
      if (step === 'bid') run.complete('bia-approval', decision('bia-approval', 'approved'));
      run.timeOut(step);
      expect(run.trace.caseActions.filter((a) => a.action === 'expire-step')).toEqual([{ caseId: 'case-1', action: 'expire-step', step }]);
      expect(run.trace.humanSteps.at(-1)).toBe('assistance-plan');
      expect(run.trace.status).toBe('RUNNING');
    });

    it('a plan asking for a BID gets one, then is made again; asked twice in one execution, the case closes as stalled', () => {
      const run = child();
      run
        .complete('bia', decision('bia', undefined, { durableSolutionConsidered: false }))
        .complete('bia-approval', decision('bia-approval', 'approved'));
      run.complete('assistance-plan', decision('assistance-plan', 'bid-needed'));
      run.timeOut('bid');
      run.complete('assistance-plan', decision('assistance-plan', 'bid-needed'));
      expect(run.trace.humanSteps.slice(-3)).toEqual(['assistance-plan', 'bid', 'assistance-plan']);
      expect(closedWith(run)).toEqual(['stalled-bid']);
    });
  });

  it('a rejected plan is revised; it is planned again after a BID recorded meanwhile', () => {
    const run = assessed(start());
    run
      .complete('assistance-plan', decision('assistance-plan', 'proposed'))
      .complete('assistance-plan-approval', decision('assistance-plan-approval', 'rejected'), 'supervisor-1');
    expect(run.task('assistance-plan').payload.stateEntry).toMatch(/#2$/);
    expect(actions(run).filter((a) => a === 'plan-context')).toHaveLength(2);
    planApproved(run);
    expect(run.openTasks().filter((t) => t.step === 'service-delivery')).toHaveLength(2);
  });

  it(`a plan rejected ${MAX_PLAN_ROUNDS + 1} times closes the case`, () => {
    const run = assessed(start());
    for (let round = 0; round <= MAX_PLAN_ROUNDS; round++)
      run
        .complete('assistance-plan', decision('assistance-plan', 'proposed'))
        .complete('assistance-plan-approval', decision('assistance-plan-approval', 'rejected'), 'supervisor-1');
    expect(closedWith(run)).toEqual(['plan-not-approved']);
    expect(actions(run)).not.toContain('plan-services');
  });

  describe('a human step nobody completes expires and closes the case as stalled', () => {
    it.each([
      ['registration', 'stalled-registration'],
      ['vulnerability-assessment', 'stalled-assessment'],
      ['assistance-plan', 'stalled-assistance-plan'],
      ['assistance-plan-approval', 'stalled-plan-approval'],
      ['follow-up-visit', 'stalled-follow-up'],
    ])('%s', (step, reason) => {
      const run = start();
      if (step !== 'registration') registered(run);
      if (!['registration', 'vulnerability-assessment'].includes(step))
        run.complete('vulnerability-assessment', { outcome: 'assessed', categories: ['elderly'] });
      if (step === 'assistance-plan-approval') run.complete('assistance-plan', decision('assistance-plan', 'proposed'));
      if (step === 'follow-up-visit') deliverAll(planApproved(run));
      run.timeOut(step);
      expect(run.trace.caseActions.slice(-2).map((a) => [a.action, a.step ?? a.reason])).toEqual([
        ['expire-step', step],
        ['close', reason],
      ]);
      expect(run.trace.status).toBe('SUCCEEDED');
    });
  });

  describe('follow-up visits', () => {
    it('continue: the next visit opens after the days asked for', () => {
      const run = toFollowUp(start());
      const before = run.now.getTime();
      run.complete('follow-up-visit', decision('follow-up-visit', 'continue', { nextVisitInDays: 30 }));
      expect(run.openTasks()).toEqual([]);
      run.advance({ days: 30 });
      expect(run.task('follow-up-visit').openedAt.getTime() - before).toBe(30 * DAY);
      expect(run.task('follow-up-visit').payload.stateEntry).toMatch(/#1$/);
    });

    it('a new need goes back to the assistance plan', () => {
      const run = toFollowUp(start());
      run.complete('follow-up-visit', decision('follow-up-visit', 'new-need'));
      expect(run.trace.humanSteps.at(-1)).toBe('assistance-plan');
      planApproved(run);
      expect(run.openTasks().filter((t) => t.step === 'service-delivery')).toHaveLength(2);
    });

    it('visits that would outlive the execution continue in a fresh one (entry follow-up), named after the case', () => {
      const run = start({ entry: 'follow-up' });
      let continued = 0;
      while (run.trace.started.length === 0) {
        run.complete('follow-up-visit', decision('follow-up-visit', 'continue', { nextVisitInDays: 30 }));
        continued++;
        if (run.trace.started.length === 0) run.advance({ days: 30 });
      }
      // Each loop must end within the budget: 10 visits 30 days apart fit, the 11th's would not.
      expect(continued).toBe(Math.floor((BUDGET_DAYS - WORST.followUpVisit - 30) / 30) + 2);
      expect(run.trace.started).toEqual([
        {
          stateMachineArn: 'arn:aws:states:eu-west-1:123456789012:stateMachine:protection-main',
          name: `case-1-follow-up-${run.now.getTime()}`,
          input: { caseId: 'case-1', reference: 'PROT-2026-000001', entry: 'follow-up', nextVisitInDays: 30 },
        },
      ]);
      expect(run.trace.states.at(-1)).toBe('Handed over');
      expect(run.trace.status).toBe('SUCCEEDED');
    });

    it('a new need that would outlive the execution is planned in a fresh one (entry reopened)', () => {
      const run = start({ entry: 'follow-up' });
      // 5 visits 30 days apart: 150 days in, a plan cycle (NEW_NEED_CYCLE_DAYS) no longer fits.
      for (let visit = 0; visit < 5; visit++)
        run.complete('follow-up-visit', decision('follow-up-visit', 'continue', { nextVisitInDays: 30 })).advance({ days: 30 });
      expect((run.now.getTime() - T0.getTime()) / DAY + NEW_NEED_CYCLE_DAYS).toBeGreaterThan(BUDGET_DAYS);
      run.complete('follow-up-visit', decision('follow-up-visit', 'new-need'));
      expect(run.trace.started.map((s) => [s.name, s.input])).toEqual([
        [`case-1-reopened-${run.now.getTime()}`, { caseId: 'case-1', reference: 'PROT-2026-000001', entry: 'reopened' }],
      ]);
      expect(run.trace.status).toBe('SUCCEEDED');
    });
  });

  describe('entries', () => {
    it('reopened: starts at the assistance plan, no registration again', () => {
      const run = start({ entry: 'reopened' });
      expect(actions(run)).toEqual(['stage', 'plan-context']);
      expect(run.trace.humanSteps).toEqual(['assistance-plan']);
    });

    it('follow-up with a first visit in N days: waits, then the visit', () => {
      const run = start({ entry: 'follow-up', nextVisitInDays: 14 });
      expect(run.openTasks()).toEqual([]);
      run.advance({ days: 14 });
      expect(run.trace.humanSteps).toEqual(['follow-up-visit']);
    });

    it('follow-up (back from AVRR): the first visit at once', () => {
      const run = start({ entry: 'follow-up' });
      expect(actions(run)).toEqual(['stage']);
      expect(run.trace.humanSteps).toEqual(['follow-up-visit']);
    });
  });

  describe('stages: the workflow moves the case through Primero-like stages, and each execution records itself first', () => {
    it('an adult from intake: registration, assessment, case plan, service provision, follow-up; each task opens at its stage', () => {
      const run = start();
      expect(run.trace.caseActions[0]).toMatchObject({ action: 'stage', stage: 'registration', executionName: 'case-1-main' });
      expect(run.task('registration').payload.stage).toBe('registration');
      registered(run);
      expect(run.task('vulnerability-assessment').payload.stage).toBe('assessment');
      run.complete('vulnerability-assessment', { outcome: 'assessed', categories: ['medical'] });
      expect(run.task('assistance-plan').payload.stage).toBe('case-plan');
      planApproved(run);
      expect(run.openTasks().map((t) => t.payload.stage)).toEqual(['service-provision', 'service-provision']);
      deliverAll(run);
      expect(run.task('follow-up-visit').payload.stage).toBe('follow-up');
      run.complete('follow-up-visit', decision('follow-up-visit', 'close'));
      expect(stages(run)).toEqual(['registration', 'assessment', 'case-plan', 'service-provision', 'follow-up']);
      expect(recorded(run)).toEqual(['case-1-main']);
    });

    it('a child: best interests between the assessment and the case plan; a rejected plan stays in case plan', () => {
      const run = assessed(start({}, { child: true }), ['unaccompanied-child']);
      expect(run.task('bia').payload.stage).toBe('best-interests');
      run.complete('bia', decision('bia'), 'caseworker-2').complete('bia-approval', decision('bia-approval', 'approved'));
      expect(run.task('bid').payload.stage).toBe('best-interests');
      run.complete('bid', decision('bid'), 'supervisor-2');
      run
        .complete('assistance-plan', decision('assistance-plan', 'proposed'))
        .complete('assistance-plan-approval', decision('assistance-plan-approval', 'rejected'), 'supervisor-1');
      planApproved(run);
      expect(stages(run)).toEqual(['registration', 'assessment', 'best-interests', 'case-plan', 'service-provision']);
    });

    it('a BID the plan asks for is made within the case plan stage', () => {
      const run = assessed(start({}, { child: true }), ['unaccompanied-child']);
      run
        .complete('bia', decision('bia', undefined, { durableSolutionConsidered: false }))
        .complete('bia-approval', decision('bia-approval', 'approved'))
        .complete('assistance-plan', decision('assistance-plan', 'bid-needed'));
      expect(run.task('bid').payload.stage).toBe('case-plan');
    });

    it('reopened: records its execution at the case plan stage; a new need in follow-up goes back to it', () => {
      const run = start({ entry: 'reopened' }, { execution: 'case-1-reopened-1' });
      expect(run.trace.caseActions[0]).toMatchObject({ action: 'stage', stage: 'case-plan', executionName: 'case-1-reopened-1' });
      deliverAll(planApproved(run)).complete('follow-up-visit', decision('follow-up-visit', 'new-need'));
      expect(stages(run)).toEqual(['case-plan', 'service-provision', 'follow-up', 'case-plan']);
      expect(recorded(run)).toEqual(['case-1-reopened-1']);
    });

    it('follow-up (back from AVRR, or a continuation): records its execution before its first wait', () => {
      const run = start({ entry: 'follow-up', nextVisitInDays: 14 }, { execution: 'case-1-follow-up-1' });
      expect(run.openTasks()).toEqual([]);
      expect(run.trace.caseActions).toEqual([
        { caseId: 'case-1', action: 'stage', stage: 'follow-up', phase: 'main', executionName: 'case-1-follow-up-1' },
      ]);
    });

    it('a handover: the fresh execution records its own name on the case as it starts', () => {
      const first = start({ entry: 'follow-up' }, { execution: 'case-1-follow-up-1' });
      for (let visit = 0; visit < 5; visit++)
        first.complete('follow-up-visit', decision('follow-up-visit', 'continue', { nextVisitInDays: 30 })).advance({ days: 30 });
      first.complete('follow-up-visit', decision('follow-up-visit', 'new-need'));
      const [handedOver] = first.trace.started;
      const second = start(handedOver!.input as Record<string, unknown>, { execution: handedOver!.name });
      expect(second.trace.caseActions[0]).toMatchObject({ action: 'stage', stage: 'case-plan', executionName: handedOver!.name });
      expect(recorded(first)).toEqual(['case-1-follow-up-1']);
    });
  });

  it('its worst case fits in its budget, under the state machine timeout, under a year', () => {
    expect(WORST_CASE_DAYS).toBe(347);
    expect(BUDGET_DAYS).toBeLessThanOrEqual(STATE_MACHINE_TIMEOUT_DAYS);
    expect(NEW_NEED_CYCLE_DAYS).toBeLessThan(BUDGET_DAYS);
    expect(mainPhase().TimeoutSeconds).toBe(STATE_MACHINE_TIMEOUT_DAYS * 86_400);
    expect(STATE_MACHINE_TIMEOUT_DAYS).toBeLessThan(365);
  });

  afterAll(() => {
    expect(uncoveredPaths('protection-main', mainPhase())).toEqual([]);
  });
});
