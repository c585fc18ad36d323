// GET /cases with a mocked DynamoDB: the queue of a programme at a stage; partners read their own list (GSI2).
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { mockClient } from 'aws-sdk-client-mock';
import { DynamoDBDocumentClient, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { amina, caseItem, oujda, parse, request, type Handler } from '../../support/case-handlers.ts';
import { registeredAssociations } from '../../support/task-handlers.ts';
import { positionOf } from '../../support/cursor-key.ts';

process.env.TABLE_NAME = 'casework-test';
process.env.POWERTOOLS_METRICS_DISABLED = 'true';
process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';

const ddb = mockClient(DynamoDBDocumentClient);
let listCases: Handler;

const queried = () => ddb.commandCalls(QueryCommand).map((call) => call.args[0].input);

beforeAll(async () => {
  listCases = ((await import('../../../functions/list-cases/handler.ts')) as unknown as { handler: Handler }).handler;
});

beforeEach(() => {
  ddb.on(GetCommand).resolves({});
  ddb.on(QueryCommand).resolves({ Items: [] });
  registeredAssociations(ddb, 'assoc-oujda', 'assoc-tanger', 'assoc-nador');
});

afterEach(() => ddb.reset());

describe('GET /cases: the queue of a programme at a stage', () => {
  const youth = { programme: 'youth-employability', stage: 'enrolled' };

  it('reads GSI1 for the programme and stage, oldest first, and shows summaries without facts or keys', async () => {
    ddb.on(QueryCommand).resolves({ Items: [caseItem(1), caseItem(2)] });

    const result = await request(listCases, '/cases', 'GET /cases', amina, { query: youth });

    expect(result.statusCode).toBe(200);
    const input = queried()[0]!;
    expect(input.IndexName).toBe('GSI1');
    expect(input.ExpressionAttributeValues).toMatchObject({ ':pk': 'QUEUE#youth-employability#enrolled' });
    expect(input.ScanIndexForward).not.toBe(false);
    expect(input.FilterExpression).toBeUndefined();
    const items = parse(result).items as Record<string, unknown>[];
    expect(items.map((item) => item.reference)).toEqual(['YEP-2026-000001', 'YEP-2026-000002']);
    expect(items[0]).not.toHaveProperty('facts');
    expect(items[0]).not.toHaveProperty('GSI1PK');
  });

  it('a partner reads its own list (GSI2): the cases it sees now, by a key condition, never a filter', async () => {
    await request(listCases, '/cases', 'GET /cases', oujda, { query: youth });
    const input = queried()[0]!;
    expect(input.IndexName).toBe('GSI2');
    expect(input.KeyConditionExpression).toBe('#pk = :pk AND #sk > :after');
    expect(input.ExpressionAttributeNames).toEqual({ '#pk': 'GSI2PK', '#sk': 'GSI2SK' });
    expect(input.ExpressionAttributeValues).toEqual({
      ':pk': 'PARTNERCASES#assoc-oujda#youth-employability#enrolled',
      ':after': expect.stringMatching(/^\d{4}-\d\d-\d\dT[\d:.]+Z#~$/),
    });
    expect(input.FilterExpression).toBeUndefined();
  });

  it('a partner user without an association, or whose association is not registered, sees an empty queue', async () => {
    for (const who of [
      { sub: 'p2', groups: '[partner]' },
      { sub: 'p3', groups: '[partner]', partnerId: 'assoc-sans-fiche' },
    ]) {
      const result = await request(listCases, '/cases', 'GET /cases', who, { query: youth });
      expect(result.statusCode).toBe(200);
      expect(parse(result)).toEqual({ items: [] });
    }
    expect(queried()).toHaveLength(0);
  });

  it("a partner's page continues after the last case shown; a staff queue's cursor is refused", async () => {
    const listed = (n: number, until: string) => ({
      ...caseItem(n),
      SK: 'PARTNERACCESS#assoc-oujda',
      GSI2PK: 'PARTNERCASES#assoc-oujda#youth-employability#enrolled',
      GSI2SK: `${until}#${caseItem(n).caseId}`,
    });
    ddb.on(QueryCommand).resolves({
      Items: [listed(1, '2999-01-01T00:00:00.000Z'), listed(2, '2999-01-02T00:00:00.000Z'), listed(3, '2999-01-03T00:00:00.000Z')],
    });
    const page = parse(await request(listCases, '/cases', 'GET /cases', oujda, { query: { ...youth, limit: '2' } }));
    expect((page.items as { reference: string }[]).map((item) => item.reference)).toEqual(['YEP-2026-000001', 'YEP-2026-000002']);
    const cursor = JSON.parse(Buffer.from(positionOf(page.next as string), 'base64url').toString('utf8')) as Record<string, string>;
    expect(Object.keys(cursor).sort()).toEqual(['GSI2PK', 'GSI2SK', 'PK', 'SK']);
    expect(cursor.GSI2SK).toBe(`2999-01-02T00:00:00.000Z#${caseItem(2).caseId}`);

    const staffCursor = Buffer.from(
      JSON.stringify({ PK: 'x', SK: 'CASE', GSI1PK: 'QUEUE#youth-employability#enrolled', GSI1SK: 'z' }),
    ).toString('base64url');
    const refused = await request(listCases, '/cases', 'GET /cases', oujda, { query: { ...youth, cursor: staffCursor } });
    expect(refused.statusCode).toBe(400);
  });

  it('programme and stage are required; every missing parameter is listed (400)', async () => {
    const result = await request(listCases, '/cases', 'GET /cases', amina, { language: 'en' });
    expect(result.statusCode).toBe(400);
    expect((parse(result) as { errors: { pointer: string }[] }).errors.map((e) => e.pointer).sort()).toEqual(['/programme', '/stage']);
  });

  it('an invalid cursor is 400', async () => {
    const result = await request(listCases, '/cases', 'GET /cases', amina, {
      query: { ...youth, cursor: Buffer.from('[1]').toString('base64url') },
    });
    expect(result.statusCode).toBe(400);
    expect(parse(result).type).toBe('urn:casework:problem:invalidCursor');
  });
});
