import { randomBytes } from 'node:crypto';
import type { Clock, ExecutionMeta, HistoryEvent, Interpreter, Signal, StepResult } from '../contract.ts';
import { errorMessage } from './errors.ts';
import type { Lifecycle, ReportBackground } from './lifecycle.ts';
import type { ExecutionRow, StepWrite, WorkflowStore } from './store.ts';

export interface RunningState {
  snapshot: unknown;
  nextEventId: number;
  parentArn: string | null;
  parentEffect: string | null;
  /** Events 1..derived may exist only in the snapshot (HistoryState.derived). */
  derived: number;
}

export interface StepCommitDeps {
  store: WorkflowStore;
  interpreter: Interpreter;
  clock: Clock;
  lifecycle: Lifecycle;
  report: ReportBackground;
  /** Performs a committed step's effects; called only once the outermost transaction has committed. */
  afterCommit(arn: string, state: RunningState, result: StepResult, now: Date): void;
}

/**
 * The step: feeds a signal to the interpreter and writes the result (snapshot, history events, new
 * effects, task-token index) in one sqlite transaction, and only then lets its effects run, so a
 * restart loses nothing and never repeats a completed step.
 *
 * Steps are synchronous from loading the snapshot to COMMIT (the interpreter is pure and sqlite is
 * synchronous), so on one event loop two signals can never resume the same snapshot: the
 * per-execution serialisation is the JavaScript run-to-completion guarantee itself, with no lock
 * to forget to release.
 */
export class StepCommitter {
  private readonly running = new Map<string, RunningState>();
  private batchDepth = 0;
  private deferred: Array<() => void> = [];
  private completions: Array<() => void> = [];
  private completionFlush: Promise<boolean> | undefined;
  private readonly newToken = (): string => `tt${randomBytes(48).toString('base64url')}`;

  constructor(private readonly deps: StepCommitDeps) {}

  /** Inserts a new execution and commits its first step; `alsoInTransaction` commits with it. */
  start(row: ExecutionRow, definition: string, meta: ExecutionMeta, now: Date, alsoInTransaction: (() => void) | undefined): void {
    let result: StepResult;
    try {
      result = this.deps.interpreter.start(definition, meta, now, this.newToken);
    } catch (err) {
      result = internalFailure(null, 1, now, err, true);
    }
    const running: RunningState = {
      snapshot: result.snapshot,
      nextEventId: 1,
      parentArn: row.parentArn,
      parentEffect: row.parentEffect,
      derived: 0,
    };
    this.atomically(() => {
      this.deps.store.insertExecution(row, 'null');
      this.writeResult(row.arn, running, result, now, undefined);
      alsoInTransaction?.();
    });
    this.stepped(row.arn, running, result, now);
  }

  /** Feeds one signal to an execution and commits the result; a no-op for closed executions or moot effects. */
  signal(arn: string, signal: Signal): void {
    if (this.deps.lifecycle.closed) return;
    const store = this.deps.store;
    const state = this.loadRunning(arn);
    let consumed: StepWrite['consumed'];
    if (signal.kind !== 'stop') {
      const effect = store.effectState(arn, signal.effectId);
      const live = effect !== undefined && (effect.state === 'pending' || effect.state === 'invoked');
      if (!state || !live) {
        // A timer left pending would be picked up as due forever; settle it.
        if (signal.kind === 'timerFired' && effect?.state === 'pending')
          this.atomically(() => store.insertEffects(arn, [{ kind: 'cancel', id: signal.effectId }]));
        return;
      }
      if ((signal.kind === 'timerFired') !== (effect.kind === 'timer')) return;
      if (signal.kind === 'timerFired') consumed = { id: signal.effectId };
      else if (signal.kind === 'invokeSucceeded') consumed = { id: signal.effectId, tokenState: 'succeeded' };
      else if (signal.kind === 'invokeFailed') consumed = { id: signal.effectId, tokenState: 'failed' };
    }
    if (!state) return;
    const now = this.deps.clock.now();
    let result: StepResult;
    try {
      result = this.deps.interpreter.resume(state.snapshot, signal, now, this.newToken);
    } catch (err) {
      this.running.delete(arn);
      result = internalFailure(state.snapshot, state.nextEventId, now, err, false);
    }
    try {
      this.atomically(() => this.writeResult(arn, state, result, now, consumed));
    } catch (err) {
      // The interpreter may have changed the cached snapshot in place; reload it from the store next time.
      this.running.delete(arn);
      throw err;
    }
    this.stepped(arn, state, result, now);
  }

