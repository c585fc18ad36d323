// The AVRR process as JSONata state machines, one per phase, none able to outlive a year:
//   return         application → screening and counselling (more information: bounded loop) →
//                  four-eyes approval → starts `travel`
//   travel         travel preparation in parallel (document; fit-to-travel if flagged; escort if
//                  vulnerable; ticket) → departure (no-show: rebook at most twice) → arrival →
//                  starts `reintegration`
//   reintegration  plan within the budget ceiling → four-eyes approval → assistance delivered →
//                  schedules the check-ins at 3, 6 and 12 months after arrival
//   check-in       one per check-in (started by its schedule): survey, scored; the last closes the case
// Worst cases (every step timing out at due + 10 days): return 114 days, travel 336, reintegration
// 241, check-in 24; each state machine also has TimeoutSeconds under a year (docs/workflows/avrr.md).
import { caseAction, closeWith, humanStep, jsonata, recordExecution, stage, startPhase, scheduledStarts, type States } from './asl.ts';

export const MAX_INFORMATION_ROUNDS = 2;
export const MAX_REBOOKINGS = 2;
export const MAX_PLAN_ROUNDS = 2;
export const CHECK_INS = [
  { checkIn: 'checkin-3', months: 3, days: 91 },
  { checkIn: 'checkin-6', months: 6, days: 182 },
  { checkIn: 'checkin-12', months: 12, days: 365 },
] as const;

const DAY = 24 * 3600;
const base = (comment: string, startAt: string, states: States, timeoutDays: number) => ({
  Comment: comment,
  QueryLanguage: 'JSONata',
  StartAt: startAt,
  TimeoutSeconds: timeoutDays * DAY,
  States: states,
});

export function returnPhase() {
  return base(
    'AVRR return phase: application, screening and counselling, approval',
    'Begin',
    {
      Begin: {
        Type: 'Pass',
        Assign: { caseId: jsonata('$states.input.caseId'), reference: jsonata('$states.input.reference'), informationRounds: 0 },
        Next: 'Record execution',
      },
      'Record execution': recordExecution('return', 'Screening'),
      ...humanStep('Screening', {
        step: 'screening',
        phase: 'return',
        visit: '$informationRounds',
        assignTo: 'screening',
        next: 'Screening outcome',
        onTimeout: 'Close: screening stalled',
      }),
      'Screening outcome': {
        Type: 'Choice',
        Choices: [
          { Condition: jsonata("$screening.decision.outcome = 'eligible'"), Next: 'Approval' },
          { Condition: jsonata("$screening.decision.outcome = 'ineligible'"), Next: 'Close: ineligible' },
          {
            Condition: jsonata(
              `$screening.decision.outcome = 'more-information-needed' and $informationRounds < ${MAX_INFORMATION_ROUNDS}`,
            ),
            Assign: { informationRounds: jsonata('$informationRounds + 1') },
            Next: 'Additional information',
          },
        ],
        Default: 'Close: information incomplete',
      },
      ...humanStep('Additional information', {
        step: 'additional-information',
        phase: 'return',
        visit: '$informationRounds',
        assignTo: 'information',
        payload: {
          beneficiaryTemplate: "'documents-requested'",
          beneficiaryParams: "{ 'documents': $join($screening.decision.requestedInformation, ', ') }",
        },
        next: 'Information outcome',
        onTimeout: 'Close: no response from applicant',
      }),
      'Information outcome': {
        Type: 'Choice',
        Choices: [{ Condition: jsonata("$information.decision.outcome = 'received'"), Next: 'Screening' }],
        Default: 'Close: withdrawn',
      },
      ...humanStep('Approval', {
        step: 'approval',
        phase: 'return',
        assignTo: 'approval',
        // Four eyes: whoever screened may not approve.
        payload: { forbiddenActors: '[$screening.completedBy]' },
        next: 'Approval outcome',
        onTimeout: 'Close: approval stalled',
      }),
      'Approval outcome': {
        Type: 'Choice',
        Choices: [{ Condition: jsonata("$approval.decision.outcome = 'approved'"), Next: 'Start travel phase' }],
        Default: 'Close: return not approved',
      },
      'Start travel phase': startPhase(
        'travel',
        'Approved',
        // The approval's time: the departure recorded may not be before it.
        "$string({ 'caseId': $caseId, 'reference': $reference, 'fitToTravelCheckRequired': $screening.decision.fitToTravelCheckRequired, 'escortRequired': $screening.decision.escortRequired, 'approvedAt': $approval.completedAt })",
      ),
      Approved: { Type: 'Succeed' },
      'Close: ineligible': closeWith('ineligible'),
      'Close: information incomplete': closeWith('information-incomplete'),
      'Close: no response from applicant': closeWith('no-response'),
      'Close: withdrawn': closeWith('withdrawn'),
      'Close: return not approved': closeWith('not-approved'),
      'Close: screening stalled': closeWith('stalled-screening'),
      'Close: approval stalled': closeWith('stalled-approval'),
    },
    180,
  );
}

