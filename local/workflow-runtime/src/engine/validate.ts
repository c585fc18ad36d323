import { DefinitionError } from '../contract.ts';
import { unsupportedReason } from './resources.ts';
import type { BranchDef, StateDef } from './types.ts';
import { isObject } from './types.ts';

const TYPES = new Set(['Task', 'Pass', 'Choice', 'Wait', 'Parallel', 'Map', 'Succeed', 'Fail']);

export interface ValidateOptions {
  /** Conformance harness only: accept SQS/SNS `.waitForTaskToken` as token transports. */
  tokenTransports?: boolean;
}

export function parseDefinition(definition: string, opts: ValidateOptions = {}): BranchDef {
  let parsed: unknown;
  try {
    parsed = JSON.parse(definition);
  } catch (e) {
    throw new DefinitionError(`Invalid JSON definition: ${(e as Error).message}`);
  }
  if (!isObject(parsed)) throw new DefinitionError('The definition must be a JSON object');
  const def = parsed as unknown as BranchDef;
  validateBranch(def, def.QueryLanguage ?? 'JSONPath', opts);
  return def;
}

function validateBranch(b: BranchDef, ql: string, opts: ValidateOptions): void {
  if (!isObject(b) || typeof b.StartAt !== 'string' || !isObject(b.States)) throw new DefinitionError('A branch needs StartAt and States');
  if (!(b.StartAt in b.States)) throw new DefinitionError(`StartAt '${b.StartAt}' does not name a state`, b.StartAt);
  for (const [name, s] of Object.entries(b.States)) validateState(name, s, b, ql, opts);
}

function validateState(name: string, s: StateDef, b: BranchDef, ql: string, opts: ValidateOptions): void {
  const fail = (why: string): never => {
    throw new DefinitionError(`State '${name}': ${why}`, name);
  };
  if (!isObject(s)) fail('not an object');
  if (!TYPES.has(s.Type)) fail(`unsupported state type '${String(s.Type)}'`);
  const stateQl = s.QueryLanguage ?? ql;
  if (stateQl !== 'JSONPath' && stateQl !== 'JSONata') fail(`unknown QueryLanguage '${stateQl}'`);
  if (ql === 'JSONata' && stateQl === 'JSONPath') fail('a JSONPath state cannot be nested in a JSONata definition');
  const terminal = s.Type === 'Succeed' || s.Type === 'Fail' || s.Type === 'Choice';
  if (!terminal) {
    if (s.End !== true && typeof s.Next !== 'string') fail('missing Next or End');
  }
  const targets: string[] = [];
  if (typeof s.Next === 'string') targets.push(s.Next);
  if (s.Type === 'Choice') {
    if (!Array.isArray(s.Choices) || s.Choices.length === 0) fail('Choice needs Choices');
    for (const c of s.Choices ?? []) if (typeof c.Next === 'string') targets.push(c.Next);
    if (typeof s.Default === 'string') targets.push(s.Default);
  }
  for (const c of s.Catch ?? []) targets.push(c.Next);
  for (const t of targets) if (!(t in b.States)) fail(`Next target '${t}' does not exist`);
  if (s.Type === 'Task') {
    if (typeof s.Resource !== 'string') fail('Task needs a Resource');
    const why = unsupportedReason(s.Resource ?? '', opts.tokenTransports);
    if (why) fail(why);
  }
  if (s.Type === 'Parallel') {
    if (!Array.isArray(s.Branches)) fail('Parallel needs Branches');
    for (const br of s.Branches ?? []) validateBranch(br, br.QueryLanguage ?? stateQl, opts);
  }
  if (s.Type === 'Map') {
    const s3 = 'which the local runtime does not have (a Distributed Map over the state input is supported)';
    if (s.ItemReader !== undefined) fail(`Distributed Map with ItemReader is not supported locally: it reads S3, ${s3}`);
    if (s.ResultWriter !== undefined) fail(`Distributed Map with ResultWriter is not supported locally: it writes S3, ${s3}`);
    const proc = s.ItemProcessor ?? s.Iterator;
    if (!proc) fail('Map needs an ItemProcessor');
    const config = (proc as { ProcessorConfig?: { Mode?: string; ExecutionType?: string } } | undefined)?.ProcessorConfig;
    const distributed = config?.Mode === 'DISTRIBUTED';
    if (config?.Mode !== undefined && config.Mode !== 'INLINE' && !distributed)
      fail(`unknown ProcessorConfig.Mode '${String(config.Mode)}'`);
    if (distributed && config.ExecutionType !== 'STANDARD' && config.ExecutionType !== 'EXPRESS')
      fail('a Distributed Map needs ProcessorConfig.ExecutionType STANDARD or EXPRESS');
    if (!distributed && s.ItemBatcher !== undefined) fail('ItemBatcher needs ProcessorConfig.Mode DISTRIBUTED');
    if (distributed && s.ItemBatcher !== undefined) validateBatcher(s.ItemBatcher, fail);
    if (distributed) {
      const count = s.ToleratedFailureCount;
      if (count !== undefined && !isJsonataLike(count) && (typeof count !== 'number' || !Number.isInteger(count) || count < 0))
        fail('ToleratedFailureCount must be a non-negative integer');
      const pct = s.ToleratedFailurePercentage;
      if (pct !== undefined && !isJsonataLike(pct) && (typeof pct !== 'number' || pct < 0 || pct > 100))
        fail('ToleratedFailurePercentage must be a number between 0 and 100');
    }
    if (distributed && s.Label !== undefined && (typeof s.Label !== 'string' || !/^[^\s<>{}[\]?*"#%\\^|~`$&,;:/]{1,40}$/.test(s.Label)))
      fail('Label must be at most 40 characters, without spaces or the characters < > { } [ ] ? * " # % \\ ^ | ~ ` $ & , ; : /');
    if (proc) validateBranch(proc, proc.QueryLanguage ?? stateQl, opts);
  }
}

const BATCHER_KEYS = new Set([
  'MaxItemsPerBatch',
  'MaxItemsPerBatchPath',
  'MaxInputBytesPerBatch',
  'MaxInputBytesPerBatchPath',
  'BatchInput',
]);

function validateBatcher(b: unknown, fail: (why: string) => never): void {
  if (!isObject(b)) fail('ItemBatcher must be an object');
  const o = b;
  for (const k of Object.keys(o)) if (!BATCHER_KEYS.has(k)) fail(`ItemBatcher has an unknown field '${k}'`);
  const limits = ['MaxItemsPerBatch', 'MaxItemsPerBatchPath', 'MaxInputBytesPerBatch', 'MaxInputBytesPerBatchPath'];
  if (!limits.some((k) => o[k] !== undefined)) fail('ItemBatcher needs MaxItemsPerBatch or MaxInputBytesPerBatch (or their Paths)');
  for (const k of ['MaxItemsPerBatch', 'MaxInputBytesPerBatch'] as const) {
    const v = o[k];
    if (v === undefined || isJsonataLike(v)) continue;
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 1) fail(`ItemBatcher.${k} must be a positive integer`);
    if (k === 'MaxInputBytesPerBatch' && v > 262144) fail('ItemBatcher.MaxInputBytesPerBatch must be at most 262144 (256 KiB)');
  }
}

const isJsonataLike = (v: unknown): boolean => typeof v === 'string' && /^\{%[\s\S]*%\}$/.test(v);
