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
// Once the need is open for matching, this execution starts phase `matching` on the case and ends.
// Worst case (every step decided just before it times out, at due + 10 days): three validations
// and two clarifications, WORST_CASE_DAYS.need (99 days) under NEED_TIMEOUT_DAYS (120).
//
// ## Matching (on the need's case)
//   matching  (started by phase `need`) stage matching → match-candidates (ranked ids, scores, reasons)
//             → shortlist (1–5, search again, or no suitable candidate: closed) → propose → stage
//             answers → the answers recorded whatever the outcome (record-match-answers), then:
//             confirmed (confirm-match: the need `matched`; an expert mission starts phase
//             `assignment` on the same case, a job offer closes `filled`), shortlist again, or no
//             match (closed); a candidate gone before the confirmation: back to the answers once in
//             the round (the gone candidate marked), then another round. A round is one search;
//             searching again and shortlisting again share MAX_MATCH_ROUNDS (3) rounds.
// Worst case: three rounds of a shortlist (7 + 10) and twice the answers (14 + 10) decided just
// before they time out, WORST_CASE_DAYS.matching (195 days) under MATCHING_TIMEOUT_DAYS (210).
import { TIMEOUT_AFTER_DUE_DAYS } from '../domain/tasks/reminders.ts';
import { expertSteps } from '../domain/migration-development/expert-steps.ts';
import { MAX_NEED_CLARIFICATIONS, needSteps } from '../domain/migration-development/need-steps.ts';
import { MAX_MATCH_ROUNDS, matchSteps } from '../domain/migration-development/match-steps.ts';
import { caseAction, closeWith, humanStep, jsonata, stage, startPhase, type States } from './asl.ts';

const DAY = 86_400;
const waits = (step: string) =>
  [...expertSteps, ...needSteps, ...matchSteps].find((s) => s.step === step)!.dueInDays + TIMEOUT_AFTER_DUE_DAYS;

export const WORST_CASE_DAYS = {
  expert: waits('expert-verification') + 1,
  need: (MAX_NEED_CLARIFICATIONS + 1) * waits('need-validation') + MAX_NEED_CLARIFICATIONS * waits('need-clarification'),
  matching: MAX_MATCH_ROUNDS * (waits('match-shortlist') + 2 * waits('match-answers')),
};
export const MATCHING_TIMEOUT_DAYS = 210;
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
    'Stage: verification': stage('verification', 'Expert verification', {
      phase: "'expert'",
      executionName: '$states.context.Execution.Name',
    }),
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
      'Start matching',
    ),
    'Start matching': startPhase('matching', 'Open for matching', "$string({ 'caseId': $caseId, 'reference': $reference })"),
    'Open for matching': { Type: 'Succeed', Comment: 'Matching runs in its own execution (phase `matching`)' },
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

/**
 * Matching on the need's case: the ranked candidates (ids, scores, reasons) become the shortlist's
 * context; the shortlisted are proposed; their answers and the institution's recorded, and one whose
 * both answers are `accepted` confirmed. The answers are recorded (codes) whatever the outcome. A
 * round is one search; searching again and shortlisting again share one bound: MAX_MATCH_ROUNDS
 * rounds in all. A candidate gone at the confirmation sends the round back to its answers once (that
 * candidate marked `gone`, so that another accepted proposal can be confirmed).
 */
