// The return of qualified nationals (case type `skilled-return`) as JSONata state machines, two phases:
//   return            (started by the outbox at intake) stage eligibility → the eligibility review
//                     (eligible; not eligible: closed with the reason's code; more information asked
//                     of the applicant: the review again, at most MAX_RETURN_INFORMATION_REQUESTS times)
//                     → stage opportunity → the opportunity (a job offer naming the need case matched
//                     to this returnee, guarded by the step; the returnee's own business project; or
//                     none: closed `no-opportunity`) → stage reintegration-plan → the plan within the
//                     ceiling of its support kind (task context) → its approval by a supervisor who did
//                     not write it (rejected: the plan again, at most MAX_RETURN_PLAN_ROUNDS times) →
//                     stage return → the date of return (or not returned: closed) → stage follow-up:
//                     two one-time schedules start the follow-ups about 3 and 12 months after the return
//   return-follow-up  (one execution per follow-up, started by its schedule) the case still open: the
//                     follow-up (situation and indicators, or unreachable), or missed when nobody records
//                     it (reminded, escalated to supervisors, then recorded `missed`); the 12-month one
//                     closes the case `return-completed`. A case closed meanwhile (withdrawn before the
//                     first follow-up) ends the execution without opening a task.
// Worst cases (every step decided just before it times out, at due + 10 days; the case actions a
// day at most): `return` 2 × 24 (eligibility) + 70 (opportunity) + 2 × (31 + 17) (plan, approval)
// + 70 (arrival) + 1 = 285 days (WORST_CASE_DAYS.return) under RETURN_TIMEOUT_DAYS (300);
// `return-follow-up` 24 + 1 = 25 days under 60.
import { TIMEOUT_AFTER_DUE_DAYS } from '../domain/tasks/reminders.ts';
import { MAX_RETURN_INFORMATION_REQUESTS, MAX_RETURN_PLAN_ROUNDS, returnDueDays } from '../domain/migration-development/return-steps.ts';
import { caseAction, closeWith, humanStep, jsonata, scheduledStarts, stage, type States } from './asl.ts';

const DAY = 86_400;
const waits = (step: string) => returnDueDays(step) + TIMEOUT_AFTER_DUE_DAYS;

export const WORST_CASE_DAYS = {
  return:
    (MAX_RETURN_INFORMATION_REQUESTS + 1) * waits('return-eligibility') +
    waits('return-opportunity') +
    (MAX_RETURN_PLAN_ROUNDS + 1) * (waits('return-plan') + waits('return-plan-approval')) +
    waits('return-arrival') +
    1,
  followUp: waits('return-follow-up') + 1,
};
export const RETURN_TIMEOUT_DAYS = 300;
export const RETURN_FOLLOW_UP_TIMEOUT_DAYS = 60;
/** Counted from the date of return (08:00 UTC). */
export const RETURN_FOLLOW_UP_SCHEDULE = [
  { followUp: 'follow-up-3', days: 91, last: false },
  { followUp: 'follow-up-12', days: 365, last: true },
] as const;

