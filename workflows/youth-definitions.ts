// The youth track (case type `youth-enrolment`) as JSONata state machines, two phases:
//   youth            (started by the outbox at enrolment) orientation interview (track and plan, or
//                    not continuing) → the track: a loop of progress records, bounded by time
//                    (a milestone, no change, or the exit; a record nobody makes in time is noted
//                    and the loop goes on; three in a row close the case as stalled); at the track's
//                    time limit, a last record that may only be the exit → the exit → two one-time
//                    schedules start the follow-ups about 3 and 6 months after the exit
//   youth-follow-up  (one execution per follow-up, started by its schedule) the follow-up, or missed
//                    when nobody records it (reminded to the association, escalated to supervisors
//                    before); the 6-month one closes the case (track completed, or dropped out)
// Input of `youth`: { caseId, reference, entry?: 'intake' | 'track', continuations?: number }. A
// track that would outlive the execution's budget continues in a fresh execution of the same state
// machine (entry 'track'), named `${caseId}-track-${ms}`, at most MAX_CONTINUATIONS times. The track's
// time limit is the last execution's budget: there a progress round is entered only while it and
// the exit record after it both end within the budget, and then the exit record opens (the progress
// step with `exitOnly: true`, refusing any other outcome), so a long track still gets its exit and
// its follow-ups. Only the exit record nobody makes in time closes the case as `track-time-limit`.
// Worst cases (every step completed just before it times out, at due + 10 days): `youth` at most
// BUDGET_DAYS (340) under its TimeoutSeconds (350 days); `youth-follow-up` 24 days under 60.
// Transitions: a progress round goes through at most 6 states (context, the step, its timeout path
// or the outcome, the record, the next-round choice), about 25 history events with their Lambda
// invocations; MAX_PROGRESS_ROUNDS (100) rounds per execution: about 600 states and 2,500 events,
// a tenth of Step Functions' 25,000-event history; about 11,500 were every Lambda call retried to its
// limit (docs/workflows/youth-employability.md).
import { TIMEOUT_AFTER_DUE_DAYS } from '../domain/tasks/reminders.ts';
import { youthSteps } from '../domain/youth-employability/youth-steps.ts';
import { caseAction, closeWith, humanStep, jsonata, recordExecution, stage, startedByName, scheduledStarts, type States } from './asl.ts';

const DAY = 86_400;
const dueDays = (step: string) => youthSteps.find((s) => s.step === step)!.dueInDays;
const waits = (step: string) => dueDays(step) + TIMEOUT_AFTER_DUE_DAYS;

/**
 * Progress records in one execution at most: a hard cap for boundedness only (records are bounded
 * by time, BUDGET_DAYS; a milestone is a record, so a busy youth may make several a month).
 */
export const MAX_PROGRESS_ROUNDS = 100;
/** Progress records nobody made, in a row, before the track is closed as stalled. */
export const MAX_MISSED_IN_A_ROW = 3;
/** Fresh executions a long track may continue in (so a track lasts about two years at most: its time limit). */
export const MAX_CONTINUATIONS = 1;
/** Worst cases in days. */
export const WORST = {
  orientation: waits('youth-orientation'),
  progress: waits('youth-track-progress'),
  followUp: waits('youth-follow-up'),
};
/** A progress round is entered only if its worst case ends within this many days of the execution's start. */
export const BUDGET_DAYS = 340;
export const YOUTH_TIMEOUT_DAYS = 350;
export const FOLLOW_UP_TIMEOUT_DAYS = 60;
export const FOLLOW_UPS = [
  { followUp: 'follow-up-3', days: 91, last: false },
  { followUp: 'follow-up-6', days: 182, last: true },
] as const;

/** The progress round of this execution (`{executionName}#{round}`), as a case action names it. */
const ROUND = "$states.context.Execution.Name & '#' & $string($progressRounds)";
const elapsedDays = '(($toMillis($states.context.State.EnteredTime) - $toMillis($states.context.Execution.StartTime)) / 86400000)';

