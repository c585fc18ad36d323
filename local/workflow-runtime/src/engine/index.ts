import { createHash } from 'node:crypto';
import type { ExecutionMeta, ExecutionStatus, HistoryEvent, Interpreter, Signal, StepResult } from '../contract.ts';
import { EvaluationError } from './dataflow.ts';
import { SfnError } from './errors.ts';
import { errorDetails, J, NO_DETAILS } from './history.ts';
import { Scheduler } from './scheduler.ts';
import { randomFromState } from './prng.mjs';
import type { Gen } from './scheduler.ts';
import { FailStateError, runBranch } from './states/index.ts';
import type { Machine } from './states/index.ts';
import type { BranchDef } from './types.ts';
import { parseDefinition } from './validate.ts';

/**
 * The snapshot is the definition, the execution metadata and the log of every signal with the
 * time it arrived. State logic is deterministic given (now, signals, tokens, seeded randomness),
 * so replaying the log reproduces the same events and effects.
 *
 * Replaying on every resume costs O(history) (and re-evaluates every JSONata expression), so the
 * interpreter also keeps the running executions of recent snapshots in memory (`LiveCache`). A
 * live execution is only continued when the snapshot given is exactly the one it last returned
 * (same `execKey`, `seq` and `fp`); anything else (a restart, an eviction, a runtime that discarded
 * a result and retries from an older snapshot) is rebuilt by replay, which gives the same result.
 */
interface Snapshot {
  v: 1;
  definition: string;
  meta: ExecutionMeta;
  log: LogEntry[];
  tokens: string[];
  events: number;
  /** Written by older versions (effects issued so far); not read. */
  effects?: number;
  status: ExecutionStatus;
  /** The last checkpoint, if any (a cold resume starts there). */
  ckpt?: Checkpoint;
  /** Identifies the execution in the live cache. */
  execKey?: string;
  /** Number of signals applied; a live execution is only reused at exactly this step. */
  seq?: number;
  /**
   * Hash chained over the definition, input, log entries and tokens: two snapshots with the same
   * key and seq but a different past (a forked history) never share a live execution.
   */
  fp?: string;
}

interface LogEntry {
  now: string;
  signal: Signal | null;
}

/**
 * Where a cold resume can start instead of the beginning of the log: the root branch entering a
 * state that may pause (Wait, Task, Parallel, Map) while nothing else is alive or outstanding. The
 * execution's whole state is then this state's name and input, the root variables, the counters
 * (events, effect ids, tokens drawn, the random sequence) and how much of the log was applied.
 * A resume boots there and replays only the log after it; replaying the whole log gives the same
 * (test/engine/live-cache.test.ts compares them). Snapshots without one replay from the start.
 */
interface Checkpoint {
  state: string;
  input: unknown;
  vars: Record<string, unknown>;
  /** Events emitted before the state was entered, and the root branch's previous event id. */
  events: number;
  last: number;
  effectSeq: number;
  tokens: number;
  rnd: number;
  /** Index of the log entry being applied when the state was entered. */
  log: number;
}

function hashSeed(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h >>> 0;
}

const chain = (prev: string, ...parts: string[]): string => {
  const h = createHash('sha256').update(prev);
  for (const p of parts) h.update('\u0000').update(p);
  return h.digest('base64url');
};

interface Outcome {
  status: ExecutionStatus;
  output?: unknown;
  error?: string;
  cause?: string;
}

/** A running execution: the scheduler with its suspended generators and the log behind it. */
interface Live {
  key: string;
  seq: number;
  fp: string;
  definition: string;
  meta: ExecutionMeta;
  log: LogEntry[];
  tokens: string[];
  sched: Scheduler;
  ckpt: Checkpoint | undefined;
  outcome: Outcome;
  execTimer: string | undefined;
  /** The `newToken` of the call in progress: tokens are only minted past the recorded ones. */
  newToken: () => string;
  finish: (o: Outcome) => void;
}

/**
 * Parsed and validated definitions by their text: a definition is parsed once, not at every start
 * and replay. The parsed tree is deep-frozen, so no execution can change what another one reads.
 */
class DefinitionCache {
  private readonly m = new Map<string, { def: BranchDef; digest: string }>();
  constructor(
    private readonly opts: { tokenTransports: boolean },
    private readonly capacity = 200,
  ) {}

  get(definition: string): BranchDef {
    return this.entry(definition).def;
  }

  /** The definition's sha256, computed once (a start's fingerprint includes it). */
  digest(definition: string): string {
    return this.entry(definition).digest;
  }

