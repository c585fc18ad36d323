// Who a case's partner association is: the authenticated partner caller's, never the body's. An
// association's form (youth enrolment) only from an existing, active association's staff; never
// through the public route.
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { mockClient } from 'aws-sdk-client-mock';
import { DynamoDBDocumentClient, GetCommand, QueryCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { getForm } from '../../../domain/forms/index.ts';
import { submissionFingerprint } from '../../../domain/intake/fingerprint.ts';
import { httpEvent, lambdaContext } from '../../support/events.ts';
import { useLocalFieldKeyFile } from '../../support/field-key.ts';
import { registeredAssociations } from '../../support/task-handlers.ts';

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
let partnerHandler: Handler;
let publicHandler: Handler;

const SALE = 'asso-jeunesse-avenir-sale';
const OUJDA = 'association-tadamoun-oujda';
const v1Example = () => ({ ...structuredClone(getForm('youth-enrolment', 1)!.examples[0] as object), partnerId: OUJDA });
const v2Example = () => structuredClone(getForm('youth-enrolment')!.examples[0] as object);

function post(
  handler: Handler,
  body: object,
  options: { version?: string; claims?: Record<string, string>; formId?: string; language?: string } = {},
) {
  const formId = options.formId ?? 'youth-enrolment';
  return handler(
    httpEvent({
      method: 'POST',
      path: `/partner/forms/${formId}/submissions`,
      routeKey: 'POST /partner/forms/{formId}/submissions',
      body: JSON.stringify(body),
      headers: {
        'content-type': 'application/json',
        'idempotency-key': 'key-0001-abcdef',
        ...(options.language ? { 'accept-language': options.language } : {}),
      },
      pathParameters: { formId },
      ...(options.version ? { query: { version: options.version } } : {}),
      ...(options.claims ? { claims: options.claims } : {}),
    }),
    lambdaContext,
  );
}

const saleUser = { sub: 'p-sale', 'cognito:groups': '[partner]', partner_id: SALE };

/** The association records the table holds (GetItem of `ASSOCIATIONS` / `ASSOCIATION#{id}`). */
function associationInTable(associationId: string, status: 'active' | 'inactive') {
  ddb.on(GetCommand, { Key: { PK: 'ASSOCIATIONS', SK: `ASSOCIATION#${associationId}` } }).resolves({
    Item: { PK: 'ASSOCIATIONS', SK: `ASSOCIATION#${associationId}`, associationId, status, version: 1 },
  });
}

function storedCase(): Record<string, unknown> {
  const writes = ddb.commandCalls(TransactWriteCommand);
  expect(writes).toHaveLength(1);
  const items = writes[0]!.args[0].input.TransactItems!.flatMap((item) => (item.Put ? [item.Put.Item!] : []));
  return items.find((item) => item.entity === 'Case')!;
}

beforeAll(async () => {
  ({ handler: partnerHandler } = (await import('../../../functions/submit-partner-form/handler.ts')) as unknown as { handler: Handler });
  ({ handler: publicHandler } = (await import('../../../functions/submit-form/handler.ts')) as unknown as { handler: Handler });
});

beforeEach(() => {
  ddb.on(GetCommand).resolves({});
  // The identity index, read after the case is stored for match suggestions: nobody found.
  ddb.on(QueryCommand).resolves({ Items: [] });
  ddb.on(UpdateCommand).resolves({ Attributes: { sequence: 4200 } });
  ddb.on(TransactWriteCommand).resolves({});
  registeredAssociations(ddb, 'assoc-oujda', 'assoc-tanger', 'assoc-nador');
});

afterEach(() => ddb.reset());

describe('the public route', () => {
  it('refuses an association’s form (every version), in fr, ar and en, and writes nothing', async () => {
    const details = new Set<string>();
    for (const [language, version] of [
      ['fr', '1'],
      ['ar', '2'],
      ['en', '2'],
    ] as const) {
      const result = await post(publicHandler, version === '1' ? v1Example() : v2Example(), { version, language });
      expect(result.statusCode).toBe(403);
      expect(result.headers?.['content-type']).toBe('application/problem+json');
      const problem = JSON.parse(result.body!) as { type: string; detail: string };
      expect(problem.type).toBe('urn:casework:problem:associationFormNotPublic');
      details.add(problem.detail);
    }
    expect([...details].join('\n')).toMatch(
      /association partenaire[\s\S]*جمعية شريكة[\s\S]*partner association’s staff, or by mission staff/,
    );
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(0);
  });

  it('stores no partner on the case of a form the public may submit', async () => {
    const body = structuredClone(getForm('avrr-application')!.examples[0] as object);
    const result = await post(publicHandler, body, { formId: 'avrr-application' });
    expect(result.statusCode).toBe(201);
    expect(storedCase()).not.toHaveProperty('partnerId');
  });
});

describe('the partner route', () => {
  beforeEach(() => associationInTable(SALE, 'active'));

  it('refuses an association’s form to the user of an association without a record, or a deactivated one', async () => {
    const unknown = await post(partnerHandler, v2Example(), { claims: { ...saleUser, partner_id: 'asso-sans-fiche' } });
    expect(unknown.statusCode).toBe(403);
    expect((JSON.parse(unknown.body!) as { type: string }).type).toBe('urn:casework:problem:associationNotActive');
    associationInTable(OUJDA, 'inactive');
    const inactive = await post(partnerHandler, v2Example(), { claims: { ...saleUser, partner_id: OUJDA }, language: 'ar' });
    expect(inactive.statusCode).toBe(403);
    expect(inactive.headers?.['content-language']).toBe('ar');
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(0);
  });

  it('takes another form (an AVRR referral) from the users of any active association; an unregistered one’s users act for none', async () => {
    const body = structuredClone(getForm('avrr-application')!.examples[0] as object);
    const unregistered = await post(partnerHandler, body, {
      formId: 'avrr-application',
      claims: { ...saleUser, partner_id: 'asso-sans-fiche' },
    });
    expect(unregistered.statusCode).toBe(403);
    expect(JSON.parse(unregistered.body ?? '{}')).toMatchObject({ type: 'urn:casework:problem:associationNotActive' });
    associationInTable('croissant-rouge-marocain', 'active');
    const result = await post(partnerHandler, body, {
      formId: 'avrr-application',
      claims: { ...saleUser, partner_id: 'croissant-rouge-marocain' },
    });
    expect(result.statusCode).toBe(201);
    expect(storedCase()).toMatchObject({ partnerId: 'croissant-rouge-marocain' });
  });

  it("makes the case the caller's association's, listed under it", async () => {
    const result = await post(partnerHandler, v2Example(), { claims: saleUser });
    expect(result.statusCode).toBe(201);
    expect(storedCase()).toMatchObject({ partnerId: SALE });
    const event = ddb
      .commandCalls(TransactWriteCommand)[0]!
      .args[0].input.TransactItems!.flatMap((item) => (item.Put ? [item.Put.Item!] : []))
      .find((item) => item.entity === 'CaseEvent')!;
    expect(event.actor).toEqual({ kind: 'partner', id: 'p-sale' });
    const entry = ddb
      .commandCalls(TransactWriteCommand)[0]!
      .args[0].input.TransactItems!.flatMap((item) => (item.Put ? [item.Put.Item!] : []))
      .find((item) => item.entity === 'AssociationCase')!;
    expect(entry).toMatchObject({ PK: `ASSOCIATION#${SALE}`, associationId: SALE, caseId: storedCase().caseId });
  });

  it('refuses a body naming another association (version 1), and writes nothing', async () => {
    const result = await post(partnerHandler, v1Example(), { version: '1', claims: saleUser });
    expect(result.statusCode).toBe(403);
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(0);
  });

  it('refuses mission staff and partner users without an association', async () => {
    expect((await post(partnerHandler, v2Example(), { claims: { sub: 'amina', 'cognito:groups': '[caseworker]' } })).statusCode).toBe(403);
    expect((await post(partnerHandler, v2Example(), { claims: { sub: 'p-x', 'cognito:groups': '[partner]' } })).statusCode).toBe(403);
    expect((await post(partnerHandler, v2Example())).statusCode).toBe(401);
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(0);
  });
});

describe('superseded versions of a form', () => {
  beforeEach(() => associationInTable(SALE, 'active'));
  const capacity = (version: number) => structuredClone(getForm('association-capacity-assessment', version)!.examples[0] as object);

  it('a retired version of the capacity assessment (1, 2) opens no case: 410 naming the current version, in fr, ar and en', async () => {
    const details = new Set<string>();
    for (const [language, version] of [
      ['fr', 1],
      ['ar', 2],
      ['en', 2],
    ] as const) {
      const result = await post(partnerHandler, capacity(version), {
        formId: 'association-capacity-assessment',
        version: String(version),
        claims: saleUser,
        language,
      });
      expect(result.statusCode, result.body).toBe(410);
      expect(result.headers?.['content-type']).toBe('application/problem+json');
      const problem = JSON.parse(result.body!) as { type: string; detail: string; currentVersion: number };
      expect(problem).toMatchObject({ type: 'urn:casework:problem:formVersionRetired', currentVersion: 3 });
      details.add(problem.detail);
    }
    expect([...details].join('\n')).toMatch(/version 3[\s\S]*الإصدار 3[\s\S]*submit version 3/);
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(0);
  });

  it('a submission made on a version before it was retired is still replayed with its first answer (same key, same body)', async () => {
    const body = capacity(2);
    const receipt = { caseId: '4f0c8a52-2f55-4b8e-9a3e-0d1c7c2b9f10', reference: 'ASSOC-2026-000007', status: 'submitted' };
    ddb.on(GetCommand, { Key: { PK: 'IDEMPOTENCY#key-0001-abcdef', SK: 'IDEMPOTENCY' } }).resolves({
      Item: {
        key: 'key-0001-abcdef',
        fingerprint: submissionFingerprint('association-capacity-assessment', 2, body, SALE),
        receipt,
        createdAt: '2026-11-30T10:00:00.000Z',
        expiresAt: 1_900_000_000,
      },
    });
    const replayed = await post(partnerHandler, body, { formId: 'association-capacity-assessment', version: '2', claims: saleUser });
    expect(replayed.statusCode, replayed.body).toBe(201);
    expect(JSON.parse(replayed.body!)).toMatchObject({ caseId: receipt.caseId, reference: receipt.reference });
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(0);
    // Another body under the same key is not a replay: the version is retired.
    const other = await post(
      partnerHandler,
      { ...body, assessmentDate: '2026-02-26' },
      {
        formId: 'association-capacity-assessment',
        version: '2',
        claims: saleUser,
      },
    );
    expect(other.statusCode, other.body).toBe(410);
  });

  it('the current version is accepted, and so are the old versions of every other form (youth enrolment 1)', async () => {
    const current = await post(partnerHandler, capacity(3), { formId: 'association-capacity-assessment', claims: saleUser });
    expect(current.statusCode, current.body).toBe(201);
    ddb.resetHistory();
    const youthV1 = await post(partnerHandler, { ...v1Example(), partnerId: SALE }, { version: '1', claims: saleUser });
    expect(youthV1.statusCode, youthV1.body).toBe(201);
  });
});
