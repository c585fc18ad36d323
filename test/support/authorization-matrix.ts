// The authorization matrix: every route × every kind of caller × every kind of case, with the
// answer expected. One declarative table feeds both docs/authorization.md (npm run
// docs:authorization) and the HTTP test that checks every cell (test/e2e/authorization-matrix.e2e.test.ts).
import { randomUUID } from 'node:crypto';
import type { RouteDefinition } from '../../functions/routes.ts';
import { getForm } from '../../domain/forms/index.ts';
import { exampleAssociationBody } from './associations.ts';

export const PARTNER_A = 'croissant-rouge-marocain';
export const PARTNER_B = 'caritas-maroc';
/** The association a share cell shares with: neither A nor B, so that no cell widens another's view. */
export const PARTNER_C = 'unicef';

export interface Principal {
  label: string;
  about: string;
  /** Absent: no token at all. */
  token?: { sub: string; groups: string[]; partnerId?: string };
}

export const principals = {
  anonymous: { label: 'anonymous', about: 'no token' },
  caseworker: { label: 'caseworker', about: 'group `caseworker`', token: { sub: 'matrix-caseworker', groups: ['caseworker'] } },
  supervisor: { label: 'supervisor', about: 'group `supervisor`', token: { sub: 'matrix-supervisor', groups: ['supervisor'] } },
  partnerA: {
    label: 'partner A',
    about: `group \`partner\`, \`partner_id\` ${PARTNER_A}`,
    token: { sub: 'matrix-partner-a', groups: ['partner'], partnerId: PARTNER_A },
  },
  partnerB: {
    label: 'partner B',
    about: `group \`partner\`, \`partner_id\` ${PARTNER_B}`,
    token: { sub: 'matrix-partner-b', groups: ['partner'], partnerId: PARTNER_B },
  },
  admin: { label: 'admin', about: 'group `admin`', token: { sub: 'matrix-admin', groups: ['admin'] } },
  dataProtection: {
    label: 'data protection',
    about: 'group `data-protection` (the data-protection officer: not casework staff)',
    token: { sub: 'matrix-dpo', groups: ['data-protection'] },
  },
  exPartner: {
    label: 'ex-partner A',
    about:
      'no group, a leftover `partner_id` A: a partner user an administrator took out of the `partner` group (the token trigger copies the attribute whatever the groups)',
    token: { sub: 'matrix-ex-partner', groups: [], partnerId: PARTNER_A },
  },
} as const satisfies Record<string, Principal>;

export type PrincipalId = keyof typeof principals;
export const PRINCIPALS = Object.keys(principals) as PrincipalId[];

export interface CaseKind {
  label: string;
  about: string;
  /** The form submitted, and by whom: the public web form, or partner A's staff through the partner route. */
  formId: 'youth-enrolment' | 'avrr-application';
  submittedBy: 'public' | 'partnerA';
  /** Shared by a caseworker with this partner (whole case, 30 days), under the person's consent. */
  sharedWith?: 'A' | 'B';
  /** The task the task routes act on: the step a partner association acts on first. */
  task?: 'arrival';
}

const ARRIVAL_TASK =
  ' Its task is the AVRR arrival step, the first a partner acts on (roles caseworker and partner): the case is driven there through screening, approval, travel preparation and departure.';

export const caseKinds: Record<'own' | 'ownReturn' | 'otherProgramme' | 'sharedA' | 'sharedB', CaseKind> = {
  own: {
    label: 'own case',
    about:
      'A youth-employability enrolment submitted by partner A’s own staff (`POST /partner/forms/youth-enrolment/submissions`): the case’s association is A. ' +
      'For partner B, another association’s case. The youth programme has no workflow yet: no task.',
    formId: 'youth-enrolment',
    submittedBy: 'partnerA',
  },
  ownReturn: {
    label: 'own AVRR referral',
    about:
      'An AVRR application submitted by partner A’s staff through the same route (an association referring a migrant for return): A’s own case.' +
      ARRIVAL_TASK,
    formId: 'avrr-application',
    submittedBy: 'partnerA',
    task: 'arrival',
  },
  otherProgramme: {
    label: 'another programme’s case',
    about: 'An AVRR application from the public web form: no association, shared with nobody.' + ARRIVAL_TASK,
    formId: 'avrr-application',
    submittedBy: 'public',
    task: 'arrival',
  },
  sharedA: {
    label: 'case shared with A',
    about:
      'An AVRR application from the public web form (consenting to share with A and B), shared with A by a caseworker (`POST /cases/{id}/shares`, whole case, 30 days).' +
      ARRIVAL_TASK,
    formId: 'avrr-application',
    submittedBy: 'public',
    sharedWith: 'A',
    task: 'arrival',
  },
  sharedB: {
    label: 'case shared with B',
    about: 'The same, shared with B.',
    formId: 'avrr-application',
    submittedBy: 'public',
    sharedWith: 'B',
    task: 'arrival',
  },
};

export type CaseKindId = keyof typeof caseKinds;
export const CASE_KINDS = Object.keys(caseKinds) as CaseKindId[];

/**
 * An expected answer: an HTTP status; for a queue, 200 with the case (or its task) `listed` or
 * `unlisted`; `n/a` when the case kind has nothing the route acts on (no task, no share).
 */
export type Expected = number | 'listed' | 'unlisted' | 'n/a';
export type PerKind = Record<CaseKindId, Expected>;

/** A case made for the matrix, with what the routes need of it. */
export interface CaseFixture {
  kind: CaseKindId;
  caseId: string;
  reference: string;
  programme: string;
  stage: string;
  taskId?: string;
  shareId?: string;
  /** The departure's day recorded (an AVRR case driven to its arrival): the arrival may not be before it. */
  departedOn?: string;
  /** The case's first person, for the routes that name one. */
  personId?: string;
}

export interface CellContext {
  fixture?: CaseFixture;
  /** A fresh association of the cell's own (rows with `freshAssociation`), as created. */
  association?: { associationId: string; version: number } & Record<string, unknown>;
  /** The system clock's now, for share end dates. */
  now: Date;
}

