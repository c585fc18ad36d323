// A work queue read through GET /tasks, with a mocked DynamoDB: which queue each person gets, in
// which order, and how pages follow each other.
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { mockClient } from 'aws-sdk-client-mock';
import { DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { clock } from '../../../functions/commons/clock.ts';
import { keys } from '../../../functions/adapters/dynamodb/keys.ts';
import { httpEvent, lambdaContext } from '../../support/events.ts';
import { registeredAssociations } from '../../support/task-handlers.ts';
import '../../support/cursor-key.ts';

process.env.TABLE_NAME = 'casework-test';
process.env.POWERTOOLS_METRICS_DISABLED = 'true';
process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';

const ddb = mockClient(DynamoDBDocumentClient);
let handler: (event: unknown, context: unknown) => Promise<APIGatewayProxyStructuredResultV2>;
const realNow = clock.now;

type Who = { sub: string; groups: string; partnerId?: string };
const amina: Who = { sub: 'amina', groups: '[caseworker]' };

function entry(n: number, dueAt: string, queuePK: string, extra: Record<string, unknown> = {}) {
  const taskId = `0000000${n}-0000-4000-a000-000000000000`;
  return {
    PK: queuePK,
    SK: `${dueAt}#${taskId}`,
    entity: 'TaskQueueEntry',
    taskId,
    caseId: `1000000${n}-0000-4000-a000-000000000000`,
    reference: `AVRR-2026-00000${n}`,
    programme: 'avrr',
    step: 'screening',
    dueAt,
    roles: ['caseworker'],
    ...extra,
  };
}

function list(query: Record<string, string> = {}, who: Who = amina, language = 'fr') {
  return handler(
    httpEvent({
      method: 'GET',
      path: '/tasks',
      routeKey: 'GET /tasks',
      headers: { 'accept-language': language },
      ...(Object.keys(query).length > 0 ? { query } : {}),
      claims: { sub: who.sub, 'cognito:groups': who.groups, ...(who.partnerId ? { partner_id: who.partnerId } : {}) },
    }),
    lambdaContext,
  );
}

const parse = (result: APIGatewayProxyStructuredResultV2) => JSON.parse(result.body ?? 'null') as Record<string, unknown>;
const queried = () => ddb.commandCalls(QueryCommand).map((call) => call.args[0].input);

beforeAll(async () => {
  ({ handler } = (await import('../../../functions/list-tasks/handler.ts')) as unknown as { handler: typeof handler });
});

beforeEach(() => {
  clock.now = () => new Date('2026-12-10T12:00:00Z');
  ddb.on(QueryCommand).resolves({ Items: [] });
  registeredAssociations(ddb, 'assoc-oujda', 'assoc-tanger', 'assoc-nador');
});

afterEach(() => {
  ddb.reset();
  clock.now = realNow;
});

describe('a caseworker opens their work queue', () => {
  it("overdue tasks come first: the role's queue, earliest due first, each flagged overdue against the clock", async () => {
    const pk = keys.queue('ROLE', 'caseworker').PK;
    ddb.on(QueryCommand).resolves({
      Items: [entry(1, '2026-12-01T09:00:00.000Z', pk), entry(2, '2026-12-10T11:59:00.000Z', pk), entry(3, '2026-12-15T09:00:00.000Z', pk)],
    });

    const result = await list();

    expect(result.statusCode).toBe(200);
    const input = queried()[0]!;
    expect(input.ExpressionAttributeValues).toMatchObject({ ':pk': 'TASKQ#ROLE#caseworker' });
    expect(input.ScanIndexForward).not.toBe(false);
    const items = parse(result).items as { reference: string; overdue: boolean; title: string; dueAt: string }[];
    expect(items.map((item) => [item.reference, item.overdue])).toEqual([
      ['AVRR-2026-000001', true],
      ['AVRR-2026-000002', true],
      ['AVRR-2026-000003', false],
    ]);
    expect(items[0]!.title).toBe("Examen d'éligibilité et conseil");
    expect(items[0]).not.toHaveProperty('PK');
    expect(parse(result)).not.toHaveProperty('next');
  });

  it('the step titles follow the caller’s language', async () => {
    ddb.on(QueryCommand).resolves({ Items: [entry(1, '2026-12-01T09:00:00.000Z', 'TASKQ#ROLE#caseworker')] });
    const items = parse(await list({}, amina, 'ar')).items as { title: string }[];
    expect(items[0]!.title).toBe('فحص الأهلية والإرشاد');
  });

  it('queue=mine lists the tasks assigned to the caller', async () => {
    await list({ queue: 'mine' });
    expect(queried()[0]!.ExpressionAttributeValues).toMatchObject({ ':pk': 'TASKQ#USER#amina' });
  });

  it("a supervisor who is also a caseworker reads the supervisors' queue when asking for it", async () => {
    await list({ role: 'supervisor' }, { sub: 'karim', groups: '[caseworker supervisor]' });
    expect(queried()[0]!.ExpressionAttributeValues).toMatchObject({ ':pk': 'TASKQ#ROLE#supervisor' });
  });

  it("a caseworker may not read the supervisors' queue: 403", async () => {
    const result = await list({ role: 'supervisor' });
    expect(result.statusCode).toBe(403);
    expect(parse(result).type).toBe('urn:casework:problem:queueNotAllowed');
    expect(queried()).toHaveLength(0);
  });

  it('filters by programme in the query itself', async () => {
    await list({ programme: 'avrr' });
    const input = queried()[0]!;
    expect(input.FilterExpression).toBe('#programme = :programme');
    expect(input.ExpressionAttributeValues).toMatchObject({ ':programme': 'avrr' });
  });
});

describe('partner associations', () => {
  const oujda: Who = { sub: 'p-oujda', groups: '[partner]', partnerId: 'assoc-oujda' };

  it("a partner only sees its association's queue", async () => {
    const result = await list({}, oujda);
    expect(result.statusCode).toBe(200);
    expect(queried()[0]!.ExpressionAttributeValues).toMatchObject({ ':pk': 'TASKQ#PARTNER#assoc-oujda' });
  });

  it("a partner cannot read a staff role's queue: 403", async () => {
    const result = await list({ queue: 'role', role: 'caseworker' }, oujda);
    expect(result.statusCode).toBe(403);
    expect(queried()).toHaveLength(0);
  });

  it('a caseworker has no partner queue: 403', async () => {
    expect((await list({ queue: 'partner' })).statusCode).toBe(403);
  });

  it("a partner's own queue lists only the tasks it may see, whoever handed it the others", async () => {
    // A supervisor may hand a task to any user id: a task of a case the association has no part in stays hidden.
    const pk = keys.queue('USER', 'p-oujda').PK;
    // The queue, then the shares of each case not the association's own: none.
    ddb
      .on(QueryCommand)
      .resolvesOnce({
        Items: [
          entry(1, '2026-12-01T09:00:00.000Z', pk, { roles: ['caseworker', 'partner'], partnerId: 'assoc-oujda', assignee: 'p-oujda' }),
          entry(2, '2026-12-02T09:00:00.000Z', pk, { roles: ['caseworker'], assignee: 'p-oujda' }),
          entry(3, '2026-12-03T09:00:00.000Z', pk, { roles: ['caseworker', 'partner'], partnerId: 'assoc-nador', assignee: 'p-oujda' }),
        ],
      })
      .resolves({ Items: [] });
    const result = await list({ queue: 'mine' }, oujda);
    expect(result.statusCode, result.body).toBe(200);
    expect((parse(result).items as { taskId: string }[]).map((item) => item.taskId)).toEqual(['00000001-0000-4000-a000-000000000000']);
    expect(parse(result).items).toEqual([expect.not.objectContaining({ partnerId: expect.anything() })]);
  });

  it("a partner user's own queue shows a service's step through its association's accepted referral of that service, not another service's", async () => {
    const pk = keys.queue('USER', 'p-oujda').PK;
    const caseId = '10000009-0000-4000-a000-000000000000';
    const referral = {
      PK: `CASE#${caseId}`,
      SK: 'SHARE#30000000-0000-4000-a000-000000000000',
      entity: 'CaseShare',
      shareId: '30000000-0000-4000-a000-000000000000',
      caseId,
      partnerId: 'assoc-oujda',
      scope: { service: 'service-medical' },
      purpose: 'service-delivery',
      until: '2027-06-01T00:00:00.000Z',
      createdAt: '2026-11-01T00:00:00.000Z',
      createdBy: 'amina',
      overrideReason: 'vital-interests',
      status: 'accepted',
    };
    const partnerStep = { roles: ['caseworker', 'partner'], assignee: 'p-oujda', caseId };
    ddb
      .on(QueryCommand)
      .resolvesOnce({
        Items: [
          entry(1, '2026-12-01T09:00:00.000Z', pk, { ...partnerStep, serviceId: 'service-medical' }),
          entry(2, '2026-12-02T09:00:00.000Z', pk, { ...partnerStep, serviceId: 'service-legal' }),
        ],
      })
      .resolves({ Items: [referral] });
    const result = await list({ queue: 'mine' }, oujda);
    expect(result.statusCode, result.body).toBe(200);
    expect(parse(result).items).toEqual([
      expect.objectContaining({ taskId: '00000001-0000-4000-a000-000000000000', serviceId: 'service-medical' }),
    ]);
  });

  it('neither the data-protection officer nor a user out of the partner group has a queue of their own: 403', async () => {
    for (const who of [
      { sub: 'dpo', groups: '[data-protection]' },
      { sub: 'ex-partner', groups: '[]', partnerId: 'assoc-oujda' },
    ]) {
      const result = await list({ queue: 'mine' }, who);
      expect(result.statusCode).toBe(403);
      expect(parse(result).type).toBe('urn:casework:problem:queueNotAllowed');
    }
    expect(queried()).toHaveLength(0);
  });
});

describe('pages', () => {
  const pk = keys.queue('ROLE', 'caseworker').PK;

  it('gives a cursor when more entries follow, and the next page starts right after the last one shown', async () => {
    ddb.on(QueryCommand).resolves({
      Items: [entry(1, '2026-12-01T09:00:00.000Z', pk), entry(2, '2026-12-02T09:00:00.000Z', pk), entry(3, '2026-12-03T09:00:00.000Z', pk)],
    });

    const first = parse(await list({ limit: '2' }));

    expect((first.items as unknown[]).length).toBe(2);
    expect(typeof first.next).toBe('string');
    ddb.resetHistory();
    await list({ limit: '2', cursor: first.next as string });
    expect(queried()[0]!.ExclusiveStartKey).toEqual({ PK: pk, SK: `2026-12-02T09:00:00.000Z#00000002-0000-4000-a000-000000000000` });
  });

  it('an invalid cursor is 400', async () => {
    const result = await list({ cursor: 'not-a-cursor' }, amina, 'en');
    expect(result.statusCode).toBe(400);
    expect(parse(result).title).toBe('Invalid pagination cursor');
    expect(queried()).toHaveLength(0);
  });

  it("a cursor of another person's queue is refused: 400", async () => {
    const foreign = Buffer.from(JSON.stringify({ PK: 'TASKQ#USER#karim', SK: '2026-12-01#x' })).toString('base64url');
    expect((await list({ cursor: foreign })).statusCode).toBe(400);
    expect(queried()).toHaveLength(0);
  });

  it('a limit outside 1..100 is 400 and names the parameter', async () => {
    const result = await list({ limit: '500' });
    expect(result.statusCode).toBe(400);
    expect((parse(result) as { errors: { pointer: string }[] }).errors.map((e) => e.pointer)).toEqual(['/limit']);
  });
});
