import { createHash } from 'node:crypto';
import { SfnError } from './errors.ts';

/**
 * States.* intrinsic functions. Arguments may be literals, JSONPath references (resolved by the
 * caller-provided `resolve`) or nested intrinsic calls.
 */

type Arg = { k: 'lit'; v: unknown } | { k: 'path'; p: string } | { k: 'call'; name: string; args: Arg[] };

export function isIntrinsic(s: string): boolean {
  return /^\s*States\.[A-Za-z0-9]+\(/.test(s);
}

function parseCall(src: string): Arg {
  let i = 0;
  const ws = (): void => {
    while (i < src.length && /\s/.test(src[i] ?? '')) i++;
  };
  const fail = (): never => {
    throw new SfnError('States.IntrinsicFailure', `Invalid intrinsic function: ${src}`);
  };
  const parseArg = (): Arg => {
    ws();
    const c = src[i];
    if (c === "'") {
      i++;
      let s = '';
      while (i < src.length && src[i] !== "'") {
        if (src[i] === '\\') {
          i++;
          s += src[i] ?? '';
          i++;
        } else s += src[i++];
      }
      if (src[i] !== "'") fail();
      i++;
      return { k: 'lit', v: s };
    }
    if (c === '$') {
      let s = '';
      let depth = 0;
      while (i < src.length) {
        const ch = src[i] ?? '';
        if (ch === '[' || ch === '(') depth++;
        if (ch === ']' || ch === ')') {
          if (depth === 0) break;
          depth--;
        }
        if (ch === ',' && depth === 0) break;
        s += ch;
        i++;
      }
      return { k: 'path', p: s.trim() };
    }
    if (src.startsWith('States.', i)) {
      const m = /^States\.([A-Za-z0-9]+)\(/.exec(src.slice(i));
      if (!m) return fail();
      i += m[0].length;
      const args: Arg[] = [];
      ws();
      if (src[i] === ')') {
        i++;
        return { k: 'call', name: m[1] ?? '', args };
      }
      for (;;) {
        args.push(parseArg());
        ws();
        if (src[i] === ',') {
          i++;
          continue;
        }
        if (src[i] === ')') {
          i++;
          break;
        }
        fail();
      }
      return { k: 'call', name: m[1] ?? '', args };
    }
    const m = /^(-?\d+(\.\d+)?([eE][+-]?\d+)?|true|false|null)/.exec(src.slice(i));
    if (!m) return fail();
    i += m[0].length;
    return { k: 'lit', v: JSON.parse(m[0]) as unknown };
  };
  const r = parseArg();
  ws();
  if (i !== src.length || r.k !== 'call') fail();
  return r;
}

export interface IntrinsicEnv {
  resolve(path: string): unknown;
  random(): number;
}

function typeName(v: unknown): string {
  return Array.isArray(v) ? 'array' : v === null ? 'null' : typeof v;
}

function stable(v: unknown): string {
  return JSON.stringify(v);
}

function evalArg(a: Arg, env: IntrinsicEnv): unknown {
  if (a.k === 'lit') return a.v;
  if (a.k === 'path') return env.resolve(a.p);
  const args = a.args.map((x) => evalArg(x, env));
  return call(a.name, args, env);
}

/** States.Format renders objects and arrays as Java's Map/List toString does: {a=1, b=[x, y]}. */
const fmtJson = (v: unknown): string => {
  if (typeof v === 'string') return v;
  if (Array.isArray(v)) return `[${v.map(fmtJson).join(', ')}]`;
  if (typeof v === 'object' && v !== null)
    return `{${Object.entries(v)
      .map(([k, x]) => `${k}=${fmtJson(x)}`)
      .join(', ')}}`;
  return JSON.stringify(v);
};

function need(cond: boolean, fn: string, msg: string): void {
  if (!cond) throw new SfnError('States.IntrinsicFailure', `${fn}: ${msg}`);
}

function call(name: string, args: unknown[], env: IntrinsicEnv): unknown {
  const fn = `States.${name}`;
  const a0 = args[0];
  const a1 = args[1];
  const a2 = args[2];
  switch (name) {
    case 'Format': {
      need(typeof a0 === 'string', fn, 'first argument must be a string');
      let k = 1;
      return (a0 as string).replace(/\{\}/g, () => fmtJson(args[k++]));
    }
    case 'StringToJson':
      need(typeof a0 === 'string', fn, 'argument must be a string');
      return (a0 as string).trim() === '' ? null : (JSON.parse(a0 as string) as unknown);
    case 'JsonToString':
      return JSON.stringify(a0);
    case 'Array':
      return args;
    case 'ArrayPartition': {
      need(Array.isArray(a0) && typeof a1 === 'number' && a1 > 0, fn, 'invalid arguments');
      const arr = a0 as unknown[];
      const out: unknown[][] = [];
      for (let i = 0; i < arr.length; i += a1 as number) out.push(arr.slice(i, i + (a1 as number)));
      return out;
    }
    case 'ArrayContains':
      need(Array.isArray(a0), fn, 'first argument must be an array');
      return (a0 as unknown[]).some((x) => stable(x) === stable(a1));
    case 'ArrayRange': {
      need(
        [a0, a1, a2].every((x) => typeof x === 'number'),
        fn,
        'arguments must be numbers',
      );
      const out: number[] = [];
      const s = a2 as number;
      need(s !== 0, fn, 'step must not be zero');
      if (s > 0) for (let x = a0 as number; x <= (a1 as number); x += s) out.push(x);
      else for (let x = a0 as number; x >= (a1 as number); x += s) out.push(x);
      need(out.length <= 1000, fn, 'The array exceeds the maximum length of 1000 items');
      return out;
    }
    case 'ArrayGetItem':
      need(Array.isArray(a0) && typeof a1 === 'number', fn, 'invalid arguments');
      return (a0 as unknown[])[a1 as number] ?? null;
    case 'ArrayLength':
      need(Array.isArray(a0), fn, 'argument must be an array');
      return (a0 as unknown[]).length;
    case 'ArrayUnique': {
      need(Array.isArray(a0), fn, 'argument must be an array');
      const seen = new Set<string>();
      return (a0 as unknown[]).filter((x) => {
        const k = stable(x);
        if (seen.has(k)) return false;
        seen.add(k);
        return true;
      });
    }
    case 'Base64Encode':
      need(typeof a0 === 'string', fn, 'argument must be a string');
      return Buffer.from(a0 as string, 'utf8').toString('base64');
    case 'Base64Decode':
      need(typeof a0 === 'string', fn, 'argument must be a string');
      return Buffer.from(a0 as string, 'base64').toString('utf8');
    case 'Hash': {
      const algs: Record<string, string> = { MD5: 'md5', 'SHA-1': 'sha1', 'SHA-256': 'sha256', 'SHA-384': 'sha384', 'SHA-512': 'sha512' };
      const alg = typeof a1 === 'string' ? algs[a1] : undefined;
      need(alg !== undefined, fn, `unsupported algorithm ${String(a1)}`);
      return createHash(alg ?? 'md5')
        .update(typeof a0 === 'string' ? a0 : JSON.stringify(a0))
        .digest('hex');
    }
    case 'JsonMerge': {
      need(typeName(a0) === 'object' && typeName(a1) === 'object', fn, 'arguments must be objects');
      need(a2 === false, fn, 'deep merge is not supported');
      return { ...(a0 as object), ...(a1 as object) };
    }
    case 'MathRandom': {
      need(typeof a0 === 'number' && typeof a1 === 'number', fn, 'arguments must be numbers');
      // Bounds are rounded like MathAdd's arguments; the result is an integer in [lo, hi).
      const lo = Math.round(a0 as number);
      const hi = Math.round(a1 as number);
      return Math.floor(env.random() * (hi - lo)) + lo;
    }
    case 'MathAdd':
      need(typeof a0 === 'number' && typeof a1 === 'number', fn, 'arguments must be numbers');
      // Each argument is rounded half up (Java Math.round), as the recordings show: 1.49 + 1.5 = 3.
      return Math.round(a0 as number) + Math.round(a1 as number) + 0;
    case 'StringSplit': {
      need(typeof a0 === 'string' && typeof a1 === 'string', fn, 'arguments must be strings');
      const seps = [...(a1 as string)];
      let parts = [a0 as string];
      for (const s of seps) parts = parts.flatMap((p) => p.split(s));
      return parts.filter((p) => p !== '');
    }
    case 'UUID':
      return uuidFrom(() => env.random());
    default:
      throw new SfnError('States.IntrinsicFailure', `Unknown intrinsic function ${fn}`);
  }
}

function uuidFrom(rnd: () => number): string {
  const h: number[] = [];
  for (let i = 0; i < 16; i++) h.push(Math.floor(rnd() * 256));
  h[6] = ((h[6] ?? 0) & 0x0f) | 0x40;
  h[8] = ((h[8] ?? 0) & 0x3f) | 0x80;
  const x = h.map((b) => b.toString(16).padStart(2, '0')).join('');
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20)}`;
}

export function validateIntrinsic(src: string): void {
  parseCall(src.trim());
}

/** Parsed calls by their text (literals in them are primitives, so sharing an AST is safe). */
const parsed = new Map<string, Arg>();

export function evaluateIntrinsic(src: string, env: IntrinsicEnv): unknown {
  let ast = parsed.get(src);
  if (!ast) {
    ast = parseCall(src.trim());
    if (parsed.size >= 5000) parsed.clear();
    parsed.set(src, ast);
  }
  return evalArg(ast, env);
}
