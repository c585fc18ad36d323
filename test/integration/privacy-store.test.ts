// The data subjects' requests against DynamoDB Local: identity entries written with intake and
// moved by a correction, corrections and erasures guarded by conditions, the index of closed cases.
import { randomUUID } from 'node:crypto';
import { GetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Caller } from '../../domain/access/roles.ts';
import { closeCase } from '../../domain/cases/case-actions.ts';
import { getForm } from '../../domain/forms/index.ts';
import { submitForm } from '../../domain/intake/submit-form.ts';
import { planCorrection } from '../../domain/privacy/correction.ts';
import { planCaseErasure } from '../../domain/privacy/erasure.ts';
import { identityKeysOf } from '../../domain/privacy/identity.ts';
import { DynamoCaseStore } from '../../functions/adapters/dynamodb/case-store.ts';
import { DynamoIntakeStore } from '../../functions/adapters/dynamodb/intake-store.ts';
import { keys } from '../../functions/adapters/dynamodb/keys.ts';
import { DynamoPrivacyStore } from '../../functions/adapters/dynamodb/privacy-store.ts';
import { freshTable } from '../support/table.ts';
import { testNotice } from '../support/notice.ts';
import { localFieldCipher } from '../support/field-key.ts';

let documentClient: DynamoDBDocumentClient;
let tableName: string;
let privacy: DynamoPrivacyStore;
let intake: DynamoIntakeStore;
let cases: DynamoCaseStore;
const now = new Date('2026-12-01T09:00:00Z');
const dpo: Caller = { sub: 'nadia', groups: ['data-protection'] };

beforeAll(async () => {
  ({ tableName, documentClient } = await freshTable());
  const cipher = localFieldCipher();
  privacy = new DynamoPrivacyStore(documentClient, tableName, cipher);
  intake = new DynamoIntakeStore(documentClient, tableName, cipher);
  cases = new DynamoCaseStore(documentClient, tableName, cipher);
});

async function submitted(familyName: string): Promise<{ caseId: string; idempotencyKey: string }> {
  const body = structuredClone(getForm('avrr-application')!.examples[2]) as { applicant: Record<string, unknown> };
  body.applicant.familyName = familyName;
  const idempotencyKey = randomUUID();
  const { receipt } = await submitForm(
    { formId: 'avrr-application', rawBody: JSON.stringify(body), body, idempotencyKey, language: 'fr', notice: testNotice },
    { store: intake, now: () => now },
  );
  return { caseId: receipt.caseId, idempotencyKey };
}

const get = async (key: { PK: string; SK: string }) => (await documentClient.send(new GetCommand({ TableName: tableName, Key: key }))).Item;
const byName = (familyName: string) => identityKeysOf({ givenNames: 'Ousmane', familyName, dateOfBirth: '1958-01-15' });

describe('identity entries', () => {
  it('intake indexes each person under hashes; a correction moves them, once: a stale correction is refused', async () => {
    const { caseId } = await submitted('Ndiaye-Idx');
    const [person] = await privacy.getPersons(caseId);
    expect(await privacy.findByIdentity(byName('Ndiaye-Idx'))).toEqual([{ caseId, personId: person!.personId, kind: 'name-dob' }]);

    const form = getForm('avrr-application', 1);
    const first = planCorrection({
      person: person!,
      form,
      changes: [{ path: '/familyName', value: 'Ndiaye-Fixed' }],
      by: dpo,
      now,
      language: 'fr',
    });
    expect(await privacy.saveCorrection(person!, first.person, first.audit, first.event)).toBe(true);
    expect(await privacy.findByIdentity(byName('Ndiaye-Idx'))).toEqual([]);
    expect(await privacy.findByIdentity(byName('Ndiaye-Fixed'))).toHaveLength(1);
    // The document entry did not change, so it stayed.
    expect(await privacy.findByIdentity(identityKeysOf({ documentNumber: 'A01234567' }))).toContainEqual(
      expect.objectContaining({ caseId }),
    );

    // Planned on the person as first read: the person changed meanwhile.
    const stale = planCorrection({
      person: person!,
      form,
      changes: [{ path: '/familyName', value: 'Other' }],
      by: dpo,
      now,
      language: 'fr',
    });
    expect(await privacy.saveCorrection(person!, stale.person, stale.audit, stale.event)).toBe(false);
    const held = await privacy.holdings(caseId);
    expect(held?.corrections).toEqual([first.audit]);
    expect(held?.persons[0]?.data.familyName).toBe('Ndiaye-Fixed');
  });
});

