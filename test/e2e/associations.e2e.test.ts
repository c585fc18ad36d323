// Partner associations over HTTP: registered and changed by mission staff, each seen by its own
// users only, and the cases that hang off them (a youth enrolment submitted by the association's
// staff or by mission staff on its behalf, never from the public web form).
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getForm } from '../../domain/forms/index.ts';
import { createAssociation, exampleAssociationBody } from '../support/associations.ts';
import { devToken, http, startTestSystem, type TestSystem } from '../support/local-system.ts';
import { youthDecision } from '../support/youth-driver.ts';

let system: TestSystem;
let admin: string;
let supervisor: string;
let caseworker: string;
const A = 'asso-jeunesse-avenir-sale';
const B = 'espace-associatif-hay-mohammadi-casablanca';

beforeAll(async () => {
  system = await startTestSystem();
  admin = await devToken(system, 'admin-e2e', ['admin']);
  supervisor = await devToken(system, 'sup-e2e', ['supervisor']);
  caseworker = await devToken(system, 'amina-e2e', ['caseworker']);
  await createAssociation(system, admin, A);
  await createAssociation(system, admin, B, {
    name: 'Espace associatif Hay Mohammadi',
    city: 'casablanca',
    registrationNumber: 'CASA-2009-112',
  });
}, 120_000);

afterAll(async () => {
  await system?.stop();
});

const youth = () => structuredClone(getForm('youth-enrolment')!.examples[0]);
type Page<T> = { items: T[]; next?: string };
type Association = { associationId: string; name: string; status: string; version: number } & Record<string, unknown>;
const details = (record: Association) => {
  const { associationId: _id, createdAt: _c, createdBy: _cb, updatedAt: _u, updatedBy: _ub, ...rest } = record;
  return rest;
};

async function submitFor(associationId: string, token: string, formId = 'youth-enrolment', body: unknown = youth()) {
  return http(system, 'POST', `/associations/${associationId}/forms/${formId}/submissions`, {
    body,
    headers: { 'idempotency-key': randomUUID() },
    token,
  });
}

