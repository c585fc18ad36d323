// One person, several programmes, over HTTP on the local system: the same person applies for AVRR
// and is referred to protection (their date of birth written otherwise); the referral's case carries
// a suggestion (made from the table's stream, a moment after the answer), a caseworker confirms it, both cases show each other to staff; the partner the
// referral is shared with sees none of it; the data-protection officer finds, exports and erases
// the person in both cases.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { devToken, http, startTestSystem, type TestSystem } from '../support/local-system.ts';
import { registeredPartnerToken } from '../support/associations.ts';

let system: TestSystem;

beforeAll(async () => {
  system = await startTestSystem();
});

afterAll(async () => {
  await system?.stop();
});

type Match = { matchId: string; candidate: { caseId: string; programme: string }; criteria: string[]; status: string };
type OtherCase = { caseId: string; reference: string; programme: string; status: string };
type Person = {
  personId: string;
  role: string;
  data: object;
  erasedAt?: string;
  subjectId?: string;
  matches?: Match[];
  otherCases?: OtherCase[];
};
type CaseView = { caseId: string; reference: string; persons: Person[] };

async function exampleOf(formId: string, index = 0): Promise<Record<string, unknown>> {
  const { body } = await http(system, 'GET', `/forms/${formId}`);
  return structuredClone((body as { schema: { examples: Record<string, unknown>[] } }).schema.examples[index]!);
}

async function submit(formId: string, body: unknown): Promise<string> {
  const created = await http(system, 'POST', `/forms/${formId}/submissions`, { body, headers: { 'idempotency-key': randomUUID() } });
  expect(created.status, created.text).toBe(201);
  return (created.body as { caseId: string }).caseId;
}

const caseworker = () => devToken(system, 'amina', ['caseworker']);
const supervisor = () => devToken(system, 'karim', ['supervisor']);
const partner = () => registeredPartnerToken(system, 'caritas-user', 'caritas-maroc');

async function view(caseId: string, token: string): Promise<CaseView & { text: string }> {
  const response = await http(system, 'GET', `/cases/${caseId}`, { token });
  expect(response.status, response.text).toBe(200);
  return { ...(response.body as CaseView), text: response.text };
}

const applicantOf = (found: CaseView) => found.persons.find((p) => p.role === 'applicant')!;

/** The local clock a minute on (it stands still otherwise): a second submission is the newer case. */
async function later(): Promise<void> {
  const moved = await http(system, 'POST', '/_local/clock', { body: { advanceBy: 'PT1M' } });
  expect(moved.status, moved.text).toBe(200);
}

