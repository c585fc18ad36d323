import { MessageChannel, Worker, receiveMessageOnPort } from 'node:worker_threads';
import type { MessagePort } from 'node:worker_threads';

/**
 * jsonata 2.x only evaluates asynchronously, while the Interpreter contract is synchronous.
 * We evaluate in a worker thread and block on an Atomics flag: pure CPU work, no I/O.
 */
export interface JsonataFailure {
  message: string;
  code?: string;
  position?: number;
  token?: string;
  sfn: boolean;
  /** The expression evaluated to a function. */
  unsupported?: boolean;
}

export type JsonataOutcome = { ok: true; value: unknown } | { ok: false; error: JsonataFailure };

interface JsonataWorker {
  port: MessagePort;
  /**
   * [0]: the id of the last request answered (written by the worker after it posts the answer);
   * [1]: the id of the last request posted (written by us after we post it; the worker sleeps on it).
   */
  flag: Int32Array;
  w: Worker;
}

let worker: JsonataWorker | undefined;
let lastId = 0;

/** A runaway expression fails after this long, and its worker is replaced. */
const EVALUATION_TIMEOUT_MS = 60_000;

function getWorker(): JsonataWorker {
  if (worker) return worker;
  const sab = new SharedArrayBuffer(8);
  const flag = new Int32Array(sab);
  const { port1, port2 } = new MessageChannel();
  const w = new Worker(new URL('./jsonata-worker.mjs', import.meta.url), {
    workerData: { port: port2, flag: sab },
    transferList: [port2],
  });
  // The worker must not keep the process alive once the caller is done.
  w.unref();
  port1.unref();
  worker = { port: port1, flag, w };
  return worker;
}

interface WorkerReply {
  id: number;
  value?: unknown;
  undef?: boolean;
  unsupported?: boolean;
  error?: JsonataFailure;
}

/**
 * One request at a time, each with its own id. The answer is the one whose id the flag shows:
 * a wake-up is only a hint (the worker notifies after raising the flag, so the notify of one answer
 * can arrive while the next call is already waiting; Atomics.wait may also wake for other reasons),
 * so the wait loops until the flag holds this request's id, and answers of other ids are dropped.
 */
export function evaluateJsonata(expr: string, input: unknown, bindings: Record<string, unknown>, seed: number): JsonataOutcome {
  const wk = getWorker();
  const id = (lastId = lastId >= 0x7fffffff ? 1 : lastId + 1);
  wk.port.postMessage({ id, expr, input, bindings, seed });
  Atomics.store(wk.flag, 1, id);
  Atomics.notify(wk.flag, 1);
  // Generous bound: a pathological expression should fail rather than hang the runtime.
  const deadline = performance.now() + EVALUATION_TIMEOUT_MS;
  for (;;) {
    const seen = Atomics.load(wk.flag, 0);
    if (seen === id) break;
    const left = deadline - performance.now();
    if (left <= 0) {
      // The worker is stuck in this expression: stop it so that it neither burns a core nor
      // answers a later call; the next evaluation starts a fresh one.
      worker = undefined;
      void wk.w.terminate();
      return { ok: false, error: { message: 'JSONata evaluation timed out', sfn: false } };
    }
    Atomics.wait(wk.flag, 0, seen, left);
  }
  let reply: WorkerReply | undefined;
  for (;;) {
    const msg = receiveMessageOnPort(wk.port);
    if (!msg) break;
    const r = msg.message as WorkerReply;
    if (r.id === id) {
      reply = r;
      break;
    }
  }
  // Cannot happen: the worker posts its answer before it raises the flag.
  if (!reply) throw new Error(`JSONata worker raised the flag for request ${id} without its answer`);
  if (reply.error) return { ok: false, error: reply.error };
  if (reply.unsupported) return { ok: false, error: { message: 'unsupported result type', sfn: true, unsupported: true } };
  return { ok: true, value: reply.undef ? undefined : reply.value };
}

// ------------------------------------------------------------------------------------ fast path
// A worker round trip costs far more than the evaluation itself. Literals and plain variable
// paths ($states.input.a.b) are computed here, following jsonata 2.0.6's evaluatePath/lookup
// step by step; anything whose result could depend on sequence semantics (an array met before the
// last step), on built-in functions or on prototype properties goes to jsonata.

type Fast = (bindings: Record<string, unknown>) => JsonataOutcome | null;

