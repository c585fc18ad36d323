// Finding a case or a person over HTTP on the local system (docs/search.md): a reference read over the
// phone, a name in another spelling, order or script, a phone in another format, a document number;
// a partner finds only what is shared with it; every search is in the access log, without its terms.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestSystem, http, devToken, type TestSystem } from '../support/local-system.ts';
import { createAssociation } from '../support/associations.ts';

let system: TestSystem;
const PARTNER_A = 'amappe';
const PARTNER_B = 'fondation-orient-occident';

type Results = {
  criterion: string;
  results: { caseId: string; reference: string; givenNames?: string; nameInArabicScript?: string }[];
  truncated: boolean;
};

async function submit(
  applicant: Record<string, unknown>,
  contact: Record<string, unknown>,
): Promise<{ caseId: string; reference: string }> {
  const form = await http(system, 'GET', '/forms/avrr-application');
  const example = structuredClone((form.body as { schema: { examples: Record<string, Record<string, unknown>>[] } }).schema.examples[0]!);
  example.applicant = { ...example.applicant, ...applicant };
  example.contact = contact;
  example.consent = { ...example.consent, sharingWithPartners: [PARTNER_A, PARTNER_B] };
  const created = await http(system, 'POST', '/forms/avrr-application/submissions', {
    body: example,
    headers: { 'idempotency-key': randomUUID() },
  });
  expect(created.status, created.text).toBe(201);
  return created.body as { caseId: string; reference: string };
}

async function search(token: string, body: Record<string, string>): Promise<Results> {
  const answer = await http(system, 'POST', '/persons/searches', { body, token });
  expect(answer.status, answer.text).toBe(200);
  return answer.body as Results;
}
const ids = (found: Results) => found.results.map((r) => r.caseId).sort();

let shared: { caseId: string; reference: string };
let unshared: { caseId: string; reference: string };
let caseworker: string;

beforeAll(async () => {
  system = await startTestSystem();
  const admin = await devToken(system, 'admin-search-e2e', ['admin']);
  await createAssociation(system, admin, PARTNER_A);
  await createAssociation(system, admin, PARTNER_B);
  caseworker = await devToken(system, 'caseworker-search-e2e', ['caseworker']);
  shared = await submit(
    {
      givenNames: 'Mohamed Amine',
      familyName: 'Zerhouni',
      nameInArabicScript: 'محمد أمين الزرهوني',
      identityDocument: { type: 'passport', number: 'MA 778899' },
    },
    { phone: '+212612349876' },
  );
  unshared = await submit(
    { givenNames: 'Mohammed', familyName: 'Zerhouni', identityDocument: { type: 'none' } },
    { phone: '+212698765432' },
  );
  const until = new Date(system.clock.now().getTime() + 30 * 86_400_000).toISOString();
  // The workflow moves the new case meanwhile: a share checked against an older case is a 409, retried.
  const share = () =>
    http(system, 'POST', `/cases/${shared.caseId}/shares`, {
      body: { partnerId: PARTNER_A, purpose: 'referral', until },
      token: caseworker,
    });
  let answer = await share();
  for (let attempt = 1; attempt < 10 && answer.status === 409; attempt++) answer = await share();
  expect(answer.status, answer.text).toBe(201);
}, 180_000);

afterAll(async () => {
  await system?.stop();
});

describe('finding a person', () => {
  it('by a name in another spelling, order, part or script', async () => {
    expect(ids(await search(caseworker, { name: 'Mohammed Zerhouni' }))).toEqual([shared.caseId, unshared.caseId].sort());
    expect(ids(await search(caseworker, { name: 'zerhouni muhammad' }))).toEqual([shared.caseId, unshared.caseId].sort());
    expect(ids(await search(caseworker, { name: 'Amine Zerhouni' }))).toEqual([shared.caseId]);
    expect(ids(await search(caseworker, { name: 'amine' }))).toContain(shared.caseId);
    const arabic = await search(caseworker, { name: 'محمد الزرهوني' });
    expect(ids(arabic)).toEqual([shared.caseId]);
    expect(arabic.results[0]).toMatchObject({
      reference: shared.reference,
      givenNames: 'Mohamed Amine',
      nameInArabicScript: 'محمد أمين الزرهوني',
    });
  });

  it('by a phone number in another format, and by a document number', async () => {
    expect(ids(await search(caseworker, { phone: '06 12 34 98 76' }))).toEqual([shared.caseId]);
    expect(ids(await search(caseworker, { phone: '00212698765432' }))).toEqual([unshared.caseId]);
    expect(ids(await search(caseworker, { documentNumber: 'ma-778899' }))).toEqual([shared.caseId]);
  });

  it('a partner finds only the cases shared with it', async () => {
    const partnerA = await devToken(system, 'partner-a-search-e2e', ['partner'], PARTNER_A);
    const partnerB = await devToken(system, 'partner-b-search-e2e', ['partner'], PARTNER_B);
    expect(ids(await search(partnerA, { name: 'Mohamed Zerhouni' }))).toEqual([shared.caseId]);
    expect(ids(await search(partnerA, { phone: '+212698765432' }))).toEqual([]);
    expect(ids(await search(partnerB, { name: 'Mohamed Zerhouni' }))).toEqual([]);
  });

  it('refuses a search it cannot make, every error listed, in the caller’s language', async () => {
    const none = await http(system, 'POST', '/persons/searches', { body: {}, token: caseworker, headers: { 'accept-language': 'en' } });
    expect(none.status).toBe(422);
    expect(none.headers.get('content-type')).toContain('application/problem+json');
    const phone = await http(system, 'POST', '/persons/searches', {
      body: { phone: '12' },
      token: caseworker,
      headers: { 'accept-language': 'ar' },
    });
    expect(phone.status).toBe(422);
    expect((phone.body as { errors: { pointer?: string; code: string }[] }).errors).toEqual([
      expect.objectContaining({ code: 'phone_invalid' }),
    ]);
  });
});