describe('mission staff manage associations', () => {
  it('create, list, read and change one; the id is taken once, a stale change is refused', async () => {
    const id = 'forum-initiatives-jeunes-tanger';
    const created = await http(system, 'POST', '/associations', {
      body: exampleAssociationBody(id, { name: 'Forum des initiatives des jeunes', city: 'tangier' }),
      token: supervisor,
    });
    expect(created.status, created.text).toBe(201);
    expect(created.headers.get('location')).toBe(`/associations/${id}`);
    expect(created.body).toMatchObject({ associationId: id, status: 'active', version: 1, createdBy: 'sup-e2e' });
    expect((await http(system, 'POST', '/associations', { body: exampleAssociationBody(id), token: admin })).status).toBe(409);
    expect((await http(system, 'POST', '/associations', { body: exampleAssociationBody('other-id-cw'), token: caseworker })).status).toBe(
      403,
    );

    const ids: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await http(system, 'GET', `/associations?limit=1${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, {
        token: caseworker,
      });
      expect(page.status, page.text).toBe(200);
      const body = page.body as Page<Association>;
      expect(body.items.length).toBeLessThanOrEqual(1);
      ids.push(...body.items.map((a) => a.associationId));
      cursor = body.next;
    } while (cursor);
    expect(ids).toEqual(expect.arrayContaining([A, B, id]));
    expect(ids).toEqual([...ids].sort());

    const read = await http(system, 'GET', `/associations/${id}`, { token: caseworker });
    expect(read.status).toBe(200);
    const current = read.body as Association;
    const changed = await http(system, 'PUT', `/associations/${id}`, {
      body: {
        ...details(current),
        name: 'Forum Initiatives Jeunes Tanger',
        contactPeople: [{ givenNames: 'Salma', familyName: 'Idrissi', position: 'Trésorière' }],
      },
      token: admin,
    });
    expect(changed.status, changed.text).toBe(200);
    expect(changed.body).toMatchObject({
      name: 'Forum Initiatives Jeunes Tanger',
      version: 2,
      updatedBy: 'admin-e2e',
      contactPeople: [{ givenNames: 'Salma' }],
    });
    const stale = await http(system, 'PUT', `/associations/${id}`, {
      body: { ...details(current), status: 'inactive' },
      token: supervisor,
    });
    expect(stale.status).toBe(409);
    expect((stale.body as { type: string }).type).toBe('urn:casework:problem:associationChanged');
  });

  it('a bad body: 422 listing every field error, in French, Arabic and English', async () => {
    const bad = {
      ...exampleAssociationBody('Bad Id!'),
      city: 'lyon',
      registrationNumber: '',
      contactPeople: [{ givenNames: 'Naima', position: 'Présidente', email: 'x@' }],
    };
    for (const [language, label] of [
      ['fr', 'Ville du siège'],
      ['ar', 'مدينة المقر'],
      ['en', 'City of the head office'],
    ] as const) {
      const answer = await http(system, 'POST', '/associations', { body: bad, token: admin, headers: { 'accept-language': language } });
      expect(answer.status).toBe(422);
      expect(answer.headers.get('content-type')).toMatch(/application\/problem\+json/);
      expect(answer.headers.get('content-language')).toBe(language);
      const errors = (answer.body as { errors: { pointer: string; message: string }[] }).errors;
      expect(errors.map((e) => e.pointer).sort()).toEqual(
        ['/associationId', '/city', '/contactPeople/0/email', '/contactPeople/0/familyName', '/registrationNumber'].sort(),
      );
      expect(errors.find((e) => e.pointer === '/city')!.message).toContain(label);
    }
  });
});

describe('an association’s users see their own association only', () => {
  it('A’s user: A in the list and by id; B is not found, by id or its cases, and absent from the list', async () => {
    const partnerA = await devToken(system, 'p-a-e2e', ['partner'], A);
    const list = await http(system, 'GET', '/associations', { token: partnerA });
    expect((list.body as Page<Association>).items.map((a) => a.associationId)).toEqual([A]);
    expect((await http(system, 'GET', `/associations/${A}`, { token: partnerA })).status).toBe(200);
    const other = await http(system, 'GET', `/associations/${B}`, { token: partnerA });
    expect(other.status).toBe(404);
    expect(other.text).not.toContain('Hay Mohammadi');
    expect((await http(system, 'GET', `/associations/${B}/cases`, { token: partnerA })).status).toBe(404);
    // Nor may it change its own record.
    const own = (await http(system, 'GET', `/associations/${A}`, { token: admin })).body as Association;
    expect(
      (await http(system, 'PUT', `/associations/${A}`, { body: { ...details(own), status: 'inactive' }, token: partnerA })).status,
    ).toBe(403);
  });
});

describe('youth enrolments hang off their association', () => {
  it('the public route refuses a youth enrolment: 403, in French, Arabic and English', async () => {
    const details = new Map<string, string>();
    for (const language of ['fr', 'ar', 'en']) {
      const refused = await http(system, 'POST', '/forms/youth-enrolment/submissions', {
        body: youth(),
        headers: { 'idempotency-key': randomUUID(), 'accept-language': language },
      });
      expect(refused.status).toBe(403);
      expect(refused.headers.get('content-type')).toMatch(/application\/problem\+json/);
      details.set(language, (refused.body as { detail: string }).detail);
    }
    expect(details.get('fr')).toContain('association partenaire');
    expect(details.get('ar')).toContain('جمعية شريكة');
    expect(details.get('en')).toContain('by a partner association’s staff, or by mission staff on its behalf');
  });

  it('a partner user of an unknown or deactivated association may not enrol; reactivated, it may', async () => {
    const unknown = await devToken(system, 'p-unknown-e2e', ['partner'], 'asso-sans-fiche');
    const refused = await http(system, 'POST', '/partner/forms/youth-enrolment/submissions', {
      body: youth(),
      headers: { 'idempotency-key': randomUUID(), 'accept-language': 'en' },
      token: unknown,
    });
    expect(refused.status).toBe(403);
    expect((refused.body as { type: string }).type).toBe('urn:casework:problem:associationNotActive');

    const id = 'association-amal-fes';
    const created = await createAssociation(system, admin, id, { name: 'Association Amal', city: 'fes' });
    const deactivated = await http(system, 'PUT', `/associations/${id}`, {
      body: { ...details(created as Association), status: 'inactive' },
      token: admin,
    });
    expect(deactivated.status, deactivated.text).toBe(200);
    const amal = await devToken(system, 'p-amal-e2e', ['partner'], id);
    const partnerSubmission = () =>
      http(system, 'POST', '/partner/forms/youth-enrolment/submissions', {
        body: youth(),
        headers: { 'idempotency-key': randomUUID() },
        token: amal,
      });
    expect((await partnerSubmission()).status).toBe(403);
    const onBehalf = await submitFor(id, caseworker);
    expect(onBehalf.status).toBe(409);
    expect((onBehalf.body as { type: string }).type).toBe('urn:casework:problem:associationInactive');

    const reactivated = await http(system, 'PUT', `/associations/${id}`, {
      body: { ...details(deactivated.body as Association), status: 'active' },
      token: supervisor,
    });
    expect(reactivated.status).toBe(200);
    expect((await partnerSubmission()).status).toBe(201);
  });

  it('mission staff enrol a youth on behalf of A: A’s case, seen by A’s users, not B’s', async () => {
    const created = await submitFor(A, caseworker);
    expect(created.status, created.text).toBe(201);
    const { caseId, reference } = created.body as { caseId: string; reference: string };

    const staffView = await http(system, 'GET', `/cases/${caseId}`, { token: caseworker });
    expect(staffView.body).toMatchObject({ caseId, partnerId: A, programme: 'youth-employability' });
    const history = await http(system, 'GET', `/cases/${caseId}/history`, { token: caseworker });
    expect((history.body as { events: { type: string; actor: unknown; details: Record<string, unknown> }[] }).events[0]).toMatchObject({
      type: 'case.submitted',
      actor: { kind: 'staff', id: 'amina-e2e' },
      details: { onBehalfOf: A },
    });

    const partnerA = await devToken(system, 'p-a-e2e', ['partner'], A);
    const partnerB = await devToken(system, 'p-b-e2e', ['partner'], B);
    expect((await http(system, 'GET', `/cases/${caseId}`, { token: partnerA })).status).toBe(200);
    const ofA = await http(system, 'GET', `/associations/${A}/cases`, { token: partnerA });
    expect((ofA.body as Page<{ caseId: string }>).items).toContainEqual({
      caseId,
      reference,
      programme: 'youth-employability',
      caseType: 'youth-enrolment',
      stage: expect.any(String),
      status: 'open',
      createdAt: expect.any(String),
    });
    // The queues at the case's real stage (its workflow moves it on from `submitted`), read while it
    // stays there: A's lists it (the positive control), B's does not.
    const ids = (page: { body: unknown }) => (page.body as Page<{ caseId: string }>).items.map((c) => c.caseId);
    const stageNow = async () => ((await http(system, 'GET', `/cases/${caseId}`, { token: caseworker })).body as { stage: string }).stage;
    let queues: { stage: string; a: string[]; b: string[] } | undefined;
    await expect
      .poll(
        async () => {
          const stage = await stageNow();
          const queue = (token: string) => http(system, 'GET', `/cases?programme=youth-employability&stage=${stage}`, { token });
          const [a, b] = [ids(await queue(partnerA)), ids(await queue(partnerB))];
          queues = (await stageNow()) === stage ? { stage, a, b } : undefined;
          return queues?.a ?? [];
        },
        { timeout: 20_000, interval: 250 },
      )
      .toContain(caseId);
    expect(queues!.b).not.toContain(caseId);
    const byB = await http(system, 'GET', `/cases/${caseId}`, { token: partnerB });
    expect(byB.status).toBe(404);
    expect(byB.text).not.toContain(reference);
    const ofB = await http(system, 'GET', `/associations/${B}/cases`, { token: partnerB });
    expect((ofB.body as Page<{ caseId: string }>).items.map((c) => c.caseId)).not.toContain(caseId);

    // B's users may not submit for A; nobody submits a form that is not an association's this way.
    expect((await submitFor(A, partnerB)).status).toBe(404);
    const avrr = await submitFor(A, caseworker, 'avrr-application', structuredClone(getForm('avrr-application')!.examples[0]));
    expect(avrr.status).toBe(404);
    expect((avrr.body as { type: string }).type).toBe('urn:casework:problem:associationFormNotFound');
    expect((await submitFor('asso-inconnue', caseworker)).status).toBe(404);
  });
});

describe('a deactivated association’s users act for it no more', () => {
  it('deactivate C: its users get 404 on its case, its task, its record, empty queues, no completion; reactivated, all is back', async () => {
    const C = 'reseau-solidarite-marrakech';
    await createAssociation(system, admin, C, {
      name: 'Réseau Solidarité Marrakech',
      city: 'marrakech',
      registrationNumber: 'MAR-2012-0211',
    });
    const created = await submitFor(C, caseworker);
    expect(created.status, created.text).toBe(201);
    const { caseId } = created.body as { caseId: string };
    type View = { stage: string; tasks: { taskId: string; step: string; status: string }[] };
    let taskId = '';
    await expect
      .poll(
        async () => {
          const view = (await http(system, 'GET', `/cases/${caseId}`, { token: caseworker })).body as View;
          taskId = view.tasks.find((task) => task.step === 'youth-orientation' && task.status === 'open')?.taskId ?? '';
          return taskId;
        },
        { timeout: 30_000, interval: 250 },
      )
      .not.toBe('');
    const stage = ((await http(system, 'GET', `/cases/${caseId}`, { token: caseworker })).body as View).stage;
    const ofC = await devToken(system, 'p-c-e2e', ['partner'], C);
    const ids = (response: { body: unknown }) =>
      ((response.body as Page<{ caseId?: string; taskId?: string }>).items ?? []).map((i) => i.taskId ?? i.caseId);

    /** What C's user sees and may do: statuses and the ids its lists hold. */
    const seenByC = async () => ({
      case: (await http(system, 'GET', `/cases/${caseId}`, { token: ofC })).status,
      history: (await http(system, 'GET', `/cases/${caseId}/history`, { token: ofC })).status,
      task: (await http(system, 'GET', `/tasks/${taskId}`, { token: ofC })).status,
      association: (await http(system, 'GET', `/associations/${C}`, { token: ofC })).status,
      associations: ids(await http(system, 'GET', '/associations', { token: ofC })).length,
      associationCases: (await http(system, 'GET', `/associations/${C}/cases`, { token: ofC })).status,
      caseQueue: ids(await http(system, 'GET', `/cases?programme=youth-employability&stage=${stage}`, { token: ofC })),
      taskQueue: ids(await http(system, 'GET', '/tasks?queue=partner', { token: ofC })),
    });
    const active = {
      case: 200,
      history: 200,
      task: 200,
      association: 200,
      associations: 1,
      associationCases: 200,
      caseQueue: [caseId],
      taskQueue: [taskId],
    };
    expect(await seenByC()).toEqual(active);

    const record = (await http(system, 'GET', `/associations/${C}`, { token: supervisor })).body as Association;
    const deactivated = await http(system, 'PUT', `/associations/${C}`, {
      body: { ...details(record), status: 'inactive' },
      token: supervisor,
    });
    expect(deactivated.status, deactivated.text).toBe(200);
    // A warm container trusts an active association for at most 60 s.
    expect((await http(system, 'POST', '/_local/clock', { body: { advanceBy: 'PT61S' } })).status).toBe(200);

    expect(await seenByC()).toEqual({
      case: 404,
      history: 404,
      task: 404,
      association: 404,
      associations: 0,
      associationCases: 404,
      caseQueue: [],
      taskQueue: [],
    });
    const completion = await http(system, 'POST', `/tasks/${taskId}/complete`, {
      body: { decision: youthDecision('youth-orientation', 'oriented') },
      token: ofC,
    });
    expect(completion.status).toBe(404);
    expect((await http(system, 'POST', `/tasks/${taskId}/claim`, { token: ofC })).status).toBe(404);
    // Staff still see and work the case.
    expect((await http(system, 'GET', `/cases/${caseId}`, { token: caseworker })).status).toBe(200);

    const again = (await http(system, 'GET', `/associations/${C}`, { token: supervisor })).body as Association;
    const reactivated = await http(system, 'PUT', `/associations/${C}`, {
      body: { ...details(again), status: 'active' },
      token: supervisor,
    });
    expect(reactivated.status, reactivated.text).toBe(200);
    expect(await seenByC()).toEqual(active);
  }, 120_000);
});
