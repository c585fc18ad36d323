import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { DatabaseSync, type StatementSync } from 'node:sqlite';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import type { Effect, ExecutionStatus, HistoryEvent, MapRunEffect, MapRunStatus } from '../contract.ts';

export interface StateMachineRow {
  arn: string;
  name: string;
  definition: string;
  roleArn: string;
  type: string;
  createdAt: number;
  updatedAt: number;
}

export interface ExecutionRow {
  arn: string;
  name: string;
  smArn: string;
  smName: string;
  status: ExecutionStatus;
  input: string;
  output: string | null;
  error: string | null;
  cause: string | null;
  startDate: number;
  stopDate: number | null;
  nextEventId: number;
  parentArn: string | null;
  parentEffect: string | null;
  /** Set on the child executions of a Distributed Map's Map Run. */
  mapRunArn?: string | null;
}

/** A Distributed Map's Map Run, as its `mapRun` effects last described it. */
export interface MapRunRow {
  arn: string;
  execArn: string;
  effectId: string;
  stateMachineArn: string;
  definition: string;
  executionType: string;
  status: MapRunStatus;
  maxConcurrency: number;
  toleratedFailureCount: number;
  toleratedFailurePercentage: number;
  itemCount: number;
  startDate: number;
  stopDate: number | null;
}

export type EffectState = 'pending' | 'invoked' | 'done' | 'cancelled';
export type TokenState = 'open' | 'succeeded' | 'failed' | 'timedout' | 'closed';

export interface PendingInvoke {
  execArn: string;
  id: string;
  resource: string;
  parameters: unknown;
  taskToken: string | undefined;
}

export interface DueTimer {
  execArn: string;
  id: string;
  dueAt: number;
}

/** What one interpreter step changes, written in a single transaction. */
export interface StepWrite {
  arn: string;
  status: ExecutionStatus;
  snapshotText: string;
  nextEventId: number;
  output: string | null;
  error: string | null;
  cause: string | null;
  stopDate: number | null;
  events: HistoryEvent[];
  effects: Effect[];
  /** The effect whose outcome this step consumed (timer fired, invoke completed). */
  consumed?: { id: string; tokenState?: TokenState };
  /** The step's time (epoch ms): Map Runs starting or closing in it are stamped with it. */
  at?: number;
  /**
   * Set when the step's events were counted, not returned (an interpreter deriving histories): the
   * execution's first `derivedEvents` events are derived from its snapshot until they are stored.
   */
  derivedEvents?: number;
}

/** What GetExecutionHistory needs to know of an execution before reading its events. */
export interface HistoryState {
  /** Events 1..derived may be missing from the store: derived from the snapshot when read. */
  derived: number;
  snapshotText: string;
}

