// Runs one state machine definition (as built by workflows/avrr-definitions.ts) on the pure local
// interpreter, with a virtual clock and every Lambda function and service integration stubbed: no
// I/O, no timers, no Java, a few milliseconds per scenario. A test stubs case actions by payload
// `action` (or any invoke by function ARN / service resource), answers human steps by step name
// (`complete`) or lets them time out (`timeOut`, `advance`), and reads a trace: states entered, case
// actions called, human steps opened, executions started, schedules created, final status and
// output. Every run also records the Choice branches and timeout paths it took in a per-workflow
// registry, so that a suite can check (`uncoveredPaths`) that its scenarios took every one of them.
// This is the only test module of the casework that imports the interpreter.
import {
  createInterpreter,
  type ExecutionMeta,
  type ExecutionStatus,
  type HistoryEvent,
  type Signal,
  type StepResult,
} from 'local-workflow-runtime';
import { isAttentionState } from '../../workflows/attention.ts';

const REGION = 'eu-west-1';
const ACCOUNT = '123456789012';
const functionArn = (name: string) => `arn:aws:lambda:${REGION}:${ACCOUNT}:function:${name}`;
const stateMachineArn = (name: string) => `arn:aws:states:${REGION}:${ACCOUNT}:stateMachine:${name}`;

/** Fake ARNs for the placeholders CDK's DefinitionSubstitutions fill in (infra/constructs/workflows/case-workflow.ts, programme-workflows.ts). */
export const ARNS = {
  OpenHumanTaskFunctionArn: functionArn('open-human-task'),
  CaseActionsFunctionArn: functionArn('case-actions'),
  TravelStateMachineArn: stateMachineArn('avrr-travel'),
  ReintegrationStateMachineArn: stateMachineArn('avrr-reintegration'),
  CheckInStateMachineArn: stateMachineArn('avrr-check-in'),
  SchedulerRoleArn: `arn:aws:iam::${ACCOUNT}:role/scheduler`,
  ScheduleDeadLetterArn: `arn:aws:sqs:${REGION}:${ACCOUNT}:schedule-dead-letters`,
  // Not an ARN: the schedule group's name, substituted the same way.
  ScheduleGroupName: 'casework',
} as const;

/**
 * The definition as deployed: JSON with every `${Placeholder}` replaced, a sibling phase of any
 * programme (`${<Phase>StateMachineArn}`) by a fake ARN named `<Phase>` unless ARNS names it; an
 * unknown placeholder is an error.
 */
export function substitute(definition: object): string {
  return JSON.stringify(definition).replace(/\$\{(\w+)\}/g, (_, key: string) => {
    if (key in ARNS) return ARNS[key as keyof typeof ARNS];
    if (/^\w+StateMachineArn$/.test(key)) return stateMachineArn(key.replace(/StateMachineArn$/, ''));
    throw new Error(`no substitution for \${${key}}`);
  });
}

type Payload = Record<string, unknown>;

/** Thrown by a stub: the invocation fails with this Step Functions error name (e.g. Lambda.Unknown, Scheduler.ConflictException). */
export class TaskFailure extends Error {
  constructor(
    readonly error: string,
    readonly causeText = '',
  ) {
    super(`${error} ${causeText}`);
  }
}

export interface Invocation {
  /** The Task's Resource, e.g. arn:aws:states:::lambda:invoke, arn:aws:states:::aws-sdk:scheduler:createSchedule. */
  resource: string;
  parameters: Payload;
  /** The Lambda payload (Arguments.Payload) for Lambda invokes, else the parameters. */
  payload: Payload;
  now: Date;
}

/** Which invocations a stub answers; every field given must match. */
export interface StubMatch {
  functionArn?: string;
  /** Resource suffix after arn:aws:states:::, e.g. 'states:startExecution', 'aws-sdk:scheduler:createSchedule'. */
  service?: string;
  action?: string;
  step?: string;
  /** Any other condition on the invocation. */
  when?: (invocation: Invocation) => boolean;
}

export type StubAnswer = (invocation: Invocation) => unknown;

export interface HumanTask {
  effectId: string;
  token: string;
  /** The Task state that opened it (from the payload's stateEntry). */
  state: string;
  step: string;
  payload: Payload;
  openedAt: Date;
}

export interface Trace {
  /** States entered, in the order of the history (Parallel branches interleaved). */
  states: string[];
  /** Payloads sent to the case-actions function, one per invocation (retries included). */
  caseActions: Payload[];
  /** Steps of the human tasks opened, in order. */
  humanSteps: string[];
  /** states:startExecution calls. */
  started: { stateMachineArn: string; name: string; input: unknown }[];
  /** scheduler:createSchedule calls. */
  schedules: Payload[];
  status: ExecutionStatus;
  output?: unknown;
  error?: string;
  cause?: string;
}