describe('finding a case by its reference', () => {
  it('as read over the phone: lower case, spaces, no leading zeros', async () => {
    const [prefix, year, number] = shared.reference.split('-');
    const spoken = `${prefix!.toLowerCase()} ${year} ${Number(number)}`;
    const answer = await http(system, 'GET', `/cases/by-reference/${encodeURIComponent(spoken)}`, { token: caseworker });
    expect(answer.status, answer.text).toBe(200);
    expect(answer.body).toMatchObject({ caseId: shared.caseId, reference: shared.reference, programme: 'avrr' });
  });

  it('a malformed reference is a 400 problem; a case the caller may not see is a 404', async () => {
    const malformed = await http(system, 'GET', '/cases/by-reference/hello', { token: caseworker });
    expect(malformed.status).toBe(400);
    expect(malformed.headers.get('content-type')).toContain('application/problem+json');
    expect((malformed.body as { errors: { code: string }[] }).errors).toEqual([expect.objectContaining({ code: 'reference_malformed' })]);
    const partnerB = await devToken(system, 'partner-b-search-e2e', ['partner'], PARTNER_B);
    expect((await http(system, 'GET', `/cases/by-reference/${unshared.reference}`, { token: partnerB })).status).toBe(404);
    expect((await http(system, 'GET', '/cases/by-reference/AVRR-1999-000001', { token: caseworker })).status).toBe(404);
  });
});

describe('the audit trail', () => {
  it('records every search and lookup by reader, with the cases shown, never the terms', async () => {
    const reader = await devToken(system, 'auditor-search-e2e', ['caseworker']);
    await search(reader, { name: 'Mohammed Zerhouni' });
    await search(reader, { phone: '0612349876' });
    await search(reader, { name: 'Nobody Atall' });
    expect((await http(system, 'GET', `/cases/by-reference/${shared.reference}`, { token: reader })).status).toBe(200);

    const dpo = await devToken(system, 'dpo-search-e2e', ['data-protection']);
    const now = system.clock.now().getTime();
    const log = await http(
      system,
      'GET',
      `/access-log?reader=auditor-search-e2e&from=${new Date(now - 3_600_000).toISOString()}&to=${new Date(now + 3_600_000).toISOString()}&limit=100`,
      { token: dpo },
    );
    expect(log.status, log.text).toBe(200);
    const items = (
      log.body as { items: { what: string; caseId?: string; search?: { searchId: string; criterion: string; results: number } }[] }
    ).items;
    const searches = items.filter((r) => r.what === 'search' && r.caseId === undefined);
    expect(searches.map((r) => [r.search!.criterion, r.search!.results])).toEqual([
      ['name', 2],
      ['phone', 1],
      ['name', 0],
    ]);
    expect(
      items
        .filter((r) => r.what === 'search' && r.caseId !== undefined)
        .map((r) => r.caseId)
        .sort(),
    ).toEqual([shared.caseId, unshared.caseId, shared.caseId].sort());
    expect(items.filter((r) => r.what === 'reference')).toEqual([expect.objectContaining({ caseId: shared.caseId })]);
    for (const term of ['Zerhouni', 'zerhouni', 'Mohammed', '0612349876', '612349876', 'Nobody']) expect(log.text).not.toContain(term);

    const ofCase = await http(system, 'GET', `/cases/${shared.caseId}/access-log`, { token: dpo });
    expect((ofCase.body as { items: { what: string; by: string }[] }).items).toEqual(
      expect.arrayContaining([expect.objectContaining({ what: 'search', by: 'auditor-search-e2e' })]),
    );
  });
});
