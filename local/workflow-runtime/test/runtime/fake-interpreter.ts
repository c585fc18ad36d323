import {
  DefinitionError,
  type Effect,
  type ExecutionMeta,
  type ExecutionStatus,
  type HistoryEvent,
  type Interpreter,
  type Signal,
  type StepResult,
} from '../../src/contract.ts';

/**
 * A small stand-in for the real interpreter, implementing the Interpreter contract for a subset of
 * ASL: Pass, Wait (Seconds), Task (Retry, TimeoutSeconds, HeartbeatSeconds, .waitForTaskToken),
 * Succeed, Fail, and a top-level TimeoutSeconds. Task Arguments are passed as given, with the
 * string "$input" replaced by the state input and "$token" by the task token. It lets the runtime
 * tests run without depending on the engine's progress.
 */

interface RetryRule {
  ErrorEquals: string[];
  IntervalSeconds?: number;
  MaxAttempts?: number;
  BackoffRate?: number;
}

interface StateDef {
  Type: string;
  Next?: string;
  End?: boolean;
  Result?: unknown;
  Seconds?: number;
  Resource?: string;
  Arguments?: unknown;
  Retry?: RetryRule[];
  TimeoutSeconds?: number;
  HeartbeatSeconds?: number;
  Error?: string;
  Cause?: string;
}

interface Definition {
  StartAt: string;
  States: Record<string, StateDef>;
  TimeoutSeconds?: number;
}

interface Snap {
  def: Definition;
  state: string;
  input: unknown;
  nextEventId: number;
  seq: number;
  attempts: number;
  waiting?: { kind: 'invoke' | 'wait' | 'retry'; id: string; timeoutTimer?: string; heartbeatTimer?: string };
  execTimer?: string;
}

const SUPPORTED = new Set(['Pass', 'Wait', 'Task', 'Succeed', 'Fail']);

class Step {
  events: HistoryEvent[] = [];
  effects: Effect[] = [];
  status: ExecutionStatus = 'RUNNING';
  output?: unknown;
  error?: string;
  cause?: string;
  constructor(
    readonly snap: Snap,
    readonly now: Date,
    readonly newToken: () => string,
  ) {}

  event(type: string, details: Record<string, unknown> = {}): void {
    const id = this.snap.nextEventId++;
    this.events.push({ timestamp: this.now, type, id, previousEventId: id - 1, ...details });
  }

  effectId(prefix: string): string {
    return `${prefix}${++this.snap.seq}`;
  }

  timer(prefix: string, seconds: number): string {
    const id = this.effectId(prefix);
    this.effects.push({ kind: 'timer', id, dueAt: new Date(this.now.getTime() + seconds * 1000).toISOString() });
    return id;
  }

  result(): StepResult {
    const r: StepResult = { snapshot: this.snap, events: this.events, effects: this.effects, status: this.status };
    if (this.output !== undefined) r.output = this.output;
    if (this.error !== undefined) r.error = this.error;
    if (this.cause !== undefined) r.cause = this.cause;
    return r;
  }

  close(status: ExecutionStatus, type: string, details: Record<string, unknown>): void {
    this.status = status;
    this.event(type, details);
    if (this.snap.execTimer && status !== 'TIMED_OUT') this.effects.push({ kind: 'cancel', id: this.snap.execTimer });
    this.clearWaiting();
  }

  clearWaiting(): void {
    const w = this.snap.waiting;
    if (!w) return;
    this.effects.push({ kind: 'cancel', id: w.id });
    if (w.timeoutTimer) this.effects.push({ kind: 'cancel', id: w.timeoutTimer });
    if (w.heartbeatTimer) this.effects.push({ kind: 'cancel', id: w.heartbeatTimer });
    delete this.snap.waiting;
  }

  /** Runs states until one has to wait for an effect or the execution closes. */
  run(): void {
    for (;;) {
      const def = this.snap.def.States[this.snap.state];
      if (!def) throw new Error(`No state ${this.snap.state}`);
      if (this.snap.attempts === 0) this.event(`${def.Type}StateEntered`, { stateEnteredEventDetails: { name: this.snap.state } });
      switch (def.Type) {
        case 'Pass':
          if (def.Result !== undefined) this.snap.input = def.Result;
          if (!this.next(def)) return;
          break;
        case 'Succeed':
          this.output = this.snap.input;
          this.close('SUCCEEDED', 'ExecutionSucceeded', { executionSucceededEventDetails: { output: JSON.stringify(this.snap.input) } });
          return;
        case 'Fail':
          this.error = def.Error;
          this.cause = def.Cause;
          this.close('FAILED', 'ExecutionFailed', { executionFailedEventDetails: { error: def.Error, cause: def.Cause } });
          return;
        case 'Wait':
          this.snap.waiting = { kind: 'wait', id: this.timer('wait', def.Seconds ?? 0) };
          return;
        case 'Task':
          this.startTask(def);
          return;
        default:
          throw new Error(`Unsupported ${def.Type}`);
      }
    }
  }

  next(def: StateDef): boolean {
    this.event(`${def.Type}StateExited`, { stateExitedEventDetails: { name: this.snap.state, output: JSON.stringify(this.snap.input) } });
    this.snap.attempts = 0;
    if (def.End || !def.Next) {
      this.output = this.snap.input;
      this.close('SUCCEEDED', 'ExecutionSucceeded', { executionSucceededEventDetails: { output: JSON.stringify(this.snap.input) } });
      return false;
    }
    this.snap.state = def.Next;
    return true;
  }

