// Every cell of the authorization matrix (test/support/authorization-matrix.ts, rendered in
// docs/authorization.md), over HTTP against the local system: each route × each caller × each kind
// of case, the status expected, and nothing of the case in a refusal.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routes } from '../../functions/routes.ts';
import {
  CASE_KINDS,
  PARTNER_A,
  PARTNER_B,
  PRINCIPALS,
  expectedOf,
  exampleOf,
  matrix,
  principals,
  routeKey,
  type CaseFixture,
  type CaseKindId,
  type MatrixRow,
  type PrincipalId,
} from '../support/authorization-matrix.ts';
import { devToken, http, startTestSystem, type TestSystem } from '../support/local-system.ts';

let system: TestSystem;
const tokens = new Map<PrincipalId, string>();
/** One case of each kind for the rows that only read. */
const readSet = new Map<CaseKindId, CaseFixture>();
/** A fresh case per cell of the rows that change state. */
const freshCases = new Map<string, CaseFixture>();

/**
 * The case a cell of a row that changes state runs on: its own fresh case when it is expected to
 * succeed (it changes the case); otherwise one case per row and kind, shared by the cells expected
 * to be refused (a refusal changes nothing; a cell wrongly accepted fails itself).
 */
function cellKey(row: MatrixRow, principal: PrincipalId, kind: CaseKindId): string {
  const expected = expectedOf(row, principal, kind);
  const succeeds = typeof expected === 'number' && expected < 300;
  return `${matrix.indexOf(row)}|${succeeds ? principal : 'refused'}|${kind}`;
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

/** The AVRR application the shared cases start from: it consents to sharing with A and B. */
function avrrApplication(): Record<string, unknown> {
  const body = exampleOf('avrr-application');
  body.consent = { ...(body.consent as object), sharingWithPartners: [PARTNER_A, PARTNER_B] };
  return body;
}

/** Submits a case of the kind (and shares it, for the shared kinds); its task comes later. */
async function createCase(kind: CaseKindId, until: string): Promise<CaseFixture> {
  const ownCase = kind === 'own';
  const response = await http(
    system,
    'POST',
    ownCase ? '/partner/forms/youth-enrolment/submissions' : '/forms/avrr-application/submissions',
    {
      body: ownCase ? exampleOf('youth-enrolment') : kind === 'otherProgramme' ? exampleOf('avrr-application') : avrrApplication(),
      headers: { 'idempotency-key': randomUUID() },
      ...(ownCase ? { token: await token('partnerA') } : {}),
    },
  );
  expect(response.status, response.text).toBe(201);
  const { caseId, reference } = response.body as { caseId: string; reference: string };
  const fixture: CaseFixture = { kind, caseId, reference, programme: ownCase ? 'youth-employability' : 'avrr', stage: 'submitted' };
  if (kind === 'sharedA' || kind === 'sharedB') {
    const shared = await http(system, 'POST', `/cases/${caseId}/shares`, {
      body: { partnerId: kind === 'sharedA' ? PARTNER_A : PARTNER_B, purpose: 'referral', until },
      token: await token('caseworker'),
    });
    expect(shared.status, shared.text).toBe(201);
    fixture.shareId = (shared.body as { shareId: string }).shareId;
  }
  return fixture;
}

/** Lets the workflows run until every AVRR case has its open screening task; records task and stage. */
async function awaitTasks(fixtures: CaseFixture[]): Promise<void> {
  const staff = await token('supervisor');
  let pending = fixtures;
  for (let attempt = 0; attempt < 60 && pending.length > 0; attempt++) {
    await http(system, 'POST', '/_local/clock', { body: { advanceBy: 'PT1S' } });
    const still = await inParallel(pending, 8, async (fixture) => {
      const view = await http(system, 'GET', `/cases/${fixture.caseId}`, { token: staff });
      const found = view.body as { stage: string; tasks: { taskId: string; step: string; status: string }[] };
      fixture.stage = found.stage;
      const task = found.tasks.find((t) => t.step === 'screening' && t.status === 'open');
      if (task) fixture.taskId = task.taskId;
      return task ? undefined : fixture;
    });
    pending = still.filter((fixture): fixture is CaseFixture => fixture !== undefined);
  }
  expect(pending.map((f) => f.caseId)).toEqual([]);
}

beforeAll(async () => {
  system = await startTestSystem();
  const until = new Date((await now()).getTime() + 30 * 86_400_000).toISOString();
  const wanted: { key?: string; kind: CaseKindId }[] = CASE_KINDS.map((kind) => ({ kind }));
  for (const row of matrix) {
    if (!row.mutates || row.subject === 'none') continue;
    for (const principal of PRINCIPALS)
      for (const kind of CASE_KINDS) {
        const key = cellKey(row, principal, kind);
        if (expectedOf(row, principal, kind) !== 'n/a' && !wanted.some((w) => w.key === key)) wanted.push({ key, kind });
      }
  }
  const created = await inParallel(wanted, 8, ({ kind }) => createCase(kind, until));
  await awaitTasks(created.filter((fixture) => fixture.kind !== 'own'));
  wanted.forEach(({ key, kind }, index) => {
    if (key === undefined) readSet.set(kind, created[index]!);
    else freshCases.set(key, created[index]!);
  });
}, 180_000);

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
  const fixture = kind === undefined ? undefined : row.mutates ? freshCases.get(cellKey(row, principal, kind)) : readSet.get(kind);
  if (kind !== undefined && !fixture) throw new Error(`no case for ${routeKey(row)} ${principal} ${kind}`);
  const request = row.request({ ...(fixture ? { fixture } : {}), now: await now() });
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
      const mismatches = await inParallel(cells, 6, ({ principal, kind }) => checkCell(row, principal, kind));
      expect(mismatches.filter((m) => m !== undefined)).toEqual([]);
    });
  }
});
