import { SfnError } from './errors.ts';
import { evaluateIntrinsic, isIntrinsic } from './intrinsics.ts';
import { JsonPathError, read, write } from './jsonpath.ts';
import { evaluateJsonata, evaluateJsonataFast } from './jsonata-sync.ts';
import { isObject } from './types.ts';

/** Workflow variables: a branch (Parallel/Map iteration) reads outer scopes but writes its own. */
export interface Scope {
  vars: Record<string, unknown>;
  parent: Scope | null;
}

export function lookupVar(scope: Scope, name: string): { found: boolean; value: unknown } {
  for (let s: Scope | null = scope; s; s = s.parent) {
    if (Object.prototype.hasOwnProperty.call(s.vars, name)) return { found: true, value: s.vars[name] };
  }
  return { found: false, value: undefined };
}

export function allVars(scope: Scope): Record<string, unknown> {
  const chain: Scope[] = [];
  for (let s: Scope | null = scope; s; s = s.parent) chain.unshift(s);
  return Object.assign({}, ...chain.map((s) => s.vars)) as Record<string, unknown>;
}

/** What an expression inside a state can see. */
export interface EvalEnv {
  stateName: string;
  enteredId: number;
  scope: Scope;
  context: Record<string, unknown>;
  nextSeed: () => number;
  random: () => number;
}

/** `env` with another context object (a Map's item); `env` may be a class instance, so no spread. */
export function withContext(env: EvalEnv, context: Record<string, unknown>): EvalEnv {
  return {
    stateName: env.stateName,
    enteredId: env.enteredId,
    scope: env.scope,
    context,
    nextSeed: () => env.nextSeed(),
    random: () => env.random(),
  };
}

export function stateError(env: EvalEnv, error: string, msg: string): SfnError {
  return new SfnError(
    error,
    `An error occurred while executing the state '${env.stateName}' (entered at the event id #${env.enteredId}). ${msg}`,
  );
}

/** Marks a QueryEvaluationError so the runner can emit the EvaluationFailed event with its location. */
export class EvaluationError extends SfnError {
  constructor(
    cause: string,
    public readonly location: string | undefined,
    public readonly state: string,
  ) {
    super('States.QueryEvaluationError', cause);
  }
}

// ------------------------------------------------------------------------------------ JSONPath

function pathNotFound(env: EvalEnv, path: string, field: string, input: unknown): SfnError {
  return stateError(
    env,
    'States.Runtime',
    `The JSONPath '${path}' specified for the field '${field}' could not be found in the input '${JSON.stringify(input)}'`,
  );
}

/** Resolves `$.x`, `$$.x` or `$var.x` the way Parameters/Assign/intrinsics do. */
export function resolveReference(ref: string, input: unknown, env: EvalEnv): { found: boolean; value: unknown } {
  try {
    if (ref.startsWith('$$')) return read('$' + ref.slice(2), env.context);
    if (ref === '$' || ref.startsWith('$.') || ref.startsWith('$[')) return read(ref, input);
    const m = /^\$([A-Za-z_][A-Za-z0-9_]*)(.*)$/s.exec(ref);
    if (m) {
      const v = lookupVar(env.scope, m[1] ?? '');
      if (!v.found) return v;
      return m[2] ? read('$' + m[2], v.value) : v;
    }
  } catch (e) {
    if (e instanceof JsonPathError) throw stateError(env, 'States.Runtime', e.message);
    throw e;
  }
  return { found: false, value: undefined };
}

export function evalPayloadTemplate(tpl: unknown, input: unknown, env: EvalEnv, fieldPrefix = ''): unknown {
  if (Array.isArray(tpl)) return tpl.map((x) => evalPayloadTemplate(x, input, env, fieldPrefix));
  if (!isObject(tpl)) return tpl;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(tpl)) {
    if (k.endsWith('.$') && typeof v === 'string') {
      out[k.slice(0, -2)] = evalDynamic(v, input, env, k);
    } else out[k] = evalPayloadTemplate(v, input, env, fieldPrefix);
  }
  return out;
}

function evalDynamic(expr: string, input: unknown, env: EvalEnv, field: string): unknown {
  if (isIntrinsic(expr)) {
    return evaluateIntrinsic(expr, {
      resolve: (p) => {
        const r = resolveReference(p, input, env);
        if (!r.found) throw pathNotFound(env, p, field, input);
        return r.value;
      },
      random: () => env.random(),
    });
  }
  const r = resolveReference(expr, input, env);
  if (!r.found) {
    if (expr.startsWith('$$')) throw pathNotFound(env, expr, field, input);
    throw pathNotFound(env, expr, field, input);
  }
  return r.value;
}

/** InputPath / OutputPath: null means an empty object; a missing path is a runtime error. */
export function applyPath(path: string | null | undefined, value: unknown, env: EvalEnv): unknown {
  if (path === undefined) return value;
  if (path === null) return {};
  const r = resolveReference(path, value, env);
  if (!r.found) throw stateError(env, 'States.Runtime', `Invalid path '${path}' : ${missingPathText(path, value)}`);
  return r.value;
}