describe('erasure', () => {
  it('empties the persons, submission, notes and audit values, deletes identity entries and the idempotency record; keeps the case', async () => {
    const { caseId, idempotencyKey } = await submitted('Ndiaye-Erase');
    const [person] = await privacy.getPersons(caseId);
    const correction = planCorrection({
      person: person!,
      form: getForm('avrr-application', 1),
      changes: [{ path: '/placeOfBirth', value: 'Thiès' }],
      by: dpo,
      now,
      language: 'fr',
    });
    await privacy.saveCorrection(person!, correction.person, correction.audit, correction.event);
    await closeCase(
      {
        caseId,
        reason: 'withdrawn',
        notes: [
          { noteId: randomUUID(), caseId, kind: 'withdrawal-reason', text: 'Ousmane says…', author: 'amina', createdAt: now.toISOString() },
        ],
      },
      { store: cases, now: () => now },
    );

    const held = (await privacy.holdings(caseId))!;
    expect(held.case.status).toBe('closed');
    const closedAt = held.case.closedAt!;
    expect(await privacy.closedCasesDue('avrr', new Date(now.getTime() - 1).toISOString(), 10)).not.toContainEqual(
      expect.objectContaining({ caseId }),
    );
    const entry = (await privacy.closedCasesDue('avrr', closedAt, 10)).find((e) => e.caseId === caseId)!;
    expect(entry).toEqual({ caseId, programme: 'avrr', closedAt });

    const plan = planCaseErasure({
      found: held.case,
      persons: held.persons,
      trigger: { kind: 'retention', retentionDays: 1 },
      actor: { kind: 'system', id: 'retention' },
      now,
    })!;
    expect(await privacy.erase(held, plan, { closedEntry: entry })).toBe(true);

    const after = (await privacy.holdings(caseId))!;
    expect(after.case).toMatchObject({ facts: held.case.facts, anonymisedAt: now.toISOString(), version: held.case.version + 1 });
    expect(after.persons.map((p) => p.data)).toEqual([{}]);
    expect(after.submissions.map((s) => [s.rawBody, s.fingerprint, s.idempotencyKey])).toEqual([['', '', undefined]]);
    expect(after.notes.map((n) => n.text)).toEqual(['']);
    expect(after.corrections[0]!.changes).toEqual([{ path: '/placeOfBirth' }]);
    expect(after.history.map((e) => e.type)).toEqual(['case.submitted', 'person.corrected', 'case.closed', 'case.anonymised-by-retention']);
    expect(await get(keys.idempotency(idempotencyKey))).toBeUndefined();
    expect(await privacy.findByIdentity(byName('Ndiaye-Erase'))).toEqual([]);
    expect(await privacy.closedCasesDue('avrr', closedAt, 10)).not.toContainEqual(expect.objectContaining({ caseId }));

    // The same plan again, on what was read before: refused by the conditions, nothing written twice.
    expect(await privacy.erase(held, plan, { closedEntry: entry })).toBe(false);
    expect((await privacy.holdings(caseId))!.history).toHaveLength(4);
  });

  it('retention refuses a case that is not closed, even when handed one', async () => {
    const { caseId } = await submitted('Ndiaye-Open');
    const held = (await privacy.holdings(caseId))!;
    const plan = planCaseErasure({
      found: held.case,
      persons: held.persons,
      trigger: { kind: 'request', ground: 'court-order' },
      actor: { kind: 'staff', id: 'n' },
      now,
    })!;
    expect(await privacy.erase(held, plan, { closedEntry: { caseId, programme: 'avrr', closedAt: now.toISOString() } })).toBe(false);
    expect((await privacy.getPersons(caseId))[0]!.data).toHaveProperty('familyName', 'Ndiaye-Open');
  });
});