  private writeResult(arn: string, state: RunningState, result: StepResult, now: Date, consumed: StepWrite['consumed']): void {
    const closed = result.status !== 'RUNNING';
    const last = result.events[result.events.length - 1];
    // An interpreter deriving histories counts the events it did not return.
    const counted = last === undefined && result.eventCount !== undefined && result.eventCount >= state.nextEventId;
    const nextEventId = last ? last.id + 1 : counted ? (result.eventCount as number) + 1 : state.nextEventId;
    const derived = counted ? (result.eventCount as number) : state.derived;
    const tokens: Array<{ token: string; effectId: string }> = [];
    for (const e of result.effects) if (e.kind === 'invoke' && e.taskToken) tokens.push({ token: e.taskToken, effectId: e.id });
    const write: StepWrite = {
      arn,
      status: result.status,
      // A closed execution is never resumed (loadRunning reads RUNNING ones only): no snapshot to
      // keep, unless its history is still to be derived from it.
      snapshotText: closed && derived === 0 ? 'null' : this.deps.store.encodeSnapshot(result.snapshot),
      nextEventId,
      output: result.status === 'SUCCEEDED' ? JSON.stringify(result.output ?? null) : null,
      error: closed ? (result.error ?? null) : null,
      cause: closed ? (result.cause ?? null) : null,
      stopDate: closed ? now.getTime() : null,
      events: result.events,
      effects: result.effects,
      at: now.getTime(),
    };
    if (consumed) write.consumed = consumed;
    if (counted) write.derivedEvents = derived;
    this.deps.store.writeStep(write, tokens);
    state.nextEventId = nextEventId;
    state.derived = derived;
  }

  /**
   * Runs writes atomically. The outermost call is one sqlite transaction; calls made inside it (the
   * steps of a group commit) are savepoints, so one failing step rolls back alone. If the outermost
   * transaction fails, the cached snapshots may be ahead of the database: they are dropped.
   */
  atomically<T>(fn: () => T): T {
    const db = this.deps.store.db;
    if (this.batchDepth > 0) {
      db.exec('SAVEPOINT step');
      try {
        const result = fn();
        db.exec('RELEASE step');
        return result;
      } catch (err) {
        db.exec('ROLLBACK TO step');
        db.exec('RELEASE step');
        this.deps.store.rolledBack();
        throw err;
      }
    }
    this.batchDepth++;
    try {
      return this.deps.store.transaction(fn);
    } catch (err) {
      this.deferred = [];
      this.running.clear();
      throw err;
    } finally {
      this.batchDepth--;
      this.runDeferred();
    }
  }

  /** Effects wait for the commit of the outermost transaction: nothing is performed for a step that could still roll back. */
  defer(fn: () => void): void {
    if (this.batchDepth > 0) this.deferred.push(fn);
    else fn();
  }

  private runDeferred(): void {
    while (this.batchDepth === 0 && this.deferred.length > 0) {
      const batch = this.deferred;
      this.deferred = [];
      for (const fn of batch) {
        try {
          fn();
        } catch (err) {
          this.deps.report(err, 'after commit');
        }
      }
    }
  }

  /**
   * Writes arriving in the same turn of the event loop (invocation outcomes, starts through the API)
   * are applied in one transaction: one fsync for a burst instead of one each. Resolves once that is
   * committed (true), or if it could not be (false: reported; nothing of the batch was written).
   */
  groupCommit(apply: () => void): Promise<boolean> {
    this.completions.push(apply);
    this.completionFlush ??= new Promise<boolean>((resolve) => {
      setImmediate(() => {
        const batch = this.completions;
        this.completions = [];
        this.completionFlush = undefined;
        if (this.deps.lifecycle.closed) return resolve(false);
        try {
          this.atomically(() => {
            for (const fn of batch) fn();
          });
          resolve(true);
        } catch (err) {
          this.deps.report(err, 'committing a group of writes');
          resolve(false);
        }
      });
    });
    return this.completionFlush;
  }

  /** After a step's writes: the cache follows at once (a later step of the same group reads it), the effects after commit. */
  private stepped(arn: string, state: RunningState, result: StepResult, now: Date): void {
    if (result.status !== 'RUNNING') this.running.delete(arn);
    else {
      state.snapshot = result.snapshot;
      this.running.set(arn, state);
    }
    this.defer(() => this.deps.afterCommit(arn, state, result, now));
  }

  private loadRunning(arn: string): RunningState | undefined {
    const cached = this.running.get(arn);
    if (cached) return cached;
    const snap = this.deps.store.getSnapshot(arn);
    if (!snap || snap.status !== 'RUNNING') return undefined;
    const row = this.deps.store.getExecution(arn);
    const state: RunningState = {
      snapshot: this.deps.store.decodeSnapshot(snap.snapshotText),
      nextEventId: snap.nextEventId,
      parentArn: row?.parentArn ?? null,
      parentEffect: row?.parentEffect ?? null,
      derived: snap.derivedEvents,
    };
    this.running.set(arn, state);
    return state;
  }

  /** Forgets the cached snapshots (the store is closing). */
  dropCache(): void {
    this.running.clear();
  }
}

/** Closes an execution the interpreter could not step (an engine bug), rather than leaving it stuck. */
function internalFailure(snapshot: unknown, nextEventId: number, now: Date, err: unknown, atStart: boolean): StepResult {
  const cause = `Local interpreter error: ${errorMessage(err)}`;
  const events: HistoryEvent[] = [];
  if (atStart) {
    events.push({ timestamp: now, type: 'ExecutionStarted', id: nextEventId, previousEventId: 0 });
    nextEventId++;
  }
  events.push({
    timestamp: now,
    type: 'ExecutionFailed',
    id: nextEventId,
    previousEventId: nextEventId - 1,
    executionFailedEventDetails: { error: 'States.Runtime', cause },
  });
  return { snapshot, events, effects: [], status: 'FAILED', error: 'States.Runtime', cause };
}
