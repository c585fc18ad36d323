// An association's capacity building on the pure interpreter: phase `capacity` (the plan and its
// approval, changes requested at most twice, then capacity building started by name) and phase
// `capacity-building` (a record a month until the reassessment date, the reassessment, closure).
// Every Choice branch and timeout path of both.
import { describe, expect, it } from 'vitest';
import {
  capacityBuildingPhase,
  capacityPhase,
  INSTRUMENT_MISMATCH,
  MAX_PLAN_ROUNDS,
  TIMEOUT_DAYS,
  WORST_CASE_DAYS,
} from '../../workflows/capacity-definitions.ts';
import { capacitySteps } from '../../domain/youth-employability/capacity-steps.ts';
import { activityCheckpoints } from '../../domain/youth-employability/capacity-case-actions.ts';
import { ARNS, T0, TaskFailure, uncoveredPaths, WorkflowRun } from '../support/workflow-harness.ts';
import { withoutFreeText } from '../../domain/tasks/complete-task.ts';

const decision = (step: string, outcome?: string): Record<string, unknown> => {
  const found = capacitySteps.find((s) => s.step === step)?.examples.find((e) => outcome === undefined || e.outcome === outcome);
  if (!found) throw new Error(`no example of ${step} ${outcome}`);
  // What the workflow receives: the decision without its free text (domain/tasks/complete-task.ts).
  return withoutFreeText(structuredClone(found));
};
const closedWith = (run: WorkflowRun) => run.trace.caseActions.filter((a) => a.action === 'close').map((a) => a.reason);
const CHECKPOINTS = activityCheckpoints(T0, 3);

const startCapacity = () =>
  new WorkflowRun('youth-employability-capacity', capacityPhase())
    .stub({ action: 'capacity-context' }, () => ({ instrumentVersion: 2, assessmentDate: '2026-11-20' }))
    .stub({ action: 'record-capacity-plan' }, () => ({ approvedOn: '2026-12-01', checkpoints: CHECKPOINTS, instrumentVersion: 2 }))
    .start({ caseId: 'case-1', reference: 'CAP-2026-000001' });

const startBuilding = () =>
  new WorkflowRun('youth-employability-capacity-building', capacityBuildingPhase()).start({
    caseId: 'case-1',
    reference: 'CAP-2026-000001',
    instrumentVersion: 2,
    approvedOn: '2026-12-01',
    checkpoints: CHECKPOINTS,
  });