  private entry(definition: string): { def: BranchDef; digest: string } {
    let entry = this.m.get(definition);
    if (entry) {
      // Most recently used last.
      this.m.delete(definition);
      this.m.set(definition, entry);
      return entry;
    }
    entry = { def: deepFreeze(parseDefinition(definition, this.opts)), digest: chain('', definition) };
    this.m.set(definition, entry);
    if (this.m.size > this.capacity) {
      const oldest = this.m.keys().next().value;
      if (oldest !== undefined) this.m.delete(oldest);
    }
    return entry;
  }
}

function deepFreeze<T>(v: T): T {
  if (typeof v === 'object' && v !== null && !Object.isFrozen(v)) {
    Object.freeze(v);
    for (const x of Object.values(v)) deepFreeze(x);
  }
  return v;
}

/**
 * Starts an execution's fibers: from the beginning, or (`at`, a cold resume) at a checkpoint, the
 * log applied up to it; `replaying`: the events produced are only counted.
 */
function boot(
  snap: Snapshot,
  newToken: () => string,
  opts: InterpreterOptions,
  defs: DefinitionCache,
  replaying = false,
  at?: Checkpoint,
): Live {
  const first = snap.log[at ? at.log : 0];
  if (!first) throw new Error('empty snapshot');
  const sched = new Scheduler(new Date(first.now));
  sched.replaying = replaying;
  sched.recording = opts.history !== 'derived';
  if (at) sched.restoreCounters(at.events, at.effectSeq);
  const def = defs.get(snap.definition);
  const region = /^arn:[\w-]+:states:([^:]*):/.exec(snap.meta.stateMachineArn)?.[1] ?? 'us-east-1';
  let tokenIdx = at ? at.tokens : 0;
  const rng = randomFromState(at ? at.rnd : hashSeed(snap.meta.executionArn));
  const rnd = rng.next;
  const live: Live = {
    key: snap.execKey ?? snap.meta.executionArn,
    seq: 0,
    fp: '',
    definition: snap.definition,
    meta: snap.meta,
    log: at ? snap.log.slice(0, at.log + 1) : [first],
    tokens: snap.tokens,
    sched,
    ckpt: at,
    outcome: { status: 'RUNNING' },
    execTimer: undefined,
    newToken,
    finish: () => undefined,
  };
  const m: Machine = {
    sched,
    meta: snap.meta,
    region,
    token: () => {
      let t = live.tokens[tokenIdx];
      if (t === undefined) {
        t = live.newToken();
        live.tokens.push(t);
      }
      tokenIdx++;
      return t;
    },
    random: rnd,
    seed: () => Math.floor(rnd() * 0xffffffff),
    checkpoint: (state, input, vars) => {
      if (!sched.onlyRootAlive()) return;
      live.ckpt = {
        state,
        input,
        // Assign replaces variables, never changes a value in place: a shallow copy keeps them as they are now.
        vars: { ...vars },
        events: sched.eventCount,
        last: sched.last,
        effectSeq: sched.effectCounter,
        tokens: tokenIdx,
        rnd: rng.state(),
        log: live.log.length - 1,
      };
    },
    submitTokenTasks: opts.harness?.tokenTransports === true,
    legacyMapRunExit: opts.harness?.legacyMapRunExit === true,
  };
  const outcome = live.outcome;
  const finish = (o: Outcome): void => {
    if (outcome.status !== 'RUNNING') return;
    Object.assign(outcome, o);
    sched.cancelAllEffects();
  };
  live.finish = finish;

  if (!at) {
    sched.emit(
      'ExecutionStarted',
      sched.records
        ? {
            executionStartedEventDetails: {
              input: snap.meta.inputText ?? J(snap.meta.input),
              inputDetails: { truncated: false },
              roleArn: snap.meta.roleArn,
            },
          }
        : NO_DETAILS,
    );
  }
  const main = function* (): Gen<unknown> {
    try {
      const ctx = { m, scope: { vars: at ? { ...at.vars } : {}, parent: null }, ql: def.QueryLanguage ?? 'JSONPath', root: true };
      const output = yield* at ? runBranch(ctx, def, at.input, at.state) : runBranch(ctx, def, snap.meta.input);
      sched.emit(
        'ExecutionSucceeded',
        sched.records ? { executionSucceededEventDetails: { output: J(output), outputDetails: { truncated: false } } } : NO_DETAILS,
      );
      finish({ status: 'SUCCEEDED', output });
    } catch (e) {
      if (!(e instanceof SfnError)) throw e;
      const error = e instanceof FailStateError ? e.failError : e.error === '' ? undefined : e.error;
      sched.emit('ExecutionFailed', { executionFailedEventDetails: errorDetails(error, e.cause) });
      finish({ status: 'FAILED', error, cause: e.cause });
    }
    return undefined;
  };
  sched.spawn(main(), null, at ? at.last : 0);
  if (typeof def.TimeoutSeconds === 'number') {
    live.execTimer = 'execution-timeout';
    // Issued at the start; a checkpoint's resume must not issue it again.
    if (!at)
      sched.effects.push({
        kind: 'timer',
        id: live.execTimer,
        dueAt: new Date(sched.now.getTime() + def.TimeoutSeconds * 1000).toISOString(),
      });
  }
  sched.drain();
  return live;
}

