import { randomUUID } from 'node:crypto';
import type { MovableClock } from '../clock.ts';
import type { LambdaInvoker } from '../contract.ts';
import { SFN_START_EXECUTION_TARGET, type DueSchedule, type LocalScheduler } from '../scheduler/scheduler.ts';
import { SM_ARN, type ControlPlane } from './control-plane.ts';
import { addIsoDuration } from './duration.ts';
import type { EffectRunner } from './effects.ts';
import type { Lifecycle, ReportBackground } from './lifecycle.ts';
import type { StepCommitter } from './step-commit.ts';
import type { WorkflowStore } from './store.ts';

export interface ClockDriverDeps {
  clock: MovableClock;
  store: WorkflowStore;
  scheduler: LocalScheduler;
  commit: StepCommitter;
  control: ControlPlane;
  effects: EffectRunner;
  lifecycle: Lifecycle;
  report: ReportBackground;
  invokeLambda: LambdaInvoker;
}

/**
 * The clock: fires workflow timers and schedules as the movable clock reaches them, either when
 * told (advanceTo / advanceBy) or in real time (one process timer, re-armed at most 1 s ahead).
 */
export class ClockDriver {
  private driving: Promise<void> = Promise.resolve();
  private loopTimer: NodeJS.Timeout | undefined;
  private loopActive = false;

  constructor(private readonly deps: ClockDriverDeps) {}

  private nowMs(): number {
    return this.deps.clock.now().getTime();
  }

  /** Runs the clock-driving work one at a time (advanceTo callers and the real-time loop). */
  private drive(fn: () => Promise<void>): Promise<void> {
    const run = this.driving.then(fn);
    this.driving = run.catch(() => undefined);
    return run;
  }

  private nextDue(): number | undefined {
    const t = this.deps.store.nextTimer()?.dueAt;
    const s = this.deps.scheduler.nextDue()?.dueAt;
    if (t === undefined) return s;
    if (s === undefined) return t;
    return Math.min(t, s);
  }

  /** Fires every workflow timer and schedule due at or before `dueAt`, in due order (timers first on ties). */
  private fireDue(dueAt: number): void {
    // Everything due at one instant commits together.
    this.deps.commit.atomically(() => this.fireDueInBatch(dueAt));
  }

  private fireDueInBatch(dueAt: number): void {
    const timers = this.deps.store.timersDueBy(dueAt);
    const schedules = this.deps.scheduler.dueBy(dueAt);
    let i = 0;
    let j = 0;
    while (i < timers.length || j < schedules.length) {
      const t = timers[i];
      const s = schedules[j];
      if (t && (!s || t.dueAt <= s.dueAt)) {
        this.deps.commit.signal(t.execArn, { kind: 'timerFired', effectId: t.id });
        i++;
      } else if (s) {
        this.fireSchedule(s);
        j++;
      }
    }
  }