export interface RequestSpec {
  method: 'GET' | 'POST' | 'PUT';
  path: string;
  body?: unknown;
  /** A body sent as is (not JSON), with its content-type in `headers`. */
  rawBody?: string;
  headers?: Record<string, string>;
}

export interface MatrixRow {
  method: RouteDefinition['method'];
  /** The route's path as in functions/routes.ts. */
  path: string;
  /** What of the route this row exercises, when a route has several rows (a queue). */
  variant?: string;
  /** What the reader should know about the row's answers. */
  note?: string;
  /** none: no case involved (one answer per caller); case/task/share: one answer per case kind. */
  subject: 'none' | 'case' | 'task' | 'share';
  /** Changes state: each cell expected to succeed gets a fresh case of its kind. */
  mutates: boolean;
  /**
   * Rows of one chain run their successful cells on the same fresh case per caller and kind, in the
   * table's order, chosen so that no cell's effect changes a later cell's answer (a consent change,
   * then a share with a third association, then the end of another share, then the withdrawal; a
   * claim, then the claimant's completion).
   */
  chain?: string;
  /** The cell's task is first handed to the caller by a supervisor (`POST /tasks/{id}/reassign`). */
  assignToCaller?: boolean;
  /** For queues: the page items' key the case (or task) is looked up by. */
  listKey?: 'caseId' | 'taskId';
  /** Each cell acts on an association of its own, created (by an administrator) just before. */
  freshAssociation?: boolean;
  expect: Record<PrincipalId, Expected | PerKind>;
  request(context: CellContext): RequestSpec;
}

/** The same answer for every case kind. */
const all = (expected: Expected): PerKind => ({
  own: expected,
  ownReturn: expected,
  otherProgramme: expected,
  sharedA: expected,
  sharedB: expected,
});
/** Answers for case kinds that have a task (the youth programme has none yet). */
const tasks = (expected: Expected, overrides: Partial<PerKind> = {}): PerKind => ({ ...all(expected), own: 'n/a', ...overrides });
/** Answers for case kinds that have a share (only the shared ones). */
const shares = (expected: Expected): PerKind => ({ ...all('n/a'), sharedA: expected, sharedB: expected });

const fixtureOf = (context: CellContext): CaseFixture => {
  if (!context.fixture) throw new Error('this row needs a case');
  return context.fixture;
};
const personOf = (context: CellContext): string => {
  const { personId } = fixtureOf(context);
  if (!personId) throw new Error('this case has no person');
  return personId;
};
const taskOf = (context: CellContext): string => {
  const { taskId } = fixtureOf(context);
  if (!taskId) throw new Error('this case has no task');
  return taskId;
};
const inDays = (now: Date, days: number) => new Date(now.getTime() + days * 86_400_000).toISOString();
/** A form's first published example, as a web form or a partner's staff would send it. */
export function exampleOf(formId: string): Record<string, unknown> {
  const form = getForm(formId);
  if (!form) throw new Error(`no form ${formId}`);
  return structuredClone(form.examples[0] as Record<string, unknown>);
}
const submission = (path: string, formId: string): RequestSpec => ({
  method: 'POST',
  path,
  body: exampleOf(formId),
  headers: { 'idempotency-key': randomUUID() },
});

/** A financial-literacy session (no co-organiser), dated before the matrix's clock. */
const REMITTANCE_SESSION = {
  date: '2026-11-18',
  city: 'sale',
  venue: 'Maison des jeunes Hay Salam',
  facilitator: 'Chargée de programme migration et développement',
  attendance: { female: { '25-59': 4 }, male: { '18-24': 3 } },
  topics: ['comparing-transfer-costs'],
};
const CORRIDOR_PRICES_CSV = [
  'source_country,destination_country,provider,provider_type,instrument,amount_sent,currency,fee,fx_margin_percent,total_cost_percent,quarter',
  'FR,MA,Transferts Exemple B (fictif),money-transfer-operator,cash,200,EUR,4.90,1.10,3.55,2026Q3',
].join('\n');

/** A caseworker the staff directory knows (the test has a token issued for them), whom supervisors hand tasks to. */
export const MATRIX_OTHER_CASEWORKER = 'matrix-other-caseworker';

/** The arrival decision the test sends (the step's own published example). */
export const ARRIVAL_DECISION = { outcome: 'received', arrivedOn: '2027-01-15', receivedBy: 'partner-organisation' };

