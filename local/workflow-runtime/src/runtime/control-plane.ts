import { randomUUID } from 'node:crypto';
import type { LocalScheduler, ScheduleInput, ScheduleRecord } from '../scheduler/scheduler.ts';
import type {
  Clock,
  ExecutionMeta,
  ExecutionStatus,
  HistoryEvent,
  Interpreter,
  MapRunChildParameters,
  MapRunStatus,
  Signal,
} from '../contract.ts';
import { AwsApiError, errorMessage } from './errors.ts';
import type { Lifecycle } from './lifecycle.ts';
import type { StepCommitter } from './step-commit.ts';
import type { ExecutionRow, HistoryState, MapRunRow, StateMachineRow, WorkflowStore } from './store.ts';

export interface RegisterStateMachineInput {
  name: string;
  definition: string;
  roleArn: string;
  type?: string;
}

export interface StateMachineDescription {
  stateMachineArn: string;
  name: string;
  status: 'ACTIVE';
  definition: string;
  roleArn: string;
  type: string;
  creationDate: Date;
}

export interface ExecutionDescription {
  executionArn: string;
  stateMachineArn: string;
  stateMachineName: string;
  name: string;
  status: ExecutionStatus;
  startDate: Date;
  stopDate?: Date;
  input: string;
  output?: string;
  error?: string;
  cause?: string;
  /** Set on the child executions of a Distributed Map's Map Run. */
  mapRunArn?: string;
}

export interface MapRunCounts {
  pending: number;
  running: number;
  succeeded: number;
  failed: number;
  timedOut: number;
  aborted: number;
  total: number;
  resultsWritten: number;
  failuresNotRedrivable: number;
  pendingRedrive: number;
}

/** DescribeMapRun's answer. */
export interface MapRunDescription {
  mapRunArn: string;
  executionArn: string;
  status: MapRunStatus;
  startDate: Date;
  stopDate?: Date;
  maxConcurrency: number;
  toleratedFailurePercentage: number;
  toleratedFailureCount: number;
  itemCounts: MapRunCounts;
  executionCounts: MapRunCounts;
  redriveCount: number;
}

export interface MapRunListItem {
  executionArn: string;
  mapRunArn: string;
  stateMachineArn: string;
  startDate: Date;
  stopDate?: Date;
}

const MAP_RUN_ARN = /^arn:aws[a-z-]*:states:[^:]*:[^:]*:mapRun:[^:]+:[^:]+$/;

