// GET /cases/{caseId}/history with a mocked DynamoDB: the timeline, with the case's visibility.
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { mockClient } from 'aws-sdk-client-mock';
import { DynamoDBDocumentClient, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { keys } from '../../../functions/adapters/dynamodb/keys.ts';
import { httpEvent, lambdaContext } from '../../support/events.ts';

process.env.TABLE_NAME = 'casework-test';
process.env.POWERTOOLS_METRICS_DISABLED = 'true';
process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';

const ddb = mockClient(DynamoDBDocumentClient);
type Handler = (event: unknown, context: unknown) => Promise<APIGatewayProxyStructuredResultV2>;
let getHistory: Handler;

type Who = { sub: string; groups: string; partnerId?: string };
const oujda: Who = { sub: 'p-oujda', groups: '[partner]', partnerId: 'assoc-oujda' };
const caseId = '11111111-2222-4333-8444-555555555555';
const taskId = '0a1b2c3d-4e5f-4a6b-a7c8-9d0e1f2a3b4c';

function caseItem(n: number, extra: Record<string, unknown> = {}) {
  const id = `2000000${n}-0000-4000-a000-000000000000`;
  const updatedAt = `2026-12-0${n}T09:00:00.000Z`;
  return {
    ...keys.case(id),
    ...keys.caseQueue('youth-employability', 'enrolled', updatedAt, id),
    entity: 'Case',
    caseId: id,
    reference: `YEP-2026-00000${n}`,
    programme: 'youth-employability',
    caseType: 'youth-enrolment',
    formId: 'youth-enrolment',
    formVersion: 1,
    stage: 'enrolled',
    status: 'open',
    facts: { nationality: 'MA' },
    createdAt: updatedAt,
    updatedAt,
    version: 1,
    ...extra,
  };
}

function request(handler: Handler, path: string, routeKey: string, who: Who, init: { query?: Record<string, string>; pathParameters?: Record<string, string>; language?: string } = {}) {
  return handler(
    httpEvent({
      method: 'GET',
      path,
      routeKey,
      headers: { 'accept-language': init.language ?? 'fr' },
      ...(init.query ? { query: init.query } : {}),
      ...(init.pathParameters ? { pathParameters: init.pathParameters } : {}),
      claims: { sub: who.sub, 'cognito:groups': who.groups, ...(who.partnerId ? { 'custom:partnerId': who.partnerId } : {}) },
    }),
    lambdaContext,
  );
}

const parse = (result: APIGatewayProxyStructuredResultV2) => JSON.parse(result.body ?? 'null') as Record<string, unknown>;
const queried = () => ddb.commandCalls(QueryCommand).map((call) => call.args[0].input);

beforeAll(async () => {
  getHistory = ((await import('../../../functions/get-case-history/handler.ts')) as unknown as { handler: Handler }).handler;
});

beforeEach(() => {
  ddb.on(GetCommand).resolves({});
  ddb.on(QueryCommand).resolves({ Items: [] });
});

afterEach(() => ddb.reset());

describe('GET /cases/{caseId}/history: the timeline', () => {
  const history = () => request(getHistory, `/cases/${caseId}/history`, 'GET /cases/{caseId}/history', oujda, { pathParameters: { caseId } });

  beforeEach(() => {
    ddb.on(QueryCommand).resolves({
      Items: [
        { ...keys.caseEvent(caseId, '2026-12-01T09:00:00.000Z', 'e1'), caseId, eventId: 'e1', at: '2026-12-01T09:00:00.000Z', type: 'case.submitted', actor: { kind: 'public' }, details: {} },
        { ...keys.caseEvent(caseId, '2026-12-02T09:00:00.000Z', 'e2'), caseId, eventId: 'e2', at: '2026-12-02T09:00:00.000Z', type: 'task.opened', actor: { kind: 'system', id: 'workflow' }, details: { taskId } },
      ],
    });
  });

  it('the partner a case is shared with reads its events in order', async () => {
    ddb.on(GetCommand, { Key: keys.case(caseId) }).resolves({ Item: caseItem(1, { caseId, partnerId: 'assoc-oujda' }) });

    const result = await history();

    expect(result.statusCode).toBe(200);
    const body = parse(result) as { caseId: string; events: { type: string }[] };
    expect(body.caseId).toBe(caseId);
    expect(body.events.map((event) => event.type)).toEqual(['case.submitted', 'task.opened']);
    expect(queried()[0]!.ExpressionAttributeValues).toMatchObject({ ':pk': `CASE#${caseId}`, ':sk': 'EVENT#' });
  });

  it("another association's case has no history for a partner: 404, and nothing is read beyond the case", async () => {
    ddb.on(GetCommand, { Key: keys.case(caseId) }).resolves({ Item: caseItem(1, { caseId, partnerId: 'assoc-tanger' }) });

    const result = await history();

    expect(result.statusCode).toBe(404);
    expect(queried()).toHaveLength(0);
  });
});
