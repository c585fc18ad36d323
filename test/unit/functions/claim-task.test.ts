// POST /tasks/{taskId}/claim with a mocked DynamoDB: taking a task from the queue.
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { mockClient } from 'aws-sdk-client-mock';
import { DynamoDBDocumentClient, GetCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { amina, callTask, karim, parse, storedTask, task, type Handler } from '../../support/task-handlers.ts';

process.env.TABLE_NAME = 'casework-test';
process.env.POWERTOOLS_METRICS_DISABLED = 'true';
process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';

const ddb = mockClient(DynamoDBDocumentClient);
let claimTask: Handler;

const writes = () => ddb.commandCalls(TransactWriteCommand).map((c) => c.args[0].input.TransactItems!);

beforeAll(async () => {
  claimTask = ((await import('../../../functions/claim-task/handler.ts')) as unknown as { handler: Handler }).handler;
});

beforeEach(() => {
  ddb.on(GetCommand).resolves({});
  // The case's shares, read for a partner caller: none unless a test says so.
  ddb.on(QueryCommand).resolves({ Items: [] });
  ddb.on(TransactWriteCommand).resolves({});
});

afterEach(() => ddb.reset());

describe('claiming a task', () => {
  it('assigns an open task to the caller and puts it in their own queue, conditional on the version read', async () => {
    storedTask(ddb, task({ version: 4 }));

    const result = await callTask(claimTask, 'POST', '/claim', amina);

    expect(result.statusCode).toBe(200);
    expect(parse(result)).toMatchObject({ assignee: 'amina', version: 5 });
    const items = writes()[0]!;
    expect(items[0]!.Update!.ExpressionAttributeValues).toMatchObject({ ':expected': 4, ':open': 'open' });
    expect(items.some((item) => item.Put?.Item?.PK === 'TASKQ#USER#amina')).toBe(true);
    expect(items.some((item) => item.Put?.Item?.type === 'task.claimed')).toBe(true);
  });

  it('claiming a task you already hold answers 200 again and writes nothing', async () => {
    storedTask(ddb, task({ assignee: 'amina' }));
    const result = await callTask(claimTask, 'POST', '/claim', amina);
    expect(result.statusCode).toBe(200);
    expect(writes()).toHaveLength(0);
  });

  it('a task someone else holds cannot be claimed: 409, a supervisor reassigns it', async () => {
    storedTask(ddb, task({ assignee: 'youssef' }));
    const result = await callTask(claimTask, 'POST', '/claim', amina, { language: 'en' });
    expect(result.statusCode).toBe(409);
    expect(parse(result).detail).toContain('supervisor can reassign');
    expect(writes()).toHaveLength(0);
  });

  it('a supervisor may claim a task escalated to supervisors', async () => {
    storedTask(ddb, task({ roles: ['caseworker', 'supervisor'], escalatedAt: '2026-12-11T09:00:00.000Z' }));
    const result = await callTask(claimTask, 'POST', '/claim', karim);
    expect(result.statusCode).toBe(200);
    expect(parse(result)).toMatchObject({ assignee: 'karim' });
  });

  it('a completed task cannot be claimed: 409', async () => {
    storedTask(ddb, task({ status: 'completed', completedBy: 'youssef' }));
    expect((await callTask(claimTask, 'POST', '/claim', amina)).statusCode).toBe(409);
  });

  it("a caseworker cannot claim a supervisor's approval: 403", async () => {
    storedTask(ddb, task({ step: 'approval', roles: ['supervisor'] }));
    expect((await callTask(claimTask, 'POST', '/claim', amina)).statusCode).toBe(403);
  });

  it('when a claim races another one and loses twice, the caller gets 409', async () => {
    storedTask(ddb, task());
    ddb.on(TransactWriteCommand).rejects(
      new TransactionCanceledException({
        message: 'cancelled',
        $metadata: {},
        CancellationReasons: [{ Code: 'ConditionalCheckFailed' }],
      }),
    );
    expect((await callTask(claimTask, 'POST', '/claim', amina)).statusCode).toBe(409);
  });
});