interface PendingInvoke {
  id: string;
  resource: string;
  parameters: Payload;
  taskToken?: string;
}

export const T0 = new Date('2026-12-01T08:00:00.000Z');
const DAY = 86_400_000;

const interpreter = createInterpreter({ liveExecutions: 100 });
const coverage = new Map<string, Set<string>>();
const record = (workflow: string, key: string) => {
  const keys = coverage.get(workflow) ?? new Set<string>();
  keys.add(key);
  coverage.set(workflow, keys);
};

const isPayload = (value: unknown): value is Payload => typeof value === 'object' && value !== null && !Array.isArray(value);
const detailName = (event: HistoryEvent | undefined, field: string): string | undefined => {
  const details = event?.[field];
  return isPayload(details) && typeof details.name === 'string' ? details.name : undefined;
};

export class WorkflowRun {
  readonly trace: Trace = { states: [], caseActions: [], humanSteps: [], started: [], schedules: [], status: 'RUNNING' };
  now = T0;
  private snapshot: unknown;
  private readonly definition: string;
  private readonly stubs: { match: StubMatch; answer: StubAnswer }[] = [];
  private readonly timers = new Map<string, number>();
  private readonly tasks = new Map<string, HumanTask>();
  private readonly events = new Map<number, HistoryEvent>();
  private tokens = 0;
  private queue: PendingInvoke[] = [];
  private performing = false;

  /** `workflow` names the coverage registry entry (e.g. 'avrr-return'). */
  constructor(
    private readonly workflow: string,
    definition: object,
  ) {
    this.definition = substitute(definition);
  }

  /** Answers matching invocations; later stubs take precedence. Throw a TaskFailure to fail the invocation. */
  stub(match: StubMatch, answer: StubAnswer): this {
    this.stubs.unshift({ match, answer });
    return this;
  }

  start(input: Payload, executionName = `${typeof input.caseId === 'string' ? input.caseId : 'case'}-${this.workflow}`): this {
    const meta: ExecutionMeta = {
      executionArn: `arn:aws:states:${REGION}:${ACCOUNT}:execution:${this.workflow}:${executionName}`,
      name: executionName,
      stateMachineArn: stateMachineArn(this.workflow),
      stateMachineName: this.workflow,
      roleArn: `arn:aws:iam::${ACCOUNT}:role/${this.workflow}`,
      startTime: this.now.toISOString(),
      input,
      inputText: JSON.stringify(input),
    };
    this.apply(interpreter.start(this.definition, meta, this.now, this.newToken));
    return this;
  }

  /** The human tasks waiting for a decision. */
  openTasks(): HumanTask[] {
    return [...this.tasks.values()];
  }

  /** The one open task for a step (or of a Task state, by name). */
  task(stepOrState: string): HumanTask {
    const found = this.openTasks().filter((task) => task.step === stepOrState || task.state === stepOrState);
    if (found.length !== 1 || !found[0]) {
      throw new Error(
        `expected one open task for ${stepOrState}, open: ${
          this.openTasks()
            .map((t) => `${t.state} (${t.step})`)
            .join(', ') || 'none'
        }`,
      );
    }
    return found[0];
  }

  /** Completes a human step as SendTaskSuccess does (domain/tasks/complete-task.ts). */
  complete(stepOrState: string, decision: Payload, completedBy = 'caseworker-1'): this {
    return this.completeTask(this.task(stepOrState), decision, completedBy);
  }

  /** Completes one given open task (e.g. one of several open at once for the same step, in a Map). */
  completeTask(task: HumanTask, decision: Payload, completedBy = 'caseworker-1'): this {
    const output = { taskId: `task-${task.effectId}`, step: task.step, decision, completedBy, completedAt: this.now.toISOString() };
    this.tasks.delete(task.effectId);
    return this.signal({ kind: 'invokeSucceeded', effectId: task.effectId, output });
  }

  /** Lets time pass until the step's task stops waiting (its timeout, or anything due earlier). */
  timeOut(stepOrState: string): this {
    const task = this.task(stepOrState);
    while (this.tasks.has(task.effectId)) {
      const next = Math.min(...this.timers.values());
      if (!Number.isFinite(next)) throw new Error(`${stepOrState} waits with no timer pending`);
      this.advanceTo(next);
    }
    return this;
  }

  /** Moves the virtual clock forward, firing every timer (Wait, task timeout, retry backoff) due on the way. */
  advance(by: { days?: number; hours?: number; seconds?: number }): this {
    this.advanceTo(this.now.getTime() + (by.days ?? 0) * DAY + (by.hours ?? 0) * 3_600_000 + (by.seconds ?? 0) * 1000);
    return this;
  }

