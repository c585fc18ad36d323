// The protection process as ONE JSONata state machine, phase `main` (case type `protection`):
//   intake     provisional risk from the referral → registration (due within hours when high) →
//              vulnerability assessment → for an unaccompanied or separated child: BIA → BIA approval
//              by another person (a rejection redoes it, bounded) → BID when a durable solution is
//              considered → assistance plan → its approval by another person (a rejection revises
//              it, bounded) → one service-delivery step per service, in parallel, each due by its
//              urgency → follow-up visits (bounded loop; a new need goes back to the plan) → closure
//              with the reason the caseworker chose
//   reopened   (a closed case with a new need) starts at the assistance plan
//   follow-up  (back from AVRR, or a continuation) starts at the follow-up visits
// Input: { caseId, reference, entry?: 'intake' | 'reopened' | 'follow-up' (default intake),
//          nextVisitInDays?: number (follow-up only: wait that long before the first visit) }.
// A loop that could outlive the state machine's budget hands over to a fresh execution of the same
// state machine (entry 'follow-up' or 'reopened'), named `${caseId}-follow-up-${ms}` or
// `${caseId}-reopened-${ms}` (ms: when the handover state was entered, so a retry names the same one).
// Worst case of one execution (every step completed just before it times out, at due + 10 days):
// WORST_CASE_DAYS below (347 days), under TimeoutSeconds (STATE_MACHINE_TIMEOUT_DAYS, 355 days);
// loop-backs are taken only while their own worst case fits in the budget (docs/workflows/protection.md).
import { TIMEOUT_AFTER_DUE_DAYS } from '../domain/tasks/reminders.ts';
import { protectionSteps } from '../domain/protection/steps.ts';
import { MAX_SERVICE_LEAD_DAYS } from '../domain/protection/services.ts';
import { REGISTRATION_WINDOW_MILLIS } from '../domain/protection/risk.ts';
import { caseAction, closeWith, humanStep, jsonata, startedByName, type States } from './asl.ts';

export const MAX_BIA_ROUNDS = 1;
export const MAX_PLAN_ROUNDS = 2;
export const MAX_VISITS_PER_EXECUTION = 24;
export const MAX_NEW_NEEDS_PER_EXECUTION = 3;

const DAY = 86_400;
const dueDays = (step: string) => protectionSteps.find((s) => s.step === step)!.dueInDays;
/** The longest a step waits: due date + the timeout after it. */
const waits = (days: number) => days + TIMEOUT_AFTER_DUE_DAYS;

/** Worst cases, in days, of the parts of the process (each human step completed just before its timeout). */
export const WORST = {
  registration: waits(Math.max(...Object.values(REGISTRATION_WINDOW_MILLIS)) / (DAY * 1000)),
  assessment: waits(dueDays('vulnerability-assessment')),
  bestInterestsAssessment: (MAX_BIA_ROUNDS + 1) * (waits(dueDays('bia')) + waits(dueDays('bia-approval'))),
  bid: waits(dueDays('bid')),
  /** The plan asks for a BID (at most once per execution), then the plan goes through its rounds. */
  planAskingForBid: waits(dueDays('assistance-plan')) + waits(dueDays('bid')),
  planRounds: (MAX_PLAN_ROUNDS + 1) * (waits(dueDays('assistance-plan')) + waits(dueDays('assistance-plan-approval'))),
  services: waits(MAX_SERVICE_LEAD_DAYS),
  followUpVisit: waits(dueDays('follow-up-visit')),
};
/** From intake to the first follow-up visit's decision. */
export const WORST_CASE_DAYS =
  WORST.registration +
  WORST.assessment +
  WORST.bestInterestsAssessment +
  WORST.bid +
  WORST.planAskingForBid +
  WORST.planRounds +
  WORST.services +
  WORST.followUpVisit;
