// Every cell of the authorization matrix (test/support/authorization-matrix.ts, rendered in
// docs/authorization.md), over HTTP against the local system: each route × each caller × each kind
// of case, the status expected, and nothing of the case in a refusal.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routes } from '../../functions/routes.ts';
import {
  CASE_KINDS,
  MATRIX_OTHER_CASEWORKER,
  PARTNER_A,
  PARTNER_B,
  PRINCIPALS,
  caseKinds,
  expectedOf,
  exampleOf,
  matrix,
  principals,
  routeKey,
  type CaseFixture,
  type CaseKind,
  type CaseKindId,
  type MatrixRow,
  type PrincipalId,
} from '../support/authorization-matrix.ts';
import { devToken, http, startTestSystem, type TestSystem } from '../support/local-system.ts';
import { decision, localToday, onDay } from '../support/avrr-driver.ts';
import { createAssociation } from '../support/associations.ts';

let system: TestSystem;
const tokens = new Map<PrincipalId, string>();
/** One case of each kind for the rows that only read. */
const readSet = new Map<CaseKindId, CaseFixture>();
/** A fresh case per cell of the rows that change state. */
const freshCases = new Map<string, CaseFixture>();

/**
 * The case a cell runs on, when not the read set's case of its kind. On a row that changes state: its
 * own fresh case when it is expected to succeed (it changes the case), shared only along the row's
 * chain (`MatrixRow.chain`: an order in which no cell changes a later one's answer); otherwise one case per kind
 * (and per subject: task routes need a case at its task), shared by the cells expected to be
 * refused: a refusal changes nothing, and a cell wrongly accepted fails itself. On a row whose task
 * is first handed to the caller: one case per kind, its cells one after the other.
 */
function cellKey(row: MatrixRow, principal: PrincipalId, kind: CaseKindId): string | undefined {
  if (row.assignToCaller) return `${matrix.indexOf(row)}|assigned|${kind}`;
  if (!row.mutates) return undefined;
  const expected = expectedOf(row, principal, kind);
  const succeeds = typeof expected === 'number' && expected < 300;
  return succeeds ? `${row.chain ?? matrix.indexOf(row)}|${principal}|${kind}` : `refused|${row.subject}|${kind}`;
}

/** Runs `work` over `items`, at most `limit` at a time. */
async function inParallel<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

async function token(principal: PrincipalId): Promise<string | undefined> {
  const definition = principals[principal];
  if (!('token' in definition)) return undefined;
  let minted = tokens.get(principal);
  if (!minted) {
    const { sub, groups } = definition.token;
    minted = await devToken(system, sub, [...groups], 'partnerId' in definition.token ? definition.token.partnerId : undefined);
    tokens.set(principal, minted);
  }
  return minted;
}

async function now(): Promise<Date> {
  return new Date(((await http(system, 'GET', '/_local/clock')).body as { now: string }).now);
}

// --- The cases ------------------------------------------------------------------------------------

/** A kind's submission: the AVRR applications consent to sharing with A and B. */
function submissionOf(kind: CaseKindId): Record<string, unknown> {
  const body = exampleOf(caseKinds[kind].formId);
  if (caseKinds[kind].formId === 'avrr-application') {
    body.consent = { ...(body.consent as object), sharingWithPartners: [PARTNER_A, PARTNER_B] };
  }
  return body;
}