export const matrix: MatrixRow[] = [
  {
    method: 'GET',
    path: '/forms',
    subject: 'none',
    mutates: false,
    expect: {
      anonymous: 200,
      caseworker: 200,
      supervisor: 200,
      partnerA: 200,
      partnerB: 200,
      admin: 200,
      dataProtection: 200,
      exPartner: 200,
    },
    request: () => ({ method: 'GET', path: '/forms' }),
  },
  {
    method: 'GET',
    path: '/forms/{formId}',
    subject: 'none',
    mutates: false,
    expect: {
      anonymous: 200,
      caseworker: 200,
      supervisor: 200,
      partnerA: 200,
      partnerB: 200,
      admin: 200,
      dataProtection: 200,
      exPartner: 200,
    },
    request: () => ({ method: 'GET', path: '/forms/avrr-application' }),
  },
  {
    method: 'POST',
    path: '/forms/{formId}/submissions',
    variant: 'a public submission: the token, if any, is ignored',
    subject: 'none',
    mutates: true,
    expect: {
      anonymous: 201,
      caseworker: 201,
      supervisor: 201,
      partnerA: 201,
      partnerB: 201,
      admin: 201,
      dataProtection: 201,
      exPartner: 201,
    },
    request: () => submission('/forms/avrr-application/submissions', 'avrr-application'),
  },
  {
    method: 'POST',
    path: '/forms/{formId}/submissions',
    variant: 'an association’s form (youth enrolment): never from the public route, whoever calls',
    subject: 'none',
    mutates: true,
    expect: {
      anonymous: 403,
      caseworker: 403,
      supervisor: 403,
      partnerA: 403,
      partnerB: 403,
      admin: 403,
      dataProtection: 403,
      exPartner: 403,
    },
    request: () => submission('/forms/youth-enrolment/submissions', 'youth-enrolment'),
  },
  {
    method: 'POST',
    path: '/partner/forms/{formId}/submissions',
    subject: 'none',
    mutates: true,
    expect: {
      anonymous: 401,
      caseworker: 403,
      supervisor: 403,
      partnerA: 201,
      partnerB: 201,
      admin: 403,
      dataProtection: 403,
      exPartner: 403,
    },
    request: () => submission('/partner/forms/youth-enrolment/submissions', 'youth-enrolment'),
  },
  {
    method: 'POST',
    path: '/associations/{associationId}/forms/{formId}/submissions',
    variant: 'a youth enrolment for association A',
    note: 'Mission staff on A’s behalf, or A’s own users; another association’s users are told nothing of A (404).',
    subject: 'none',
    mutates: true,
    expect: {
      anonymous: 401,
      caseworker: 201,
      supervisor: 201,
      partnerA: 201,
      partnerB: 404,
      admin: 201,
      dataProtection: 403,
      exPartner: 403,
    },
    request: () => submission(`/associations/${PARTNER_A}/forms/youth-enrolment/submissions`, 'youth-enrolment'),
  },
  {
    method: 'POST',
    path: '/associations',
    subject: 'none',
    mutates: true,
    expect: {
      anonymous: 401,
      caseworker: 403,
      supervisor: 201,
      partnerA: 403,
      partnerB: 403,
      admin: 201,
      dataProtection: 403,
      exPartner: 403,
    },
    request: () => ({ method: 'POST', path: '/associations', body: exampleAssociationBody(`matrix-${randomUUID().slice(0, 13)}`) }),
  },
  {
    method: 'GET',
    path: '/associations',
    note: 'A partner user’s list holds its own association only.',
    subject: 'none',
    mutates: false,
    expect: {
      anonymous: 401,
      caseworker: 200,
      supervisor: 200,
      partnerA: 200,
      partnerB: 200,
      admin: 200,
      dataProtection: 403,
      exPartner: 403,
    },
    request: () => ({ method: 'GET', path: '/associations' }),
  },
  {
    method: 'GET',
    path: '/associations/{associationId}',
    variant: 'association A',
    subject: 'none',
    mutates: false,
    expect: {
      anonymous: 401,
      caseworker: 200,
      supervisor: 200,
      partnerA: 200,
      partnerB: 404,
      admin: 200,
      dataProtection: 403,
      exPartner: 403,
    },
    request: () => ({ method: 'GET', path: `/associations/${PARTNER_A}` }),
  },
  {
    method: 'PUT',
    path: '/associations/{associationId}',
    variant: 'an association deactivated, from the version read',
    note: 'Each cell on an association of its own, created just before.',
    subject: 'none',
    mutates: true,
    freshAssociation: true,
    expect: {
      anonymous: 401,
      caseworker: 403,
      supervisor: 200,
      partnerA: 403,
      partnerB: 403,
      admin: 200,
      dataProtection: 403,
      exPartner: 403,
    },
    request: (c) => {
      if (!c.association) throw new Error('this row needs an association');
      const { associationId, createdAt: _c, createdBy: _cb, updatedAt: _u, updatedBy: _ub, ...details } = c.association;
      return { method: 'PUT', path: `/associations/${associationId}`, body: { ...details, status: 'inactive' } };
    },
  },
  {
    method: 'GET',
    path: '/associations/{associationId}/cases',
    variant: 'association A',
    subject: 'none',
    mutates: false,
    expect: {
      anonymous: 401,
      caseworker: 200,
      supervisor: 200,
      partnerA: 200,
      partnerB: 404,
      admin: 200,
      dataProtection: 403,
      exPartner: 403,
    },
    request: () => ({ method: 'GET', path: `/associations/${PARTNER_A}/cases` }),
  },
  {
    method: 'GET',
    path: '/openapi.json',
    subject: 'none',
    mutates: false,
    expect: {
      anonymous: 200,
      caseworker: 200,
      supervisor: 200,
      partnerA: 200,
      partnerB: 200,
      admin: 200,
      dataProtection: 200,
      exPartner: 200,
    },
    request: () => ({ method: 'GET', path: '/openapi.json' }),
  },
  // Remittances information (docs/remittances.md): the mission's own, no case.
  {
    method: 'POST',
    path: '/remittances/sessions',
    note: 'Caseworkers and supervisors record the sessions they held.',
    subject: 'none',
    mutates: true,
    expect: {
      anonymous: 401,
      caseworker: 201,
      supervisor: 201,
      partnerA: 403,
      partnerB: 403,
      admin: 403,
      dataProtection: 403,
      exPartner: 403,
    },
    request: () => ({ method: 'POST', path: '/remittances/sessions', body: REMITTANCE_SESSION }),
  },
  {
    method: 'GET',
    path: '/remittances/sessions',
    subject: 'none',
    mutates: false,
    expect: {
      anonymous: 401,
      caseworker: 200,
      supervisor: 200,
      partnerA: 403,
      partnerB: 403,
      admin: 200,
      dataProtection: 403,
      exPartner: 403,
    },
    request: () => ({ method: 'GET', path: '/remittances/sessions' }),
  },
  {
    method: 'POST',
    path: '/remittances/corridor-prices',
    note: 'A one-row `text/csv` file; a re-import replaces the same price.',
    subject: 'none',
    mutates: true,
    expect: {
      anonymous: 401,
      caseworker: 403,
      supervisor: 200,
      partnerA: 403,
      partnerB: 403,
      admin: 200,
      dataProtection: 403,
      exPartner: 403,
    },
    request: () => ({
      method: 'POST',
      path: '/remittances/corridor-prices',
      rawBody: CORRIDOR_PRICES_CSV,
      headers: { 'content-type': 'text/csv' },
    }),
  },
  {
    method: 'GET',
    path: '/remittances/corridor-prices',
    subject: 'none',
    mutates: false,
    expect: {
      anonymous: 401,
      caseworker: 200,
      supervisor: 200,
      partnerA: 403,
      partnerB: 403,
      admin: 200,
      dataProtection: 403,
      exPartner: 403,
    },
    request: () => ({ method: 'GET', path: '/remittances/corridor-prices?from=FR' }),
  },
  {
    method: 'GET',
    path: '/indicators',
    note: 'Supervisors and administrators see exact figures; caseworkers and partner associations (only the indicators by partner association, only their own) see small cells suppressed (docs/indicators.md).',
    subject: 'none',
    mutates: false,
    expect: {
      anonymous: 401,
      caseworker: 200,
      supervisor: 200,
      partnerA: 200,
      partnerB: 200,
      admin: 200,
      dataProtection: 403,
      exPartner: 403,
    },
    request: () => ({ method: 'GET', path: '/indicators?programme=youth-employability&from=2026-01-01&to=2026-12-31&by=sex' }),
  },
  {
    method: 'GET',
    path: '/indicators/ctdc-export',
    note: 'The de-identified trafficking rows (CSV) meant to leave the mission.',
    subject: 'none',
    mutates: false,
    expect: {
      anonymous: 401,
      caseworker: 403,
      supervisor: 200,
      partnerA: 403,
      partnerB: 403,
      admin: 200,
      dataProtection: 403,
      exPartner: 403,
    },
    request: () => ({ method: 'GET', path: '/indicators/ctdc-export?fromYear=2026&toYear=2026' }),
  },
  {
    method: 'GET',
    path: '/cases/{caseId}',
    subject: 'case',
    mutates: false,
    expect: {
      anonymous: all(401),
      caseworker: all(200),
      supervisor: all(200),
      partnerA: { ...all(404), own: 200, ownReturn: 200, sharedA: 200 },
      partnerB: { ...all(404), sharedB: 200 },
      admin: all(200),
      dataProtection: all(404),
      exPartner: all(404),
    },
    request: (c) => ({ method: 'GET', path: `/cases/${fixtureOf(c).caseId}` }),
  },
  {
    method: 'GET',
    path: '/cases/by-reference/{reference}',
    variant: 'the reference as read over the phone (lower case, spaces)',
    note: 'Visible exactly as GET /cases/{caseId}: a case the caller may not see is a 404, as a missing one.',
    subject: 'case',
    mutates: false,
    expect: {
      anonymous: all(401),
      caseworker: all(200),
      supervisor: all(200),
      partnerA: { ...all(404), own: 200, ownReturn: 200, sharedA: 200 },
      partnerB: { ...all(404), sharedB: 200 },
      admin: all(200),
      dataProtection: all(404),
      exPartner: all(404),
    },
    request: (c) => ({
      method: 'GET',
      path: `/cases/by-reference/${encodeURIComponent(fixtureOf(c).reference.toLowerCase().replace(/-/g, ' '))}`,
    }),
  },
  {
    method: 'POST',
    path: '/persons/searches',
    variant: 'by name',
    note: 'Mission staff and partner users search, each seeing only the persons of the cases it may see; the data-protection officer (who has POST /data-protection/searches) and an ex-partner are refused, as for the case lists. Which cases each finds: test/e2e/person-search.e2e.test.ts.',
    subject: 'none',
    mutates: false,
    expect: {
      anonymous: 401,
      caseworker: 200,
      supervisor: 200,
      partnerA: 200,
      partnerB: 200,
      admin: 200,
      dataProtection: 403,
      exPartner: 403,
    },
    request: () => ({ method: 'POST', path: '/persons/searches', body: { name: 'Matrix Nobody' } }),
  },
  {
    method: 'GET',
    path: '/cases',
    variant: "the case's programme and stage",
    subject: 'case',
    mutates: false,
    listKey: 'caseId',
    expect: {
      anonymous: all(401),
      caseworker: all('listed'),
      supervisor: all('listed'),
      partnerA: { ...all('unlisted'), own: 'listed', ownReturn: 'listed', sharedA: 'listed' },
      partnerB: { ...all('unlisted'), sharedB: 'listed' },
      admin: all('listed'),
      dataProtection: all(403),
      exPartner: all(403),
    },
    request: (c) => ({ method: 'GET', path: `/cases?programme=${fixtureOf(c).programme}&stage=${fixtureOf(c).stage}&limit=100` }),
  },
  {
    method: 'GET',
    path: '/needs',
    note: 'Host institutions’ validated needs, for matching: mission staff only.',
    subject: 'none',
    mutates: false,
    expect: {
      anonymous: 401,
      caseworker: 200,
      supervisor: 200,
      partnerA: 403,
      partnerB: 403,
      admin: 200,
      dataProtection: 403,
      exPartner: 403,
    },
    request: () => ({ method: 'GET', path: '/needs?status=open-for-matching&sector=health' }),
  },
  {
    method: 'GET',
    path: '/cases/{caseId}/history',
    subject: 'case',
    mutates: false,
    expect: {
      anonymous: all(401),
      caseworker: all(200),
      supervisor: all(200),
      partnerA: { ...all(404), own: 200, ownReturn: 200, sharedA: 200 },
      partnerB: { ...all(404), sharedB: 200 },
      admin: all(200),
      dataProtection: all(404),
      exPartner: all(404),
    },
    request: (c) => ({ method: 'GET', path: `/cases/${fixtureOf(c).caseId}/history` }),
  },
  {
    method: 'POST',
    path: '/cases/{caseId}/consents',
    variant: 'follow-up contact revoked',
    subject: 'case',
    mutates: true,
    chain: 'case-changes',
    expect: {
      anonymous: all(401),
      caseworker: all(200),
      supervisor: all(200),
      partnerA: all(403),
      partnerB: all(403),
      admin: all(403),
      dataProtection: all(403),
      exPartner: all(403),
    },
    request: (c) => ({
      method: 'POST',
      path: `/cases/${fixtureOf(c).caseId}/consents`,
      body: { action: 'revoke', purpose: 'follow-up-contact' },
    }),
  },
  {
    method: 'POST',
    path: '/cases/{caseId}/shares',
    variant: 'with a third association, under a recorded legal ground where there is no consent',
    subject: 'case',
    mutates: true,
    chain: 'case-changes',
    expect: {
      anonymous: all(401),
      caseworker: all(201),
      supervisor: all(201),
      partnerA: all(403),
      partnerB: all(403),
      admin: all(403),
      dataProtection: all(403),
      exPartner: all(403),
    },
    request: (c) => ({
      method: 'POST',
      path: `/cases/${fixtureOf(c).caseId}/shares`,
      body: { partnerId: PARTNER_C, purpose: 'referral', until: inDays(c.now, 30), overrideReason: 'vital-interests' },
    }),
  },
  {
    method: 'POST',
    path: '/cases/{caseId}/shares/{shareId}/revoke',
    variant: "the case's share",
    subject: 'share',
    mutates: true,
    chain: 'case-changes',
    expect: {
      anonymous: shares(401),
      caseworker: shares(200),
      supervisor: shares(200),
      partnerA: shares(403),
      partnerB: shares(403),
      admin: shares(403),
      dataProtection: shares(403),
      exPartner: shares(403),
    },
    request: (c) => ({ method: 'POST', path: `/cases/${fixtureOf(c).caseId}/shares/${fixtureOf(c).shareId}/revoke` }),
  },
  {
    method: 'POST',
    path: '/cases/{caseId}/shares/{shareId}/accept',
    variant: "the case's share",
    subject: 'share',
    mutates: false,
    note: 'Only a user of the association a share is made to answers it, and only a service referral awaits an answer: the matrix’s shares are whole-case shares (409 for their association), another association’s is not found (404); mission staff and everyone else are refused (403). A referral accepted or rejected by its partner is exercised over HTTP in test/e2e/service-referral.e2e.test.ts.',
    expect: {
      anonymous: shares(401),
      caseworker: shares(403),
      supervisor: shares(403),
      partnerA: { ...all('n/a'), sharedA: 409, sharedB: 404 },
      partnerB: { ...all('n/a'), sharedA: 404, sharedB: 409 },
      admin: shares(403),
      dataProtection: shares(403),
      exPartner: shares(403),
    },
    request: (c) => ({ method: 'POST', path: `/cases/${fixtureOf(c).caseId}/shares/${fixtureOf(c).shareId}/accept` }),
  },
  {
    method: 'POST',
    path: '/cases/{caseId}/shares/{shareId}/reject',
    variant: "the case's share",
    subject: 'share',
    mutates: false,
    note: 'Only a user of the association a share is made to answers it, and only a service referral awaits an answer: the matrix’s shares are whole-case shares (409 for their association), another association’s is not found (404); mission staff and everyone else are refused (403). A referral accepted or rejected by its partner is exercised over HTTP in test/e2e/service-referral.e2e.test.ts.',
    expect: {
      anonymous: shares(401),
      caseworker: shares(403),
      supervisor: shares(403),
      partnerA: { ...all('n/a'), sharedA: 409, sharedB: 404 },
      partnerB: { ...all('n/a'), sharedA: 404, sharedB: 409 },
      admin: shares(403),
      dataProtection: shares(403),
      exPartner: shares(403),
    },
    request: (c) => ({
      method: 'POST',
      path: `/cases/${fixtureOf(c).caseId}/shares/${fixtureOf(c).shareId}/reject`,
      body: { reasonCode: 'no-capacity' },
    }),
  },
  {
    method: 'POST',
    path: '/cases/{caseId}/withdrawal',
    subject: 'case',
    mutates: true,
    chain: 'case-changes',
    note: 'A youth case has no return or travel phase to withdraw from: 409, whoever asks.',
    expect: {
      anonymous: all(401),
      caseworker: { ...all(200), own: 409 },
      supervisor: { ...all(200), own: 409 },
      partnerA: all(403),
      partnerB: all(403),
      admin: all(403),
      dataProtection: all(403),
      exPartner: all(403),
    },
    request: (c) => ({ method: 'POST', path: `/cases/${fixtureOf(c).caseId}/withdrawal`, body: { reasonCode: 'changed-mind' } }),
  },
  {
    method: 'POST',
    path: '/cases/{caseId}/referrals',
    variant: 'to AVRR',
    subject: 'case',
    mutates: false,
    note: 'AVRR accepts referrals from protection cases only, and the matrix’s cases are AVRR and youth cases: 409 for whoever may refer (a referral from protection is in test/e2e/case-links.e2e.test.ts).',
    expect: {
      anonymous: all(401),
      caseworker: all(409),
      supervisor: all(409),
      partnerA: all(403),
      partnerB: all(403),
      admin: all(403),
      dataProtection: all(403),
      exPartner: all(403),
    },
    request: (c) => ({ method: 'POST', path: `/cases/${fixtureOf(c).caseId}/referrals`, body: { programme: 'avrr' } }),
  },
  {
    method: 'POST',
    path: '/cases/{caseId}/reopening',
    subject: 'case',
    mutates: false,
    note: 'Only a closed case of a programme that reopens (protection) reopens, and the matrix’s cases are open AVRR and youth cases: 409 for a caseworker (a reopening is in test/e2e/case-links.e2e.test.ts).',
    expect: {
      anonymous: all(401),
      caseworker: all(409),
      supervisor: all(403),
      partnerA: all(403),
      partnerB: all(403),
      admin: all(403),
      dataProtection: all(403),
      exPartner: all(403),
    },
    request: (c) => ({ method: 'POST', path: `/cases/${fixtureOf(c).caseId}/reopening`, body: { need: 'medical' } }),
  },
  {
    method: 'GET',
    path: '/cases/{caseId}/access-log',
    subject: 'case',
    mutates: false,
    expect: {
      anonymous: all(401),
      caseworker: all(403),
      supervisor: all(403),
      partnerA: all(403),
      partnerB: all(403),
      admin: all(403),
      dataProtection: all(200),
      exPartner: all(403),
    },
    request: (c) => ({ method: 'GET', path: `/cases/${fixtureOf(c).caseId}/access-log` }),
  },
  {
    method: 'GET',
    path: '/access-log',
    variant: "a caseworker's reads over the last day",
    subject: 'none',
    mutates: false,
    expect: {
      anonymous: 401,
      caseworker: 403,
      supervisor: 403,
      partnerA: 403,
      partnerB: 403,
      admin: 403,
      dataProtection: 200,
      exPartner: 403,
    },
    request: (c) => ({
      method: 'GET',
      path: `/access-log?reader=${principals.caseworker.token.sub}&from=${encodeURIComponent(inDays(c.now, -1))}&to=${encodeURIComponent(c.now.toISOString())}`,
    }),
  },
  {
    method: 'POST',
    path: '/data-protection/searches',
    variant: 'the persons of the case',
    subject: 'case',
    mutates: false,
    expect: {
      anonymous: all(401),
      caseworker: all(403),
      supervisor: all(403),
      partnerA: all(403),
      partnerB: all(403),
      admin: all(403),
      dataProtection: all(200),
      exPartner: all(403),
    },
    request: (c) => ({ method: 'POST', path: '/data-protection/searches', body: { subject: { caseId: fixtureOf(c).caseId } } }),
  },
  {
    method: 'POST',
    path: '/data-protection/exports',
    variant: 'the persons of the case (each export recorded in the case history)',
    subject: 'case',
    mutates: false,
    expect: {
      anonymous: all(401),
      caseworker: all(403),
      supervisor: all(403),
      partnerA: all(403),
      partnerB: all(403),
      admin: all(403),
      dataProtection: all(200),
      exPartner: all(403),
    },
    request: (c) => ({ method: 'POST', path: '/data-protection/exports', body: { subject: { caseId: fixtureOf(c).caseId } } }),
  },
  {
    method: 'POST',
    path: '/data-protection/erasures',
    variant: 'the persons of the open case, on a recorded legal ground',
    subject: 'case',
    mutates: true,
    expect: {
      anonymous: all(401),
      caseworker: all(403),
      supervisor: all(403),
      partnerA: all(403),
      partnerB: all(403),
      admin: all(403),
      dataProtection: all(200),
      exPartner: all(403),
    },
    request: (c) => ({
      method: 'POST',
      path: '/data-protection/erasures',
      body: { subject: { caseId: fixtureOf(c).caseId }, caseId: fixtureOf(c).caseId, legalGround: 'data-subject-objection' },
    }),
  },
  {
    method: 'POST',
    path: '/cases/{caseId}/persons/{personId}/corrections',
    variant: 'the family name of the case’s first person',
    subject: 'case',
    mutates: true,
    expect: {
      anonymous: all(401),
      caseworker: all(403),
      supervisor: all(200),
      partnerA: all(403),
      partnerB: all(403),
      admin: all(403),
      dataProtection: all(200),
      exPartner: all(403),
    },
    request: (c) => ({
      method: 'POST',
      path: `/cases/${fixtureOf(c).caseId}/persons/${personOf(c)}/corrections`,
      body: { changes: [{ path: '/familyName', value: 'Rectifié' }] },
    }),
  },
  {
    method: 'POST',
    path: '/cases/{caseId}/persons/{personId}/matches/{matchId}/decisions',
    variant: 'a suggestion id the case does not hold, `{"decision": "dismiss"}`',
    note: 'Staff are answered 404 for a suggestion the case does not hold (the journeys are in `test/e2e/person-links.e2e.test.ts`); everyone else is refused by role before anything is read: a partner never learns that a person has other cases, even of its own case. Undoing a confirmed link is for supervisors only (403 for a caseworker).',
    subject: 'case',
    mutates: false,
    expect: {
      anonymous: all(401),
      caseworker: all(404),
      supervisor: all(404),
      partnerA: all(403),
      partnerB: all(403),
      admin: all(403),
      dataProtection: all(403),
      exPartner: all(403),
    },
    request: (c) => ({
      method: 'POST',
      path: `/cases/${fixtureOf(c).caseId}/persons/${personOf(c)}/matches/${randomUUID()}/decisions`,
      body: { decision: 'dismiss' },
    }),
  },
  {
    method: 'GET',
    path: '/tasks',
    variant: '`?queue=role&role=caseworker`',
    subject: 'task',
    mutates: false,
    listKey: 'taskId',
    expect: {
      anonymous: tasks(401),
      caseworker: tasks('listed'),
      supervisor: tasks(403),
      partnerA: tasks(403),
      partnerB: tasks(403),
      admin: tasks('listed'),
      dataProtection: tasks(403),
      exPartner: tasks(403),
    },
    request: () => ({ method: 'GET', path: '/tasks?queue=role&role=caseworker&limit=100' }),
  },
  {
    method: 'GET',
    path: '/tasks',
    variant: '`?queue=partner`',
    subject: 'task',
    mutates: false,
    listKey: 'taskId',
    expect: {
      anonymous: tasks(401),
      caseworker: tasks(403),
      supervisor: tasks(403),
      partnerA: tasks('unlisted', { ownReturn: 'listed', sharedA: 'listed' }),
      partnerB: tasks('unlisted', { sharedB: 'listed' }),
      admin: tasks(403),
      dataProtection: tasks(403),
      exPartner: tasks(403),
    },
    request: () => ({ method: 'GET', path: '/tasks?queue=partner&limit=100' }),
  },
  {
    method: 'GET',
    path: '/tasks',
    variant: '`?queue=mine`, the task handed to the caller by a supervisor',
    subject: 'task',
    mutates: false,
    assignToCaller: true,
    listKey: 'taskId',
    note:
      'A supervisor hands a task only to a member of the team who may do its step (the arrival: a caseworker, the case’s own or a sharing association’s user, an administrator); ' +
      'to anyone else the hand-over is refused (422) and the task stays out of their queue. ' +
      'Only casework staff and partner users have a queue of their own.',
    expect: {
      anonymous: tasks(401),
      caseworker: tasks('listed'),
      supervisor: tasks('unlisted'),
      partnerA: tasks('unlisted', { ownReturn: 'listed', sharedA: 'listed' }),
      partnerB: tasks('unlisted', { sharedB: 'listed' }),
      admin: tasks('listed'),
      dataProtection: tasks(403),
      exPartner: tasks(403),
    },
    request: () => ({ method: 'GET', path: '/tasks?queue=mine&limit=100' }),
  },
  {
    method: 'GET',
    path: '/tasks/{taskId}',
    subject: 'task',
    mutates: false,
    expect: {
      anonymous: tasks(401),
      caseworker: tasks(200),
      supervisor: tasks(200),
      partnerA: tasks(404, { ownReturn: 200, sharedA: 200 }),
      partnerB: tasks(404, { sharedB: 200 }),
      admin: tasks(200),
      dataProtection: tasks(404),
      exPartner: tasks(404),
    },
    request: (c) => ({ method: 'GET', path: `/tasks/${taskOf(c)}` }),
  },
  {
    method: 'POST',
    path: '/tasks/{taskId}/claim',
    subject: 'task',
    mutates: true,
    chain: 'claim-then-complete',
    expect: {
      anonymous: tasks(401),
      caseworker: tasks(200),
      supervisor: tasks(403),
      partnerA: tasks(404, { ownReturn: 200, sharedA: 200 }),
      partnerB: tasks(404, { sharedB: 200 }),
      admin: tasks(200),
      dataProtection: tasks(404),
      exPartner: tasks(404),
    },
    request: (c) => ({ method: 'POST', path: `/tasks/${taskOf(c)}/claim` }),
  },
  {
    method: 'POST',
    path: '/tasks/{taskId}/complete',
    variant: 'the arrival decision',
    subject: 'task',
    mutates: true,
    chain: 'claim-then-complete',
    expect: {
      anonymous: tasks(401),
      caseworker: tasks(200),
      supervisor: tasks(403),
      partnerA: tasks(404, { ownReturn: 200, sharedA: 200 }),
      partnerB: tasks(404, { sharedB: 200 }),
      admin: tasks(200),
      dataProtection: tasks(404),
      exPartner: tasks(404),
    },
    request: (c) => ({
      method: 'POST',
      path: `/tasks/${taskOf(c)}/complete`,
      // Arrived the day the departure was recorded: neither in the future nor before the departure.
      body: { decision: { ...ARRIVAL_DECISION, arrivedOn: fixtureOf(c).departedOn ?? ARRIVAL_DECISION.arrivedOn } },
    }),
  },
  {
    method: 'POST',
    path: '/tasks/{taskId}/reassign',
    variant: 'to another caseworker',
    subject: 'task',
    mutates: true,
    expect: {
      anonymous: tasks(401),
      caseworker: tasks(403),
      supervisor: tasks(200),
      partnerA: tasks(403),
      partnerB: tasks(403),
      admin: tasks(200),
      dataProtection: tasks(403),
      exPartner: tasks(403),
    },
    request: (c) => ({ method: 'POST', path: `/tasks/${taskOf(c)}/reassign`, body: { assignee: MATRIX_OTHER_CASEWORKER } }),
  },
  {
    method: 'POST',
    path: '/tasks/{taskId}/reassign',
    variant: 'to someone who is not a member of the team',
    note: 'The staff directory (Cognito in AWS, the dev issuer’s locally) does not know them: 422 `assigneeUnknown`, nothing written.',
    subject: 'task',
    mutates: false,
    expect: {
      anonymous: tasks(401),
      caseworker: tasks(403),
      supervisor: tasks(422),
      partnerA: tasks(403),
      partnerB: tasks(403),
      admin: tasks(422),
      dataProtection: tasks(403),
      exPartner: tasks(403),
    },
    request: (c) => ({ method: 'POST', path: `/tasks/${taskOf(c)}/reassign`, body: { assignee: 'matrix-nobody' } }),
  },
  {
    method: 'GET',
    path: '/tasks/{taskId}/candidates',
    note: 'Who the task may be handed to: for those who may reassign it.',
    subject: 'task',
    mutates: false,
    expect: {
      anonymous: tasks(401),
      caseworker: tasks(403),
      supervisor: tasks(200),
      partnerA: tasks(403),
      partnerB: tasks(403),
      admin: tasks(200),
      dataProtection: tasks(403),
      exPartner: tasks(403),
    },
    request: (c) => ({ method: 'GET', path: `/tasks/${taskOf(c)}/candidates` }),
  },
  {
    method: 'GET',
    path: '/register/experts',
    variant: 'by sector',
    note: 'Mission staff only: the register is not shared with partners.',
    subject: 'none',
    mutates: false,
    expect: {
      anonymous: 401,
      caseworker: 200,
      supervisor: 200,
      partnerA: 403,
      partnerB: 403,
      admin: 200,
      dataProtection: 403,
      exPartner: 403,
    },
    request: () => ({ method: 'GET', path: '/register/experts?sector=health' }),
  },
  {
    method: 'POST',
    path: '/experts/{caseId}/availability',
    variant: 'an expert not in the register',
    note: 'Mission staff pass the role check and are told the expert is not listed (409).',
    subject: 'none',
    mutates: true,
    expect: {
      anonymous: 401,
      caseworker: 409,
      supervisor: 409,
      partnerA: 403,
      partnerB: 403,
      admin: 409,
      dataProtection: 403,
      exPartner: 403,
    },
    request: () => ({
      method: 'POST',
      path: `/experts/${randomUUID()}/availability`,
      body: { windows: [{ from: '2027-01-01', to: '2027-03-31', mode: 'remote' }], version: 1 },
    }),
  },
  {
    method: 'POST',
    path: '/experts/{caseId}/withdrawal',
    variant: 'an expert not in the register',
    note: 'Caseworkers and supervisors pass the role check and are told the expert is not listed (409).',
    subject: 'none',
    mutates: true,
    expect: {
      anonymous: 401,
      caseworker: 409,
      supervisor: 409,
      partnerA: 403,
      partnerB: 403,
      admin: 403,
      dataProtection: 403,
      exPartner: 403,
    },
    request: () => ({ method: 'POST', path: `/experts/${randomUUID()}/withdrawal`, body: { reasonCode: 'expert-request' } }),
  },
  {
    method: 'GET',
    path: '/experts/{caseId}/assignments',
    variant: 'an expert with none',
    note: 'Mission staff only: an expert’s assignments are not shared with partners.',
    subject: 'none',
    mutates: false,
    expect: {
      anonymous: 401,
      caseworker: 200,
      supervisor: 200,
      partnerA: 403,
      partnerB: 403,
      admin: 200,
      dataProtection: 403,
      exPartner: 403,
    },
    request: () => ({ method: 'GET', path: `/experts/${randomUUID()}/assignments` }),
  },
];