  private advanceTo(target: number): void {
    for (;;) {
      const due = [...this.timers].filter(([, at]) => at <= target).sort((a, b) => a[1] - b[1])[0];
      if (!due || this.trace.status !== 'RUNNING') break;
      this.timers.delete(due[0]);
      this.now = new Date(Math.max(this.now.getTime(), due[1]));
      this.signal({ kind: 'timerFired', effectId: due[0] });
    }
    this.now = new Date(Math.max(this.now.getTime(), target));
  }

  private readonly newToken = () => `token-${++this.tokens}`;

  private signal(signal: Signal): this {
    this.apply(interpreter.resume(this.snapshot, signal, this.now, this.newToken));
    return this;
  }

  private apply(result: StepResult): void {
    this.snapshot = result.snapshot;
    Object.assign(this.trace, { status: result.status, output: result.output, error: result.error, cause: result.cause });
    for (const event of result.events) this.observe(event);
    for (const effect of result.effects) {
      if (effect.kind === 'timer') this.timers.set(effect.id, Date.parse(effect.dueAt));
      else if (effect.kind === 'cancel') {
        this.timers.delete(effect.id);
        this.tasks.delete(effect.id);
        this.queue = this.queue.filter((invoke) => invoke.id !== effect.id);
      } else if (effect.kind === 'invoke')
        this.queue.push({ ...effect, parameters: isPayload(effect.parameters) ? effect.parameters : {} });
    }
    // Invocations are performed one at a time, in order; each answer may bring (or cancel) others.
    if (this.performing) return;
    this.performing = true;
    try {
      for (let invoke = this.queue.shift(); invoke && this.trace.status === 'RUNNING'; invoke = this.queue.shift()) this.perform(invoke);
    } finally {
      this.performing = false;
    }
  }

  private observe(event: HistoryEvent): void {
    this.events.set(event.id, event);
    const entered = detailName(event, 'stateEnteredEventDetails');
    if (!entered) return;
    this.trace.states.push(entered);
    record(this.workflow, `state:${entered}`);
    const previous = this.events.get(event.previousEventId);
    if (previous?.type === 'ChoiceStateExited')
      record(this.workflow, `choice:${detailName(previous, 'stateExitedEventDetails')}->${entered}`);
    // A timeout caught: TaskTimedOut, then the Task state exits into its catcher.
    const beforeExit = previous?.type === 'TaskStateExited' ? this.events.get(previous.previousEventId) : undefined;
    if (beforeExit?.type === 'TaskTimedOut')
      record(this.workflow, `timeout:${detailName(previous, 'stateExitedEventDetails')}->${entered}`);
    // Any other failure caught (the attention catchers of workflows/attention.ts).
    else if (beforeExit?.type.endsWith('Failed'))
      record(this.workflow, `catch:${detailName(previous, 'stateExitedEventDetails')}->${entered}`);
  }

  private perform(invoke: PendingInvoke): void {
    const { resource, parameters } = invoke;
    const isLambda = resource.startsWith('arn:aws:states:::lambda:invoke');
    const payload = isLambda && isPayload(parameters.Payload) ? parameters.Payload : parameters;
    const fn = isLambda ? String(parameters.FunctionName) : undefined;
    const service = resource.replace(/^arn:aws:states:::/, '');
    if (fn === ARNS.CaseActionsFunctionArn) this.trace.caseActions.push(payload);
    if (service === 'states:startExecution') {
      const input = typeof parameters.Input === 'string' ? (JSON.parse(parameters.Input) as unknown) : parameters.Input;
      this.trace.started.push({ stateMachineArn: String(parameters.StateMachineArn), name: String(parameters.Name), input });
    }
    if (service === 'aws-sdk:scheduler:createSchedule') this.trace.schedules.push(parameters);

    const invocation = { resource, parameters, payload, now: this.now };
    const stub = this.stubs.find(
      ({ match }) =>
        (match.functionArn === undefined || match.functionArn === fn) &&
        (match.service === undefined || match.service === service) &&
        (match.action === undefined || match.action === payload.action) &&
        (match.step === undefined || match.step === payload.step) &&
        (match.when === undefined || match.when(invocation)),
    );
    let output: unknown;
    try {
      output = stub ? stub.answer(invocation) : defaultAnswer(service, parameters, this.now);
    } catch (error) {
      if (!(error instanceof TaskFailure)) throw error;
      this.signal({ kind: 'invokeFailed', effectId: invoke.id, error: error.error, cause: error.causeText });
      return;
    }
    if (invoke.taskToken) {
      // The function opened the task; the decision comes later (complete) or never (timeOut).
      const stateEntry = typeof payload.stateEntry === 'string' ? payload.stateEntry : '';
      const task = {
        effectId: invoke.id,
        token: invoke.taskToken,
        state: stateEntry.split('#')[1] ?? '',
        step: String(payload.step),
        payload,
        openedAt: this.now,
      };
      this.tasks.set(invoke.id, task);
      this.trace.humanSteps.push(task.step);
      return;
    }
    this.signal({ kind: 'invokeSucceeded', effectId: invoke.id, output });
  }
}