describe('capacity phase: the plan and its approval', () => {
  it('the plan is drafted against the instrument and the assessment date, approved by another person, and capacity building starts by name', () => {
    const run = startCapacity();
    expect(run.trace.caseActions.map((a) => a.action)).toEqual(['stage', 'capacity-context']);
    expect(run.trace.caseActions[0]).toMatchObject({ stage: 'assessment', phase: 'capacity' });
    expect(run.task('capacity-plan').payload).toMatchObject({
      phase: 'capacity',
      stage: 'assessment',
      context: { instrumentVersion: 2, assessmentDate: '2026-11-20' },
    });
    run.complete('capacity-plan', decision('capacity-plan'), 'partner-user-1');
    // The approval shows the plan: its task, and each action's domain and due date (no free text).
    expect(run.task('capacity-plan-approval').payload).toMatchObject({
      forbiddenActors: ['partner-user-1'],
      context: {
        planTaskId: expect.stringMatching(/^task-/) as string,
        instrumentVersion: 2,
        actions: [
          { domain: 'financialManagement', dueDate: '2027-03-31' },
          { domain: 'performanceManagement', dueDate: '2027-05-31' },
          { domain: 'sustainability', dueDate: '2027-06-30' },
        ],
      },
    });
    expect(JSON.stringify(run.task('capacity-plan-approval').payload)).not.toContain('Trésorier');
    run.complete('capacity-plan-approval', decision('capacity-plan-approval', 'approved'), 'supervisor-1');
    expect(run.trace.caseActions.at(-1)).toMatchObject({
      action: 'record-capacity-plan',
      approvedBy: 'supervisor-1',
      reassessmentAfterMonths: 6,
      planTaskId: expect.stringMatching(/^task-/) as string,
    });
    expect(run.trace.started).toEqual([
      {
        stateMachineArn: expect.stringContaining(':stateMachine:CapacityBuilding') as string,
        name: 'case-1-capacity-building',
        input: { caseId: 'case-1', reference: 'CAP-2026-000001', instrumentVersion: 2, approvedOn: '2026-12-01', checkpoints: CHECKPOINTS },
      },
    ]);
    expect(run.trace.states.at(-1)).toBe('Plan approved');
    expect(run.trace.status).toBe('SUCCEEDED');
    expect(closedWith(run)).toEqual([]);
  });

  it('changes requested send the plan back, each round its own task; after the last round the case closes', () => {
    const run = startCapacity();
    for (let round = 0; round <= MAX_PLAN_ROUNDS; round++) {
      run
        .complete('capacity-plan', decision('capacity-plan'), 'partner-user-1')
        .complete('capacity-plan-approval', decision('capacity-plan-approval', 'changes-requested'), 'supervisor-1');
    }
    expect(run.trace.humanSteps.filter((s) => s === 'capacity-plan')).toHaveLength(MAX_PLAN_ROUNDS + 1);
    expect(closedWith(run)).toEqual(['plan-not-approved']);
    expect(run.trace.started).toEqual([]);
  });

  it('a plan changed once, then approved, starts capacity building', () => {
    const run = startCapacity()
      .complete('capacity-plan', decision('capacity-plan'), 'partner-user-1')
      .complete('capacity-plan-approval', decision('capacity-plan-approval', 'changes-requested'), 'supervisor-1')
      .complete('capacity-plan', decision('capacity-plan'), 'partner-user-1')
      .complete('capacity-plan-approval', decision('capacity-plan-approval', 'approved'), 'supervisor-1');
    expect(run.trace.started.map((s) => s.name)).toEqual(['case-1-capacity-building']);
  });

  it('capacity building already started by an earlier attempt is not an error', () => {
    const run = startCapacity().stub({ service: 'states:startExecution' }, () => {
      throw new TaskFailure('StepFunctions.ExecutionAlreadyExistsException', 'exists');
    });
    run
      .complete('capacity-plan', decision('capacity-plan'), 'partner-user-1')
      .complete('capacity-plan-approval', decision('capacity-plan-approval', 'approved'), 'supervisor-1');
    expect(run.trace.status).toBe('SUCCEEDED');
  });

  it('a plan nobody drafts, or nobody approves, closes the case as stalled', () => {
    expect(closedWith(startCapacity().timeOut('capacity-plan'))).toEqual(['stalled-capacity-plan']);
    const run = startCapacity().complete('capacity-plan', decision('capacity-plan'), 'partner-user-1').timeOut('capacity-plan-approval');
    expect(run.trace.caseActions.filter((a) => a.action === 'expire-step').map((a) => a.step)).toEqual(['capacity-plan-approval']);
    expect(closedWith(run)).toEqual(['stalled-plan-approval']);
  });

  it('covers every path', () => {
    expect(uncoveredPaths('youth-employability-capacity', capacityPhase())).toEqual([]);
  });
});

