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
import { DynamoAssociationStore } from '../../functions/adapters/dynamodb/association-store.ts';
import { associationCreateSchema, exampleAssociation, newAssociation } from '../../domain/associations/association.ts';
import { AssociationNotActive } from '../../domain/errors.ts';
import { toHttpProblem } from '../../functions/commons/problems.ts';

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

describe('a case of an association, written only while the association is active', () => {
  const youth = getForm('youth-enrolment')!.examples[0];
  const submitFor = (associationId: string, key: string, submitterKind: 'partner' | 'staff') =>
    submitForm(
      {
        formId: 'youth-enrolment',
        rawBody: JSON.stringify(youth),
        body: youth,
        idempotencyKey: key,
        language: 'fr',
        notice: testNotice,
        partnerId: associationId,
        submittedBy: submitterKind === 'staff' ? 'amina' : 'p-user',
        submitterKind,
      },
      { store, now },
    );
  const casesOf = async (associationId: string) =>
    (
      await documentClient.send(
        new QueryCommand({
          TableName: tableName,
          KeyConditionExpression: 'PK = :pk',
          ExpressionAttributeValues: { ':pk': keys.casesOfAssociation(associationId).PK },
        }),
      )
    ).Items ?? [];

  it('a deactivation between the handler’s check and the write wins: nothing is written, the same problems as the handlers’', async () => {
    const associations = new DynamoAssociationStore(documentClient, tableName);
    const id = 'it-asso-intake-check';
    const record = newAssociation(associationCreateSchema.parse({ ...exampleAssociation, associationId: id }), 'karim', now());
    expect(await associations.create(record)).toBe('created');
    // Active: the case is written, under the association.
    await submitFor(id, 'it-asso-0001', 'staff');
    expect(await casesOf(id)).toHaveLength(1);

    // Deactivated after the handler read it active: the transaction's check refuses the write.
    expect(await associations.update({ ...record, status: 'inactive', version: 2 }, 1)).toBe('updated');
    const byStaff = await submitFor(id, 'it-asso-0002', 'staff').catch((error: unknown) => error);
    expect(byStaff).toBeInstanceOf(AssociationNotActive);
    expect(toHttpProblem(byStaff)).toMatchObject({ status: 409, problem: 'associationInactive' });
    const byPartner = await submitFor(id, 'it-asso-0003', 'partner').catch((error: unknown) => error);
    expect(toHttpProblem(byPartner)).toMatchObject({ status: 403, problem: 'associationNotActive' });
    expect(await casesOf(id)).toHaveLength(1);
    expect(await store.findIdempotencyRecord('it-asso-0002')).toBeUndefined();

    // Never registered: refused too.
    await expect(submitFor('it-asso-unregistered', 'it-asso-0004', 'partner')).rejects.toBeInstanceOf(AssociationNotActive);
    expect(await casesOf('it-asso-unregistered')).toHaveLength(0);
  });
});
