// The most sensitive answers on DynamoDB Local: the table holds ciphertexts, the reader that may
// decrypt shows them, the others do not, and a ciphertext moved to another case does not open.
import { beforeAll, describe, expect, it } from 'vitest';
import { GetCommand, PutCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { getForm } from '../../domain/forms/index.ts';
import { submitForm } from '../../domain/intake/submit-form.ts';
import { IdempotencyKeyReused } from '../../domain/errors.ts';
import { DynamoIntakeStore } from '../../functions/adapters/dynamodb/intake-store.ts';
import { DynamoCaseReader } from '../../functions/adapters/dynamodb/case-reader.ts';
import { caseNoteFromItem, submissionFromItem } from '../../functions/adapters/dynamodb/items.ts';
import { keys } from '../../functions/adapters/dynamodb/keys.ts';
import { SealedValueMisplaced, type FieldCipher } from '../../functions/adapters/encryption/field-cipher.ts';
import { freshTable } from '../support/table.ts';
import { testNotice } from '../support/notice.ts';
import { localFieldCipher } from '../support/field-key.ts';

let tableName: string;
let documentClient: DynamoDBDocumentClient;
let cipher: FieldCipher;
let store: DynamoIntakeStore;
const now = () => new Date('2026-12-01T09:00:00Z');

// The trafficking victim's account and, below, a child's medical details.
const referral = structuredClone(getForm('protection-referral')!.examples[1]) as Record<string, unknown>;
const account = (referral.vulnerability as { details: string }).details;
const childReferral = structuredClone(getForm('protection-referral')!.examples[0]) as Record<string, unknown>;
const medical = (childReferral.vulnerability as { details: string }).details;
const justification = (childReferral.consent as { bestInterestsJustification: string }).bestInterestsJustification;

beforeAll(async () => {
  ({ tableName, documentClient } = await freshTable());
  cipher = localFieldCipher();
  store = new DynamoIntakeStore(documentClient, tableName, cipher);
});

function submit(key: string, body: unknown) {
  return submitForm(
    {
      formId: 'protection-referral',
      rawBody: JSON.stringify(body, null, 1),
      body,
      idempotencyKey: key,
      language: 'en',
      notice: testNotice,
    },
    { store, now },
  );
}

type RawItem = Record<string, unknown> & { data: Record<string, unknown> };

async function rawItemsOfCase(caseId: string): Promise<RawItem[]> {
  const { Items } = await documentClient.send(
    new QueryCommand({ TableName: tableName, KeyConditionExpression: 'PK = :pk', ExpressionAttributeValues: { ':pk': `CASE#${caseId}` } }),
  );
  return (Items ?? []) as RawItem[];
}

/** Every string in an item, with binary values decoded as text: a plaintext anywhere would show. */
function textOf(value: unknown): string {
  if (value instanceof Uint8Array) return Buffer.from(value).toString('latin1');
  if (Array.isArray(value)) return value.map(textOf).join('\n');
  if (value && typeof value === 'object')
    return Object.entries(value)
      .map(([k, v]) => `${k}:${textOf(v)}`)
      .join('\n');
  return String(value);
}

describe('sensitive answers in the table', () => {
  it('are stored as ciphertexts: no item of the case holds the account, the medical details or the justification', async () => {
    const trafficking = await submit('it-sensitive-0001', referral);
    const child = await submit('it-sensitive-0002', childReferral);
    const items = [...(await rawItemsOfCase(trafficking.receipt.caseId)), ...(await rawItemsOfCase(child.receipt.caseId))];
    const everything = items.map(textOf).join('\n');
    expect(everything).not.toContain(account);
    expect(everything).not.toContain(medical);
    expect(everything).not.toContain(justification);
    expect(everything).not.toContain('exploitation');
    // The person item: sealed values in place of the answers, the rest in clear.
    const applicant = items.find((item) => item.entity === 'Person' && item.role === 'applicant' && item.caseId === child.receipt.caseId)!;
    expect(applicant.data.vulnerabilityDetails).toBeInstanceOf(Uint8Array);
    expect(applicant.data.givenNames).toBe('Ibrahim');
    expect(applicant.sensitiveFields).toEqual(['vulnerabilityDetails']);
    // The justification of processing without consent is a case note, its text sealed whole.
    const note = items.find((item) => item.entity === 'CaseNote' && item.caseId === child.receipt.caseId)!;
    expect(note.kind).toBe('legal-basis-justification');
    expect(note.text).toBeInstanceOf(Uint8Array);
    // The raw body as received is sealed whole.
    const submission = items.find((item) => item.entity === 'Submission' && item.caseId === child.receipt.caseId)!;
    expect(submission.rawBody).toBeInstanceOf(Uint8Array);
  });

  it('are shown in clear by a reader that may open them, and left out by one that may not', async () => {
    const { receipt } = await submit('it-sensitive-0003', childReferral);
    const opening = await new DynamoCaseReader(documentClient, tableName, cipher).getPersons(receipt.caseId);
    expect(opening.find((person) => person.role === 'applicant')!.data).toMatchObject({
      givenNames: 'Ibrahim',
      vulnerabilityDetails: medical,
    });
    const note = (await rawItemsOfCase(receipt.caseId)).find((item) => item.entity === 'CaseNote')!;
    expect((await caseNoteFromItem(note, cipher)).text).toBe(justification);
    expect((await caseNoteFromItem(note)).text).toBe('');
    const withoutKey = await new DynamoCaseReader(documentClient, tableName).getPersons(receipt.caseId);
    const applicant = withoutKey.find((person) => person.role === 'applicant')!;
    expect(applicant.data.givenNames).toBe('Ibrahim');
    expect(applicant.data).not.toHaveProperty('vulnerabilityDetails');
    expect(applicant.sensitiveFields).toEqual(['vulnerabilityDetails']);
  });

  it('keeps the raw body as received, byte for byte, behind the same key', async () => {
    const { receipt } = await submit('it-sensitive-0004', referral);
    const item = (await rawItemsOfCase(receipt.caseId)).find((candidate) => candidate.entity === 'Submission')!;
    expect((await submissionFromItem(item, cipher)).rawBody).toBe(JSON.stringify(referral, null, 1));
  });

  it('does not open a ciphertext copied into another case, nor into another field', async () => {
    const from = await submit('it-sensitive-0005', childReferral);
    const to = await submit('it-sensitive-0006', referral);
    const fromItems = await rawItemsOfCase(from.receipt.caseId);
    const source = fromItems.find((item) => item.entity === 'Person' && item.role === 'applicant')!;
    const note = fromItems.find((item) => item.entity === 'CaseNote')!;
    const target = (await rawItemsOfCase(to.receipt.caseId)).find((item) => item.entity === 'Person' && item.role === 'applicant')!;
    const reader = new DynamoCaseReader(documentClient, tableName, cipher);

    await documentClient.send(
      new PutCommand({
        TableName: tableName,
        Item: { ...target, data: { ...target.data, vulnerabilityDetails: source.data.vulnerabilityDetails } },
      }),
    );
    await expect(reader.getPersons(to.receipt.caseId)).rejects.toThrow(SealedValueMisplaced);

    await documentClient.send(
      new PutCommand({
        TableName: tableName,
        Item: { ...source, data: { ...source.data, vulnerabilityDetails: note.text } },
      }),
    );
    await expect(reader.getPersons(from.receipt.caseId)).rejects.toThrow(SealedValueMisplaced);
  });

  it('leaves idempotency as it was: the same key and body replay, another body is refused', async () => {
    const first = await submit('it-sensitive-0007', referral);
    const again = await submit('it-sensitive-0007', referral);
    expect(again).toEqual({ receipt: first.receipt, replayed: true });
    const changed = structuredClone(referral);
    (changed.vulnerability as { details: string }).details = 'Another account';
    await expect(submit('it-sensitive-0007', changed)).rejects.toThrow(IdempotencyKeyReused);
    const idempotency = await documentClient.send(new GetCommand({ TableName: tableName, Key: keys.idempotency('it-sensitive-0007') }));
    expect(textOf(idempotency.Item)).not.toContain(account);
  });
});
