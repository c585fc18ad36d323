// GET /tasks/{taskId} with a mocked DynamoDB: what a caseworker, a supervisor or a partner sees of one task.
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
let getTask: Handler;

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

beforeAll(async () => {
  getTask = ((await import('../../../functions/get-task/handler.ts')) as unknown as { handler: Handler }).handler;
});

beforeEach(() => {
  ddb.on(GetCommand).resolves({});
  ddb.on(TransactWriteCommand).resolves({});
});

afterEach(() => ddb.reset());

describe('a caseworker opens a task', () => {
  it('sees the step title in their language and the decision to record, as JSON Schema with one example per outcome', async () => {
    stored(task());

    const result = await call(getTask, 'GET', '', amina, { language: 'en' });

    expect(result.statusCode).toBe(200);
    const body = parse(result) as { task: Record<string, unknown>; title: string; decision: { oneOf?: unknown[]; anyOf?: unknown[]; examples: { outcome: string }[] }; mayComplete: boolean };
    expect(body.title).toBe('Eligibility screening and counselling');
    expect(body.task).toMatchObject({ taskId, step: 'screening', status: 'open' });
    expect(body.task).not.toHaveProperty('forbiddenActors');
    expect(body.decision.examples.map((example) => example.outcome)).toEqual(['eligible', 'ineligible', 'more-information-needed']);
    expect(JSON.stringify(body.decision)).toContain('counsellingDone');
    expect(body.mayComplete).toBe(true);
  });

  it('never reads the task token', async () => {
    stored(task());
    await call(getTask, 'GET', '', amina);
    const readKeys = ddb.commandCalls(GetCommand).map((c) => c.args[0].input.Key);
    expect(readKeys).toEqual([keys.task(taskId)]);
  });

  it('the supervisor who screened the case sees the approval but may not complete it (four eyes)', async () => {
    stored(task({ step: 'approval', roles: ['supervisor'], forbiddenActors: ['karim'] }));

    const body = parse(await call(getTask, 'GET', '', karim));

    expect(body).toMatchObject({ mayComplete: false, notAllowedBecause: 'four-eyes' });
  });

  it('a caseworker sees the approval but may not complete it (role)', async () => {
    stored(task({ step: 'approval', roles: ['supervisor'] }));
    expect(parse(await call(getTask, 'GET', '', amina))).toMatchObject({ mayComplete: false, notAllowedBecause: 'role' });
  });

  it("another association's task does not exist for a partner: 404", async () => {
    stored(task({ step: 'check-in', roles: ['partner'], partnerId: 'assoc-oujda' }));
    const result = await call(getTask, 'GET', '', { sub: 'p1', groups: '[partner]', partnerId: 'assoc-tanger' });
    expect(result.statusCode).toBe(404);
  });

  it('an id that is not a task id is 404 without a read', async () => {
    const result = await getTask(
      httpEvent({ method: 'GET', path: '/tasks/..', routeKey: 'GET /tasks/{taskId}', pathParameters: { taskId: '..' }, claims: { sub: 'amina', 'cognito:groups': '[caseworker]' } }),
      lambdaContext,
    );
    expect(result.statusCode).toBe(404);
    expect(ddb.commandCalls(GetCommand)).toHaveLength(0);
  });
});