function apply(live: Live, entry: LogEntry): void {
  live.log.push(entry);
  const { sched, outcome } = live;
  if (outcome.status !== 'RUNNING' || !entry.signal) return;
  sched.now = new Date(entry.now);
  const sig = entry.signal;
  if (sig.kind === 'stop') {
    sched.emit('ExecutionAborted', { executionAbortedEventDetails: errorDetails(sig.error, sig.cause) }, { prev: sched.eventCount });
    live.finish({ status: 'ABORTED', error: sig.error, cause: sig.cause });
    return;
  }
  if (sig.kind === 'timerFired' && sig.effectId === live.execTimer) {
    sched.emit('ExecutionTimedOut', { executionTimedOutEventDetails: { error: 'States.Timeout' } }, { prev: sched.eventCount });
    live.finish({ status: 'TIMED_OUT', error: 'States.Timeout' });
    return;
  }
  sched.deliver(sig);
}

/** Rebuilds a live execution from a snapshot by replaying its whole log. */
function replay(snapshot: Snapshot, newToken: () => string, opts: InterpreterOptions, defs: DefinitionCache): Live {
  const snap = JSON.parse(JSON.stringify(snapshot)) as Snapshot;
  // The events the log produced are already in the history: replayed, they are only counted.
  // From the last checkpoint when there is one: only the log after it is applied.
  const at = snap.ckpt && snap.ckpt.log < snap.log.length ? snap.ckpt : undefined;
  const live = boot(snap, newToken, opts, defs, true, at);
  for (const entry of snap.log.slice(at ? at.log + 1 : 1)) apply(live, entry);
  live.sched.replaying = false;
  live.seq = snap.seq ?? snap.log.length - 1;
  live.fp = snap.fp ?? chain('', JSON.stringify(snap.log), JSON.stringify(snap.tokens));
  return live;
}