export function returnPhase() {
  const phase = 'return';
  return {
    Comment:
      'Return of a qualified national: eligibility, opportunity, reintegration plan and its approval, the return, follow-ups scheduled',
    QueryLanguage: 'JSONata',
    StartAt: 'Begin',
    TimeoutSeconds: RETURN_TIMEOUT_DAYS * DAY,
    States: {
      Begin: {
        Type: 'Pass',
        Assign: {
          caseId: jsonata('$states.input.caseId'),
          reference: jsonata('$states.input.reference'),
          informationRequests: 0,
          planRounds: 0,
        },
        Next: 'Record execution',
      },
      // The execution names itself on the case first: a withdrawal stops the one named there.
      'Record execution': caseAction(
        { action: "'stage'", stage: "'eligibility'", phase: `'${phase}'`, executionName: '$states.context.Execution.Name' },
        'Eligibility',
      ),
      ...humanStep('Eligibility', {
        step: 'return-eligibility',
        phase,
        visit: '$informationRequests',
        assignTo: 'eligibility',
        payload: {
          stage: "'eligibility'",
          context: `{ 'informationRequestsLeft': ${MAX_RETURN_INFORMATION_REQUESTS} - $informationRequests }`,
        },
        next: 'Eligibility outcome',
        onTimeout: 'Close: eligibility stalled',
      }),
      'Eligibility outcome': {
        Type: 'Choice',
        Choices: [
          { Condition: jsonata("$eligibility.decision.outcome = 'eligible'"), Next: 'Opportunity stage' },
          { Condition: jsonata("$eligibility.decision.outcome = 'not-eligible'"), Next: 'Close: not eligible' },
          {
            Condition: jsonata(`$informationRequests < ${MAX_RETURN_INFORMATION_REQUESTS}`),
            Assign: { informationRequests: jsonata('$informationRequests + 1') },
            Next: 'Eligibility',
          },
        ],
        Default: 'Close: eligibility not established',
      },
      'Opportunity stage': stage('opportunity', 'Opportunity'),
      ...humanStep('Opportunity', {
        step: 'return-opportunity',
        phase,
        assignTo: 'opportunity',
        payload: { stage: "'opportunity'" },
        next: 'Opportunity outcome',
        onTimeout: 'Close: opportunity stalled',
      }),
      'Opportunity outcome': {
        Type: 'Choice',
        Choices: [{ Condition: jsonata("$opportunity.decision.outcome = 'no-opportunity'"), Next: 'Close: no opportunity' }],
        Default: 'Record opportunity',
      },
      'Record opportunity': caseAction(
        { action: "'record-return-opportunity'", taskId: '$opportunity.taskId', completedBy: '$opportunity.completedBy' },
        'Plan stage',
      ),
      'Plan stage': stage('reintegration-plan', 'Budget ceiling'),
      'Budget ceiling': caseAction({ action: "'return-context'" }, 'Reintegration plan', { budget: '$states.result.Payload' }),
      ...humanStep('Reintegration plan', {
        step: 'return-plan',
        phase,
        visit: '$planRounds',
        assignTo: 'plan',
        payload: {
          stage: "'reintegration-plan'",
          context: "{ 'budgetCeilingMAD': $budget.budgetCeilingMAD, 'supportKind': $budget.supportKind }",
        },
        next: 'Plan approval',
        onTimeout: 'Close: plan stalled',
      }),
      ...humanStep('Plan approval', {
        step: 'return-plan-approval',
        phase,
        visit: '$planRounds',
        assignTo: 'planApproval',
        payload: {
          stage: "'reintegration-plan'",
          forbiddenActors: '[$plan.completedBy]',
          context: "{ 'planTaskId': $plan.taskId, 'budgetCeilingMAD': $budget.budgetCeilingMAD, 'supportKind': $budget.supportKind }",
        },
        next: 'Plan approval outcome',
        onTimeout: 'Close: plan approval stalled',
      }),
      'Plan approval outcome': {
        Type: 'Choice',
        Choices: [
          { Condition: jsonata("$planApproval.decision.outcome = 'approved'"), Next: 'Record plan' },
          {
            Condition: jsonata(`$planRounds < ${MAX_RETURN_PLAN_ROUNDS}`),
            Assign: { planRounds: jsonata('$planRounds + 1') },
            Next: 'Reintegration plan',
          },
        ],
        Default: 'Close: plan not approved',
      },
      'Record plan': caseAction(
        {
          action: "'record-return-plan'",
          planTaskId: '$plan.taskId',
          approvalTaskId: '$planApproval.taskId',
          approvedBy: '$planApproval.completedBy',
        },
        'Return stage',
      ),
      'Return stage': stage('return', 'Arrival'),
      ...humanStep('Arrival', {
        step: 'return-arrival',
        phase,
        assignTo: 'arrival',
        payload: { stage: "'return'", context: "{ 'appliedOn': $budget.appliedOn }" },
        next: 'Arrival outcome',
        onTimeout: 'Close: arrival stalled',
      }),
      'Arrival outcome': {
        Type: 'Choice',
        Choices: [{ Condition: jsonata("$arrival.decision.outcome = 'returned'"), Next: 'Record arrival' }],
        Default: 'Close: not returned',
      },
      'Record arrival': caseAction(
        { action: "'record-return-arrival'", taskId: '$arrival.taskId', completedBy: '$arrival.completedBy' },
        'Follow-up stage',
      ),
      // The return is recorded: from here on the case is in follow-up (a withdrawal is no longer possible).
      'Follow-up stage': stage('follow-up', 'Schedule follow-ups', { phase: "'return-follow-up'" }),
      'Schedule follow-ups': {
        Type: 'Map',
        Items: jsonata(JSON.stringify(RETURN_FOLLOW_UP_SCHEDULE)),
        ItemProcessor: scheduledStarts('Schedule follow-up', {
          phase: 'return-follow-up',
          name: "$caseId & '-return-' & $states.input.followUp",
          // Counted from the date of return (08:00 UTC), never in the past: at the earliest an hour from now.
          at: "$max([$toMillis($arrival.decision.returnedOn & 'T08:00:00Z') + $states.input.days * 86400000, $toMillis($states.context.State.EnteredTime) + 3600000])",
          input: "{ 'caseId': $caseId, 'reference': $reference, 'followUp': $states.input.followUp, 'last': $states.input.last }",
        }),
        Next: 'Follow-ups scheduled',
      },
      'Follow-ups scheduled': { Type: 'Succeed' },
      'Close: eligibility stalled': closeWith('stalled-eligibility'),
      'Close: not eligible': closeWith('not-eligible', "{ 'reasonCode': $eligibility.decision.reasonCode }"),
      'Close: eligibility not established': closeWith('eligibility-not-established'),
      'Close: opportunity stalled': closeWith('stalled-opportunity'),
      'Close: no opportunity': closeWith('no-opportunity', "{ 'reasonCode': $opportunity.decision.reasonCode }"),
      'Close: plan stalled': closeWith('stalled-return-plan'),
      'Close: plan approval stalled': closeWith('stalled-return-plan-approval'),
      'Close: plan not approved': closeWith('return-plan-not-approved'),
      'Close: arrival stalled': closeWith('stalled-return'),
      'Close: not returned': closeWith('not-returned', "{ 'reasonCode': $arrival.decision.reasonCode }"),
    } satisfies States,
  };
}

