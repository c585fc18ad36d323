// The association routes' handlers on a mocked table: who gets what, the conditional writes, and
// the submission on an association's behalf.
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { mockClient } from 'aws-sdk-client-mock';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { getForm } from '../../../domain/forms/index.ts';
import { exampleAssociation } from '../../../domain/associations/association.ts';
import { httpEvent, lambdaContext } from '../../support/events.ts';
import '../../support/cursor-key.ts';
import { useLocalFieldKeyFile } from '../../support/field-key.ts';

process.env.TABLE_NAME = 'casework-test';
process.env.CASE_WORKFLOW_ARNS = JSON.stringify({});
process.env.POWERTOOLS_METRICS_DISABLED = 'true';
process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
useLocalFieldKeyFile();
process.env.CONTROLLER_NAME = 'Mission de test';
process.env.DATA_PROTECTION_CONTACT = 'dpo@test.example';
process.env.CNDP_REFERENCE = 'D-GC-123/2026';

type Handler = (event: unknown, context: unknown) => Promise<APIGatewayProxyStructuredResultV2>;
const ddb = mockClient(DynamoDBDocumentClient);
const handlers: Record<string, Handler> = {};

const A = 'asso-jeunesse-avenir-sale';
const B = 'association-tadamoun-oujda';
const admin = { sub: 'admin-1', 'cognito:groups': '[admin]' };
const supervisor = { sub: 'sup-1', 'cognito:groups': '[supervisor]' };
const caseworker = { sub: 'amina', 'cognito:groups': '[caseworker]' };
const partnerA = { sub: 'p-a', 'cognito:groups': '[partner]', partner_id: A };
const partnerB = { sub: 'p-b', 'cognito:groups': '[partner]', partner_id: B };
const dpo = { sub: 'dpo', 'cognito:groups': '[data-protection]' };

const stored = (associationId: string, status = 'active', version = 1) => ({
  PK: 'ASSOCIATIONS',
  SK: `ASSOCIATION#${associationId}`,
  entity: 'Association',
  ...exampleAssociation,
  associationId,
  status,
  createdAt: '2026-05-01T10:00:00.000Z',
  createdBy: 'admin-1',
  updatedAt: '2026-05-01T10:00:00.000Z',
  updatedBy: 'admin-1',
  version,
});
const inTable = (associationId: string, status = 'active', version = 1) =>
  ddb
    .on(GetCommand, { Key: { PK: 'ASSOCIATIONS', SK: `ASSOCIATION#${associationId}` } })
    .resolves({ Item: stored(associationId, status, version) });

function call(
  name: string,
  init: {
    method: string;
    path: string;
    routeKey: string;
    claims?: Record<string, string>;
    body?: unknown;
    params?: Record<string, string>;
    language?: string;
    query?: Record<string, string>;
  },
) {
  return handlers[name]!(
    httpEvent({
      method: init.method,
      path: init.path,
      routeKey: init.routeKey,
      ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
      headers: {
        'content-type': 'application/json',
        'idempotency-key': 'key-0001-abcdef',
        ...(init.language ? { 'accept-language': init.language } : {}),
      },
      ...(init.params ? { pathParameters: init.params } : {}),
      ...(init.query ? { query: init.query } : {}),
      ...(init.claims ? { claims: init.claims } : {}),
    }),
    lambdaContext,
  );
}
const problemType = (result: APIGatewayProxyStructuredResultV2) => (JSON.parse(result.body!) as { type: string }).type.split(':').pop();

beforeAll(async () => {
  for (const name of [
    'create-association',
    'get-association',
    'list-associations',
    'update-association',
    'list-association-cases',
    'submit-association-form',
  ])
    handlers[name] = ((await import(`../../../functions/${name}/handler.ts`)) as { handler: Handler }).handler;
});

beforeEach(() => {
  ddb.on(GetCommand).resolves({});
  ddb.on(QueryCommand).resolves({ Items: [] });
  ddb.on(PutCommand).resolves({});
  ddb.on(UpdateCommand).resolves({ Attributes: { sequence: 4200 } });
  ddb.on(TransactWriteCommand).resolves({});
});
afterEach(() => ddb.reset());

const create = (claims: Record<string, string>, body: unknown = exampleAssociation, language?: string) =>
  call('create-association', {
    method: 'POST',
    path: '/associations',
    routeKey: 'POST /associations',
    claims,
    body,
    ...(language ? { language } : {}),
  });

