import { MAP_RUN_CHILD_RESOURCE } from '../../contract.ts';
import type { MapRunChildParameters, MapRunEffect, MapRunStatus } from '../../contract.ts';
import {
  evalJsonataTemplate,
  evalPayloadTemplate,
  isJsonataString,
  resolveReference,
  stateError,
  typedJsonata,
  withContext,
} from '../dataflow.ts';
import { SfnError } from '../errors.ts';
import { J } from '../history.ts';
import type { Gen } from '../scheduler.ts';
import { isObject } from '../types.ts';
import { quiet, waitSignal, type StateEnv } from './context.ts';

/** AWS's error when the failed items of a Map Run exceed its tolerated failures. */
export const EXCEEDED = {
  error: 'States.ExceedToleratedFailureThreshold',
  cause: 'The specified tolerated failure threshold was exceeded',
};

type Limits = { count: number | undefined; pct: number | undefined };

/** Integers (or, for percentages, numbers) given as text are accepted, as AWS does for the *Path fields. */
function fromPath(x: StateEnv, key: string, path: string, effInput: unknown, kind: 'integer' | 'float'): { value: number } {
  const { env } = x;
  const v = resolveReference(path, effInput, env).value;
  const n = typeof v === 'string' && v.trim() !== '' && !Number.isNaN(Number(v)) ? Number(v) : v;
  const ok = typeof n === 'number' && Number.isFinite(n) && (kind === 'float' || Number.isInteger(n));
  if (!ok) {
    const shown = typeof v === 'string' ? v : J(v);
    throw quiet(stateError(env, 'States.Runtime', `The ${key} field refers to value "${shown}" which is not a valid ${kind}: ${path}`));
  }
  return { value: n };
}

function numberField(
  x: StateEnv,
  key: string,
  effInput: unknown,
  kind: 'integer' | 'float',
  src: Record<string, unknown>,
): number | undefined {
  const { jsonata, env } = x;
  const v = src[key];
  if (v !== undefined) {
    if (jsonata && isJsonataString(v)) return typedJsonata(v, x.states(), env, key, 'number') as number;
    return v as number;
  }
  const p = src[`${key}Path`];
  if (typeof p === 'string') return fromPath(x, `${key}Path`, p, effInput, kind).value;
  return undefined;
}

function tolerance(x: StateEnv, effInput: unknown): Limits {
  const { env, def } = x;
  const src = def as unknown as Record<string, unknown>;
  const count = numberField(x, 'ToleratedFailureCount', effInput, 'integer', src);
  if (count !== undefined && count < 0) throw quiet(stateError(env, 'States.Runtime', 'ToleratedFailureCount cannot be negative.'));
  const pct = numberField(x, 'ToleratedFailurePercentage', effInput, 'float', src);
  if (pct !== undefined && (pct < 0 || pct > 100))
    throw quiet(stateError(env, 'States.Runtime', 'ToleratedFailurePercentage must be between 0 and 100.'));
  return { count, pct };
}

interface Child {
  input: unknown;
  items: number;
}

/** Groups the selected items into the child inputs, as ItemBatcher asks (one child per item without it). */
function batches(x: StateEnv, effInput: unknown, selected: unknown[]): Child[] {
  const { def, jsonata, env } = x;
  const b = def.ItemBatcher;
  if (!isObject(b)) return selected.map((input) => ({ input, items: 1 }));
  const positive = (key: string): number | undefined => {
    const n = numberField(x, key, effInput, 'integer', b);
    if (n !== undefined && (!Number.isInteger(n) || n < 1))
      throw quiet(stateError(env, 'States.Runtime', `The field ${key} must be a positive integer, got ${J(n)}.`));
    return n;
  };
  const maxItems = positive('MaxItemsPerBatch') ?? Number.POSITIVE_INFINITY;
  const maxBytes = positive('MaxInputBytesPerBatch') ?? Number.POSITIVE_INFINITY;
  let batchInput: unknown;
  if (b.BatchInput !== undefined) {
    batchInput = jsonata
      ? evalJsonataTemplate(b.BatchInput, x.states(), env, 'BatchInput')
      : evalPayloadTemplate(b.BatchInput, effInput, env);
  }
  const wrap = (items: unknown[]): unknown => (batchInput === undefined ? { Items: items } : { BatchInput: batchInput, Items: items });
  const out: Child[] = [];
  let cur: unknown[] = [];
  for (const item of selected) {
    const fits = cur.length < maxItems && (maxBytes === Number.POSITIVE_INFINITY || Buffer.byteLength(J(wrap([...cur, item]))) <= maxBytes);
    if (cur.length > 0 && !fits) {
      out.push({ input: wrap(cur), items: cur.length });
      cur = [];
    }
    cur.push(item);
  }
  if (cur.length > 0) out.push({ input: wrap(cur), items: cur.length });
  return out;
}

function hex(rnd: () => number, n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += Math.floor(rnd() * 16).toString(16);
  return s;
}

function uuid(rnd: () => number): string {
  const h = hex(rnd, 32).split('');
  h[12] = '4';
  h[16] = ((parseInt(h[16] ?? '0', 16) & 0x3) | 0x8).toString(16);
  const s = h.join('');
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
}

/**
 * A Distributed Map: the items (after ItemSelector and ItemBatcher) become the child executions
 * of a Map Run, started as `invoke` effects on MAP_RUN_CHILD_RESOURCE at most MaxConcurrency at a
 * time, each answered with the child's output or error. The parent's history shows only the Map
 * Run (MapRunStarted, then MapRunSucceeded or MapRunFailed), as AWS records it.
 */