type Row = Record<string, unknown>;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS state_machines (
  arn TEXT PRIMARY KEY, name TEXT NOT NULL UNIQUE, definition TEXT NOT NULL, role_arn TEXT NOT NULL,
  type TEXT NOT NULL, created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS executions (
  arn TEXT PRIMARY KEY, name TEXT NOT NULL, sm_arn TEXT NOT NULL, sm_name TEXT NOT NULL, status TEXT NOT NULL,
  input TEXT NOT NULL, output TEXT, error TEXT, cause TEXT, start_date INTEGER NOT NULL, stop_date INTEGER,
  snapshot TEXT NOT NULL, next_event_id INTEGER NOT NULL, parent_arn TEXT, parent_effect TEXT);
CREATE INDEX IF NOT EXISTS executions_by_sm ON executions (sm_arn, start_date);
CREATE TABLE IF NOT EXISTS event_batches (
  exec_arn TEXT NOT NULL, first_id INTEGER NOT NULL, last_id INTEGER NOT NULL, body TEXT NOT NULL,
  PRIMARY KEY (exec_arn, first_id)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS effects (
  exec_arn TEXT NOT NULL, id TEXT NOT NULL, kind TEXT NOT NULL, resource TEXT, parameters TEXT, task_token TEXT,
  due_at INTEGER, state TEXT NOT NULL, PRIMARY KEY (exec_arn, id));
CREATE INDEX IF NOT EXISTS effects_due ON effects (due_at) WHERE kind = 'timer' AND state = 'pending';
CREATE INDEX IF NOT EXISTS effects_pending_invokes ON effects (exec_arn) WHERE kind = 'invoke' AND state = 'pending';
CREATE TABLE IF NOT EXISTS task_tokens (
  token TEXT PRIMARY KEY, exec_arn TEXT NOT NULL, effect_id TEXT NOT NULL, state TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS task_tokens_by_effect ON task_tokens (exec_arn, effect_id);
CREATE TABLE IF NOT EXISTS schedules (
  group_name TEXT NOT NULL, name TEXT NOT NULL, arn TEXT NOT NULL, expression TEXT NOT NULL, timezone TEXT NOT NULL,
  due_at INTEGER NOT NULL, body TEXT NOT NULL, state TEXT NOT NULL, fired_at INTEGER,
  created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL, PRIMARY KEY (group_name, name));
CREATE INDEX IF NOT EXISTS schedules_due ON schedules (due_at) WHERE state = 'ENABLED' AND fired_at IS NULL;
CREATE TABLE IF NOT EXISTS map_runs (
  arn TEXT PRIMARY KEY, exec_arn TEXT NOT NULL, effect_id TEXT NOT NULL, sm_arn TEXT NOT NULL, definition TEXT NOT NULL,
  execution_type TEXT NOT NULL, status TEXT NOT NULL, max_concurrency INTEGER NOT NULL, tolerated_count INTEGER NOT NULL,
  tolerated_percentage REAL NOT NULL, item_count INTEGER NOT NULL, start_date INTEGER NOT NULL, stop_date INTEGER);
CREATE INDEX IF NOT EXISTS map_runs_by_exec ON map_runs (exec_arn, start_date);
CREATE INDEX IF NOT EXISTS executions_by_parent ON executions (parent_arn, parent_effect) WHERE parent_arn IS NOT NULL;
CREATE TABLE IF NOT EXISTS bench_raw (id INTEGER PRIMARY KEY, body TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS definitions (digest TEXT PRIMARY KEY, text TEXT NOT NULL) WITHOUT ROWID;
`;

/**
 * 'full': every commit is fsynced (survives power loss; the default, and what "committed" means).
 * 'normal': WAL without an fsync per commit: survives a process crash, may lose the last commits
 * on power loss; several times faster when the disk's fsync is slow.
 */
export type Durability = 'full' | 'normal';

/**
 * The durable store of the local workflow runtime: one sqlite file in WAL mode, opened with an
 * exclusive lock so a second process can never fire the same timers. Every statement on the hot
 * path is prepared once.
 */
export class WorkflowStore {
  readonly db: DatabaseSync;
  /** Definition texts seen by encodeSnapshot, with their digest (a text's hash is computed once). */
  private readonly digests = new Map<string, string>();
  /** Digests of the definitions written to `definitions` (by a transaction not rolled back). */
  private readonly storedDefinitions = new Set<string>();
  /** State machines read so far (getStateMachine), dropped at each upsert or delete. */
  private readonly stateMachines = new Map<string, StateMachineRow>();
  private readonly s: Record<string, StatementSync>;

  constructor(dataDir: string, durability: Durability = 'full') {
    mkdirSync(dataDir, { recursive: true });
    this.db = new DatabaseSync(join(dataDir, 'workflows.sqlite'));
    this.db.exec(`PRAGMA locking_mode = EXCLUSIVE; PRAGMA journal_mode = WAL;
      PRAGMA synchronous = ${durability === 'full' ? 'FULL' : 'NORMAL'}; PRAGMA busy_timeout = 5000;`);
    this.db.exec(SCHEMA);
    // Data dirs created before Distributed Map support lack the column.
    const cols = this.db.prepare('PRAGMA table_info(executions)').all() as Row[];
    if (!cols.some((c) => c.name === 'map_run_arn')) this.db.exec('ALTER TABLE executions ADD COLUMN map_run_arn TEXT');
    if (!cols.some((c) => c.name === 'derived_events'))
      this.db.exec('ALTER TABLE executions ADD COLUMN derived_events INTEGER NOT NULL DEFAULT 0');
    this.db.exec('CREATE INDEX IF NOT EXISTS executions_by_map_run ON executions (map_run_arn, start_date) WHERE map_run_arn IS NOT NULL');
    // Data dirs from before event batches kept one row per event: each becomes a batch of one.
    if (this.db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'events'`).get()) {
      this.db.exec(`BEGIN;
        INSERT OR IGNORE INTO event_batches (exec_arn, first_id, last_id, body)
          SELECT exec_arn, id, id, json_array(json_array(id, ts, type, json(body))) FROM events;
        DROP TABLE events;
        COMMIT;`);
    }
    const p = (sql: string): StatementSync => this.db.prepare(sql);
    this.s = {
      upsertSm: p(`INSERT INTO state_machines (arn, name, definition, role_arn, type, created_at, updated_at)
        VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (arn) DO UPDATE SET definition = excluded.definition,
        role_arn = excluded.role_arn, type = excluded.type, updated_at = excluded.updated_at`),
      getSm: p('SELECT * FROM state_machines WHERE arn = ?'),
      listSms: p('SELECT * FROM state_machines ORDER BY name'),
      deleteSm: p('DELETE FROM state_machines WHERE arn = ?'),
      insertExec: p(`INSERT INTO executions (arn, name, sm_arn, sm_name, status, input, output, error, cause, start_date,
        stop_date, snapshot, next_event_id, parent_arn, parent_effect, map_run_arn) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
      updateExec: p(`UPDATE executions SET status = ?, snapshot = ?, next_event_id = ?, output = ?, error = ?, cause = ?,
        stop_date = ?, derived_events = coalesce(?, derived_events) WHERE arn = ?`),
      lastEventId: p('SELECT max(last_id) AS n FROM event_batches WHERE exec_arn = ?'),
      eventRanges: p('SELECT first_id, last_id FROM event_batches WHERE exec_arn = ? ORDER BY first_id'),
      historyState: p('SELECT derived_events, snapshot FROM executions WHERE arn = ?'),
      eventsStored: p('UPDATE executions SET derived_events = 0, snapshot = CASE WHEN status = ? THEN snapshot ELSE ? END WHERE arn = ?'),
      getExec: p(`SELECT arn, name, sm_arn, sm_name, status, input, output, error, cause, start_date, stop_date,
        next_event_id, parent_arn, parent_effect, map_run_arn FROM executions WHERE arn = ?`),
      getSnapshot: p('SELECT snapshot, next_event_id, status, derived_events FROM executions WHERE arn = ?'),
      listExecs: p(`SELECT arn, name, sm_arn, sm_name, status, input, output, error, cause, start_date, stop_date,
        next_event_id, parent_arn, parent_effect, map_run_arn FROM executions WHERE (?1 IS NULL OR sm_arn = ?1) AND (?2 IS NULL OR status = ?2)
        ORDER BY start_date DESC, rowid DESC LIMIT ?3 OFFSET ?4`),
      listMapRunExecs: p(`SELECT arn, name, sm_arn, sm_name, status, input, output, error, cause, start_date, stop_date,
        next_event_id, parent_arn, parent_effect, map_run_arn FROM executions WHERE map_run_arn = ?1 AND (?2 IS NULL OR status = ?2)
        ORDER BY start_date DESC, rowid DESC LIMIT ?3 OFFSET ?4`),
      mapRunCounts: p('SELECT status, COUNT(*) AS n FROM executions WHERE map_run_arn = ? GROUP BY status'),
      mapRunChildrenOf: p(`SELECT arn FROM executions WHERE parent_arn = ? AND parent_effect = ? AND status = 'RUNNING'
        AND map_run_arn IS NOT NULL`),
      closedChildrenAwaited: p(`SELECT x.arn, x.parent_arn, x.parent_effect FROM effects e
        JOIN executions x ON x.parent_arn = e.exec_arn AND x.parent_effect = e.id
        WHERE e.kind = 'invoke' AND e.state = 'invoked' AND x.status <> 'RUNNING'`),
      insertMapRunEffect: p(`INSERT OR IGNORE INTO effects (exec_arn, id, kind, resource, parameters, task_token, due_at, state)
        VALUES (?, ?, 'maprun', NULL, NULL, NULL, NULL, 'invoked')`),
      upsertMapRun: p(`INSERT INTO map_runs (arn, exec_arn, effect_id, sm_arn, definition, execution_type, status, max_concurrency,
        tolerated_count, tolerated_percentage, item_count, start_date, stop_date) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT (arn) DO UPDATE SET status = excluded.status, max_concurrency = excluded.max_concurrency,
        tolerated_count = excluded.tolerated_count, tolerated_percentage = excluded.tolerated_percentage,
        stop_date = CASE WHEN excluded.status = 'RUNNING' THEN NULL ELSE excluded.stop_date END`),
      abortMapRun: p(`UPDATE map_runs SET status = 'ABORTED', stop_date = ? WHERE exec_arn = ? AND effect_id = ? AND status = 'RUNNING'`),
      getMapRun: p('SELECT * FROM map_runs WHERE arn = ?'),
      listMapRuns: p('SELECT * FROM map_runs WHERE exec_arn = ? ORDER BY start_date DESC, rowid DESC LIMIT ? OFFSET ?'),
      runningExecs: p(`SELECT arn FROM executions WHERE status = 'RUNNING'`),
      insertEventBatch: p('INSERT INTO event_batches (exec_arn, first_id, last_id, body) VALUES (?, ?, ?, ?)'),
      eventBatches: p(`SELECT body FROM event_batches WHERE exec_arn = ?1 AND first_id <= ?3 AND last_id >= ?2
        ORDER BY first_id ASC`),
      insertInvoke: p(`INSERT INTO effects (exec_arn, id, kind, resource, parameters, task_token, due_at, state)
        VALUES (?, ?, 'invoke', ?, ?, ?, NULL, 'pending')`),
      insertTimer: p(`INSERT INTO effects (exec_arn, id, kind, resource, parameters, task_token, due_at, state)
        VALUES (?, ?, 'timer', NULL, NULL, NULL, ?, 'pending')`),
      effectState: p('SELECT kind, state FROM effects WHERE exec_arn = ? AND id = ?'),
      effectResource: p('SELECT resource FROM effects WHERE exec_arn = ? AND id = ?'),
      setEffectState: p('UPDATE effects SET state = ? WHERE exec_arn = ? AND id = ?'),
      markInvoked: p(`UPDATE effects SET state = 'invoked' WHERE exec_arn = ? AND id = ? AND state = 'pending'`),
      cancelEffect: p(`UPDATE effects SET state = 'cancelled' WHERE exec_arn = ? AND id = ? AND state IN ('pending', 'invoked')`),
      cancelAllEffects: p(`UPDATE effects SET state = 'cancelled' WHERE exec_arn = ? AND state IN ('pending', 'invoked')`),
      pendingInvokes: p(`SELECT e.exec_arn, e.id, e.resource, e.parameters, e.task_token FROM effects e
        JOIN executions x ON x.arn = e.exec_arn
        WHERE e.kind = 'invoke' AND e.state = 'pending' AND x.status = 'RUNNING' ORDER BY e.rowid`),
      nextTimer: p(`SELECT exec_arn, id, due_at FROM effects WHERE kind = 'timer' AND state = 'pending'
        ORDER BY due_at, rowid LIMIT 1`),
      timersAt: p(`SELECT exec_arn, id, due_at FROM effects WHERE kind = 'timer' AND state = 'pending' AND due_at <= ?
        ORDER BY due_at, rowid`),
      insertToken: p(`INSERT INTO task_tokens (token, exec_arn, effect_id, state) VALUES (?, ?, ?, 'open')`),
      getToken: p('SELECT exec_arn, effect_id, state FROM task_tokens WHERE token = ?'),
      setTokenStateByEffect: p(`UPDATE task_tokens SET state = ? WHERE exec_arn = ? AND effect_id = ? AND state = 'open'`),
      closeAllTokens: p(`UPDATE task_tokens SET state = 'closed' WHERE exec_arn = ? AND state = 'open'`),
      rawInsert: p('INSERT INTO bench_raw (body) VALUES (?)'),
      insertDefinition: p('INSERT OR IGNORE INTO definitions (digest, text) VALUES (?, ?)'),
      getDefinition: p('SELECT text FROM definitions WHERE digest = ?'),
    };
  }

  private st(name: string): StatementSync {
    const stmt = this.s[name];
    if (!stmt) throw new Error(`No prepared statement ${name}`);
    return stmt;
  }

  /** Runs fn in one transaction (IMMEDIATE: we are the only writer and want the write lock up front). */
  transaction<T>(fn: () => T): T {
    this.db.exec('BEGIN IMMEDIATE');
    try {
      const result = fn();
      this.db.exec('COMMIT');
      return result;
    } catch (err) {
      this.db.exec('ROLLBACK');
      this.rolledBack();
      throw err;
    }
  }

  close(): void {
    this.db.close();
  }

  // --- state machines -------------------------------------------------------------------------

  upsertStateMachine(row: StateMachineRow): void {
    this.stateMachines.delete(row.arn);
    this.st('upsertSm').run(row.arn, row.name, row.definition, row.roleArn, row.type, row.createdAt, row.updatedAt);
  }

  /**
   * Read once, then from memory (this process is the store's only writer: its file is locked). Every
   * start reads its state machine: the row, and the same definition string each time, so the
   * interpreter's cache of parsed definitions finds it without hashing a fresh copy of the text.
   */
  getStateMachine(arn: string): StateMachineRow | undefined {
    const cached = this.stateMachines.get(arn);
    if (cached) return { ...cached };
    const r = this.st('getSm').get(arn) as Row | undefined;
    if (!r) return undefined;
    // State machines are written on their own (the control plane's create, register and delete),
    // never inside a step's transaction that could roll back under a cached row.
    const row = toSm(r);
    this.stateMachines.set(arn, row);
    return { ...row };
  }

  listStateMachines(): StateMachineRow[] {
    return (this.st('listSms').all() as Row[]).map(toSm);
  }

  deleteStateMachine(arn: string): void {
    this.stateMachines.delete(arn);
    this.st('deleteSm').run(arn);
  }

  // --- executions -----------------------------------------------------------------------------

  insertExecution(row: ExecutionRow, snapshotText: string): void {
    this.st('insertExec').run(
      row.arn,
      row.name,
      row.smArn,
      row.smName,
      row.status,
      row.input,
      row.output,
      row.error,
      row.cause,
      row.startDate,
      row.stopDate,
      snapshotText,
      row.nextEventId,
      row.parentArn,
      row.parentEffect,
      row.mapRunArn ?? null,
    );
  }

  getExecution(arn: string): ExecutionRow | undefined {
    const r = this.st('getExec').get(arn) as Row | undefined;
    return r ? toExec(r) : undefined;
  }

  getSnapshot(arn: string): { snapshotText: string; nextEventId: number; status: ExecutionStatus; derivedEvents: number } | undefined {
    const r = this.st('getSnapshot').get(arn) as Row | undefined;
    if (!r) return undefined;
    return {
      snapshotText: String(r.snapshot),
      nextEventId: Number(r.next_event_id),
      status: r.status as ExecutionStatus,
      derivedEvents: Number(r.derived_events),
    };
  }

  listExecutions(smArn: string | null, status: string | null, limit: number, offset: number): ExecutionRow[] {
    return (this.st('listExecs').all(smArn, status, limit, offset) as Row[]).map(toExec);
  }

  /** The child executions of a Map Run, newest first (ListExecutions with mapRunArn). */
  listMapRunExecutions(mapRunArn: string, status: string | null, limit: number, offset: number): ExecutionRow[] {
    return (this.st('listMapRunExecs').all(mapRunArn, status, limit, offset) as Row[]).map(toExec);
  }

  mapRunExecutionCounts(mapRunArn: string): Partial<Record<ExecutionStatus, number>> {
    const out: Partial<Record<ExecutionStatus, number>> = {};
    for (const r of this.st('mapRunCounts').all(mapRunArn) as Row[]) out[r.status as ExecutionStatus] = Number(r.n);
    return out;
  }

  /** The running Map Run child started for a parent's effect (none for other effects). */
  runningMapRunChildrenOf(parentArn: string, effectId: string): string[] {
    return (this.st('mapRunChildrenOf').all(parentArn, effectId) as Row[]).map((r) => String(r.arn));
  }

  /** Closed child executions whose parent still awaits them (the notification was lost in a stop). */
  closedChildrenAwaited(): Array<{ childArn: string; parentArn: string; parentEffect: string }> {
    return (this.st('closedChildrenAwaited').all() as Row[]).map((r) => ({
      childArn: String(r.arn),
      parentArn: String(r.parent_arn),
      parentEffect: String(r.parent_effect),
    }));
  }

  getMapRun(arn: string): MapRunRow | undefined {
    const r = this.st('getMapRun').get(arn) as Row | undefined;
    return r ? toMapRun(r) : undefined;
  }

  listMapRuns(execArn: string, limit: number, offset: number): MapRunRow[] {
    return (this.st('listMapRuns').all(execArn, limit, offset) as Row[]).map(toMapRun);
  }

  private writeMapRun(execArn: string, e: MapRunEffect, at: number): void {
    this.st('insertMapRunEffect').run(execArn, e.id);
    this.st('upsertMapRun').run(
      e.mapRunArn,
      execArn,
      e.id,
      e.stateMachineArn,
      e.definition,
      e.executionType,
      e.status,
      e.maxConcurrency,
      e.toleratedFailureCount,
      e.toleratedFailurePercentage,
      e.itemCount,
      at,
      e.status === 'RUNNING' ? null : at,
    );
    if (e.status !== 'RUNNING') this.st('setEffectState').run('done', execArn, e.id);
  }

  runningExecutionArns(): string[] {
    return (this.st('runningExecs').all() as Row[]).map((r) => String(r.arn));
  }

  /** The writes of one interpreter step; the caller wraps it in a transaction with anything else that must be atomic with it. */
  writeStep(w: StepWrite, newTokens: Array<{ token: string; effectId: string }>): void {
    this.st('updateExec').run(
      w.status,
      w.snapshotText,
      w.nextEventId,
      w.output,
      w.error,
      w.cause,
      w.stopDate,
      w.derivedEvents ?? null,
      w.arn,
    );
    this.insertEvents(w.arn, w.events);
    if (w.consumed) {
      this.st('setEffectState').run('done', w.arn, w.consumed.id);
      if (w.consumed.tokenState) this.st('setTokenStateByEffect').run(w.consumed.tokenState, w.arn, w.consumed.id);
    }
    this.insertEffects(w.arn, w.effects, w.at);
    for (const t of newTokens) this.st('insertToken').run(t.token, w.arn, t.effectId);
    if (w.status !== 'RUNNING') {
      this.st('cancelAllEffects').run(w.arn);
      this.st('closeAllTokens').run(w.arn);
    }
  }

  /**
   * A step's events are one row and one JSON string (`[[id, epoch ms, type, details], ...]`), not
   * a row each: a 200-state chain writes one row, not 402. Event ids run 1, 2, 3... per execution.
   */
  insertEvents(arn: string, events: HistoryEvent[]): void {
    const first = events[0];
    const last = events[events.length - 1];
    if (!first || !last) return;
    const text = encodeEvents(events);
    this.st('insertEventBatch').run(arn, first.id, last.id, text.length < COMPRESS_FROM ? text : deflateRawSync(text, { level: 1 }));
  }

  insertEffects(arn: string, effects: Effect[], at = Date.now()): void {
    for (const eff of effects) {
      if (eff.kind === 'mapRun') {
        this.writeMapRun(arn, eff, at);
      } else if (eff.kind === 'invoke') {
        this.st('insertInvoke').run(arn, eff.id, eff.resource, JSON.stringify(eff.parameters ?? null), eff.taskToken ?? null);
      } else if (eff.kind === 'timer') {
        this.st('insertTimer').run(arn, eff.id, Date.parse(eff.dueAt));
      } else {
        this.st('cancelEffect').run(arn, eff.id);
        this.st('setTokenStateByEffect').run('timedout', arn, eff.id);
        this.st('abortMapRun').run(at, arn, eff.id);
      }
    }
  }

  historyState(arn: string): HistoryState | undefined {
    const r = this.st('historyState').get(arn) as Row | undefined;
    return r ? { derived: Number(r.derived_events), snapshotText: String(r.snapshot) } : undefined;
  }

  /** The id ranges of the stored event batches, [first, last] each. */
  storedEventRanges(arn: string): Array<[number, number]> {
    return (this.st('eventRanges').all(arn) as Row[]).map((r) => [Number(r.first_id), Number(r.last_id)]);
  }

  /** The stored events, `offset` skipped, at most `limit`, oldest first unless `reverse`. */
  getHistory(arn: string, limit: number, offset: number, reverse: boolean): HistoryEvent[] {
    if (limit <= 0) return [];
    let lo: number;
    let hi: number;
    if (reverse) {
      const total = Number((this.st('lastEventId').get(arn) as Row | undefined)?.n ?? 0);
      hi = total - offset;
      lo = Math.max(1, hi - limit + 1);
    } else {
      lo = offset + 1;
      hi = offset + limit;
    }
    if (hi < lo) return [];
    const out: HistoryEvent[] = [];
    for (const r of this.st('eventBatches').all(arn, lo, hi) as Row[]) {
      for (const [id, ts, type, body] of JSON.parse(batchText(r.body)) as Array<[number, number, string, Record<string, unknown>]>) {
        if (id < lo || id > hi) continue;
        const previousEventId = typeof body.previousEventId === 'number' ? body.previousEventId : id - 1;
        out.push({ ...body, timestamp: new Date(ts), type, id, previousEventId });
      }
    }
    if (reverse) out.reverse();
    return out;
  }

  /**
   * Stores derived events (each run of consecutive ids one batch). Once all are stored the execution
   * has none left to derive; a closed one no longer needs its snapshot either.
   */
  storeDerivedEvents(arn: string, events: HistoryEvent[]): void {
    let run: HistoryEvent[] = [];
    for (const e of events) {
      const prev = run[run.length - 1];
      if (prev && e.id !== prev.id + 1) {
        this.insertEvents(arn, run);
        run = [];
      }
      run.push(e);
    }
    this.insertEvents(arn, run);
    this.st('eventsStored').run('RUNNING', 'null', arn);
  }

  // --- effects and tokens ---------------------------------------------------------------------

  effectState(arn: string, id: string): { kind: string; state: EffectState } | undefined {
    const r = this.st('effectState').get(arn, id) as Row | undefined;
    return r ? { kind: String(r.kind), state: r.state as EffectState } : undefined;
  }

  pendingResource(arn: string, id: string): string | undefined {
    const r = this.st('effectResource').get(arn, id) as Row | undefined;
    return typeof r?.resource === 'string' ? r.resource : undefined;
  }

  markInvoked(arn: string, id: string): void {
    this.st('markInvoked').run(arn, id);
  }

  pendingInvokes(): PendingInvoke[] {
    return (this.st('pendingInvokes').all() as Row[]).map((r) => ({
      execArn: String(r.exec_arn),
      id: String(r.id),
      resource: String(r.resource),
      parameters: JSON.parse(String(r.parameters)) as unknown,
      taskToken: typeof r.task_token === 'string' ? r.task_token : undefined,
    }));
  }

  nextTimer(): DueTimer | undefined {
    const r = this.st('nextTimer').get() as Row | undefined;
    return r ? { execArn: String(r.exec_arn), id: String(r.id), dueAt: Number(r.due_at) } : undefined;
  }

  timersDueBy(ms: number): DueTimer[] {
    return (this.st('timersAt').all(ms) as Row[]).map((r) => ({ execArn: String(r.exec_arn), id: String(r.id), dueAt: Number(r.due_at) }));
  }

  getToken(token: string): { execArn: string; effectId: string; state: TokenState } | undefined {
    const r = this.st('getToken').get(token) as Row | undefined;
    return r ? { execArn: String(r.exec_arn), effectId: String(r.effect_id), state: r.state as TokenState } : undefined;
  }

  // --- snapshots ---------------------------------------------------------------------------------

  /**
   * A snapshot as stored: its `definition` (the execution's definition text, which every snapshot
   * of an execution carries: contract.ts) stored once in `definitions`, the snapshot naming it by
   * digest. A 200-state definition is 12 KB: written with every step and every closed execution
   * whose history is still to be derived, it was most of what a step wrote and fsynced.
   */
  encodeSnapshot(snapshot: unknown): string {
    const definition = (snapshot as { definition?: unknown } | null)?.definition;
    if (typeof definition !== 'string') return JSON.stringify(snapshot ?? null);
    let digest = this.digests.get(definition);
    if (digest === undefined) {
      digest = createHash('sha256').update(definition).digest('base64url');
      if (this.digests.size >= 1000) this.digests.clear();
      this.digests.set(definition, digest);
    }
    // In the caller's transaction; known stored until a rollback (rolledBack) may have undone it.
    if (!this.storedDefinitions.has(digest)) {
      this.st('insertDefinition').run(digest, definition);
      this.storedDefinitions.add(digest);
    }
    return JSON.stringify({ ...(snapshot as object), definition: undefined, [DEFINITION_REF]: digest });
  }

  /** A transaction or savepoint rolled back: definitions it stored may be gone. */
  rolledBack(): void {
    this.storedDefinitions.clear();
  }

  /** A stored snapshot with its definition put back. */
  decodeSnapshot(text: string): unknown {
    const snapshot = JSON.parse(text) as Record<string, unknown> | null;
    const digest = snapshot?.[DEFINITION_REF];
    if (snapshot === null || typeof digest !== 'string') return snapshot;
    const row = this.st('getDefinition').get(digest) as Row | undefined;
    if (typeof row?.text !== 'string') throw new Error(`the definition ${digest} of a stored snapshot is missing`);
    delete snapshot[DEFINITION_REF];
    snapshot.definition = row.text;
    return snapshot;
  }

  /** One single-row insert in its own transaction: the bench's yardstick for "one raw write". */
  rawWrite(body: string): void {
    this.transaction(() => this.st('rawInsert').run(body));
  }
}

/** Where a stored snapshot names its definition (encodeSnapshot). */
const DEFINITION_REF = '$definition';

/**
 * Event batches of this many characters or more are stored deflated (a BLOB): a step's events
 * repeat the same keys and values, so a 64 KB batch (a chain of 200 Pass) becomes about 2 KB, and
 * sqlite writes (and fsyncs) a page instead of sixteen. Smaller batches stay plain JSON text.
 */
const COMPRESS_FROM = 2048;

/** An event batch's JSON text, whether stored plain or deflated. */
function batchText(body: unknown): string {
  return body instanceof Uint8Array ? inflateRawSync(body).toString('utf8') : String(body);
}

/**
 * `[[id, epoch ms, type, details], ...]` as one string, built by hand: the details of each event
 * are stringified once, a step's events share their timestamp (converted once), and
 * `previousEventId` is left out when it is `id - 1` (getHistory puts it back).
 */
export function encodeEvents(events: HistoryEvent[]): string {
  let out = '[';
  let lastStamp: unknown;
  let ms = 0;
  for (let i = 0; i < events.length; i++) {
    const e = events[i] as HistoryEvent;
    const stamp: unknown = e.timestamp;
    if (stamp !== lastStamp) {
      lastStamp = stamp;
      ms = stamp instanceof Date ? stamp.getTime() : new Date(String(stamp)).getTime();
    }
    // Keys and types are the interpreter's own identifiers (HistoryEvent): quoted as they are, not
    // through JSON.stringify (a third of the encoding's time on a chain of Pass states).
    let body = '';
    for (const k in e) {
      if (k === 'timestamp' || k === 'type' || k === 'id') continue;
      const v = e[k];
      if (v === undefined || (k === 'previousEventId' && v === e.id - 1)) continue;
      body += body ? `,"${k}":${JSON.stringify(v)}` : `"${k}":${JSON.stringify(v)}`;
    }
    out += `${i > 0 ? ',' : ''}[${e.id},${ms},"${e.type}",{${body}}]`;
  }
  return `${out}]`;
}

function toSm(r: Row): StateMachineRow {
  return {
    arn: String(r.arn),
    name: String(r.name),
    definition: String(r.definition),
    roleArn: String(r.role_arn),
    type: String(r.type),
    createdAt: Number(r.created_at),
    updatedAt: Number(r.updated_at),
  };
}

function str(v: unknown): string | null {
  return typeof v === 'string' ? v : null;
}

function toExec(r: Row): ExecutionRow {
  return {
    arn: String(r.arn),
    name: String(r.name),
    smArn: String(r.sm_arn),
    smName: String(r.sm_name),
    status: r.status as ExecutionStatus,
    input: String(r.input),
    output: str(r.output),
    error: str(r.error),
    cause: str(r.cause),
    startDate: Number(r.start_date),
    stopDate: r.stop_date === null ? null : Number(r.stop_date),
    nextEventId: Number(r.next_event_id),
    parentArn: str(r.parent_arn),
    parentEffect: str(r.parent_effect),
    mapRunArn: str(r.map_run_arn),
  };
}

function toMapRun(r: Row): MapRunRow {
  return {
    arn: String(r.arn),
    execArn: String(r.exec_arn),
    effectId: String(r.effect_id),
    stateMachineArn: String(r.sm_arn),
    definition: String(r.definition),
    executionType: String(r.execution_type),
    status: r.status as MapRunStatus,
    maxConcurrency: Number(r.max_concurrency),
    toleratedFailureCount: Number(r.tolerated_count),
    toleratedFailurePercentage: Number(r.tolerated_percentage),
    itemCount: Number(r.item_count),
    startDate: Number(r.start_date),
    stopDate: r.stop_date === null ? null : Number(r.stop_date),
  };
}