/** A parallel branch of travel preparation: a human step, and a Fail when its outcome stops the return. */
function preparationBranch(name: string, step: string, failWhen?: { condition: string; error: string }) {
  return {
    StartAt: name,
    States: {
      ...humanStep(name, { step, phase: 'travel', assignTo: 'result', next: `${name} done`, onTimeout: `${name} stalled` }),
      [`${name} done`]: failWhen
        ? {
            Type: 'Choice',
            Choices: [{ Condition: jsonata(failWhen.condition), Next: `${name} stops the return` }],
            Default: `${name} ready`,
          }
        : { Type: 'Pass', Output: jsonata('$result'), End: true },
      ...(failWhen
        ? {
            [`${name} stops the return`]: { Type: 'Fail', Error: failWhen.error, Cause: `${step} outcome` },
            [`${name} ready`]: { Type: 'Pass', Output: jsonata('$result'), End: true },
          }
        : {}),
      [`${name} stalled`]: { Type: 'Fail', Error: 'Case.Stalled', Cause: `${step} timed out` },
    },
  };
}

function optionalBranch(name: string, step: string, flag: string, failWhen?: { condition: string; error: string }) {
  const inner = preparationBranch(name, step, failWhen);
  return {
    StartAt: `${name} needed?`,
    States: {
      [`${name} needed?`]: {
        Type: 'Choice',
        Choices: [{ Condition: jsonata(`$states.input.${flag} = true`), Next: name }],
        Default: `${name} not needed`,
      },
      [`${name} not needed`]: { Type: 'Pass', Output: jsonata("{ 'step': '" + step + "', 'skipped': true }"), End: true },
      ...inner.States,
    },
  };
}

