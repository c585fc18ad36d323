import type { ExecutionMeta, Signal } from '../contract.ts';
import {

  applyPath,
  applyResultPath,
  evalJsonataExpr,
  evalJsonataTemplate,
  evalJsonPathAssign,
  evalPayloadTemplate,
  EvaluationError,
  isJsonataString,

  resolveReference,
  stateError,
  typedJsonata,
} from './dataflow.ts';
import type { EvalEnv, Scope, StatesBinding } from './dataflow.ts';
import { errorMatches, HeartbeatTimeoutError, SfnError } from './errors.ts';
import { entered, errorDetails, exited, J } from './history.ts';
import type { Gen, Scheduler } from './scheduler.ts';
import { evaluateChoiceRule } from './choice.ts';
import { classifyResource, wrapLambdaInvokeOutput } from './resources.ts';
import type { BranchDef, Catcher, StateDef } from './types.ts';
import { isObject } from './types.ts';


export interface Machine {
  sched: Scheduler;
  meta: ExecutionMeta;
  region: string;
  token(): string;
  random(): number;
  seed(): number;
  /** Harness only: see InterpreterOptions.harness. */
  submitTokenTasks: boolean;
}

interface BranchCtx {
  m: Machine;
  scope: Scope;
  ql: string;
  mapItem?: { Index: number; Value: unknown };
  /** Directly inside a Parallel branch (not a Map iteration below it). */
  parallelBranch?: boolean;
}

interface StateResult {
  output: unknown;
  next: string | null;
}

function contextObject(c: BranchCtx, name: string, enteredAt: string, retryCount: number | undefined, token?: string): Record<string, unknown> {
  const m = c.m.meta;
  const ctx: Record<string, unknown> = {
    Execution: {
      Id: m.executionArn,
      Input: m.input,
      Name: m.name,
      RoleArn: m.roleArn,
      StartTime: m.startTime,
      RedriveCount: 0,
    },
    State: retryCount === undefined ? { EnteredTime: enteredAt, Name: name } : { EnteredTime: enteredAt, Name: name, RetryCount: retryCount },
    StateMachine: { Id: m.stateMachineArn, Name: m.stateMachineName },
  };
  if (token !== undefined) ctx.Task = { Token: token };
  if (c.mapItem) ctx.Map = { Item: c.mapItem };
  return ctx;
}

export function* runBranch(c: BranchCtx, branch: BranchDef, input: unknown): Gen<unknown> {
  let name: string | null = branch.StartAt;
  let value = input;
  while (name !== null) {
    const def = branch.States[name];
    if (!def) throw new SfnError('States.Runtime', `Unknown state ${name}`);
    const r: StateResult = yield* runState(c, name, def, value);
    value = r.output;
    name = r.next;
  }
  return value;
}

function nextOf(def: StateDef): string | null {
  return def.End || def.Next === undefined ? null : def.Next;
}

function waitSignal(ids: string[]): Gen<Signal> {
  return (function* (): Gen<Signal> {
    const s = yield { k: 'signal', ids };
    return s as Signal;
  })();
}

