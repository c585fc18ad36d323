import type { Effect, HistoryEvent, Signal } from '../contract.ts';
import { SfnError } from './errors.ts';

/**
 * Cooperative fibers over generators. State logic is written in direct style and `yield`s when it
 * needs the outside world (a signal for an effect id) or its children (Parallel branches, Map
 * iterations). Because generators cannot be serialized, a snapshot is the signal log and the
 * execution is replayed deterministically on every resume.
 */
/**
 * `children`: until a fiber this one spawned finishes (done or failed) since it last took them
 * (`takeFinishedChildren`).
 */
export type Wait = { k: 'signal'; ids: string[] } | { k: 'join'; fibers: number[]; mode: 'any' | 'all' } | { k: 'children' };
export type Gen<T> = Generator<Wait, T, unknown>;

interface Fiber {
  id: number;
  parent: number | null;
  gen: Gen<unknown>;
  wait: Wait | null;
  status: 'ready' | 'waiting' | 'done' | 'failed' | 'cancelled';
  result?: unknown;
  error?: SfnError;
  pending: unknown;
  /** previousEventId chain of this fiber; null until it first runs. */
  last: number | null;
  initLast: (() => number) | null;
  /** Children finished (done or failed) and not yet taken, in finishing order. */
  finishedChildren: number[];
}

export class Scheduler {
  /** Events emitted since the last takeEvents() (the earlier ones were handed out, or replayed). */
  private events: HistoryEvent[] = [];
  /** How many events were emitted before those in `events`. */
  private handedOut = 0;
  /**
   * During a replay, the events the log already produced are counted, not built: only their ids
   * matter (the next event's id, previousEventId chains).
   */
  replaying = false;
  /**
   * False when the history is derived on demand (InterpreterOptions.history 'derived'): events are
   * then only counted, as during a replay, and built only when the history is asked for.
   */
  recording = true;

  /** Whether emitted events are built (not only counted): callers skip building costly details otherwise. */
  get records(): boolean {
    return this.recording && !this.replaying;
  }
  readonly effects: Effect[] = [];
  private fibers: Fiber[] = [];
  private current: Fiber | null = null;
  private outstanding = new Map<string, number>();
  /** No fiber below this index is ready (drain runs the lowest ready fiber first). */
  private readyFrom = 0;
  private effectSeq = 0;
  now: Date;

  constructor(now: Date) {
    this.now = now;
  }

  spawn(gen: Gen<unknown>, initLast: (() => number) | null, last: number | null = null): number {
    const f: Fiber = {
      id: this.fibers.length,
      parent: this.current?.id ?? null,
      gen,
      wait: null,
      status: 'ready',
      pending: undefined,
      last,
      initLast,
      finishedChildren: [],
    };
    this.fibers.push(f);
    this.readyFrom = Math.min(this.readyFrom, f.id);
    return f.id;
  }

  fiberOutcome(id: number): { status: string; result?: unknown; error?: SfnError; last: number } {
    const f = this.fibers[id];
    if (!f) throw new Error(`no fiber ${id}`);
    return { status: f.status, result: f.result, error: f.error, last: f.last ?? 0 };
  }

  /** The previousEventId chain of the running fiber. */
  get last(): number {
    return this.current?.last ?? 0;
  }

  set last(v: number) {
    if (this.current) this.current.last = v;
  }

  /** How many events the execution has emitted (the id of the last one). */
  get eventCount(): number {
    return this.handedOut + this.events.length;
  }

  /** The effect id counter (a checkpoint records it). */
  get effectCounter(): number {
    return this.effectSeq;
  }

  /** A scheduler resuming at a checkpoint: that many events and effect ids were issued before it. */
  restoreCounters(events: number, effectSeq: number): void {
    this.handedOut = events;
    this.effectSeq = effectSeq;
  }

  /**
   * Only the root fiber is alive, and nothing is outstanding: the execution's whole state is the
   * root branch's position, its input, its variables and the counters (a checkpoint can stand for it).
   */
  onlyRootAlive(): boolean {
    if (this.outstanding.size > 0 || this.current?.id !== 0) return false;
    for (let i = 1; i < this.fibers.length; i++) {
      const st = this.fibers[i]?.status;
      if (st === 'ready' || st === 'waiting') return false;
    }
    return true;
  }

  /** The events emitted since the last call; they are not kept. */
  takeEvents(): HistoryEvent[] {
    const out = this.events;
    this.handedOut += out.length;
    this.events = [];
    return out;
  }

  emit(type: string, details: Record<string, unknown>, opts: { prev?: number; advance?: boolean } = {}): number {
    const id = this.eventCount + 1;
    if (this.replaying || !this.recording) this.handedOut++;
    else {
      this.events.push({
        timestamp: this.now,
        type,
        id,
        previousEventId: opts.prev ?? this.last,
        ...details,
      });
    }
    if (opts.advance !== false) this.last = id;
    return id;
  }

