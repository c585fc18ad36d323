import { createHash } from 'node:crypto';
import { LambdaInvokeFailure, MAP_RUN_CHILD_RESOURCE } from '../contract.ts';
import type { LambdaInvoker, MapRunChildParameters, ServiceInvoker, Signal, StepResult } from '../contract.ts';
import type { ControlPlane } from './control-plane.ts';
import { AwsApiError, errorMessage } from './errors.ts';
import type { Lifecycle, ReportBackground } from './lifecycle.ts';
import type { RunningState, StepCommitter } from './step-commit.ts';
import type { PendingInvoke, WorkflowStore } from './store.ts';

/** Resolved while a `.sync` child execution runs: the parent's effect completes when the child closes. */
const AWAIT_CHILD = Symbol('await child execution');

export interface EffectDeps {
  store: WorkflowStore;
  commit: StepCommitter;
  control: ControlPlane;
  lifecycle: Lifecycle;
  report: ReportBackground;
  invokeLambda: LambdaInvoker;
  invokeService: ServiceInvoker;
  region: string;
  accountId: string;
  /** A step armed a timer at `nowMs`: the real-time loop may have to wake earlier. */
  wake(nowMs: number): void;
}

/**
 * The effects of committed steps: invocations (Lambda, `states:startExecution` children, the
 * scheduler integration, other services through invokeService) and their outcomes, fed back as
 * signals. Invocations are at-least-once: one interrupted by a stop is re-dispatched on open.
 */
export class EffectRunner {
  private readonly inflight = new Set<Promise<unknown>>();

  constructor(private readonly deps: EffectDeps) {}

  /** Runs after a step committed: invocations start, new timers re-arm the loop, a closed child tells its parent. */
  afterCommit(arn: string, state: RunningState, result: StepResult, now: Date): void {
    if (result.status !== 'RUNNING') {
      for (const effect of result.effects) if (effect.kind === 'cancel') this.stopChildren(arn, effect.id);
      if (state.parentArn && state.parentEffect) this.notifyParent(arn, state.parentArn, state.parentEffect);
      return;
    }
    let newTimer = false;
    for (const effect of result.effects) {
      if (effect.kind === 'cancel') {
        // A Map Run child no longer awaited (the Map Run failed or was aborted) is stopped, as AWS aborts it.
        this.stopChildren(arn, effect.id);
      } else if (effect.kind === 'invoke') {
        const inv: PendingInvoke = {
          execArn: arn,
          id: effect.id,
          resource: effect.resource,
          parameters: effect.parameters,
          taskToken: effect.taskToken,
        };
        this.dispatch(inv);
      } else if (effect.kind === 'timer') newTimer = true;
    }
    if (newTimer) this.deps.wake(now.getTime());
  }

  /** Keeps count of background work, so that settle() can wait for it. */
  track(p: Promise<unknown>): void {
    this.inflight.add(p);
    void p.finally(() => this.inflight.delete(p));
  }

  /**
   * Waits until no invocation started by the runtime is still running (cascades included), or until
   * close() gives up on them: a function that never returns must not keep the runtime from stopping.
   */
  async settle(): Promise<void> {
    while (this.inflight.size > 0 && !this.deps.lifecycle.closing)
      await Promise.race([Promise.allSettled([...this.inflight]), this.deps.lifecycle.closingSignal]);
  }

  dispatch(inv: PendingInvoke): void {
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
    if (this.deps.lifecycle.closed) return;
    const { store, commit } = this.deps;
    await commit.groupCommit(() => {
      try {
        if (outcome.ok && outcome.output === AWAIT_CHILD) {
          store.markInvoked(inv.execArn, inv.id);
        } else if (inv.taskToken && outcome.ok) {
          // The callback's own return value does not complete the task: SendTask* does.
          store.markInvoked(inv.execArn, inv.id);
        } else if (outcome.ok) {
          commit.signal(inv.execArn, { kind: 'invokeSucceeded', effectId: inv.id, output: outcome.output });
        } else {
          commit.signal(inv.execArn, { kind: 'invokeFailed', effectId: inv.id, error: outcome.error, cause: outcome.cause });
        }
      } catch (err) {
        this.deps.report(err, `completing ${inv.resource} for ${inv.execArn}`);
      }
    });
  }

  private async invoke(inv: PendingInvoke): Promise<unknown> {
    const suffix = /\.(waitForTaskToken|sync:2|sync)$/.exec(inv.resource)?.[1];
    const base = suffix ? inv.resource.slice(0, -(suffix.length + 1)) : inv.resource;
    const params = (inv.parameters ?? {}) as Record<string, unknown>;
    if (base === 'arn:aws:states:::lambda:invoke') {
      return this.deps.invokeLambda(String(params.FunctionName), params.Payload ?? {});
    }
    if (/^arn:aws[a-z-]*:lambda:/.test(base)) return this.deps.invokeLambda(base, inv.parameters);
    if (base === 'arn:aws:states:::states:startExecution') return this.startChild(inv, params, suffix);
    if (inv.resource === MAP_RUN_CHILD_RESOURCE) return this.startMapRunChild(inv);
    const sdk = /^arn:aws:states:::aws-sdk:([^:]+):(.+)$/.exec(base);
    if (sdk?.[1] === 'scheduler' && sdk[2]) return this.schedulerAction(sdk[2], params);
    if (sdk?.[1] && sdk[2]) return this.deps.invokeService(sdk[1], sdk[2], inv.parameters);
    const optimized = /^arn:aws:states:::([^:]+):(.+)$/.exec(base);
    if (optimized?.[1] && optimized[2]) return this.deps.invokeService(optimized[1], optimized[2], inv.parameters);
    throw new AwsApiError('States.Runtime', `Unsupported resource ${inv.resource}`);
  }

