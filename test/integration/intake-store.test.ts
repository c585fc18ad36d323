// The intake use case against DynamoDB Local: atomic writes, references, idempotency under races.
import { beforeAll, describe, expect, it } from 'vitest';
import { GetCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { getForm } from '../../domain/forms/index.ts';
import { submitForm } from '../../domain/intake/submit-form.ts';
import { DynamoIntakeStore } from '../../functions/adapters/dynamodb/intake-store.ts';
import { DynamoCaseReader } from '../../functions/adapters/dynamodb/case-reader.ts';
import { keys } from '../../functions/adapters/dynamodb/keys.ts';
import { freshTable } from '../support/table.ts';
import { localFieldCipher } from '../support/field-key.ts';
import { testNotice } from '../support/notice.ts';

let tableName: string;
let documentClient: DynamoDBDocumentClient;
let store: DynamoIntakeStore;
const now = () => new Date('2026-12-01T09:00:00Z');
const example = getForm('avrr-application')!.examples[0];

beforeAll(async () => {
  ({ tableName, documentClient } = await freshTable());
  store = new DynamoIntakeStore(documentClient, tableName, localFieldCipher());
});

function submit(key: string, body: unknown = example) {
  return submitForm(
    { formId: 'avrr-application', rawBody: JSON.stringify(body), body, idempotencyKey: key, language: 'fr', notice: testNotice },
    { store, now },
  );
}

async function queue(programme: string, stage: string) {
  const { Items } = await documentClient.send(
    new QueryCommand({
      TableName: tableName,
      IndexName: 'GSI1',
      KeyConditionExpression: 'GSI1PK = :pk',
      ExpressionAttributeValues: { ':pk': `QUEUE#${programme}#${stage}` },
    }),
  );
  return Items ?? [];
}

describe('a submission stored in DynamoDB', () => {
  it('creates the case, its reference, the raw submission, the persons and the first history event together', async () => {
    const { receipt } = await submit('it-case-0001');
    const reader = new DynamoCaseReader(documentClient, tableName);

    const stored = await reader.getCase(receipt.caseId);
    expect(stored).toMatchObject({ reference: receipt.reference, programme: 'avrr', stage: 'submitted', status: 'open', version: 1 });
    const ref = await documentClient.send(new GetCommand({ TableName: tableName, Key: keys.caseReference(receipt.reference) }));
    expect(ref.Item?.caseId).toBe(receipt.caseId);
    expect((await reader.getPersons(receipt.caseId)).some((person) => person.role === 'applicant')).toBe(true);
    const history = await reader.getHistory(receipt.caseId);
    expect(history.map((event) => event.type)).toEqual(['case.submitted']);
    expect(history[0]!.actor).toEqual({ kind: 'public' });
    // The request to start the return phase, by name, is written with the case (transactional outbox).
    const start = await documentClient.send(new GetCommand({ TableName: tableName, Key: keys.workflowStart(receipt.caseId, 'return') }));
    expect(start.Item).toMatchObject({
      entity: 'WorkflowStart',
      executionName: `${receipt.caseId}-return`,
      input: { caseId: receipt.caseId, phase: 'return' },
    });
  });

  it('gives consecutive submissions distinct, increasing references', async () => {
    const a = await submit('it-seq-0001');
    const b = await submit('it-seq-0002');
    expect(a.receipt.reference).not.toBe(b.receipt.reference);
    expect(Number(b.receipt.reference.slice(-6))).toBeGreaterThan(Number(a.receipt.reference.slice(-6)));
  });

  it('creates exactly one case when ten identical requests race each other', async () => {
    const before = (await queue('avrr', 'submitted')).length;

    const results = await Promise.all(Array.from({ length: 10 }, () => submit('it-race-0001')));

    const caseIds = new Set(results.map((result) => result.receipt.caseId));
    expect(caseIds.size).toBe(1);
    expect(results.filter((result) => !result.replayed)).toHaveLength(1);
    expect((await queue('avrr', 'submitted')).length).toBe(before + 1);
  });

  it('refuses to store a second case under a reference already taken', async () => {
    const { receipt } = await submit('it-dup-ref-01');
    const form = getForm('avrr-application')!;
    const { buildIntakeRecords } = await import('../../domain/intake/submit-form.ts');
    const records = buildIntakeRecords({
      form,
      data: example,
      command: { formId: form.id, rawBody: '{}', body: example, idempotencyKey: 'it-dup-ref-02', language: 'fr', notice: testNotice },
      fingerprint: 'x',
      reference: receipt.reference,
      now: now(),
    });
    await expect(store.saveIntake(records)).rejects.toThrow();
    expect(await store.findIdempotencyRecord('it-dup-ref-02')).toBeUndefined();
  });
});
