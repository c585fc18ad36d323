// GET /cases/by-reference/{reference} and POST /persons/searches with a mocked DynamoDB: the reference
// normalised before the read, refusals as localized problems, each search recorded without its terms.
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { mockClient } from 'aws-sdk-client-mock';
import { BatchGetCommand, DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { keys } from '../../../functions/adapters/dynamodb/keys.ts';
import { amina, caseItem, oujda, parse, type Handler } from '../../support/case-handlers.ts';
import { httpEvent, lambdaContext } from '../../support/events.ts';
import { registeredAssociations } from '../../support/task-handlers.ts';

process.env.TABLE_NAME = 'casework-test';
process.env.POWERTOOLS_METRICS_DISABLED = 'true';
process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';

const ddb = mockClient(DynamoDBDocumentClient);
let byReference: Handler;
let searchPersons: Handler;

beforeAll(async () => {
  byReference = ((await import('../../../functions/get-case-by-reference/handler.ts')) as unknown as { handler: Handler }).handler;
  searchPersons = ((await import('../../../functions/search-persons/handler.ts')) as unknown as { handler: Handler }).handler;
});

beforeEach(() => {
  ddb.on(GetCommand).resolves({});
  ddb.on(QueryCommand).resolves({ Items: [] });
  ddb.on(PutCommand).resolves({});
  registeredAssociations(ddb, 'assoc-oujda');
});

afterEach(() => ddb.reset());

const claims = (who: { sub: string; groups: string; partnerId?: string }) => ({
  sub: who.sub,
  'cognito:groups': who.groups,
  ...(who.partnerId ? { partner_id: who.partnerId } : {}),
});

const lookup = (reference: string, who = amina, language = 'fr') =>
  byReference(
    httpEvent({
      method: 'GET',
      path: `/cases/by-reference/${encodeURIComponent(reference)}`,
      routeKey: 'GET /cases/by-reference/{reference}',
      headers: { 'accept-language': language },
      pathParameters: { reference },
      claims: claims(who),
    }),
    lambdaContext,
  );

const search = (body: unknown, who = amina, language = 'fr') =>
  searchPersons(
    httpEvent({
      method: 'POST',
      path: '/persons/searches',
      routeKey: 'POST /persons/searches',
      headers: { 'accept-language': language, 'content-type': 'application/json' },
      body: JSON.stringify(body),
      claims: claims(who),
    }),
    lambdaContext,
  );

describe('GET /cases/by-reference/{reference}', () => {
  it('reads the reference written out from what was read over the phone', async () => {
    const item = caseItem(1, { reference: 'YOUTH-2026-000123' });
    ddb.on(GetCommand, { Key: keys.caseReference('YOUTH-2026-000123') }).resolves({ Item: { caseId: item.caseId } });
    ddb.on(GetCommand, { Key: keys.case(item.caseId) }).resolves({ Item: item });
    const result = await lookup('youth 2026 123');
    expect(result.statusCode).toBe(200);
    expect(parse(result)).toEqual({
      caseId: item.caseId,
      reference: 'YOUTH-2026-000123',
      programme: 'youth-employability',
      caseType: 'youth-enrolment',
      stage: 'enrolled',
      status: 'open',
    });
    // The lookup is in the access log.
    expect(ddb.commandCalls(PutCommand).map((c) => c.args[0].input.Item)).toEqual([
      expect.objectContaining({ entity: 'AccessRecord', what: 'reference', caseId: item.caseId, by: 'amina' }),
    ]);
  });

  it('a malformed reference is a 400 problem in the caller’s language, nothing read', async () => {
    const result = await lookup('hello', amina, 'ar');
    expect(result.statusCode).toBe(400);
    expect(result.headers?.['content-type']).toContain('application/problem+json');
    const body = parse(result) as { errors: { code: string; message: string }[] };
    expect(body.errors).toEqual([expect.objectContaining({ code: 'reference_malformed' })]);
    expect(body.errors[0]!.message).toMatch(/[\u0600-\u06FF]/);
    expect(ddb.commandCalls(GetCommand).filter((c) => String(c.args[0].input.Key?.PK).startsWith('CASEREF#'))).toEqual([]);
  });

  it('a case the partner may not see is a 404, as a missing one, and nothing is recorded', async () => {
    const item = caseItem(2, { reference: 'YOUTH-2026-000002', partnerId: 'assoc-tanger' });
    ddb.on(GetCommand, { Key: keys.caseReference('YOUTH-2026-000002') }).resolves({ Item: { caseId: item.caseId } });
    ddb.on(GetCommand, { Key: keys.case(item.caseId) }).resolves({ Item: item });
    expect((await lookup('YOUTH-2026-000002', oujda)).statusCode).toBe(404);
    expect((await lookup('YOUTH-2026-000009')).statusCode).toBe(404);
    expect(ddb.commandCalls(PutCommand)).toEqual([]);
  });
});

describe('POST /persons/searches', () => {
  it('refuses a caller who is neither staff nor a partner association’s user, before reading anything', async () => {
    const result = await search({ name: 'Mohamed' }, { sub: 'nadia', groups: '[data-protection]' });
    expect(result.statusCode).toBe(403);
    expect(ddb.commandCalls(QueryCommand)).toEqual([]);
    expect(ddb.commandCalls(PutCommand)).toEqual([]);
  });

  it('refuses anything but exactly one criterion, every error listed', async () => {
    for (const body of [{}, { name: 'Mohamed', phone: '0612345678' }]) {
      const result = await search(body, amina, 'en');
      expect(result.statusCode).toBe(422);
      expect((parse(result) as { errors: { code: string }[] }).errors).toEqual([expect.objectContaining({ code: 'one_search_criterion' })]);
    }
    const phone = await search({ phone: '12' });
    expect((parse(phone) as { errors: { code: string; pointer?: string }[] }).errors).toEqual([
      expect.objectContaining({ code: 'phone_invalid' }),
    ]);
  });

  it('records the search with its criterion and counts, never its terms, and logs none either', async () => {
    const item = caseItem(3);
    const personId = '33333333-0000-4000-a000-000000000000';
    ddb.on(QueryCommand).resolves({ Items: [{ caseId: item.caseId, personId }] });
    ddb.on(BatchGetCommand).callsFake((input: { RequestItems: Record<string, { Keys: { PK: string; SK: string }[] }> }) => {
      const wanted = input.RequestItems['casework-test']!.Keys;
      return {
        Responses: {
          'casework-test': wanted.map((key) =>
            key.SK === 'CASE'
              ? item
              : {
                  ...key,
                  entity: 'Person',
                  caseId: item.caseId,
                  personId,
                  role: 'youth',
                  data: { givenNames: 'Mohamed', familyName: 'Alaoui' },
                },
          ),
        },
      };
    });
    const result = await search({ name: 'Mohammed Alaoui' });
    expect(result.statusCode).toBe(200);
    expect(parse(result)).toMatchObject({
      criterion: 'name',
      truncated: false,
      results: [{ caseId: item.caseId, personId, givenNames: 'Mohamed' }],
    });
    const records = ddb.commandCalls(PutCommand).map((c) => c.args[0].input.Item as Record<string, unknown>);
    expect(records).toHaveLength(2);
    expect(records.map((r) => r.what)).toEqual(['search', 'search']);
    expect(records.map((r) => r.caseId)).toEqual(expect.arrayContaining([undefined, item.caseId]));
    expect(JSON.stringify(records)).not.toMatch(/alaoui|mohamm?ed/i);
    // The index is read by key only.
    expect(
      ddb.commandCalls(QueryCommand).every((c) => String(c.args[0].input.ExpressionAttributeValues?.[':pk']).startsWith('SEARCH#')),
    ).toBe(true);
  });
});
