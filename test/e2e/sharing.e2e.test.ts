// Which partner association sees a case: never decided by a public body (an association's form is
// not even taken from the public); by the partner's own authenticated staff for their association,
// or by mission staff sharing it under consent.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestSystem, http, devToken, type TestSystem } from '../support/local-system.ts';
import { createAssociation, registeredPartnerToken } from '../support/associations.ts';

let system: TestSystem;

const SALE = 'asso-jeunesse-avenir-sale';
const OUJDA = 'association-tadamoun-oujda';

beforeAll(async () => {
  system = await startTestSystem();
  const admin = await devToken(system, 'admin-e2e', ['admin']);
  await createAssociation(system, admin, SALE);
  await createAssociation(system, admin, OUJDA, { name: 'Association Tadamoun Oujda', city: 'oujda' });
});

afterAll(async () => {
  await system?.stop();
});

type FormDoc = { schema: { examples: Record<string, unknown>[]; properties: Record<string, unknown> } };

async function exampleOf(formId: string, version?: number): Promise<Record<string, unknown>> {
  const { body } = await http(system, 'GET', `/forms/${formId}${version ? `?version=${version}` : ''}`);
  return structuredClone((body as FormDoc).schema.examples[0]!);
}

async function submitPublic(formId: string, body: unknown, version?: number) {
  return http(system, 'POST', `/forms/${formId}/submissions${version ? `?version=${version}` : ''}`, {
    body,
    headers: { 'idempotency-key': randomUUID() },
  });
}

async function partnerSees(partnerId: string, caseId: string): Promise<number> {
  const token = await registeredPartnerToken(system, `user-of-${partnerId}`, partnerId);
  return (await http(system, 'GET', `/cases/${caseId}`, { token })).status;
}

