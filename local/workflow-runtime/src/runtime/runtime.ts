import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { MovableClock } from '../clock.ts';
import { LocalScheduler, SFN_START_EXECUTION_TARGET, type DueSchedule, type ScheduleInput } from '../scheduler/scheduler.ts';
import {
  LambdaInvokeFailure,
  type ExecutionMeta,
  type ExecutionStatus,
  type HistoryEvent,
  type Interpreter,
  type LambdaInvoker,
  type ServiceInvoker,
  type Signal,
  type StepResult,
} from '../contract.ts';
import { addIsoDuration } from './duration.ts';
import { AwsApiError, errorMessage } from './errors.ts';
import { WorkflowStore, type Durability, type ExecutionRow, type PendingInvoke, type StateMachineRow, type StepWrite } from './store.ts';

export interface OpenOptions {
  dataDir: string;
  clock: MovableClock;
  interpreter: Interpreter;
  invokeLambda: LambdaInvoker;
  invokeService: ServiceInvoker;
  region?: string;
  accountId?: string;
  /** sqlite commit durability; 'full' (fsync per step) by default. */
  durability?: Durability;
  /** Where failures of background work (schedule targets, internal errors) are reported; stderr by default. */
  onBackgroundError?: (err: unknown, context: string) => void;
}

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
}

export interface ApiHandle {
  stepfunctionsEndpoint: string;
  schedulerEndpoint: string;
  close(): Promise<void>;
}

interface RunningState {
  snapshot: unknown;
  nextEventId: number;
  parentArn: string | null;
  parentEffect: string | null;
}

/** Resolved while a `.sync` child execution runs: the parent's effect completes when the child closes. */
const AWAIT_CHILD = Symbol('await child execution');

