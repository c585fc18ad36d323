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
    if (s.ItemReader !== undefined) fail('Distributed Map with ItemReader is not supported locally');
    if (s.ResultWriter !== undefined) fail('Distributed Map with ResultWriter is not supported locally');
    if (s.ItemBatcher !== undefined) fail('Distributed Map with ItemBatcher is not supported locally');
    const proc = s.ItemProcessor ?? s.Iterator;
    if (!proc) fail('Map needs an ItemProcessor');
    const config = (proc as { ProcessorConfig?: { Mode?: string } } | undefined)?.ProcessorConfig;
    if (config?.Mode === 'DISTRIBUTED') fail('Distributed Map is not supported locally');
    if (proc) validateBranch(proc, proc.QueryLanguage ?? stateQl, opts);
  }
}
