// A web form and a caseworker using the running local system over HTTP.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { itemsOfTable } from '../support/table-items.ts';
import { startTestSystem, http, devToken, type TestSystem } from '../support/local-system.ts';
import { createAssociation, registeredPartnerToken } from '../support/associations.ts';
import { LOCAL_CONTEXT } from '../../infra/app.ts';

let system: TestSystem;

beforeAll(async () => {
  system = await startTestSystem();
});

afterAll(async () => {
  await system?.stop();
});

type FormDoc = { id: string; version: number; schema: { examples: unknown[]; properties: Record<string, unknown> }; title: string };

async function exampleOf(formId: string): Promise<unknown> {
  const { body } = await http(system, 'GET', `/forms/${formId}`);
  return (body as FormDoc).schema.examples[0];
}

describe('the local system', () => {
  it('reports healthy and lists its AWS-compatible endpoints', async () => {
    expect((await http(system, 'GET', '/health')).status).toBe(200);
    const { body } = await http(system, 'GET', '/_local/endpoints');
    expect(body).toMatchObject({
      dynamodb: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/),
      stepfunctions: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+/),
      scheduler: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+/),
    });
  });
});

describe('a web form', () => {
  it('lists the intake forms of every programme', async () => {
    const { status, body } = await http(system, 'GET', '/forms', { headers: { 'accept-language': 'en' } });
    expect(status).toBe(200);
    const ids = (body as { forms: { id: string }[] }).forms.map((form) => form.id).sort();
    expect(ids).toEqual([
      'association-capacity-assessment',
      'avrr-application',
      'diaspora-expert-registration',
      'host-institution-need',
      'protection-referral',
      'skilled-return-application',
      'youth-enrolment',
    ]);
  });

  it('fetches a form in Arabic with its JSON Schema and an example', async () => {
    const { status, body, headers } = await http(system, 'GET', '/forms/avrr-application', { headers: { 'accept-language': 'ar' } });
    expect(status).toBe(200);
    expect(headers.get('content-language')).toBe('ar');
    const form = body as FormDoc;
    expect(form.title).toMatch(/[\u0600-\u06FF]/);
    expect(form.schema.examples.length).toBeGreaterThan(0);
    expect(form.schema.properties).toHaveProperty('applicant');
  });

  it('shows the law 09-08 notice in Arabic, with the configured CNDP reference', async () => {
    const { status, body } = await http(system, 'GET', '/forms/avrr-application', { headers: { 'accept-language': 'ar' } });
    expect(status).toBe(200);
    const { notice } = body as { notice: Record<string, string | string[]> };
    expect(notice.cndpReference).toBe(LOCAL_CONTEXT['casework:cndpReference']);
    expect(notice.cndpStatement).toContain(LOCAL_CONTEXT['casework:cndpReference']);
    expect(notice.controller).toContain(LOCAL_CONTEXT['casework:controllerName']);
    expect(notice.howToExerciseRights).toContain(LOCAL_CONTEXT['casework:dataProtectionContact']);
    for (const part of ['purposes', 'recipients', 'rights', 'mandatoryAnswers'] as const) {
      expect((notice[part] as string[]).length).toBeGreaterThan(0);
      for (const text of notice[part] as string[]) expect(text).toMatch(/[\u0600-\u06FF]/);
    }
  });

  it('submits every example of every form and gets a case reference back (an association’s form for an association)', async () => {
    const { body } = await http(system, 'GET', '/forms');
    const caseworker = await devToken(system, 'amina-intake', ['caseworker']);
    const association = 'asso-jeunesse-avenir-sale';
    await createAssociation(system, await devToken(system, 'admin-intake', ['admin']), association);
    for (const { id, submittedBy } of (body as { forms: { id: string; submittedBy?: string }[] }).forms) {
      const forAssociation = submittedBy === 'association';
      if (forAssociation) {
        const refused = await http(system, 'POST', `/forms/${id}/submissions`, {
          body: await exampleOf(id),
          headers: { 'idempotency-key': randomUUID() },
        });
        expect(refused.status, `${id} on the public route`).toBe(403);
      }
      const submission = await http(system, 'POST', `${forAssociation ? `/associations/${association}` : ''}/forms/${id}/submissions`, {
        body: await exampleOf(id),
        headers: { 'idempotency-key': randomUUID() },
        ...(forAssociation ? { token: caseworker } : {}),
      });
      expect(submission.status, `${id}: ${submission.text}`).toBe(201);
      expect((submission.body as { reference: string }).reference).toMatch(/^[A-Z]+-\d{4}-\d{6}$/);
    }
  });

  it('gets the same answer when it retries with the same key, marked as a replay', async () => {
    const key = randomUUID();
    const body = await exampleOf('avrr-application');
    const first = await http(system, 'POST', '/forms/avrr-application/submissions', { body, headers: { 'idempotency-key': key } });
    const second = await http(system, 'POST', '/forms/avrr-application/submissions', { body, headers: { 'idempotency-key': key } });
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    expect(second.body).toEqual(first.body);
    expect(first.headers.get('idempotent-replayed')).toBeNull();
    expect(second.headers.get('idempotent-replayed')).toBe('true');
  });

  it('is told, in French by default, what is wrong with an invalid submission', async () => {
    const { status, headers, body } = await http(system, 'POST', '/forms/avrr-application/submissions', {
      body: { applicant: { familyName: '' } },
      headers: { 'idempotency-key': randomUUID() },
    });
    expect(status).toBe(422);
    expect(headers.get('content-type')).toBe('application/problem+json');
    const problem = body as { title: string; errors: { pointer: string; message: string }[] };
    expect(problem.errors.length).toBeGreaterThan(3);
    expect(problem.title).toMatch(/erreur/i);
  });

  it('gets 415, 400 and 404 problems for the wrong content type, malformed JSON and an unknown form', async () => {
    const key = { 'idempotency-key': randomUUID() };
    const wrongType = await http(system, 'POST', '/forms/avrr-application/submissions', {
      rawBody: 'x',
      headers: { ...key, 'content-type': 'text/plain' },
    });
    const malformed = await http(system, 'POST', '/forms/avrr-application/submissions', {
      rawBody: '{"a":',
      headers: { ...key, 'content-type': 'application/json' },
    });
    const unknown = await http(system, 'POST', '/forms/nope/submissions', { body: {}, headers: key });
    expect([wrongType.status, malformed.status, unknown.status]).toEqual([415, 400, 404]);
  });

  it('a submission giving a key twice is refused with 400 and nothing is stored; the key stays free', async () => {
    // What intake writes (workflows started by earlier tests keep writing their own items meanwhile).
    const intakeItems = /^(CASE|CASEREF|IDEMPOTENCY|SUBMISSION#.*|PERSON#.*)$/;
    const keysOfTable = async () =>
      (await itemsOfTable(system))
        .filter((item) => intakeItems.test(String(item.SK)))
        .map((item) => `${String(item.PK)}|${String(item.SK)}`)
        .sort();
    const example = (await exampleOf('avrr-application')) as Record<string, unknown>;
    const text = JSON.stringify(example);
    const twice = `${text.slice(0, -1)},"applicant":${JSON.stringify({ ...(example.applicant as object), familyName: '<script>alert(1)</script>' })}}`;
    const before = await keysOfTable();
    const key = randomUUID();

    const refused = await http(system, 'POST', '/forms/avrr-application/submissions', {
      rawBody: twice,
      headers: { 'idempotency-key': key, 'content-type': 'application/json', 'accept-language': 'en' },
    });

    expect(refused.status).toBe(400);
    expect(refused.headers.get('content-type')).toBe('application/problem+json');
    expect(refused.body).toMatchObject({
      type: 'urn:casework:problem:duplicateJsonKey',
      errors: [{ pointer: '/applicant', code: 'duplicate_key' }],
    });
    expect(await keysOfTable()).toEqual(before);
    // No idempotency record either: the same key with a clean body opens a case, not a replay.
    const clean = await http(system, 'POST', '/forms/avrr-application/submissions', { body: example, headers: { 'idempotency-key': key } });
    expect(clean.status).toBe(201);
    expect(clean.headers.get('idempotent-replayed')).toBeNull();
  });

  it('reads the OpenAPI document generated from the zod schemas', async () => {
    const { status, body } = await http(system, 'GET', '/openapi.json');
    expect(status).toBe(200);
    const doc = body as { openapi: string; paths: Record<string, unknown>; components: { schemas: Record<string, unknown> } };
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/forms', '/forms/{formId}', '/forms/{formId}/submissions', '/cases/{caseId}']),
    );
    expect(doc.components.schemas).toHaveProperty(['Form.avrr-application.v1']);
  });
});

