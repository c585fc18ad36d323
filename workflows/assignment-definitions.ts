// Migration and development: an expert's assignment to a host institution's need, as a JSONata state
// machine (phase `assignment` of the host-need case, started by matching once it confirms an expert:
// input `{ caseId, reference }`; it reads `facts.need` and its match through `assignment-context`).
//
//   stage preparation → the preparation (travel and stay, or the online set-up), due the day before
//         the window starts; cancelled → closed `assignment-cancelled`, the entry ended early
//   → Wait until EARLY_START_DAYS before the window starts (the earliest start the step accepts)
//   → the date it actually started, due START_DUE_DAYS after the window's start → stage in-progress,
//     the entry in-progress
//   → Wait until mid-term (start + half the duration) → the mid-term check (ended early → reporting)
//   → Wait until the planned end (start + the duration) → the end (completed or ended early)
//   → stage reporting: the expert's report and the institution's feedback in parallel, each reminded
//     until received: a round nobody records is escalated (the generic reminders, then the timeout's
//     `expire-step` telling supervisors) and reopened, MAX_REPORTING_ROUNDS rounds, then recorded as
//     not received → closed `assignment-completed` (or `assignment-ended-early`), what was missing in
//     the closure's details and the case's facts.
// A preparation, a start or an end nobody records closes the need (the entry ended early); a mid-term
// check nobody records is expired (supervisors told) and the assignment goes on to its end.
//
// Worst case (WORST_CASE_DAYS): a window starting NEED_WINDOW_MAX_LEAD_DAYS (77) from the start of the
// phase (the need's validation refuses one further off, need-steps.ts), the preparation due the day
// before and decided at its timeout (+10), the start due 7 days after the later of the planned start
// and its opening and decided at its timeout (+10), a 26-week assignment, its end decided at its
// timeout (7 + 10), then both reporting parts through every round: 14 + 10 and twice 7 + 10.
// 361 days, under ASSIGNMENT_TIMEOUT_DAYS (364; an execution lasts a year at most).
import { TIMEOUT_AFTER_DUE_DAYS } from '../domain/tasks/reminders.ts';
import { assignmentSteps } from '../domain/migration-development/assignment-steps.ts';
import { NEED_WINDOW_MAX_LEAD_DAYS } from '../domain/migration-development/need-steps.ts';
import { NEED_DURATION_WEEKS } from '../domain/forms/host-institution-need.ts';
import { caseAction, closeWith, humanStep, jsonata, stage, type States } from './asl.ts';

const DAY = 86_400;
const phase = 'assignment';
const dueIn = (step: string) => assignmentSteps.find((s) => s.step === step)!.dueInDays;

/** Rounds of a report or of the feedback: the first, then reopened (each one reminded and escalated). */
export const MAX_REPORTING_ROUNDS = 3;
/** A reopened round is due this many days after it opens. */
export const REOPENED_DUE_DAYS = 7;
/** The start is due this many days after the planned start (or its opening, if later). */
export const START_DUE_DAYS = dueIn('assignment-start');

const reportingDays =
  dueIn('assignment-expert-report') + TIMEOUT_AFTER_DUE_DAYS + (MAX_REPORTING_ROUNDS - 1) * (REOPENED_DUE_DAYS + TIMEOUT_AFTER_DUE_DAYS);
const startRecordedBy = NEED_WINDOW_MAX_LEAD_DAYS + TIMEOUT_AFTER_DUE_DAYS + START_DUE_DAYS + TIMEOUT_AFTER_DUE_DAYS;
export const WORST_CASE_DAYS =
  startRecordedBy + NEED_DURATION_WEEKS.max * 7 + dueIn('assignment-end') + TIMEOUT_AFTER_DUE_DAYS + reportingDays;
export const ASSIGNMENT_TIMEOUT_DAYS = 364;

const entered = '$toMillis($states.context.State.EnteredTime)';