describe('a public form does not choose the partner', () => {
  it('a youth enrolment or capacity assessment, even of the old version naming a partner, is refused on the public route', async () => {
    const youth = await submitPublic('youth-enrolment', { ...(await exampleOf('youth-enrolment', 1)), partnerId: SALE }, 1);
    const capacity = await submitPublic('association-capacity-assessment', await exampleOf('association-capacity-assessment', 1), 1);
    for (const refused of [youth, capacity]) {
      expect(refused.status, refused.text).toBe(403);
      expect((refused.body as { type: string }).type).toBe('urn:casework:problem:associationFormNotPublic');
    }
    const token = await registeredPartnerToken(system, 'p-sale', SALE);
    const queue = await http(system, 'GET', '/cases?programme=youth-employability&stage=submitted', { token });
    expect((queue.body as { items: unknown[] }).items).toEqual([]);
  });

  it('the latest versions have no partner field at all: the association is the caller’s', async () => {
    for (const formId of ['youth-enrolment', 'association-capacity-assessment']) {
      const { body } = await http(system, 'GET', `/forms/${formId}`);
      const schema = (body as FormDoc).schema as { properties: Record<string, { properties?: Record<string, unknown> }> };
      expect(schema.properties).not.toHaveProperty('partnerId');
      expect(schema.properties.association?.properties ?? {}).not.toHaveProperty('partnerId');
      expect(body).toMatchObject({ submittedBy: 'association', submitTo: expect.stringMatching(/^\/partner\/forms\//) });
    }
    const token = await registeredPartnerToken(system, 'p-sale-staff', SALE);
    const youth = { ...(await exampleOf('youth-enrolment')), partnerId: SALE };
    const named = await http(system, 'POST', '/partner/forms/youth-enrolment/submissions', {
      body: youth,
      headers: { 'idempotency-key': randomUUID() },
      token,
    });
    expect(named.status).toBe(422);
  });
});

describe('a partner association submits for itself', () => {
  it('the case is its own: it sees it, another association does not', async () => {
    const token = await registeredPartnerToken(system, 'p-sale-staff', SALE);
    const created = await http(system, 'POST', '/partner/forms/youth-enrolment/submissions', {
      body: await exampleOf('youth-enrolment'),
      headers: { 'idempotency-key': randomUUID() },
      token,
    });
    expect(created.status).toBe(201);
    const { caseId } = created.body as { caseId: string };
    const seen = await http(system, 'GET', `/cases/${caseId}`, { token });
    expect(seen.status).toBe(200);
    expect(seen.body).toMatchObject({ caseId, partnerId: SALE });
    expect(await partnerSees(OUJDA, caseId)).toBe(404);
  });

  it('a partner cannot submit an old version naming another association', async () => {
    const token = await registeredPartnerToken(system, 'p-sale-staff', SALE);
    const created = await http(system, 'POST', '/partner/forms/youth-enrolment/submissions?version=1', {
      body: { ...(await exampleOf('youth-enrolment', 1)), partnerId: OUJDA },
      headers: { 'idempotency-key': randomUUID() },
      token,
    });
    expect(created.status).toBe(403);
  });

  it('only partner users with an association may use the partner route', async () => {
    const body = await exampleOf('youth-enrolment');
    const anonymous = await http(system, 'POST', '/partner/forms/youth-enrolment/submissions', {
      body,
      headers: { 'idempotency-key': randomUUID() },
    });
    expect(anonymous.status).toBe(401);
    const staff = await devToken(system, 'amina', ['caseworker']);
    const byStaff = await http(system, 'POST', '/partner/forms/youth-enrolment/submissions', {
      body,
      headers: { 'idempotency-key': randomUUID() },
      token: staff,
    });
    expect(byStaff.status).toBe(403);
  });
});

describe('mission staff share a case with a partner, under consent', () => {
  // The protection referral's first example consents to sharing with UNICEF only.
  async function referral(): Promise<string> {
    const created = await submitPublic('protection-referral', await exampleOf('protection-referral'));
    expect(created.status).toBe(201);
    return (created.body as { caseId: string }).caseId;
  }
  const now = async () => new Date(((await http(system, 'GET', '/_local/clock')).body as { now: string }).now);
  const inDays = async (days: number) => new Date((await now()).getTime() + days * 86_400_000).toISOString();
  const caseworker = () => devToken(system, 'amina', ['caseworker']);
  const share = async (caseId: string, body: object) =>
    http(system, 'POST', `/cases/${caseId}/shares`, { body, token: await caseworker(), headers: { 'accept-language': 'en' } });

  it('refuses a share without consent (409, localized), allows it with a recorded legal ground', async () => {
    const caseId = await referral();
    const refused = await share(caseId, { partnerId: 'unhcr', purpose: 'referral', until: await inDays(30) });
    expect(refused.status).toBe(409);
    expect(refused.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect((refused.body as { title: string }).title).toBe('Sharing not consented');
    expect(await partnerSees('unhcr', caseId)).toBe(404);

    const overridden = await share(caseId, {
      partnerId: 'unhcr',
      purpose: 'referral',
      until: await inDays(30),
      overrideReason: 'vital-interests',
    });
    expect(overridden.status).toBe(201);
    expect(overridden.body).toMatchObject({ partnerId: 'unhcr', overrideReason: 'vital-interests', active: true });
    expect(await partnerSees('unhcr', caseId)).toBe(200);
  });

  it('shared with consent: visible to that partner only; revoked: 404 again; every partner read in the history', async () => {
    const caseId = await referral();
    expect(await partnerSees('unicef', caseId)).toBe(404);
    const created = await share(caseId, { partnerId: 'unicef', purpose: 'referral', until: await inDays(30) });
    expect(created.status).toBe(201);
    const { shareId } = created.body as { shareId: string };

    const unicef = await registeredPartnerToken(system, 'p-unicef', 'unicef');
    const seen = await http(system, 'GET', `/cases/${caseId}`, { token: unicef });
    expect(seen.status).toBe(200);
    expect((seen.body as { persons: unknown[] }).persons.length).toBeGreaterThan(0);
    expect(seen.body).not.toHaveProperty('shares');
    expect((await http(system, 'GET', `/cases/${caseId}/history`, { token: unicef })).status).toBe(200);
    expect(await partnerSees('caritas-maroc', caseId)).toBe(404);

    const staffView = await http(system, 'GET', `/cases/${caseId}`, { token: await caseworker() });
    expect((staffView.body as { shares: { shareId: string; active: boolean }[] }).shares).toEqual([
      expect.objectContaining({ shareId, active: true }),
    ]);

    const revoked = await http(system, 'POST', `/cases/${caseId}/shares/${shareId}/revoke`, { token: await caseworker() });
    expect(revoked.status).toBe(200);
    expect((await http(system, 'POST', `/cases/${caseId}/shares/${shareId}/revoke`, { token: await caseworker() })).status).toBe(409);
    expect(await partnerSees('unicef', caseId)).toBe(404);

    const history = await http(system, 'GET', `/cases/${caseId}/history`, { token: await caseworker() });
    const events = (history.body as { events: { type: string; actor: { id?: string }; details: Record<string, unknown> }[] }).events;
    const reads = events.filter((e) => e.type === 'case.read-by-partner');
    expect(reads.map((e) => [e.actor.id, e.details.partnerId, e.details.what])).toEqual([
      ['p-unicef', 'unicef', 'case'],
      ['p-unicef', 'unicef', 'history'],
    ]);
    expect(events.map((e) => e.type)).toEqual(expect.arrayContaining(['case.shared', 'case.share-revoked']));
  });

  it('a share for one service shows the case without its persons', async () => {
    const caseId = await referral();
    const created = await share(caseId, {
      partnerId: 'unicef',
      scope: { service: 'medical' },
      purpose: 'service-delivery',
      until: await inDays(30),
    });
    expect(created.status).toBe(201);
    const token = await registeredPartnerToken(system, 'p-unicef-2', 'unicef');
    const seen = await http(system, 'GET', `/cases/${caseId}`, { token });
    expect(seen.status).toBe(200);
    expect((seen.body as { persons: unknown[] }).persons).toEqual([]);
  });

  it('only caseworkers and supervisors share; partners cannot', async () => {
    const caseId = await referral();
    const partner = await registeredPartnerToken(system, 'p-unicef', 'unicef');
    const tried = await http(system, 'POST', `/cases/${caseId}/shares`, {
      body: { partnerId: 'unicef', purpose: 'referral', until: await inDays(30) },
      token: partner,
    });
    expect(tried.status).toBe(403);
  });

  it('an expired share no longer shows the case (the clock moves past its end)', async () => {
    const caseId = await referral();
    expect((await share(caseId, { partnerId: 'unicef', purpose: 'referral', until: await inDays(2) })).status).toBe(201);
    expect(await partnerSees('unicef', caseId)).toBe(200);
    await http(system, 'POST', '/_local/clock', { body: { advanceBy: 'P3D' } });
    expect(await partnerSees('unicef', caseId)).toBe(404);
  });
});

describe('consent changed after intake', () => {
  it('revoking the consent to share with a partner ends its access; the change and its effect are in the history', async () => {
    const created = await submitPublic('protection-referral', await exampleOf('protection-referral'));
    const { caseId } = created.body as { caseId: string };
    const amina = await devToken(system, 'amina', ['caseworker']);
    const clockNow = new Date(((await http(system, 'GET', '/_local/clock')).body as { now: string }).now);
    const until = new Date(clockNow.getTime() + 30 * 86_400_000).toISOString();
    expect(
      (await http(system, 'POST', `/cases/${caseId}/shares`, { body: { partnerId: 'unicef', purpose: 'referral', until }, token: amina }))
        .status,
    ).toBe(201);
    expect(await partnerSees('unicef', caseId)).toBe(200);

    const revoked = await http(system, 'POST', `/cases/${caseId}/consents`, {
      body: { action: 'revoke', purpose: 'sharing', partnerId: 'unicef' },
      token: amina,
    });
    expect(revoked.status).toBe(200);
    expect(revoked.body).toMatchObject({ consent: { sharingWithPartners: [] }, endedShares: [expect.any(String)] });
    expect(await partnerSees('unicef', caseId)).toBe(404);
    // Without the consent, a new share is refused again.
    expect(
      (await http(system, 'POST', `/cases/${caseId}/shares`, { body: { partnerId: 'unicef', purpose: 'referral', until }, token: amina }))
        .status,
    ).toBe(409);

    const followUp = await http(system, 'POST', `/cases/${caseId}/consents`, {
      body: { action: 'revoke', purpose: 'follow-up-contact' },
      token: amina,
    });
    expect(followUp.body).toMatchObject({ consent: { followUpContact: false } });
    const found = await http(system, 'GET', `/cases/${caseId}`, { token: amina });
    expect((found.body as { facts: Record<string, unknown> }).facts).toMatchObject({
      consentFollowUpContact: false,
      consentSharingWithPartners: [],
    });

    const history = await http(system, 'GET', `/cases/${caseId}/history`, { token: amina });
    const events = (history.body as { events: { type: string; details: Record<string, unknown> }[] }).events;
    expect(
      events
        .filter((e) => e.type.startsWith('consent.') || e.type === 'case.share-revoked')
        .map((e) => [e.type, e.details.effect ?? e.details.cause]),
    ).toEqual([
      ['case.share-revoked', 'consent-revoked'],
      ['consent.revoked', 'shares-ended:1'],
      ['consent.revoked', 'beneficiary-messages-stopped'],
    ]);
  });

  it('a partner cannot change consents, and a sharing change must name its partner', async () => {
    const created = await submitPublic('protection-referral', await exampleOf('protection-referral'));
    const { caseId } = created.body as { caseId: string };
    const partner = await registeredPartnerToken(system, 'p-unicef', 'unicef');
    expect(
      (
        await http(system, 'POST', `/cases/${caseId}/consents`, {
          body: { action: 'revoke', purpose: 'follow-up-contact' },
          token: partner,
        })
      ).status,
    ).toBe(403);
    const amina = await devToken(system, 'amina', ['caseworker']);
    const invalid = await http(system, 'POST', `/cases/${caseId}/consents`, {
      body: { action: 'revoke', purpose: 'sharing' },
      token: amina,
    });
    expect(invalid.status).toBe(422);
  });
});