export function matchingPhase() {
  const phase = 'matching';
  const states: States = {
    Begin: {
      Type: 'Pass',
      Assign: { caseId: jsonata('$states.input.caseId'), reference: jsonata('$states.input.reference'), rounds: 0 },
      Next: 'Stage: matching',
    },
    'Stage: matching': caseAction(
      { action: "'stage'", stage: "'matching'", phase: `'${phase}'`, executionName: '$states.context.Execution.Name' },
      'Candidates',
    ),
    Candidates: caseAction({ action: "'match-candidates'" }, 'Shortlist', {
      candidates: '$states.result.Payload.candidates',
      rounds: '$rounds + 1',
    }),
    ...humanStep('Shortlist', {
      step: 'match-shortlist',
      phase,
      visit: '$rounds',
      assignTo: 'shortlist',
      payload: {
        stage: "'matching'",
        context: `{ 'candidates': $candidates, 'round': $rounds, 'roundsLeft': ${MAX_MATCH_ROUNDS} - $rounds }`,
      },
      next: 'Shortlist outcome',
      onTimeout: 'Close: shortlist stalled',
    }),
    'Shortlist outcome': {
      Type: 'Choice',
      Choices: [
        { Condition: jsonata("$shortlist.decision.outcome = 'shortlisted'"), Next: 'Propose' },
        {
          Condition: jsonata(`$shortlist.decision.outcome = 'search-again' and $rounds < ${MAX_MATCH_ROUNDS}`),
          Next: 'Candidates',
        },
      ],
      Default: 'Close: no suitable candidate',
    },
    Propose: caseAction(
      { action: "'propose'", taskId: '$shortlist.taskId', completedBy: '$shortlist.completedBy', round: '$rounds' },
      'Stage: answers',
      { proposals: '$states.result.Payload.proposals', gone: '[]', returned: 'false' },
    ),
    'Stage: answers': stage('answers', 'Answers'),
    ...humanStep('Answers', {
      step: 'match-answers',
      phase,
      visit: '$rounds',
      assignTo: 'answers',
      payload: {
        stage: "'answers'",
        context: `{ 'proposals': $proposals, 'round': $rounds, 'roundsLeft': ${MAX_MATCH_ROUNDS} - $rounds, 'gone': $gone }`,
      },
      next: 'Record answers',
      onTimeout: 'Close: answers stalled',
    }),
    // Codes only, whatever the outcome, before acting on it (a confirmation that then fails keeps them).
    'Record answers': caseAction(
      { action: "'record-match-answers'", taskId: '$answers.taskId', completedBy: '$answers.completedBy' },
      'Answers outcome',
    ),
    'Answers outcome': {
      Type: 'Choice',
      Choices: [
        { Condition: jsonata("$answers.decision.outcome = 'confirmed'"), Next: 'Confirm match' },
        {
          Condition: jsonata(`$answers.decision.outcome = 'shortlist-again' and $rounds < ${MAX_MATCH_ROUNDS}`),
          Next: 'Stage: matching again',
        },
        { Condition: jsonata("$answers.decision.outcome = 'no-match'"), Next: 'Close: no match' },
      ],
      Default: 'Close: rounds exhausted',
    },
    'Stage: matching again': stage('matching', 'Candidates'),
    'Confirm match': caseAction(
      { action: "'confirm-match'", taskId: '$answers.taskId', completedBy: '$answers.completedBy' },
      'Confirmation outcome',
      { confirmation: '$states.result.Payload' },
    ),
    'Confirmation outcome': {
      Type: 'Choice',
      Choices: [
        { Condition: jsonata("$confirmation.confirmed and $confirmation.engagement = 'job-offer'"), Next: 'Close: filled' },
        { Condition: jsonata('$confirmation.confirmed'), Next: 'Start assignment' },
        // The candidate withdrew between the answers and the confirmation: back to this round's answers
        // once (another accepted proposal may be confirmed), then another round if one is left.
        {
          Condition: jsonata("$confirmation.reasonCode = 'candidate-no-longer-available' and $not($returned)"),
          Assign: { gone: jsonata('$append($gone, [$answers.decision.candidateCaseId])'), returned: true },
          Next: 'Stage: answers',
        },
        {
          Condition: jsonata(`$confirmation.reasonCode = 'candidate-no-longer-available' and $rounds < ${MAX_MATCH_ROUNDS}`),
          Next: 'Stage: matching again',
        },
      ],
      Default: 'Close: not confirmed',
    },
    'Start assignment': startPhase('assignment', 'Matched', "$string({ 'caseId': $caseId, 'reference': $reference })"),
    Matched: { Type: 'Succeed', Comment: 'The assignment runs in its own execution (phase `assignment`)' },
    'Close: filled': closeWith('filled', "{ 'candidateCaseId': $confirmation.candidateCaseId }"),
    'Close: no suitable candidate': closeWith('no-suitable-candidate', "{ 'reasonCode': $shortlist.decision.reasonCode }"),
    'Close: no match': closeWith('no-match', "{ 'reasonCode': $answers.decision.reasonCode }"),
    'Close: rounds exhausted': closeWith('matching-rounds-exhausted'),
    'Close: not confirmed': closeWith('match-not-confirmed', "{ 'reasonCode': $confirmation.reasonCode }"),
    'Close: shortlist stalled': closeWith('stalled-match-shortlist'),
    'Close: answers stalled': closeWith('stalled-match-answers'),
  };
  return {
    Comment: "Host institution's need: matching (shortlist, proposals, answers, confirmation)",
    QueryLanguage: 'JSONata',
    StartAt: 'Begin',
    TimeoutSeconds: MATCHING_TIMEOUT_DAYS * DAY,
    States: states,
  };
}