/** One reporting part in a Parallel branch: reminded until received, reopened up to MAX_REPORTING_ROUNDS. */
function reportingBranch(name: string, step: string, part: 'report' | 'feedback') {
  const round = `$${part}Round`;
  const result = `$${part}`;
  const recorded = (outcome: 'received' | 'not-received') => ({
    ...caseAction(
      {
        action: "'record-assignment-reporting'",
        part: `'${part}'`,
        outcome: `'${outcome}'`,
        rounds: `${round} + 1`,
        ...(outcome === 'received' ? { taskId: `${result}.taskId` } : {}),
      },
      { end: true },
    ),
    Output: jsonata(`{ '${part}': '${outcome}' }`),
  });
  return {
    StartAt: `${name}: first round`,
    States: {
      [`${name}: first round`]: { Type: 'Pass', Assign: { [`${part}Round`]: 0 }, Next: name },
      ...humanStep(name, {
        step,
        phase,
        visit: round,
        assignTo: part,
        payload: {
          stage: "'reporting'",
          dueAt: `$fromMillis(${entered} + (${round} = 0 ? ${dueIn(step)} : ${REOPENED_DUE_DAYS}) * 86400000)`,
          context: `{ 'round': ${round} + 1, 'rounds': ${MAX_REPORTING_ROUNDS}, 'expertCaseId': $assignment.expertCaseId }`,
        },
        timeoutSeconds: `((${round} = 0 ? ${dueIn(step)} : ${REOPENED_DUE_DAYS}) + ${TIMEOUT_AFTER_DUE_DAYS}) * 86400`,
        next: `${name} received`,
        onTimeout: `${name}: another round?`,
      }),
      [`${name}: another round?`]: {
        Type: 'Choice',
        Choices: [
          {
            Condition: jsonata(`${round} < ${MAX_REPORTING_ROUNDS - 1}`),
            Assign: { [`${part}Round`]: jsonata(`${round} + 1`) },
            Next: name,
          },
        ],
        Default: `${name} not received`,
      },
      [`${name} received`]: recorded('received'),
      [`${name} not received`]: recorded('not-received'),
    },
  };
}