export function travelPhase() {
  return base(
    'AVRR travel phase: preparation in parallel, departure with bounded rebooking, arrival',
    'Begin',
    {
      Begin: {
        Type: 'Pass',
        Assign: {
          caseId: jsonata('$states.input.caseId'),
          reference: jsonata('$states.input.reference'),
          rebookings: 0,
          // Absent from a travel phase started before it was passed on.
          approvedAt: jsonata('$exists($states.input.approvedAt) ? $states.input.approvedAt : null'),
          // Stays null when nobody records the arrival (its step timed out).
          arrival: null,
        },
        Next: 'Record execution',
      },
      'Record execution': recordExecution('travel', 'Travel preparation'),
      'Travel preparation': {
        Type: 'Parallel',
        Arguments: jsonata('$states.input'),
        Branches: [
          preparationBranch('Travel document', 'travel-document', {
            condition: "$result.decision.outcome = 'cannot-obtain'",
            error: 'Travel.NoDocument',
          }),
          optionalBranch('Fit-to-travel check', 'fit-to-travel', 'fitToTravelCheckRequired', {
            condition: "$result.decision.outcome = 'unfit'",
            error: 'Travel.MedicallyUnfit',
          }),
          optionalBranch('Escort', 'escort', 'escortRequired'),
          preparationBranch('Ticket', 'ticket'),
        ],
        Assign: { ticket: jsonata('$states.result[3]') },
        Catch: [
          { ErrorEquals: ['Travel.NoDocument'], Next: 'Close: no travel document' },
          { ErrorEquals: ['Travel.MedicallyUnfit'], Next: 'Close: medically unfit' },
          { ErrorEquals: ['Case.Stalled'], Next: 'Close: travel preparation stalled' },
        ],
        Next: 'Departure',
      },
      ...humanStep('Departure', {
        step: 'departure',
        phase: 'travel',
        visit: '$rebookings',
        assignTo: 'departure',
        // Due the day after the booked departure.
        payload: {
          dueAt: "$fromMillis($toMillis($ticket.decision.departureDate & 'T23:59:59Z') + 86400000)",
          // The applicant is told when and where to come, if they agreed to be contacted.
          beneficiaryTemplate: "'departure-appointment'",
          beneficiaryParams: "{ 'departureDate': $ticket.decision.departureDate, 'departureAirport': $ticket.decision.departureAirport }",
          // The departure recorded may not be before the approval.
          context: "{ 'approvedAt': $approvedAt }",
        },
        timeoutSeconds:
          "$max([86400, $round(($toMillis($ticket.decision.departureDate & 'T23:59:59Z') - $toMillis($states.context.State.EnteredTime)) / 1000) + 12 * 86400])",
        next: 'Departure outcome',
        onTimeout: 'Close: departure unconfirmed',
      }),
      'Departure outcome': {
        Type: 'Choice',
        Choices: [
          { Condition: jsonata("$departure.decision.outcome = 'departed'"), Next: 'Departed' },
          {
            Condition: jsonata(`$departure.decision.outcome = 'no-show' and $rebookings < ${MAX_REBOOKINGS}`),
            Assign: { rebookings: jsonata('$rebookings + 1') },
            Next: 'Rebooking',
          },
        ],
        Default: 'Close: no-show',
      },
      ...humanStep('Rebooking', {
        step: 'ticket',
        phase: 'travel',
        visit: '$rebookings',
        assignTo: 'ticket',
        payload: { stage: "'rebooking'", context: "{ 'rebooking': $rebookings }" },
        next: 'Departure',
        onTimeout: 'Close: rebooking stalled',
      }),
      // The case records the day the caseworker entered, not the moment it was recorded.
      Departed: stage('arrival', 'Arrival', { departed: 'true', departedOn: '$departure.decision.departedOn' }),
      ...humanStep('Arrival', {
        step: 'arrival',
        phase: 'travel',
        assignTo: 'arrival',
        // The arrival recorded may not be before the departure.
        payload: { context: "{ 'departedOn': $departure.decision.departedOn }" },
        next: 'Start reintegration phase',
        onTimeout: 'Start reintegration phase',
      }),
      // The arrival's day as entered (none when nobody recorded it): the check-ins are counted from it.
      'Start reintegration phase': startPhase(
        'reintegration',
        'Arrived',
        "$string({ 'caseId': $caseId, 'reference': $reference, 'arrivedOn': $arrival.decision.arrivedOn })",
      ),
      Arrived: { Type: 'Succeed' },
      'Close: no travel document': closeWith('no-travel-document'),
      'Close: medically unfit': closeWith('medically-unfit'),
      'Close: travel preparation stalled': closeWith('stalled-travel-preparation'),
      'Close: departure unconfirmed': closeWith('stalled-departure'),
      'Close: no-show': closeWith('no-show'),
      'Close: rebooking stalled': closeWith('stalled-rebooking'),
    },
    360,
  );
}

