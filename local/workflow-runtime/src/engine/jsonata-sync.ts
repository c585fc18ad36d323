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

let worker: { port: MessagePort; flag: Int32Array; w: Worker } | undefined;

function getWorker(): { port: MessagePort; flag: Int32Array; w: Worker } {
  if (worker) return worker;
  const sab = new SharedArrayBuffer(4);
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
  value?: unknown;
  undef?: boolean;
  unsupported?: boolean;
  error?: JsonataFailure;
}

export function evaluateJsonata(expr: string, input: unknown, bindings: Record<string, unknown>, seed: number): JsonataOutcome {
  const wk = getWorker();
  Atomics.store(wk.flag, 0, 0);
  wk.port.postMessage({ expr, input, bindings, seed });
  // Generous bound: a pathological expression should fail rather than hang the runtime.
  const r = Atomics.wait(wk.flag, 0, 0, 60_000);
  if (r === 'timed-out') return { ok: false, error: { message: 'JSONata evaluation timed out', sfn: false } };
  const msg = receiveMessageOnPort(wk.port);
  const reply = msg?.message as WorkerReply | undefined;
  if (!reply) return { ok: false, error: { message: 'JSONata worker gave no answer', sfn: false } };
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