/** A new need's cycle: plan (with a BID asked for) → approval rounds → services → a visit. */
export const NEW_NEED_CYCLE_DAYS = WORST.planAskingForBid + WORST.planRounds + WORST.services + WORST.followUpVisit;
/** Loop-backs are taken only if their worst case ends within this many days of the execution's start. */
export const BUDGET_DAYS = WORST_CASE_DAYS;
export const STATE_MACHINE_TIMEOUT_DAYS = 355;

const elapsedDays = '(($toMillis($states.context.State.EnteredTime) - $toMillis($states.context.Execution.StartTime)) / 86400000)';
const phase = 'main';

/** The stages of a protection case the workflow moves it through (Primero's case stages, mapped). */
export const PROTECTION_STAGES = ['registration', 'assessment', 'best-interests', 'case-plan', 'service-provision', 'follow-up'] as const;
type ProtectionStage = (typeof PROTECTION_STAGES)[number];

/**
 * Moves the case to a stage (`case.stage-changed` in its history) and keeps it in `$stage`, which
 * every human step gives its task, so that opening a task leaves the stage where it is.
 */
function moveTo(stageName: ProtectionStage, next: string): Record<string, unknown> {
  return caseAction({ action: "'stage'", stage: `'${stageName}'` }, next, { stage: `'${stageName}'` });
}

/** Starts this same state machine again for the case, from another entry (a continuation). */
function handOver(entry: 'follow-up' | 'reopened', input: string): Record<string, unknown> {
  return {
    Type: 'Task',
    Comment: `Continues in a fresh execution (entry ${entry}): this one's budget would not cover the loop`,
    Resource: 'arn:aws:states:::states:startExecution',
    Arguments: {
      StateMachineArn: jsonata('$states.context.StateMachine.Id'),
      Name: jsonata(`$caseId & '-${entry}-' & $string($toMillis($states.context.State.EnteredTime))`),
      Input: jsonata(`$string({ 'caseId': $caseId, 'reference': $reference, 'entry': '${entry}'${input} })`),
    },
    ...startedByName('Handed over'),
  };
}

const serviceDelivery: States = {
  'Service item': { Type: 'Pass', Assign: { service: jsonata('$states.input') }, Next: 'Service delivery' },
  ...humanStep('Service delivery', {
    step: 'service-delivery',
    phase,
    // Each service's step is its own task, though all open at the same instant.
    visit: '$service.serviceId',
    assignTo: 'delivery',
    payload: {
      stage: '$stage',
      serviceId: '$service.serviceId',
      dueAt: '$service.dueAt',
      context: "{ 'serviceType': $service.type, 'urgency': $service.urgency }",
    },
    timeoutSeconds: `$min([$max([3600, $round(($toMillis($service.dueAt) - $toMillis($states.context.State.EnteredTime)) / 1000)]), ${MAX_SERVICE_LEAD_DAYS * DAY}]) + ${TIMEOUT_AFTER_DUE_DAYS * DAY}`,
    expire: { serviceId: '$service.serviceId' },
    next: 'Record service',
    onTimeout: 'Record service not recorded',
  }),
  'Record service': caseAction(
    {
      action: "'record-service'",
      serviceId: '$service.serviceId',
      // Codes and a date (its free text was left on the task item).
      decision: '$delivery.decision',
      completedBy: '$delivery.completedBy',
    },
    { end: true },
  ),
  'Record service not recorded': caseAction(
    { action: "'record-service'", serviceId: '$service.serviceId', decision: "{ 'outcome': 'timed-out' }" },
    { end: true },
  ),
};