const NUMBER = /^-?(0|[1-9][0-9]*)(\.[0-9]+)?([Ee][-+]?[0-9]+)?$/;
const NAME = '[A-Za-z_][A-Za-z0-9_]*';
const PATH = new RegExp(`^\\$(${NAME})((?:\\.${NAME})*)$`);
// Words the parser reads as operators or literals in a step position.
const RESERVED = new Set(['and', 'or', 'in', 'true', 'false', 'null', 'function']);

const fastCache = new Map<string, Fast | null>();

// Results cross the worker boundary as JSON; do the same so the value is never shared and -0/undefined
// members come out exactly as from the worker.
const plain = (v: unknown): JsonataOutcome => ({
  ok: true,
  value: v === undefined ? undefined : (JSON.parse(JSON.stringify(v)) as unknown),
});

function compileFast(expr: string): Fast | null {
  if (NUMBER.test(expr)) {
    const n = Number(expr);
    if (!Number.isFinite(n)) return null;
    return () => plain(n);
  }
  if (expr === 'true' || expr === 'false') return () => ({ ok: true, value: expr === 'true' });
  if (expr === 'null') return () => ({ ok: true, value: null });
  const q = expr[0];
  if ((q === "'" || q === '"') && expr.length >= 2 && expr.endsWith(q) && !expr.slice(1, -1).includes(q) && !expr.includes('\\')) {
    const s = expr.slice(1, -1);
    return () => ({ ok: true, value: s });
  }
  const m = PATH.exec(expr);
  if (!m) return compileOperators(expr);
  const path = compilePath(m[1] ?? '', (m[2] ?? '').split('.').slice(1));
  if (!path) return null;
  return (bindings) => {
    const r = path(bindings);
    return r === FALLBACK ? null : plain(r);
  };
}

const FALLBACK = Symbol('fallback');

/** A plain variable path; FALLBACK when jsonata must answer. */
function compilePath(varName: string, steps: string[]): ((bindings: Record<string, unknown>) => unknown) | null {
  if (steps.some((s) => RESERVED.has(s) || s in Object.prototype)) return null;
  return (bindings) => {
    // An unbound name may be a built-in function: let jsonata answer.
    if (!Object.prototype.hasOwnProperty.call(bindings, varName)) return FALLBACK;
    let v = bindings[varName];
    for (const step of steps) {
      if (Array.isArray(v)) return FALLBACK;
      if (typeof v !== 'object' || v === null) return undefined;
      // `in`, not own properties only: the `$states` binding's context is a getter (states/index.ts).
      // Nothing of Object.prototype is a step (refused above), and bindings are JSON data otherwise.
      v = step in v ? (v as Record<string, unknown>)[step] : undefined;
    }
    return v;
  };
}

// Operators over numbers, strings and booleans: `$states.input.i + 1`, `$states.input.n % 2 = 0`,
// `$states.input.status = 'OPEN' and $states.input.count > 3`. Only the cases where jsonata 2.0.6
// computes exactly the JavaScript operation are answered here: arithmetic on two numbers with a
// finite result, comparisons of two numbers or two strings, `and`/`or` of two booleans. Anything
// else (undefined operands, mixed types, errors, functions, arrays) goes to jsonata, which gives
// its own answer or error. test/engine/jsonata-fast.test.ts checks the two agree.

type Node =
  | { k: 'lit'; v: number | string }
  | { k: 'path'; f: (b: Record<string, unknown>) => unknown }
  | { k: 'neg'; a: Node }
  | { k: 'bin'; op: string; a: Node; b: Node };

const BINDING: Record<string, number> = {
  '*': 60,
  '/': 60,
  '%': 60,
  '+': 50,
  '-': 50,
  '=': 40,
  '!=': 40,
  '<': 40,
  '<=': 40,
  '>': 40,
  '>=': 40,
  and: 30,
  or: 25,
};

const TOKEN = new RegExp(
  `\\s*(?:(\\$${NAME}(?:\\.${NAME})*)|((?:0|[1-9][0-9]*)(?:\\.[0-9]+)?(?:[Ee][-+]?[0-9]+)?)|'([^'\\\\]*)'|"([^"\\\\]*)"|(!=|<=|>=|[-+*/%=<>()])|(and|or)(?![A-Za-z0-9_$]))`,
  'y',
);