export function assignmentPhase() {
  const states: States = {
    Begin: {
      Type: 'Pass',
      Assign: { caseId: jsonata('$states.input.caseId'), reference: jsonata('$states.input.reference') },
      Next: 'Assignment context',
    },
    'Assignment context': caseAction({ action: "'assignment-context'" }, 'Stage: preparation', { assignment: '$states.result.Payload' }),
    // The execution names itself on the case: whatever stops the case's workflow stops this one.
    'Stage: preparation': caseAction(
      { action: "'stage'", stage: "'preparation'", phase: `'${phase}'`, executionName: '$states.context.Execution.Name' },
      'Preparation',
    ),
    ...humanStep('Preparation', {
      step: 'assignment-preparation',
      phase,
      assignTo: 'preparation',
      payload: {
        stage: "'preparation'",
        dueAt: '$assignment.preparationDueAt',
        context:
          "{ 'expertCaseId': $assignment.expertCaseId, 'mode': $assignment.mode, 'windowFrom': $assignment.windowFrom, 'windowTo': $assignment.windowTo }",
      },
      timeoutSeconds: `$max([86400, $round(($toMillis($assignment.preparationDueAt) - ${entered}) / 1000)]) + ${TIMEOUT_AFTER_DUE_DAYS * DAY}`,
      next: 'Record preparation',
      onTimeout: 'Preparation not recorded',
    }),
    'Record preparation': caseAction(
      { action: "'record-assignment-preparation'", taskId: '$preparation.taskId', completedBy: '$preparation.completedBy' },
      'Preparation outcome',
    ),
    'Preparation outcome': {
      Type: 'Choice',
      Choices: [{ Condition: jsonata("$preparation.decision.outcome = 'cancelled'"), Next: 'Close: cancelled' }],
      Default: 'Wait for the start',
    },
    // A window far off: the start step opens when a start can be recorded (EARLY_START_DAYS before it).
    'Wait for the start': { Type: 'Wait', Timestamp: jsonata('$assignment.startOpensAt'), Next: 'Start' },
    ...humanStep('Start', {
      step: 'assignment-start',
      phase,
      assignTo: 'start',
      payload: {
        stage: "'preparation'",
        dueAt: `$fromMillis($max([$toMillis($assignment.plannedStartAt), ${entered}]) + ${START_DUE_DAYS} * 86400000)`,
        context:
          "{ 'expertCaseId': $assignment.expertCaseId, 'windowFrom': $assignment.windowFrom, 'plannedStartAt': $assignment.plannedStartAt }",
      },
      timeoutSeconds: `$round(($max([$toMillis($assignment.plannedStartAt), ${entered}]) - ${entered}) / 1000) + ${(START_DUE_DAYS + TIMEOUT_AFTER_DUE_DAYS) * DAY}`,
      next: 'Record start',
      onTimeout: 'Start not recorded',
    }),
    'Record start': caseAction(
      { action: "'record-assignment-start'", taskId: '$start.taskId', completedBy: '$start.completedBy' },
      'Stage: in progress',
      { started: '$states.result.Payload' },
    ),
    'Stage: in progress': stage('in-progress', 'Wait for mid-term'),
    'Wait for mid-term': { Type: 'Wait', Timestamp: jsonata('$started.midtermAt'), Next: 'Mid-term check' },
    ...humanStep('Mid-term check', {
      step: 'assignment-midterm-check',
      phase,
      assignTo: 'midterm',
      payload: { stage: "'in-progress'", context: "{ 'expertCaseId': $assignment.expertCaseId, 'startedOn': $started.startedOn }" },
      next: 'Record mid-term check',
      // Not checked: supervisors are told (expire-step) and the assignment goes on to its end.
      onTimeout: 'Wait for the planned end',
    }),
    'Record mid-term check': caseAction(
      { action: "'record-assignment-check'", check: "'midterm'", taskId: '$midterm.taskId', completedBy: '$midterm.completedBy' },
      'Mid-term outcome',
    ),
    'Mid-term outcome': {
      Type: 'Choice',
      Choices: [
        {
          Condition: jsonata("$midterm.decision.outcome = 'ended-early'"),
          Assign: { ended: 'ended-early' },
          Next: 'Stage: reporting',
        },
      ],
      Default: 'Wait for the planned end',
    },
    'Wait for the planned end': { Type: 'Wait', Timestamp: jsonata('$started.plannedEndAt'), Next: 'End' },
    ...humanStep('End', {
      step: 'assignment-end',
      phase,
      assignTo: 'end',
      payload: { stage: "'in-progress'", context: "{ 'expertCaseId': $assignment.expertCaseId, 'startedOn': $started.startedOn }" },
      next: 'Record end',
      onTimeout: 'End not recorded',
    }),
    'Record end': caseAction(
      { action: "'record-assignment-check'", check: "'end'", taskId: '$end.taskId', completedBy: '$end.completedBy' },
      'Stage: reporting',
      { ended: '$end.decision.outcome' },
    ),
    'Stage: reporting': stage('reporting', 'Reporting'),
    Reporting: {
      Type: 'Parallel',
      Branches: [
        reportingBranch('Expert report', 'assignment-expert-report', 'report'),
        reportingBranch('Institution feedback', 'assignment-institution-feedback', 'feedback'),
      ],
      Assign: { reporting: jsonata('$merge($states.result)') },
      Next: 'Closure',
    },
    Closure: {
      Type: 'Choice',
      Choices: [{ Condition: jsonata("$ended = 'completed'"), Next: 'Close: completed' }],
      Default: 'Close: ended early',
    },
    'Close: completed': closeWith('assignment-completed', "{ 'report': $reporting.report, 'feedback': $reporting.feedback }"),
    'Close: ended early': closeWith('assignment-ended-early', "{ 'report': $reporting.report, 'feedback': $reporting.feedback }"),
    'Close: cancelled': closeWith('assignment-cancelled', "{ 'reasonCode': $preparation.decision.reasonCode }"),
    'Preparation not recorded': caseAction(
      { action: "'record-assignment-stalled'", step: "'assignment-preparation'" },
      'Close: not prepared',
    ),
    'Close: not prepared': closeWith('stalled-assignment-preparation'),
    'Start not recorded': caseAction({ action: "'record-assignment-stalled'", step: "'assignment-start'" }, 'Close: not started'),
    'Close: not started': closeWith('stalled-assignment-start'),
    'End not recorded': caseAction({ action: "'record-assignment-stalled'", step: "'assignment-end'" }, 'Close: end not recorded'),
    'Close: end not recorded': closeWith('stalled-assignment-end'),
  };
  return {
    Comment:
      "An expert's assignment: preparation, start, mid-term check, end, the expert's report and the institution's feedback (reminded until received), closure",
    QueryLanguage: 'JSONata',
    StartAt: 'Begin',
    TimeoutSeconds: ASSIGNMENT_TIMEOUT_DAYS * DAY,
    States: states,
  };
}
