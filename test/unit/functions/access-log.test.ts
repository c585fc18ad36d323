// The access log with a mocked DynamoDB: every read of a case's data by staff or partners is
// recorded (ids only, in its own partition and on GSI1 by reader) before the answer, a read whose
// record cannot be written fails, and only the data-protection officer reads the log.
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { mockClient } from 'aws-sdk-client-mock';
import { DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { keys } from '../../../functions/adapters/dynamodb/keys.ts';
import { useLocalFieldKeyFile } from '../../support/field-key.ts';
import '../../support/cursor-key.ts';
import { amina, caseId, caseItem, oujda, parse, request, taskId, type Handler, type Who } from '../../support/case-handlers.ts';
import { registeredAssociations } from '../../support/task-handlers.ts';

process.env.TABLE_NAME = 'casework-test';
process.env.POWERTOOLS_METRICS_DISABLED = 'true';
process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
process.env.ACCESS_LOG_RETENTION_DAYS = '30';
useLocalFieldKeyFile();

const ddb = mockClient(DynamoDBDocumentClient);
const dpo: Who = { sub: 'dpo-1', groups: '[data-protection]' };
let getCase: Handler;
let getHistory: Handler;
let getTask: Handler;
let caseLog: Handler;
let readerLog: Handler;

const load = async (path: string) => ((await import(path)) as { handler: Handler }).handler;

beforeAll(async () => {
  getCase = await load('../../../functions/get-case/handler.ts');
  getHistory = await load('../../../functions/get-case-history/handler.ts');
  getTask = await load('../../../functions/get-task/handler.ts');
  caseLog = await load('../../../functions/get-case-access-log/handler.ts');
  readerLog = await load('../../../functions/get-reader-access-log/handler.ts');
});

beforeEach(() => {
  ddb.on(GetCommand).resolves({});
  ddb.on(QueryCommand).resolves({ Items: [] });
  ddb.on(PutCommand).resolves({});
  ddb.on(GetCommand, { Key: keys.case(caseId) }).resolves({ Item: caseItem(1, { caseId, partnerId: 'assoc-oujda' }) });
  registeredAssociations(ddb, 'assoc-oujda', 'assoc-tanger', 'assoc-nador');
});

afterEach(() => ddb.reset());

const accessPuts = () =>
  ddb
    .commandCalls(PutCommand)
    .map((call) => call.args[0].input.Item!)
    .filter((item) => String(item.PK).startsWith('ACCESS#'));

describe('every read of a case’s data is in the access log', () => {
  it('GET /cases/{id} by a caseworker: who, roles, what, which case, when, in its own partition and by reader, ids only', async () => {
    const result = await request(getCase, `/cases/${caseId}`, 'GET /cases/{caseId}', amina, { pathParameters: { caseId } });
    expect(result.statusCode).toBe(200);
    const [entry, ...others] = accessPuts();
    expect(others).toEqual([]);
    expect(entry).toMatchObject({ by: 'amina', roles: ['caseworker'], what: 'case', caseId, entity: 'AccessRecord' });
    expect(entry!.PK).toBe(`ACCESS#CASE#${caseId}`);
    expect(entry!.SK).toBe(`${entry!.at as string}#${entry!.entryId as string}`);
    expect(entry!.GSI1PK).toBe('ACCESS#READER#amina');
    // The retention from configuration, as DynamoDB's TTL.
    expect(entry!.expiresAt).toBe(Math.floor(Date.parse(entry!.at as string) / 1000) + 30 * 86_400);
    expect(Object.keys(entry!).sort()).toEqual(
      ['GSI1PK', 'GSI1SK', 'PK', 'SK', 'at', 'by', 'caseId', 'entity', 'entryId', 'expiresAt', 'roles', 'what'].sort(),
    );
  });

  it('GET /cases/{id}/history and GET /tasks/{id} by staff, and a partner’s read too (besides its history event)', async () => {
    ddb.on(GetCommand, { Key: keys.task(taskId) }).resolves({
      Item: {
        ...keys.task(taskId),
        taskId,
        caseId,
        step: 'screening',
        roles: ['caseworker'],
        status: 'open',
        dueAt: '2026-12-08T09:00:00.000Z',
        createdAt: '2026-12-01T09:00:00.000Z',
        forbiddenActors: [],
        context: {},
        version: 1,
        programme: 'avrr',
        reference: 'AVRR-2026-000001',
      },
    });
    expect(
      (await request(getHistory, `/cases/${caseId}/history`, 'GET /cases/{caseId}/history', amina, { pathParameters: { caseId } }))
        .statusCode,
    ).toBe(200);
    expect((await request(getTask, `/tasks/${taskId}`, 'GET /tasks/{taskId}', amina, { pathParameters: { taskId } })).statusCode).toBe(200);
    expect((await request(getCase, `/cases/${caseId}`, 'GET /cases/{caseId}', oujda, { pathParameters: { caseId } })).statusCode).toBe(200);
    expect(accessPuts().map(({ what, by, taskId: task, partnerId }) => ({ what, by, task, partnerId }))).toEqual([
      { what: 'history', by: 'amina', task: undefined, partnerId: undefined },
      { what: 'task', by: 'amina', task: taskId, partnerId: undefined },
      { what: 'case', by: 'p-oujda', task: undefined, partnerId: 'assoc-oujda' },
    ]);
  });

  it('a read whose access record cannot be written fails: the data is not served', async () => {
    ddb.on(PutCommand).rejects(Object.assign(new Error('down'), { name: 'InternalServerError' }));
    for (const [handler, path, routeKey] of [
      [getCase, `/cases/${caseId}`, 'GET /cases/{caseId}'],
      [getHistory, `/cases/${caseId}/history`, 'GET /cases/{caseId}/history'],
    ] as const) {
      const result = await request(handler, path, routeKey, amina, { pathParameters: { caseId } });
      expect(result.statusCode).toBe(503);
      expect(result.body).not.toContain('YEP-2026');
    }
  });
});

describe('only the data-protection officer reads the access log', () => {
  it('a caseworker, a supervisor or a partner asking for it: 403, and the log is not read', async () => {
    for (const who of [amina, { sub: 'karim', groups: '[supervisor admin]' }, oujda]) {
      const byCase = await request(caseLog, `/cases/${caseId}/access-log`, 'GET /cases/{caseId}/access-log', who, {
        pathParameters: { caseId },
      });
      const byReader = await request(readerLog, '/access-log', 'GET /access-log', who, {
        query: { reader: 'amina', from: '2026-12-01T00:00:00Z', to: '2026-12-31T00:00:00Z' },
      });
      expect([byCase.statusCode, byReader.statusCode]).toEqual([403, 403]);
    }
    expect(ddb.commandCalls(QueryCommand)).toEqual([]);
  });

  it('by case: one Query of the case’s access partition, paginated', async () => {
    const item = {
      PK: `ACCESS#CASE#${caseId}`,
      SK: '2026-12-01T09:00:00.000Z#e1',
      entryId: 'e1',
      at: '2026-12-01T09:00:00.000Z',
      by: 'amina',
      roles: ['caseworker'],
      what: 'case',
      caseId,
      expiresAt: 1,
    };
    ddb.on(QueryCommand).resolves({ Items: [item, { ...item, SK: '2026-12-01T09:00:01.000Z#e2', entryId: 'e2' }] });
    const result = await request(caseLog, `/cases/${caseId}/access-log`, 'GET /cases/{caseId}/access-log', dpo, {
      pathParameters: { caseId },
      query: { limit: '1' },
    });
    expect(result.statusCode).toBe(200);
    const body = parse(result);
    expect(body.items).toEqual([
      { entryId: 'e1', at: '2026-12-01T09:00:00.000Z', by: 'amina', roles: ['caseworker'], what: 'case', caseId, expiresAt: 1 },
    ]);
    expect(typeof body.next).toBe('string');
    const query = ddb.commandCalls(QueryCommand)[0]!.args[0].input;
    expect(query.IndexName).toBeUndefined();
    expect(query.ExpressionAttributeValues).toMatchObject({ ':pk': `ACCESS#CASE#${caseId}` });
  });

  it('by reader over a window: a GSI1 Query with the window as a sort-key range; a window ending before it starts is 400', async () => {
    const result = await request(readerLog, '/access-log', 'GET /access-log', dpo, {
      query: { reader: 'amina', from: '2026-12-01T00:00:00+01:00', to: '2026-12-02T00:00:00Z' },
    });
    expect(result.statusCode).toBe(200);
    const query = ddb.commandCalls(QueryCommand)[0]!.args[0].input;
    expect(query.IndexName).toBe('GSI1');
    expect(query.KeyConditionExpression).toContain('BETWEEN');
    expect(query.ExpressionAttributeValues).toMatchObject({
      ':pk': 'ACCESS#READER#amina',
      ':skFrom': '2026-11-30T23:00:00.000Z',
      ':skTo': '2026-12-02T00:00:00.000Z$',
    });

    const backwards = await request(readerLog, '/access-log', 'GET /access-log', dpo, {
      language: 'en',
      query: { reader: 'amina', from: '2026-12-02T00:00:00Z', to: '2026-12-01T00:00:00Z' },
    });
    expect(backwards.statusCode).toBe(400);
    expect(JSON.stringify(parse(backwards).errors)).toContain('/to');
    const missing = await request(readerLog, '/access-log', 'GET /access-log', dpo, { query: {} });
    expect(missing.statusCode).toBe(400);
    expect((parse(missing).errors as unknown[]).length).toBe(3);
  });
});