export function youthPhase() {
  const phase = 'youth';
  return {
    Comment: 'Youth track: orientation, progress records with dated milestones, exit, follow-ups scheduled',
    QueryLanguage: 'JSONata',
    StartAt: 'Begin',
    TimeoutSeconds: YOUTH_TIMEOUT_DAYS * DAY,
    States: {
      Begin: {
        Type: 'Pass',
        Assign: {
          caseId: jsonata('$states.input.caseId'),
          reference: jsonata('$states.input.reference'),
          entry: jsonata("$exists($states.input.entry) ? $states.input.entry : 'intake'"),
          continuations: jsonata('$exists($states.input.continuations) ? $states.input.continuations : 0'),
          progressRounds: 0,
          missedInARow: 0,
        },
        Next: 'Record execution',
      },
      // The execution names itself on the case first: whatever stops the case's workflow stops this one.
      'Record execution': caseAction(
        {
          action: "'stage'",
          stage: "$entry = 'track' ? 'track' : 'orientation'",
          phase: `'${phase}'`,
          executionName: '$states.context.Execution.Name',
        },
        'Entry',
      ),
      Entry: {
        Type: 'Choice',
        Choices: [{ Condition: jsonata("$entry = 'track'"), Next: 'Track context' }],
        Default: 'Orientation context',
      },
      'Orientation context': caseAction({ action: "'youth-context'" }, 'Orientation', { youth: '$states.result.Payload' }),
      ...humanStep('Orientation', {
        step: 'youth-orientation',
        phase,
        assignTo: 'orientation',
        payload: { stage: "'orientation'", context: "{ 'enrolmentDate': $youth.enrolmentDate }" },
        next: 'Orientation outcome',
        onTimeout: 'Close: orientation stalled',
      }),
      'Orientation outcome': {
        Type: 'Choice',
        Choices: [{ Condition: jsonata("$orientation.decision.outcome = 'oriented'"), Next: 'Record orientation' }],
        Default: 'Record not continuing',
      },
      'Record orientation': caseAction(
        { action: "'record-youth-orientation'", taskId: '$orientation.taskId', completedBy: '$orientation.completedBy' },
        'Track stage',
      ),
      'Record not continuing': caseAction(
        { action: "'record-youth-orientation'", taskId: '$orientation.taskId', completedBy: '$orientation.completedBy' },
        'Close: not continuing',
      ),
      'Track stage': stage('track', 'Track context'),
      // Read again before each record: the "before" soft-skills assessment may have been recorded meanwhile.
      'Track context': caseAction({ action: "'youth-context'" }, 'Track progress', { youth: '$states.result.Payload' }),
      ...humanStep('Track progress', {
        step: 'youth-track-progress',
        phase,
        visit: '$progressRounds',
        assignTo: 'progress',
        payload: {
          stage: "'track'",
          context: "{ 'enrolmentDate': $youth.enrolmentDate, 'softSkillsBeforeOn': $youth.softSkillsBeforeOn }",
        },
        next: 'Progress outcome',
        onTimeout: 'Record progress not recorded',
      }),
      'Progress outcome': {
        Type: 'Choice',
        Choices: [
          { Condition: jsonata("$progress.decision.outcome = 'milestone'"), Next: 'Record milestone' },
          { Condition: jsonata("$progress.decision.outcome = 'no-change'"), Assign: { missedInARow: 0 }, Next: 'Next progress?' },
        ],
        Default: 'Record exit',
      },
      'Record milestone': caseAction(
        { action: "'record-youth-milestone'", taskId: '$progress.taskId', completedBy: '$progress.completedBy' },
        'Next progress?',
        { missedInARow: '0' },
      ),
      // Names the round that timed out: a retried invocation counts nothing twice.
      'Record progress not recorded': caseAction({ action: "'record-youth-progress-not-recorded'", round: ROUND }, 'Next progress?', {
        missedInARow: '$missedInARow + 1',
      }),
      'Next progress?': {
        Type: 'Choice',
        Choices: [
          { Condition: jsonata(`$missedInARow >= ${MAX_MISSED_IN_A_ROW}`), Next: 'Close: track stalled' },
          {
            // In the last execution, the exit record's own worst case is kept in reserve.
            Condition: jsonata(
              `$progressRounds + 1 < ${MAX_PROGRESS_ROUNDS} and ${elapsedDays} + ${WORST.progress} + ($continuations < ${MAX_CONTINUATIONS} ? 0 : ${WORST.progress}) <= ${BUDGET_DAYS}`,
            ),
            Assign: { progressRounds: jsonata('$progressRounds + 1') },
            Next: 'Track context',
          },
          { Condition: jsonata(`$continuations < ${MAX_CONTINUATIONS}`), Next: 'Continue the track' },
        ],
        Default: 'Exit context',
      },
      // The track's time limit: a last record, which may only be the exit (the step's context rule).
      'Exit context': caseAction({ action: "'youth-context'" }, 'Track exit', {
        youth: '$states.result.Payload',
        progressRounds: '$progressRounds + 1',
      }),
      ...humanStep('Track exit', {
        step: 'youth-track-progress',
        phase,
        visit: '$progressRounds',
        assignTo: 'progress',
        payload: {
          stage: "'track'",
          context: "{ 'enrolmentDate': $youth.enrolmentDate, 'softSkillsBeforeOn': $youth.softSkillsBeforeOn, 'exitOnly': true }",
        },
        next: 'Record exit',
        onTimeout: 'Record exit not recorded',
      }),
      'Record exit not recorded': caseAction({ action: "'record-youth-progress-not-recorded'", round: ROUND }, 'Close: track time limit'),
      'Continue the track': {
        Type: 'Task',
        Comment: "Continues in a fresh execution (entry track): this one's budget would not cover another progress record",
        Resource: 'arn:aws:states:::states:startExecution',
        Arguments: {
          StateMachineArn: jsonata('$states.context.StateMachine.Id'),
          Name: jsonata("$caseId & '-track-' & $string($toMillis($states.context.State.EnteredTime))"),
          Input: jsonata("$string({ 'caseId': $caseId, 'reference': $reference, 'entry': 'track', 'continuations': $continuations + 1 })"),
        },
        ...startedByName('Handed over'),
      },
      'Handed over': { Type: 'Succeed' },
      'Record exit': caseAction(
        { action: "'record-youth-exit'", taskId: '$progress.taskId', completedBy: '$progress.completedBy' },
        'Follow-up stage',
      ),
      'Follow-up stage': stage('follow-up', 'Schedule follow-ups'),
      'Schedule follow-ups': {
        Type: 'Map',
        Items: jsonata(JSON.stringify(FOLLOW_UPS)),
        ItemProcessor: scheduledStarts('Schedule follow-up', {
          phase: 'youth-follow-up',
          name: "$caseId & '-' & $states.input.followUp",
          // Counted from the exit date (08:00 UTC), never in the past: at the earliest an hour from now.
          at: "$max([$toMillis($progress.decision.exit.date & 'T08:00:00Z') + $states.input.days * 86400000, $toMillis($states.context.State.EnteredTime) + 3600000])",
          input:
            "{ 'caseId': $caseId, 'reference': $reference, 'followUp': $states.input.followUp, 'last': $states.input.last, 'exitOutcome': $progress.decision.exit.outcome, 'enrolmentDate': $youth.enrolmentDate }",
        }),
        Next: 'Follow-ups scheduled',
      },
      'Follow-ups scheduled': { Type: 'Succeed' },
      'Close: orientation stalled': closeWith('stalled-orientation'),
      'Close: not continuing': closeWith('not-continuing'),
      'Close: track stalled': closeWith('stalled-track'),
      'Close: track time limit': closeWith('track-time-limit'),
    } satisfies States,
  };
}