  private startChild(inv: PendingInvoke, params: Record<string, unknown>, suffix: string | undefined): unknown {
    const smArn = String(params.StateMachineArn);
    const inputText = params.Input === undefined ? '{}' : typeof params.Input === 'string' ? params.Input : JSON.stringify(params.Input);
    // A deterministic default name makes a re-dispatch after a restart find the same child.
    const name =
      typeof params.Name === 'string' ? params.Name : createHash('sha256').update(`${inv.execArn}/${inv.id}`).digest('hex').slice(0, 32);
    const sync = suffix === 'sync' || suffix === 'sync:2';
    const arn = `arn:aws:states:${this.deps.region}:${this.deps.accountId}:execution:${smArn.split(':').pop() ?? ''}:${name}`;
    const existing = this.deps.store.getExecution(arn);
    let started: { executionArn: string; startDate: Date };
    if (existing && existing.parentArn === inv.execArn && existing.parentEffect === inv.id) {
      started = { executionArn: arn, startDate: new Date(existing.startDate) };
      if (sync && existing.status !== 'RUNNING') {
        queueMicrotask(() => this.notifyParent(arn, inv.execArn, inv.id));
      }
    } else {
      started = this.deps.control.startExecutionInternal(
        smArn,
        name,
        inputText,
        sync ? { arn: inv.execArn, effectId: inv.id } : undefined,
        undefined,
      );
    }
    if (sync) return AWAIT_CHILD;
    return { ExecutionArn: started.executionArn, StartDate: started.startDate.getTime() };
  }

  /**
   * A Map Run child: started once, whatever the number of dispatches (its name is deterministic),
   * and awaited; a child that already closed (before a restart) answers at once.
   */
  private startMapRunChild(inv: PendingInvoke): unknown {
    const live = this.deps.store.effectState(inv.execArn, inv.id);
    if (!live || (live.state !== 'pending' && live.state !== 'invoked')) return AWAIT_CHILD;
    const existing = this.deps.control.startMapRunChild(inv.parameters as MapRunChildParameters, { arn: inv.execArn, effectId: inv.id });
    if (existing && existing.status !== 'RUNNING') queueMicrotask(() => this.notifyParent(existing.arn, inv.execArn, inv.id));
    return AWAIT_CHILD;
  }

  private stopChildren(parentArn: string, effectId: string): void {
    for (const child of this.deps.store.runningMapRunChildrenOf(parentArn, effectId)) {
      try {
        this.deps.control.stopExecution(child);
      } catch (err) {
        this.deps.report(err, `stopping ${child}`);
      }
    }
  }

  /** On open: children that closed while their parent's notification was lost in a stop answer now. */
  recoverClosedChildren(): void {
    for (const c of this.deps.store.closedChildrenAwaited()) this.notifyParent(c.childArn, c.parentArn, c.parentEffect);
  }

  private notifyParent(childArn: string, parentArn: string, parentEffect: string): void {
    const { store, commit } = this.deps;
    const child = store.getExecution(childArn);
    if (!child) return;
    const effect = store.effectState(parentArn, parentEffect);
    if (!effect || (effect.state !== 'pending' && effect.state !== 'invoked')) return;
    const resource = store.pendingResource(parentArn, parentEffect) ?? '';
    if (resource === MAP_RUN_CHILD_RESOURCE) {
      if (child.status === 'SUCCEEDED') {
        commit.signal(parentArn, {
          kind: 'invokeSucceeded',
          effectId: parentEffect,
          output: JSON.parse(child.output ?? 'null') as unknown,
        });
      } else {
        const failed: Signal = { kind: 'invokeFailed', effectId: parentEffect, error: child.error ?? `States.${child.status}` };
        if (child.cause !== null) failed.cause = child.cause;
        commit.signal(parentArn, failed);
      }
      return;
    }
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
      commit.signal(parentArn, { kind: 'invokeSucceeded', effectId: parentEffect, output: described });
    } else {
      if (child.error !== null) described.Error = child.error;
      if (child.cause !== null) described.Cause = child.cause;
      const error = child.status === 'TIMED_OUT' ? 'States.Timeout' : 'States.TaskFailed';
      commit.signal(parentArn, { kind: 'invokeFailed', effectId: parentEffect, error, cause: JSON.stringify(described) });
    }
  }

  private schedulerAction(action: string, params: Record<string, unknown>): unknown {
    const control = this.deps.control;
    const group = typeof params.GroupName === 'string' ? params.GroupName : 'default';
    const name = String(params.Name);
    switch (action) {
      case 'createSchedule':
        return control.createSchedule(params);
      case 'updateSchedule':
        return control.updateSchedule(params);
      case 'deleteSchedule':
        control.deleteSchedule(group, name);
        return {};
      case 'getSchedule':
        return control.getSchedule(group, name);
      default:
        throw new AwsApiError('States.Runtime', `Unsupported scheduler action ${action}`);
    }
  }
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
