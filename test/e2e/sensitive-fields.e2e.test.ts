// A protection referral with a trafficking victim's account, over HTTP on the local system: the
// table holds only ciphertexts of it, a caseworker reading the case sees it, and the local key is
// made once per data folder, readable by its owner only.
import { randomUUID } from 'node:crypto';
import { statSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoDBClient, GetItemCommand, QueryCommand } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { getForm } from '../../domain/forms/index.ts';
import { keys } from '../../functions/adapters/dynamodb/keys.ts';
import { itemsOfTable } from '../support/table-items.ts';
import { startTestSystem, http, devToken, type TestSystem } from '../support/local-system.ts';

let system: TestSystem;

beforeAll(async () => {
  system = await startTestSystem();
});

afterAll(async () => {
  await system?.stop();
});

const referral = getForm('protection-referral')!.examples[1] as { vulnerability: { details: string } };
const account = referral.vulnerability.details;

function dynamodb() {
  return new DynamoDBClient({
    endpoint: system.endpoints.dynamodb,
    region: 'eu-west-3',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
}

async function submitReferral(key = randomUUID()) {
  return http(system, 'POST', '/forms/protection-referral/submissions', { body: referral, headers: { 'idempotency-key': key } });
}

describe('a protection referral with a trafficking victim’s account', () => {
  it('is stored without the account in clear: the raw items (GetItem, Query) hold ciphertexts only', async () => {
    const submitted = await submitReferral();
    expect(submitted.status).toBe(201);
    const { caseId } = submitted.body as { caseId: string };
    const client = dynamodb();
    try {
      const tableName = system.assembly.tables[0]!.tableName;
      const { Items = [] } = await client.send(
        new QueryCommand({
          TableName: tableName,
          KeyConditionExpression: 'PK = :pk',
          ExpressionAttributeValues: { ':pk': { S: `CASE#${caseId}` } },
        }),
      );
      const person = Items.map((item) => unmarshall(item)).find((item) => item.entity === 'Person' && item.role === 'applicant')!;
      const { Item } = await client.send(
        new GetItemCommand({
          TableName: tableName,
          Key: { PK: { S: keys.case(caseId).PK }, SK: { S: `PERSON#${String(person.personId)}` } },
        }),
      );
      expect(Item!.data!.M!.vulnerabilityDetails!.B).toBeInstanceOf(Uint8Array);
      expect(Item!.data!.M!.givenNames!.S).toBe('Grace');
      const raw = JSON.stringify(Items, (_key, value: unknown) =>
        value instanceof Uint8Array ? Buffer.from(value).toString('latin1') : value,
      );
      expect(raw).not.toContain(account);
      expect(raw).not.toContain('exploitation');
    } finally {
      client.destroy();
    }
    // Nowhere in the table either: not in the history, the outbox or the workflow start.
    const everything = JSON.stringify(await itemsOfTable(system), (_key, value: unknown) =>
      value instanceof Uint8Array ? Buffer.from(value).toString('latin1') : value,
    );
    expect(everything).not.toContain(account);
  });

  it('is shown to a caseworker reading the case', async () => {
    const { caseId } = (await submitReferral()).body as { caseId: string };
    const token = await devToken(system, 'amina.caseworker', ['caseworker']);
    const { status, body } = await http(system, 'GET', `/cases/${caseId}`, { token });
    expect(status).toBe(200);
    const applicant = (body as { persons: { role: string; data: Record<string, unknown> }[] }).persons.find(
      (person) => person.role === 'applicant',
    )!;
    expect(applicant.data).toMatchObject({ givenNames: 'Grace', vulnerabilityDetails: account });
  });

  it('replays with the same Idempotency-Key and body, as any submission', async () => {
    const key = randomUUID();
    const first = await submitReferral(key);
    const again = await submitReferral(key);
    expect(again.status).toBe(first.status);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.body).toEqual(first.body);
  });

  it('uses a local key made once per data folder, readable by its owner only, kept across restarts', async () => {
    const keyFile = path.join(system.dataDir, 'field-key');
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    const { caseId } = (await submitReferral()).body as { caseId: string };
    system = await system.restart();
    const token = await devToken(system, 'amina.caseworker', ['caseworker']);
    const { status, body } = await http(system, 'GET', `/cases/${caseId}`, { token });
    expect(status).toBe(200);
    expect(JSON.stringify(body)).toContain(account);
  });
});
