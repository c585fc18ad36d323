import { applyPath, applyResultPath, evalJsonataTemplate, evalJsonPathAssign, evalPayloadTemplate, EvaluationError } from '../dataflow.ts';
import type { EvalEnv, Scope, StatesBinding } from '../dataflow.ts';
import { errorMatches, SfnError } from '../errors.ts';
import { entered, exited, NO_DETAILS } from '../history.ts';
import type { Gen } from '../scheduler.ts';
import { classifyResource } from '../resources.ts';
import type { BranchDef, Catcher, StateDef } from '../types.ts';
import { runChoice } from './choice.ts';
import {
  contextObject,
  FailStateError,
  isQuiet,
  nextOf,
  waitSignal,
  type BranchCtx,
  type RunBranch,
  type StateEnv,
  type StateResult,
} from './context.ts';
import { runFail } from './fail.ts';
import { runMap } from './map.ts';
import { runParallel } from './parallel.ts';
import { runPass } from './pass.ts';
import { runSucceed } from './succeed.ts';
import { runTask } from './task.ts';
import { runWait } from './wait.ts';

export { FailStateError, type Machine } from './context.ts';

/** Runs a branch from its StartAt, or from `from` (the state of a checkpoint). */
export function* runBranch(c: BranchCtx, branch: BranchDef, input: unknown, from?: string): Gen<unknown> {
  let name: string | null = from ?? branch.StartAt;
  let value = input;
  while (name !== null) {
    const def = branch.States[name];
    if (!def) throw new SfnError('States.Runtime', `Unknown state ${name}`);
    const t = def.Type;
    // The states that can never pause run as plain calls: no generator, no yield* hop.
    let r: StateResult;
    if (t === 'Pass' || t === 'Choice' || t === 'Succeed' || t === 'Fail') r = runQuickState(c, name, def, value);
    else {
      if (c.root) c.m.checkpoint(name, value, c.scope.vars);
      r = yield* runState(c, name, def, value);
    }
    value = r.output;
    name = r.next;
  }
  return value;
}

/**
 * The `$states` binding: its context object built on first read (most expressions never read it),
 * once. Its own properties are the data (input, result, errorOutput); the context is a getter and
 * the rest is private, so the fast JSONata path reads it as the plain binding (jsonata-sync.ts), and
 * JSON (a `$states` answer) and the worker get the plain object (toJSON, dataflow.ts).
 */
class LazyStates implements StatesBinding {
  readonly #run: StateRun;
  #ctx: unknown = undefined;
  #built = false;
  declare result?: unknown;
  declare errorOutput?: unknown;

  constructor(
    readonly input: unknown,
    run: StateRun,
    extra: Partial<StatesBinding>,
  ) {
    this.#run = run;
    if ('result' in extra) this.result = extra.result;
    if ('errorOutput' in extra) this.errorOutput = extra.errorOutput;
  }

  get context(): unknown {
    if (!this.#built) {
      this.#ctx = this.#run.context;
      this.#built = true;
    }
    return this.#ctx;
  }

  toJSON(): StatesBinding {
    const out: StatesBinding = { input: this.input, context: this.context };
    if ('result' in this) out.result = this.result;
    if ('errorOutput' in this) out.errorOutput = this.errorOutput;
    return out;
  }
}

/**
 * A state being run: its entered event, what its logic sees (StateEnv), its evaluation environment
 * (EvalEnv), and what Retry and a token change later. One object with methods, not a set of
 * closures: a state costs one allocation (a chain of Pass states is mostly this).
 */
class StateRun implements StateEnv, EvalEnv {
  readonly jsonata: boolean;
  readonly enteredId: number;
  /** The event before the entered one (AWS chains EvaluationFailed to it, except in Wait). */
  private readonly enteredPrev: number;
  /** The clock is replaced (never changed in place) when a signal arrives: the entry time. */
  private readonly enteredAt: Date;
  retryCount = 0;
  token: string | undefined = undefined;

