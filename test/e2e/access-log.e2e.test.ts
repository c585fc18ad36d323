// The access log over HTTP: a caseworker's and a partner's reads of a case are what the
// data-protection officer finds, by case and by reader over a time window; anyone else asking for
// the log is refused.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestSystem, http, devToken, type TestSystem } from '../support/local-system.ts';
import { createAssociation } from '../support/associations.ts';

let system: TestSystem;

beforeAll(async () => {
  system = await startTestSystem();
});

afterAll(async () => {
  await system?.stop();
});

type Page = { items: { by: string; roles: string[]; what: string; caseId: string; at: string; partnerId?: string }[]; next?: string };

/** A case from the public web form (an AVRR application: a youth enrolment is an association's form). */
async function submitPublicCase(): Promise<string> {
  const form = await http(system, 'GET', '/forms/avrr-application');
  const example = (form.body as { schema: { examples: unknown[] } }).schema.examples[0];
  const created = await http(system, 'POST', '/forms/avrr-application/submissions', {
    body: example,
    headers: { 'idempotency-key': randomUUID() },
  });
  expect(created.status).toBe(201);
  return (created.body as { caseId: string }).caseId;
}

describe('the access log', () => {
  it('a caseworker reads a case and its history: the data-protection officer sees both reads, by case and by reader', async () => {
    const caseId = await submitPublicCase();
    const caseworker = await devToken(system, 'amina-e2e', ['caseworker']);
    expect((await http(system, 'GET', `/cases/${caseId}`, { token: caseworker })).status).toBe(200);
    expect((await http(system, 'GET', `/cases/${caseId}/history`, { token: caseworker })).status).toBe(200);

    const dpo = await devToken(system, 'dpo-e2e', ['data-protection']);
    const byCase = await http(system, 'GET', `/cases/${caseId}/access-log`, { token: dpo });
    expect(byCase.status).toBe(200);
    expect((byCase.body as Page).items).toEqual([
      expect.objectContaining({ by: 'amina-e2e', roles: ['caseworker'], what: 'case', caseId }),
      expect.objectContaining({ by: 'amina-e2e', roles: ['caseworker'], what: 'history', caseId }),
    ]);
    // The access log is not the case history: the staff reads are not events of the case.
    const history = await http(system, 'GET', `/cases/${caseId}/history`, { token: caseworker });
    expect(JSON.stringify(history.body)).not.toContain('amina-e2e');

    const now = Date.parse(system.clock.now().toISOString());
    const window = (from: number, to: number) =>
      `/access-log?reader=amina-e2e&from=${new Date(from).toISOString()}&to=${new Date(to).toISOString()}&limit=1`;
    const first = await http(system, 'GET', window(now - 3_600_000, now + 3_600_000), { token: dpo });
    expect(first.status).toBe(200);
    expect((first.body as Page).items).toEqual([expect.objectContaining({ what: 'case', caseId })]);
    const next = (first.body as Page).next!;
    const second = await http(system, 'GET', `${window(now - 3_600_000, now + 3_600_000)}&cursor=${next}`, { token: dpo });
    expect((second.body as Page).items.map((r) => r.what)).toEqual(expect.arrayContaining(['history']));
    const before = await http(system, 'GET', window(now - 7_200_000, now - 3_600_000), { token: dpo });
    expect((before.body as Page).items).toEqual([]);
  });

  it('a partner’s read is in the access log too, with its association', async () => {
    await createAssociation(system, await devToken(system, 'admin-e2e', ['admin']), 'association-tadamoun-oujda', { city: 'oujda' });
    const token = await devToken(system, 'p-oujda-e2e', ['partner'], 'association-tadamoun-oujda');
    const created = await http(system, 'POST', '/partner/forms/youth-enrolment/submissions', {
      body: ((await http(system, 'GET', '/forms/youth-enrolment')).body as { schema: { examples: unknown[] } }).schema.examples[0],
      headers: { 'idempotency-key': randomUUID() },
      token,
    });
    expect(created.status, created.text).toBe(201);
    const { caseId } = created.body as { caseId: string };
    expect((await http(system, 'GET', `/cases/${caseId}`, { token })).status).toBe(200);
    const dpo = await devToken(system, 'dpo-e2e', ['data-protection']);
    const byCase = await http(system, 'GET', `/cases/${caseId}/access-log`, { token: dpo });
    expect((byCase.body as Page).items).toEqual([
      expect.objectContaining({ by: 'p-oujda-e2e', roles: ['partner'], partnerId: 'association-tadamoun-oujda', what: 'case' }),
    ]);
  });

  it('a caseworker, a supervisor or a partner asking for the log: 403 problem', async () => {
    const caseId = await submitPublicCase();
    for (const token of [
      await devToken(system, 'amina-e2e', ['caseworker']),
      await devToken(system, 'karim-e2e', ['supervisor', 'admin']),
      await devToken(system, 'p-e2e', ['partner'], 'association-tadamoun-oujda'),
    ]) {
      const byCase = await http(system, 'GET', `/cases/${caseId}/access-log`, { token, headers: { 'accept-language': 'en' } });
      expect(byCase.status).toBe(403);
      expect(byCase.headers.get('content-type')).toBe('application/problem+json');
      const byReader = await http(system, 'GET', '/access-log?reader=amina-e2e&from=2026-01-01T00:00:00Z&to=2027-01-01T00:00:00Z', {
        token,
      });
      expect(byReader.status).toBe(403);
    }
  });
});
