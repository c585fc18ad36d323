// Nothing personal leaves the table: realistic scenarios run on the local system with distinctive
// personal values (names, phone, email, document number, date of birth, free text in the forms, in
// the caseworkers' decision notes and in a withdrawal reason), and everything the system writes
// outside its personal items is searched for them: every line the functions write (Powertools logs
// and EMF metrics, on stdout and stderr, as Lambda would ship them to CloudWatch), every trace
// annotation and metadata the functions ask for, every event of every workflow execution's history
// (GetExecutionHistory), every case's history, the outbox (notifications' recorded parameters) and
// the access log. None may hold any of them, and each capture must be non-empty, so that the test
// can fail.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { GetExecutionHistoryCommand, ListExecutionsCommand, ListStateMachinesCommand, SFNClient } from '@aws-sdk/client-sfn';
import { getForm } from '../../domain/forms/index.ts';
import type { Tracer } from '@aws-lambda-powertools/tracer';
import { LOCAL_CREDENTIALS } from '../../local/dynamodb-local.ts';
import { AvrrDriver, decision } from '../support/avrr-driver.ts';
import { devToken, http, startTestSystem, type TestSystem } from '../support/local-system.ts';
import { createAssociation } from '../support/associations.ts';

const GIVEN = 'Zouhairaxq';
const FAMILY = 'Benkiranyy';
const RELATIVE = 'Qwzeldaxq';
const PHONE = '+212699887766';
const EMAIL = 'zouhairaxq.benkiranyy@example.org';
const DOCUMENT = 'ZQX994410';
const BIRTH = '1991-07-23';
const COUNSELLOR = 'Hajarqxz Ouazzanyy';
const FREE_TEXT = 'Tafraoutxq';
const NOTES = 'Rencontré à Figuigxq avec son frère';
const WITHDRAWAL = `Retour annulé : ${GIVEN} a trouvé un emploi à Marrakechxq`;
/** An association's contact person: personal data too (never logged, never in a history). */
const CONTACT_GIVEN = 'Ghitaqxz';
const CONTACT_FAMILY = 'Lahlouyy';
const CONTACT_PHONE = '+212677123987';
const ASSOCIATION = 'asso-jeunesse-avenir-sale';

/** What is searched for: every distinctive value, and its distinctive parts. */
const NEEDLES = [
  GIVEN,
  FAMILY,
  RELATIVE,
  '699887766',
  EMAIL,
  'zouhairaxq.benkiranyy',
  DOCUMENT,
  BIRTH,
  'Hajarqxz',
  'Ouazzanyy',
  FREE_TEXT,
  'Figuigxq',
  'Marrakechxq',
  CONTACT_GIVEN,
  CONTACT_FAMILY,
  '677123987',
];

/** Every string of a form's example made distinctive by what it holds. */
function personalise(value: unknown, key = ''): unknown {
  if (Array.isArray(value)) return value.map((item) => personalise(item, key));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, personalise(v, k)]));
  }
  if (typeof value !== 'string') return value;
  if (key === 'givenNames') return GIVEN;
  if (key === 'familyName') return FAMILY;
  if (key === 'phone') return PHONE;
  if (key === 'email') return EMAIL;
  if (key === 'number') return DOCUMENT;
  if (key === 'dateOfBirth') return BIRTH;
  if (key === 'counsellorName') return COUNSELLOR;
  if (['medicalDescription', 'details', 'bestInterestsJustification', 'position', 'placeOfBirth', 'description'].includes(key))
    return `${FREE_TEXT} ${key}`;
  return value;
}

let system: TestSystem;
const written: string[] = [];
const traced: unknown[] = [];
const restores: (() => void)[] = [];

/** Everything the functions write to stdout and stderr (where Lambda's output goes). */
function captureOutput(): void {
  for (const stream of [process.stdout, process.stderr]) {
    const original = stream.write.bind(stream);
    stream.write = (chunk: unknown, ...rest: unknown[]) => {
      written.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8'));
      return (original as (...args: unknown[]) => boolean)(chunk, ...rest);
    };
    restores.push(() => {
      stream.write = original;
    });
  }
}

/**
 * The tracer is off outside Lambda; here it is told it is on and handed a recording segment, so
 * that whatever the functions and the middleware would annotate or attach is captured.
 */
