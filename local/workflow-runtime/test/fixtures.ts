// What the engine and runtime tests share: the start of time, a Lambda, an execution's metadata.
import type { ExecutionMeta } from '../src/contract.ts';

export const T0 = new Date('2026-01-01T00:00:00.000Z');
export const LAMBDA = 'arn:aws:lambda:us-east-1:111111111111:function:fn';

/** The metadata of execution `name` of state machine `sm`, started at T0 with `input`. */
export function executionMeta(input: unknown = {}, name = 'e1'): ExecutionMeta {
  return {
    executionArn: `arn:aws:states:us-east-1:111111111111:execution:sm:${name}`,
    name,
    stateMachineArn: 'arn:aws:states:us-east-1:111111111111:stateMachine:sm',
    stateMachineName: 'sm',
    roleArn: 'arn:aws:iam::111111111111:role/r',
    startTime: T0.toISOString(),
    input,
    inputText: JSON.stringify(input),
  };
}

/** Through JSON and back, as a snapshot or result is stored. */
export const roundTrip = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;
