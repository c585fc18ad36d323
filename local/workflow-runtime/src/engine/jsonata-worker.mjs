// Runs JSONata (async since 2.x) off the interpreter's thread so the interpreter can stay synchronous.
// Protocol: the parent posts {id, expr, input, bindings, seed} on `port`, then writes the id in
// flag[1] and notifies; we answer {id, ...} on `port`, then write the id in flag[0] and notify (the
// answer is on the port before the flag shows its id).
import { receiveMessageOnPort, workerData } from 'node:worker_threads';
import { createHash } from 'node:crypto';
import jsonata from 'jsonata';
import { seededRandom } from './prng.mjs';

const { port, flag } = workerData;
const flagView = new Int32Array(flag);
const cache = new Map();

class SfnError extends Error {
  constructor(message) {
    super(message);
    this.sfn = true;
  }
}

function register(expr, rnd) {
  expr.registerFunction('partition', (arr, size) => {
    if (!Array.isArray(arr)) arr = arr === undefined ? [] : [arr];
    if (typeof size !== 'number' || size <= 0 || !Number.isInteger(size))
      throw new SfnError('The chunk size argument must be a positive integer.');
    const out = [];
    for (let i = 0; i < arr.length; i += size) out.push(arr.slice(i, i + size));
    return out;
  });
  expr.registerFunction('range', (start, end, step) => {
    if (![start, end, step].every((n) => typeof n === 'number' && Number.isInteger(n)))
      throw new SfnError('The range arguments must be integers.');
    const out = [];
    if (step === 0) throw new SfnError('The step argument cannot be zero.');
    if (step > 0) for (let i = start; i <= end; i += step) out.push(i);
    else for (let i = start; i >= end; i += step) out.push(i);
    if (out.length > 1000) throw new SfnError('The array exceeds the maximum length of 1000 items.');
    // AWS returns a JSONata sequence: a single value comes out as that value ($range(1, 9, 9) = 1).
    out.sequence = true;
    return out;
  });
  expr.registerFunction('hash', (data, alg) => {
    const algs = { MD5: 'md5', 'SHA-1': 'sha1', 'SHA-256': 'sha256', 'SHA-384': 'sha384', 'SHA-512': 'sha512' };
    const a = algs[alg];
    if (!a) throw new SfnError(`The hash algorithm '${alg}' is not supported.`);
    return createHash(a).update(String(data)).digest('hex');
  });
  expr.registerFunction('random', (seed) => (seed === undefined ? rnd() : seededRandom(Number(seed))()));
  expr.registerFunction('uuid', () => {
    const h = [];
    for (let i = 0; i < 16; i++) h.push(Math.floor(rnd() * 256));
    h[6] = (h[6] & 0x0f) | 0x40;
    h[8] = (h[8] & 0x3f) | 0x80;
    const x = h.map((b) => b.toString(16).padStart(2, '0')).join('');
    return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20)}`;
  });
  expr.registerFunction('parse', (s) => {
    try {
      return JSON.parse(s);
    } catch {
      throw new SfnError('The input is not valid JSON.');
    }
  });
  expr.registerFunction('eval', () => {
    throw new SfnError('The $eval function is not supported.');
  });
}

// JSONata arrays carry a `sequence` flag and functions are not JSON: make results plain JSON.
function plain(v) {
  if (v === undefined) return { undef: true };
  // A function value (a JSONata lambda or a built-in) cannot be a state's data.
  if (typeof v === 'function' || (typeof v === 'object' && v !== null && (v._jsonata_lambda || v._jsonata_function)))
    return { unsupported: true };
  return { value: JSON.parse(JSON.stringify(v, (_k, x) => (typeof x === 'function' ? undefined : x))) };
}

async function answer(req) {
  let res;
  try {
    let expr = cache.get(req.expr);
    if (!expr) {
      expr = jsonata(req.expr);
      cache.set(req.expr, expr);
      if (cache.size > 5000) cache.clear();
    }
    register(expr, seededRandom(req.seed));
    const v = await expr.evaluate(req.input, req.bindings);
    res = plain(v);
  } catch (e) {
    res = { error: { message: e?.message ?? String(e), code: e?.code, position: e?.position, token: e?.token, sfn: !!e?.sfn } };
  }
  res.id = req.id;
  port.postMessage(res);
  Atomics.store(flagView, 0, req.id);
  Atomics.notify(flagView, 0);
}

// The worker sleeps on the request slot rather than in its event loop: a request wakes it directly
// (a futex), without the event loop's message dispatch. jsonata's evaluation only awaits promises
// (microtasks), never timers or I/O, so it completes without the event loop turning.
let requested = 0;
for (;;) {
  Atomics.wait(flagView, 1, requested);
  requested = Atomics.load(flagView, 1);
  for (let m = receiveMessageOnPort(port); m; m = receiveMessageOnPort(port)) await answer(m.message);
}