export function reintegrationPhase() {
  return base(
    'AVRR reintegration phase: plan within the ceiling, approval, assistance, check-ins scheduled',
    'Begin',
    {
      Begin: {
        Type: 'Pass',
        Assign: {
          caseId: jsonata('$states.input.caseId'),
          reference: jsonata('$states.input.reference'),
          planRounds: 0,
          // The arrival's day as the caseworker entered it; null when nobody recorded the arrival.
          arrivedOn: jsonata('$exists($states.input.arrivedOn) ? $states.input.arrivedOn : null'),
        },
        Next: 'Reintegration stage',
      },
      'Reintegration stage': caseAction(
        {
          action: "'stage'",
          stage: "'reintegration-plan'",
          phase: "'reintegration'",
          executionName: '$states.context.Execution.Name',
          arrivedOn: '$arrivedOn',
        },
        'Budget ceiling',
      ),
      'Budget ceiling': caseAction({ action: "'reintegration-context'" }, 'Reintegration plan', { budget: '$states.result.Payload' }),
      ...humanStep('Reintegration plan', {
        step: 'reintegration-plan',
        phase: 'reintegration',
        visit: '$planRounds',
        assignTo: 'plan',
        payload: { context: "{ 'budgetCeilingEUR': $budget.budgetCeilingEUR, 'householdSize': $budget.householdSize }" },
        next: 'Plan approval',
        onTimeout: 'Close: plan stalled',
      }),
      ...humanStep('Plan approval', {
        step: 'plan-approval',
        phase: 'reintegration',
        visit: '$planRounds',
        assignTo: 'planApproval',
        payload: { forbiddenActors: '[$plan.completedBy]' },
        next: 'Plan approval outcome',
        onTimeout: 'Close: plan approval stalled',
      }),
      'Plan approval outcome': {
        Type: 'Choice',
        Choices: [
          { Condition: jsonata("$planApproval.decision.outcome = 'approved'"), Next: 'Assistance delivery' },
          {
            Condition: jsonata(`$planRounds < ${MAX_PLAN_ROUNDS}`),
            Assign: { planRounds: jsonata('$planRounds + 1') },
            Next: 'Reintegration plan',
          },
        ],
        Default: 'Close: plan not approved',
      },
      ...humanStep('Assistance delivery', {
        step: 'assistance-delivery',
        phase: 'reintegration',
        assignTo: 'assistance',
        next: 'Monitoring stage',
        onTimeout: 'Close: assistance stalled',
      }),
      'Monitoring stage': caseAction({ action: "'stage'", stage: "'monitoring'" }, 'Schedule check-ins'),
      'Schedule check-ins': {
        Type: 'Map',
        // Check-ins are counted from the arrival's day as entered (at 08:00 UTC; an hour from now at the
        // earliest), or, when nobody recorded it, from when this phase started.
        Items: jsonata(JSON.stringify(CHECK_INS.map(({ checkIn, days }) => ({ checkIn, days, last: checkIn === 'checkin-12' })))),
        ItemProcessor: scheduledStarts('Schedule check-in', {
          phase: 'check-in',
          name: "$caseId & '-' & $states.input.checkIn",
          at: "$type($arrivedOn) = 'string' ? $max([$toMillis($arrivedOn & 'T08:00:00Z') + $states.input.days * 86400000, $toMillis($states.context.State.EnteredTime) + 3600000]) : $toMillis($states.context.Execution.StartTime) + $states.input.days * 86400000",
          input: "{ 'caseId': $caseId, 'reference': $reference, 'checkIn': $states.input.checkIn, 'last': $states.input.last }",
        }),
        Next: 'Check-ins scheduled',
      },
      'Check-ins scheduled': { Type: 'Succeed' },
      'Close: plan stalled': closeWith('stalled-reintegration-plan'),
      'Close: plan approval stalled': closeWith('stalled-plan-approval'),
      'Close: plan not approved': closeWith('plan-not-approved'),
      'Close: assistance stalled': closeWith('stalled-assistance'),
    },
    300,
  );
}

export function checkInPhase() {
  return base(
    'AVRR reintegration check-in: survey scored on three dimensions; the last one closes the case',
    'Begin',
    {
      Begin: {
        Type: 'Pass',
        Assign: {
          caseId: jsonata('$states.input.caseId'),
          reference: jsonata('$states.input.reference'),
          checkIn: jsonata('$states.input.checkIn'),
          last: jsonata('$states.input.last'),
        },
        Next: 'Record execution',
      },
      'Record execution': recordExecution('check-in', 'Check-in'),
      ...humanStep('Check-in', {
        step: 'check-in',
        phase: 'check-in',
        assignTo: 'visit',
        payload: { stage: "'monitoring'", context: "{ 'checkIn': $checkIn }" },
        next: 'Record check-in',
        onTimeout: 'Record missed check-in',
      }),
      'Record check-in': caseAction(
        // The survey answers stay on the task item; the workflow passes only the task's id.
        {
          action: "'record-check-in'",
          checkIn: '$checkIn',
          outcome: '$visit.decision.outcome',
          taskId: '$visit.taskId',
          completedBy: '$visit.completedBy',
        },
        'Last check-in?',
      ),
      'Record missed check-in': caseAction({ action: "'record-check-in'", checkIn: '$checkIn', outcome: "'missed'" }, 'Last check-in?'),
      'Last check-in?': {
        Type: 'Choice',
        Choices: [{ Condition: jsonata('$last = true'), Next: 'Close: reintegration monitored' }],
        Default: 'Check-in done',
      },
      'Check-in done': { Type: 'Succeed' },
      'Close: reintegration monitored': closeWith('reintegration-completed'),
    },
    60,
  );
}
