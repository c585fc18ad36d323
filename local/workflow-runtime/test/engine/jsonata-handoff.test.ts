import type * as WorkerThreads from 'node:worker_threads';
import { afterAll, describe, expect, it, vi } from 'vitest';

// The interpreter blocks on an Atomics flag while the JSONata worker evaluates. A wake-up that is
// not the answer to the call in progress (the late notify of the previous answer, which the worker
// sends after raising the flag, or any spurious wake-up) must never be read as "no answer": that
// failed a workflow mid-chain once in a benchmark run, and the late answer of one call could then be
// taken as the answer of the next (a wrong value, silently). Here a neighbour thread notifies the flag
// continuously, the worst case of that late notify, while evaluations run.

const captured: { flag?: SharedArrayBuffer } = {};

vi.mock('node:worker_threads', async (importOriginal) => {
  const orig = await importOriginal<typeof WorkerThreads>();
  class CapturingWorker extends orig.Worker {
    constructor(url: string | URL, opts?: WorkerThreads.WorkerOptions) {
      super(url, opts);
      const wd = opts?.workerData as { flag?: SharedArrayBuffer } | undefined;
      if (wd?.flag instanceof SharedArrayBuffer) captured.flag = wd.flag;
    }
  }
  return { ...orig, Worker: CapturingWorker };
});

const { Worker } = await import('node:worker_threads');
const { evaluateJsonata } = await import('../../src/engine/jsonata-sync.ts');

const NEIGHBOUR = `
  const { workerData } = require('node:worker_threads');
  const flag = new Int32Array(workerData.flag);
  const stop = new Int32Array(workerData.stop);
  while (Atomics.load(stop, 0) === 0) Atomics.notify(flag, 0);
`;

describe('JSONata worker hand-off', () => {
  const stop = new Int32Array(new SharedArrayBuffer(4));
  let neighbour: InstanceType<typeof Worker> | undefined;
  afterAll(async () => {
    Atomics.store(stop, 0, 1);
    await neighbour?.terminate();
  });

  it('answers every evaluation with its own result while wake-ups arrive that are not its answer', { timeout: 120_000 }, async () => {
    // Start the worker, then the neighbour on its flag.
    expect(evaluateJsonata('$states.input.n + 1', { n: 1 }, { states: { input: { n: 1 } } }, 1)).toEqual({ ok: true, value: 2 });
    expect(captured.flag).toBeInstanceOf(SharedArrayBuffer);
    neighbour = new Worker(NEIGHBOUR, { eval: true, workerData: { flag: captured.flag, stop: stop.buffer } });
    await new Promise<void>((resolve) => neighbour?.once('online', () => resolve()));

    const failures: string[] = [];
    for (let i = 0; i < 2000; i++) {
      const input = { n: i };
      const r = evaluateJsonata('$sum([1..200]) + $states.input.n', input, { states: { input } }, i);
      if (!r.ok || r.value !== 20100 + i) failures.push(`${i}: ${JSON.stringify(r)}`);
    }
    expect(failures.slice(0, 5)).toEqual([]);
  });
});
