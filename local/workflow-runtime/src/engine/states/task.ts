import type { EvalEnv, StatesBinding } from '../dataflow.ts';
import { evalJsonataTemplate, evalPayloadTemplate, isJsonataString, resolveReference, stateError, typedJsonata } from '../dataflow.ts';
import { HeartbeatTimeoutError, SfnError } from '../errors.ts';
import { errorDetails, J, NO_DETAILS } from '../history.ts';
import { classifyResource, wrapLambdaInvokeOutput } from '../resources.ts';
import type { Gen } from '../scheduler.ts';
import type { StateDef } from '../types.ts';
import { isObject } from '../types.ts';
import { waitSignal, type StateEnv } from './context.ts';

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

/** One attempt of a Task: the invocation effect, its timeout and heartbeat timers, and the outcome. */
export function* runTask(x: StateEnv, effInput: unknown): Gen<unknown> {
  const { c, def, jsonata, env } = x;
  const s = c.m.sched;
  const res = classifyResource(def.Resource ?? '');
  let params: unknown;
  if (jsonata) params = def.Arguments === undefined ? effInput : evalJsonataTemplate(def.Arguments, x.states(), env, 'Arguments');
  else params = def.Parameters === undefined ? effInput : evalPayloadTemplate(def.Parameters, effInput, env);
  const timeout = numberField(def, 'TimeoutSeconds', jsonata, effInput, env, () => x.states());
  const heartbeat = numberField(def, 'HeartbeatSeconds', jsonata, effInput, env, () => x.states());
  const ctxToken = (env.context.Task as { Token?: string } | undefined)?.Token;
  let credentials: unknown;
  if (def.Credentials !== undefined) {
    credentials = jsonata
      ? evalJsonataTemplate(def.Credentials, x.states(), env, 'Credentials')
      : evalPayloadTemplate(def.Credentials, effInput, env);
  }
  const roleArn = isObject(credentials) && typeof credentials.RoleArn === 'string' ? credentials.RoleArn : undefined;

  if (res.kind === 'lambda-arn') {
    const d: Record<string, unknown> = { resource: def.Resource, input: J(params), inputDetails: { truncated: false } };
    if (timeout !== undefined) d.timeoutInSeconds = timeout;
    s.emit('LambdaFunctionScheduled', { lambdaFunctionScheduledEventDetails: d });
    s.emit('LambdaFunctionStarted', {});
  } else {
    const d: Record<string, unknown> = {
      resourceType: res.resourceType,
      resource: res.resource,
      region: c.m.region,
      parameters: J(params),
    };
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
  s.addEffect({
    kind: 'invoke',
    id: invokeId,
    resource: def.Resource ?? '',
    parameters: params,
    ...(effectToken ? { taskToken: effectToken } : {}),
  });
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
      if (!s.records) s.emit(res.kind === 'lambda-arn' ? 'LambdaFunctionSucceeded' : 'TaskSucceeded', NO_DETAILS);
      else if (res.kind === 'lambda-arn')
        s.emit('LambdaFunctionSucceeded', { lambdaFunctionSucceededEventDetails: { output: J(out), outputDetails: { truncated: false } } });
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
