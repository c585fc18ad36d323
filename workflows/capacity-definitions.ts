// An association's capacity building as two JSONata state machines (case type `association-capacity`):
//   capacity           (started by the outbox at intake) stage assessment → the plan (the association's
//                      staff or a caseworker) → its approval by mission staff, four eyes against the
//                      plan's author (changes requested: back to the plan, at most MAX_PLAN_ROUNDS
//                      times) → starts `capacity-building` by name
//   capacity-building  stage capacity-building → one activity record a month (trainings and coaching)
//                      until the reassessment date (3 to 9 months after the approval; a month nobody
//                      records in time records nothing) → stage reassessment → the reassessment on the
//                      same instrument → the change per domain on the case → closed
// Two phases because one would not fit in a year: the plan's rounds (171 days at worst) and the
// months of activities with the reassessment (339 days at worst) are each under their TimeoutSeconds
// (WORST_CASE_DAYS below; docs/workflows/youth-employability.md, "Capacity building").
import { TIMEOUT_AFTER_DUE_DAYS } from '../domain/tasks/reminders.ts';
import { capacitySteps, REASSESSMENT_MONTHS } from '../domain/youth-employability/capacity-steps.ts';
import { caseAction, closeWith, humanStep, jsonata, lambdaRetry, phaseArn, startedByName, type States } from './asl.ts';

export const MAX_PLAN_ROUNDS = 2;

/**
 * The case action's error for a reassessment on another instrument than the first assessment's
 * (domain/youth-employability/capacity-case-actions.ts ReassessmentOnAnotherInstrument): the step
 * refuses it with a 422, so it is a defect; never retried, it closes the case saying so.
 */
export const INSTRUMENT_MISMATCH = 'Capacity.InstrumentMismatch';

const DAY = 86_400;
const dueDays = (step: string) => capacitySteps.find((s) => s.step === step)!.dueInDays;
/** The longest a step waits: due date + the timeout after it. */
const waits = (step: string) => dueDays(step) + TIMEOUT_AFTER_DUE_DAYS;
/** At most REASSESSMENT_MONTHS.max calendar months (counted as 31 days each: an upper bound). */
const MAX_MONTHS_DAYS = REASSESSMENT_MONTHS.max * 31;

/** Worst cases, in days, every human step decided just before it times out (its due date + 10 days). */
export const WORST_CASE_DAYS = {
  capacity: (MAX_PLAN_ROUNDS + 1) * (waits('capacity-plan') + waits('capacity-plan-approval')),
  /** The checkpoints are fixed dates: a late month's record delays only the last one. */
  capacityBuilding: MAX_MONTHS_DAYS + waits('capacity-activity') + waits('capacity-reassessment'),
};
export const TIMEOUT_DAYS = { capacity: 200, capacityBuilding: 350 };

const stage = (name: string, next: string, extra: Record<string, string> = {}) =>
  caseAction({ action: "'stage'", stage: `'${name}'`, ...extra }, next);

export function capacityPhase() {
  const phase = 'capacity';
  const states: States = {
    Begin: {
      Type: 'Pass',
      Assign: { caseId: jsonata('$states.input.caseId'), reference: jsonata('$states.input.reference'), planRounds: 0 },
      Next: 'Stage: assessment',
    },
    'Stage: assessment': stage('assessment', 'Capacity context', { phase: "'capacity'", executionName: '$states.context.Execution.Name' }),
    'Capacity context': caseAction({ action: "'capacity-context'" }, 'Capacity plan', { assessed: '$states.result.Payload' }),
    ...humanStep('Capacity plan', {
      step: 'capacity-plan',
      phase,
      visit: '$planRounds',
      assignTo: 'plan',
      payload: {
        stage: "'assessment'",
        context: "{ 'instrumentVersion': $assessed.instrumentVersion, 'assessmentDate': $assessed.assessmentDate }",
      },
      next: 'Plan approval',
      onTimeout: 'Close: plan stalled',
    }),
    ...humanStep('Plan approval', {
      step: 'capacity-plan-approval',
      phase,
      visit: '$planRounds',
      assignTo: 'planApproval',
      // Four eyes: the plan's author may not approve it. The task shows the plan: its task (the
      // actions in full) and each action's domain and due date.
      payload: {
        stage: "'assessment'",
        forbiddenActors: '[$plan.completedBy]',
        context:
          "{ 'planTaskId': $plan.taskId, 'instrumentVersion': $assessed.instrumentVersion, 'actions': [$plan.decision.actions.{ 'domain': domain, 'dueDate': dueDate }] }",
      },
      next: 'Plan approval outcome',
      onTimeout: 'Close: plan approval stalled',
    }),
    'Plan approval outcome': {
      Type: 'Choice',
      Choices: [
        { Condition: jsonata("$planApproval.decision.outcome = 'approved'"), Next: 'Record plan' },
        {
          Condition: jsonata(`$planRounds < ${MAX_PLAN_ROUNDS}`),
          Assign: { planRounds: jsonata('$planRounds + 1') },
          Next: 'Capacity plan',
        },
      ],
      Default: 'Close: plan not approved',
    },
    'Record plan': caseAction(
      {
        action: "'record-capacity-plan'",
        planTaskId: '$plan.taskId',
        approvedAt: '$planApproval.completedAt',
        approvedBy: '$planApproval.completedBy',
        reassessmentAfterMonths: '$planApproval.decision.reassessmentAfterMonths',
      },
      'Start capacity building',
      { approved: '$states.result.Payload' },
    ),
    'Start capacity building': {
      Type: 'Task',
      Resource: 'arn:aws:states:::states:startExecution',
      Arguments: {
        StateMachineArn: phaseArn('capacity-building'),
        Name: jsonata("$caseId & '-capacity-building'"),
        Input: jsonata(
          "$string({ 'caseId': $caseId, 'reference': $reference, 'instrumentVersion': $approved.instrumentVersion, 'approvedOn': $approved.approvedOn, 'checkpoints': $approved.checkpoints })",
        ),
      },
      ...startedByName('Plan approved'),
    },
    'Plan approved': { Type: 'Succeed' },
    'Close: plan stalled': closeWith('stalled-capacity-plan'),
    'Close: plan approval stalled': closeWith('stalled-plan-approval'),
    'Close: plan not approved': closeWith('plan-not-approved'),
  };
  return {
    Comment: 'Association capacity: the plan from the assessment and its approval; starts capacity building',
    QueryLanguage: 'JSONata',
    StartAt: 'Begin',
    TimeoutSeconds: TIMEOUT_DAYS.capacity * DAY,
    States: states,
  };
}