describe('capacity-building phase: the months of activities and the reassessment', () => {
  it('waits for the end of each month, records it, and after the last month asks for the reassessment, then closes', () => {
    const run = startBuilding();
    expect(run.trace.caseActions[0]).toMatchObject({
      action: 'stage',
      stage: 'capacity-building',
      phase: 'capacity-building',
      executionName: 'case-1-youth-employability-capacity-building',
    });
    expect(run.openTasks()).toEqual([]);
    run.advance({ days: 30 });
    expect(run.openTasks()).toEqual([]);
    run.advance({ days: 1 });
    expect(run.task('capacity-activity').payload).toMatchObject({
      stage: 'capacity-building',
      context: { instrumentVersion: 2, approvedOn: '2026-12-01', month: 1 },
    });
    run.complete('capacity-activity', decision('capacity-activity', 'recorded'), 'partner-user-1');
    expect(run.trace.caseActions.at(-1)).toMatchObject({ action: 'record-capacity-activities', completedBy: 'partner-user-1' });
    // A month with nothing to record records nothing.
    run.advance({ days: 31 }).complete('capacity-activity', decision('capacity-activity', 'none'), 'partner-user-1');
    expect(run.trace.caseActions.filter((a) => a.action === 'record-capacity-activities')).toHaveLength(1);
    run.advance({ days: 31 }).complete('capacity-activity', decision('capacity-activity', 'recorded'), 'caseworker-1');
    expect(run.trace.humanSteps).toEqual(['capacity-activity', 'capacity-activity', 'capacity-activity', 'capacity-reassessment']);
    expect(run.trace.caseActions.at(-1)).toMatchObject({ action: 'stage', stage: 'reassessment' });
    expect(run.task('capacity-reassessment').payload).toMatchObject({ context: { instrumentVersion: 2, approvedOn: '2026-12-01' } });
    run.complete('capacity-reassessment', decision('capacity-reassessment'), 'partner-user-1');
    expect(run.trace.caseActions.slice(-2)).toMatchObject([
      { action: 'record-capacity-reassessment', completedBy: 'partner-user-1' },
      { action: 'close', reason: 'capacity-reassessed' },
    ]);
    expect(run.trace.status).toBe('SUCCEEDED');
  });

  it('a month nobody records in time records nothing and the months go on; the checkpoints stay fixed', () => {
    const run = startBuilding().advance({ days: 31 }).timeOut('capacity-activity');
    expect(run.trace.caseActions.filter((a) => a.action === 'expire-step').map((a) => a.step)).toEqual(['capacity-activity']);
    expect(run.trace.caseActions.filter((a) => a.action === 'record-capacity-activities')).toEqual([]);
    // The second month's record opens at its own checkpoint, not a month after the timeout.
    run.advance({ days: 31 - 20 });
    expect(run.task('capacity-activity').openedAt.toISOString()).toBe(CHECKPOINTS[1]);
  });

  it('a reassessment nobody makes closes the case as stalled', () => {
    const run = startBuilding();
    for (let month = 0; month < CHECKPOINTS.length; month++)
      run.advance({ days: 31 }).complete('capacity-activity', decision('capacity-activity', 'none'), 'partner-user-1');
    run.timeOut('capacity-reassessment');
    expect(closedWith(run)).toEqual(['stalled-capacity-reassessment']);
  });

  it('a reassessment on another instrument reaching the workflow (a defect: the step refuses it) is not retried: the case closes saying so', () => {
    let attempts = 0;
    const run = startBuilding().stub({ action: 'record-capacity-reassessment' }, () => {
      attempts += 1;
      throw new TaskFailure(INSTRUMENT_MISMATCH, 'reassessment on another instrument (1) than the first assessment’s (2)');
    });
    for (let month = 0; month < CHECKPOINTS.length; month++)
      run.advance({ days: 31 }).complete('capacity-activity', decision('capacity-activity', 'none'), 'partner-user-1');
    run.complete('capacity-reassessment', decision('capacity-reassessment'), 'partner-user-1').advance({ hours: 1 });
    expect(attempts).toBe(1);
    expect(run.trace.caseActions.at(-1)).toEqual({
      action: 'close',
      caseId: 'case-1',
      reason: 'reassessment-instrument-mismatch',
      // The reassessment's task (its id, as the step answered): where the scores are.
      details: { taskId: expect.stringMatching(/^task-/) as string },
    });
    expect(run.trace.states.at(-1)).toBe('Close: reassessment on another instrument');
    expect(run.trace.status).toBe('SUCCEEDED');
  });

  it('a failing dependency while recording the reassessment is still retried', () => {
    let attempts = 0;
    const run = startBuilding().stub({ action: 'record-capacity-reassessment' }, () => {
      attempts += 1;
      if (attempts < 3) throw new TaskFailure('Lambda.Unknown', 'throttled');
      return { comparison: [] };
    });
    for (let month = 0; month < CHECKPOINTS.length; month++)
      run.advance({ days: 31 }).complete('capacity-activity', decision('capacity-activity', 'none'), 'partner-user-1');
    run.complete('capacity-reassessment', decision('capacity-reassessment'), 'partner-user-1').advance({ hours: 1 });
    expect(attempts).toBe(3);
    expect(closedWith(run)).toEqual(['capacity-reassessed']);
  });

  it('covers every path', () => {
    expect(uncoveredPaths('youth-employability-capacity-building', capacityBuildingPhase())).toEqual([]);
  });
});

describe('the phases fit in a year', () => {
  it('each worst case is under its TimeoutSeconds, itself under a year', () => {
    expect(WORST_CASE_DAYS.capacity).toBe(171);
    expect(WORST_CASE_DAYS.capacityBuilding).toBe(339);
    expect(WORST_CASE_DAYS.capacity).toBeLessThan(TIMEOUT_DAYS.capacity);
    expect(WORST_CASE_DAYS.capacityBuilding).toBeLessThan(TIMEOUT_DAYS.capacityBuilding);
    expect(TIMEOUT_DAYS.capacityBuilding).toBeLessThan(365);
    expect(capacityPhase().TimeoutSeconds).toBe(TIMEOUT_DAYS.capacity * 86_400);
    expect(ARNS.CaseActionsFunctionArn).toContain('case-actions');
  });
});