function captureTraces(tracer: Tracer): void {
  const segment = (name: string): Record<string, unknown> => ({
    name,
    addNewSubsegment: (child: string) => {
      traced.push({ subsegment: child });
      return segment(child);
    },
    addAnnotation: (key: string, value: unknown) => traced.push({ annotation: key, value }),
    addMetadata: (key: string, value: unknown, namespace?: string) => traced.push({ metadata: key, value, namespace }),
    addError: (error: unknown) =>
      traced.push({ error: error instanceof Error ? `${error.name}: ${error.message}\n${error.stack}` : error }),
    addErrorFlag: () => traced.push({ errorFlag: true }),
    close: () => undefined,
  });
  const spies = [
    vi.spyOn(tracer, 'isTracingEnabled').mockReturnValue(true),
    vi.spyOn(tracer, 'getSegment').mockReturnValue(segment('lambda') as never),
    vi.spyOn(tracer, 'setSegment').mockImplementation(() => undefined),
    vi.spyOn(tracer, 'putAnnotation').mockImplementation((key, value) => void traced.push({ annotation: key, value })),
    vi.spyOn(tracer, 'putMetadata').mockImplementation((key, value, namespace) => void traced.push({ metadata: key, value, namespace })),
  ];
  restores.push(() => spies.forEach((spy) => spy.mockRestore()));
}

beforeAll(async () => {
  captureOutput();
  system = await startTestSystem({ telemetry: { logLevel: 'DEBUG', metrics: true } });
  // The functions' Powertools instances, created now with the environment the system set (log
  // level, metrics on): the very ones the handlers will use once loaded.
  const { logger, tracer } = await import('../../functions/commons/powertools.ts');
  expect(logger.getLevelName()).toBe('DEBUG');
  captureTraces(tracer);
});

afterAll(async () => {
  for (const restore of restores.reverse()) restore();
  await system?.stop();
});

async function submit(formId: string, version?: number): Promise<string> {
  const form = getForm(formId, version)!;
  const example = form.examples[0] as Record<string, unknown>;
  const body = personalise(example) as Record<string, unknown>;
  // The family members get their own distinctive name.
  if (Array.isArray(body.familyMembers)) body.familyMembers = body.familyMembers.map((m) => ({ ...(m as object), givenNames: RELATIVE }));
  // An association's form: mission staff submit it on the association's behalf.
  const byStaff = form.submittedBy === 'association';
  const response = await http(
    system,
    'POST',
    `${byStaff ? `/associations/${ASSOCIATION}` : ''}/forms/${formId}/submissions${version ? `?version=${version}` : ''}`,
    {
      body,
      headers: { 'idempotency-key': randomUUID() },
      ...(byStaff ? { token: await devToken(system, 'amina', ['caseworker']) } : {}),
    },
  );
  expect(response.status, response.text).toBe(201);
  return (response.body as { caseId: string }).caseId;
}

/** Every event of every execution of every state machine, through the Step Functions API. */
async function executionHistories(): Promise<unknown[]> {
  const sfn = new SFNClient({ endpoint: system.endpoints.stepfunctions, region: 'eu-west-3', credentials: LOCAL_CREDENTIALS });
  const events: unknown[] = [];
  try {
    const machines = (await sfn.send(new ListStateMachinesCommand({}))).stateMachines ?? [];
    for (const machine of machines) {
      let nextToken: string | undefined;
      do {
        const page = await sfn.send(new ListExecutionsCommand({ stateMachineArn: machine.stateMachineArn, nextToken }));
        for (const execution of page.executions ?? []) {
          let historyToken: string | undefined;
          do {
            const history = await sfn.send(
              new GetExecutionHistoryCommand({ executionArn: execution.executionArn, nextToken: historyToken, includeExecutionData: true }),
            );
            events.push(...(history.events ?? []));
            historyToken = history.nextToken;
          } while (historyToken);
        }
        nextToken = page.nextToken;
      } while (nextToken);
    }
  } finally {
    sfn.destroy();
  }
  return events;
}

function leaks(where: string, captured: unknown): string[] {
  const text = (typeof captured === 'string' ? captured : JSON.stringify(captured)).toLowerCase();
  return NEEDLES.filter((needle) => text.includes(needle.toLowerCase())).map((needle) => `${where}: ${needle}`);
}

