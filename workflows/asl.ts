// Building blocks for our JSONata state machines. A human step is a .waitForTaskToken task that
// opens a task item; every human step has a timeout and a path for it.
import { stepDefinition } from '../domain/tasks/steps.ts';
import { stepTimeoutSeconds } from '../domain/tasks/reminders.ts';

export type State = Record<string, unknown>;
export type States = Record<string, State>;

/** Placeholders replaced by CDK DefinitionSubstitutions (ARNs known only at deploy time). */
export const sub = {
  openHumanTask: '${OpenHumanTaskFunctionArn}',
  caseActions: '${CaseActionsFunctionArn}',
  /** The casework's EventBridge Scheduler role and group, for a phase that creates schedules. */
  schedulerRole: '${SchedulerRoleArn}',
  scheduleGroup: '${ScheduleGroupName}',
  /** The SQS queue an undeliverable schedule's event goes to once its retries are spent. */
  scheduleDeadLetters: '${ScheduleDeadLetterArn}',
} as const;

/** 'check-in' → 'CheckIn': how a phase names its construct and its ARN's placeholder. */
export function pascalCase(kebab: string): string {
  return kebab
    .split('-')
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join('');
}

/** The name of the placeholder of a sibling phase's state machine ARN: 'TravelStateMachineArn'. */
export function phaseArnPlaceholder(phase: string): string {
  return `${pascalCase(phase)}StateMachineArn`;
}

/**
 * A sibling phase's state machine ARN in a definition, `${TravelStateMachineArn}`: the programme's
 * construct fills it in (and grants the start) from the phase's name.
 */
export function phaseArn(phase: string): string {
  return `\${${phaseArnPlaceholder(phase)}}`;
}

/** Transient Lambda errors: retried with backoff, never a business outcome. */
export const lambdaRetry = [
  { ErrorEquals: ['States.Timeout'], MaxAttempts: 0 },
  {
    ErrorEquals: [
      'Lambda.ServiceException',
      'Lambda.AWSLambdaException',
      'Lambda.SdkClientException',
      'Lambda.TooManyRequestsException',
      'Lambda.Unknown',
    ],
    IntervalSeconds: 2,
    MaxAttempts: 6,
    BackoffRate: 2,
    JitterStrategy: 'FULL',
  },
  // Our own functions fail on a dependency (e.g. DynamoDB throttling): retry, more slowly.
  { ErrorEquals: ['States.TaskFailed'], IntervalSeconds: 5, MaxAttempts: 4, BackoffRate: 3 },
];

export interface HumanStepOptions {
  step: string;
  phase: string;
  next: string;
  /** JSONata (without the {% %}) for extra fields of the open-task payload. */
  payload?: Record<string, string>;
  /** The result is assigned to this variable: { taskId, step, decision, completedBy, completedAt }. */
  assignTo: string;
  /** Where to go when the step times out (after reminders and escalation). */
  onTimeout: string;
  /** Override of the step's timeout, JSONata. */
  timeoutSeconds?: string;
  /**
   * For a step a loop may enter again: JSONata of the loop counter, so that each entry opens its own
   * task even when entered twice in the same millisecond (a retried invocation keeps the same entry).
   */
  visit?: string;
  /** JSONata of extra fields for the expire-step action on timeout (e.g. which service's step). */
  expire?: Record<string, string>;
}

const jsonata = (expression: string) => `{% ${expression} %}`;

/** A human step: opens a task, waits for its decision (or times out, then expires the task). */
export function humanStep(name: string, options: HumanStepOptions): States {
  const definition = stepDefinition(options.step);
  if (!definition) throw new Error(`unknown step ${options.step}`);
  const timedOut = `${name} timed out`;
  return {
    [name]: {
      Type: 'Task',
      Comment: `Human step: ${definition.title.en} (${definition.roles.join(' or ')})`,
      Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken',
      Arguments: {
        FunctionName: sub.openHumanTask,
        Payload: {
          token: jsonata('$states.context.Task.Token'),
          stateEntry: jsonata(
            `$states.context.Execution.Id & '#' & $states.context.State.Name & '#' & $states.context.State.EnteredTime${options.visit ? ` & '#' & $string(${options.visit})` : ''}`,
          ),
          caseId: jsonata('$caseId'),
          phase: options.phase,
          step: options.step,
          ...Object.fromEntries(Object.entries(options.payload ?? {}).map(([key, value]) => [key, jsonata(value)])),
        },
      },
      ...(options.timeoutSeconds
        ? { TimeoutSeconds: jsonata(options.timeoutSeconds) }
        : { TimeoutSeconds: stepTimeoutSeconds(definition.dueInDays) }),
      Retry: lambdaRetry,
      Assign: { [options.assignTo]: jsonata('$states.result') },
      Catch: [{ ErrorEquals: ['States.Timeout'], Next: timedOut }],
      Next: options.next,
    },
    [timedOut]: caseAction({ action: "'expire-step'", step: `'${options.step}'`, ...options.expire }, options.onTimeout),
  };
}

