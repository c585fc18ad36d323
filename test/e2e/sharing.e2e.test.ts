// Which partner association sees a case: never decided by a public body; by the partner's own
// authenticated staff for their association, or by mission staff sharing it under consent.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestSystem, http, devToken, type TestSystem } from '../support/local-system.ts';

let system: TestSystem;

beforeAll(async () => {
  system = await startTestSystem();
});

afterAll(async () => {
  await system?.stop();
});

const SALE = 'asso-jeunesse-avenir-sale';
const OUJDA = 'association-tadamoun-oujda';

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
  const token = await devToken(system, `user-of-${partnerId}`, ['partner'], partnerId);
  return (await http(system, 'GET', `/cases/${caseId}`, { token })).status;
}

describe('a public form does not choose the partner', () => {
  it('a public youth enrolment of the old version naming a partner is not shown to that partner', async () => {
    const body = { ...(await exampleOf('youth-enrolment', 1)), partnerId: SALE };
    const created = await submitPublic('youth-enrolment', body, 1);
    expect(created.status).toBe(201);
    const { caseId } = created.body as { caseId: string };
    expect(await partnerSees(SALE, caseId)).toBe(404);
    const token = await devToken(system, 'p-sale', ['partner'], SALE);
    const queue = await http(system, 'GET', '/cases?programme=youth-employability&stage=submitted', { token });
    expect((queue.body as { items: { caseId: string }[] }).items.map((c) => c.caseId)).not.toContain(caseId);
  });

  it('a public capacity assessment of the old version naming a partner is not shown to that partner', async () => {
    const body = await exampleOf('association-capacity-assessment', 1);
    const created = await submitPublic('association-capacity-assessment', body, 1);
    expect(created.status).toBe(201);
    expect(await partnerSees(OUJDA, (created.body as { caseId: string }).caseId)).toBe(404);
  });

  it('the latest public versions have no partner field at all', async () => {
    for (const formId of ['youth-enrolment', 'association-capacity-assessment']) {
      const { body } = await http(system, 'GET', `/forms/${formId}`);
      const schema = (body as FormDoc).schema as { properties: Record<string, { properties?: Record<string, unknown> }> };
      expect(schema.properties).not.toHaveProperty('partnerId');
      expect(schema.properties.association?.properties ?? {}).not.toHaveProperty('partnerId');
    }
    const youth = { ...(await exampleOf('youth-enrolment')), partnerId: SALE };
    expect((await submitPublic('youth-enrolment', youth)).status).toBe(422);
  });
});

describe('a partner association submits for itself', () => {
  it('the case is its own: it sees it, another association does not', async () => {
    const token = await devToken(system, 'p-sale-staff', ['partner'], SALE);
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
    const token = await devToken(system, 'p-sale-staff', ['partner'], SALE);
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
