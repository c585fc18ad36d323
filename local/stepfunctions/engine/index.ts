import type { ExecutionMeta, ExecutionStatus, Interpreter, Signal, StepResult } from '../contract.ts';
import { EvaluationError } from './dataflow.ts';
import { SfnError } from './errors.ts';
import { errorDetails, J } from './history.ts';
import { Scheduler } from './scheduler.ts';
import type { Gen } from './scheduler.ts';
import { FailStateError, runBranch } from './states.ts';
import type { Machine } from './states.ts';
import { parseDefinition } from './validate.ts';

/**
 * The snapshot is the definition, the execution metadata and the log of every signal with the
 * time it arrived. Resuming replays the log: state logic is deterministic given (now, signals,
 * tokens, seeded randomness), so the replay reproduces the same events and effects, and only
 * what comes after the previous step is returned as new.
 */
interface Snapshot {
  v: 1;
  definition: string;
  meta: ExecutionMeta;
  log: { now: string; signal: Signal | null }[];
  tokens: string[];
  events: number;
  effects: number;
  status: ExecutionStatus;
}

function hashSeed(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h >>> 0;
}

function mulberry(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Outcome {
  status: ExecutionStatus;
  output?: unknown;
  error?: string;
  cause?: string;
}

function replay(snap: Snapshot, newToken: () => string): { sched: Scheduler; outcome: Outcome } {
  const first = snap.log[0];
  if (!first) throw new Error('empty snapshot');
  const sched = new Scheduler(new Date(first.now));
  const def = parseDefinition(snap.definition);
  const region = /^arn:[\w-]+:states:([^:]*):/.exec(snap.meta.stateMachineArn)?.[1] ?? 'us-east-1';
  let tokenIdx = 0;
  const rnd = mulberry(hashSeed(snap.meta.executionArn));
  const m: Machine = {
    sched,
    meta: snap.meta,
    region,
    token: () => {
      let t = snap.tokens[tokenIdx];
      if (t === undefined) {
        t = newToken();
        snap.tokens.push(t);
      }
      tokenIdx++;
      return t;
    },
    random: rnd,
    seed: () => Math.floor(rnd() * 0xffffffff),
  };
  const outcome: Outcome = { status: 'RUNNING' };
  const finish = (o: Outcome): void => {
    if (outcome.status !== 'RUNNING') return;
    Object.assign(outcome, o);
    sched.cancelAllEffects();
  };

  sched.emit('ExecutionStarted', {
    executionStartedEventDetails: { input: snap.meta.inputText ?? J(snap.meta.input), inputDetails: { truncated: false }, roleArn: snap.meta.roleArn },
  });
  let execTimer: string | undefined;
  const main = function* (): Gen<unknown> {
    try {
      const output = yield* runBranch({ m, scope: { vars: {}, parent: null }, ql: def.QueryLanguage ?? 'JSONPath' }, def, snap.meta.input);
      sched.emit('ExecutionSucceeded', { executionSucceededEventDetails: { output: J(output), outputDetails: { truncated: false } } });
      finish({ status: 'SUCCEEDED', output });
    } catch (e) {
      if (!(e instanceof SfnError)) throw e;
      const error = e instanceof FailStateError ? e.failError : e.error;
      sched.emit('ExecutionFailed', { executionFailedEventDetails: errorDetails(error, e.cause) });
      finish({ status: 'FAILED', error, cause: e.cause });
    }
    return undefined;
  };
  sched.spawn(main(), null, 0);
  if (typeof def.TimeoutSeconds === 'number') {
    execTimer = 'execution-timeout';
    sched.effects.push({ kind: 'timer', id: execTimer, dueAt: new Date(sched.now.getTime() + def.TimeoutSeconds * 1000).toISOString() });
  }
  sched.drain();
  for (const entry of snap.log.slice(1)) {
    if (outcome.status !== 'RUNNING' || !entry.signal) continue;
    sched.now = new Date(entry.now);
    const sig = entry.signal;
    if (sig.kind === 'stop') {
      sched.emit('ExecutionAborted', { executionAbortedEventDetails: errorDetails(sig.error, sig.cause) }, { prev: sched.events.length });
      finish({ status: 'ABORTED', error: sig.error, cause: sig.cause });
      continue;
    }
    if (sig.kind === 'timerFired' && sig.effectId === execTimer) {
      sched.emit('ExecutionTimedOut', { executionTimedOutEventDetails: { error: 'States.Timeout' } }, { prev: sched.events.length });
      finish({ status: 'TIMED_OUT', error: 'States.Timeout' });
      continue;
    }
    sched.deliver(sig);
  }
  return { sched, outcome };
}

function result(snap: Snapshot, sched: Scheduler, outcome: Outcome, prevEvents: number, prevEffects: number): StepResult {
  snap.events = sched.events.length;
  snap.effects = sched.effects.length;
  snap.status = outcome.status;
  const r: StepResult = {
    snapshot: JSON.parse(JSON.stringify(snap)) as unknown,
    events: sched.events.slice(prevEvents),
    effects: sched.effects.slice(prevEffects),
    status: outcome.status,
  };
  if (outcome.status === 'SUCCEEDED') r.output = outcome.output;
  if (outcome.error !== undefined) r.error = outcome.error;
  if (outcome.cause !== undefined) r.cause = outcome.cause;
  return r;
}

function isSnapshot(v: unknown): v is Snapshot {
  return typeof v === 'object' && v !== null && (v as { v?: unknown }).v === 1 && Array.isArray((v as { log?: unknown }).log);
}

export function createInterpreter(): Interpreter {
  return {
    validate(definition: string): void {
      parseDefinition(definition);
    },
    start(definition: string, meta: ExecutionMeta, now: Date, newToken: () => string): StepResult {
      parseDefinition(definition);
      const snap: Snapshot = { v: 1, definition, meta, log: [{ now: now.toISOString(), signal: null }], tokens: [], events: 0, effects: 0, status: 'RUNNING' };
      const { sched, outcome } = replay(snap, newToken);
      return result(snap, sched, outcome, 0, 0);
    },
    resume(snapshot: unknown, signal: Signal, now: Date, newToken: () => string): StepResult {
      if (!isSnapshot(snapshot)) throw new Error('Not an interpreter snapshot');
      const snap = JSON.parse(JSON.stringify(snapshot)) as Snapshot;
      const prevEvents = snap.events;
      const prevEffects = snap.effects;
      if (snap.status !== 'RUNNING') {
        return { snapshot: snap, events: [], effects: [], status: snap.status };
      }
      snap.log.push({ now: now.toISOString(), signal });
      const { sched, outcome } = replay(snap, newToken);
      return result(snap, sched, outcome, prevEvents, prevEffects);
    },
  };
}

export { EvaluationError };