const TOKEN = /^tt[A-Za-z0-9_-]{64}$/;
const NAME = /^[^\s<>{}[\]?*"#%\\^|~`$&,;:/\u0000-\u001f\u007f-\u009f]{1,80}$/;
const SM_ARN = /^arn:aws[a-z-]*:states:[^:]*:[^:]*:stateMachine:([^:]+)$/;
const EXEC_ARN = /^arn:aws[a-z-]*:states:[^:]*:[^:]*:execution:[^:]+:[^:]+$/;

/**
 * The durable local Step Functions runtime. Every interpreter step (start or resume) is written
 * in one sqlite transaction (snapshot, history events, new effects, task-token index) and only
 * then are its effects performed, so a restart loses nothing and never repeats a completed step.
 *
 * Steps are synchronous from loading the snapshot to COMMIT (the interpreter is pure and sqlite is
 * synchronous), so on one event loop two signals can never resume the same snapshot: the
 * per-execution serialisation is the JavaScript run-to-completion guarantee itself, with no lock
 * to forget to release.
 */
export class LocalWorkflowRuntime {
  readonly store: WorkflowStore;
  readonly scheduler: LocalScheduler;
  readonly region: string;
  readonly accountId: string;
  private readonly running = new Map<string, RunningState>();
  private readonly inflight = new Set<Promise<unknown>>();
  private driving: Promise<void> = Promise.resolve();
  private closed = false;
  private closing = false;
  private closePromise: Promise<void> | undefined;
  private batchDepth = 0;
  private deferred: Array<() => void> = [];
  private completions: Array<() => void> = [];
  private completionFlush: Promise<void> | undefined;
  private readonly closingSignal: Promise<void>;
  private signalClosing: () => void = () => undefined;
  private loopTimer: NodeJS.Timeout | undefined;
  private loopActive = false;
  private readonly apis = new Set<ApiHandle>();
  private readonly newToken = (): string => `tt${randomBytes(48).toString('base64url')}`;

  private constructor(private readonly opts: OpenOptions) {
    this.region = opts.region ?? 'us-east-1';
    this.accountId = opts.accountId ?? '123456789012';
    this.store = new WorkflowStore(opts.dataDir, opts.durability);
    this.closingSignal = new Promise((resolve) => {
      this.signalClosing = resolve;
    });
    this.scheduler = new LocalScheduler(this.store.db, this.region, this.accountId, () => this.nowMs());
  }

  /** Opens (or creates) the store under dataDir and re-dispatches invocations interrupted by the last stop. */
  static open(opts: OpenOptions): Promise<LocalWorkflowRuntime> {
    const runtime = new LocalWorkflowRuntime(opts);
    runtime.scheduler.resetInterruptedFirings();
    for (const inv of runtime.store.pendingInvokes()) runtime.dispatch(inv);
    return Promise.resolve(runtime);
  }

  get clock(): MovableClock {
    return this.opts.clock;
  }

  private nowMs(): number {
    return this.opts.clock.now().getTime();
  }

  // --- state machines -------------------------------------------------------------------------

  stateMachineArn(name: string): string {
    return `arn:aws:states:${this.region}:${this.accountId}:stateMachine:${name}`;
  }

  /** Validates and upserts a state machine (startup registration of the CDK-defined machines). */
  registerStateMachine(input: RegisterStateMachineInput): { stateMachineArn: string } {
    this.validateName(input.name);
    this.validateDefinition(input.definition);
    const arn = this.stateMachineArn(input.name);
    const now = this.nowMs();
    const existing = this.store.getStateMachine(arn);
    this.store.upsertStateMachine({
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
    const existing = this.store.getStateMachine(arn);
    if (existing) {
      if (existing.definition === input.definition && existing.roleArn === input.roleArn && existing.type === type) {
        return { stateMachineArn: arn, creationDate: new Date(existing.createdAt) };
      }
      throw new AwsApiError('StateMachineAlreadyExists', `State Machine Already Exists: '${arn}'`);
    }
    const now = this.nowMs();
    this.store.upsertStateMachine({ arn, name: input.name, definition: input.definition, roleArn: input.roleArn, type, createdAt: now, updatedAt: now });
    return { stateMachineArn: arn, creationDate: new Date(now) };
  }

  describeStateMachine(arn: string): StateMachineDescription {
    return toSmDescription(this.requireStateMachine(arn));
  }

  listStateMachines(): StateMachineDescription[] {
    return this.store.listStateMachines().map(toSmDescription);
  }

  deleteStateMachine(arn: string): void {
    if (!SM_ARN.test(arn)) throw new AwsApiError('InvalidArn', `Invalid Arn: '${arn}'`);
    this.store.deleteStateMachine(arn);
  }

  private requireStateMachine(arn: string): StateMachineRow {
    if (!SM_ARN.test(arn)) throw new AwsApiError('InvalidArn', `Invalid Arn: '${arn}'`);
    const sm = this.store.getStateMachine(arn);
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
      this.opts.interpreter.validate(definition);
    } catch (err) {
      const stateName = typeof err === 'object' && err !== null && 'stateName' in err ? (err as { stateName?: unknown }).stateName : undefined;
      const where = typeof stateName === 'string' ? `State "${stateName}": ` : '';
      throw new AwsApiError('InvalidDefinition', `Invalid State Machine Definition: '${where}${errorMessage(err)}'`);
    }
  }

  // --- executions -----------------------------------------------------------------------------

  /** StartExecution with AWS's name idempotency (same name + same input while RUNNING → same execution). */
  startExecution(input: { stateMachineArn: string; name?: string; input?: string }): { executionArn: string; startDate: Date } {
    return this.startExecutionInternal(input.stateMachineArn, input.name, input.input, undefined, undefined);
  }

  private startExecutionInternal(
    smArn: string,
    givenName: string | undefined,
    givenInput: string | undefined,
    parent: { arn: string; effectId: string } | undefined,
    alsoInTransaction: (() => void) | undefined,
  ): { executionArn: string; startDate: Date } {
    this.assertOpen();
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
    const arn = `arn:aws:states:${this.region}:${this.accountId}:execution:${sm.name}:${name}`;
    const existing = this.store.getExecution(arn);
    if (existing) {
      if (existing.status === 'RUNNING' && existing.input === inputText) {
        if (alsoInTransaction) this.atomically(alsoInTransaction);
        return { executionArn: arn, startDate: new Date(existing.startDate) };
      }
      throw new AwsApiError('ExecutionAlreadyExists', `Execution Already Exists: '${arn}'`);
    }
    const now = this.opts.clock.now();
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
    let result: StepResult;
    try {
      result = this.opts.interpreter.start(sm.definition, meta, now, this.newToken);
    } catch (err) {
      result = internalFailure(null, 1, now, err, true);
    }
    const running: RunningState = { snapshot: result.snapshot, nextEventId: 1, parentArn: row.parentArn, parentEffect: row.parentEffect };
    this.atomically(() => {
      this.store.insertExecution(row, 'null');
      this.writeResult(arn, running, result, now, undefined);
      alsoInTransaction?.();
    });
    this.stepped(arn, running, result, now);
    return { executionArn: arn, startDate: now };
  }

  describeExecution(arn: string): ExecutionDescription {
    if (!EXEC_ARN.test(arn)) throw new AwsApiError('InvalidArn', `Invalid Arn: '${arn}'`);
    const row = this.store.getExecution(arn);
    if (!row) throw new AwsApiError('ExecutionDoesNotExist', `Execution Does Not Exist: '${arn}'`);
    return toExecDescription(row);
  }

  /** Newest first, as ListExecutions. */
  listExecutions(filter: { stateMachineArn?: string; statusFilter?: string; limit?: number; offset?: number } = {}): ExecutionDescription[] {
    return this.store
      .listExecutions(filter.stateMachineArn ?? null, filter.statusFilter ?? null, filter.limit ?? 1000, filter.offset ?? 0)
      .map(toExecDescription);
  }

  getHistory(arn: string, options: { limit?: number; offset?: number; reverseOrder?: boolean } = {}): HistoryEvent[] {
    this.describeExecution(arn);
    return this.store.getHistory(arn, options.limit ?? 1_000_000, options.offset ?? 0, options.reverseOrder ?? false);
  }

  stopExecution(arn: string, error?: string, cause?: string): { stopDate: Date } {
    const before = this.describeExecution(arn);
    if (before.status === 'RUNNING') {
      const signal: Signal = { kind: 'stop' };
      if (error !== undefined) signal.error = error;
      if (cause !== undefined) signal.cause = cause;
      this.signal(arn, signal);
    }
    const after = this.describeExecution(arn);
    return { stopDate: after.stopDate ?? this.opts.clock.now() };
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
    this.signal(token.execArn, { kind: 'invokeSucceeded', effectId: token.effectId, output: parsed });
  }

  sendTaskFailure(taskToken: string, error?: string, cause?: string): void {
    const token = this.resolveToken(taskToken);
    const signal: Signal = { kind: 'invokeFailed', effectId: token.effectId, error: error ?? '' };
    if (cause !== undefined) signal.cause = cause;
    this.signal(token.execArn, signal);
  }

  sendTaskHeartbeat(taskToken: string): void {
    const token = this.resolveToken(taskToken);
    this.signal(token.execArn, { kind: 'heartbeat', effectId: token.effectId });
  }

  private resolveToken(taskToken: string): { execArn: string; effectId: string } {
    this.assertOpen();
    if (!TOKEN.test(taskToken)) throw new AwsApiError('InvalidToken', 'Invalid Token');
    const row = this.store.getToken(taskToken);
    if (!row) throw new AwsApiError('TaskDoesNotExist', 'Task Does Not Exist');
    if (row.state === 'open') return row;
    if (row.state === 'timedout' || row.state === 'closed') throw new AwsApiError('TaskTimedOut', "Task Timed Out: 'Provided task does not exist anymore'");
    throw new AwsApiError('TaskDoesNotExist', "Task Does Not Exist: 'Provided task has already been completed'");
  }

  // --- scheduler (also reachable from workflows as arn:aws:states:::aws-sdk:scheduler:*) -----

  createSchedule(input: ScheduleInput): { ScheduleArn: string } {
    const out = this.scheduler.create(input);
    this.wake();
    return out;
  }

  updateSchedule(input: ScheduleInput): { ScheduleArn: string } {
    const out = this.scheduler.update(input);
    this.wake();
    return out;
  }

  // --- the step -------------------------------------------------------------------------------

  /** Feeds one signal to an execution and commits the result; a no-op for closed executions or moot effects. */
  private signal(arn: string, signal: Signal): void {
    if (this.closed) return;
    const state = this.loadRunning(arn);
    let consumed: StepWrite['consumed'];
    if (signal.kind !== 'stop') {
      const effect = this.store.effectState(arn, signal.effectId);
      const live = effect !== undefined && (effect.state === 'pending' || effect.state === 'invoked');
      if (!state || !live) {
        // A timer left pending would be picked up as due forever; settle it.
        if (signal.kind === 'timerFired' && effect?.state === 'pending') this.atomically(() => this.store.insertEffects(arn, [{ kind: 'cancel', id: signal.effectId }]));
        return;
      }
      if ((signal.kind === 'timerFired') !== (effect.kind === 'timer')) return;
      if (signal.kind === 'timerFired') consumed = { id: signal.effectId };
      else if (signal.kind === 'invokeSucceeded') consumed = { id: signal.effectId, tokenState: 'succeeded' };
      else if (signal.kind === 'invokeFailed') consumed = { id: signal.effectId, tokenState: 'failed' };
    }
    if (!state) return;
    const now = this.opts.clock.now();
    let result: StepResult;
    try {
      result = this.opts.interpreter.resume(state.snapshot, signal, now, this.newToken);
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
    const nextEventId = last ? last.id + 1 : state.nextEventId;
    const tokens: Array<{ token: string; effectId: string }> = [];
    for (const e of result.effects) if (e.kind === 'invoke' && e.taskToken) tokens.push({ token: e.taskToken, effectId: e.id });
    const write: StepWrite = {
      arn,
      status: result.status,
      snapshotText: JSON.stringify(result.snapshot ?? null),
      nextEventId,
      output: result.status === 'SUCCEEDED' ? JSON.stringify(result.output ?? null) : null,
      error: closed ? (result.error ?? null) : null,
      cause: closed ? (result.cause ?? null) : null,
      stopDate: closed ? now.getTime() : null,
      events: result.events,
      effects: result.effects,
    };
    if (consumed) write.consumed = consumed;
    this.store.writeStep(write, tokens);
    state.nextEventId = nextEventId;
  }

  /**
   * Runs writes atomically. The outermost call is one sqlite transaction; calls made inside it (the
   * steps of a group commit) are savepoints, so one failing step rolls back alone. If the outermost
   * transaction fails, the cached snapshots may be ahead of the database: they are dropped.
   */
  private atomically<T>(fn: () => T): T {
    const db = this.store.db;
    if (this.batchDepth > 0) {
      db.exec('SAVEPOINT step');
      try {
        const result = fn();
        db.exec('RELEASE step');
        return result;
      } catch (err) {
        db.exec('ROLLBACK TO step');
        db.exec('RELEASE step');
        throw err;
      }
    }
    this.batchDepth++;
    try {
      return this.store.transaction(fn);
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
  private defer(fn: () => void): void {
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
          this.reportBackground(err, 'after commit');
        }
      }
    }
  }

  /** After a step's writes: the cache follows at once (a later step of the same group reads it), the effects after commit. */
  private stepped(arn: string, state: RunningState, result: StepResult, now: Date): void {
    if (result.status !== 'RUNNING') this.running.delete(arn);
    else {
      state.snapshot = result.snapshot;
      this.running.set(arn, state);
    }
    this.defer(() => this.afterCommit(arn, state, result, now));
  }

  private afterCommit(arn: string, state: RunningState, result: StepResult, now: Date): void {
    if (result.status !== 'RUNNING') {
      if (state.parentArn && state.parentEffect) this.notifyParent(arn, state.parentArn, state.parentEffect);
      return;
    }
    let newTimer = false;
    for (const effect of result.effects) {
      if (effect.kind === 'invoke') {
        const inv: PendingInvoke = { execArn: arn, id: effect.id, resource: effect.resource, parameters: effect.parameters, taskToken: effect.taskToken };
        this.dispatch(inv);
      } else if (effect.kind === 'timer') newTimer = true;
    }
    if (newTimer) this.wake(now.getTime());
  }

  private loadRunning(arn: string): RunningState | undefined {
    const cached = this.running.get(arn);
    if (cached) return cached;
    const snap = this.store.getSnapshot(arn);
    if (!snap || snap.status !== 'RUNNING') return undefined;
    const row = this.store.getExecution(arn);
    const state: RunningState = {
      snapshot: JSON.parse(snap.snapshotText) as unknown,
      nextEventId: snap.nextEventId,
      parentArn: row?.parentArn ?? null,
      parentEffect: row?.parentEffect ?? null,
    };
    this.running.set(arn, state);
    return state;
  }

  // --- effects --------------------------------------------------------------------------------

  private track(p: Promise<unknown>): void {
    this.inflight.add(p);
    void p.finally(() => this.inflight.delete(p));
  }

  private dispatch(inv: PendingInvoke): void {
    this.track(this.perform(inv));
  }

  private async perform(inv: PendingInvoke): Promise<void> {
    // Never start an invocation inside the step that created it: a synchronous local function calling
    // back into the runtime must see the committed step, not re-enter it.
    await Promise.resolve();
    let outcome: { ok: true; output: unknown } | { ok: false; error: string; cause: string };
    try {
      outcome = { ok: true, output: await this.invoke(inv) };
    } catch (err) {
      outcome = { ok: false, ...mapInvokeError(inv.resource, err) };
    }
    if (this.closed) return;
    await this.groupCommit(() => {
      try {
        if (outcome.ok && outcome.output === AWAIT_CHILD) {
          this.store.markInvoked(inv.execArn, inv.id);
        } else if (inv.taskToken && outcome.ok) {
          // The callback's own return value does not complete the task: SendTask* does.
          this.store.markInvoked(inv.execArn, inv.id);
        } else if (outcome.ok) {
          this.signal(inv.execArn, { kind: 'invokeSucceeded', effectId: inv.id, output: outcome.output });
        } else {
          this.signal(inv.execArn, { kind: 'invokeFailed', effectId: inv.id, error: outcome.error, cause: outcome.cause });
        }
      } catch (err) {
        this.reportBackground(err, `completing ${inv.resource} for ${inv.execArn}`);
      }
    });
  }

  /**
   * Invocation outcomes arriving in the same turn of the event loop are applied in one transaction
   * (one fsync for a burst of completions instead of one each); resolves once that is committed.
   */
  private groupCommit(apply: () => void): Promise<void> {
    this.completions.push(apply);
    this.completionFlush ??= new Promise<void>((resolve) => {
      setImmediate(() => {
        const batch = this.completions;
        this.completions = [];
        this.completionFlush = undefined;
        if (!this.closed) {
          try {
            this.atomically(() => {
              for (const fn of batch) fn();
            });
          } catch (err) {
            this.reportBackground(err, 'committing invocation outcomes');
          }
        }
        resolve();
      });
    });
    return this.completionFlush;
  }

  private async invoke(inv: PendingInvoke): Promise<unknown> {
    const suffix = /\.(waitForTaskToken|sync:2|sync)$/.exec(inv.resource)?.[1];
    const base = suffix ? inv.resource.slice(0, -(suffix.length + 1)) : inv.resource;
    const params = (inv.parameters ?? {}) as Record<string, unknown>;
    if (base === 'arn:aws:states:::lambda:invoke') {
      return this.opts.invokeLambda(String(params.FunctionName), params.Payload ?? {});
    }
    if (/^arn:aws[a-z-]*:lambda:/.test(base)) return this.opts.invokeLambda(base, inv.parameters);
    if (base === 'arn:aws:states:::states:startExecution') return this.startChild(inv, params, suffix);
    const sdk = /^arn:aws:states:::aws-sdk:([^:]+):(.+)$/.exec(base);
    if (sdk?.[1] === 'scheduler' && sdk[2]) return this.schedulerAction(sdk[2], params);
    if (sdk?.[1] && sdk[2]) return this.opts.invokeService(sdk[1], sdk[2], inv.parameters);
    const optimized = /^arn:aws:states:::([^:]+):(.+)$/.exec(base);
    if (optimized?.[1] && optimized[2]) return this.opts.invokeService(optimized[1], optimized[2], inv.parameters);
    throw new AwsApiError('States.Runtime', `Unsupported resource ${inv.resource}`);
  }

  private startChild(inv: PendingInvoke, params: Record<string, unknown>, suffix: string | undefined): unknown {
    const smArn = String(params.StateMachineArn);
    const inputText = params.Input === undefined ? '{}' : typeof params.Input === 'string' ? params.Input : JSON.stringify(params.Input);
    // A deterministic default name makes a re-dispatch after a restart find the same child.
    const name =
      typeof params.Name === 'string'
        ? params.Name
        : createHash('sha256').update(`${inv.execArn}/${inv.id}`).digest('hex').slice(0, 32);
    const sync = suffix === 'sync' || suffix === 'sync:2';
    const arn = `arn:aws:states:${this.region}:${this.accountId}:execution:${smArn.split(':').pop() ?? ''}:${name}`;
    const existing = this.store.getExecution(arn);
    let started: { executionArn: string; startDate: Date };
    if (existing && existing.parentArn === inv.execArn && existing.parentEffect === inv.id) {
      started = { executionArn: arn, startDate: new Date(existing.startDate) };
      if (sync && existing.status !== 'RUNNING') {
        queueMicrotask(() => this.notifyParent(arn, inv.execArn, inv.id));
      }
    } else {
      started = this.startExecutionInternal(smArn, name, inputText, sync ? { arn: inv.execArn, effectId: inv.id } : undefined, undefined);
    }
    if (sync) return AWAIT_CHILD;
    return { ExecutionArn: started.executionArn, StartDate: started.startDate.getTime() };
  }

  private notifyParent(childArn: string, parentArn: string, parentEffect: string): void {
    const child = this.store.getExecution(childArn);
    if (!child) return;
    const effect = this.store.effectState(parentArn, parentEffect);
    if (!effect || (effect.state !== 'pending' && effect.state !== 'invoked')) return;
    const resource = this.store.pendingResource(parentArn, parentEffect) ?? '';
    const v2 = resource.endsWith('.sync:2');
    const described: Record<string, unknown> = {
      ExecutionArn: child.arn,
      StateMachineArn: child.smArn,
      Name: child.name,
      Status: child.status,
      StartDate: child.startDate,
      StopDate: child.stopDate,
      Input: v2 ? (JSON.parse(child.input) as unknown) : child.input,
      InputDetails: { Included: true },
    };
    if (child.status === 'SUCCEEDED') {
      described.Output = v2 ? (JSON.parse(child.output ?? 'null') as unknown) : child.output;
      described.OutputDetails = { Included: true };
      this.signal(parentArn, { kind: 'invokeSucceeded', effectId: parentEffect, output: described });
    } else {
      if (child.error !== null) described.Error = child.error;
      if (child.cause !== null) described.Cause = child.cause;
      const error = child.status === 'TIMED_OUT' ? 'States.Timeout' : 'States.TaskFailed';
      this.signal(parentArn, { kind: 'invokeFailed', effectId: parentEffect, error, cause: JSON.stringify(described) });
    }
  }

  private schedulerAction(action: string, params: Record<string, unknown>): unknown {
    const group = typeof params.GroupName === 'string' ? params.GroupName : 'default';
    const name = String(params.Name);
    switch (action) {
      case 'createSchedule':
        return this.createSchedule(params);
      case 'updateSchedule':
        return this.updateSchedule(params);
      case 'deleteSchedule':
        this.scheduler.delete(group, name);
        return {};
      case 'getSchedule':
        return this.scheduler.get(group, name, true);
      default:
        throw new AwsApiError('States.Runtime', `Unsupported scheduler action ${action}`);
    }
  }

  // --- the clock ------------------------------------------------------------------------------

  /** Runs the clock-driving work one at a time (advanceTo callers and the real-time loop). */
  private drive(fn: () => Promise<void>): Promise<void> {
    const run = this.driving.then(fn);
    this.driving = run.catch(() => undefined);
    return run;
  }

  /**
   * Waits until no invocation started by the runtime is still running (cascades included), or until
   * close() gives up on them: a function that never returns must not keep the runtime from stopping.
   */
  async settle(): Promise<void> {
    while (this.inflight.size > 0 && !this.closing) await Promise.race([Promise.allSettled([...this.inflight]), this.closingSignal]);
  }

  private nextDue(): number | undefined {
    const t = this.store.nextTimer()?.dueAt;
    const s = this.scheduler.nextDue()?.dueAt;
    if (t === undefined) return s;
    if (s === undefined) return t;
    return Math.min(t, s);
  }

  /** Fires every workflow timer and schedule due at or before `dueAt`, in due order (timers first on ties). */
  private fireDue(dueAt: number): void {
    // Everything due at one instant commits together.
    this.atomically(() => this.fireDueInBatch(dueAt));
  }

  private fireDueInBatch(dueAt: number): void {
    const timers = this.store.timersDueBy(dueAt);
    const schedules = this.scheduler.dueBy(dueAt);
    let i = 0;
    let j = 0;
    while (i < timers.length || j < schedules.length) {
      const t = timers[i];
      const s = schedules[j];
      if (t && (!s || t.dueAt <= s.dueAt)) {
        this.signal(t.execArn, { kind: 'timerFired', effectId: t.id });
        i++;
      } else if (s) {
        this.fireSchedule(s);
        j++;
      }
    }
  }

  private fireSchedule(due: DueSchedule): void {
    const record = this.scheduler.get(due.groupName, due.name, false);
    if (!record) return;
    const firedAt = this.nowMs();
    const target = record.Target;
    const inputText = target.Input ?? '{}';
    if (target.Arn === SFN_START_EXECUTION_TARGET) {
      // The universal target: Input is the StartExecution request itself, so the execution has a name.
      try {
        const request = JSON.parse(inputText) as { StateMachineArn?: string; Name?: string; Input?: string };
        if (typeof request.StateMachineArn !== 'string') throw new Error('StateMachineArn missing in universal target input');
        this.startExecutionInternal(request.StateMachineArn, request.Name ?? randomUUID(), request.Input ?? '{}', undefined, () =>
          this.scheduler.complete(record, firedAt),
        );
      } catch (err) {
        this.atomically(() => this.scheduler.complete(record, firedAt));
        this.reportBackground(err, `schedule ${record.Name} → sfn:startExecution`);
      }
      return;
    }
    if (SM_ARN.test(target.Arn)) {
      try {
        // Starting the execution and completing the schedule commit together: exactly once.
        this.startExecutionInternal(target.Arn, randomUUID(), inputText, undefined, () => this.scheduler.complete(record, firedAt));
      } catch (err) {
        this.atomically(() => this.scheduler.complete(record, firedAt));
        this.reportBackground(err, `schedule ${record.Name} → ${target.Arn}`);
      }
      return;
    }
    let payload: unknown = inputText;
    try {
      payload = JSON.parse(inputText);
    } catch {
      // EventBridge Scheduler passes a non-JSON Input through as a string.
    }
    // Completed only after the invocation returns: a crash in between re-fires it (at-least-once, as AWS).
    this.atomically(() => this.scheduler.markFiring(record.GroupName, record.Name));
    const invoke = async (): Promise<void> => {
      try {
        await this.opts.invokeLambda(target.Arn, payload);
      } catch (err) {
        this.reportBackground(err, `schedule ${record.Name} → ${target.Arn}`);
      }
      if (!this.closed) this.atomically(() => this.scheduler.complete(record, firedAt));
    };
    this.defer(() => this.track(invoke()));
  }

  /**
   * Moves the clock to `target`, firing everything due on the way in due order: each time the
   * earliest due timer or schedule sets the clock to its due time, fires, and the work it causes
   * settles before the next one. A target before now fires what is overdue and leaves the clock.
   */
  advanceTo(target: Date): Promise<void> {
    return this.drive(async () => {
      this.assertOpen();
      await this.settle();
      if (this.closing) throw new Error('LocalWorkflowRuntime closed while advancing the clock');
      const t = target.getTime();
      for (;;) {
        const due = this.nextDue();
        if (due === undefined || due > Math.max(t, this.nowMs())) break;
        this.moveClock(due);
        this.fireDue(due);
        await this.settle();
        if (this.closing) throw new Error('LocalWorkflowRuntime closed while advancing the clock');
      }
      this.moveClock(t);
    });
  }

  /** Moves the clock forward to ms unless it is already there (a real-mode clock may pass it meanwhile). */
  private moveClock(ms: number): void {
    if (ms <= this.nowMs()) return;
    try {
      this.opts.clock.advanceTo(new Date(ms));
    } catch (err) {
      if (ms > this.nowMs()) throw err;
    }
  }

  /** advanceTo(now + an ISO-8601 duration such as 'P90D', 'PT2H', 'P1Y2M3DT4H5M6S'). */
  advanceBy(duration: string): Promise<void> {
    return this.advanceTo(addIsoDuration(this.opts.clock.now(), duration));
  }

  /**
   * Fires due work as the (possibly moved) clock reaches it. One process timer, re-armed at most 1s
   * ahead, so a clock moved by someone else is noticed and no long delay ever reaches setTimeout.
   */
  startRealTimeLoop(): void {
    if (this.loopActive || this.closed) return;
    this.loopActive = true;
    this.arm(0);
  }

  private arm(delayMs: number): void {
    if (!this.loopActive || this.closed) return;
    if (this.loopTimer) clearTimeout(this.loopTimer);
    this.loopTimer = setTimeout(() => this.tick(), Math.max(0, Math.min(delayMs, 1000)));
  }

  private tick(): void {
    this.loopTimer = undefined;
    this.drive(async () => {
      if (this.closed) return;
      for (;;) {
        const due = this.nextDue();
        if (due === undefined || due > this.nowMs()) break;
        this.fireDue(due);
        await this.settle();
        if (this.closing) return;
      }
    })
      .catch((err: unknown) => this.reportBackground(err, 'real-time loop'))
      .finally(() => {
        const next = this.nextDueSafe();
        this.arm(next === undefined ? 1000 : next - this.nowMs());
      });
  }

  private nextDueSafe(): number | undefined {
    return this.closed ? undefined : this.nextDue();
  }

  /** Re-arms the real-time loop for the earliest due work, which may just have been added. */
  private wake(nowMs = this.nowMs()): void {
    if (!this.loopActive || this.closed) return;
    const next = this.nextDue();
    this.arm(next === undefined ? 1000 : next - nowMs);
  }

  /** When the next workflow timer or schedule is due (for the local dashboard and tests). */
  nextDueAt(): Date | undefined {
    const next = this.nextDue();
    return next === undefined ? undefined : new Date(next);
  }

  // --- lifecycle ------------------------------------------------------------------------------

  /** Serves the Step Functions (AWS JSON 1.0) and EventBridge Scheduler (REST-JSON) APIs on one port. */
  async startApi(options: { host?: string; port?: number } = {}): Promise<ApiHandle> {
    const { startApiServer } = await import('../api/server.ts');
    const handle = await startApiServer(this, options);
    this.apis.add(handle);
    return {
      ...handle,
      close: async () => {
        this.apis.delete(handle);
        await handle.close();
      },
    };
  }

  /**
   * Stops the loop and the APIs and closes the store. Invocations still running are abandoned as a
   * crash would abandon them: their effects stay pending and are re-dispatched on the next open.
   */
  close(): Promise<void> {
    this.closePromise ??= this.doClose();
    return this.closePromise;
  }

  private async doClose(): Promise<void> {
    this.closing = true;
    this.signalClosing();
    this.loopActive = false;
    if (this.loopTimer) clearTimeout(this.loopTimer);
    await Promise.all([...this.apis].map((a) => a.close()));
    this.apis.clear();
    await this.driving;
    this.closed = true;
    this.running.clear();
    this.store.close();
  }

  /** One raw single-row write in its own transaction on the same store (bench yardstick). */
  rawWrite(body: string): void {
    this.store.rawWrite(body);
  }

  private assertOpen(): void {
    if (this.closed) throw new Error('LocalWorkflowRuntime is closed');
  }

  private reportBackground(err: unknown, context: string): void {
    if (this.opts.onBackgroundError) this.opts.onBackgroundError(err, context);
    else process.stderr.write(`[local-workflows] ${context}: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
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

function mapInvokeError(resource: string, err: unknown): { error: string; cause: string } {
  if (err instanceof LambdaInvokeFailure) {
    return { error: err.error.errorType, cause: JSON.stringify(err.error) };
  }
  const name = err instanceof Error ? err.name : undefined;
  const message = errorMessage(err);
  const isLambda = resource.startsWith('arn:aws:states:::lambda:') || /^arn:aws[a-z-]*:lambda:/.test(resource);
  if (isLambda) {
    return { error: name && name !== 'Error' ? `Lambda.${name}` : 'Lambda.Unknown', cause: message };
  }
  if (name?.startsWith('States.')) return { error: name, cause: message };
  const sdk = /^arn:aws:states:::aws-sdk:([^:]+):/.exec(resource);
  const optimized = /^arn:aws:states:::([^:]+):/.exec(resource);
  const service = sdk?.[1] ?? optimized?.[1] ?? 'Service';
  const prefix = servicePrefix(service, !sdk);
  let code = name && name !== 'Error' ? name : 'Unknown';
  // The runtime's own Step Functions errors carry the API names; the integration reports the SDK exception names.
  if (service === 'states' && err instanceof AwsApiError && !code.endsWith('Exception')) code = `${code}Exception`;
  return { error: code.includes('.') ? code : `${prefix}.${code}`, cause: message };
}

function servicePrefix(service: string, optimized: boolean): string {
  const known: Record<string, string> = optimized
    ? { dynamodb: 'DynamoDB', sqs: 'SQS', sns: 'SNS', events: 'EventBridge', states: 'StepFunctions' }
    : { dynamodb: 'DynamoDb', sfn: 'Sfn', scheduler: 'Scheduler', s3: 'S3', sqs: 'Sqs', sns: 'Sns' };
  return known[service] ?? service.charAt(0).toUpperCase() + service.slice(1);
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
  return d;
}