/** A request-response call to the case-actions function. Fields are JSONata expressions. */
export function caseAction(fields: Record<string, string>, next: string | { end: true }, assign?: Record<string, string>): State {
  return {
    Type: 'Task',
    Resource: 'arn:aws:states:::lambda:invoke',
    Arguments: {
      FunctionName: sub.caseActions,
      Payload: { caseId: jsonata('$caseId'), ...Object.fromEntries(Object.entries(fields).map(([key, value]) => [key, jsonata(value)])) },
    },
    Retry: lambdaRetry,
    ...(assign ? { Assign: Object.fromEntries(Object.entries(assign).map(([key, value]) => [key, jsonata(value)])) } : {}),
    Output: jsonata('$states.input'),
    ...('end' in (typeof next === 'object' ? next : {}) ? { End: true } : { Next: next }),
  };
}

/**
 * What follows a `states:startExecution` task that starts an execution by name: transient errors
 * retried; the name already taken means it was started by an earlier attempt of this state, "already
 * done", so no retry (States.TaskFailed would match it too) but straight on to `next`.
 */
export function startedByName(next: string): State {
  return {
    Retry: [
      { ErrorEquals: ['StepFunctions.ExecutionAlreadyExistsException'], MaxAttempts: 0 },
      {
        ErrorEquals: ['StepFunctions.SfnException', 'StepFunctions.ThrottlingException', 'States.TaskFailed'],
        IntervalSeconds: 2,
        MaxAttempts: 5,
        BackoffRate: 2,
      },
    ],
    Catch: [{ ErrorEquals: ['StepFunctions.ExecutionAlreadyExistsException'], Next: next }],
    Output: jsonata('$states.input'),
    Next: next,
  };
}

/**
 * Starts a sibling phase of the same case, named `{caseId}-{phase}` (so a retry cannot start it
 * twice: an execution of that name already there counts as started), then goes on to `next`.
 */
export function startPhase(phase: string, next: string, input: string): State {
  return {
    Type: 'Task',
    Resource: 'arn:aws:states:::states:startExecution',
    Arguments: {
      StateMachineArn: phaseArn(phase),
      Name: jsonata(`$caseId & '-${phase}'`),
      Input: jsonata(input),
    },
    ...startedByName(next),
  };
}

/** Closes the case with a reason and ends the execution successfully. */
export function closeWith(reason: string, details?: string): State {
  return caseAction({ action: "'close'", reason: `'${reason}'`, ...(details ? { details } : {}) }, { end: true });
}

/**
 * The execution records itself on the case as it starts (`case.workflow`: its phase and its name,
 * `$states.context.Execution.Name`), before any step: the case says the phase it is really in.
 */
export function recordExecution(phase: string, next: string): State {
  return caseAction({ action: "'execution'", phase: `'${phase}'`, executionName: '$states.context.Execution.Name' }, next);
}

export function stage(stageName: string, next: string, extra: Record<string, string> = {}): State {
  return caseAction({ action: "'stage'", stage: `'${stageName}'`, ...extra }, next);
}

export { jsonata };

/**
 * The item processor of a Map that creates, per item, a one-time EventBridge Scheduler schedule
 * starting an execution of `phase` named `name` (a JSONata expression: `$caseId & '-' & …`), so that
 * a schedule delivered twice cannot start it twice. The schedule lives in the casework's group (its
 * role may create schedules there only) and deletes itself once run; throttling is retried, and a
 * schedule an earlier attempt created is taken as done. `at`: the JSONata time in milliseconds;
 * `input`: the JSONata object the execution starts with. AVRR's check-ins and the youth follow-ups.
 */
export function scheduledStarts(
  stateName: string,
  options: { phase: string; name: string; at: string; input: string },
): Record<string, unknown> {
  return {
    ProcessorConfig: { Mode: 'INLINE' },
    StartAt: stateName,
    States: {
      [stateName]: {
        Type: 'Task',
        Resource: 'arn:aws:states:::aws-sdk:scheduler:createSchedule',
        Arguments: {
          Name: jsonata(options.name),
          GroupName: sub.scheduleGroup,
          ScheduleExpression: jsonata(`'at(' & $substring($fromMillis(${options.at}), 0, 19) & ')'`),
          ScheduleExpressionTimezone: 'UTC',
          FlexibleTimeWindow: { Mode: 'OFF' },
          ActionAfterCompletion: 'DELETE',
          // The universal StartExecution target, so that the execution is named after the case.
          Target: {
            Arn: 'arn:aws:scheduler:::aws-sdk:sfn:startExecution',
            RoleArn: sub.schedulerRole,
            RetryPolicy: { MaximumRetryAttempts: 10, MaximumEventAgeInSeconds: 86_400 },
            DeadLetterConfig: { Arn: sub.scheduleDeadLetters },
            Input: jsonata(
              `$string({ 'StateMachineArn': '${phaseArn(options.phase)}', 'Name': ${options.name}, 'Input': $string(${options.input}) })`,
            ),
          },
        },
        Retry: [
          {
            ErrorEquals: ['Scheduler.ThrottlingException', 'Scheduler.InternalServerException'],
            IntervalSeconds: 2,
            MaxAttempts: 5,
            BackoffRate: 2,
          },
        ],
        Catch: [{ ErrorEquals: ['Scheduler.ConflictException'], Next: 'Already scheduled' }],
        End: true,
      },
      'Already scheduled': { Type: 'Pass', End: true },
    },
  };
}
