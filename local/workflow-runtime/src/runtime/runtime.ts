import type { MovableClock } from '../clock.ts';
import type { HistoryEvent, Interpreter, LambdaInvoker, ServiceInvoker } from '../contract.ts';
import { LocalScheduler, type ScheduleInput, type ScheduleRecord } from '../scheduler/scheduler.ts';
import { ClockDriver } from './clock-driver.ts';
import {
  ControlPlane,
  type ExecutionDescription,
  type MapRunDescription,
  type MapRunListItem,
  type RegisterStateMachineInput,
  type StateMachineDescription,
} from './control-plane.ts';
import { EffectRunner } from './effects.ts';
import { backgroundReporter, Lifecycle } from './lifecycle.ts';
import { StepCommitter } from './step-commit.ts';
import { WorkflowStore, type Durability } from './store.ts';

export type {
  ExecutionDescription,
  MapRunCounts,
  MapRunDescription,
  MapRunListItem,
  RegisterStateMachineInput,
  StateMachineDescription,
} from './control-plane.ts';

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

/**
 * The durable local Step Functions runtime, composed of its parts: the control plane (the API
 * operations), the step committer (every interpreter step written in one sqlite transaction before
 * its effects run), the effect runner (invocations and their outcomes) and the clock driver (timers
 * and schedules as the movable clock reaches them). It serves no HTTP itself: see serveApi.
 */
export class LocalWorkflowRuntime {
  readonly store: WorkflowStore;
  readonly scheduler: LocalScheduler;
  readonly region: string;
  readonly accountId: string;
  private readonly lifecycle = new Lifecycle();
  private readonly commit: StepCommitter;
  private readonly control: ControlPlane;
  private readonly effects: EffectRunner;
  private readonly driver: ClockDriver;
  private closePromise: Promise<void> | undefined;

  private constructor(private readonly opts: OpenOptions) {
    this.region = opts.region ?? 'us-east-1';
    this.accountId = opts.accountId ?? '123456789012';
    this.store = new WorkflowStore(opts.dataDir, opts.durability);
    this.scheduler = new LocalScheduler(this.store.db, this.region, this.accountId, () => opts.clock.now().getTime());
    const { store, scheduler, lifecycle, region, accountId } = this;
    const report = backgroundReporter(opts.onBackgroundError);
    const commit = (this.commit = new StepCommitter({
      store,
      interpreter: opts.interpreter,
      clock: opts.clock,
      lifecycle,
      report,
      afterCommit: (arn, state, result, now) => this.effects.afterCommit(arn, state, result, now),
    }));
    const wake = (nowMs?: number): void => this.driver.wake(nowMs);
    const control = (this.control = new ControlPlane({
      store,
      scheduler,
      interpreter: opts.interpreter,
      clock: opts.clock,
      region,
      accountId,
      commit,
      lifecycle,
      wake,
    }));
    const { invokeLambda, invokeService } = opts;
    const effects = (this.effects = new EffectRunner({
      store,
      commit,
      control,
      lifecycle,
      report,
      invokeLambda,
      invokeService,
      region,
      accountId,
      wake,
    }));
    this.driver = new ClockDriver({ clock: opts.clock, store, scheduler, commit, control, effects, lifecycle, report, invokeLambda });
  }

  /** Opens (or creates) the store under dataDir and re-dispatches invocations interrupted by the last stop. */
  static open(opts: OpenOptions): Promise<LocalWorkflowRuntime> {
    const runtime = new LocalWorkflowRuntime(opts);
    runtime.scheduler.resetInterruptedFirings();
    for (const inv of runtime.store.pendingInvokes()) runtime.effects.dispatch(inv);
    runtime.effects.recoverClosedChildren();
    return Promise.resolve(runtime);
  }

  get clock(): MovableClock {
    return this.opts.clock;
  }

  // --- control plane: state machines, executions, task tokens, schedules -----------------------

  stateMachineArn(name: string): string {
    return this.control.stateMachineArn(name);
  }

  /** Validates and upserts a state machine (startup registration of the CDK-defined machines). */
  registerStateMachine(input: RegisterStateMachineInput): { stateMachineArn: string } {
    return this.control.registerStateMachine(input);
  }

  /** CreateStateMachine semantics: idempotent for an identical definition, StateMachineAlreadyExists otherwise. */
  createStateMachine(input: RegisterStateMachineInput): { stateMachineArn: string; creationDate: Date } {
    return this.control.createStateMachine(input);
  }

  describeStateMachine(arn: string): StateMachineDescription {
    return this.control.describeStateMachine(arn);
  }

  listStateMachines(): StateMachineDescription[] {
    return this.control.listStateMachines();
  }

  deleteStateMachine(arn: string): void {
    this.control.deleteStateMachine(arn);
  }

  /** StartExecution with AWS's name idempotency (same name + same input while RUNNING → same execution). */
  startExecution(input: { stateMachineArn: string; name?: string; input?: string }): { executionArn: string; startDate: Date } {
    return this.control.startExecution(input);
  }

