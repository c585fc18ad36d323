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
  return { ok: true, value: reply.undef ? undefined : reply.value };
}
