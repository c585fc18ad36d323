// The data subjects' rights over HTTP (law 09-08, arts. 7–9): the data-protection officer finds a
// person across programmes, exports everything held, has it corrected and erased; retention
// anonymises closed cases on the local clock. Cases keep their facts and history throughout.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { devToken, http, startTestSystem, type TestSystem } from '../support/local-system.ts';
import { itemsOfTable } from '../support/table-items.ts';

let system: TestSystem;

beforeAll(async () => {
  // AVRR cases keep their people's data 30 days after closure here (five years by default).
  system = await startTestSystem({
    context: { 'casework:retention': { avrr: 30, protection: 1826, 'migration-development': 1826, 'youth-employability': 1826 } },
  });
});

afterAll(async () => {
  await system?.stop();
});

type Example = Record<string, unknown> & { applicant: Record<string, unknown> };
type CaseView = {
  facts: Record<string, unknown>;
  persons: { personId: string; role: string; data: Record<string, unknown>; erasedAt?: string }[];
};
type History = { events: { type: string; details: Record<string, unknown> }[] };

async function example(formId: string): Promise<Example> {
  const { body } = await http(system, 'GET', `/forms/${formId}`);
  return structuredClone((body as { schema: { examples: Example[] } }).schema.examples[0]!);
}

async function submit(formId: string, body: unknown): Promise<string> {
  const created = await http(system, 'POST', `/forms/${formId}/submissions`, { body, headers: { 'idempotency-key': randomUUID() } });
  expect(created.status, created.text).toBe(201);
  return (created.body as { caseId: string }).caseId;
}

const dpo = () => devToken(system, 'dpo-nadia', ['data-protection']);
const staff = (role: string) => devToken(system, `${role}-1`, [role]);

async function view(caseId: string): Promise<CaseView> {
  const response = await http(system, 'GET', `/cases/${caseId}`, { token: await staff('supervisor') });
  expect(response.status).toBe(200);
  return response.body as CaseView;
}

const applicantOf = (found: CaseView) => found.persons.find((p) => p.role === 'applicant')!;

async function history(caseId: string): Promise<History & { text: string }> {
  const response = await http(system, 'GET', `/cases/${caseId}/history`, { token: await staff('supervisor') });
  return { ...(response.body as History), text: response.text };
}

/** Mamadou Aliou Diallo applies for AVRR, and (written otherwise) for skilled return. */
async function twoProgrammes(familyName: string): Promise<{ avrr: string; skilled: string; person: Example['applicant'] }> {
  const avrr = await example('avrr-application');
  avrr.applicant.familyName = familyName;
  avrr.applicant.identityDocument = { type: 'passport', number: `P-${familyName.slice(0, 6)}-42` };
  const skilled = await example('skilled-return-application');
  Object.assign(skilled.applicant, {
    givenNames: 'ALIOU mamadou',
    familyName: familyName.toUpperCase(),
    dateOfBirth: avrr.applicant.dateOfBirth,
  });
  return {
    avrr: await submit('avrr-application', avrr),
    skilled: await submit('skilled-return-application', skilled),
    person: avrr.applicant,
  };
}

describe('finding a person across programmes', () => {
  it('by names and date of birth, whatever the order, case and accents; by case; by document', async () => {
    const { avrr, skilled, person } = await twoProgrammes('Dïallo-Search');
    const token = await dpo();
    const byName = await http(system, 'POST', '/data-protection/searches', {
      token,
      body: { subject: { givenNames: 'mamadou aliou', familyName: 'diallo search', dateOfBirth: person.dateOfBirth } },
    });
    expect(byName.status, byName.text).toBe(200);
    const matches = (byName.body as { matches: { caseId: string; programme: string; role: string }[] }).matches;
    expect(matches.map((m) => m.caseId).sort()).toEqual([avrr, skilled].sort());
    expect(new Set(matches.map((m) => m.programme))).toEqual(new Set(['avrr', 'migration-development']));

    const byCase = await http(system, 'POST', '/data-protection/searches', { token, body: { subject: { caseId: avrr } } });
    expect((byCase.body as { matches: { caseId: string }[] }).matches.map((m) => m.caseId).sort()).toEqual([avrr, skilled].sort());
    const byDocument = await http(system, 'POST', '/data-protection/searches', {
      token,
      body: { subject: { documentNumber: 'p dïallo 42' } },
    });
    expect((byDocument.body as { matches: { caseId: string }[] }).matches.map((m) => m.caseId)).toEqual([avrr]);

    // The index holds hashes: no item key names the person.
    const keysOfTable = (await itemsOfTable(system)).map((item) => `${String(item.PK)} ${String(item.SK)}`).join('\n');
    expect(keysOfTable).not.toMatch(/diallo/i);
  });

  it('only the data-protection officer searches; a bad subject is a localized 422 listing the problem', async () => {
    const asCaseworker = await http(system, 'POST', '/data-protection/searches', {
      token: await staff('caseworker'),
      body: { subject: { documentNumber: 'ABCD1234' } },
    });
    expect(asCaseworker.status).toBe(403);
    const empty = await http(system, 'POST', '/data-protection/searches', {
      token: await dpo(),
      body: { subject: { familyName: 'Diallo' } },
      headers: { 'accept-language': 'en' },
    });
    expect(empty.status).toBe(422);
    expect(empty.headers.get('content-type')).toContain('application/problem+json');
    expect((empty.body as { errors: { code: string; message: string }[] }).errors[0]).toMatchObject({ code: 'identity_required' });
    const none = await http(system, 'POST', '/data-protection/searches', {
      token: await dpo(),
      body: { subject: { documentNumber: 'NOBODY-000' } },
    });
    expect(none.status).toBe(404);
  });
});