function defaultAnswer(service: string, parameters: Payload, now: Date): unknown {
  if (service === 'states:startExecution') {
    const machine = String(parameters.StateMachineArn).split(':').pop() ?? '';
    return {
      ExecutionArn: `arn:aws:states:${REGION}:${ACCOUNT}:execution:${machine}:${String(parameters.Name)}`,
      StartDate: now.getTime(),
    };
  }
  if (service === 'aws-sdk:scheduler:createSchedule')
    return { ScheduleArn: `arn:aws:scheduler:${REGION}:${ACCOUNT}:schedule/default/${String(parameters.Name)}` };
  return {};
}

// --- coverage ---------------------------------------------------------------------------------

interface StateNode {
  Type?: string;
  Choices?: { Next?: string }[];
  Default?: string;
  Catch?: { ErrorEquals: string[]; Next: string }[];
  Branches?: { States: Record<string, StateNode> }[];
  ItemProcessor?: { States: Record<string, StateNode> };
}

/**
 * What the scenarios of a workflow must take: every state, every Choice branch (Default included)
 * and every timeout path (a Task's States.Timeout catcher), as readable labels by registry key.
 */
export function requiredPaths(definition: { States: Record<string, unknown> }): Map<string, string> {
  const required = new Map<string, string>();
  const visit = (states: Record<string, StateNode>) => {
    for (const [name, state] of Object.entries(states)) {
      required.set(`state:${name}`, `state "${name}" entered`);
      if (state.Type === 'Choice') {
        const targets = [...(state.Choices ?? []).map((choice) => choice.Next ?? ''), state.Default ?? ''];
        targets.forEach((target, index) => {
          const branch = index === targets.length - 1 ? 'Default' : `branch ${index}`;
          // Branches are told apart by their target: two branches to one state cannot be checked.
          if (targets.indexOf(target) !== index)
            required.set(`ambiguous:${name}:${index}`, `Choice "${name}" ${branch} shares its target "${target}"`);
          else if (target) required.set(`choice:${name}->${target}`, `Choice "${name}" ${branch} → "${target}"`);
        });
      }
      const timeout = state.Catch?.find(
        (catcher) =>
          catcher.ErrorEquals.includes('States.Timeout') || (catcher.ErrorEquals.includes('States.ALL') && !isAttentionState(catcher.Next)),
      );
      if (timeout) required.set(`timeout:${name}->${timeout.Next}`, `"${name}" timing out → "${timeout.Next}"`);
      const attention = state.Catch?.find((catcher) => catcher.ErrorEquals.includes('States.ALL') && isAttentionState(catcher.Next));
      if (attention) required.set(`catch:${name}->${attention.Next}`, `"${name}" failing → "${attention.Next}"`);
      for (const branch of state.Branches ?? []) visit(branch.States);
      if (state.ItemProcessor) visit(state.ItemProcessor.States);
    }
  };
  visit(definition.States as Record<string, StateNode>);
  return required;
}

/** Whether a required path belongs to the attention sequence every definition gets (workflows/attention.ts). */
function isAttentionPath(key: string): boolean {
  const [kind, rest = ''] = key.split(/:(.*)/s);
  if (kind === 'catch') return true;
  const [from = '', to = ''] = rest.split('->');
  return isAttentionState(kind === 'ambiguous' ? rest.split(':')[0]! : from) || (kind === 'timeout' && isAttentionState(to));
}

/**
 * The labels of the required paths that no run of this workflow (in this test file) has taken. The
 * attention sequence's paths (workflows/attention.ts: every Task's failure caught, the generated
 * states and the Choice back to each failed state) are not asked of a programme's own scenarios:
 * test/workflows/attention.test.ts takes every one of them on every deployed definition
 * (`uncoveredAttentionPaths`), so a workflow test may run its process with or without them.
 */
export function uncoveredPaths(workflow: string, definition: { States: Record<string, unknown> }): string[] {
  const covered = coverage.get(workflow) ?? new Set<string>();
  return [...requiredPaths(definition)].filter(([key]) => !isAttentionPath(key) && !covered.has(key)).map(([, label]) => label);
}

/** The attention sequence's paths of a definition that no run of this workflow (in this test file) has taken. */
export function uncoveredAttentionPaths(workflow: string, definition: { States: Record<string, unknown> }): string[] {
  const covered = coverage.get(workflow) ?? new Set<string>();
  return [...requiredPaths(definition)].filter(([key]) => isAttentionPath(key) && !covered.has(key)).map(([, label]) => label);
}
