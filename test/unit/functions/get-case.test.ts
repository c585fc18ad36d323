// GET /cases/{caseId} with a mocked DynamoDB: one case with its tasks and what the workflows recorded.
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { mockClient } from 'aws-sdk-client-mock';
import { DynamoDBDocumentClient, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { keys } from '../../../functions/adapters/dynamodb/keys.ts';
import { amina, caseId, caseItem, oujda, parse, request, taskId, type Handler } from '../../support/case-handlers.ts';

process.env.TABLE_NAME = 'casework-test';
process.env.POWERTOOLS_METRICS_DISABLED = 'true';
process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';

const ddb = mockClient(DynamoDBDocumentClient);
let getCase: Handler;

beforeAll(async () => {
  getCase = ((await import('../../../functions/get-case/handler.ts')) as unknown as { handler: Handler }).handler;
});

beforeEach(() => {
  ddb.on(GetCommand).resolves({});
  ddb.on(QueryCommand).resolves({ Items: [] });
});

afterEach(() => ddb.reset());

describe('GET /cases/{caseId}: one case', () => {
  it('includes its tasks and what the workflow recorded: closure, departure, check-ins, sustainability score', async () => {
    const score = { economic: 0.8, social: 0.7, psychosocial: 0.6, overall: 0.7, sustainable: true };
    ddb.on(GetCommand, { Key: keys.case(caseId) }).resolves({
      Item: {
        ...caseItem(1, { caseId, programme: 'avrr' }),
        departedAt: '2027-01-15T08:00:00.000Z',
        checkIns: { 'checkin-3': { outcome: 'completed', at: '2027-04-15T09:00:00.000Z', score } },
        latestSustainabilityScore: score,
        closureReason: 'completed',
        closedAt: '2028-01-15T09:00:00.000Z',
      },
    });
    ddb.on(QueryCommand).callsFake((input: { ExpressionAttributeValues: Record<string, string> }) =>
      input.ExpressionAttributeValues[':sk'] === 'TASK#'
        ? {
            Items: [
              {
                ...keys.caseTask(caseId, taskId),
                taskId,
                caseId,
                step: 'screening',
                status: 'completed',
                dueAt: '2026-12-08T09:00:00.000Z',
              },
            ],
          }
        : { Items: [] },
    );

    const result = await request(getCase, `/cases/${caseId}`, 'GET /cases/{caseId}', amina, { pathParameters: { caseId } });

    expect(result.statusCode).toBe(200);
    const body = parse(result);
    expect(body).toMatchObject({
      departedAt: '2027-01-15T08:00:00.000Z',
      closureReason: 'completed',
      closedAt: '2028-01-15T09:00:00.000Z',
      latestSustainabilityScore: score,
    });
    expect(body.checkIns).toHaveProperty('checkin-3');
    expect(body.tasks).toEqual([{ taskId, step: 'screening', status: 'completed', dueAt: '2026-12-08T09:00:00.000Z' }]);
    expect(body).not.toHaveProperty('GSI1PK');
  });

  it('a partner asking for a case not shared with it is told it does not exist: 404, and neither persons nor tasks are read', async () => {
    ddb.on(GetCommand, { Key: keys.case(caseId) }).resolves({ Item: caseItem(1, { caseId, partnerId: 'assoc-tanger' }) });

    const result = await request(getCase, `/cases/${caseId}`, 'GET /cases/{caseId}', oujda, { pathParameters: { caseId } });

    expect(result.statusCode).toBe(404);
    expect(ddb.commandCalls(QueryCommand)).toHaveLength(0);
  });

  it('the partner it is shared with sees it', async () => {
    ddb.on(GetCommand, { Key: keys.case(caseId) }).resolves({ Item: caseItem(1, { caseId, partnerId: 'assoc-oujda' }) });
    const result = await request(getCase, `/cases/${caseId}`, 'GET /cases/{caseId}', oujda, { pathParameters: { caseId } });
    expect(result.statusCode).toBe(200);
    expect(parse(result)).toMatchObject({ caseId, partnerId: 'assoc-oujda', persons: [], tasks: [] });
  });
});