const TOKEN = /^tt[A-Za-z0-9_-]{64}$/;
const NAME = /^[^\s<>{}[\]?*"#%\\^|~`$&,;:/\u0000-\u001f\u007f-\u009f]{1,80}$/;
export const SM_ARN = /^arn:aws[a-z-]*:states:[^:]*:[^:]*:stateMachine:([^:]+)$/;
const EXEC_ARN = /^arn:aws[a-z-]*:states:[^:]*:[^:]*:execution:[^:]+:[^:]+$/;

export interface ControlPlaneDeps {
  store: WorkflowStore;
  scheduler: LocalScheduler;
  interpreter: Interpreter;
  clock: Clock;
  region: string;
  accountId: string;
  commit: StepCommitter;
  lifecycle: Lifecycle;
  /** New due work may be earlier than what the real-time loop waits for. */
  wake(): void;
}

/**
 * The API operations: state machines, executions, task tokens and schedules. Each validates as AWS
 * does and commits before it answers; the steps it causes go through the step committer.
 */
export class ControlPlane {
  constructor(private readonly deps: ControlPlaneDeps) {}

  // --- state machines -------------------------------------------------------------------------

  stateMachineArn(name: string): string {
    return `arn:aws:states:${this.deps.region}:${this.deps.accountId}:stateMachine:${name}`;
  }

  /** Validates and upserts a state machine (startup registration of the CDK-defined machines). */
  registerStateMachine(input: RegisterStateMachineInput): { stateMachineArn: string } {
    this.validateName(input.name);
    this.validateDefinition(input.definition);
    const arn = this.stateMachineArn(input.name);
    const now = this.nowMs();
    const existing = this.deps.store.getStateMachine(arn);
    this.deps.store.upsertStateMachine({
      arn,
      name: input.name,
      definition: input.definition,
      roleArn: input.roleArn,
      type: input.type ?? 'STANDARD',
      createdAt: existing?.createdAt ?? now,
      updatedAt: now,
    });
    return { stateMachineArn: arn };
  }

  /** CreateStateMachine semantics: idempotent for an identical definition, StateMachineAlreadyExists otherwise. */
  createStateMachine(input: RegisterStateMachineInput): { stateMachineArn: string; creationDate: Date } {
    this.validateName(input.name);
    this.validateDefinition(input.definition);
    const type = input.type ?? 'STANDARD';
    if (type !== 'STANDARD' && type !== 'EXPRESS') throw new AwsApiError('ValidationException', `Invalid type ${type}`);
    const arn = this.stateMachineArn(input.name);
    const existing = this.deps.store.getStateMachine(arn);
    if (existing) {
      if (existing.definition === input.definition && existing.roleArn === input.roleArn && existing.type === type) {
        return { stateMachineArn: arn, creationDate: new Date(existing.createdAt) };
      }
      throw new AwsApiError('StateMachineAlreadyExists', `State Machine Already Exists: '${arn}'`);
    }
    const now = this.nowMs();
    this.deps.store.upsertStateMachine({
      arn,
      name: input.name,
      definition: input.definition,
      roleArn: input.roleArn,
      type,
      createdAt: now,
      updatedAt: now,
    });
    return { stateMachineArn: arn, creationDate: new Date(now) };
  }

  describeStateMachine(arn: string): StateMachineDescription {
    return toSmDescription(this.requireStateMachine(arn));
  }

  listStateMachines(): StateMachineDescription[] {
    return this.deps.store.listStateMachines().map(toSmDescription);
  }

  deleteStateMachine(arn: string): void {
    if (!SM_ARN.test(arn)) throw new AwsApiError('InvalidArn', `Invalid Arn: '${arn}'`);
    this.deps.store.deleteStateMachine(arn);
  }

  private requireStateMachine(arn: string): StateMachineRow {
    if (!SM_ARN.test(arn)) throw new AwsApiError('InvalidArn', `Invalid Arn: '${arn}'`);
    const sm = this.deps.store.getStateMachine(arn);
    if (!sm) throw new AwsApiError('StateMachineDoesNotExist', `State Machine Does Not Exist: '${arn}'`);
    return sm;
  }

  private validateName(name: string): void {
    if (!NAME.test(name)) throw new AwsApiError('InvalidName', `Invalid Name: '${name}'`);
  }

  private validateDefinition(definition: string): void {
    try {
      JSON.parse(definition);
    } catch (err) {
      throw new AwsApiError('InvalidDefinition', `Invalid State Machine Definition: 'INVALID_JSON_DESCRIPTION: ${errorMessage(err)}'`);
    }
    try {
      this.deps.interpreter.validate(definition);
    } catch (err) {
      const stateName =
        typeof err === 'object' && err !== null && 'stateName' in err ? (err as { stateName?: unknown }).stateName : undefined;
      const where = typeof stateName === 'string' ? `State "${stateName}": ` : '';
      throw new AwsApiError('InvalidDefinition', `Invalid State Machine Definition: '${where}${errorMessage(err)}'`);
    }
  }

  // --- executions -----------------------------------------------------------------------------

  /** StartExecution with AWS's name idempotency (same name + same input while RUNNING → same execution). */
  startExecution(input: { stateMachineArn: string; name?: string; input?: string }): { executionArn: string; startDate: Date } {
    return this.startExecutionInternal(input.stateMachineArn, input.name, input.input, undefined, undefined);
  }

  /**
   * StartExecution as the API answers it: the starts arriving in the same turn of the event loop are
   * committed together (one fsync for a burst of starts, StepCommitter.groupCommit); each caller hears
   * of its own start once it is committed, or of its own error.
   */
  startExecutionGrouped(input: {
    stateMachineArn: string;
    name?: string;
    input?: string;
  }): Promise<{ executionArn: string; startDate: Date }> {
    this.deps.lifecycle.assertOpen();
    let outcome: { ok: true; value: { executionArn: string; startDate: Date } } | { ok: false; error: unknown } | undefined;
    return this.deps.commit
      .groupCommit(() => {
        try {
          outcome = { ok: true, value: this.startExecution(input) };
        } catch (error) {
          outcome = { ok: false, error };
        }
      })
      .then((committed) => {
        if (outcome && !outcome.ok) throw outcome.error;
        if (!committed || !outcome) throw new Error('the start could not be committed');
        return outcome.value;
      });
  }

  /** StartExecution for the runtime itself: a `.sync` parent to notify, writes to commit with the start. */
  startExecutionInternal(
    smArn: string,
    givenName: string | undefined,
    givenInput: string | undefined,
    parent: { arn: string; effectId: string } | undefined,
    alsoInTransaction: (() => void) | undefined,
  ): { executionArn: string; startDate: Date } {
    this.deps.lifecycle.assertOpen();
    const sm = this.requireStateMachine(smArn);
    const name = givenName ?? randomUUID();
    this.validateName(name);
    const inputText = givenInput ?? '{}';
    let input: unknown;
    try {
      input = JSON.parse(inputText);
    } catch (err) {
      throw new AwsApiError('InvalidExecutionInput', `Invalid execution input: ${errorMessage(err)}`);
    }
    const arn = `arn:aws:states:${this.deps.region}:${this.deps.accountId}:execution:${sm.name}:${name}`;
    const existing = this.deps.store.getExecution(arn);
    if (existing) {
      if (existing.status === 'RUNNING' && existing.input === inputText) {
        if (alsoInTransaction) this.deps.commit.atomically(alsoInTransaction);
        return { executionArn: arn, startDate: new Date(existing.startDate) };
      }
      throw new AwsApiError('ExecutionAlreadyExists', `Execution Already Exists: '${arn}'`);
    }
    const now = this.deps.clock.now();
    const meta: ExecutionMeta = {
      executionArn: arn,
      name,
      stateMachineArn: sm.arn,
      stateMachineName: sm.name,
      roleArn: sm.roleArn,
      startTime: now.toISOString(),
      input,
      inputText,
    };
    const row: ExecutionRow = {
      arn,
      name,
      smArn: sm.arn,
      smName: sm.name,
      status: 'RUNNING',
      input: inputText,
      output: null,
      error: null,
      cause: null,
      startDate: now.getTime(),
      stopDate: null,
      nextEventId: 1,
      parentArn: parent?.arn ?? null,
      parentEffect: parent?.effectId ?? null,
    };
    this.deps.commit.start(row, sm.definition, meta, now, alsoInTransaction);
    return { executionArn: arn, startDate: now };
  }

  /** Starts a Map Run child (idempotent by name: a re-dispatch after a restart finds the one it started). */
  startMapRunChild(params: MapRunChildParameters, parent: { arn: string; effectId: string }): ExecutionRow | undefined {
    this.deps.lifecycle.assertOpen();
    const run = this.deps.store.getMapRun(params.MapRunArn);
    if (!run) throw new AwsApiError('States.Runtime', `Map Run ${params.MapRunArn} is not recorded`);
    const smName = SM_ARN.exec(run.stateMachineArn)?.[1] ?? run.stateMachineArn;
    const arn = `${run.stateMachineArn.replace(':stateMachine:', ':execution:')}:${params.Name}`;
    const existing = this.deps.store.getExecution(arn);
    if (existing) return existing;
    const now = this.deps.clock.now();
    const inputText = JSON.stringify(params.Input ?? null);
    const parentRow = this.deps.store.getExecution(parent.arn);
    const roleArn = parentRow ? (this.deps.store.getStateMachine(parentRow.smArn)?.roleArn ?? '') : '';
    const meta: ExecutionMeta = {
      executionArn: arn,
      name: params.Name,
      stateMachineArn: run.stateMachineArn,
      stateMachineName: smName,
      roleArn,
      startTime: now.toISOString(),
      input: params.Input ?? null,
      inputText,
    };
    const row: ExecutionRow = {
      arn,
      name: params.Name,
      smArn: run.stateMachineArn,
      smName,
      status: 'RUNNING',
      input: inputText,
      output: null,
      error: null,
      cause: null,
      startDate: now.getTime(),
      stopDate: null,
      nextEventId: 1,
      parentArn: parent.arn,
      parentEffect: parent.effectId,
      mapRunArn: run.arn,
    };
    this.deps.commit.start(row, run.definition, meta, now, undefined);
    return undefined;
  }

  private requireMapRun(arn: string): MapRunRow {
    if (!MAP_RUN_ARN.test(arn)) throw new AwsApiError('InvalidArn', `Invalid Arn: '${arn}'`);
    const run = this.deps.store.getMapRun(arn);
    if (!run) throw new AwsApiError('ResourceNotFound', `Map Run Does Not Exist: '${arn}'`);
    return run;
  }

  describeMapRun(arn: string): MapRunDescription {
    const run = this.requireMapRun(arn);
    const by = this.deps.store.mapRunExecutionCounts(arn);
    const started = Object.values(by).reduce((a, b) => a + b, 0);
    const executionCounts: MapRunCounts = {
      pending: 0,
      running: by.RUNNING ?? 0,
      succeeded: by.SUCCEEDED ?? 0,
      failed: by.FAILED ?? 0,
      timedOut: by.TIMED_OUT ?? 0,
      aborted: by.ABORTED ?? 0,
      total: started,
      resultsWritten: by.SUCCEEDED ?? 0,
      failuresNotRedrivable: 0,
      pendingRedrive: 0,
    };
    // Items are counted per child execution (a batch counts once), except the pending and total ones.
    const itemCounts: MapRunCounts = {
      ...executionCounts,
      pending: run.status === 'RUNNING' ? Math.max(0, run.itemCount - started) : 0,
      total: run.itemCount,
    };
    const d: MapRunDescription = {
      mapRunArn: run.arn,
      executionArn: run.execArn,
      status: run.status,
      startDate: new Date(run.startDate),
      maxConcurrency: run.maxConcurrency,
      toleratedFailurePercentage: run.toleratedFailurePercentage,
      toleratedFailureCount: run.toleratedFailureCount,
      itemCounts,
      executionCounts,
      redriveCount: 0,
    };
    if (run.stopDate !== null) d.stopDate = new Date(run.stopDate);
    return d;
  }

  /** The Map Runs an execution started, newest first. */
  listMapRuns(executionArn: string, limit = 1000, offset = 0): MapRunListItem[] {
    this.describeExecution(executionArn);
    return this.deps.store.listMapRuns(executionArn, limit, offset).map((r) => {
      const item: MapRunListItem = {
        executionArn: r.execArn,
        mapRunArn: r.arn,
        stateMachineArn: r.stateMachineArn,
        startDate: new Date(r.startDate),
      };
      if (r.stopDate !== null) item.stopDate = new Date(r.stopDate);
      return item;
    });
  }

  /** UpdateMapRun: the running Map Run takes the new limits at its next step. */
  updateMapRun(
    arn: string,
    update: { maxConcurrency?: number; toleratedFailureCount?: number; toleratedFailurePercentage?: number },
  ): void {
    this.deps.lifecycle.assertOpen();
    const run = this.requireMapRun(arn);
    const { maxConcurrency, toleratedFailureCount, toleratedFailurePercentage } = update;
    const errors: string[] = [];
    if (maxConcurrency !== undefined && (!Number.isInteger(maxConcurrency) || maxConcurrency < 0))
      errors.push(
        `Value '${maxConcurrency}' at 'maxConcurrency' failed to satisfy constraint: Member must have value greater than or equal to 0`,
      );
    if (toleratedFailureCount !== undefined && (!Number.isInteger(toleratedFailureCount) || toleratedFailureCount < 0))
      errors.push(
        `Value '${toleratedFailureCount}' at 'toleratedFailureCount' failed to satisfy constraint: Member must have value greater than or equal to 0`,
      );
    if (toleratedFailurePercentage !== undefined && !(toleratedFailurePercentage >= 0 && toleratedFailurePercentage <= 100))
      errors.push(
        `Value '${toleratedFailurePercentage}' at 'toleratedFailurePercentage' failed to satisfy constraint: Member must have value between 0 and 100`,
      );
    if (errors.length > 0)
      throw new AwsApiError(
        'ValidationException',
        `${errors.length} validation error${errors.length > 1 ? 's' : ''} detected: ${errors.join('; ')}`,
      );
    if (maxConcurrency === undefined && toleratedFailureCount === undefined && toleratedFailurePercentage === undefined)
      throw new AwsApiError(
        'ValidationException',
        'At least one of maxConcurrency, toleratedFailureCount or toleratedFailurePercentage is required',
      );
    if (run.status !== 'RUNNING') throw new AwsApiError('ValidationException', `Map Run is not running: '${arn}'`);
    const signal: Signal = { kind: 'mapRunUpdate', effectId: run.effectId };
    if (maxConcurrency !== undefined) signal.maxConcurrency = maxConcurrency;
    if (toleratedFailureCount !== undefined) signal.toleratedFailureCount = toleratedFailureCount;
    if (toleratedFailurePercentage !== undefined) signal.toleratedFailurePercentage = toleratedFailurePercentage;
    this.deps.commit.signal(run.execArn, signal);
  }

  describeExecution(arn: string): ExecutionDescription {
    if (!EXEC_ARN.test(arn)) throw new AwsApiError('InvalidArn', `Invalid Arn: '${arn}'`);
    const row = this.deps.store.getExecution(arn);
    if (!row) throw new AwsApiError('ExecutionDoesNotExist', `Execution Does Not Exist: '${arn}'`);
    return toExecDescription(row);
  }

  /** Newest first, as ListExecutions. */
  listExecutions(
    filter: { stateMachineArn?: string; mapRunArn?: string; statusFilter?: string; limit?: number; offset?: number } = {},
  ): ExecutionDescription[] {
    const { store } = this.deps;
    const [status, limit, offset] = [filter.statusFilter ?? null, filter.limit ?? 1000, filter.offset ?? 0];
    if (filter.mapRunArn !== undefined) {
      this.requireMapRun(filter.mapRunArn);
      return store.listMapRunExecutions(filter.mapRunArn, status, limit, offset).map(toExecDescription);
    }
    return store.listExecutions(filter.stateMachineArn ?? null, status, limit, offset).map(toExecDescription);
  }

  /**
   * An execution's events, `offset` skipped, at most `limit`, oldest first unless `reverseOrder`.
   * Events the interpreter only counted (it derives histories) are built from the snapshot's log
   * when the history is next read, and stored: reads until the next step are plain reads.
   */
  getHistory(arn: string, options: { limit?: number; offset?: number; reverseOrder?: boolean } = {}): HistoryEvent[] {
    this.describeExecution(arn);
    const { store } = this.deps;
    const state = store.historyState(arn);
    if (state && state.derived > 0) this.storeDerivedHistory(arn, state);
    return store.getHistory(arn, options.limit ?? 1_000_000, options.offset ?? 0, options.reverseOrder ?? false);
  }

  /** Replays the snapshot's log and stores the events the store lacks. */
  private storeDerivedHistory(arn: string, state: HistoryState): void {
    const { store, interpreter, commit } = this.deps;
    if (!interpreter.history) throw new Error(`the history of ${arn} is to be derived, and the interpreter cannot derive histories`);
    const derived = interpreter.history(store.decodeSnapshot(state.snapshotText)).slice(0, state.derived);
    if (derived.length < state.derived || derived.some((e, i) => e.id !== i + 1))
      throw new Error(`the replay of ${arn} gave ${derived.length} events where the execution counted ${state.derived}`);
    // Both in id order: one pass.
    const stored = store.storedEventRanges(arn);
    let r = 0;
    const missing = derived.filter((e) => {
      while (r < stored.length && (stored[r] as [number, number])[1] < e.id) r++;
      const range = stored[r];
      return range === undefined || e.id < range[0];
    });
    commit.atomically(() => store.storeDerivedEvents(arn, missing));
  }

  stopExecution(arn: string, error?: string, cause?: string): { stopDate: Date } {
    const before = this.describeExecution(arn);
    if (before.status === 'RUNNING') {
      const signal: Signal = { kind: 'stop' };
      if (error !== undefined) signal.error = error;
      if (cause !== undefined) signal.cause = cause;
      this.deps.commit.signal(arn, signal);
    }
    const after = this.describeExecution(arn);
    return { stopDate: after.stopDate ?? this.deps.clock.now() };
  }

  // --- task tokens ----------------------------------------------------------------------------

  sendTaskSuccess(taskToken: string, output: string): void {
    const token = this.resolveToken(taskToken);
    let parsed: unknown;
    try {
      parsed = JSON.parse(output);
    } catch (err) {
      throw new AwsApiError('InvalidOutput', `Invalid output: ${errorMessage(err)}`);
    }
    this.deps.commit.signal(token.execArn, { kind: 'invokeSucceeded', effectId: token.effectId, output: parsed });
  }

  sendTaskFailure(taskToken: string, error?: string, cause?: string): void {
    const token = this.resolveToken(taskToken);
    const signal: Signal = { kind: 'invokeFailed', effectId: token.effectId, error: error ?? '' };
    if (cause !== undefined) signal.cause = cause;
    this.deps.commit.signal(token.execArn, signal);
  }

  sendTaskHeartbeat(taskToken: string): void {
    const token = this.resolveToken(taskToken);
    this.deps.commit.signal(token.execArn, { kind: 'heartbeat', effectId: token.effectId });
  }

  private resolveToken(taskToken: string): { execArn: string; effectId: string } {
    this.deps.lifecycle.assertOpen();
    if (!TOKEN.test(taskToken)) throw new AwsApiError('InvalidToken', 'Invalid Token');
    const row = this.deps.store.getToken(taskToken);
    if (!row) throw new AwsApiError('TaskDoesNotExist', 'Task Does Not Exist');
    if (row.state === 'open') return row;
    if (row.state === 'timedout' || row.state === 'closed')
      throw new AwsApiError('TaskTimedOut', "Task Timed Out: 'Provided task does not exist anymore'");
    throw new AwsApiError('TaskDoesNotExist', "Task Does Not Exist: 'Provided task has already been completed'");
  }

  // --- scheduler (also reachable from workflows as arn:aws:states:::aws-sdk:scheduler:*) -----

  createSchedule(input: ScheduleInput): { ScheduleArn: string } {
    const out = this.deps.scheduler.create(input);
    this.deps.wake();
    return out;
  }

  updateSchedule(input: ScheduleInput): { ScheduleArn: string } {
    const out = this.deps.scheduler.update(input);
    this.deps.wake();
    return out;
  }

  getSchedule(groupName: string, name: string): ScheduleRecord {
    return this.deps.scheduler.get(groupName, name, true);
  }

  deleteSchedule(groupName: string, name: string): void {
    this.deps.scheduler.delete(groupName, name);
  }

  listSchedules(groupName: string | null, namePrefix: string | null, state: string | null): ScheduleRecord[] {
    return this.deps.scheduler.list(groupName, namePrefix, state);
  }

  private nowMs(): number {
    return this.deps.clock.now().getTime();
  }
}

function toSmDescription(sm: StateMachineRow): StateMachineDescription {
  return {
    stateMachineArn: sm.arn,
    name: sm.name,
    status: 'ACTIVE',
    definition: sm.definition,
    roleArn: sm.roleArn,
    type: sm.type,
    creationDate: new Date(sm.createdAt),
  };
}

function toExecDescription(row: ExecutionRow): ExecutionDescription {
  const d: ExecutionDescription = {
    executionArn: row.arn,
    stateMachineArn: row.smArn,
    stateMachineName: row.smName,
    name: row.name,
    status: row.status,
    startDate: new Date(row.startDate),
    input: row.input,
  };
  if (row.stopDate !== null) d.stopDate = new Date(row.stopDate);
  if (row.output !== null) d.output = row.output;
  if (row.error !== null) d.error = row.error;
  if (row.cause !== null) d.cause = row.cause;
  if (row.mapRunArn) d.mapRunArn = row.mapRunArn;
  return d;
}
