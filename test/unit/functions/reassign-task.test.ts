// POST /tasks/{taskId}/reassign with a mocked DynamoDB: a supervisor hands a task to someone else.
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { mockClient } from 'aws-sdk-client-mock';
import { DynamoDBDocumentClient, GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { TaskRecord } from '../../../domain/tasks/model.ts';
import { keys } from '../../../functions/adapters/dynamodb/keys.ts';
import { httpEvent, lambdaContext } from '../../support/events.ts';

process.env.TABLE_NAME = 'casework-test';
process.env.POWERTOOLS_METRICS_DISABLED = 'true';
process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';

const ddb = mockClient(DynamoDBDocumentClient);
type Handler = (event: unknown, context: unknown) => Promise<APIGatewayProxyStructuredResultV2>;
let reassignTask: Handler;

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
  reassignTask = ((await import('../../../functions/reassign-task/handler.ts')) as unknown as { handler: Handler }).handler;
});

beforeEach(() => {
  ddb.on(GetCommand).resolves({});
  ddb.on(TransactWriteCommand).resolves({});
});

afterEach(() => ddb.reset());

describe('reassigning a task', () => {
  it('a supervisor hands a task to another caseworker: the old assignee’s queue entry goes, the new one comes', async () => {
    stored(task({ assignee: 'amina' }));

    const result = await call(reassignTask, 'POST', '/reassign', karim, { body: { assignee: 'youssef' } });

    expect(result.statusCode).toBe(200);
    expect(parse(result)).toMatchObject({ assignee: 'youssef' });
    const items = writes()[0]!;
    expect(items.some((item) => item.Delete?.Key?.PK === 'TASKQ#USER#amina')).toBe(true);
    expect(items.some((item) => item.Put?.Item?.PK === 'TASKQ#USER#youssef')).toBe(true);
    const event = items.find((item) => item.Put?.Item?.type === 'task.reassigned')!.Put!.Item!;
    expect(event.details).toMatchObject({ from: 'amina', to: 'youssef' });
    expect(event.actor).toEqual({ kind: 'staff', id: 'karim' });
  });

  it('a caseworker cannot reassign: 403', async () => {
    stored(task());
    const result = await call(reassignTask, 'POST', '/reassign', amina, { body: { assignee: 'youssef' } });
    expect(result.statusCode).toBe(403);
    expect(parse(result).type).toBe('urn:casework:problem:supervisorOnly');
    expect(writes()).toHaveLength(0);
  });

  it('an administrator may reassign', async () => {
    stored(task());
    expect((await call(reassignTask, 'POST', '/reassign', { sub: 'root', groups: '[admin]' }, { body: { assignee: 'youssef' } })).statusCode).toBe(200);
  });

  it('the approval cannot be handed to the supervisor who screened the case: 422', async () => {
    stored(task({ step: 'approval', roles: ['supervisor'], forbiddenActors: ['leila'] }));
    const result = await call(reassignTask, 'POST', '/reassign', karim, { body: { assignee: 'leila' } });
    expect(result.statusCode).toBe(422);
    expect(writes()).toHaveLength(0);
  });

  it('a body without an assignee is 422 naming the field', async () => {
    stored(task());
    const result = await call(reassignTask, 'POST', '/reassign', karim, { body: {} });
    expect(result.statusCode).toBe(422);
    expect((parse(result) as { errors: { pointer: string }[] }).errors.map((e) => e.pointer)).toEqual(['/assignee']);
  });
});