/** Submits a case of the kind and shares it as the kind says; its task comes later (`driveToTask`). */
async function createCase(kind: CaseKindId, until: string): Promise<CaseFixture> {
  const spec: CaseKind = caseKinds[kind];
  const byPartner = spec.submittedBy === 'partnerA';
  const response = await http(system, 'POST', `${byPartner ? '/partner' : ''}/forms/${spec.formId}/submissions`, {
    body: submissionOf(kind),
    headers: { 'idempotency-key': randomUUID() },
    ...(byPartner ? { token: await token('partnerA') } : {}),
  });
  expect(response.status, response.text).toBe(201);
  const { caseId, reference } = response.body as { caseId: string; reference: string };
  const programme = spec.formId === 'avrr-application' ? 'avrr' : 'youth-employability';
  const fixture: CaseFixture = { kind, caseId, reference, programme, stage: 'submitted' };
  if (spec.sharedWith) {
    // The workflow moves the new case meanwhile: a share checked against an older case is a 409
    // conflict, to retry as a client would.
    const share = async () =>
      http(system, 'POST', `/cases/${caseId}/shares`, {
        body: { partnerId: spec.sharedWith === 'A' ? PARTNER_A : PARTNER_B, purpose: 'referral', until },
        token: await token('caseworker'),
      });
    const conflict = (answer: { status: number; body: unknown }) =>
      answer.status === 409 && (answer.body as { type?: string }).type === 'urn:casework:problem:conflict';
    let shared = await share();
    for (let attempt = 1; attempt < 10 && conflict(shared); attempt++) shared = await share();
    expect(shared.status, shared.text).toBe(201);
    fixture.shareId = (shared.body as { shareId: string }).shareId;
  }
  return fixture;
}

/**
 * Lets the workflows run until every case has an open task of the step, read from the step's role
 * queue (one query for all cases, not one read per case); answers the task's id per case.
 */