  constructor(
    readonly c: BranchCtx,
    readonly name: string,
    readonly def: StateDef,
    readonly input: unknown,
  ) {
    const s = c.m.sched;
    this.jsonata = (def.QueryLanguage ?? c.ql) === 'JSONata';
    this.enteredPrev = s.last;
    this.enteredId = s.emit(`${def.Type}StateEntered`, s.records ? entered(name, input) : NO_DETAILS);
    this.enteredAt = s.now;
  }

  get env(): EvalEnv {
    return this;
  }

  get stateName(): string {
    return this.name;
  }

  get scope(): Scope {
    return this.c.scope;
  }

  get runBranch(): RunBranch {
    return runBranch;
  }

  get context(): Record<string, unknown> {
    const type = this.def.Type;
    // Only states that can retry carry State.RetryCount.
    return contextObject(
      this.c,
      this.name,
      this.enteredAt.toISOString(),
      type === 'Task' || type === 'Map' || type === 'Parallel' ? this.retryCount : undefined,
      this.token,
    );
  }

  nextSeed(): number {
    return this.c.m.seed();
  }

  random(): number {
    return this.c.m.random();
  }

  /** The JSONata `$states` binding; its context object is built when an expression reads it (most never do), once. */
  states(extra: Partial<StatesBinding> = {}): StatesBinding {
    return new LazyStates(this.input, this, extra);
  }

  jsonataOut(
    b: StatesBinding,
    outputTpl: unknown,
    assignTpl: Record<string, unknown> | undefined,
    dflt: unknown,
  ): { output: unknown; assign?: Record<string, unknown> } {
    const assign = assignTpl ? (evalJsonataTemplate(assignTpl, b, this, 'Assign') as Record<string, unknown>) : undefined;
    const output = outputTpl === undefined ? dflt : evalJsonataTemplate(outputTpl, b, this, 'Output');
    return { output, assign };
  }

  finish(output: unknown, assign: Record<string, unknown> | undefined, next: string | null): StateResult {
    if (assign) Object.assign(this.c.scope.vars, assign);
    const s = this.c.m.sched;
    s.emit(`${this.def.Type}StateExited`, s.records ? exited(this.name, output, assign) : NO_DETAILS);
    return { output, next };
  }

  onEvalError(e: unknown): void {
    if (e instanceof EvaluationError) {
      // AWS chains EvaluationFailed to the event before the state was entered, except in Wait.
      const prev = this.def.Type === 'Wait' ? this.enteredId : this.enteredPrev;
      const details: Record<string, unknown> = { error: e.error, cause: e.cause, state: e.state };
      if (e.location !== undefined) details.location = e.location;
      this.c.m.sched.emit('EvaluationFailed', { evaluationFailedEventDetails: details }, { prev });
    }
  }
}

/** Pass, Choice, Succeed, Fail: synchronous from the entered event to the exited one. */
function runQuickState(c: BranchCtx, name: string, def: StateDef, input: unknown): StateResult {
  const x = new StateRun(c, name, def, input);
  try {
    switch (def.Type) {
      case 'Pass':
        return runPass(x);
      case 'Succeed':
        return runSucceed(x);
      case 'Fail':
        return runFail(x);
      default:
        return runChoice(x);
    }
  } catch (e) {
    x.onEvalError(e);
    throw e;
  }
}

/**
 * Runs one state that may pause: the entered event, the state type's own logic (one module each),
 * and for Task, Parallel and Map the Retry and Catch around it; the exited event when it finishes.
 */