  private fireSchedule(due: DueSchedule): void {
    const { scheduler, commit, control, report } = this.deps;
    const record = scheduler.get(due.groupName, due.name, false);
    if (!record) return;
    const firedAt = this.nowMs();
    const target = record.Target;
    const inputText = target.Input ?? '{}';
    if (target.Arn === SFN_START_EXECUTION_TARGET) {
      // The universal target: Input is the StartExecution request itself, so the execution has a name.
      try {
        const request = JSON.parse(inputText) as { StateMachineArn?: string; Name?: string; Input?: string };
        if (typeof request.StateMachineArn !== 'string') throw new Error('StateMachineArn missing in universal target input');
        control.startExecutionInternal(request.StateMachineArn, request.Name ?? randomUUID(), request.Input ?? '{}', undefined, () =>
          scheduler.complete(record, firedAt),
        );
      } catch (err) {
        commit.atomically(() => scheduler.complete(record, firedAt));
        report(err, `schedule ${record.Name} → sfn:startExecution`);
      }
      return;
    }
    if (SM_ARN.test(target.Arn)) {
      try {
        // Starting the execution and completing the schedule commit together: exactly once.
        control.startExecutionInternal(target.Arn, randomUUID(), inputText, undefined, () => scheduler.complete(record, firedAt));
      } catch (err) {
        commit.atomically(() => scheduler.complete(record, firedAt));
        report(err, `schedule ${record.Name} → ${target.Arn}`);
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
    commit.atomically(() => scheduler.markFiring(record.GroupName, record.Name));
    const invoke = async (): Promise<void> => {
      try {
        await this.deps.invokeLambda(target.Arn, payload);
      } catch (err) {
        report(err, `schedule ${record.Name} → ${target.Arn}`);
      }
      if (!this.deps.lifecycle.closed) commit.atomically(() => scheduler.complete(record, firedAt));
    };
    commit.defer(() => this.deps.effects.track(invoke()));
  }

  /**
   * Moves the clock to `target`, firing everything due on the way in due order: each time the
   * earliest due timer or schedule sets the clock to its due time, fires, and the work it causes
   * settles before the next one. A target before now fires what is overdue and leaves the clock.
   */
  advanceTo(target: Date): Promise<void> {
    const { lifecycle, effects } = this.deps;
    return this.drive(async () => {
      lifecycle.assertOpen();
      await effects.settle();
      if (lifecycle.closing) throw new Error('LocalWorkflowRuntime closed while advancing the clock');
      const t = target.getTime();
      for (;;) {
        const due = this.nextDue();
        if (due === undefined || due > Math.max(t, this.nowMs())) break;
        this.moveClock(due);
        this.fireDue(due);
        await effects.settle();
        if (lifecycle.closing) throw new Error('LocalWorkflowRuntime closed while advancing the clock');
      }
      this.moveClock(t);
    });
  }

  /** Moves the clock forward to ms unless it is already there (a real-mode clock may pass it meanwhile). */
  private moveClock(ms: number): void {
    if (ms <= this.nowMs()) return;
    try {
      this.deps.clock.advanceTo(new Date(ms));
    } catch (err) {
      if (ms > this.nowMs()) throw err;
    }
  }

  /** advanceTo(now + an ISO-8601 duration such as 'P90D', 'PT2H', 'P1Y2M3DT4H5M6S'). */
  advanceBy(duration: string): Promise<void> {
    return this.advanceTo(addIsoDuration(this.deps.clock.now(), duration));
  }

  /**
   * Fires due work as the (possibly moved) clock reaches it. One process timer, re-armed at most 1s
   * ahead, so a clock moved by someone else is noticed and no long delay ever reaches setTimeout.
   */
  startRealTimeLoop(): void {
    if (this.loopActive || this.deps.lifecycle.closed) return;
    this.loopActive = true;
    this.arm(0);
  }

  private arm(delayMs: number): void {
    if (!this.loopActive || this.deps.lifecycle.closed) return;
    if (this.loopTimer) clearTimeout(this.loopTimer);
    this.loopTimer = setTimeout(() => this.tick(), Math.max(0, Math.min(delayMs, 1000)));
  }

  private tick(): void {
    const { lifecycle, effects } = this.deps;
    this.loopTimer = undefined;
    this.drive(async () => {
      if (lifecycle.closed) return;
      for (;;) {
        const due = this.nextDue();
        if (due === undefined || due > this.nowMs()) break;
        this.fireDue(due);
        await effects.settle();
        if (lifecycle.closing) return;
      }
    })
      .catch((err: unknown) => this.deps.report(err, 'real-time loop'))
      .finally(() => {
        const next = this.nextDueSafe();
        this.arm(next === undefined ? 1000 : next - this.nowMs());
      });
  }

  private nextDueSafe(): number | undefined {
    return this.deps.lifecycle.closed ? undefined : this.nextDue();
  }

  /** Re-arms the real-time loop for the earliest due work, which may just have been added. */
  wake(nowMs = this.nowMs()): void {
    if (!this.loopActive || this.deps.lifecycle.closed) return;
    const next = this.nextDue();
    this.arm(next === undefined ? 1000 : next - nowMs);
  }

  /** When the next workflow timer or schedule is due (for the local dashboard and tests). */
  nextDueAt(): Date | undefined {
    const next = this.nextDue();
    return next === undefined ? undefined : new Date(next);
  }

  stopLoop(): void {
    this.loopActive = false;
    if (this.loopTimer) clearTimeout(this.loopTimer);
  }

  /** Resolves once the clock-driving work under way is over. */
  idle(): Promise<void> {
    return this.driving;
  }
}
