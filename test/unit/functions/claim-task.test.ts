// POST /tasks/{taskId}/claim with a mocked DynamoDB: taking a task from the queue.
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { mockClient } from 'aws-sdk-client-mock';
import { DynamoDBDocumentClient, GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { TaskRecord } from '../../../domain/tasks/model.ts';
import { keys } from '../../../functions/adapters/dynamodb/keys.ts';
import { httpEvent, lambdaContext } from '../../support/events.ts';

process.env.TABLE_NAME = 'casework-test';
process.env.POWERTOOLS_METRICS_DISABLED = 'true';
process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';

const ddb = mockClient(DynamoDBDocumentClient);
type Handler = (event: unknown, context: unknown) => Promise<APIGatewayProxyStructuredResultV2>;
let claimTask: Handler;

const taskId = '0a1b2c3d-4e5f-4a6b-a7c8-9d0e1f2a3b4c';
const caseId = '11111111-2222-4333-8444-555555555555';
type Who = { sub: string; groups: string; partnerId?: string };
const amina: Who = { sub: 'amina', groups: '[caseworker]' };
const karim: Who = { sub: 'karim', groups: '[supervisor]' };

function task(overrides: Partial<TaskRecord> = {}): TaskRecord {
  return {
    taskId,
    caseId,
    reference: 'AVRR-2026-000042',
    programme: 'avrr',
    step: 'screening',
    phase: 'return',
    roles: ['caseworker'],
    status: 'open',
    forbiddenActors: [],
    context: {},
    dueAt: '2026-12-08T09:00:00.000Z',
    createdAt: '2026-12-01T09:00:00.000Z',
    updatedAt: '2026-12-01T09:00:00.000Z',
    version: 1,
    ...overrides,
  };
}

function stored(record: TaskRecord) {
  ddb.on(GetCommand, { Key: keys.task(taskId) }).resolves({ Item: { ...keys.task(taskId), entity: 'Task', ...record } });
}

function call(handler: Handler, method: string, suffix: string, who: Who, options: { body?: unknown; language?: string } = {}) {
  return handler(
    httpEvent({
      method,
      path: `/tasks/${taskId}${suffix}`,
      routeKey: `${method} /tasks/{taskId}${suffix}`,
      pathParameters: { taskId },
      headers: { 'accept-language': options.language ?? 'fr', ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}) },
      ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
      claims: { sub: who.sub, 'cognito:groups': who.groups, ...(who.partnerId ? { 'custom:partnerId': who.partnerId } : {}) },
    }),
    lambdaContext,
  );
}

const parse = (result: APIGatewayProxyStructuredResultV2) => JSON.parse(result.body ?? 'null') as Record<string, unknown>;
const writes = () => ddb.commandCalls(TransactWriteCommand).map((c) => c.args[0].input.TransactItems!);

beforeAll(async () => {
  claimTask = ((await import('../../../functions/claim-task/handler.ts')) as unknown as { handler: Handler }).handler;
});

beforeEach(() => {
  ddb.on(GetCommand).resolves({});
  ddb.on(TransactWriteCommand).resolves({});
});

afterEach(() => ddb.reset());

describe('claiming a task', () => {
  it('assigns an open task to the caller and puts it in their own queue, conditional on the version read', async () => {
    stored(task({ version: 4 }));

    const result = await call(claimTask, 'POST', '/claim', amina);

    expect(result.statusCode).toBe(200);
    expect(parse(result)).toMatchObject({ assignee: 'amina', version: 5 });
    const items = writes()[0]!;
    expect(items[0]!.Update!.ExpressionAttributeValues).toMatchObject({ ':expected': 4, ':open': 'open' });
    expect(items.some((item) => item.Put?.Item?.PK === 'TASKQ#USER#amina')).toBe(true);
    expect(items.some((item) => item.Put?.Item?.type === 'task.claimed')).toBe(true);
  });

  it('claiming a task you already hold answers 200 again and writes nothing', async () => {
    stored(task({ assignee: 'amina' }));
    const result = await call(claimTask, 'POST', '/claim', amina);
    expect(result.statusCode).toBe(200);
    expect(writes()).toHaveLength(0);
  });

  it('a task someone else holds cannot be claimed: 409, a supervisor reassigns it', async () => {
    stored(task({ assignee: 'youssef' }));
    const result = await call(claimTask, 'POST', '/claim', amina, { language: 'en' });
    expect(result.statusCode).toBe(409);
    expect(parse(result).detail).toContain('supervisor can reassign');
    expect(writes()).toHaveLength(0);
  });

  it('a supervisor may claim a task escalated to supervisors', async () => {
    stored(task({ roles: ['caseworker', 'supervisor'], escalatedAt: '2026-12-11T09:00:00.000Z' }));
    const result = await call(claimTask, 'POST', '/claim', karim);
    expect(result.statusCode).toBe(200);
    expect(parse(result)).toMatchObject({ assignee: 'karim' });
  });

  it('a completed task cannot be claimed: 409', async () => {
    stored(task({ status: 'completed', completedBy: 'youssef' }));
    expect((await call(claimTask, 'POST', '/claim', amina)).statusCode).toBe(409);
  });

  it("a caseworker cannot claim a supervisor's approval: 403", async () => {
    stored(task({ step: 'approval', roles: ['supervisor'] }));
    expect((await call(claimTask, 'POST', '/claim', amina)).statusCode).toBe(403);
  });

  it('when a claim races another one and loses twice, the caller gets 409', async () => {
    stored(task());
    ddb.on(TransactWriteCommand).rejects(
      new TransactionCanceledException({ message: 'cancelled', $metadata: {}, CancellationReasons: [{ Code: 'ConditionalCheckFailed' }] }),
    );
    expect((await call(claimTask, 'POST', '/claim', amina)).statusCode).toBe(409);
  });
});