describe('export', () => {
  it('everything held in every programme, with an Arabic summary; recorded in each history without data', async () => {
    const { avrr, skilled } = await twoProgrammes('Export');
    const response = await http(system, 'POST', '/data-protection/exports', {
      token: await dpo(),
      body: { subject: { caseId: avrr } },
      headers: { 'accept-language': 'ar' },
    });
    expect(response.status, response.text).toBe(200);
    const doc = response.body as {
      exportId: string;
      language: string;
      summary: string[];
      cases: {
        caseId: string;
        persons: { data: Record<string, unknown> }[];
        submissions: { body: Example }[];
        facts: object;
        history: object[];
      }[];
    };
    expect(doc.language).toBe('ar');
    expect(doc.cases.map((c) => c.caseId).sort()).toEqual([avrr, skilled].sort());
    const avrrHeld = doc.cases.find((c) => c.caseId === avrr)!;
    expect(avrrHeld.persons).toHaveLength(1);
    expect(avrrHeld.persons[0]!.data.familyName).toBe('Export');
    expect(avrrHeld.submissions[0]!.body.applicant.familyName).toBe('Export');
    expect(avrrHeld.facts).toMatchObject({ nationality: 'GN' });
    expect(doc.summary[0]).toContain('البيانات الشخصية المحفوظة');
    expect(doc.summary.join('\n')).toContain('familyName: Export');
    for (const caseId of [avrr, skilled]) {
      const events = await history(caseId);
      expect(events.events.find((e) => e.type === 'person.data-exported')?.details).toMatchObject({ exportId: doc.exportId });
      expect(events.text).not.toContain('Export');
    }
  });
});

describe('correction', () => {
  it('the new value stored, the old one only in the audit trail, the history naming the field', async () => {
    const { avrr, person } = await twoProgrammes('Correct');
    const before = await view(avrr);
    const applicant = before.persons.find((p) => p.role === 'applicant')!;
    const path = `/cases/${avrr}/persons/${applicant.personId}/corrections`;

    expect(
      (await http(system, 'POST', path, { token: await staff('caseworker'), body: { changes: [{ path: '/familyName', value: 'X' }] } }))
        .status,
    ).toBe(403);
    const invalid = await http(system, 'POST', path, {
      token: await staff('supervisor'),
      headers: { 'accept-language': 'fr' },
      body: {
        changes: [
          { path: '/contact/phone', value: 'not a phone' },
          { path: '/dateOfBirth', value: '12/06/1994' },
          { path: '/shoeSize', value: 42 },
        ],
      },
    });
    expect(invalid.status, invalid.text).toBe(422);
    expect((invalid.body as { errors: { pointer: string }[] }).errors.map((e) => e.pointer).sort()).toEqual([
      '/changes/0/value',
      '/changes/1/value',
      '/changes/2/path',
    ]);

    const corrected = await http(system, 'POST', path, {
      token: await dpo(),
      body: {
        changes: [
          { path: '/familyName', value: 'Corrigé' },
          { path: '/contact/phone', value: '+212600000001' },
        ],
      },
    });
    expect(corrected.status, corrected.text).toBe(200);
    const after = (await view(avrr)).persons.find((p) => p.personId === applicant.personId)!;
    expect(after.data).toMatchObject({ familyName: 'Corrigé', contact: { phone: '+212600000001' } });

    const events = await history(avrr);
    expect(events.events.find((e) => e.type === 'person.corrected')?.details).toMatchObject({
      personId: applicant.personId,
      paths: ['/familyName', '/contact/phone'],
    });
    expect(events.text).not.toContain('+212612345678');
    // The old values: on the audit item only (and in the submission as received).
    const holding = (await itemsOfTable(system)).filter((item) => item.caseId === avrr && JSON.stringify(item).includes('+212612345678'));
    expect(holding.map((item) => item.entity).sort()).toEqual(
      ['CaseSubmission', 'CorrectionAudit']
        .sort()
        .map((e) => (e === 'CaseSubmission' ? 'Submission' : e))
        .sort(),
    );

    // Found by the new name, no longer by the old one in that case.
    const token = await dpo();
    const byNew = await http(system, 'POST', '/data-protection/searches', {
      token,
      body: { subject: { givenNames: String(person.givenNames), familyName: 'Corrige', dateOfBirth: String(person.dateOfBirth) } },
    });
    expect((byNew.body as { matches: { caseId: string }[] }).matches.map((m) => m.caseId)).toEqual([avrr]);
  });
});