  /** StartExecution committed with the others of the same turn of the event loop (one fsync for all). */
  startExecutionGrouped(input: {
    stateMachineArn: string;
    name?: string;
    input?: string;
  }): Promise<{ executionArn: string; startDate: Date }> {
    return this.control.startExecutionGrouped(input);
  }

  describeExecution(arn: string): ExecutionDescription {
    return this.control.describeExecution(arn);
  }

  /** Newest first, as ListExecutions. */
  listExecutions(
    filter: { stateMachineArn?: string; mapRunArn?: string; statusFilter?: string; limit?: number; offset?: number } = {},
  ): ExecutionDescription[] {
    return this.control.listExecutions(filter);
  }

  describeMapRun(mapRunArn: string): MapRunDescription {
    return this.control.describeMapRun(mapRunArn);
  }

  /** The Map Runs (Distributed Maps) an execution started, newest first. */
  listMapRuns(executionArn: string, options: { limit?: number; offset?: number } = {}): MapRunListItem[] {
    return this.control.listMapRuns(executionArn, options.limit, options.offset);
  }

  updateMapRun(
    mapRunArn: string,
    update: { maxConcurrency?: number; toleratedFailureCount?: number; toleratedFailurePercentage?: number },
  ): void {
    this.control.updateMapRun(mapRunArn, update);
  }

  getHistory(arn: string, options: { limit?: number; offset?: number; reverseOrder?: boolean } = {}): HistoryEvent[] {
    return this.control.getHistory(arn, options);
  }

  stopExecution(arn: string, error?: string, cause?: string): { stopDate: Date } {
    return this.control.stopExecution(arn, error, cause);
  }

  sendTaskSuccess(taskToken: string, output: string): void {
    this.control.sendTaskSuccess(taskToken, output);
  }

  sendTaskFailure(taskToken: string, error?: string, cause?: string): void {
    this.control.sendTaskFailure(taskToken, error, cause);
  }

  sendTaskHeartbeat(taskToken: string): void {
    this.control.sendTaskHeartbeat(taskToken);
  }

  createSchedule(input: ScheduleInput): { ScheduleArn: string } {
    return this.control.createSchedule(input);
  }

  updateSchedule(input: ScheduleInput): { ScheduleArn: string } {
    return this.control.updateSchedule(input);
  }

  getSchedule(groupName: string, name: string): ScheduleRecord {
    return this.control.getSchedule(groupName, name);
  }

  deleteSchedule(groupName: string, name: string): void {
    this.control.deleteSchedule(groupName, name);
  }

  listSchedules(groupName: string | null, namePrefix: string | null, state: string | null): ScheduleRecord[] {
    return this.control.listSchedules(groupName, namePrefix, state);
  }

  // --- the clock ------------------------------------------------------------------------------

  /**
   * Waits until no invocation started by the runtime is still running (cascades included), or until
   * close() gives up on them: a function that never returns must not keep the runtime from stopping.
   */
  settle(): Promise<void> {
    return this.effects.settle();
  }

  /**
   * Moves the clock to `target`, firing everything due on the way in due order: each time the
   * earliest due timer or schedule sets the clock to its due time, fires, and the work it causes
   * settles before the next one. A target before now fires what is overdue and leaves the clock.
   */
  advanceTo(target: Date): Promise<void> {
    return this.driver.advanceTo(target);
  }

  /** advanceTo(now + an ISO-8601 duration such as 'P90D', 'PT2H', 'P1Y2M3DT4H5M6S'). */
  advanceBy(duration: string): Promise<void> {
    return this.driver.advanceBy(duration);
  }

  /**
   * Fires due work as the (possibly moved) clock reaches it. One process timer, re-armed at most 1s
   * ahead, so a clock moved by someone else is noticed and no long delay ever reaches setTimeout.
   */
  startRealTimeLoop(): void {
    this.driver.startRealTimeLoop();
  }

  /** When the next workflow timer or schedule is due (for the local dashboard and tests). */
  nextDueAt(): Date | undefined {
    return this.driver.nextDueAt();
  }

  // --- lifecycle ------------------------------------------------------------------------------

  /**
   * Stops the loop and closes the store. Invocations still running are abandoned as a crash would
   * abandon them: their effects stay pending and are re-dispatched on the next open. API servers
   * (serveApi) are closed by whoever started them, before this.
   */
  close(): Promise<void> {
    this.closePromise ??= this.doClose();
    return this.closePromise;
  }

  private async doClose(): Promise<void> {
    this.lifecycle.beginClose();
    this.driver.stopLoop();
    await this.driver.idle();
    this.lifecycle.closed = true;
    this.commit.dropCache();
    this.store.close();
  }

  /** One raw single-row write in its own transaction on the same store (bench yardstick). */
  rawWrite(body: string): void {
    this.store.rawWrite(body);
  }
}