export function* runDistributedMap(x: StateEnv, effInput: unknown, list: unknown[], maxConcurrency: number): Gen<unknown> {
  const { c, def, jsonata, env } = x;
  const s = c.m.sched;
  s.emit('MapStateStarted', { mapStateStartedEventDetails: { length: list.length } });
  const tol = tolerance(x, effInput);
  const selector = jsonata ? def.ItemSelector : (def.ItemSelector ?? def.Parameters);
  const selected =
    selector === undefined
      ? list
      : list.map((value, index) => {
          const ienv = withContext(env, { ...env.context, Map: { Item: { Index: index, Value: value } } });
          return jsonata
            ? evalJsonataTemplate(selector, { input: x.input, context: ienv.context }, ienv, 'ItemSelector')
            : evalPayloadTemplate(selector, effInput, ienv);
        });
  const children = batches(x, effInput, selected);
  const processor = def.ItemProcessor ?? def.Iterator;
  if (!processor) throw stateError(env, 'States.Runtime', 'Map state has no ItemProcessor');
  const { ProcessorConfig: config, ...branch } = processor;
  const definition = JSON.stringify({ ...branch, QueryLanguage: processor.QueryLanguage ?? c.ql });

  const meta = c.m.meta;
  const arnParts = /^arn:([\w-]+):states:([^:]*):([^:]*):/.exec(meta.stateMachineArn);
  const [partition, region, account] = [arnParts?.[1] ?? 'aws', arnParts?.[2] ?? c.m.region, arnParts?.[3] ?? '000000000000'];
  const rnd = (): number => c.m.random();
  const label = typeof def.Label === 'string' ? def.Label : hex(rnd, 8);
  const runId = uuid(rnd);
  const mapRunArn = `arn:${partition}:states:${region}:${account}:mapRun:${meta.stateMachineName}/${label}:${runId}`;
  const regId = s.newEffectId('maprun');
  const limits = {
    maxConcurrency,
    count: tol.count,
    pct: tol.pct,
  };
  const run = (status: MapRunStatus): MapRunEffect => ({
    kind: 'mapRun',
    id: regId,
    mapRunArn,
    status,
    definition,
    executionType: config?.ExecutionType === 'EXPRESS' ? 'EXPRESS' : 'STANDARD',
    stateMachineArn: `${meta.stateMachineArn}/${label}`,
    maxConcurrency: limits.maxConcurrency,
    toleratedFailureCount: limits.count ?? 0,
    toleratedFailurePercentage: limits.pct ?? 0,
    itemCount: list.length,
  });
  const startedId = s.emit('MapRunStarted', { mapRunStartedEventDetails: { mapRunArn } });
  s.addEffect(run('RUNNING'));
  const close = (status: MapRunStatus): void => {
    s.effects.push(run(status));
    s.settleEffect(regId);
  };

  const failed = { items: 0 };
  const exceeded = (): boolean => {
    if (limits.count === undefined && limits.pct === undefined) return failed.items > 0;
    if (limits.count !== undefined && failed.items > limits.count) return true;
    return limits.pct !== undefined && list.length > 0 && (failed.items / list.length) * 100 > limits.pct;
  };
  const results: unknown[] = new Array<unknown>(children.length).fill(null);
  const pending = new Map<string, number>();
  let next = 0;
  for (;;) {
    const limit = limits.maxConcurrency > 0 ? limits.maxConcurrency : Number.POSITIVE_INFINITY;
    while (next < children.length && pending.size < limit) {
      const index = next++;
      const child = children[index] as Child;
      const id = s.newEffectId('invoke');
      const parameters: MapRunChildParameters = {
        MapRunArn: mapRunArn,
        Name: `${runId}-${index}`,
        Input: child.input,
        Index: index,
        ItemCount: child.items,
      };
      s.addEffect({ kind: 'invoke', id, resource: MAP_RUN_CHILD_RESOURCE, parameters });
      pending.set(id, index);
    }
    if (pending.size === 0) break;
    const sig = yield* waitSignal([regId, ...pending.keys()]);
    if (sig.kind === 'mapRunUpdate') {
      if (sig.maxConcurrency !== undefined) limits.maxConcurrency = sig.maxConcurrency;
      if (sig.toleratedFailureCount !== undefined) limits.count = sig.toleratedFailureCount;
      if (sig.toleratedFailurePercentage !== undefined) limits.pct = sig.toleratedFailurePercentage;
      s.effects.push(run('RUNNING'));
      if (!exceeded()) continue;
    } else if (sig.kind === 'invokeSucceeded' || sig.kind === 'invokeFailed') {
      const index = pending.get(sig.effectId);
      if (index === undefined) continue;
      pending.delete(sig.effectId);
      s.settleEffect(sig.effectId);
      if (sig.kind === 'invokeSucceeded') {
        results[index] = sig.output;
        continue;
      }
      failed.items += (children[index] as Child).items;
      if (!exceeded()) continue;
    } else continue;
    // Over the threshold: the children still running are aborted, the Map Run fails.
    for (const id of pending.keys()) s.cancelEffect(id);
    s.last = startedId;
    s.emit('MapRunFailed', { mapRunFailedEventDetails: { error: EXCEEDED.error, cause: EXCEEDED.cause } });
    close('FAILED');
    throw new SfnError(EXCEEDED.error, EXCEEDED.cause);
  }
  s.last = startedId;
  s.emit('MapRunSucceeded', {});
  close('SUCCEEDED');
  s.emit('MapStateSucceeded', {}, { advance: false });
  // AWS chains MapStateExited to MapRunStarted (to MapRunSucceeded in recordings before Nov 2024).
  if (!c.m.legacyMapRunExit) s.last = startedId;
  return results;
}
