// Who a case's partner association is: the authenticated partner caller's, never the body's.
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { mockClient } from 'aws-sdk-client-mock';
import { DynamoDBDocumentClient, GetCommand, QueryCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { getForm } from '../../../domain/forms/index.ts';
import { httpEvent, lambdaContext } from '../../support/events.ts';
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
let partnerHandler: Handler;
let publicHandler: Handler;

const SALE = 'asso-jeunesse-avenir-sale';
const OUJDA = 'association-tadamoun-oujda';
const v1Example = () => ({ ...structuredClone(getForm('youth-enrolment', 1)!.examples[0] as object), partnerId: OUJDA });
const v2Example = () => structuredClone(getForm('youth-enrolment')!.examples[0] as object);

function post(handler: Handler, body: object, options: { version?: string; claims?: Record<string, string> } = {}) {
  return handler(
    httpEvent({
      method: 'POST',
      path: '/partner/forms/youth-enrolment/submissions',
      routeKey: 'POST /partner/forms/{formId}/submissions',
      body: JSON.stringify(body),
      headers: { 'content-type': 'application/json', 'idempotency-key': 'key-0001-abcdef' },
      pathParameters: { formId: 'youth-enrolment' },
      ...(options.version ? { query: { version: options.version } } : {}),
      ...(options.claims ? { claims: options.claims } : {}),
    }),
    lambdaContext,
  );
}

const saleUser = { sub: 'p-sale', 'cognito:groups': '[partner]', partner_id: SALE };

function storedCase(): Record<string, unknown> {
  const writes = ddb.commandCalls(TransactWriteCommand);
  expect(writes).toHaveLength(1);
  const items = writes[0]!.args[0].input.TransactItems!.map((item) => item.Put!.Item!);
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
});

afterEach(() => ddb.reset());

describe('the public route', () => {
  it('stores no partner on the case, even when version 1 of the form names one', async () => {
    const result = await post(publicHandler, v1Example(), { version: '1' });
    expect(result.statusCode).toBe(201);
    expect(storedCase()).not.toHaveProperty('partnerId');
  });
});

describe('the partner route', () => {
  it("makes the case the caller's association's", async () => {
    const result = await post(partnerHandler, v2Example(), { claims: saleUser });
    expect(result.statusCode).toBe(201);
    expect(storedCase()).toMatchObject({ partnerId: SALE });
    const event = ddb
      .commandCalls(TransactWriteCommand)[0]!
      .args[0].input.TransactItems!.map((item) => item.Put!.Item!)
      .find((item) => item.entity === 'CaseEvent')!;
    expect(event.actor).toEqual({ kind: 'partner', id: 'p-sale' });
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
