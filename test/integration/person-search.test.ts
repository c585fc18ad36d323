// The person search against DynamoDB Local: search keys written in the intake transaction, moved by a
// correction, deleted by an erasure; a search reads index partitions and keys only (no Scan).
import { randomUUID } from 'node:crypto';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Caller } from '../../domain/access/roles.ts';
import { getForm } from '../../domain/forms/index.ts';
import { submitForm } from '../../domain/intake/submit-form.ts';
import { planCorrection } from '../../domain/privacy/correction.ts';
import { planCaseErasure } from '../../domain/privacy/erasure.ts';
import { searchPersons, searchPlan, type PersonSearch, type SearchPlan } from '../../domain/identity/search.ts';
import { DynamoIntakeStore } from '../../functions/adapters/dynamodb/intake-store.ts';
import { DynamoPersonSearch } from '../../functions/adapters/dynamodb/person-search.ts';
import { DynamoPrivacyStore } from '../../functions/adapters/dynamodb/privacy-store.ts';
import { DynamoShareStore } from '../../functions/adapters/dynamodb/share-store.ts';
import { DeleteCommand } from '@aws-sdk/lib-dynamodb';
import { searchEntryItems } from '../../functions/adapters/dynamodb/items.ts';
import { backfillSearchKeys } from '../../scripts/backfill-search-keys.ts';
import { freshTable } from '../support/table.ts';
import { testNotice } from '../support/notice.ts';
import { localFieldCipher } from '../support/field-key.ts';

let documentClient: DynamoDBDocumentClient;
let tableName: string;
let intake: DynamoIntakeStore;
let privacy: DynamoPrivacyStore;
let index: DynamoPersonSearch;
let sharing: DynamoShareStore;
const now = new Date('2026-12-01T09:00:00Z');
const caseworker: Caller = { sub: 'amina', groups: ['caseworker'] };
const dpo: Caller = { sub: 'nadia', groups: ['data-protection'] };

beforeAll(async () => {
  ({ tableName, documentClient } = await freshTable());
  const cipher = localFieldCipher();
  intake = new DynamoIntakeStore(documentClient, tableName, cipher);
  privacy = new DynamoPrivacyStore(documentClient, tableName, cipher);
  index = new DynamoPersonSearch(documentClient, tableName);
  sharing = new DynamoShareStore(documentClient, tableName);
}, 60_000);

async function submitted(applicant: Record<string, unknown>, contact: Record<string, unknown>): Promise<string> {
  const body = structuredClone(getForm('avrr-application')!.examples[2]) as Record<string, Record<string, unknown>>;
  body.applicant = { ...body.applicant, ...applicant };
  body.contact = contact;
  const { receipt } = await submitForm(
    { formId: 'avrr-application', rawBody: JSON.stringify(body), body, idempotencyKey: randomUUID(), language: 'fr', notice: testNotice },
    { store: intake, now: () => now },
  );
  return receipt.caseId;
}

const store = () => ({
  hits: index.hits.bind(index),
  cases: index.cases.bind(index),
  persons: index.persons.bind(index),
  sharesOfCase: (caseId: string) => sharing.sharesOfCase(caseId),
});

async function found(query: PersonSearch, caller: Caller = caseworker): Promise<string[]> {
  const plan = searchPlan(query) as SearchPlan;
  const { results } = await searchPersons(caller, plan, store(), now);
  return results.map((r) => r.caseId);
}