describe('POST /associations', () => {
  it('registers an association for an administrator or supervisor, never overwriting one', async () => {
    for (const claims of [admin, supervisor]) {
      const result = await create(claims);
      expect(result.statusCode).toBe(201);
      expect(JSON.parse(result.body!)).toMatchObject({ associationId: A, status: 'active', version: 1, createdBy: claims.sub });
    }
    const puts = ddb.commandCalls(PutCommand);
    expect(puts[0]!.args[0].input).toMatchObject({
      Item: { PK: 'ASSOCIATIONS', SK: `ASSOCIATION#${A}` },
      ConditionExpression: 'attribute_not_exists(PK)',
    });
  });

  it('answers 409 when the id is taken', async () => {
    ddb.on(PutCommand).rejects(new ConditionalCheckFailedException({ message: 'taken', $metadata: {} }));
    const result = await create(admin);
    expect(result.statusCode).toBe(409);
    expect(problemType(result)).toBe('associationExists');
  });

  it('refuses caseworkers, partners and the data-protection officer without a write', async () => {
    for (const claims of [caseworker, partnerA, dpo]) expect((await create(claims)).statusCode).toBe(403);
    expect(ddb.commandCalls(PutCommand)).toHaveLength(0);
  });

  it('lists every field error of a bad body, localized, without a write', async () => {
    const result = await create(admin, { ...exampleAssociation, associationId: 'X', city: 'paris', contactPeople: [] }, 'en');
    expect(result.statusCode).toBe(422);
    expect(result.headers?.['content-type']).toBe('application/problem+json');
    const body = JSON.parse(result.body!) as { errors: { pointer: string; message: string }[] };
    expect(body.errors.map((e) => e.pointer).sort()).toEqual(['/associationId', '/city', '/contactPeople']);
    expect(body.errors.find((e) => e.pointer === '/city')!.message).toContain('City of the head office');
    expect(ddb.commandCalls(PutCommand)).toHaveLength(0);
  });
});

describe('reading associations', () => {
  const get = (claims: Record<string, string>, associationId: string) =>
    call('get-association', {
      method: 'GET',
      path: `/associations/${associationId}`,
      routeKey: 'GET /associations/{associationId}',
      claims,
      params: { associationId },
    });

  it('a partner user reads its own; another association is not found, without a read', async () => {
    inTable(A);
    inTable(B);
    expect((await get(partnerA, A)).statusCode).toBe(200);
    expect((await get(caseworker, B)).statusCode).toBe(200);
    const other = await get(partnerA, B);
    expect(other.statusCode).toBe(404);
    expect(other.body).not.toContain('Bennani');
    expect(ddb.commandCalls(GetCommand).filter((c) => c.args[0].input.Key?.SK === `ASSOCIATION#${B}`)).toHaveLength(1);
    expect((await get(dpo, A)).statusCode).toBe(403);
    expect((await get(admin, 'unknown-asso')).statusCode).toBe(404);
  });

  it('a partner’s list is its own association, read by key (no query of the others)', async () => {
    inTable(A);
    const list = (claims: Record<string, string>) =>
      call('list-associations', { method: 'GET', path: '/associations', routeKey: 'GET /associations', claims });
    const own = await list(partnerA);
    expect(JSON.parse(own.body!)).toMatchObject({ items: [{ associationId: A }] });
    expect(ddb.commandCalls(QueryCommand)).toHaveLength(0);
    expect(JSON.parse((await list(partnerB)).body!)).toEqual({ items: [] });
    ddb.on(QueryCommand).resolves({ Items: [stored(A), stored(B)] });
    const all = await list(supervisor);
    expect((JSON.parse(all.body!) as { items: { associationId: string }[] }).items.map((a) => a.associationId)).toEqual([A, B]);
    expect(ddb.commandCalls(QueryCommand)[0]!.args[0].input).toMatchObject({ ExpressionAttributeValues: { ':pk': 'ASSOCIATIONS' } });
  });

  it('an association’s cases: ids and codes only, for staff and its own users; others 404', async () => {
    inTable(A);
    const caseId = '0b0f1a52-3b7e-4c61-9d1e-6f7a8b9c0d1e';
    ddb.on(QueryCommand).resolves({
      Items: [{ PK: `ASSOCIATION#${A}`, SK: `CASE#2026-05-01#${caseId}`, associationId: A, caseId, createdAt: '2026-05-01T10:00:00.000Z' }],
    });
    ddb.on(BatchGetCommand).resolves({
      Responses: {
        'casework-test': [
          {
            caseId,
            reference: 'YOUTH-2026-000001',
            programme: 'youth-employability',
            caseType: 'youth-enrolment',
            stage: 'submitted',
            status: 'open',
            facts: { sex: 'male' },
            createdAt: '2026-05-01T10:00:00.000Z',
            updatedAt: '2026-05-01T10:00:00.000Z',
          },
        ],
      },
    });
    const cases = (claims: Record<string, string>, associationId: string) =>
      call('list-association-cases', {
        method: 'GET',
        path: `/associations/${associationId}/cases`,
        routeKey: 'GET /associations/{associationId}/cases',
        claims,
        params: { associationId },
      });
    const own = await cases(partnerA, A);
    expect(own.statusCode).toBe(200);
    expect(JSON.parse(own.body!)).toEqual({
      items: [
        {
          caseId,
          reference: 'YOUTH-2026-000001',
          programme: 'youth-employability',
          caseType: 'youth-enrolment',
          stage: 'submitted',
          status: 'open',
          createdAt: '2026-05-01T10:00:00.000Z',
        },
      ],
    });
    expect((await cases(caseworker, A)).statusCode).toBe(200);
    expect((await cases(partnerB, A)).statusCode).toBe(404);
    expect((await cases(admin, 'unknown-asso')).statusCode).toBe(404);
  });
});