  newEffectId(kind: string): string {
    this.effectSeq += 1;
    return `${kind}-${this.effectSeq}`;
  }

  addEffect(e: Effect): void {
    this.effects.push(e);
    if (e.kind !== 'cancel' && this.current) this.outstanding.set(e.id, this.current.id);
  }

  cancelEffect(id: string): void {
    if (!this.outstanding.has(id)) return;
    this.outstanding.delete(id);
    this.effects.push({ kind: 'cancel', id });
  }

  settleEffect(id: string): void {
    this.outstanding.delete(id);
  }

  /** Cancels fibers and everything they were waiting for. */
  cancelFibers(ids: number[]): void {
    const doomed = new Set<number>();
    const add = (id: number): void => {
      doomed.add(id);
      for (const f of this.fibers) if (f.parent === id && !doomed.has(f.id)) add(f.id);
    };
    ids.forEach(add);
    for (const id of doomed) {
      const f = this.fibers[id];
      if (f && (f.status === 'ready' || f.status === 'waiting')) f.status = 'cancelled';
    }
    for (const [eid, owner] of [...this.outstanding]) if (doomed.has(owner)) this.cancelEffect(eid);
  }

  cancelAllEffects(): void {
    for (const eid of [...this.outstanding.keys()]) this.cancelEffect(eid);
  }

  hasFiberWaitingFor(effectId: string): boolean {
    return this.fibers.some((f) => f.status === 'waiting' && f.wait?.k === 'signal' && f.wait.ids.includes(effectId));
  }

  deliver(signal: Signal & { effectId: string }): boolean {
    const f = this.fibers.find((x) => x.status === 'waiting' && x.wait?.k === 'signal' && x.wait.ids.includes(signal.effectId));
    if (!f) return false;
    f.status = 'ready';
    f.wait = null;
    f.pending = signal;
    this.readyFrom = Math.min(this.readyFrom, f.id);
    this.drain();
    return true;
  }

  /** The running fiber's children finished since it last asked, in spawn order. */
  takeFinishedChildren(): number[] {
    const f = this.current;
    if (!f) return [];
    const out = f.finishedChildren.sort((a, b) => a - b);
    f.finishedChildren = [];
    return out;
  }

  private satisfied(f: Fiber, w: Wait): boolean {
    if (w.k === 'children') return f.finishedChildren.length > 0;
    return w.k === 'join' && this.joinSatisfied(w);
  }

  private joinSatisfied(w: Wait & { k: 'join' }): boolean {
    const fin = (id: number): boolean => {
      const s = this.fibers[id]?.status;
      return s === 'done' || s === 'failed' || s === 'cancelled';
    };
    return w.mode === 'all' ? w.fibers.every(fin) : w.fibers.some(fin) || w.fibers.length === 0;
  }

  /** Runs every runnable fiber until all are blocked. */
  drain(): void {
    for (;;) {
      let i = this.readyFrom;
      while (i < this.fibers.length && this.fibers[i]?.status !== 'ready') i++;
      this.readyFrom = i;
      const f = this.fibers[i];
      if (!f) return;
      this.step(f);
    }
  }

  private step(f: Fiber): void {
    const prev = this.current;
    this.current = f;
    if (f.last === null) f.last = f.initLast ? f.initLast() : 0;
    try {
      const input = f.pending;
      f.pending = undefined;
      const r = f.gen.next(input);
      if (r.done) {
        f.status = 'done';
        f.result = r.value;
      } else {
        f.wait = r.value;
        f.status = this.satisfied(f, r.value) ? 'ready' : 'waiting';
      }
    } catch (e) {
      if (!(e instanceof SfnError)) throw e;
      f.status = 'failed';
      f.error = e;
    } finally {
      this.current = prev;
    }
    if (f.status === 'done' || f.status === 'failed') this.wakeJoiner(f);
  }

  /**
   * A fiber only ever joins fibers it spawned (Parallel branches, Map iterations): when one
   * finishes, its parent is the only fiber that can be waiting for it. Checking that one alone keeps
   * a Map of n iterations linear in n here, not quadratic.
   */
  private wakeJoiner(f: Fiber): void {
    const p = f.parent === null ? undefined : this.fibers[f.parent];
    if (!p) return;
    p.finishedChildren.push(f.id);
    if (p.status === 'waiting' && p.wait && this.satisfied(p, p.wait)) {
      p.status = 'ready';
      p.wait = null;
      this.readyFrom = Math.min(this.readyFrom, p.id);
    }
  }
}