describe('the person search on DynamoDB Local', () => {
  let alaoui: string;
  let bennani: string;

  beforeAll(async () => {
    alaoui = await submitted(
      {
        givenNames: 'Mohamed Amine',
        familyName: 'El Alaoui',
        nameInArabicScript: 'محمد أمين العلوي',
        identityDocument: { type: 'passport', number: 'AB 123456' },
      },
      { phone: '+212612345678' },
    );
    bennani = await submitted(
      { givenNames: 'Fatima Zahra', familyName: 'Bennani', identityDocument: { type: 'passport', number: 'ZX-998877' } },
      { phone: '+212700998877' },
    );
  }, 60_000);

  it('finds a person by a spelling of their name, in any order, in part, or by its Arabic spelling', async () => {
    expect(await found({ name: 'Mohammed' })).toEqual([alaoui]);
    expect(await found({ name: 'alaoui muhammad' })).toEqual([alaoui]);
    expect(await found({ name: 'Amine' })).toEqual([alaoui]);
    expect(await found({ name: 'محمد' })).toEqual([alaoui]);
    expect(await found({ name: 'العلوي مُحمّد' })).toEqual([alaoui]);
    expect(await found({ name: 'Fatimah Benani' })).toEqual([bennani]);
    expect(await found({ name: 'Mohamed Bennani' })).toEqual([]);
  });

  it('finds a person by phone in another format and by document number', async () => {
    expect(await found({ phone: '06 12 34 56 78' })).toEqual([alaoui]);
    expect(await found({ phone: '00212 700 99 88 77' })).toEqual([bennani]);
    expect(await found({ documentNumber: 'ab123456' })).toEqual([alaoui]);
    expect(await found({ documentNumber: 'zx 998877' })).toEqual([bennani]);
  });

  it('shows nothing to a caller who sees no case (the data-protection officer has their own search)', async () => {
    expect(await found({ name: 'Mohamed' }, dpo)).toEqual([]);
  });

  it('follows a correction: the old name no longer finds the person, the new one does', async () => {
    const caseId = await submitted({ givenNames: 'Youssef', familyName: 'Tazi' }, { phone: '+212611223344' });
    const [person] = await privacy.getPersons(caseId);
    const plan = planCorrection({
      person: person!,
      form: getForm('avrr-application', 1),
      changes: [{ path: '/familyName', value: 'Berrada' }],
      by: dpo,
      now,
      language: 'fr',
    });
    expect(await privacy.saveCorrection(person!, plan.person, plan.audit, plan.event)).toBe(true);
    expect(await found({ name: 'Youcef Tazi' })).toEqual([]);
    expect(await found({ name: 'Yusuf Berrada' })).toEqual([caseId]);
    expect(await found({ phone: '+212 611 22 33 44' })).toEqual([caseId]);
  });

  it('never finds an erased person, by name, phone or document', async () => {
    const caseId = await submitted(
      { givenNames: 'Khadija', familyName: 'Ouazzani', identityDocument: { type: 'passport', number: 'QQ445566' } },
      { phone: '+212655443322' },
    );
    expect(await found({ name: 'Khadidja' })).toEqual([caseId]);
    const held = (await privacy.holdings(caseId))!;
    const plan = planCaseErasure({
      found: held.case,
      persons: held.persons,
      trigger: { kind: 'request', ground: 'court-order' },
      actor: { kind: 'staff', id: 'nadia' },
      now,
    })!;
    expect(await privacy.erase(held, plan)).toBe(true);
    expect(await found({ name: 'Khadija Ouazzani' })).toEqual([]);
    expect(await found({ phone: '0655443322' })).toEqual([]);
    expect(await found({ documentNumber: 'QQ445566' })).toEqual([]);
  });

  it('finds a case by its reference', async () => {
    const reference = (await privacy.getCase(alaoui))!.reference;
    expect(await index.caseIdOfReference(reference)).toBe(alaoui);
    expect(await index.caseIdOfReference('AVRR-1999-000001')).toBeUndefined();
  });

  it('the backfill gives persons written before the search their entries, never an erased one', async () => {
    const caseId = await submitted({ givenNames: 'Hamza', familyName: 'Chraibi' }, { phone: '+212633221100' });
    // As written before the search existed: no search entries.
    const [person] = await privacy.getPersons(caseId);
    for (const item of searchEntryItems(person!)) {
      await documentClient.send(new DeleteCommand({ TableName: tableName, Key: { PK: item.PK, SK: item.SK } }));
    }
    expect(await found({ name: 'Hamza Chraibi' })).toEqual([]);

    const first = await backfillSearchKeys(documentClient, tableName);
    expect(first.indexed).toBeGreaterThanOrEqual(1);
    expect(await found({ name: 'Hamza Chraibi' })).toEqual([caseId]);
    expect(await found({ phone: '0633221100' })).toEqual([caseId]);
    // Run again: the same entries, nothing more; the erased person of an earlier test stays unfound.
    await backfillSearchKeys(documentClient, tableName);
    expect(await found({ name: 'Hamza Chraibi' })).toEqual([caseId]);
    expect(await found({ name: 'Khadija Ouazzani' })).toEqual([]);
  });

  it('the largest application (twenty family members, a long name in both scripts) is still one intake transaction', async () => {
    const body = structuredClone(getForm('avrr-application')!.examples[2]) as Record<string, unknown> & {
      applicant: Record<string, unknown>;
    };
    body.applicant = {
      ...body.applicant,
      givenNames: 'Mohamed Amine Abdelkader Youssef',
      familyName: 'El Idrissi Alaoui Bennani Tazi',
      nameInArabicScript: 'محمد أمين عبد القادر يوسف الإدريسي العلوي بناني التازي',
    };
    body.familyMembers = Array.from({ length: 20 }, (_, i) => ({
      givenNames: `Awa Marie ${String.fromCharCode(65 + i)}`,
      familyName: 'Ndiaye Diallo',
      sex: 'female',
      dateOfBirth: '2001-02-03',
      nationality: 'SN',
      relationship: 'other-relative',
    }));
    const { receipt } = await submitForm(
      { formId: 'avrr-application', rawBody: JSON.stringify(body), body, idempotencyKey: randomUUID(), language: 'fr', notice: testNotice },
      { store: intake, now: () => now },
    );
    expect(await found({ name: 'Abdelkader Idrissi' })).toEqual([receipt.caseId]);
    expect(await found({ name: 'عبد القادر' })).toEqual([receipt.caseId]);
  });
});