function result(live: Live, prevEffects: number): StepResult {
  const { sched, outcome } = live;
  // A fresh object each time: the caller keeps it while the live execution moves on. Log entries
  // and tokens are never mutated once recorded, so sharing them is safe.
  const snap: Snapshot = {
    v: 1,
    definition: live.definition,
    meta: live.meta,
    log: live.log.slice(),
    tokens: live.tokens.slice(),
    events: sched.eventCount,
    status: outcome.status,
    ...(live.ckpt ? { ckpt: live.ckpt } : {}),
    execKey: live.key,
    seq: live.seq,
    fp: live.fp,
  };
  const r: StepResult = {
    snapshot: snap,
    events: sched.takeEvents(),
    eventCount: sched.eventCount,
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

/** Least recently used live executions; Map iteration order is insertion order. */
class LiveCache {
  private readonly m = new Map<string, Live>();
  constructor(private readonly capacity: number) {}

  take(snap: Snapshot): Live | undefined {
    const key = snap.execKey;
    if (key === undefined) return undefined;
    const live = this.m.get(key);
    // Taken out while it runs: if the step throws, nothing half-advanced stays cached.
    this.m.delete(key);
    if (!live || live.seq !== snap.seq || live.fp !== snap.fp || live.outcome.status !== 'RUNNING') return undefined;
    return live;
  }

  put(live: Live): void {
    this.m.delete(live.key);
    if (this.capacity <= 0 || live.outcome.status !== 'RUNNING') return;
    this.m.set(live.key, live);
    while (this.m.size > this.capacity) {
      const oldest = this.m.keys().next().value;
      if (oldest === undefined) break;
      this.m.delete(oldest);
    }
  }

  get size(): number {
    return this.m.size;
  }
}

export interface InterpreterOptions {
  /**
   * 'returned' (the default): each step returns its history events. 'derived': steps only count
   * them (StepResult.eventCount), and `history(snapshot)` builds them when asked for, by replaying
   * the snapshot's log: a step does not pay for building, encoding and storing events that are
   * seldom read. The snapshot holds all it takes (definition, input, each signal with its time,
   * the tokens drawn, the seeded randomness), and a replay gives the very events of the live run
   * (test/engine/derived-history.test.ts).
   */
  history?: 'returned' | 'derived';
  /** How many running executions to keep in memory between resumes (0: always replay). */
  liveExecutions?: number;
  /**
   * For the conformance harness only (the runtime never sets it). SQS/SNS `.waitForTaskToken` are
   * accepted as mere token transports, and every `.waitForTaskToken` or `.sync` invoke takes two
   * answers: a first `invokeSucceeded` is the call's own response (TaskSubmitted, the task keeps
   * waiting), the next `invokeSucceeded`/`invokeFailed` is the callback or the job's outcome.
   */
  harness?: {
    tokenTransports?: boolean;
    /**
     * Distributed Map: chain MapStateExited to MapRunSucceeded (AWS recordings before Nov 2024)
     * instead of MapRunStarted (AWS since then, and the runtime's behaviour).
     */
    legacyMapRunExit?: boolean;
  };
}

/** The contract plus what tests and benchmarks look at. */
export interface LocalInterpreter extends Interpreter {
  /** How many resumes continued a live execution, and how many had to replay the log. */
  stats(): { live: number; replayed: number; cached: number };
}

/** A replay of a snapshot draws only the tokens it recorded; one more means it diverged from the live run. */
function noNewToken(drawn: number): () => string {
  return () => {
    throw new Error(`the replay drew more than the ${drawn} task tokens of the live run`);
  };
}

export function createInterpreter(opts: InterpreterOptions = {}): LocalInterpreter {
  const cache = new LiveCache(opts.liveExecutions ?? 1000);
  const vopts = { tokenTransports: opts.harness?.tokenTransports === true };
  const defs = new DefinitionCache(vopts);
  const counts = { live: 0, replayed: 0 };
  return {
    stats: () => ({ ...counts, cached: cache.size }),
    validate(definition: string): void {
      parseDefinition(definition, vopts);
    },
    start(definition: string, meta: ExecutionMeta, now: Date, newToken: () => string): StepResult {
      // Validated (once per definition text) by boot, before anything runs.
      const first: LogEntry = { now: now.toISOString(), signal: null };
      const snap: Snapshot = {
        v: 1,
        definition,
        meta,
        log: [first],
        tokens: [],
        events: 0,
        status: 'RUNNING',
        execKey: meta.executionArn,
      };
      const live = boot(snap, newToken, opts, defs);
      live.fp = chain('', defs.digest(definition), JSON.stringify(meta), JSON.stringify(first), JSON.stringify(live.tokens));
      cache.put(live);
      return result(live, 0);
    },
    history(snapshot: unknown): HistoryEvent[] {
      if (!isSnapshot(snapshot)) throw new Error('Not an interpreter snapshot');
      // A copy: the replay appends to the log and tokens it is given.
      const snap = JSON.parse(JSON.stringify(snapshot)) as Snapshot;
      const log = snap.log;
      const drawn = snap.tokens.length;
      const live = boot({ ...snap, log: log.slice(0, 1) }, noNewToken(drawn), { ...opts, history: 'returned' }, defs);
      const events = live.sched.takeEvents();
      for (const entry of log.slice(1)) {
        apply(live, entry);
        for (const e of live.sched.takeEvents()) events.push(e);
      }
      return events;
    },
    resume(snapshot: unknown, signal: Signal, now: Date, newToken: () => string): StepResult {
      if (!isSnapshot(snapshot)) throw new Error('Not an interpreter snapshot');
      if (snapshot.status !== 'RUNNING') {
        return { snapshot: JSON.parse(JSON.stringify(snapshot)) as unknown, events: [], effects: [], status: snapshot.status };
      }
      let live = cache.take(snapshot);
      if (live) counts.live++;
      else {
        counts.replayed++;
        live = replay(snapshot, newToken, opts, defs);
      }
      live.newToken = newToken;
      const prevEffects = live.sched.effects.length;
      const tokensBefore = live.tokens.length;
      // The signal is kept in the log (and so in every later snapshot): own a copy of it.
      const entry: LogEntry = { now: now.toISOString(), signal: JSON.parse(JSON.stringify(signal)) as Signal };
      apply(live, entry);
      live.seq += 1;
      live.fp = chain(live.fp, JSON.stringify(entry), JSON.stringify(live.tokens.slice(tokensBefore)));
      cache.put(live);
      return result(live, prevEffects);
    },
  };
}

export { EvaluationError };
