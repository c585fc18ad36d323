// The stream consumer that starts workflow phases asked for by intake: by name, exactly once.
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { mockClient } from 'aws-sdk-client-mock';
import {
  ExecutionAlreadyExists,
  ExecutionDoesNotExist,
  SFNClient,
  SFNServiceException,
  StartExecutionCommand,
  StopExecutionCommand,
} from '@aws-sdk/client-sfn';
import { marshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';

process.env.CASE_WORKFLOW_ARNS = JSON.stringify({
  avrr: 'arn:aws:states:eu-west-3:000000000000:stateMachine:AvrrReturn',
  'protection:main': 'arn:aws:states:eu-west-3:000000000000:stateMachine:ProtectionMain',
});
process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';

const sfn = mockClient(SFNClient);
let handler: (event: DynamoDBStreamEvent) => Promise<DynamoDBBatchResponse>;

beforeAll(async () => {
  ({ handler } = await import('../../../functions/start-workflows/handler.ts'));
});

afterEach(() => sfn.reset());

function streamOf(...items: Record<string, unknown>[]): DynamoDBStreamEvent {
  return {
    Records: items.map((item, i) => ({
      eventName: 'INSERT',
      dynamodb: { SequenceNumber: String(100 + i), NewImage: marshall(item) as never },
    })),
  };
}

const start = {
  entity: 'WorkflowStart',
  caseId: 'c1',
  phase: 'return',
  executionName: 'c1-return',
  input: { caseId: 'c1', reference: 'AVRR-2026-000001', programme: 'avrr', caseType: 'avrr', phase: 'return' },
  requestedAt: '2026-12-01T08:00:00.000Z',
};

describe('starting workflow phases from the stream', () => {
  it('starts the phase by its name with the ids-only input', async () => {
    sfn.on(StartExecutionCommand).resolves({ executionArn: 'arn:exec', startDate: new Date() });
    const result = await handler(streamOf(start, { entity: 'Outbox', messageId: 'm1' }));
    expect(result.batchItemFailures).toEqual([]);
    const calls = sfn.commandCalls(StartExecutionCommand);
    expect(calls).toHaveLength(1);
    expect(calls[0]!.args[0].input).toMatchObject({
      stateMachineArn: 'arn:aws:states:eu-west-3:000000000000:stateMachine:AvrrReturn',
      name: 'c1-return',
    });
    expect(JSON.parse(calls[0]!.args[0].input.input!)).toEqual(start.input);
  });

  it('treats a phase already started (a redelivered record) as done', async () => {
    sfn.on(StartExecutionCommand).rejects(new ExecutionAlreadyExists({ message: 'exists', $metadata: {} }));
    expect((await handler(streamOf(start))).batchItemFailures).toEqual([]);
  });

  it('reports the record for retry when Step Functions is down', async () => {
    sfn
      .on(StartExecutionCommand)
      .rejects(new SFNServiceException({ name: 'ServiceUnavailable', $fault: 'server', $metadata: {}, message: 'down' }));
    expect((await handler(streamOf(start))).batchItemFailures).toEqual([{ itemIdentifier: '100' }]);
  });
});

describe('stopping executions from the stream', () => {
  const stop = {
    entity: 'WorkflowStop',
    caseId: 'c2',
    caseType: 'protection',
    phase: 'main',
    executionName: 'c2-follow-up-1',
    cause: 'returned-home-avrr',
    requestedAt: '2026-12-01T08:00:00.000Z',
  };

  it('stops the named execution of the case type’s phase; one already ended is fine', async () => {
    sfn.on(StopExecutionCommand).resolves({ stopDate: new Date() });
    expect((await handler(streamOf(stop))).batchItemFailures).toEqual([]);
    expect(sfn.commandCalls(StopExecutionCommand)[0]!.args[0].input).toMatchObject({
      executionArn: 'arn:aws:states:eu-west-3:000000000000:execution:ProtectionMain:c2-follow-up-1',
      cause: 'returned-home-avrr',
    });
    sfn.on(StopExecutionCommand).rejects(new ExecutionDoesNotExist({ message: 'gone', $metadata: {} }));
    expect((await handler(streamOf(stop))).batchItemFailures).toEqual([]);
  });

  it('reports the record for retry when Step Functions is down; a case type without a workflow has nothing to stop', async () => {
    sfn
      .on(StopExecutionCommand)
      .rejects(new SFNServiceException({ name: 'ServiceUnavailable', $fault: 'server', $metadata: {}, message: 'down' }));
    expect((await handler(streamOf(stop))).batchItemFailures).toEqual([{ itemIdentifier: '100' }]);
    expect((await handler(streamOf({ ...stop, caseType: 'youth' }))).batchItemFailures).toEqual([]);
  });
});
