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
import { TIMEOUT_AFTER_DUE_DAYS } from '../domain/tasks/reminders.ts';
import { expertSteps } from '../domain/migration-development/expert-steps.ts';
import { caseAction, closeWith, humanStep, jsonata, stage, type States } from './asl.ts';

const DAY = 86_400;
const waits = (step: string) => expertSteps.find((s) => s.step === step)!.dueInDays + TIMEOUT_AFTER_DUE_DAYS;

export const WORST_CASE_DAYS = { expert: waits('expert-verification') + 1 };
export const TIMEOUT_DAYS = { expert: 30 };

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