describe('a caseworker', () => {
  it('opens the case a web form created; without a token the API answers 401', async () => {
    const created = await http(system, 'POST', '/forms/avrr-application/submissions', {
      body: await exampleOf('avrr-application'),
      headers: { 'idempotency-key': randomUUID() },
    });
    const { caseId, reference } = created.body as { caseId: string; reference: string };

    expect((await http(system, 'GET', `/cases/${caseId}`)).status).toBe(401);
    const token = await devToken(system, 'amina.caseworker', ['caseworker']);
    const found = await http(system, 'GET', `/cases/${caseId}`, { token });
    expect(found.status).toBe(200);
    expect(found.body).toMatchObject({ caseId, reference, programme: 'avrr', status: 'open' });
    // The return phase may already have opened the screening step.
    expect(['submitted', 'screening']).toContain((found.body as { stage: string }).stage);
    expect((found.body as { persons: { role: string }[] }).persons.map((p) => p.role)).toContain('applicant');
  });

  it('a partner association cannot see a case that is not shared with it', async () => {
    const created = await http(system, 'POST', '/forms/avrr-application/submissions', {
      body: await exampleOf('avrr-application'),
      headers: { 'idempotency-key': randomUUID() },
    });
    const token = await registeredPartnerToken(system, 'partner.user', 'some-association');
    const { caseId } = created.body as { caseId: string };
    expect((await http(system, 'GET', `/cases/${caseId}`, { token })).status).toBe(404);
  });

  it('a forged token is refused', async () => {
    const token = await devToken(system, 'amina.caseworker', ['caseworker']);
    const forged = `${token.slice(0, -4)}AAAA`;
    expect((await http(system, 'GET', `/cases/${randomUUID()}`, { token: forged })).status).toBe(401);
  });
});
