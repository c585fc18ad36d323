/**
 * The seam between the local workflow engine (src/engine/**), the durable runtime
 * (src/runtime/**), the AWS-compatible API servers (src/api/**), the conformance runner
 * (conformance/**) and the casework system that wires them (local/system.ts).
 *
 * Production uses AWS Step Functions and EventBridge Scheduler; this is for local development
 * and tests only. Shapes follow the AWS APIs (names, fields, error names) so the SDK clients work.
 */

/** The single movable clock of the local runtime. Never goes backwards. */
export interface Clock {
  now(): Date;
}

/** A function error raised by a (local) Lambda invocation, as Lambda reports it. */
export interface LambdaFunctionError {
  errorType: string;
  errorMessage: string;
  trace?: string[];
}

/**
 * Invokes a Lambda function by ARN (or name) with a JSON payload and returns its JSON result.
 * Rejects with a LambdaInvokeFailure when the function throws (the engine maps that to the
 * Step Functions error names, e.g. the errorType, or Lambda.Unknown, as AWS does).
 */
export type LambdaInvoker = (functionArn: string, payload: unknown) => Promise<unknown>;

export class LambdaInvokeFailure extends Error {
  constructor(public readonly error: LambdaFunctionError) {
    super(error.errorMessage);
    this.name = 'LambdaInvokeFailure';
  }
}

/** Other AWS service integrations a definition may call (arn:aws:states:::aws-sdk:... and optimized ones). */
export type ServiceInvoker = (service: string, action: string, parameters: unknown) => Promise<unknown>;

/** One history event, shaped as GetExecutionHistory returns it. */
export interface HistoryEvent {
  timestamp: Date;
  type: string;
  id: number;
  previousEventId: number;
  [details: string]: unknown;
}

export type ExecutionStatus = 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED';

// ---------------------------------------------------------------------------------------------
// The interpreter is a pure, effect-driven state machine (src/engine/**):
// it never performs I/O, never reads a wall clock and never sets a process timer. It is given
// the time and the outcome of each effect, and answers with history events, new effects and a
// JSON-serializable snapshot. The durable runtime (src/runtime/**) persists the
// snapshot, events and effects atomically, performs the effects, and feeds their outcomes back.
// That is what makes executions survive a restart without firing anything twice.
// ---------------------------------------------------------------------------------------------

export interface ExecutionMeta {
  executionArn: string;
  name: string;
  stateMachineArn: string;
  stateMachineName: string;
  roleArn: string;
  startTime: string; // ISO-8601, the local clock at StartExecution
  input: unknown; // parsed JSON input
  inputText: string; // raw JSON input as given to StartExecution
}

/** Something the runtime must do for the interpreter. `id` is unique within the execution. */
export type Effect =
  | {
      kind: 'invoke';
      id: string;
      /** The Task state's Resource, e.g. arn:aws:states:::lambda:invoke, ...:lambda:invoke.waitForTaskToken, a Lambda ARN, arn:aws:states:::aws-sdk:scheduler:createSchedule */
      resource: string;
      /** Evaluated Parameters / Arguments. */
      parameters: unknown;
      /** Set for .waitForTaskToken: the token embedded in the parameters; the runtime indexes it for SendTask*. */
      taskToken?: string;
    }
  | { kind: 'timer'; id: string; dueAt: string /* ISO-8601 */ }
  | { kind: 'cancel'; id: string /* an invoke, timer or mapRun effect id that no longer matters */ }
  | MapRunEffect;

/**
 * A Distributed Map's Map Run: emitted with status RUNNING when it starts (the runtime records it for
 * DescribeMapRun/ListMapRuns and accepts `mapRunUpdate` signals on its id), and again with the same id
 * and its final status when it closes. Its child executions are `invoke` effects on
 * MAP_RUN_CHILD_RESOURCE whose parameters are a MapRunChildParameters; the runtime starts each as an
 * execution of `definition` (idempotently, by name) and answers with the child's output, or its error.
 */
export interface MapRunEffect {
  kind: 'mapRun';
  id: string;
  mapRunArn: string;
  status: MapRunStatus;
  /** The ItemProcessor as a definition of its own (StartAt, States, QueryLanguage). */
  definition: string;
  executionType: 'STANDARD' | 'EXPRESS';
  /** The child state machine's ARN: the parent's ARN with `/<label>` appended, as AWS names it. */
  stateMachineArn: string;
  maxConcurrency: number;
  toleratedFailureCount: number;
  toleratedFailurePercentage: number;
  /** Items (not batches) the Map Run processes. */
  itemCount: number;
}

export type MapRunStatus = 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'ABORTED';

/** The resource of a Map Run child invoke effect. */
export const MAP_RUN_CHILD_RESOURCE = 'local:states:mapRun:childExecution';

export interface MapRunChildParameters {
  MapRunArn: string;
  /** The child execution's name, deterministic: a re-dispatch after a restart finds the same child. */
  Name: string;
  Input: unknown;
  /** Index of the child (of its batch when batching) within the Map Run. */
  Index: number;
  /** How many items this child processes (1 without ItemBatcher). */
  ItemCount: number;
}

/** Something that happened to an execution, fed to the interpreter. */
export type Signal =
  | { kind: 'invokeSucceeded'; effectId: string; output: unknown }
  | { kind: 'invokeFailed'; effectId: string; error: string; cause?: string }
  | { kind: 'heartbeat'; effectId: string }
  | { kind: 'timerFired'; effectId: string }
  | { kind: 'stop'; error?: string; cause?: string }
  /** UpdateMapRun: new limits for the Map Run of `effectId` (a `mapRun` effect). */
  | {
      kind: 'mapRunUpdate';
      effectId: string;
      maxConcurrency?: number;
      toleratedFailureCount?: number;
      toleratedFailurePercentage?: number;
    };

export interface StepResult {
  /**
   * JSON-serializable; opaque to the runtime but for one field: a string `definition` (the
   * execution's definition text, the same in every snapshot of an execution) may be stored apart
   * and is put back before the snapshot is given to `resume` or `history`.
   */
  snapshot: unknown;
  events: HistoryEvent[]; // new events only, ids continuing the execution's sequence
  /**
   * How many events the execution has after this step. An interpreter that derives histories on
   * demand returns no `events` and counts them here; `history(snapshot)` then gives the first
   * `eventCount` events of the execution.
   */
  eventCount?: number;
  effects: Effect[]; // new effects only
  status: ExecutionStatus;
  output?: unknown; // when SUCCEEDED
  error?: string; // when FAILED / TIMED_OUT / ABORTED
  cause?: string;
}

export interface Interpreter {
  /** Validates a definition; throws DefinitionError naming the state and the reason for anything unsupported. */
  validate(definition: string): void;
  start(definition: string, meta: ExecutionMeta, now: Date, newToken: () => string): StepResult;
  resume(snapshot: unknown, signal: Signal, now: Date, newToken: () => string): StepResult;
  /** Builds an execution's events, from the first, as the steps that led to `snapshot` emitted them (a replay). */
  history?(snapshot: unknown): HistoryEvent[];
}

export class DefinitionError extends Error {
  constructor(
    message: string,
    public readonly stateName?: string,
  ) {
    super(message);
    this.name = 'DefinitionError';
  }
}
