// Migration and development as JSONata state machines.
//
// ## Experts (case type `diaspora-expert`)
//   expert  (started by the outbox at registration) stage verification → the expert's verification by
//           mission staff (identity, qualifications, the skills and languages the register lists) →
//           verified: the `list-expert` case action writes the register entry and moves the case to
//           stage `listed`, and the phase ends (the entry is the state from then on: availability and
//           withdrawal are staff routes, a withdrawal closes the case) · rejected: closed
//           `expert-rejected` · nobody decides: closed `expert-verification-stalled`.
// Worst case: the verification decided just before it times out, 14 + 10 days (WORST_CASE_DAYS).
//
// ## Host institutions' needs (case type `host-need`)
//   need  (started by the outbox at intake) stage validation → the need's validation by a caseworker
//         or supervisor: validated (the need recorded on the case, codes and dates only, stage
//         open-for-matching, listed by GET /needs; the execution ends there), rejected (closed with
//         the reason's code), or a question to the institution: stage clarification → staff record
//         its answer (the clarification step) → back to validation, at most MAX_NEED_CLARIFICATIONS
//         times (the step refuses a further question; a question past the limit closes the need); no
//         answer closes it
// What comes next (matching an expert, the proposals, the assignment) is not this execution's: it
// ends with the need open for matching, and matching starts from GET /needs and the case.
// Worst case (every step decided just before it times out, at due + 10 days): three validations
// and two clarifications, WORST_CASE_DAYS.need (99 days) under NEED_TIMEOUT_DAYS (120).
import { TIMEOUT_AFTER_DUE_DAYS } from '../domain/tasks/reminders.ts';
import { expertSteps } from '../domain/migration-development/expert-steps.ts';
import { MAX_NEED_CLARIFICATIONS, needSteps } from '../domain/migration-development/need-steps.ts';
import { caseAction, closeWith, humanStep, jsonata, stage, type States } from './asl.ts';

const DAY = 86_400;
const waits = (step: string) => [...expertSteps, ...needSteps].find((s) => s.step === step)!.dueInDays + TIMEOUT_AFTER_DUE_DAYS;

export const WORST_CASE_DAYS = {
  expert: waits('expert-verification') + 1,
  need: (MAX_NEED_CLARIFICATIONS + 1) * waits('need-validation') + MAX_NEED_CLARIFICATIONS * waits('need-clarification'),
};
export const TIMEOUT_DAYS = { expert: 30 };
export const NEED_TIMEOUT_DAYS = 120;

export function expertPhase() {
  const phase = 'expert';
  const states: States = {
    Begin: {
      Type: 'Pass',
      Assign: { caseId: jsonata('$states.input.caseId'), reference: jsonata('$states.input.reference') },
      Next: 'Stage: verification',
    },
    'Stage: verification': stage('verification', 'Expert verification', { phase: "'expert'" }),
    ...humanStep('Expert verification', {
      step: 'expert-verification',
      phase,
      assignTo: 'verification',
      payload: { stage: "'verification'" },
      next: 'Verification outcome',
      onTimeout: 'Close: verification stalled',
    }),
    'Verification outcome': {
      Type: 'Choice',
      Choices: [{ Condition: jsonata("$verification.decision.outcome = 'verified'"), Next: 'List expert' }],
      Default: 'Close: expert rejected',
    },
    // The register entry is written from the task item (the confirmed skills never pass through here).
    'List expert': caseAction({ action: "'list-expert'", taskId: '$verification.taskId' }, 'Listed'),
    Listed: { Type: 'Succeed' },
    'Close: expert rejected': closeWith('expert-rejected', "{ 'reasonCode': $verification.decision.reasonCode }"),
    'Close: verification stalled': closeWith('expert-verification-stalled'),
  };
  return {
    Comment: "Diaspora expert: verification by mission staff; a verified expert is listed in the experts' register",
    QueryLanguage: 'JSONata',
    StartAt: 'Begin',
    TimeoutSeconds: TIMEOUT_DAYS.expert * DAY,
    States: states,
  };
}

export function needPhase() {
  const phase = 'need';
  const states: States = {
    Begin: {
      Type: 'Pass',
      Assign: { caseId: jsonata('$states.input.caseId'), reference: jsonata('$states.input.reference'), clarifications: 0 },
      Next: 'Stage: validation',
    },
    // The execution names itself on the case first: whatever stops the case's workflow stops this one.
    'Stage: validation': caseAction(
      { action: "'stage'", stage: "'validation'", phase: `'${phase}'`, executionName: '$states.context.Execution.Name' },
      'Validation',
    ),
    ...humanStep('Validation', {
      step: 'need-validation',
      phase,
      visit: '$clarifications',
      assignTo: 'validation',
      payload: {
        stage: "'validation'",
        context: `{ 'clarificationsLeft': ${MAX_NEED_CLARIFICATIONS} - $clarifications }`,
      },
      next: 'Validation outcome',
      onTimeout: 'Close: validation stalled',
    }),
    'Validation outcome': {
      Type: 'Choice',
      Choices: [
        { Condition: jsonata("$validation.decision.outcome = 'validated'"), Next: 'Record validated need' },
        { Condition: jsonata("$validation.decision.outcome = 'rejected'"), Next: 'Close: rejected' },
        {
          Condition: jsonata(`$clarifications < ${MAX_NEED_CLARIFICATIONS}`),
          Assign: { clarifications: jsonata('$clarifications + 1') },
          Next: 'Stage: clarification',
        },
      ],
      Default: 'Close: not clarified',
    },
    'Record validated need': caseAction(
      { action: "'record-need-validation'", taskId: '$validation.taskId', completedBy: '$validation.completedBy' },
      'Open for matching',
    ),
    'Open for matching': { Type: 'Succeed', Comment: 'Matching (next) starts from GET /needs and the case' },
    'Stage: clarification': stage('clarification', 'Clarification'),
    ...humanStep('Clarification', {
      step: 'need-clarification',
      phase,
      visit: '$clarifications',
      assignTo: 'clarification',
      payload: {
        stage: "'clarification'",
        context: "{ 'questionCode': $validation.decision.questionCode, 'validationTaskId': $validation.taskId }",
      },
      next: 'Clarification outcome',
      onTimeout: 'Close: clarification stalled',
    }),
    'Clarification outcome': {
      Type: 'Choice',
      Choices: [{ Condition: jsonata("$clarification.decision.outcome = 'answered'"), Next: 'Stage: validation again' }],
      Default: 'Close: no answer',
    },
    'Stage: validation again': stage('validation', 'Validation'),
    'Close: rejected': closeWith('need-rejected', "{ 'reasonCode': $validation.decision.reasonCode }"),
    'Close: not clarified': closeWith('need-not-clarified'),
    'Close: no answer': closeWith('institution-did-not-answer'),
    'Close: validation stalled': closeWith('stalled-need-validation'),
    'Close: clarification stalled': closeWith('stalled-need-clarification'),
  };
  return {
    Comment: "Host institution's need: validation (questions to the institution, bounded), then open for matching",
    QueryLanguage: 'JSONata',
    StartAt: 'Begin',
    TimeoutSeconds: NEED_TIMEOUT_DAYS * DAY,
    States: states,
  };
}
