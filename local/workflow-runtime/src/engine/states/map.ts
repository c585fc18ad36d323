import {
  evalJsonataTemplate,
  evalPayloadTemplate,
  EvaluationError,
  isJsonataString,
  resolveReference,
  stateError,
  typedJsonata,
  withContext,
} from '../dataflow.ts';
import { SfnError } from '../errors.ts';
import { J } from '../history.ts';
import type { Gen } from '../scheduler.ts';
import { joinBranches } from './branch-join.ts';
import { runDistributedMap } from './distributed-map.ts';
import { quiet, type StateEnv } from './context.ts';

/** One attempt of a Map: an iteration per item, at most MaxConcurrency at a time, within the tolerated failures. */
export function* runMap(x: StateEnv, effInput: unknown): Gen<unknown> {
  const { c, name, def, jsonata, env } = x;
  const s = c.m.sched;
  let items: unknown;
  if (jsonata) {
    if (def.Items === undefined) items = effInput;
    else if (isJsonataString(def.Items)) {
      items = typedJsonata(def.Items, x.states(), env, 'Items', 'array');
    } else items = evalJsonataTemplate(def.Items, x.states(), env, 'Items');
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
    maxConc =
      jsonata && isJsonataString(def.MaxConcurrency)
        ? (typedJsonata(def.MaxConcurrency, x.states(), env, 'MaxConcurrency', 'number') as number)
        : (def.MaxConcurrency as number);
  } else if (def.MaxConcurrencyPath !== undefined) {
    const v = resolveReference(def.MaxConcurrencyPath, effInput, env).value;
    // Integers given as text are accepted, as AWS does.
    const n = typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : v;
    if (typeof n !== 'number' || !Number.isInteger(n) || n < 0)
      throw quiet(
        stateError(
          env,
          'States.Runtime',
          `The MaxConcurrencyPath field refers to value "${typeof v === 'string' ? v : J(v)}" which is not a valid integer: ${def.MaxConcurrencyPath}`,
        ),
      );
    maxConc = n;
  }
  const processorConfig = (def.ItemProcessor ?? def.Iterator)?.ProcessorConfig;
  if (processorConfig?.Mode === 'DISTRIBUTED') return yield* runDistributedMap(x, effInput, list, maxConc);
  const tol = (key: 'ToleratedFailureCount' | 'ToleratedFailurePercentage'): number | undefined => {
    const v = def[key];
    if (v !== undefined) return jsonata && isJsonataString(v) ? (typedJsonata(v, x.states(), env, key, 'number') as number) : (v as number);
    const p = def[`${key}Path`];
    if (p !== undefined) return resolveReference(p, effInput, env).value as number;
    return undefined;
  };
  const tolCount = tol('ToleratedFailureCount');
  const tolPct = tol('ToleratedFailurePercentage');
  if (tolPct !== undefined && (tolPct < 0 || tolPct > 100))
    throw stateError(env, 'States.Runtime', 'ToleratedFailurePercentage must be between 0 and 100.');
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
      const ienv = withContext(env, { ...env.context, Map: { Item: mapItem } });
      itemInput = jsonata
        ? evalJsonataTemplate(selector, { input: effInput, context: ienv.context }, ienv, 'ItemSelector')
        : evalPayloadTemplate(selector, effInput, ienv);
    }
    try {
      const out = yield* x.runBranch(
        { m: c.m, scope: { vars: {}, parent: c.scope }, ql: processor.QueryLanguage ?? c.ql, mapItem },
        processor,
        itemInput,
      );
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
  const limit = maxConc > 0 ? maxConc : Number.POSITIVE_INFINITY;
  const tolerated = (): boolean => {
    if (tolCount === undefined && tolPct === undefined) return failures === 0;
    if (tolCount !== undefined && failures <= tolCount) return true;
    if (tolPct !== undefined && list.length > 0 && (failures / list.length) * 100 <= tolPct) return true;
    return false;
  };
  let firstError: SfnError | undefined;
  yield* joinBranches(s, {
    start: (running) => {
      if (nextIdx >= list.length || running >= limit) return undefined;
      const idx = nextIdx++;
      const f = s.spawn(iteration(idx, list[idx]), () => chain);
      fiberOf[idx] = f;
      return f;
    },
    finished: (f, o) => {
      const idx = fiberOf.indexOf(f);
      if (o.status === 'done') results[idx] = o.result;
      else if (o.status === 'failed') {
        failures++;
        firstError ??= o.error;
      }
    },
    failure: () =>
      tolerated()
        ? undefined
        : {
            error:
              firstError ??
              new SfnError('States.ExceedToleratedFailureThreshold', 'The specified tolerated failure threshold was exceeded'),
            last: chain,
          },
  });
  s.last = s.eventCount;
  s.emit('MapStateSucceeded', {}, { advance: false });
  return results;
}
