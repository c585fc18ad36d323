import { applyPath, applyResultPath, evalJsonataTemplate, evalJsonPathAssign, evalPayloadTemplate, EvaluationError } from '../dataflow.ts';
import type { EvalEnv, StatesBinding } from '../dataflow.ts';
import { errorMatches, SfnError } from '../errors.ts';
import { entered, exited, NO_DETAILS } from '../history.ts';
import type { Gen } from '../scheduler.ts';
import { classifyResource } from '../resources.ts';
import type { BranchDef, Catcher, StateDef } from '../types.ts';
import { runChoice } from './choice.ts';
import { contextObject, FailStateError, isQuiet, nextOf, waitSignal, type BranchCtx, type StateEnv, type StateResult } from './context.ts';
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

/** What a state's logic sees, and its error hook; `v` holds what Retry and a token change later. */
interface Entered {
  x: StateEnv;
  env: EvalEnv;
  states: (extra?: Partial<StatesBinding>) => StatesBinding;
  onEvalError: (e: unknown) => void;
  v: { retryCount: number; token: string | undefined };
}

/** The entered event and the state's environment. */
function enterState(c: BranchCtx, name: string, def: StateDef, input: unknown): Entered {
  const s = c.m.sched;
  const ql = def.QueryLanguage ?? c.ql;
  const jsonata = ql === 'JSONata';
  const type = def.Type;
  const enteredPrev = s.last;
  const enteredId = s.emit(`${type === 'Fail' ? 'Fail' : type}StateEntered`, s.records ? entered(name, input) : NO_DETAILS);
  // The clock is replaced (never changed in place) when a signal arrives: keep the entry time.
  const enteredAt = s.now;
  const v = { retryCount: 0, token: undefined as string | undefined };
  const env: EvalEnv = {
    stateName: name,
    enteredId,
    scope: c.scope,
    get context() {
      // Only states that can retry carry State.RetryCount.
      return contextObject(
        c,
        name,
        enteredAt.toISOString(),
        type === 'Task' || type === 'Map' || type === 'Parallel' ? v.retryCount : undefined,
        v.token,
      );
    },
    nextSeed: () => c.m.seed(),
    random: () => c.m.random(),
  };
  // The context object is built when an expression reads it (most never do), once per binding.
  const states = (extra: Partial<StatesBinding> = {}): StatesBinding => {
    let context: unknown;
    let built = false;
    return {
      input,
      get context(): unknown {
        if (!built) {
          context = env.context;
          built = true;
        }
        return context;
      },
      ...extra,
    };
  };

  const x: StateEnv = {
    c,
    name,
    def,
    input,
    jsonata,
    env,
    states,
    jsonataOut: (b, outputTpl, assignTpl, dflt) => {
      const assign = assignTpl ? (evalJsonataTemplate(assignTpl, b, env, 'Assign') as Record<string, unknown>) : undefined;
      const output = outputTpl === undefined ? dflt : evalJsonataTemplate(outputTpl, b, env, 'Output');
      return { output, assign };
    },
    finish: (output, assign, next) => {
      if (assign) Object.assign(c.scope.vars, assign);
      const t = type === 'Fail' ? 'Fail' : type;
      s.emit(`${t}StateExited`, s.records ? exited(name, output, assign) : NO_DETAILS);
      return { output, next };
    },
    runBranch,
  };

  const onEvalError = (e: unknown): void => {
    if (e instanceof EvaluationError) {
      // AWS chains EvaluationFailed to the event before the state was entered, except in Wait.
      const prev = type === 'Wait' ? enteredId : enteredPrev;
      const details: Record<string, unknown> = { error: e.error, cause: e.cause, state: e.state };
      if (e.location !== undefined) details.location = e.location;
      s.emit('EvaluationFailed', { evaluationFailedEventDetails: details }, { prev });
    }
  };
  return { x, env, states, onEvalError, v };
}

/** Pass, Choice, Succeed, Fail: synchronous from the entered event to the exited one. */
function runQuickState(c: BranchCtx, name: string, def: StateDef, input: unknown): StateResult {
  const { x, onEvalError } = enterState(c, name, def, input);
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
    onEvalError(e);
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
  const { x, env, states, onEvalError, v } = enterState(c, name, def, input);

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
    onEvalError(e);
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
        if (kind.waitForToken || (kind.kind === 'service' && kind.sync)) v.token = c.m.token();
        result = yield* runTask(x, effInput);
      } else if (type === 'Parallel') {
        result = yield* runParallel(x, effInput);
      } else {
        result = yield* runMap(x, effInput);
      }
      if (jsonata) {
        const { output, assign } = x.jsonataOut(states({ result }), def.Output, def.Assign, result);
        return x.finish(output, assign, nextOf(def));
      }
      if (def.ResultSelector !== undefined) result = evalPayloadTemplate(def.ResultSelector, result, env);
      const assign = def.Assign ? evalJsonPathAssign(def.Assign, result, env) : undefined;
      const out = applyPath(def.OutputPath, applyResultPath(def.ResultPath, input, result, env), env);
      return x.finish(out, assign, nextOf(def));
    } catch (e) {
      if (!(e instanceof SfnError)) throw e;
      onEvalError(e);
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
          v.retryCount += 1;
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
          const { output, assign } = x.jsonataOut(states({ errorOutput }), catcher.Output, catcher.Assign, errorOutput);
          return x.finish(output, assign, catcher.Next);
        }
        const assign = catcher.Assign ? evalJsonPathAssign(catcher.Assign, errorOutput, env) : undefined;
        const out = applyResultPath(catcher.ResultPath, input, errorOutput, env);
        return x.finish(out, assign, catcher.Next);
      } catch (e2) {
        onEvalError(e2);
        throw e2;
      }
    }
  }
}