export function youthFollowUpPhase() {
  const phase = 'youth-follow-up';
  return {
    Comment: 'Youth follow-up after exit (3 or 6 months): the situation recorded, or missed; the last closes the case',
    QueryLanguage: 'JSONata',
    StartAt: 'Begin',
    TimeoutSeconds: FOLLOW_UP_TIMEOUT_DAYS * DAY,
    States: {
      Begin: {
        Type: 'Pass',
        Assign: {
          caseId: jsonata('$states.input.caseId'),
          reference: jsonata('$states.input.reference'),
          followUp: jsonata('$states.input.followUp'),
          last: jsonata('$states.input.last'),
          exitOutcome: jsonata('$states.input.exitOutcome'),
          // Absent from a follow-up scheduled before it was passed on.
          enrolmentDate: jsonata('$exists($states.input.enrolmentDate) ? $states.input.enrolmentDate : null'),
        },
        Next: 'Record execution',
      },
      'Record execution': recordExecution(phase, 'Follow-up'),
      ...humanStep('Follow-up', {
        step: 'youth-follow-up',
        phase,
        assignTo: 'followUpTask',
        payload: { stage: "'follow-up'", context: "{ 'followUp': $followUp, 'enrolmentDate': $enrolmentDate }" },
        next: 'Record follow-up',
        onTimeout: 'Record missed follow-up',
      }),
      'Record follow-up': caseAction(
        {
          action: "'record-youth-follow-up'",
          followUp: '$followUp',
          outcome: "'recorded'",
          taskId: '$followUpTask.taskId',
          completedBy: '$followUpTask.completedBy',
        },
        'Last follow-up?',
      ),
      'Record missed follow-up': caseAction(
        { action: "'record-youth-follow-up'", followUp: '$followUp', outcome: "'missed'" },
        'Last follow-up?',
      ),
      'Last follow-up?': {
        Type: 'Choice',
        Choices: [
          { Condition: jsonata("$last = true and $exitOutcome = 'completed'"), Next: 'Close: track completed' },
          { Condition: jsonata('$last = true'), Next: 'Close: dropped out' },
        ],
        Default: 'Follow-up done',
      },
      'Follow-up done': { Type: 'Succeed' },
      'Close: track completed': closeWith('track-completed'),
      'Close: dropped out': closeWith('dropped-out'),
    } satisfies States,
  };
}