function* runState(c: BranchCtx, name: string, def: StateDef, input: unknown): Gen<StateResult> {
  const s = c.m.sched;
  const jsonata = (def.QueryLanguage ?? c.ql) === 'JSONata';
  const type = def.Type;
  const x = new StateRun(c, name, def, input);
  const env: EvalEnv = x;

  try {
    switch (type) {
      case 'Wait':
        return yield* runWait(x);
      case 'Task':
      case 'Parallel':
      case 'Map':
        break;
      default:
        throw new SfnError('States.Runtime', `Unsupported state type ${type}`);
    }
  } catch (e) {
    x.onEvalError(e);
    throw e;
  }

  // Task, Parallel, Map: the states with Retry and Catch.
  const retryAttempts = new Map<number, number>();
  for (;;) {
    try {
      let result: unknown;
      let effInput: unknown = input;
      if (!jsonata) effInput = applyPath(def.InputPath, input, env);
      if (type === 'Task') {
        // AWS gives .sync tasks a Task.Token too (a child may answer its parent with it).
        const kind = classifyResource(def.Resource ?? '');
        if (kind.waitForToken || (kind.kind === 'service' && kind.sync)) x.token = c.m.token();
        result = yield* runTask(x, effInput);
      } else if (type === 'Parallel') {
        result = yield* runParallel(x, effInput);
      } else {
        result = yield* runMap(x, effInput);
      }
      if (jsonata) {
        const { output, assign } = x.jsonataOut(x.states({ result }), def.Output, def.Assign, result);
        return x.finish(output, assign, nextOf(def));
      }
      if (def.ResultSelector !== undefined) result = evalPayloadTemplate(def.ResultSelector, result, env);
      const assign = def.Assign ? evalJsonPathAssign(def.Assign, result, env) : undefined;
      const out = applyPath(def.OutputPath, applyResultPath(def.ResultPath, input, result, env), env);
      return x.finish(out, assign, nextOf(def));
    } catch (e) {
      if (!(e instanceof SfnError)) throw e;
      x.onEvalError(e);
      const failedEvent = (): void => {
        if (type === 'Map') s.emit('MapStateFailed', {});
        if (type === 'Parallel') s.emit('ParallelStateFailed', {});
      };
      if (e.error === 'States.Runtime') {
        if (!isQuiet(e)) failedEvent();
        throw e;
      }
      const rIdx = (def.Retry ?? []).findIndex((r) => errorMatches(r.ErrorEquals, e));
      const retrier = def.Retry?.[rIdx];
      if (retrier) {
        const attempts = retryAttempts.get(rIdx) ?? 0;
        const max = retrier.MaxAttempts ?? 3;
        if (attempts < max) {
          retryAttempts.set(rIdx, attempts + 1);
          let delay = (retrier.IntervalSeconds ?? 1) * Math.pow(retrier.BackoffRate ?? 2, attempts);
          if (retrier.MaxDelaySeconds !== undefined) delay = Math.min(delay, retrier.MaxDelaySeconds);
          if (retrier.JitterStrategy === 'FULL') delay = c.m.random() * delay;
          const id = s.newEffectId('timer');
          s.addEffect({ kind: 'timer', id, dueAt: new Date(s.now.getTime() + delay * 1000).toISOString() });
          yield* waitSignal([id]);
          s.settleEffect(id);
          x.retryCount += 1;
          continue;
        }
      }
      failedEvent();
      const catcher: Catcher | undefined = (def.Catch ?? []).find((k) => errorMatches(k.ErrorEquals, e));
      if (!catcher) {
        // AWS marks a Task that fails its Parallel branch as aborted, off the branch's event chain.
        if (type === 'Task' && c.parallelBranch) s.emit('TaskStateAborted', {}, { advance: false });
        throw e;
      }
      // A SendTaskFailure without error or cause reaches the catcher as nulls.
      const errorOutput =
        e.error === '' && !(e instanceof FailStateError)
          ? { Error: null, Cause: e.cause ?? null }
          : { Error: e.error, Cause: e.cause ?? '' };
      // Task timeouts carry an empty Cause in the catcher's input; other causeless errors none.
      if (e.cause === undefined && e.error !== '' && !e.error.endsWith('Timeout')) delete (errorOutput as { Cause?: unknown }).Cause;
      try {
        if (jsonata) {
          const { output, assign } = x.jsonataOut(x.states({ errorOutput }), catcher.Output, catcher.Assign, errorOutput);
          return x.finish(output, assign, catcher.Next);
        }
        const assign = catcher.Assign ? evalJsonPathAssign(catcher.Assign, errorOutput, env) : undefined;
        const out = applyResultPath(catcher.ResultPath, input, errorOutput, env);
        return x.finish(out, assign, catcher.Next);
      } catch (e2) {
        x.onEvalError(e2);
        throw e2;
      }
    }
  }
}
