export { LocalWorkflowRuntime } from './runtime.ts';
export type {
  ApiHandle,
  ExecutionDescription,
  OpenOptions,
  RegisterStateMachineInput,
  StateMachineDescription,
} from './runtime.ts';
export { addIsoDuration } from './duration.ts';
export { AwsApiError } from './errors.ts';
export { LocalClock, type MovableClock } from '../../clock.ts';