export function routeKey(route: { method: string; path: string }): string {
  return `${route.method} ${route.path}`;
}

/** The expected answer of one cell. */
export function expectedOf(row: MatrixRow, principal: PrincipalId, kind?: CaseKindId): Expected {
  const expected = row.expect[principal];
  if (typeof expected === 'object') {
    if (kind === undefined) throw new Error(`${routeKey(row)}: a per-case answer needs a case kind`);
    return expected[kind];
  }
  return expected;
}

// --- The document ----------------------------------------------------------------------------------

const cell = (expected: Expected): string =>
  expected === 'listed' ? '200 listed' : expected === 'unlisted' ? '200 not listed' : String(expected);

/** docs/authorization.md, generated from the table above (npm run docs:authorization). */
export function authorizationDocument(): string {
  const lines: string[] = [
    '<!-- Generated from test/support/authorization-matrix.ts by `npm run docs:authorization`: edit the table there, not this file. -->',
    '',
    '# Who may see and do what: the authorization matrix',
    '',
    'Every route of the HTTP API × every kind of caller × every kind of case, with the answer the',
    'system gives. The same table drives `test/e2e/authorization-matrix.e2e.test.ts`, which sends every',
    'cell’s request over HTTP to the local system and checks its status (and, for a refusal, that its',
    'body carries nothing of the case: no reference, no name, no phone number); a route of',
    '`functions/routes.ts` without a row fails that test, and a change to the table without',
    're-generating this page fails `test/unit/docs/authorization-doc.test.ts`.',
    '',
    '## The callers',
    '',
    '| caller | token |',
    '| --- | --- |',
    ...PRINCIPALS.map((id) => `| ${principals[id].label} | ${principals[id].about} |`),
    '',
    'Tokens are access tokens of the staff directory (locally: the dev issuer, verified as API',
    'Gateway’s JWT authorizer does); a partner’s association comes only from its `partner_id` claim.',
    '',
    '## The cases',
    '',
    '| case | what it is |',
    '| --- | --- |',
    ...CASE_KINDS.map((id) => `| ${caseKinds[id].label} | ${caseKinds[id].about} |`),
    '',
    '“Own case” means, precisely:',
    '',
    '- for a **partner**, a case its own staff submitted through the partner route: the case’s',
    '  association is taken from the submitter’s token, never from the body (`domain/access/cases.ts`);',
    '- for **mission staff** (caseworker, supervisor, admin), nothing narrower than the mission: the',
    '  staff directory has roles, not programme assignments, so every member of staff sees every',
    '  programme’s cases and acts on the tasks of their role. The matrix shows it: staff answers',
    '  are the same in every column (but where the case’s state answers, 409); “another programme’s',
    '  case” only narrows what a partner sees;',
    '- for an **ex-partner** (a user taken out of the `partner` group who keeps the association attribute),',
    '  there is no own case either: the group, not the claim, makes a partner;',
    '- for the **data-protection** role, there is no own case: it is not casework staff and sees no case',
    '  through the casework routes; it reads the access log of any case and handles the data subjects’',
    '  requests (search, export, correction, erasure) whatever the case.',
    '',
    'For a task route, the cell is the case’s task: the AVRR arrival step (roles caseworker and partner),',
    '`n/a` where the case has none (the youth programme has no workflow yet) or, for a revocation, no share.',
    'On a route that changes state, each cell expected to succeed runs on a fresh case of its kind (one',
    'case along a chain of routes, in an order where no cell changes a later one’s answer: a consent change,',
    'a share with a third association, the end of another share, the withdrawal; a claim, then the',
    'claimant’s completion); the',
    'cells expected to be refused share one case per route and kind (a refusal changes nothing, and a',
    'cell wrongly accepted fails itself), so no cell depends on another.',
    '',
    '## Reading a cell',
    '',
    '`200`, `201`: allowed. `401`: no token (API Gateway’s authorizer answers before any function).',
    '`403`: the caller’s role may not do this, whatever the case. `404`: the caller may not see this',
    'case or task, answered as if it did not exist (its existence is itself sensitive).',
    '`200 listed` / `200 not listed`: the queue answers, with or without the case (or its task).',
    '',
    '## The matrix',
  ];
  for (const row of matrix) {
    lines.push('', `### \`${row.method} ${row.path}\`${row.variant ? `: ${row.variant}` : ''}`, '');
    if (row.note) lines.push(row.note, '');
    if (row.subject === 'none') {
      lines.push('| caller | answer |', '| --- | --- |');
      for (const id of PRINCIPALS) lines.push(`| ${principals[id].label} | ${cell(expectedOf(row, id))} |`);
    } else {
      lines.push(
        `| caller | ${CASE_KINDS.map((k) => caseKinds[k].label).join(' | ')} |`,
        `| --- |${CASE_KINDS.map(() => ' --- |').join('')}`,
      );
      for (const id of PRINCIPALS)
        lines.push(`| ${principals[id].label} | ${CASE_KINDS.map((k) => cell(expectedOf(row, id, k))).join(' | ')} |`);
    }
  }
  lines.push('');
  return lines.join('\n');
}