export function capacityBuildingPhase() {
  const phase = 'capacity-building';
  const states: States = {
    Begin: {
      Type: 'Pass',
      Assign: {
        caseId: jsonata('$states.input.caseId'),
        reference: jsonata('$states.input.reference'),
        instrumentVersion: jsonata('$states.input.instrumentVersion'),
        approvedOn: jsonata('$states.input.approvedOn'),
        checkpoints: jsonata('$states.input.checkpoints'),
        month: 0,
      },
      Next: 'Stage: capacity building',
    },
    // The execution names itself on the case as it starts, with its stage.
    'Stage: capacity building': stage('capacity-building', 'Wait for the month', {
      phase: "'capacity-building'",
      executionName: '$states.context.Execution.Name',
    }),
    'Wait for the month': { Type: 'Wait', Timestamp: jsonata('$checkpoints[$month]'), Next: 'Activities' },
    ...humanStep('Activities', {
      step: 'capacity-activity',
      phase,
      visit: '$month',
      assignTo: 'activities',
      payload: {
        stage: "'capacity-building'",
        context: "{ 'instrumentVersion': $instrumentVersion, 'approvedOn': $approvedOn, 'month': $month + 1 }",
      },
      next: 'Activities outcome',
      // Nobody recorded the month in time: nothing is recorded, the months go on.
      onTimeout: 'More months?',
    }),
    'Activities outcome': {
      Type: 'Choice',
      Choices: [{ Condition: jsonata("$activities.decision.outcome = 'recorded'"), Next: 'Record activities' }],
      Default: 'More months?',
    },
    'Record activities': caseAction(
      { action: "'record-capacity-activities'", taskId: '$activities.taskId', completedBy: '$activities.completedBy' },
      'More months?',
    ),
    'More months?': {
      Type: 'Choice',
      Choices: [
        {
          Condition: jsonata('$month + 1 < $count($checkpoints)'),
          Assign: { month: jsonata('$month + 1') },
          Next: 'Wait for the month',
        },
      ],
      Default: 'Stage: reassessment',
    },
    'Stage: reassessment': stage('reassessment', 'Reassessment'),
    ...humanStep('Reassessment', {
      step: 'capacity-reassessment',
      phase,
      assignTo: 'reassessment',
      payload: {
        stage: "'reassessment'",
        context: "{ 'instrumentVersion': $instrumentVersion, 'approvedOn': $approvedOn }",
      },
      next: 'Record reassessment',
      onTimeout: 'Close: reassessment stalled',
    }),
    'Record reassessment': {
      ...caseAction(
        { action: "'record-capacity-reassessment'", taskId: '$reassessment.taskId', completedBy: '$reassessment.completedBy' },
        'Close: reassessed',
      ),
      Retry: [{ ErrorEquals: [INSTRUMENT_MISMATCH], MaxAttempts: 0 }, ...lambdaRetry],
      Catch: [{ ErrorEquals: [INSTRUMENT_MISMATCH], Next: 'Close: reassessment on another instrument' }],
    },
    'Close: reassessed': closeWith('capacity-reassessed'),
    // Nothing compared: the case closes with the reason and the reassessment's task (a caseworker
    // is told, as of every closure, and may reopen the case for a reassessment on the right instrument).
    'Close: reassessment on another instrument': closeWith('reassessment-instrument-mismatch', "{ 'taskId': $reassessment.taskId }"),
    'Close: reassessment stalled': closeWith('stalled-capacity-reassessment'),
  };
  return {
    Comment: 'Association capacity building: monthly trainings and coaching, the reassessment on the same instrument, closure',
    QueryLanguage: 'JSONata',
    StartAt: 'Begin',
    TimeoutSeconds: TIMEOUT_DAYS.capacityBuilding * DAY,
    States: states,
  };
}
