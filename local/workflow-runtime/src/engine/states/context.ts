import type { ExecutionMeta, Signal } from '../../contract.ts';
import type { EvalEnv, Scope, StatesBinding } from '../dataflow.ts';
import { SfnError } from '../errors.ts';
import type { Gen, Scheduler } from '../scheduler.ts';
import type { BranchDef, StateDef } from '../types.ts';

export interface Machine {
  sched: Scheduler;
  meta: ExecutionMeta;
  region: string;
  token(): string;
  random(): number;
  seed(): number;
  /** Called by the root branch as it enters a state that may pause (see Checkpoint in index.ts). */
  checkpoint(state: string, input: unknown, vars: Record<string, unknown>): void;
  /** Harness only: see InterpreterOptions.harness. */
  submitTokenTasks: boolean;
  /** Harness only: chain MapStateExited to MapRunSucceeded, as AWS recorded it before Nov 2024. */
  legacyMapRunExit: boolean;
}

export interface BranchCtx {
  m: Machine;
  scope: Scope;
  ql: string;
  mapItem?: { Index: number; Value: unknown };
  /** Directly inside a Parallel branch (not a Map iteration below it). */
  parallelBranch?: boolean;
  /** The execution's own branch (the root fiber), not a branch or iteration below a state. */
  root?: boolean;
}

export interface StateResult {
  output: unknown;
  next: string | null;
}

export type RunBranch = (c: BranchCtx, branch: BranchDef, input: unknown) => Gen<unknown>;

/** What runState hands each state type: the state, its input and bindings, and how to finish it. */
export interface StateEnv {
  c: BranchCtx;
  name: string;
  def: StateDef;
  input: unknown;
  jsonata: boolean;
  env: EvalEnv;
  /** The JSONata `$states` binding, with `result` or `errorOutput` once there is one. */
  states: (extra?: Partial<StatesBinding>) => StatesBinding;
  /** Output/Assign computation for JSONata states given the bindings available. */
  jsonataOut: (
    b: StatesBinding,
    outputTpl: unknown,
    assignTpl: Record<string, unknown> | undefined,
    dflt: unknown,
  ) => { output: unknown; assign?: Record<string, unknown> };
  /** Applies Assign, emits the state's exited event and names the next state. */
  finish: (output: unknown, assign: Record<string, unknown> | undefined, next: string | null) => StateResult;
  /** Runs a Parallel branch or a Map iteration (passed in, so that state modules need not import runState). */
  runBranch: RunBranch;
}

export function contextObject(
  c: BranchCtx,
  name: string,
  enteredAt: string,
  retryCount: number | undefined,
  token?: string,
): Record<string, unknown> {
  const m = c.m.meta;
  const ctx: Record<string, unknown> = {
    Execution: {
      Id: m.executionArn,
      Input: m.input,
      Name: m.name,
      RoleArn: m.roleArn,
      StartTime: m.startTime,
      RedriveCount: 0,
    },
    State:
      retryCount === undefined ? { EnteredTime: enteredAt, Name: name } : { EnteredTime: enteredAt, Name: name, RetryCount: retryCount },
    StateMachine: { Id: m.stateMachineArn, Name: m.stateMachineName },
  };
  if (token !== undefined) ctx.Task = { Token: token };
  if (c.mapItem) ctx.Map = { Item: c.mapItem };
  return ctx;
}

export function nextOf(def: StateDef): string | null {
  return def.End || def.Next === undefined ? null : def.Next;
}

export function waitSignal(ids: string[]): Gen<Signal> {
  return (function* (): Gen<Signal> {
    const s = yield { k: 'signal', ids };
    return s as Signal;
  })();
}

/** Errors AWS raises before a Map/Parallel starts, with no MapStateFailed/ParallelStateFailed event. */
const quietErrors = new WeakSet<SfnError>();
export function quiet(e: SfnError): SfnError {
  quietErrors.add(e);
  return e;
}

export function isQuiet(e: SfnError): boolean {
  return quietErrors.has(e);
}

export class FailStateError extends SfnError {
  constructor(error: string | undefined, cause: string | undefined) {
    super(error ?? '', cause);
    this.failError = error;
  }
  failError: string | undefined;
}