type Tok = { t: 'path'; v: string } | { t: 'num'; v: number } | { t: 'str'; v: string } | { t: 'op'; v: string };

function tokenize(expr: string): Tok[] | null {
  const out: Tok[] = [];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < expr.length) {
    if (/^\s*$/.test(expr.slice(TOKEN.lastIndex))) break;
    const m = TOKEN.exec(expr);
    if (!m) return null;
    if (m[1] !== undefined) out.push({ t: 'path', v: m[1] });
    else if (m[2] !== undefined) out.push({ t: 'num', v: Number(m[2]) });
    else if (m[3] !== undefined) out.push({ t: 'str', v: m[3] });
    else if (m[4] !== undefined) out.push({ t: 'str', v: m[4] });
    else out.push({ t: 'op', v: m[5] ?? m[6] ?? '' });
  }
  return out;
}

function compileOperators(expr: string): Fast | null {
  const toks = tokenize(expr);
  if (!toks || !toks.some((t) => t.t === 'op')) return null;
  let i = 0;
  const operand = (): Node | null => {
    const t = toks[i++];
    if (!t) return null;
    if (t.t === 'num') return Number.isFinite(t.v) ? { k: 'lit', v: t.v } : null;
    if (t.t === 'str') return { k: 'lit', v: t.v };
    if (t.t === 'path') {
      const [name = '', ...steps] = t.v.slice(1).split('.');
      const f = compilePath(name, steps);
      return f ? { k: 'path', f } : null;
    }
    if (t.v === '-') {
      const a = operand();
      return a ? { k: 'neg', a } : null;
    }
    if (t.v === '(') {
      const a = parse(0);
      const close = toks[i++];
      return a && close?.t === 'op' && close.v === ')' ? a : null;
    }
    return null;
  };
  const parse = (rbp: number): Node | null => {
    let left = operand();
    while (left) {
      const t = toks[i];
      if (!t || t.t !== 'op' || t.v === ')') break;
      const bp = BINDING[t.v];
      if (bp === undefined) return null;
      if (bp <= rbp) break;
      i++;
      const right = parse(bp);
      if (!right) return null;
      left = { k: 'bin', op: t.v, a: left, b: right };
    }
    return left;
  };
  const ast = parse(0);
  if (!ast || i !== toks.length) return null;
  return (bindings) => {
    const v = evalNode(ast, bindings);
    return v === FALLBACK ? null : plain(v);
  };
}

function evalNode(n: Node, b: Record<string, unknown>): unknown {
  if (n.k === 'lit') return n.v;
  if (n.k === 'path') return n.f(b);
  if (n.k === 'neg') {
    const a = evalNode(n.a, b);
    return typeof a === 'number' ? -a : FALLBACK;
  }
  const x = evalNode(n.a, b);
  if (x === FALLBACK) return FALLBACK;
  const y = evalNode(n.b, b);
  if (y === FALLBACK) return FALLBACK;
  switch (n.op) {
    case 'and':
    case 'or':
      if (typeof x !== 'boolean' || typeof y !== 'boolean') return FALLBACK;
      return n.op === 'and' ? x && y : x || y;
    case '=':
    case '!=':
    case '<':
    case '<=':
    case '>':
    case '>=': {
      if (!((typeof x === 'number' && typeof y === 'number') || (typeof x === 'string' && typeof y === 'string'))) return FALLBACK;
      if (n.op === '=') return x === y;
      if (n.op === '!=') return x !== y;
      if (n.op === '<') return x < y;
      if (n.op === '<=') return x <= y;
      if (n.op === '>') return x > y;
      return x >= y;
    }
    default: {
      if (typeof x !== 'number' || typeof y !== 'number') return FALLBACK;
      const r = n.op === '+' ? x + y : n.op === '-' ? x - y : n.op === '*' ? x * y : n.op === '/' ? x / y : x % y;
      return Number.isFinite(r) ? r : FALLBACK;
    }
  }
}

/** Evaluates without the worker when that is exact; null when jsonata must do it. */
export function evaluateJsonataFast(expr: string, bindings: Record<string, unknown>): JsonataOutcome | null {
  let f = fastCache.get(expr);
  if (f === undefined) {
    f = compileFast(expr);
    if (fastCache.size > 5000) fastCache.clear();
    fastCache.set(expr, f);
  }
  return f ? f(bindings) : null;
}
