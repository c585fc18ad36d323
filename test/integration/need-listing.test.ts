// A host institution's need listing against DynamoDB Local: written with the case when its need is
// validated (by validation time, and by sector on GSI1), paged with a cursor that only pages the list
// it came from, and removed in the case's own transaction when the case closes.
import { beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { getForm } from '../../domain/forms/index.ts';
import { submitForm } from '../../domain/intake/submit-form.ts';
import { closeCase } from '../../domain/cases/case-actions.ts';
import type { NeedFacts } from '../../domain/migration-development/need-case-actions.ts';
import { DynamoIntakeStore } from '../../functions/adapters/dynamodb/intake-store.ts';
import { DynamoCaseStore } from '../../functions/adapters/dynamodb/case-store.ts';
import { DynamoNeedStore } from '../../functions/adapters/dynamodb/need-store.ts';
import { InvalidCursor } from '../../functions/adapters/dynamodb/query.ts';
import { event, system } from '../../domain/cases/case-actions.ts';
import { freshTable } from '../support/table.ts';
import { localFieldCipher } from '../support/field-key.ts';
import { testNotice } from '../support/notice.ts';

let documentClient: DynamoDBDocumentClient;
let tableName: string;
let cases: DynamoCaseStore;
let needs: DynamoNeedStore;
let clock = new Date('2026-07-01T09:00:00Z');
const now = () => clock;

beforeAll(async () => {
  ({ tableName, documentClient } = await freshTable());
  cases = new DynamoCaseStore(documentClient, tableName, localFieldCipher());
  needs = new DynamoNeedStore(documentClient, tableName);
});

/** A submitted need (the form's example `index`), validated in `sector` at the clock's time. */
async function validatedNeed(index: number, sector: string): Promise<string> {
  const body = getForm('host-institution-need')!.examples[index];
  const { receipt } = await submitForm(
    {
      formId: 'host-institution-need',
      rawBody: JSON.stringify(body),
      body,
      idempotencyKey: `it-${randomUUID()}`,
      language: 'fr',
      notice: testNotice,
    },
    { store: new DynamoIntakeStore(documentClient, tableName, localFieldCipher()), now },
  );
  clock = new Date(clock.getTime() + 60_000);
  const found = (await cases.getCase(receipt.caseId))!;
  const at = clock.toISOString();
  const need: NeedFacts = {
    status: 'open-for-matching',
    validationTaskId: `task-${randomUUID()}`,
    validatedAt: at,
    validatedOn: at.slice(0, 10),
    sector,
    skillKeys: ['cybersecurite'],
    languages: ['fr'],
    mode: 'remote',
    durationWeeks: 4,
    window: { from: '2026-09-01', to: '2026-12-31' },
  };
  expect(
    await cases.updateCase(
      found,
      { facts: { ...found.facts, need }, stage: 'open-for-matching', updatedAt: at },
      event(found.caseId, at, 'need.validated', system, {}),
    ),
  ).toBe(true);
  return receipt.caseId;
}

const ids = (page: { items: { caseId: string }[] }) => page.items.map((i) => i.caseId);

describe('need listing', () => {
  it('lists validated needs oldest first, by sector on GSI1, a page at a time; a closed need leaves both lists', async () => {
    const unvalidated = getForm('host-institution-need')!.examples[0];
    await submitForm(
      {
        formId: 'host-institution-need',
        rawBody: JSON.stringify(unvalidated),
        body: unvalidated,
        idempotencyKey: `it-${randomUUID()}`,
        language: 'fr',
        notice: testNotice,
      },
      { store: new DynamoIntakeStore(documentClient, tableName, localFieldCipher()), now },
    );
    const a = await validatedNeed(0, 'health');
    const b = await validatedNeed(1, 'ict');
    const c = await validatedNeed(0, 'health');

    expect(ids(await needs.list({ status: 'open-for-matching', limit: 10 }))).toEqual([a, b, c]);
    expect(ids(await needs.list({ status: 'open-for-matching', sector: 'health', limit: 10 }))).toEqual([a, c]);
    const first = await needs.list({ status: 'open-for-matching', sector: 'health', limit: 1 });
    expect(ids(first)).toEqual([a]);
    expect(ids(await needs.list({ status: 'open-for-matching', sector: 'health', limit: 1, cursor: first.next! }))).toEqual([c]);
    // A sector's cursor pages neither another sector's list nor the whole list.
    await expect(needs.list({ status: 'open-for-matching', sector: 'ict', limit: 1, cursor: first.next! })).rejects.toBeInstanceOf(
      InvalidCursor,
    );
    await expect(needs.list({ status: 'open-for-matching', limit: 1, cursor: first.next! })).rejects.toBeInstanceOf(InvalidCursor);
    const listed = (await needs.list({ status: 'open-for-matching', sector: 'ict', limit: 10 })).items[0]!;
    expect(listed).toMatchObject({ caseId: b, sector: 'ict', institutionKind: 'ministry', skillKeys: ['cybersecurite'] });
    expect(listed).not.toHaveProperty('validationTaskId');
    expect(JSON.stringify(listed)).not.toMatch(/Tazi|Agence/);

    await closeCase({ caseId: a, reason: 'test-closure' }, { store: cases, now });
    expect(ids(await needs.list({ status: 'open-for-matching', limit: 10 }))).toEqual([b, c]);
    expect(ids(await needs.list({ status: 'open-for-matching', sector: 'health', limit: 10 }))).toEqual([c]);
  });
});