describe('erasure', () => {
  it('an open case needs a legal ground; then the data go, the facts and history stay; a repeat changes nothing', async () => {
    const { avrr, skilled } = await twoProgrammes('Erase');
    const factsBefore = (await view(skilled)).facts;
    const token = await dpo();
    const refused = await http(system, 'POST', '/data-protection/erasures', { token, body: { subject: { caseId: avrr } } });
    expect(refused.status, refused.text).toBe(409);
    expect(refused.body).toMatchObject({ type: 'urn:casework:problem:erasureNeedsLegalGround' });
    expect(applicantOf(await view(avrr)).data).toHaveProperty('familyName', 'Erase');

    const erased = await http(system, 'POST', '/data-protection/erasures', {
      token,
      body: { subject: { caseId: avrr }, caseId: skilled, legalGround: 'data-subject-objection' },
    });
    expect(erased.status, erased.text).toBe(200);
    // The applicant's data go; the family members who came with them keep theirs (the case is not anonymised).
    expect(erased.body).toMatchObject({ erased: [{ caseId: skilled, anonymised: false }], alreadyErased: [] });
    const after = await view(skilled);
    expect(after.facts).toEqual(factsBefore);
    expect(after.persons.filter((p) => p.erasedAt).map((p) => [p.role, p.data])).toEqual([['applicant', {}]]);
    expect(after.persons.filter((p) => !p.erasedAt).every((p) => p.role === 'family-member')).toBe(true);
    // The other programme's case is untouched (only one case was asked for).
    expect(applicantOf(await view(avrr)).data).toHaveProperty('familyName', 'Erase');
    const events = await history(skilled);
    expect(events.events.map((e) => e.type)).toEqual(expect.arrayContaining(['case.submitted', 'person.erased']));
    expect(events.events.find((e) => e.type === 'person.erased')?.details).toMatchObject({ ground: 'data-subject-objection' });
    const left = (await itemsOfTable(system)).filter((item) => item.caseId === skilled && /"(Erase|ERASE)"/.test(JSON.stringify(item)));
    expect(left).toEqual([]);

    const again = await http(system, 'POST', '/data-protection/erasures', {
      token,
      body: { subject: { caseId: skilled }, legalGround: 'data-subject-objection' },
    });
    expect(again.status, again.text).toBe(200);
    expect(again.body).toMatchObject({ erased: [], alreadyErased: [skilled] });
    const person = applicantOf(after);
    const correction = await http(system, 'POST', `/cases/${skilled}/persons/${person.personId}/corrections`, {
      token,
      body: { changes: [{ path: '/familyName', value: 'Back' }] },
    });
    expect(correction.status).toBe(409);
  });
});

describe('retention', () => {
  it('a closed AVRR case is anonymised once its 30 days are over, on the local clock; its facts and history remain', async () => {
    const body = await example('avrr-application');
    body.applicant.familyName = 'Retained';
    const caseId = await submit('avrr-application', body);
    const withdrawal = await http(system, 'POST', `/cases/${caseId}/withdrawal`, {
      token: await staff('caseworker'),
      body: { reasonCode: 'other', reason: 'Retained wants to stay, call +212611111111' },
    });
    expect(withdrawal.status, withdrawal.text).toBe(200);
    const closed = await view(caseId);
    expect(applicantOf(closed).data).toHaveProperty('familyName', 'Retained');

    await http(system, 'POST', '/_local/clock', { body: { advanceBy: 'P29D' } });
    expect(applicantOf(await view(caseId)).data).toHaveProperty('familyName', 'Retained');
    await http(system, 'POST', '/_local/clock', { body: { advanceBy: 'P8D' } });

    const after = await view(caseId);
    expect(after.facts).toEqual(closed.facts);
    expect(after.persons.length).toBe(closed.persons.length);
    expect(after.persons.every((p) => Object.keys(p.data).length === 0)).toBe(true);
    const events = await history(caseId);
    expect(events.events.map((e) => e.type)).toEqual(
      expect.arrayContaining(['case.submitted', 'case.closed', 'case.anonymised-by-retention']),
    );
    const left = (await itemsOfTable(system)).filter(
      (item) => JSON.stringify(item).includes('Retained') || JSON.stringify(item).includes('+212611111111'),
    );
    expect(left).toEqual([]);
  });
});
