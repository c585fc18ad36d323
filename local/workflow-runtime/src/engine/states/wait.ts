import {
  applyPath,
  evalJsonataExpr,
  evalJsonPathAssign,
  EvaluationError,
  isJsonataString,
  resolveReference,
  stateError,
  typedJsonata,
} from '../dataflow.ts';
import type { EvalEnv } from '../dataflow.ts';
import { J } from '../history.ts';
import type { Gen } from '../scheduler.ts';
import { nextOf, waitSignal, type StateEnv, type StateResult } from './context.ts';

export function* runWait(x: StateEnv): Gen<StateResult> {
  const { def, input, env, jsonata } = x;
  const s = x.c.m.sched;
  const eff = jsonata ? input : applyPath(def.InputPath, input, env);
  let due: Date;
  if (jsonata) {
    if (def.Seconds !== undefined) {
      const secs = isJsonataString(def.Seconds)
        ? (typedJsonata(def.Seconds, x.states(), env, 'Seconds', 'number') as number)
        : (def.Seconds as number);
      due = new Date(s.now.getTime() + secs * 1000);
    } else {
      const ts = isJsonataString(def.Timestamp) ? evalJsonataExpr(def.Timestamp, x.states(), env, 'Timestamp') : def.Timestamp;
      due = parseTimestamp(
        ts,
        env,
        'The Timestamp field cannot be parsed as an ISO-8601 extended offset date-time format string: ',
        'Timestamp',
      );
    }
  } else if (def.Seconds !== undefined) due = new Date(s.now.getTime() + (def.Seconds as number) * 1000);
  else if (def.SecondsPath !== undefined) {
    const r = resolveReference(def.SecondsPath, eff, env);
    if (!r.found) throw stateError(env, 'States.Runtime', `Invalid path '${def.SecondsPath}' : No results for path: ${def.SecondsPath}`);
    if (typeof r.value === 'number' && Number.isInteger(r.value) && r.value < 0)
      throw stateError(env, 'States.Runtime', `The SecondsPath parameter references a negative value: ${def.SecondsPath} == ${J(r.value)}`);
    if (typeof r.value !== 'number' || !Number.isInteger(r.value))
      throw stateError(
        env,
        'States.Runtime',
        `The SecondsPath parameter cannot be parsed as a long value: ${def.SecondsPath} == ${J(r.value)}`,
      );
    due = new Date(s.now.getTime() + r.value * 1000);
  } else if (def.TimestampPath !== undefined) {
    const r = resolveReference(def.TimestampPath, eff, env);
    due = parseTimestamp(
      r.value,
      env,
      `The TimestampPath parameter does not reference a valid ISO-8601 extended offset date-time format string: ${def.TimestampPath} == `,
    );
  } else
    due = parseTimestamp(
      def.Timestamp,
      env,
      'The Timestamp field cannot be parsed as an ISO-8601 extended offset date-time format string: ',
    );
  // AWS refuses waits longer than 2^31-1 seconds (about 24855 days).
  if (due.getTime() - s.now.getTime() > 2147483647 * 1000) throw stateError(env, 'States.Runtime', 'Wait state delay is too long.');
  if (due.getTime() > s.now.getTime()) {
    const id = s.newEffectId('timer');
    s.addEffect({ kind: 'timer', id, dueAt: due.toISOString() });
    yield* waitSignal([id]);
    s.settleEffect(id);
  }
  if (jsonata) {
    const { output, assign } = x.jsonataOut(x.states(), def.Output, def.Assign, input);
    return x.finish(output, assign, nextOf(def));
  }
  const assign = def.Assign ? evalJsonPathAssign(def.Assign, eff, env) : undefined;
  return x.finish(applyPath(def.OutputPath, eff, env), assign, nextOf(def));
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
    if (jsonataField !== undefined)
      throw new EvaluationError(stateError(env, 'States.QueryEvaluationError', text).cause ?? text, jsonataField, env.stateName);
    throw stateError(env, 'States.Runtime', text);
  }
  return d;
}
