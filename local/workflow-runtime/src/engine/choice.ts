import { evalJsonataExpr, resolveReference, stateError } from './dataflow.ts';
import type { EvalEnv, StatesBinding } from './dataflow.ts';
import type { ChoiceRule } from './types.ts';

const OPS = /^(String|Numeric|Boolean|Timestamp)(Equals|LessThan|GreaterThan|LessThanEquals|GreaterThanEquals|Matches)(Path)?$/;

function isTimestamp(v: unknown): boolean {
  return (
    typeof v === 'string' && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(v) && !Number.isNaN(Date.parse(v))
  );
}

function matchesPattern(s: string, pattern: string): boolean {
  // `*` is the only wildcard; `\*` and `\\` escape.
  let re = '';
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i] ?? '';
    if (ch === '\\' && i + 1 < pattern.length) {
      re += (pattern[i + 1] ?? '').replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      i++;
    } else if (ch === '*') re += '.*';
    else re += ch.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`, 's').test(s);
}

function compare(kind: string, op: string, a: unknown, b: unknown): boolean {
  if (kind === 'String') {
    if (typeof a !== 'string' || typeof b !== 'string') return false;
    if (op === 'Matches') return matchesPattern(a, b);
  } else if (kind === 'Numeric') {
    if (typeof a !== 'number' || typeof b !== 'number') return false;
  } else if (kind === 'Boolean') {
    if (typeof a !== 'boolean' || typeof b !== 'boolean') return false;
  } else {
    if (!isTimestamp(a) || !isTimestamp(b)) return false;
    a = Date.parse(a as string);
    b = Date.parse(b as string);
  }
  const x = a as number | string;
  const y = b as number | string;
  switch (op) {
    case 'Equals':
      return x === y;
    case 'LessThan':
      return x < y;
    case 'GreaterThan':
      return x > y;
    case 'LessThanEquals':
      return x <= y;
    case 'GreaterThanEquals':
      return x >= y;
    default:
      return false;
  }
}

export function evaluateChoiceRule(
  rule: ChoiceRule,
  input: unknown,
  env: EvalEnv,
  jsonata: boolean,
  states: StatesBinding,
  field: string,
): boolean {
  if (jsonata && rule.Condition !== undefined) {
    if (typeof rule.Condition === 'boolean') return rule.Condition;
    const v = evalJsonataExpr(rule.Condition as string, states, env, `${field}/Condition`);
    if (typeof v !== 'boolean')
      throw stateError(env, 'States.QueryEvaluationError', `The Condition field must evaluate to a boolean, but was: ${JSON.stringify(v)}`);
    return v;
  }
  if (rule.And) return rule.And.every((r) => evaluateChoiceRule(r, input, env, jsonata, states, field));
  if (rule.Or) return rule.Or.some((r) => evaluateChoiceRule(r, input, env, jsonata, states, field));
  if (rule.Not) return !evaluateChoiceRule(rule.Not, input, env, jsonata, states, field);
  const variable = rule.Variable ?? '$';
  const ref = resolveReference(variable, input, env);
  for (const [key, expected] of Object.entries(rule)) {
    if (key === 'IsPresent') return ref.found === expected;
    if (key.startsWith('Is')) {
      if (!ref.found) {
        if (key === 'IsNull') return false;
        return false;
      }
      const v = ref.value;
      let r: boolean;
      switch (key) {
        case 'IsNull':
          r = v === null;
          break;
        case 'IsNumeric':
          r = typeof v === 'number';
          break;
        case 'IsString':
          r = typeof v === 'string';
          break;
        case 'IsBoolean':
          r = typeof v === 'boolean';
          break;
        case 'IsTimestamp':
          r = isTimestamp(v);
          break;
        default:
          continue;
      }
      return r === expected;
    }
    const m = OPS.exec(key);
    if (!m) continue;
    if (!ref.found)
      throw stateError(env, 'States.Runtime', `Invalid path '${variable}': The choice state's condition path references an invalid value.`);
    let b = expected;
    if (m[3]) {
      const r = resolveReference(expected as string, input, env);
      if (!r.found)
        throw stateError(
          env,
          'States.Runtime',
          `Invalid path '${String(expected)}': The choice state's condition path references an invalid value.`,
        );
      b = r.value;
    }
    return compare(m[1] ?? '', m[2] ?? '', ref.value, b);
  }
  return false;
}