describe('no personal value outside the personal items', () => {
  const caseIds: string[] = [];

  it('runs the scenarios: submissions of every form, screening with notes, a withdrawal with a reason, reminders', async () => {
    const avrr = new AvrrDriver(system);
    // The association the youth and capacity cases hang off, with a contact person's details; changed
    // once, and once with a mistake that carries them (a 422 listing the errors).
    const admin = await devToken(system, 'admin-scan', ['admin']);
    const contact = { givenNames: CONTACT_GIVEN, familyName: CONTACT_FAMILY, position: 'Présidente', phone: CONTACT_PHONE };
    const association = await createAssociation(system, admin, ASSOCIATION, { contactPeople: [contact] });
    const { associationId: _id, createdAt: _c, createdBy: _cb, updatedAt: _u, updatedBy: _ub, ...details } = association;
    const changed = await http(system, 'PUT', `/associations/${ASSOCIATION}`, {
      body: { ...details, name: 'Association Jeunesse Avenir' },
      token: admin,
    });
    expect(changed.status, changed.text).toBe(200);
    const mistaken = await http(system, 'PUT', `/associations/${ASSOCIATION}`, {
      body: { ...details, contactPeople: [{ ...contact, email: `${CONTACT_GIVEN}@`, phone: `0${CONTACT_PHONE}` }] },
      token: admin,
    });
    expect(mistaken.status, mistaken.text).toBe(422);
    expect((await http(system, 'GET', `/associations/${ASSOCIATION}`, { token: admin })).status).toBe(200);
    expect((await http(system, 'GET', '/associations', { token: admin })).status).toBe(200);
    for (const [formId, version] of [
      ['avrr-application'],
      ['protection-referral'],
      ['diaspora-expert-registration'],
      ['skilled-return-application'],
      ['youth-enrolment', 2],
      ['association-capacity-assessment', 3],
      // A host institution's need: its contact person and the mission's description.
      ['host-institution-need'],
    ] as [string, number?][]) {
      caseIds.push(await submit(formId, version));
    }
    // A partner association's own submission.
    const partner = await devToken(system, 'p-sale', ['partner'], 'asso-jeunesse-avenir-sale');
    const partnerCase = await http(system, 'POST', '/partner/forms/youth-enrolment/submissions', {
      body: personalise(getForm('youth-enrolment')!.examples[0]),
      headers: { 'idempotency-key': randomUUID() },
      token: partner,
    });
    expect(partnerCase.status, partnerCase.text).toBe(201);
    const youthCase = (partnerCase.body as { caseId: string }).caseId;
    caseIds.push(youthCase);
    const ofAssociation = await http(system, 'GET', `/associations/${ASSOCIATION}/cases`, { token: partner });
    expect((ofAssociation.body as { items: unknown[] }).items).toHaveLength(3);
    // The association orients the youth with notes, then records a milestone whose evidence has a
    // reference in free text: both stay on the task items.
    const orientation = await avrr.openTask(youthCase, 'youth-orientation');
    const oriented = await http(system, 'POST', `/tasks/${orientation}/complete`, {
      body: {
        decision: {
          outcome: 'oriented',
          track: 'professional-insertion',
          plan: [{ activity: 'vocational-training', plannedStart: '2027-01-04' }],
          notes: NOTES,
        },
      },
      token: partner,
    });
    expect(oriented.status, oriented.text).toBe(200);
    const today = ((await http(system, 'GET', '/_local/clock')).body as { now: string }).now.slice(0, 10);
    const progress = await avrr.openTask(youthCase, 'youth-track-progress');
    const recorded = await http(system, 'POST', `/tasks/${progress}/complete`, {
      body: {
        decision: {
          outcome: 'milestone',
          milestone: { type: 'training-started', date: today, evidence: { kind: 'attestation', details: `${FREE_TEXT} ${GIVEN}` } },
          notes: NOTES,
        },
      },
      token: partner,
    });
    expect(recorded.status, recorded.text).toBe(200);

    // AVRR: screening with notes, approval with notes, then the applicant withdraws in their own words.
    const avrrCase = caseIds[0]!;
    await avrr.step(avrrCase, 'screening', 'caseworker', decision('screening', 'eligible', { notes: NOTES }));
    await avrr.step(avrrCase, 'approval', 'supervisor', decision('approval', 'approved', { notes: NOTES }));
    const caseworker = await avrr.token('caseworker');
    const withdrawn = await http(system, 'POST', `/cases/${avrrCase}/withdrawal`, {
      body: { reasonCode: 'other', reason: WITHDRAWAL },
      token: caseworker,
    });
    expect(withdrawn.status, withdrawn.text).toBe(200);
    // A second AVRR case, refused at screening with a reason in free text.
    const refused = await submit('avrr-application');
    caseIds.push(refused);
    await avrr.step(
      refused,
      'screening',
      'caseworker',
      decision('screening', 'ineligible', { reason: `${NOTES} (${FREE_TEXT})`, notes: NOTES }),
    );
    // A diaspora expert verified with skills and notes in free text, listed, searched, withdrawn:
    // the skills as typed stay on the task item (the register holds their keys), nothing else leaves.
    const expertCase = caseIds[2]!;
    await avrr.step(expertCase, 'expert-verification', 'caseworker', {
      outcome: 'verified',
      identityChecked: true,
      qualificationsChecked: true,
      skillsConfirmed: [`${FREE_TEXT} ${GIVEN}`],
      languagesConfirmed: ['fr'],
      notes: NOTES,
    });
    for (let attempt = 0; attempt < 100 && (await avrr.view(expertCase)).stage !== 'listed'; attempt++) await avrr.settle();
    const searched = await http(system, 'GET', '/register/experts?sector=health&language=fr', { token: caseworker });
    expect((searched.body as { items: unknown[] }).items, searched.text).toHaveLength(1);
    const expertWithdrawn = await http(system, 'POST', `/experts/${expertCase}/withdrawal`, {
      body: { reasonCode: 'expert-request' },
      token: caseworker,
    });
    expect(expertWithdrawn.status, expertWithdrawn.text).toBe(200);
    // Mistakes a client makes with personal values in them: invalid fields, an unknown field,
    // malformed JSON, the same Idempotency-Key with another body, a decision that breaks its schema.
    const example = personalise(getForm('avrr-application')!.examples[0]) as Record<string, unknown>;
    const invalid = await http(system, 'POST', '/forms/avrr-application/submissions', {
      body: { ...example, contact: { phone: `${GIVEN} ${PHONE}`, email: `${EMAIL}@@` }, [`${FAMILY}Field`]: FREE_TEXT },
      headers: { 'idempotency-key': randomUUID() },
    });
    expect(invalid.status).toBe(422);
    const malformed = await http(system, 'POST', '/forms/avrr-application/submissions', {
      rawBody: `{"applicant":{"givenNames":"${GIVEN}","familyName":"${FAMILY}",}`,
      headers: { 'idempotency-key': randomUUID(), 'content-type': 'application/json' },
    });
    expect(malformed.status).toBe(400);
    const key = randomUUID();
    await http(system, 'POST', '/forms/avrr-application/submissions', { body: example, headers: { 'idempotency-key': key } });
    const conflicting = await http(system, 'POST', '/forms/avrr-application/submissions', {
      body: { ...example, medicalDescription: `${FREE_TEXT} autre` },
      headers: { 'idempotency-key': key },
    });
    expect(conflicting.status).toBe(422);
    const badWithdrawal = await http(system, 'POST', `/cases/${refused}/withdrawal`, {
      body: { reasonCode: GIVEN, reason: 1 },
      token: await avrr.token('caseworker'),
    });
    expect(badWithdrawal.status).toBe(422);

    // Reads of every case and its history, and time for reminders and escalations.
    for (const caseId of caseIds) {
      expect((await http(system, 'GET', `/cases/${caseId}`, { token: caseworker })).status).toBe(200);
    }
    await avrr.advance('P20D');
    await avrr.settle();
  });

  it('finds none of them in logs, metrics, traces, execution histories, case histories, the outbox or the access log', async () => {
    const token = await devToken(system, 'scan-supervisor', ['supervisor']);
    const dpo = await devToken(system, 'scan-dpo', ['data-protection']);
    const histories: unknown[] = [];
    const accessLog: unknown[] = [];
    for (const caseId of caseIds) {
      const history = await http(system, 'GET', `/cases/${caseId}/history`, { token });
      expect(history.status).toBe(200);
      histories.push(...(history.body as { events: unknown[] }).events);
      accessLog.push(...((await http(system, 'GET', `/cases/${caseId}/access-log`, { token: dpo })).body as { items: unknown[] }).items);
    }
    const outbox = ((await http(system, 'GET', '/_local/outbox')).body as { messages: unknown[] }).messages;
    const executions = await executionHistories();
    const lines = written
      .join('')
      .split('\n')
      .filter((line) => line.trim() !== '');

    // Each capture holds something: the scan could find a leak there.
    const emf = lines.filter((line) => line.includes('"_aws"'));
    expect(lines.filter((line) => line.includes('"level":"INFO"')).length).toBeGreaterThan(10);
    expect(emf.length).toBeGreaterThan(0);
    expect(traced.filter((entry) => (entry as { annotation?: string }).annotation === 'ColdStart').length).toBeGreaterThan(0);
    expect(executions.length).toBeGreaterThan(20);
    expect(histories.length).toBeGreaterThan(10);
    expect(outbox.length).toBeGreaterThan(0);
    expect(accessLog.length).toBeGreaterThan(0);
    // ...and the values are really in the system: the scan would see them if they leaked.
    const avrrView = await http(system, 'GET', `/cases/${caseIds[0]!}`, { token });
    expect(leaks('case view', avrrView.text).length).toBeGreaterThan(0);

    expect([
      ...lines.flatMap((line) => leaks('log line', line)),
      ...leaks('trace', traced),
      ...executions.flatMap((event) => leaks(`execution event ${(event as { type?: string }).type}`, event)),
      ...histories.flatMap((event) => leaks(`history event ${(event as { type?: string }).type}`, event)),
      ...outbox.flatMap((message) => leaks(`outbox ${(message as { template?: string }).template}`, message)),
      ...leaks('access log', accessLog),
    ]).toEqual([]);
  });
});