/** The case once its suggestions are made: from the table's stream, a moment after the submission's answer. */
async function viewSuggested(caseId: string, token: string): Promise<CaseView & { text: string }> {
  for (let attempt = 0; ; attempt++) {
    const found = await view(caseId, token);
    if ((applicantOf(found).matches ?? []).length > 0 || attempt >= 100) return found;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('one person in two programmes', () => {
  it('a suggestion, a caseworker’s confirmation, both cases showing each other to staff, nothing to a partner; the officer covers both', async () => {
    const avrrBody = await exampleOf('avrr-application');
    const applicant = avrrBody.applicant as Record<string, unknown>;
    Object.assign(applicant, { familyName: 'Diallo-Linked', dateOfBirth: '1994-06-12', identityDocument: { type: 'none' } });
    const avrr = await submit('avrr-application', avrrBody);

    // Referred to protection later (the suggestion goes on the newer case: the local clock moves on):
    // day and month of birth swapped, the names in another order.
    await later();
    const referralBody = await exampleOf('protection-referral', 1);
    referralBody.person = {
      givenNames: 'aliou MAMADOU',
      familyName: 'DIALLO LINKED',
      sex: 'male',
      dateOfBirth: '1994-12-06',
      nationality: 'GN',
    };
    (referralBody.consent as Record<string, unknown>).sharingWithPartners = ['caritas-maroc'];
    const referral = await submit('protection-referral', referralBody);

    const staffToken = await caseworker();
    const before = await viewSuggested(referral, staffToken);
    const [match] = applicantOf(before).matches!;
    expect(applicantOf(before).matches).toHaveLength(1);
    expect(match).toMatchObject({ candidate: { caseId: avrr, programme: 'avrr' }, criteria: ['name-birth-year'], status: 'suggested' });
    expect(applicantOf(before).otherCases).toEqual([]);
    // The earlier case is not told of a suggestion made on the new one.
    expect(applicantOf(await view(avrr, staffToken)).matches).toEqual([]);

    // A partner the referral is shared with sees the case, never that its person has another one.
    const until = new Date(Date.now() + 30 * 86_400_000).toISOString();
    const shared = await http(system, 'POST', `/cases/${referral}/shares`, {
      token: staffToken,
      body: { partnerId: 'caritas-maroc', purpose: 'referral', until },
    });
    expect(shared.status, shared.text).toBe(201);
    const partnerToken = await partner();
    const decisionPath = `/cases/${referral}/persons/${applicantOf(before).personId}/matches/${match!.matchId}/decisions`;
    expect((await http(system, 'POST', decisionPath, { token: partnerToken, body: { decision: 'confirm' } })).status).toBe(403);
    expect((await http(system, 'POST', decisionPath, { token: staffToken, body: { decision: 'merge' } })).status).toBe(422);

    const confirmed = await http(system, 'POST', decisionPath, { token: staffToken, body: { decision: 'confirm' } });
    expect(confirmed.status, confirmed.text).toBe(200);
    expect(confirmed.body).toMatchObject({ status: 'confirmed', decidedBy: 'amina' });
    const again = await http(system, 'POST', decisionPath, {
      token: staffToken,
      body: { decision: 'dismiss' },
      headers: { 'accept-language': 'en' },
    });
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ title: 'Suggestion already decided' });

    const referralView = await view(referral, staffToken);
    const avrrView = await view(avrr, staffToken);
    expect(applicantOf(referralView).matches).toEqual([]);
    expect(applicantOf(referralView).otherCases).toEqual([
      { caseId: avrr, personId: applicantOf(avrrView).personId, reference: avrrView.reference, programme: 'avrr', status: 'open' },
    ]);
    expect(applicantOf(avrrView).otherCases).toEqual([
      {
        caseId: referral,
        personId: applicantOf(referralView).personId,
        reference: referralView.reference,
        programme: 'protection',
        status: 'open',
      },
    ]);
    expect(applicantOf(referralView).subjectId).toBe(applicantOf(avrrView).personId);
    for (const caseId of [avrr, referral]) {
      const history = await http(system, 'GET', `/cases/${caseId}/history`, { token: staffToken });
      expect((history.body as { events: { type: string }[] }).events.map((e) => e.type)).toContain('person.linked');
    }

    const seenByPartner = await view(referral, partnerToken);
    expect(seenByPartner.persons.length).toBeGreaterThan(0);
    expect(seenByPartner.text).not.toContain(avrr);
    expect(seenByPartner.text).not.toContain(avrrView.reference);
    expect(seenByPartner.text).not.toMatch(/subjectId|otherCases|"matches"/);
    const partnerHistory = await http(system, 'GET', `/cases/${referral}/history`, { token: partnerToken });
    expect(partnerHistory.status).toBe(200);
    expect(partnerHistory.text).not.toContain(avrr);
    expect(partnerHistory.text).not.toMatch(/person\.(linked|match)/);
    expect((await http(system, 'GET', `/cases/${avrr}`, { token: partnerToken })).status).toBe(404);

    // The data-protection officer: the AVRR identity finds the referral too (another date of birth there).
    const dpo = await devToken(system, 'dpo-nadia', ['data-protection']);
    const search = await http(system, 'POST', '/data-protection/searches', {
      token: dpo,
      body: { subject: { givenNames: 'Mamadou Aliou', familyName: 'Diallo-Linked', dateOfBirth: '1994-06-12' } },
    });
    expect(search.status, search.text).toBe(200);
    expect((search.body as { matches: { caseId: string }[] }).matches.map((m) => m.caseId).sort()).toEqual([avrr, referral].sort());
    const exported = await http(system, 'POST', '/data-protection/exports', { token: dpo, body: { subject: { caseId: referral } } });
    expect(exported.status, exported.text).toBe(200);
    expect((exported.body as { cases: { caseId: string }[] }).cases.map((c) => c.caseId).sort()).toEqual([avrr, referral].sort());
    const erased = await http(system, 'POST', '/data-protection/erasures', {
      token: dpo,
      body: { subject: { caseId: avrr }, legalGround: 'data-subject-objection' },
    });
    expect(erased.status, erased.text).toBe(200);
    expect((erased.body as { erased: { caseId: string }[] }).erased.map((c) => c.caseId).sort()).toEqual([avrr, referral].sort());
    const supervisorToken = await supervisor();
    for (const caseId of [avrr, referral]) {
      // The person is erased in both cases (a family member who came with them keeps their data).
      expect(applicantOf(await view(caseId, supervisorToken))).toMatchObject({ data: {}, erasedAt: expect.any(String) });
    }
  });

  it('a supervisor undoes a mistaken link; a caseworker may not', async () => {
    const first = await exampleOf('avrr-application');
    Object.assign(first.applicant as object, { familyName: 'Namesake', dateOfBirth: '1988-01-02', identityDocument: { type: 'none' } });
    const a = await submit('avrr-application', first);
    Object.assign(first.applicant as object, { dateOfBirth: '1988-09-30' });
    await later();
    const b = await submit('avrr-application', first);
    const staffToken = await caseworker();
    const person = applicantOf(await viewSuggested(b, staffToken));
    const path = `/cases/${b}/persons/${person.personId}/matches/${person.matches![0]!.matchId}/decisions`;
    expect((await http(system, 'POST', path, { token: staffToken, body: { decision: 'confirm' } })).status).toBe(200);
    expect((await http(system, 'POST', path, { token: staffToken, body: { decision: 'undo' } })).status).toBe(403);
    const undone = await http(system, 'POST', path, { token: await supervisor(), body: { decision: 'undo' } });
    expect(undone.status, undone.text).toBe(200);
    expect(undone.body).toMatchObject({ status: 'undone', undoneBy: 'karim' });
    expect(applicantOf(await view(a, staffToken)).otherCases).toEqual([]);
    expect(applicantOf(await view(b, staffToken)).otherCases).toEqual([]);
  });
});