export function mainPhase() {
  return {
    Comment: 'Protection: registration and risk, assessment, best interests for children, plan, services, follow-up, closure',
    QueryLanguage: 'JSONata',
    StartAt: 'Begin',
    TimeoutSeconds: STATE_MACHINE_TIMEOUT_DAYS * DAY,
    States: {
      Begin: {
        Type: 'Pass',
        Assign: {
          caseId: jsonata('$states.input.caseId'),
          reference: jsonata('$states.input.reference'),
          entry: jsonata("$exists($states.input.entry) ? $states.input.entry : 'intake'"),
          nextVisitInDays: jsonata('$exists($states.input.nextVisitInDays) ? $states.input.nextVisitInDays : 0'),
          biaRounds: 0,
          planRounds: 0,
          planEntries: 0,
          bidRequested: false,
          visits: 0,
          newNeeds: 0,
          stage: jsonata(
            "$states.input.entry = 'reopened' ? 'case-plan' : $states.input.entry = 'follow-up' ? 'follow-up' : 'registration'",
          ),
        },
        Next: 'Record execution',
      },
      // Every execution (intake, a reopening, a follow-up, a handover) names itself on the case
      // before anything else, with the stage it enters at: what stops the case's workflow stops it.
      'Record execution': caseAction(
        { action: "'stage'", stage: '$stage', phase: `'${phase}'`, executionName: '$states.context.Execution.Name' },
        'Entry',
      ),
      Entry: {
        Type: 'Choice',
        Choices: [
          { Condition: jsonata("$entry = 'reopened'"), Next: 'Plan context' },
          { Condition: jsonata("$entry = 'follow-up' and $nextVisitInDays > 0"), Next: 'Wait for next visit' },
          { Condition: jsonata("$entry = 'follow-up'"), Next: 'Follow-up visit' },
        ],
        Default: 'Provisional risk',
      },
      'Provisional risk': caseAction({ action: "'provisional-risk'" }, 'Registration', { intake: '$states.result.Payload' }),
      ...humanStep('Registration', {
        step: 'registration',
        phase,
        assignTo: 'registration',
        // Due within hours for a high provisional risk: reminded and escalated in proportion.
        payload: { stage: '$stage', dueAt: '$intake.registrationDueAt', context: "{ 'provisionalRiskLevel': $intake.riskLevel }" },
        timeoutSeconds: `$max([3600, $round(($toMillis($intake.registrationDueAt) - $toMillis($states.context.State.EnteredTime)) / 1000)]) + ${TIMEOUT_AFTER_DUE_DAYS * DAY}`,
        next: 'Registration outcome',
        onTimeout: 'Close: registration stalled',
      }),
      'Registration outcome': {
        Type: 'Choice',
        Choices: [
          { Condition: jsonata("$registration.decision.outcome = 'confirmed'"), Next: 'Record risk level' },
          { Condition: jsonata("$registration.decision.outcome = 'duplicate'"), Next: 'Close: duplicate' },
        ],
        Default: 'Close: not in scope',
      },
      'Record risk level': caseAction(
        { action: "'record-risk-level'", riskLevel: '$registration.decision.riskLevel', completedBy: '$registration.completedBy' },
        'Stage: assessment',
      ),
      'Stage: assessment': moveTo('assessment', 'Vulnerability assessment'),
      ...humanStep('Vulnerability assessment', {
        step: 'vulnerability-assessment',
        phase,
        assignTo: 'assessment',
        payload: { stage: '$stage' },
        next: 'Record assessment',
        onTimeout: 'Close: assessment stalled',
      }),
      // Categories only: the trafficking details stay on the task item (and out of this history).
      'Record assessment': caseAction(
        { action: "'record-assessment'", categories: '$assessment.decision.categories', completedBy: '$assessment.completedBy' },
        'Child?',
        { assessed: '$states.result.Payload' },
      ),
      'Child?': {
        Type: 'Choice',
        Choices: [{ Condition: jsonata('$assessed.childNeedsBid = true'), Next: 'Stage: best interests' }],
        Default: 'Stage: case plan',
      },
      'Stage: best interests': moveTo('best-interests', 'BIA'),
      // A BIA that is not approved (or not done in time) does not stop the child's assistance: the
      // plan follows, and no durable solution can be in it without a BID (the plan's context rule).
      ...humanStep('BIA', {
        step: 'bia',
        phase,
        visit: '$biaRounds',
        assignTo: 'bia',
        payload: { stage: '$stage' },
        next: 'BIA approval',
        onTimeout: 'Stage: case plan',
      }),
      ...humanStep('BIA approval', {
        step: 'bia-approval',
        phase,
        visit: '$biaRounds',
        assignTo: 'biaApproval',
        // Four eyes: whoever assessed may not approve.
        payload: { stage: '$stage', forbiddenActors: '[$bia.completedBy]' },
        next: 'BIA approval outcome',
        onTimeout: 'Stage: case plan',
      }),
      'BIA approval outcome': {
        Type: 'Choice',
        Choices: [
          { Condition: jsonata("$biaApproval.decision.outcome = 'approved'"), Next: 'Record BIA approval' },
          {
            Condition: jsonata(`$biaRounds < ${MAX_BIA_ROUNDS}`),
            Assign: { biaRounds: jsonata('$biaRounds + 1') },
            Next: 'BIA',
          },
        ],
        Default: 'Stage: case plan',
      },
      'Record BIA approval': caseAction(
        { action: "'record-bia-approval'", completedBy: '$biaApproval.completedBy' },
        'Durable solution considered?',
      ),
      'Durable solution considered?': {
        Type: 'Choice',
        Choices: [{ Condition: jsonata('$bia.decision.durableSolutionConsidered = true'), Next: 'BID' }],
        Default: 'Stage: case plan',
      },
      ...humanStep('BID', {
        step: 'bid',
        phase,
        visit: '$planEntries',
        assignTo: 'bid',
        // In the best interests stage, or in the case plan's when the plan asked for it.
        payload: { stage: '$stage' },
        next: 'Record BID',
        onTimeout: 'Stage: case plan',
      }),
      'Record BID': caseAction(
        {
          action: "'record-bid'",
          recommendation: '$bid.decision.recommendation',
          panelDate: '$bid.decision.panelDate',
          implementationDate: '$bid.decision.implementationDate',
          completedBy: '$bid.completedBy',
        },
        'Stage: case plan',
      ),
      'Stage: case plan': moveTo('case-plan', 'Plan context'),
      // Each entry to the plan re-reads whether a child's durable solution may be planned.
      'Plan context': caseAction({ action: "'plan-context'" }, 'Assistance plan', {
        planContext: '$states.result.Payload',
        planEntries: '$planEntries + 1',
      }),
      ...humanStep('Assistance plan', {
        step: 'assistance-plan',
        phase,
        visit: '$planEntries',
        assignTo: 'plan',
        payload: {
          stage: '$stage',
          context: "{ 'childNeedsBid': $planContext.childNeedsBid, 'bidRecordedAt': $planContext.bidRecordedAt }",
        },
        next: 'Plan outcome',
        onTimeout: 'Close: plan stalled',
      }),
      'Plan outcome': {
        Type: 'Choice',
        Choices: [
          { Condition: jsonata("$plan.decision.outcome = 'proposed'"), Next: 'Assistance plan approval' },
          {
            Condition: jsonata("$plan.decision.outcome = 'bid-needed' and $bidRequested = false"),
            Assign: { bidRequested: true },
            Next: 'BID',
          },
        ],
        Default: 'Close: BID not made',
      },
      ...humanStep('Assistance plan approval', {
        step: 'assistance-plan-approval',
        phase,
        visit: '$planEntries',
        assignTo: 'planApproval',
        // Four eyes: the plan's author may not approve it.
        payload: { stage: '$stage', forbiddenActors: '[$plan.completedBy]' },
        next: 'Plan approval outcome',
        onTimeout: 'Close: plan approval stalled',
      }),
      'Plan approval outcome': {
        Type: 'Choice',
        Choices: [
          { Condition: jsonata("$planApproval.decision.outcome = 'approved'"), Next: 'Plan services' },
          {
            Condition: jsonata(`$planRounds < ${MAX_PLAN_ROUNDS}`),
            Assign: { planRounds: jsonata('$planRounds + 1') },
            Next: 'Plan context',
          },
        ],
        Default: 'Close: plan not approved',
      },
      // The approved plan becomes the case's services, each with its id and due date.
      'Plan services': caseAction(
        {
          action: "'plan-services'",
          planTaskId: '$plan.taskId',
          approvedAt: '$planApproval.completedAt',
          approvedBy: '$planApproval.completedBy',
        },
        'Stage: service provision',
        { planned: '$states.result.Payload' },
      ),
      'Stage: service provision': moveTo('service-provision', 'Service deliveries'),
      'Service deliveries': {
        Type: 'Map',
        Items: jsonata('$planned.services'),
        MaxConcurrency: 20,
        ItemProcessor: { ProcessorConfig: { Mode: 'INLINE' }, StartAt: 'Service item', States: serviceDelivery },
        Output: jsonata('$states.input'),
        Next: 'Stage: follow-up',
      },
      'Stage: follow-up': moveTo('follow-up', 'Follow-up visit'),
      ...humanStep('Follow-up visit', {
        step: 'follow-up-visit',
        phase,
        visit: '$visits',
        assignTo: 'visit',
        payload: { stage: '$stage' },
        next: 'Follow-up outcome',
        onTimeout: 'Close: follow-up stalled',
      }),
      'Follow-up outcome': {
        Type: 'Choice',
        Choices: [
          {
            Condition: jsonata(
              `$visit.decision.outcome = 'continue' and $visits + 1 < ${MAX_VISITS_PER_EXECUTION} and ${elapsedDays} + $visit.decision.nextVisitInDays + ${WORST.followUpVisit} <= ${BUDGET_DAYS}`,
            ),
            Assign: { visits: jsonata('$visits + 1'), nextVisitInDays: jsonata('$visit.decision.nextVisitInDays') },
            Next: 'Wait for next visit',
          },
          { Condition: jsonata("$visit.decision.outcome = 'continue'"), Next: 'Hand over follow-up' },
          {
            Condition: jsonata(
              `$visit.decision.outcome = 'new-need' and $newNeeds < ${MAX_NEW_NEEDS_PER_EXECUTION} and ${elapsedDays} + ${NEW_NEED_CYCLE_DAYS} <= ${BUDGET_DAYS}`,
            ),
            Assign: { newNeeds: jsonata('$newNeeds + 1'), planRounds: 0, visits: jsonata('$visits + 1') },
            Next: 'Stage: case plan',
          },
          { Condition: jsonata("$visit.decision.outcome = 'new-need'"), Next: 'Hand over new need' },
        ],
        Default: 'Close with the reason',
      },
      'Wait for next visit': { Type: 'Wait', Seconds: jsonata('$nextVisitInDays * 86400'), Next: 'Follow-up visit' },
      'Hand over follow-up': handOver('follow-up', ", 'nextVisitInDays': $visit.decision.nextVisitInDays"),
      'Hand over new need': handOver('reopened', ''),
      'Handed over': { Type: 'Succeed' },
      'Close with the reason': caseAction(
        {
          action: "'close'",
          reason: '$visit.decision.closureReason',
          details: "$exists($visit.decision.closureDetails) ? { 'closureDetails': $visit.decision.closureDetails } : {}",
        },
        { end: true },
      ),
      'Close: duplicate': closeWith('duplicate', "{ 'duplicateOf': $registration.decision.duplicateOf }"),
      'Close: not in scope': closeWith('not-in-scope', "{ 'reasonCode': $registration.decision.reasonCode }"),
      'Close: registration stalled': closeWith('stalled-registration'),
      'Close: assessment stalled': closeWith('stalled-assessment'),
      'Close: plan stalled': closeWith('stalled-assistance-plan'),
      'Close: BID not made': closeWith('stalled-bid'),
      'Close: plan approval stalled': closeWith('stalled-plan-approval'),
      'Close: plan not approved': closeWith('plan-not-approved'),
      'Close: follow-up stalled': closeWith('stalled-follow-up'),
    },
  };
}