/** Jayway's wording, which AWS passes on: a missing intermediate property is named as such. */
function missingPathText(path: string, value: unknown): string {
  if (/^\$(\.[\w-]+)+$/.test(path)) {
    const segs = path.slice(2).split('.');
    let cur: unknown = value;
    for (let i = 0; i < segs.length - 1; i++) {
      const seg = segs[i] ?? '';
      if (!isObject(cur) || !(seg in cur))
        return `Missing property in path $${segs
          .slice(0, i + 1)
          .map((x) => `['${x}']`)
          .join('')}`;
      cur = cur[seg];
    }
  }
  return `No results for path: ${bracketPath(path)}`;
}

function bracketPath(path: string): string {
  const parts = path
    .replace(/^\$/, '')
    .split('.')
    .filter(Boolean)
    .map((p) => `['${p}']`);
  return '$' + parts.join('');
}

export function applyResultPath(resultPath: string | null | undefined, input: unknown, result: unknown, env: EvalEnv): unknown {
  if (resultPath === undefined || resultPath === '$') return result;
  if (resultPath === null) return input;
  try {
    return write(input, resultPath, result);
  } catch {
    throw stateError(
      env,
      'States.ResultPathMatchFailure',
      `Unable to apply ResultPath '${resultPath}' to input '${JSON.stringify(input)}'`,
    );
  }
}

export function evalJsonPathAssign(assign: Record<string, unknown>, input: unknown, env: EvalEnv): Record<string, unknown> {
  return evalPayloadTemplate(assign, input, env) as Record<string, unknown>;
}

// ------------------------------------------------------------------------------------ JSONata

const JSONATA_RE = /^\{%([\s\S]*)%\}$/;

export function isJsonataString(v: unknown): v is string {
  return typeof v === 'string' && JSONATA_RE.test(v);
}

export interface StatesBinding {
  input: unknown;
  result?: unknown;
  errorOutput?: unknown;
  context: unknown;
}

function plainStates(b: StatesBinding): StatesBinding {
  const out: StatesBinding = { input: b.input, context: b.context };
  if ('result' in b) out.result = b.result;
  if ('errorOutput' in b) out.errorOutput = b.errorOutput;
  return out;
}

function jsType(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  return typeof v;
}

export function evalJsonataExpr(src: string, states: StatesBinding, env: EvalEnv, field: string): unknown {
  const m = JSONATA_RE.exec(src);
  const expr = (m?.[1] ?? src).trim();
  const bindings: Record<string, unknown> = { ...allVars(env.scope), states };
  // The seed is drawn either way so that $random/$uuid sequences do not depend on the fast path.
  const seed = env.nextSeed();
  // The binding may be a class instance with a lazy context: the worker gets plain data.
  const r = evaluateJsonataFast(expr, bindings) ?? evaluateJsonata(expr, states.input, { ...bindings, states: plainStates(states) }, seed);
  if (r.ok && r.value !== undefined) return r.value;
  const prefix = `An error occurred while executing the state '${env.stateName}' (entered at the event id #${env.enteredId}). The JSONata expression '${expr}' specified for the field '${field}'`;
  if (!r.ok) {
    const e = r.error;
    if (e.unsupported) throw new EvaluationError(`${prefix} returned an unsupported result type.`, field, env.stateName);
    const detail = e.sfn ? e.message : `${e.code ? e.code + ': ' : ''}${e.message}`;
    throw new EvaluationError(`${prefix} threw an error during evaluation. ${detail}`, field, env.stateName);
  }
  if (r.value === undefined) throw new EvaluationError(`${prefix} returned nothing (undefined).`, field, env.stateName);
  return r.value;
}

export function typedJsonata(src: string, states: StatesBinding, env: EvalEnv, field: string, expected: string): unknown {
  const v = evalJsonataExpr(src, states, env, field);
  const t = jsType(v);
  if (t !== expected && !(expected === 'integer' && t === 'number')) {
    const m = JSONATA_RE.exec(src);
    const expr = (m?.[1] ?? src).trim();
    throw new EvaluationError(
      `An error occurred while executing the state '${env.stateName}' (entered at the event id #${env.enteredId}). The JSONata expression '${expr}' specified for the field '${field}' returned an unexpected result type. Expected '${expected}', but was '${t}' for value: ${JSON.stringify(v)}`,
      field,
      env.stateName,
    );
  }
  return v;
}

/** Evaluates `{% %}` strings anywhere inside a template; other values are literals. */
export function evalJsonataTemplate(tpl: unknown, states: StatesBinding, env: EvalEnv, field: string): unknown {
  if (isJsonataString(tpl)) return evalJsonataExpr(tpl, states, env, field);
  if (Array.isArray(tpl)) return tpl.map((x, i) => evalJsonataTemplate(x, states, env, `${field}[${i}]`));
  if (isObject(tpl)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(tpl)) out[k] = evalJsonataTemplate(v, states, env, `${field}/${k}`);
    return out;
  }
  return tpl;
}
