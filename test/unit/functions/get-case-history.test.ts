// GET /cases/{caseId}/history with a mocked DynamoDB: the timeline, with the case's visibility.
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { mockClient } from 'aws-sdk-client-mock';
import { DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { keys } from '../../../functions/adapters/dynamodb/keys.ts';
import { caseId, caseItem, oujda, parse, request, taskId, type Handler } from '../../support/case-handlers.ts';
import { registeredAssociations } from '../../support/task-handlers.ts';

process.env.TABLE_NAME = 'casework-test';
process.env.POWERTOOLS_METRICS_DISABLED = 'true';
process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';

const ddb = mockClient(DynamoDBDocumentClient);
let getHistory: Handler;

/** The queries beyond the case's shares (read with the case, to decide who sees it). */
const queried = () =>
  ddb
    .commandCalls(QueryCommand)
    .map((call) => call.args[0].input)
    .filter((input) => input.ExpressionAttributeValues?.[':sk'] !== 'SHARE#');

beforeAll(async () => {
  getHistory = ((await import('../../../functions/get-case-history/handler.ts')) as unknown as { handler: Handler }).handler;
});

beforeEach(() => {
  ddb.on(GetCommand).resolves({});
  ddb.on(QueryCommand).resolves({ Items: [] });
  registeredAssociations(ddb, 'assoc-oujda', 'assoc-tanger', 'assoc-nador');
});

afterEach(() => ddb.reset());

describe('GET /cases/{caseId}/history: the timeline', () => {
  const history = () =>
    request(getHistory, `/cases/${caseId}/history`, 'GET /cases/{caseId}/history', oujda, { pathParameters: { caseId } });

  beforeEach(() => {
    ddb.on(QueryCommand).resolves({
      Items: [
        {
          ...keys.caseEvent(caseId, '2026-12-01T09:00:00.000Z', 'e1'),
          caseId,
          eventId: 'e1',
          at: '2026-12-01T09:00:00.000Z',
          type: 'case.submitted',
          actor: { kind: 'public' },
          details: {},
        },
        {
          ...keys.caseEvent(caseId, '2026-12-02T09:00:00.000Z', 'e2'),
          caseId,
          eventId: 'e2',
          at: '2026-12-02T09:00:00.000Z',
          type: 'task.opened',
          actor: { kind: 'system', id: 'workflow' },
          details: { taskId },
        },
      ],
    });
    ddb.on(QueryCommand, { ExpressionAttributeValues: { ':pk': `CASE#${caseId}`, ':sk': 'SHARE#' } }).resolves({ Items: [] });
  });

  it('says each event in one line in the Arabic the caller asked for', async () => {
    ddb.on(GetCommand, { Key: keys.case(caseId) }).resolves({ Item: caseItem(1, { caseId, partnerId: 'assoc-oujda' }) });
    const arabic = parse(
      await request(getHistory, `/cases/${caseId}/history`, 'GET /cases/{caseId}/history', oujda, {
        pathParameters: { caseId },
        language: 'ar',
      }),
    ) as { events: { summary: string }[] };
    expect(arabic.events[0]!.summary).toContain('الشخص (الاستمارة الإلكترونية) قدّم الطلب');
  });

  it('the partner a case is shared with reads its events in order', async () => {
    ddb.on(GetCommand, { Key: keys.case(caseId) }).resolves({ Item: caseItem(1, { caseId, partnerId: 'assoc-oujda' }) });

    const result = await history();

    expect(result.statusCode).toBe(200);
    const body = parse(result) as { caseId: string; events: { type: string }[] };
    expect(body.caseId).toBe(caseId);
    expect(body.events.map((event) => event.type)).toEqual(['case.submitted', 'task.opened']);
    // Each event with its one line in the caller's language (French here), beside its data.
    expect(body.events.map((event) => (event as { summary?: string }).summary)).toEqual([
      expect.stringMatching(/1 déc\. 2026.* — La personne \(formulaire en ligne\) a déposé la demande$/),
      expect.stringMatching(/ — L’étape .* est ouverte$/),
    ]);
    expect(queried()[0]!.ExpressionAttributeValues).toMatchObject({ ':pk': `CASE#${caseId}`, ':sk': 'EVENT#' });
    // The partner's read is recorded in the history: ids only.
    // The case history's own record (the access log's is asserted in access-log.test.ts).
    const recorded = ddb
      .commandCalls(PutCommand)
      .map((call) => call.args[0].input.Item!)
      .filter((item) => !String(item.PK).startsWith('ACCESS#'));
    expect(recorded).toEqual([
      expect.objectContaining({
        type: 'case.read-by-partner',
        actor: { kind: 'partner', id: 'p-oujda' },
        details: { partnerId: 'assoc-oujda', what: 'history' },
      }),
    ]);
  });

  it("another association's case has no history for a partner: 404, and nothing is read beyond the case", async () => {
    ddb.on(GetCommand, { Key: keys.case(caseId) }).resolves({ Item: caseItem(1, { caseId, partnerId: 'assoc-tanger' }) });

    const result = await history();

    expect(result.statusCode).toBe(404);
    expect(queried()).toHaveLength(0);
    expect(ddb.commandCalls(PutCommand)).toHaveLength(0);
  });
});