function* runState(c: BranchCtx, name: string, def: StateDef, input: unknown): Gen<StateResult> {
  const s = c.m.sched;
  const ql = def.QueryLanguage ?? c.ql;
  const jsonata = ql === 'JSONata';
  const type = def.Type;
  const enteredPrev = s.last;
  const enteredId = s.emit(`${type === 'Fail' ? 'Fail' : type}StateEntered`, entered(name, input));
  const enteredAt = s.now.toISOString();
  let retryCount = 0;
  let token: string | undefined;
  const env: EvalEnv = {
    stateName: name,
    enteredId,
    scope: c.scope,
    get context() {
      // Only states that can retry carry State.RetryCount.
      return contextObject(c, name, enteredAt, type === 'Task' || type === 'Map' || type === 'Parallel' ? retryCount : undefined, token);
    },
    nextSeed: () => c.m.seed(),
    random: () => c.m.random(),
  };
  const states = (extra: Partial<StatesBinding> = {}): StatesBinding => ({ input, context: env.context, ...extra });

  const finish = (output: unknown, assign: Record<string, unknown> | undefined, next: string | null): StateResult => {
    if (assign) Object.assign(c.scope.vars, assign);
    const t = type === 'Fail' ? 'Fail' : type;
    s.emit(`${t}StateExited`, exited(name, output, assign));
    return { output, next };
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

  // Output/Assign computation for JSONata states given the bindings available.
  const jsonataOut = (b: StatesBinding, outputTpl: unknown, assignTpl: Record<string, unknown> | undefined, dflt: unknown): { output: unknown; assign?: Record<string, unknown> } => {
    const assign = assignTpl ? (evalJsonataTemplate(assignTpl, b, env, 'Assign') as Record<string, unknown>) : undefined;
    const output = outputTpl === undefined ? dflt : evalJsonataTemplate(outputTpl, b, env, 'Output');
    return { output, assign };
  };

  try {
    switch (type) {
      case 'Pass': {
        if (jsonata) {
          const { output, assign } = jsonataOut(states(), def.Output, def.Assign, input);
          return finish(output, assign, nextOf(def));
        }
        const eff = applyPath(def.InputPath, input, env);
        let result: unknown = eff;
        if (def.Result !== undefined) result = def.Result;
        else if (def.Parameters !== undefined) result = evalPayloadTemplate(def.Parameters, eff, env);
        const assign = def.Assign ? evalJsonPathAssign(def.Assign, result, env) : undefined;
        const out = applyPath(def.OutputPath, applyResultPath(def.ResultPath, input, result, env), env);
        return finish(out, assign, nextOf(def));
      }
      case 'Succeed': {
        if (jsonata) {
          const { output } = jsonataOut(states(), def.Output, undefined, input);
          return finish(output, undefined, null);
        }
        const out = applyPath(def.OutputPath, applyPath(def.InputPath, input, env), env);
        return finish(out, undefined, null);
      }
      case 'Fail': {
        let error: string | undefined = def.Error;
        let cause: string | undefined = def.Cause;
        if (jsonata) {
          if (isJsonataString(def.Error)) error = evalJsonataExpr(def.Error, states(), env, 'Error') as string;
          if (isJsonataString(def.Cause)) cause = evalJsonataExpr(def.Cause, states(), env, 'Cause') as string;
        } else {
          const pathVal = (p: string, field: string): string => {
            if (/^\s*States\./.test(p)) return (evalPayloadTemplate({ 'v.$': p }, input, env) as { v: string }).v;
            const r = resolveReference(p, input, env);
            if (!r.found) throw stateError(env, 'States.Runtime', `The JSONPath '${p}' specified for the field '${field}' could not be found in the input '${J(input)}'`);
            return r.value as string;
          };
          if (def.ErrorPath !== undefined) error = pathVal(def.ErrorPath, 'ErrorPath');
          if (def.CausePath !== undefined) cause = pathVal(def.CausePath, 'CausePath');
        }
        throw new FailStateError(error, cause);
      }
      case 'Choice': {
        const eff = jsonata ? input : applyPath(def.InputPath, input, env);
        let chosen: string | undefined;
        let ruleAssign: Record<string, unknown> | undefined;
        let ruleOutput: unknown;
        for (const [i, rule] of (def.Choices ?? []).entries()) {
          if (evaluateChoiceRule(rule, eff, env, jsonata, states(), `Choices[${i}]`)) {
            chosen = rule.Next;
            ruleAssign = rule.Assign;
            ruleOutput = rule.Output;
            break;
          }
        }
        if (chosen === undefined) {
          if (def.Default === undefined) throw new SfnError('States.NoChoiceMatched', `No Matches!`);
          chosen = def.Default;
          ruleAssign = def.Assign;
          ruleOutput = def.Output;
        }
        if (jsonata) {
          const { output, assign } = jsonataOut(states(), ruleOutput ?? def.Output, ruleAssign, input);
          return finish(output, assign, chosen);
        }
        const assign = ruleAssign ? evalJsonPathAssign(ruleAssign, eff, env) : undefined;
        return finish(applyPath(def.OutputPath, eff, env), assign, chosen);
      }
      case 'Wait': {
        const eff = jsonata ? input : applyPath(def.InputPath, input, env);
        let due: Date;
        if (jsonata) {
          if (def.Seconds !== undefined) {
            const secs = isJsonataString(def.Seconds) ? (typedJsonata(def.Seconds, states(), env, 'Seconds', 'number') as number) : (def.Seconds as number);
            due = new Date(s.now.getTime() + secs * 1000);
          } else {
            const ts = isJsonataString(def.Timestamp) ? evalJsonataExpr(def.Timestamp, states(), env, 'Timestamp') : def.Timestamp;
            due = parseTimestamp(ts, env, 'The Timestamp field cannot be parsed as an ISO-8601 extended offset date-time format string: ', 'Timestamp');
          }
        } else if (def.Seconds !== undefined) due = new Date(s.now.getTime() + (def.Seconds as number) * 1000);
        else if (def.SecondsPath !== undefined) {
          const r = resolveReference(def.SecondsPath, eff, env);
          if (!r.found) throw stateError(env, 'States.Runtime', `Invalid path '${def.SecondsPath}' : No results for path: ${def.SecondsPath}`);
          if (typeof r.value === 'number' && Number.isInteger(r.value) && r.value < 0)
            throw stateError(env, 'States.Runtime', `The SecondsPath parameter references a negative value: ${def.SecondsPath} == ${J(r.value)}`);
          if (typeof r.value !== 'number' || !Number.isInteger(r.value))
            throw stateError(env, 'States.Runtime', `The SecondsPath parameter cannot be parsed as a long value: ${def.SecondsPath} == ${J(r.value)}`);
          due = new Date(s.now.getTime() + r.value * 1000);
        } else if (def.TimestampPath !== undefined) {
          const r = resolveReference(def.TimestampPath, eff, env);
          due = parseTimestamp(r.value, env, `The TimestampPath parameter does not reference a valid ISO-8601 extended offset date-time format string: ${def.TimestampPath} == `);
        } else due = parseTimestamp(def.Timestamp, env, 'The Timestamp field cannot be parsed as an ISO-8601 extended offset date-time format string: ');
        // AWS refuses waits longer than 2^31-1 seconds (about 24855 days).
        if (due.getTime() - s.now.getTime() > 2147483647 * 1000) throw stateError(env, 'States.Runtime', 'Wait state delay is too long.');
        if (due.getTime() > s.now.getTime()) {
          const id = s.newEffectId('timer');
          s.addEffect({ kind: 'timer', id, dueAt: due.toISOString() });
          yield* waitSignal([id]);
          s.settleEffect(id);
        }
        if (jsonata) {
          const { output, assign } = jsonataOut(states(), def.Output, def.Assign, input);
          return finish(output, assign, nextOf(def));
        }
        const assign = def.Assign ? evalJsonPathAssign(def.Assign, eff, env) : undefined;
        return finish(applyPath(def.OutputPath, eff, env), assign, nextOf(def));
      }
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
        if (kind.waitForToken || (kind.kind === 'service' && kind.sync)) token = c.m.token();
        result = yield* runTask(c, name, def, jsonata, effInput, env, states);
      } else if (type === 'Parallel') {
        result = yield* runParallel(c, name, def, jsonata, effInput, env, states);
      } else {
        result = yield* runMap(c, name, def, jsonata, effInput, env, states);
      }
      if (jsonata) {
        const { output, assign } = jsonataOut(states({ result }), def.Output, def.Assign, result);
        return finish(output, assign, nextOf(def));
      }
      if (def.ResultSelector !== undefined) result = evalPayloadTemplate(def.ResultSelector, result, env);
      const assign = def.Assign ? evalJsonPathAssign(def.Assign, result, env) : undefined;
      const out = applyPath(def.OutputPath, applyResultPath(def.ResultPath, input, result, env), env);
      return finish(out, assign, nextOf(def));
    } catch (e) {
      if (!(e instanceof SfnError)) throw e;
      onEvalError(e);
      const failedEvent = (): void => {
        if (type === 'Map') s.emit('MapStateFailed', {});
        if (type === 'Parallel') s.emit('ParallelStateFailed', {});
      };
      if (e.error === 'States.Runtime') {
        if (!quietErrors.has(e)) failedEvent();
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
          retryCount += 1;
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
      const errorOutput = e.error === '' && !(e instanceof FailStateError) ? { Error: null, Cause: e.cause ?? null } : { Error: e.error, Cause: e.cause ?? '' };
      // Task timeouts carry an empty Cause in the catcher's input; other causeless errors none.
      if (e.cause === undefined && e.error !== '' && !e.error.endsWith('Timeout')) delete (errorOutput as { Cause?: unknown }).Cause;
      try {
        if (jsonata) {
          const { output, assign } = jsonataOut(states({ errorOutput }), catcher.Output, catcher.Assign, errorOutput);
          return finish(output, assign, catcher.Next);
        }
        const assign = catcher.Assign ? evalJsonPathAssign(catcher.Assign, errorOutput, env) : undefined;
        const out = applyResultPath(catcher.ResultPath, input, errorOutput, env);
        return finish(out, assign, catcher.Next);
      } catch (e2) {
        onEvalError(e2);
        throw e2;
      }
    }
  }
}

/** Errors AWS raises before a Map/Parallel starts, with no MapStateFailed/ParallelStateFailed event. */
const quietErrors = new WeakSet<SfnError>();
function quiet(e: SfnError): SfnError {
  quietErrors.add(e);
  return e;
}

export class FailStateError extends SfnError {
  constructor(error: string | undefined, cause: string | undefined) {
    super(error ?? '', cause);
    this.failError = error;
  }
  failError: string | undefined;
}

/** `jsonataField`: the failure is a QueryEvaluationError located at that field. */
function parseTimestamp(v: unknown, env: EvalEnv, msg: string, jsonataField?: string): Date {
  const s = typeof v === 'string' ? v : '';
  const ok = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(s);
  const d = new Date(s);
  // Date() rolls 25:00 or Feb 30 over instead of refusing them.
  const fieldsOk = ok && Number(s.slice(5, 7)) <= 12 && Number(s.slice(8, 10)) <= 31 && Number(s.slice(11, 13)) <= 23;
  if (!fieldsOk || Number.isNaN(d.getTime())) {
    const text = `${msg}${typeof v === 'string' ? v : J(v)}`;
    if (jsonataField !== undefined) throw new EvaluationError(stateError(env, 'States.QueryEvaluationError', text).cause ?? text, jsonataField, env.stateName);
    throw stateError(env, 'States.Runtime', text);
  }
  return d;
}

function numberField(
  def: StateDef,
  key: 'TimeoutSeconds' | 'HeartbeatSeconds',
  jsonata: boolean,
  input: unknown,
  env: EvalEnv,
  states: () => StatesBinding,
): number | undefined {
  const v = def[key];
  if (v !== undefined) {
    if (jsonata && isJsonataString(v)) return typedJsonata(v, states(), env, key, 'number') as number;
    return v as number;
  }
  const p = def[`${key}Path`];
  if (p !== undefined) {
    const r = resolveReference(p, input, env);
    if (!r.found) throw stateError(env, 'States.Runtime', `Invalid path '${p}' : No results for path: $['${p.replace(/^\$\./, '')}']`);
    return r.value as number;
  }
  return undefined;
}

function* runTask(
  c: BranchCtx,
  _name: string,
  def: StateDef,
  jsonata: boolean,
  effInput: unknown,
  env: EvalEnv,
  states: () => StatesBinding,
): Gen<unknown> {
  const s = c.m.sched;
  const res = classifyResource(def.Resource ?? '');
  let params: unknown;
  if (jsonata) params = def.Arguments === undefined ? effInput : evalJsonataTemplate(def.Arguments, states(), env, 'Arguments');
  else params = def.Parameters === undefined ? effInput : evalPayloadTemplate(def.Parameters, effInput, env);
  const timeout = numberField(def, 'TimeoutSeconds', jsonata, effInput, env, states);
  const heartbeat = numberField(def, 'HeartbeatSeconds', jsonata, effInput, env, states);
  const ctxToken = (env.context.Task as { Token?: string } | undefined)?.Token;
  let credentials: unknown;
  if (def.Credentials !== undefined) {
    credentials = jsonata ? evalJsonataTemplate(def.Credentials, states(), env, 'Credentials') : evalPayloadTemplate(def.Credentials, effInput, env);
  }
  const roleArn = isObject(credentials) && typeof credentials.RoleArn === 'string' ? credentials.RoleArn : undefined;

  if (res.kind === 'lambda-arn') {
    const d: Record<string, unknown> = { resource: def.Resource, input: J(params), inputDetails: { truncated: false } };
    if (timeout !== undefined) d.timeoutInSeconds = timeout;
    s.emit('LambdaFunctionScheduled', { lambdaFunctionScheduledEventDetails: d });
    s.emit('LambdaFunctionStarted', {});
  } else {
    const d: Record<string, unknown> = { resourceType: res.resourceType, resource: res.resource, region: c.m.region, parameters: J(params) };
    if (timeout !== undefined) d.timeoutInSeconds = timeout;
    if (heartbeat !== undefined) d.heartbeatInSeconds = heartbeat;
    if (roleArn !== undefined) d.taskCredentials = { roleArn };
    s.emit('TaskScheduled', { taskScheduledEventDetails: d });
    s.emit('TaskStarted', { taskStartedEventDetails: { resourceType: res.resourceType, resource: res.resource } });
  }
  const tag = res.kind === 'lambda-arn' ? {} : { resourceType: res.resourceType, resource: res.resource };
  const invokeId = s.newEffectId('invoke');
  // Only .waitForTaskToken effects carry the token: for .sync the runtime completes the task itself.
  const effectToken = res.waitForToken ? ctxToken : undefined;
  s.addEffect({ kind: 'invoke', id: invokeId, resource: def.Resource ?? '', parameters: params, ...(effectToken ? { taskToken: effectToken } : {}) });
  const arm = (secs: number | undefined): string | undefined => {
    if (secs === undefined) return undefined;
    const id = s.newEffectId('timer');
    s.addEffect({ kind: 'timer', id, dueAt: new Date(s.now.getTime() + secs * 1000).toISOString() });
    return id;
  };
  const timeoutId = arm(timeout);
  let heartbeatId = arm(heartbeat);
  const cleanup = (): void => {
    s.settleEffect(invokeId);
    if (timeoutId) s.cancelEffect(timeoutId);
    if (heartbeatId) s.cancelEffect(heartbeatId);
  };
  let submitted = !(c.m.submitTokenTasks && (res.waitForToken || (res.kind === 'service' && res.sync)));
  for (;;) {
    const ids = [invokeId, ...(timeoutId ? [timeoutId] : []), ...(heartbeatId ? [heartbeatId] : [])];
    const sig = yield* waitSignal(ids);
    if (sig.kind === 'invokeSucceeded' && !submitted) {
      submitted = true;
      s.emit('TaskSubmitted', { taskSubmittedEventDetails: { ...tag, output: J(sig.output), outputDetails: { truncated: false } } });
      continue;
    }
    if (sig.kind === 'invokeSucceeded') {
      cleanup();
      let out = sig.output;
      if (res.kind === 'service' && res.resourceType === 'lambda' && res.resource === 'invoke') out = wrapLambdaInvokeOutput(out);
      if (res.kind === 'lambda-arn') s.emit('LambdaFunctionSucceeded', { lambdaFunctionSucceededEventDetails: { output: J(out), outputDetails: { truncated: false } } });
      else s.emit('TaskSucceeded', { taskSucceededEventDetails: { ...tag, output: J(out), outputDetails: { truncated: false } } });
      return out;
    }
    if (sig.kind === 'invokeFailed') {
      cleanup();
      // The runtime passes '' for a SendTaskFailure that named no error: AWS records none.
      const details = errorDetails(sig.error === '' ? undefined : sig.error, sig.cause);
      if (res.kind === 'lambda-arn') s.emit('LambdaFunctionFailed', { lambdaFunctionFailedEventDetails: details });
      else s.emit('TaskFailed', { taskFailedEventDetails: { ...tag, ...details } });
      throw new SfnError(sig.error, sig.cause);
    }
    if (sig.kind === 'heartbeat') {
      if (heartbeatId) {
        s.cancelEffect(heartbeatId);
        heartbeatId = arm(heartbeat);
      }
      continue;
    }
    if (sig.kind === 'timerFired') {
      const error = 'States.Timeout';
      const byHeartbeat = sig.effectId !== timeoutId;
      s.settleEffect(sig.effectId);
      s.cancelEffect(invokeId);
      cleanup();
      if (res.kind === 'lambda-arn') s.emit('LambdaFunctionTimedOut', { lambdaFunctionTimedOutEventDetails: { error } });
      else s.emit('TaskTimedOut', { taskTimedOutEventDetails: { ...tag, error } });
      throw byHeartbeat ? new HeartbeatTimeoutError() : new SfnError(error, undefined);
    }
  }
}

function* runParallel(
  c: BranchCtx,
  name: string,
  def: StateDef,
  jsonata: boolean,
  effInput: unknown,
  env: EvalEnv,
  states: () => StatesBinding,
): Gen<unknown> {
  const s = c.m.sched;
  let branchInput: unknown = effInput;
  if (jsonata) {
    if (def.Arguments !== undefined) branchInput = evalJsonataTemplate(def.Arguments, states(), env, 'Arguments');
  } else if (def.Parameters !== undefined) branchInput = evalPayloadTemplate(def.Parameters, effInput, env);
  const startedId = s.emit('ParallelStateStarted', {});
  const branches = def.Branches ?? [];
  const fibers = branches.map((b) =>
    s.spawn(
      runBranch({ m: c.m, scope: { vars: {}, parent: c.scope }, ql: b.QueryLanguage ?? c.ql, parallelBranch: true }, b, branchInput),
      () => startedId,
    ),
  );
  let pending = [...fibers];
  while (pending.length) {
    yield { k: 'join', fibers: pending, mode: 'any' };
    const failed = pending.find((f) => s.fiberOutcome(f).status === 'failed');
    if (failed !== undefined) {
      s.cancelFibers(pending.filter((f) => f !== failed));
      const err = s.fiberOutcome(failed).error ?? new SfnError('States.BranchFailed', undefined);
      s.last = s.fiberOutcome(failed).last;
      throw err;
    }
    pending = pending.filter((f) => s.fiberOutcome(f).status !== 'done');
  }
  s.last = s.events.length;
  s.emit('ParallelStateSucceeded', {}, { advance: false });
  void name;
  return fibers.map((f) => s.fiberOutcome(f).result);
}

function* runMap(
  c: BranchCtx,
  name: string,
  def: StateDef,
  jsonata: boolean,
  effInput: unknown,
  env: EvalEnv,
  states: () => StatesBinding,
): Gen<unknown> {
  const s = c.m.sched;
  let items: unknown;
  if (jsonata) {
    if (def.Items === undefined) items = effInput;
    else if (isJsonataString(def.Items)) {
      items = typedJsonata(def.Items, states(), env, 'Items', 'array');
    } else items = evalJsonataTemplate(def.Items, states(), env, 'Items');
    if (!Array.isArray(items)) {
      const text = `Map state input must be an array but was: ${J(items)}`;
      throw new EvaluationError(stateError(env, 'States.QueryEvaluationError', text).cause ?? text, undefined, name);
    }
  } else {
    const p = def.ItemsPath ?? '$';
    const r = resolveReference(p, effInput, env);
    if (!r.found) throw stateError(env, 'States.Runtime', `Invalid path '${p}' : No results for path: ${p}`);
    items = r.value;
    if (!Array.isArray(items)) throw stateError(env, 'States.Runtime', `Map state input must be an array but was: ${J(items)}`);
  }
  const list = items as unknown[];
  let maxConc = 0;
  if (def.MaxConcurrency !== undefined) {
    maxConc = jsonata && isJsonataString(def.MaxConcurrency) ? (typedJsonata(def.MaxConcurrency, states(), env, 'MaxConcurrency', 'number') as number) : (def.MaxConcurrency as number);
  } else if (def.MaxConcurrencyPath !== undefined) {
    const v = resolveReference(def.MaxConcurrencyPath, effInput, env).value;
    // Integers given as text are accepted, as AWS does.
    const n = typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : v;
    if (typeof n !== 'number' || !Number.isInteger(n) || n < 0)
      throw quiet(stateError(env, 'States.Runtime', `The MaxConcurrencyPath field refers to value "${typeof v === 'string' ? v : J(v)}" which is not a valid integer: ${def.MaxConcurrencyPath}`));
    maxConc = n;
  }
  const tol = (key: 'ToleratedFailureCount' | 'ToleratedFailurePercentage'): number | undefined => {
    const v = def[key];
    if (v !== undefined) return jsonata && isJsonataString(v) ? (typedJsonata(v, states(), env, key, 'number') as number) : (v as number);
    const p = def[`${key}Path`];
    if (p !== undefined) return resolveReference(p, effInput, env).value as number;
    return undefined;
  };
  const tolCount = tol('ToleratedFailureCount');
  const tolPct = tol('ToleratedFailurePercentage');
  if (tolPct !== undefined && (tolPct < 0 || tolPct > 100)) throw stateError(env, 'States.Runtime', 'ToleratedFailurePercentage must be between 0 and 100.');
  const processor = def.ItemProcessor ?? def.Iterator;
  if (!processor) throw stateError(env, 'States.Runtime', 'Map state has no ItemProcessor');
  s.emit('MapStateStarted', { mapStateStartedEventDetails: { length: list.length } });
  // Iterations that run back to back chain their previousEventIds, as AWS records them.
  let chain = s.last;
  const selector = jsonata ? def.ItemSelector : (def.ItemSelector ?? def.Parameters);
  const iteration = function* (index: number, value: unknown): Gen<unknown> {
    s.emit('MapIterationStarted', { mapIterationStartedEventDetails: { name, index } });
    const mapItem = { Index: index, Value: value };
    let itemInput = value;
    if (selector !== undefined) {
      const ienv: EvalEnv = { ...env, context: { ...env.context, Map: { Item: mapItem } } };
      itemInput = jsonata
        ? evalJsonataTemplate(selector, { input: effInput, context: ienv.context }, ienv, 'ItemSelector')
        : evalPayloadTemplate(selector, effInput, ienv);
    }
    try {
      const out = yield* runBranch({ m: c.m, scope: { vars: {}, parent: c.scope }, ql: processor.QueryLanguage ?? c.ql, mapItem }, processor, itemInput);
      chain = s.last;
      s.emit('MapIterationSucceeded', { mapIterationSucceededEventDetails: { name, index } }, { advance: false });
      return out;
    } catch (e) {
      chain = s.last;
      s.emit('MapIterationFailed', { mapIterationFailedEventDetails: { name, index } }, { advance: false });
      throw e;
    }
  };
  const results: unknown[] = new Array<unknown>(list.length).fill(null);
  const fiberOf: number[] = [];
  let nextIdx = 0;
  let failures = 0;
  const running: number[] = [];
  const limit = maxConc > 0 ? maxConc : Number.POSITIVE_INFINITY;
  const tolerated = (): boolean => {
    if (tolCount === undefined && tolPct === undefined) return failures === 0;
    if (tolCount !== undefined && failures <= tolCount) return true;
    if (tolPct !== undefined && list.length > 0 && (failures / list.length) * 100 <= tolPct) return true;
    return false;
  };
  let firstError: SfnError | undefined;
  while (nextIdx < list.length || running.length) {
    while (nextIdx < list.length && running.length < limit) {
      const idx = nextIdx++;
      const f = s.spawn(iteration(idx, list[idx]), () => chain);
      fiberOf[idx] = f;
      running.push(f);
    }
    yield { k: 'join', fibers: [...running], mode: 'any' };
    for (const f of [...running]) {
      const o = s.fiberOutcome(f);
      if (o.status === 'running' || o.status === 'ready' || o.status === 'waiting') continue;
      running.splice(running.indexOf(f), 1);
      const idx = fiberOf.indexOf(f);
      if (o.status === 'done') results[idx] = o.result;
      else if (o.status === 'failed') {
        failures++;
        firstError ??= o.error;
      }
    }
    if (!tolerated()) {
      s.cancelFibers(running);
      s.last = chain;
      throw firstError ?? new SfnError('States.ExceedToleratedFailureThreshold', 'The specified tolerated failure threshold was exceeded');
    }
  }
  s.last = s.events.length;
  s.emit('MapStateSucceeded', {}, { advance: false });
  return results;
}