  startTask(def: StateDef): void {
    const resource = def.Resource ?? '';
    const token = resource.endsWith('.waitForTaskToken') ? this.newToken() : undefined;
    const substitute = (v: unknown): unknown => {
      if (v === '$input') return this.snap.input;
      if (v === '$token') return token;
      if (Array.isArray(v)) return v.map(substitute);
      if (typeof v === 'object' && v !== null) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, substitute(x)]));
      return v;
    };
    const parameters = substitute(def.Arguments ?? '$input');
    const id = this.effectId('invoke');
    const effect: Effect = { kind: 'invoke', id, resource, parameters };
    if (token) effect.taskToken = token;
    this.effects.push(effect);
    this.event('TaskScheduled', { taskScheduledEventDetails: { resource, parameters: JSON.stringify(parameters) } });
    this.snap.waiting = { kind: 'invoke', id };
    if (def.TimeoutSeconds) this.snap.waiting.timeoutTimer = this.timer('timeout', def.TimeoutSeconds);
    if (def.HeartbeatSeconds) this.snap.waiting.heartbeatTimer = this.timer('heartbeat', def.HeartbeatSeconds);
  }

  taskFailed(def: StateDef, error: string, cause: string | undefined): void {
    this.clearWaiting();
    this.event(error === 'States.Timeout' ? 'TaskTimedOut' : 'TaskFailed', { taskFailedEventDetails: { error, cause } });
    const rule = def.Retry?.find((r) => r.ErrorEquals.includes(error) || r.ErrorEquals.includes('States.ALL'));
    const max = rule?.MaxAttempts ?? 3;
    if (rule && this.snap.attempts < max) {
      const delay = (rule.IntervalSeconds ?? 1) * (rule.BackoffRate ?? 2) ** this.snap.attempts;
      this.snap.attempts++;
      this.snap.waiting = { kind: 'retry', id: this.timer('retry', delay) };
      return;
    }
    this.error = error;
    this.cause = cause;
    this.close('FAILED', 'ExecutionFailed', { executionFailedEventDetails: { error, cause } });
  }
}

export function createFakeInterpreter(): Interpreter {
  return {
    validate(definition: string): void {
      const def = JSON.parse(definition) as Definition;
      for (const [name, state] of Object.entries(def.States)) {
        if (!SUPPORTED.has(state.Type)) throw new DefinitionError(`The ${state.Type} state type is not supported`, name);
      }
    },
    start(definition: string, meta: ExecutionMeta, now: Date, newToken: () => string): StepResult {
      const def = JSON.parse(definition) as Definition;
      const snap: Snap = { def, state: def.StartAt, input: meta.input, nextEventId: 1, seq: 0, attempts: 0 };
      const step = new Step(snap, now, newToken);
      step.event('ExecutionStarted', { executionStartedEventDetails: { input: meta.inputText, roleArn: meta.roleArn } });
      if (def.TimeoutSeconds) snap.execTimer = step.timer('exec', def.TimeoutSeconds);
      step.run();
      return step.result();
    },
    resume(snapshot: unknown, signal: Signal, now: Date, newToken: () => string): StepResult {
      const snap = structuredClone(snapshot) as Snap;
      const step = new Step(snap, now, newToken);
      const def = snap.def.States[snap.state];
      if (!def) throw new Error('bad snapshot');
      const w = snap.waiting;
      if (signal.kind === 'stop') {
        step.error = signal.error;
        step.cause = signal.cause;
        step.close('ABORTED', 'ExecutionAborted', { executionAbortedEventDetails: { error: signal.error, cause: signal.cause } });
      } else if (signal.kind === 'timerFired' && signal.effectId === snap.execTimer) {
        step.error = 'States.Timeout';
        step.close('TIMED_OUT', 'ExecutionTimedOut', { executionTimedOutEventDetails: { error: 'States.Timeout' } });
      } else if (!w) {
        // Nothing is waiting: a stale signal.
      } else if (signal.kind === 'timerFired' && w.kind === 'wait' && signal.effectId === w.id) {
        delete snap.waiting;
        if (step.next(def)) step.run();
      } else if (signal.kind === 'timerFired' && w.kind === 'retry' && signal.effectId === w.id) {
        delete snap.waiting;
        step.startTask(def);
      } else if (signal.kind === 'timerFired' && (signal.effectId === w.timeoutTimer || signal.effectId === w.heartbeatTimer)) {
        if (signal.effectId === w.timeoutTimer) delete w.timeoutTimer;
        else delete w.heartbeatTimer;
        step.taskFailed(def, 'States.Timeout', signal.effectId.startsWith('heartbeat') ? 'heartbeat' : 'timeout');
      } else if (signal.kind === 'heartbeat' && w.kind === 'invoke' && signal.effectId === w.id) {
        if (w.heartbeatTimer) {
          step.effects.push({ kind: 'cancel', id: w.heartbeatTimer });
          w.heartbeatTimer = step.timer('heartbeat', def.HeartbeatSeconds ?? 0);
        }
      } else if (signal.kind === 'invokeSucceeded' && w.kind === 'invoke' && signal.effectId === w.id) {
        if (w.timeoutTimer) step.effects.push({ kind: 'cancel', id: w.timeoutTimer });
        if (w.heartbeatTimer) step.effects.push({ kind: 'cancel', id: w.heartbeatTimer });
        delete snap.waiting;
        const wrap = def.Resource === 'arn:aws:states:::lambda:invoke';
        snap.input = wrap ? { Payload: signal.output } : signal.output;
        step.event('TaskSucceeded', { taskSucceededEventDetails: { output: JSON.stringify(snap.input) } });
        if (step.next(def)) step.run();
      } else if (signal.kind === 'invokeFailed' && w.kind === 'invoke' && signal.effectId === w.id) {
        step.taskFailed(def, signal.error, signal.cause);
      }
      return step.result();
    },
  };
}
