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
  if (!m) return null;
  const varName = m[1] ?? '';
  const steps = (m[2] ?? '').split('.').slice(1);
  if (steps.some((s) => RESERVED.has(s) || s in Object.prototype)) return null;
  return (bindings) => {
    // An unbound name may be a built-in function: let jsonata answer.
    if (!Object.prototype.hasOwnProperty.call(bindings, varName)) return null;
    let v = bindings[varName];
    for (const step of steps) {
      if (Array.isArray(v)) return null;
      if (typeof v !== 'object' || v === null) return plain(undefined);
      v = Object.prototype.hasOwnProperty.call(v, step) ? (v as Record<string, unknown>)[step] : undefined;
    }
    return plain(v);
  };
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