describe('PUT /associations/{associationId}', () => {
  const { associationId: _id, ...details } = exampleAssociation;
  const update = (claims: Record<string, string>, body: unknown) =>
    call('update-association', {
      method: 'PUT',
      path: `/associations/${A}`,
      routeKey: 'PUT /associations/{associationId}',
      claims,
      body,
      params: { associationId: A },
    });

  it('deactivates from the version read, conditional on it', async () => {
    inTable(A, 'active', 3);
    const result = await update(supervisor, { ...details, status: 'inactive', version: 3 });
    expect(result.statusCode).toBe(200);
    expect(JSON.parse(result.body!)).toMatchObject({ status: 'inactive', version: 4, updatedBy: 'sup-1' });
    expect(ddb.commandCalls(PutCommand)[0]!.args[0].input).toMatchObject({ ExpressionAttributeValues: { ':read': 3 } });
  });

  it('answers 409 on a stale version, read or written', async () => {
    inTable(A, 'active', 3);
    expect(problemType(await update(admin, { ...details, status: 'active', version: 2 }))).toBe('associationChanged');
    expect(ddb.commandCalls(PutCommand)).toHaveLength(0);
    ddb.on(PutCommand).rejects(new ConditionalCheckFailedException({ message: 'changed', $metadata: {} }));
    const raced = await update(admin, { ...details, status: 'active', version: 3 });
    expect(raced.statusCode).toBe(409);
  });

  it('refuses a caseworker or the association’s own users; 404 for an unknown one', async () => {
    inTable(A);
    expect((await update(caseworker, { ...details, status: 'inactive', version: 1 })).statusCode).toBe(403);
    expect((await update(partnerA, { ...details, status: 'inactive', version: 1 })).statusCode).toBe(403);
    ddb.reset();
    ddb.on(GetCommand).resolves({});
    expect((await update(admin, { ...details, status: 'inactive', version: 1 })).statusCode).toBe(404);
  });
});

describe('POST /associations/{associationId}/forms/{formId}/submissions', () => {
  const youth = () => structuredClone(getForm('youth-enrolment')!.examples[0] as object);
  const submit = (claims: Record<string, string>, associationId: string, formId = 'youth-enrolment', body: object = youth()) =>
    call('submit-association-form', {
      method: 'POST',
      path: `/associations/${associationId}/forms/${formId}/submissions`,
      routeKey: 'POST /associations/{associationId}/forms/{formId}/submissions',
      claims,
      body,
      params: { associationId, formId },
    });
  const written = () =>
    ddb.commandCalls(TransactWriteCommand)[0]!.args[0].input.TransactItems!.flatMap((item) => (item.Put ? [item.Put.Item!] : []));

  it('mission staff open the association’s case on its behalf; the history names the staff user', async () => {
    inTable(A);
    const result = await submit(caseworker, A);
    expect(result.statusCode).toBe(201);
    expect(written().find((item) => item.entity === 'Case')).toMatchObject({ partnerId: A });
    const event = written().find((item) => item.entity === 'CaseEvent')!;
    expect(event.actor).toEqual({ kind: 'staff', id: 'amina' });
    expect(event.details).toMatchObject({ onBehalfOf: A });
    expect(written().find((item) => item.entity === 'AssociationCase')).toMatchObject({ PK: `ASSOCIATION#${A}` });
  });

  it('the association’s own users too; another association’s: 404, and nothing written', async () => {
    inTable(A);
    expect((await submit(partnerA, A)).statusCode).toBe(201);
    expect(written().find((item) => item.entity === 'CaseEvent')!.actor).toEqual({ kind: 'partner', id: 'p-a' });
    ddb.resetHistory();
    expect((await submit(partnerB, A)).statusCode).toBe(404);
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(0);
  });

  it('unknown association 404, deactivated 409, a form not an association’s 404', async () => {
    inTable(B, 'inactive');
    expect((await submit(admin, 'unknown-asso')).statusCode).toBe(404);
    const inactive = await submit(admin, B);
    expect(inactive.statusCode).toBe(409);
    expect(problemType(inactive)).toBe('associationInactive');
    inTable(A);
    const avrr = await submit(admin, A, 'avrr-application', structuredClone(getForm('avrr-application')!.examples[0] as object));
    expect(avrr.statusCode).toBe(404);
    expect(problemType(avrr)).toBe('associationFormNotFound');
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(0);
    expect((await submit(dpo, A)).statusCode).toBe(403);
  });
});
