// The referral and reopening routes with the AWS clients mocked: who may, what a client gets wrong
// (422 with every field error, 409 with the reason, localized), and what the transaction writes.
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { mockClient } from 'aws-sdk-client-mock';
import { DynamoDBDocumentClient, GetCommand, QueryCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { CaseRecord } from '../../../domain/cases/model.ts';
import { keys } from '../../../functions/adapters/dynamodb/keys.ts';
import { httpEvent, lambdaContext } from '../../support/events.ts';
import { caseId } from '../../support/task-handlers.ts';
import { useLocalFieldKeyFile } from '../../support/field-key.ts';

process.env.TABLE_NAME = 'casework-test';
process.env.POWERTOOLS_METRICS_DISABLED = 'true';
process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
useLocalFieldKeyFile();

const ddb = mockClient(DynamoDBDocumentClient);
type Handler = (event: unknown, context: unknown) => Promise<APIGatewayProxyStructuredResultV2>;
let refer: Handler;
let reopen: Handler;

function protection(overrides: Partial<CaseRecord> = {}, facts: Record<string, unknown> = {}): CaseRecord {
  return {
    caseId,
    reference: 'PROT-2026-000042',
    programme: 'protection',
    caseType: 'protection',
    formId: 'protection-referral',
    formVersion: 1,
    stage: 'follow-up',
    status: 'open',
    facts: { nationality: 'NG', isChild: false, consentProcessing: true, ...facts },
    consents: [{ purpose: 'processing', basis: 'consent', given: true, source: 'intake', at: '2026-11-01T00:00:00.000Z' }],
    createdAt: '2026-11-01T00:00:00.000Z',
    updatedAt: '2026-11-01T00:00:00.000Z',
    version: 3,
    workflow: { phase: 'main', executionName: `${caseId}-main` },
    ...overrides,
  };
}

const stored = (record: CaseRecord) =>
  ddb.on(GetCommand, { Key: keys.case(record.caseId) }).resolves({ Item: { ...keys.case(record.caseId), entity: 'Case', ...record } });

function call(handler: Handler, suffix: string, body: unknown, who = { sub: 'amina', groups: '[caseworker]' }, language = 'fr') {
  return handler(
    httpEvent({
      method: 'POST',
      path: `/cases/${caseId}/${suffix}`,
      routeKey: `POST /cases/{caseId}/${suffix}`,
      pathParameters: { caseId },
      headers: { 'content-type': 'application/json', 'accept-language': language },
      body: JSON.stringify(body),
      claims: { sub: who.sub, 'cognito:groups': who.groups },
    }),
    lambdaContext,
  );
}

const parse = (result: APIGatewayProxyStructuredResultV2) => JSON.parse(result.body ?? 'null') as Record<string, unknown>;

beforeAll(async () => {
  ({ handler: refer } = (await import('../../../functions/refer-case/handler.ts')) as unknown as { handler: Handler });
  ({ handler: reopen } = (await import('../../../functions/reopen-case/handler.ts')) as unknown as { handler: Handler });
});

beforeEach(() => {
  ddb.on(GetCommand).resolves({});
  ddb.on(QueryCommand).resolves({ Items: [] });
  ddb.on(UpdateCommand).resolves({ Attributes: { sequence: 10 } });
  ddb.on(TransactWriteCommand).resolves({});
});

afterEach(() => ddb.reset());

describe('POST /cases/{caseId}/referrals', () => {
  it('opens the linked AVRR case: 201 with its reference, one transaction with both cases, its person and its workflow start', async () => {
    stored(protection());
    ddb.on(QueryCommand).resolves({
      Items: [
        {
          ...keys.person(caseId, 'p1'),
          entity: 'Person',
          personId: 'p1',
          caseId,
          role: 'applicant',
          data: { givenNames: 'Grace', familyName: 'Nkemelu', dateOfBirth: '1999-07-22' },
          createdAt: 'x',
        },
      ],
    });
    const result = await call(refer, 'referrals', { programme: 'avrr' });
    expect(result.statusCode, result.body).toBe(201);
    const body = parse(result);
    expect(body).toMatchObject({ programme: 'avrr', caseType: 'avrr', referredFrom: caseId, reference: 'AVRR-2026-000001' });
    expect(result.headers?.location).toBe(`/cases/${String(body.caseId)}`);
    const items = ddb.commandCalls(TransactWriteCommand)[0]!.args[0].input.TransactItems!;
    expect(items[0]!.Update!.Key).toEqual(keys.case(caseId));
    expect(items[0]!.Update!.ConditionExpression).toContain('#version = :expected');
    const puts = items.map((item) => item.Put?.Item as Record<string, unknown> | undefined).filter((item) => item !== undefined);
    expect(puts.map((item) => item.entity)).toEqual(
      expect.arrayContaining(['Case', 'CaseReference', 'CaseEvent', 'WorkflowStart', 'Person', 'IdentityEntry']),
    );
    expect(puts.find((item) => item.entity === 'Person')).toMatchObject({
      caseId: body.caseId,
      subjectId: 'p1',
      data: { givenNames: 'Grace' },
    });
    expect(puts.find((item) => item.entity === 'WorkflowStart')).toMatchObject({ SK: 'WORKFLOW#return', input: { caseType: 'avrr' } });
  });

  it('without consent to processing and no override: 409 saying why, in Arabic too; nothing written', async () => {
    stored(protection({ consents: [] }, { consentProcessing: false }));
    const result = await call(refer, 'referrals', { programme: 'avrr' }, undefined, 'ar');
    expect(result.statusCode).toBe(409);
    expect(result.headers?.['content-type']).toBe('application/problem+json');
    expect(parse(result)).toMatchObject({
      type: 'urn:casework:problem:referralWithoutConsent',
      detail: expect.stringContaining('overrideReason') as unknown,
    });
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(0);
  });

  it('a second referral while the first AVRR case is open: 409 naming it', async () => {
    const avrrId = '22222222-3333-4444-8555-666666666666';
    stored(protection({ links: [{ caseId: avrrId, programme: 'avrr', relation: 'referred-to' }] }));
    stored({ ...protection(), caseId: avrrId, reference: 'AVRR-2026-000007', programme: 'avrr', caseType: 'avrr' });
    const result = await call(refer, 'referrals', { programme: 'avrr' }, undefined, 'en');
    expect(result.statusCode).toBe(409);
    expect(parse(result).detail).toContain('AVRR-2026-000007');
    expect(parse(result).detail).toContain(avrrId);
  });

  it('a programme that does not accept the pair, every field error, a partner, a missing case', async () => {
    stored(protection({ programme: 'avrr', caseType: 'avrr' }));
    expect(parse(await call(refer, 'referrals', { programme: 'avrr' })).type).toBe('urn:casework:problem:referralNotAccepted');
    const invalid = await call(refer, 'referrals', { programme: 'mars', overrideReason: 'because', extra: 1 });
    expect(invalid.statusCode).toBe(422);
    expect((parse(invalid).errors as unknown[]).length).toBe(3);
    expect((await call(refer, 'referrals', { programme: 'avrr' }, { sub: 'p', groups: '[partner]' })).statusCode).toBe(403);
    ddb.on(GetCommand).resolves({});
    expect((await call(refer, 'referrals', { programme: 'avrr' })).statusCode).toBe(404);
  });
});

describe('POST /cases/{caseId}/reopening', () => {
  it('reopens a closed protection case: the case open again, its closure removed, its event and its workflow start', async () => {
    stored(protection({ status: 'closed', stage: 'closed', closureReason: 'needs-met', closedAt: '2026-11-20T00:00:00.000Z' }));
    const result = await call(reopen, 'reopening', { need: 'medical' });
    expect(result.statusCode, result.body).toBe(200);
    expect(parse(result)).toMatchObject({ caseId, status: 'open', stage: 'reopened', reopenCount: 1 });
    const items = ddb.commandCalls(TransactWriteCommand)[0]!.args[0].input.TransactItems!;
    expect(items[0]!.Update!.UpdateExpression).toMatch(/REMOVE/);
    expect(items.find((i) => i.Delete?.Key?.PK === 'CLOSED#protection')).toBeDefined();
    expect(items.find((i) => i.Put?.Item?.entity === 'WorkflowStart')!.Put!.Item).toMatchObject({
      SK: `WORKFLOW#main#${caseId}-reopened-1`,
      input: { entry: 'reopened', need: 'medical' },
    });
    expect(items.find((i) => i.Put?.Item?.type === 'case.reopened')!.Put!.Item).toMatchObject({ actor: { kind: 'staff', id: 'amina' } });
  });

  it('an open case, an AVRR case: 409 localized; a supervisor: 403; an unknown need: 422', async () => {
    stored(protection());
    const open = await call(reopen, 'reopening', { need: 'medical' }, undefined, 'en');
    expect(open.statusCode).toBe(409);
    expect(parse(open).type).toBe('urn:casework:problem:caseNotClosed');
    stored(protection({ programme: 'avrr', caseType: 'avrr', status: 'closed' }));
    expect(parse(await call(reopen, 'reopening', { need: 'medical' })).type).toBe('urn:casework:problem:reopeningNotAllowed');
    expect((await call(reopen, 'reopening', { need: 'medical' }, { sub: 'k', groups: '[supervisor]' })).statusCode).toBe(403);
    expect((await call(reopen, 'reopening', { need: 'a-house' })).statusCode).toBe(422);
  });
});