async function awaitStep(fixtures: CaseFixture[], step: string, role: 'caseworker' | 'supervisor'): Promise<Map<CaseFixture, string>> {
  const admin = await token('admin');
  const found = new Map<CaseFixture, string>();
  const byCase = new Map(fixtures.map((fixture) => [fixture.caseId, fixture]));
  for (let attempt = 0; attempt < 60 && found.size < fixtures.length; attempt++) {
    await http(system, 'POST', '/_local/clock', { body: { advanceBy: 'PT1S' } });
    let cursor: string | undefined;
    do {
      const page = await http(
        system,
        'GET',
        `/tasks?queue=role&role=${role}&limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
        {
          token: admin,
        },
      );
      expect(page.status, page.text).toBe(200);
      const body = page.body as { items: { taskId: string; caseId: string; step: string }[]; next?: string };
      for (const item of body.items) {
        const fixture = byCase.get(item.caseId);
        if (fixture && item.step === step) found.set(fixture, item.taskId);
      }
      cursor = body.next;
    } while (cursor);
  }
  expect(
    fixtures.filter((fixture) => !found.has(fixture)).map((f) => f.caseId),
    `no open ${step} task`,
  ).toEqual([]);
  return found;
}

/** The steps before arrival, and who completes them (the approver is not the screener: four eyes). */
const BEFORE_ARRIVAL: [step: string, by: 'caseworker' | 'supervisor', decision: Record<string, unknown>][] = [
  ['screening', 'caseworker', decision('screening', 'eligible', { fitToTravelCheckRequired: false, escortRequired: false })],
  ['approval', 'supervisor', decision('approval', 'approved')],
  ['travel-document', 'caseworker', decision('travel-document', 'obtained')],
  ['ticket', 'caseworker', decision('ticket')],
  ['departure', 'caseworker', decision('departure', 'departed')],
];

/** Drives AVRR cases, all together, through every step before arrival, to their open arrival task. */
async function driveToArrival(fixtures: CaseFixture[]): Promise<void> {
  for (const [step, by, body] of BEFORE_ARRIVAL) {
    const open = await awaitStep(fixtures, step, by);
    // The departure's day is today on the local clock: never in the future, never before the approval.
    const day = await localToday(system);
    const dated = onDay(body, day);
    await inParallel([...open], 8, async ([fixture, taskId]) => {
      if (step === 'departure') fixture.departedOn = day;
      const done = await http(system, 'POST', `/tasks/${taskId}/complete`, { body: { decision: dated }, token: await token(by) });
      expect(done.status, `${step} of ${fixture.caseId}: ${done.text}`).toBe(200);
    });
  }
  for (const [fixture, taskId] of await awaitStep(fixtures, 'arrival', 'caseworker')) fixture.taskId = taskId;
}

beforeAll(async () => {
  system = await startTestSystem();
  // The caseworker tasks are handed to joins the staff directory as a token is issued for them.
  await devToken(system, MATRIX_OTHER_CASEWORKER, ['caseworker']);
  // Partners A and B are registered associations: their staff enrol youth (an association's form).
  const admin = await token('admin');
  await createAssociation(system, admin!, PARTNER_A, { name: 'Croissant-Rouge marocain' });
  await createAssociation(system, admin!, PARTNER_B, { name: 'Caritas Maroc' });
  const until = new Date((await now()).getTime() + 30 * 86_400_000).toISOString();
  const wanted: { key?: string; kind: CaseKindId; task: boolean }[] = CASE_KINDS.map((kind) => ({ kind, task: true }));
  for (const row of matrix) {
    if (row.subject === 'none') continue;
    for (const principal of PRINCIPALS)
      for (const kind of CASE_KINDS) {
        const key = cellKey(row, principal, kind);
        if (key !== undefined && expectedOf(row, principal, kind) !== 'n/a' && !wanted.some((w) => w.key === key))
          wanted.push({ key, kind, task: row.subject === 'task' });
      }
  }
  const created = await inParallel(wanted, 8, ({ kind }) => createCase(kind, until));
  // Only the cases the task routes act on go to their task; the others stay where intake left them.
  await driveToArrival(created.filter((fixture, index) => wanted[index]!.task && caseKinds[fixture.kind].task === 'arrival'));
  wanted.forEach(({ key, kind }, index) => {
    if (key === undefined) readSet.set(kind, created[index]!);
    else freshCases.set(key, created[index]!);
  });
  // The queue rows look for the read cases at their stage.
  const staff = await token('supervisor');
  for (const fixture of readSet.values())
    fixture.stage = ((await http(system, 'GET', `/cases/${fixture.caseId}`, { token: staff })).body as { stage: string }).stage;
}, 300_000);

afterAll(async () => {
  await system?.stop();
});

// --- The cells ------------------------------------------------------------------------------------

/** What of a case a refusal must never carry: its reference, and the people's names and numbers. */
const PERSONAL_KEYS = new Set(['givenNames', 'familyName', 'phone', 'number', 'dateOfBirth', 'medicalDescription', 'details']);
function personalValues(value: unknown, key = ''): string[] {
  if (typeof value === 'string') return PERSONAL_KEYS.has(key) && value.length >= 4 ? [value] : [];
  if (Array.isArray(value)) return value.flatMap((item) => personalValues(item, key));
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => personalValues(v, k));
  return [];
}
const PERSONAL = [...personalValues(exampleOf('avrr-application')), ...personalValues(exampleOf('youth-enrolment'))];

async function listed(row: MatrixRow, path: string, auth: string | undefined, wanted: string): Promise<{ status: number; found: boolean }> {
  let cursor: string | undefined;
  for (let page = 0; page < 50; page++) {
    const response = await http(system, 'GET', cursor ? `${path}&cursor=${encodeURIComponent(cursor)}` : path, {
      ...(auth ? { token: auth } : {}),
    });
    if (response.status !== 200) return { status: response.status, found: false };
    const body = response.body as { items: Record<string, unknown>[]; next?: string };
    if (body.items.some((item) => item[row.listKey!] === wanted)) return { status: 200, found: true };
    if (!body.next) return { status: 200, found: false };
    cursor = body.next;
  }
  throw new Error(`${path}: more than 50 pages`);
}

/** Sends one cell's request; answers a description of the mismatch, or undefined. */
async function checkCell(row: MatrixRow, principal: PrincipalId, kind?: CaseKindId): Promise<string | undefined> {
  const expected = expectedOf(row, principal, kind);
  if (expected === 'n/a') return undefined;
  const key = kind === undefined ? undefined : cellKey(row, principal, kind);
  const fixture = kind === undefined ? undefined : key !== undefined ? freshCases.get(key) : readSet.get(kind);
  if (kind !== undefined && !fixture) throw new Error(`no case for ${routeKey(row)} ${principal} ${kind}`);
  if (fixture && row.path.includes('{personId}') && fixture.personId === undefined) {
    const view = await http(system, 'GET', `/cases/${fixture.caseId}`, { token: await token('supervisor') });
    fixture.personId = (view.body as { persons: { personId: string }[] }).persons[0]?.personId;
  }
  const definition = principals[principal];
  if (row.assignToCaller && 'token' in definition) {
    const handed = await http(system, 'POST', `/tasks/${fixture!.taskId!}/reassign`, {
      body: { assignee: definition.token.sub },
      token: await token('supervisor'),
    });
    // Refused (422) to someone who may not do the step: the task is then not theirs.
    if (handed.status !== 200 && handed.status !== 422)
      return `handing ${fixture!.taskId!} to ${principal}: ${handed.status} ${handed.text}`;
  }
  const association = row.freshAssociation
    ? await createAssociation(system, (await token('admin'))!, `matrix-${randomUUID().slice(0, 13)}`)
    : undefined;
  const request = row.request({ ...(fixture ? { fixture } : {}), ...(association ? { association } : {}), now: await now() });
  const auth = await token(principal);
  const where = `${request.method} ${request.path} as ${principal}${kind ? ` on ${kind}` : ''}`;

  if (row.listKey) {
    const wanted = row.listKey === 'taskId' ? fixture!.taskId! : fixture!.caseId;
    const { status, found } = await listed(row, request.path, auth, wanted);
    const actual = status !== 200 ? status : found ? 'listed' : 'unlisted';
    return actual === expected ? undefined : `${where}: expected ${expected}, got ${actual}`;
  }

  const response = await http(system, request.method, request.path, {
    ...(request.body !== undefined ? { body: request.body } : {}),
    ...(request.rawBody !== undefined ? { rawBody: request.rawBody } : {}),
    ...(request.headers ? { headers: request.headers } : {}),
    ...(auth ? { token: auth } : {}),
  });
  if (response.status !== expected) return `${where}: expected ${expected}, got ${response.status} ${response.text.slice(0, 300)}`;
  if (response.status >= 400 && fixture) {
    const leaked = [fixture.reference, ...PERSONAL].filter((value) => response.text.includes(value));
    if (leaked.length > 0) return `${where}: the refusal carries ${leaked.join(', ')}`;
  }
  return undefined;
}

describe('the authorization matrix', () => {
  it('has a row for every route', () => {
    const covered = new Set(matrix.map(routeKey));
    expect(routes.map(routeKey).filter((key) => !covered.has(key))).toEqual([]);
    // And no row for a route that does not exist.
    const existing = new Set(routes.map(routeKey));
    expect([...covered].filter((key) => !existing.has(key))).toEqual([]);
  });

  for (const row of matrix) {
    it(`${routeKey(row)}${row.variant ? ` (${row.variant})` : ''}`, async () => {
      const cells: { principal: PrincipalId; kind?: CaseKindId }[] = PRINCIPALS.flatMap((principal) =>
        row.subject === 'none' ? [{ principal }] : CASE_KINDS.map((kind) => ({ principal, kind })),
      );
      // The cells of a row whose task is handed to each caller in turn run one after the other.
      // So do an export's and a data-subject search's: every fixture is the same example person, so
      // each reads every case of the run (dozens), and six at once passed the function's timeout (503).
      const oneByOne = row.assignToCaller || row.path === '/data-protection/exports' || row.path === '/data-protection/searches';
      const mismatches = await inParallel(cells, oneByOne ? 1 : 6, ({ principal, kind }) => checkCell(row, principal, kind));
      expect(mismatches.filter((m) => m !== undefined)).toEqual([]);
      // A row is every principal on every kind of case (tens of requests; an export reads whole cases).
    }, 90_000);
  }
});