export function returnFollowUpPhase() {
  const phase = 'return-follow-up';
  return {
    Comment: 'Follow-up after a qualified national’s return (3 or 12 months): recorded, or missed; the last closes the case',
    QueryLanguage: 'JSONata',
    StartAt: 'Begin',
    TimeoutSeconds: RETURN_FOLLOW_UP_TIMEOUT_DAYS * DAY,
    States: {
      Begin: {
        Type: 'Pass',
        Assign: {
          caseId: jsonata('$states.input.caseId'),
          reference: jsonata('$states.input.reference'),
          followUp: jsonata('$states.input.followUp'),
          last: jsonata('$states.input.last'),
        },
        Next: 'Case context',
      },
      'Case context': caseAction({ action: "'return-context'" }, 'Case open?', { context: '$states.result.Payload' }),
      'Case open?': {
        Type: 'Choice',
        Choices: [{ Condition: jsonata('$context.open = false'), Next: 'Case closed meanwhile' }],
        Default: 'Record execution',
      },
      'Case closed meanwhile': { Type: 'Succeed' },
      'Record execution': caseAction(
        { action: "'stage'", stage: "'follow-up'", phase: `'${phase}'`, executionName: '$states.context.Execution.Name' },
        'Follow-up',
      ),
      ...humanStep('Follow-up', {
        step: 'return-follow-up',
        phase,
        assignTo: 'followUpTask',
        payload: { stage: "'follow-up'", context: "{ 'followUp': $followUp }" },
        next: 'Record follow-up',
        onTimeout: 'Record missed follow-up',
      }),
      'Record follow-up': caseAction(
        {
          action: "'record-return-follow-up'",
          followUp: '$followUp',
          outcome: "'recorded'",
          taskId: '$followUpTask.taskId',
          completedBy: '$followUpTask.completedBy',
        },
        'Last follow-up?',
      ),
      'Record missed follow-up': caseAction(
        { action: "'record-return-follow-up'", followUp: '$followUp', outcome: "'missed'" },
        'Last follow-up?',
      ),
      'Last follow-up?': {
        Type: 'Choice',
        Choices: [{ Condition: jsonata('$last = true'), Next: 'Close: return completed' }],
        Default: 'Follow-up done',
      },
      'Follow-up done': { Type: 'Succeed' },
      'Close: return completed': closeWith('return-completed'),
    } satisfies States,
  };
}
