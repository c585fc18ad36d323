// The public surface of the local workflow runtime. Code outside this package imports only from
// here (a lint rule enforces it); everything else under src/ may change without notice.

// The contract between the durable runtime and a pure interpreter.
export {
  DefinitionError,
  LambdaInvokeFailure,
  MAP_RUN_CHILD_RESOURCE,
  type Clock,
  type Effect,
  type ExecutionMeta,
  type ExecutionStatus,
  type HistoryEvent,
  type Interpreter,
  type LambdaFunctionError,
  type LambdaInvoker,
  type MapRunChildParameters,
  type MapRunEffect,
  type MapRunStatus,
  type ServiceInvoker,
  type Signal,
  type StepResult,
} from './contract.ts';

// The pure ASL interpreter.
export { createInterpreter, EvaluationError, type InterpreterOptions, type LocalInterpreter } from './engine/index.ts';

// The durable runtime, its clock and its store.
export { LocalClock, type LocalClockOptions, type MovableClock } from './clock.ts';
export {
  LocalWorkflowRuntime,
  type ExecutionDescription,
  type MapRunCounts,
  type MapRunDescription,
  type MapRunListItem,
  type OpenOptions,
  type RegisterStateMachineInput,
  type StateMachineDescription,
} from './runtime/runtime.ts';
export type { Durability } from './runtime/store.ts';
export { addIsoDuration } from './runtime/duration.ts';
export { AwsApiError } from './runtime/errors.ts';

// EventBridge Scheduler.
export { LocalScheduler, SFN_START_EXECUTION_TARGET, type ScheduleInput, type ScheduleRecord } from './scheduler/scheduler.ts';

// The AWS APIs over HTTP: Step Functions (AWS JSON 1.0), EventBridge Scheduler (REST-JSON) and the
// /_local routes, on one port, for a runtime (or anything else with the same operations).
export { serveApi, type ApiBackend, type ApiHandle } from './api/serve.ts';
export type { LocalRoutesBackend } from './api/local-routes.ts';
export type { SchedulerBackend } from './api/scheduler.ts';
export type { StepFunctionsBackend } from './api/stepfunctions.ts';
