// Remittances information over HTTP: a supervisor imports the corridor prices file (the docs' sample),
// staff read a corridor cheapest first against the SDG 10.c target, a re-import replaces a price, a
// bad file is refused whole with every error; caseworkers record financial-literacy sessions (a date
// not after today in Morocco, on the movable clock; a registered co-organiser) and read them with
// their totals by sex and age group. Partner users get none of it.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exampleSession } from '../../domain/remittances/sessions.ts';
import { CSV_COLUMNS } from '../../domain/remittances/corridor-prices.ts';
import { createAssociation } from '../support/associations.ts';
import { devToken, http, startTestSystem, type TestSystem } from '../support/local-system.ts';

let system: TestSystem;
let admin: string;
let supervisor: string;
let caseworker: string;
let partner: string;
const A = 'asso-jeunesse-avenir-sale';
const SAMPLE = readFileSync(new URL('../../docs/remittances-corridor-prices.sample.csv', import.meta.url), 'utf8');

async function mintTokens() {
  admin = await devToken(system, 'admin-e2e', ['admin']);
  supervisor = await devToken(system, 'sup-e2e', ['supervisor']);
  caseworker = await devToken(system, 'amina-e2e', ['caseworker']);
  partner = await devToken(system, 'hajar-e2e', ['partner'], A);
}

beforeAll(async () => {
  system = await startTestSystem();
  await mintTokens();
  await createAssociation(system, admin, A);
}, 120_000);

afterAll(async () => {
  await system?.stop();
});

const importCsv = (text: string, token: string, language = 'fr') =>
  http(system, 'POST', '/remittances/corridor-prices', {
    rawBody: text,
    headers: { 'content-type': 'text/csv; charset=utf-8', 'accept-language': language },
    token,
  });
type Listed = {
  quarter: string | null;
  items: { provider: string; instrument: string; totalCostPercent: number; meetsSdgTarget: boolean }[];
};
const corridor = async (query: string, token = caseworker) => {
  const response = await http(system, 'GET', `/remittances/corridor-prices?${query}`, { token });
  expect(response.status, response.text).toBe(200);
  return response.body as Listed;
};

describe('corridor prices', () => {
  it('imported from the sample file, listed cheapest first with the SDG target; a re-import replaces', async () => {
    const imported = await importCsv(SAMPLE, supervisor);
    expect(imported.status, imported.text).toBe(200);
    expect(imported.body).toEqual({
      imported: 7,
      corridors: [
        { from: 'ES', to: 'MA', quarter: '2026Q3', prices: 2 },
        { from: 'FR', to: 'MA', quarter: '2026Q3', prices: 5 },
      ],
    });

    const france = await corridor('from=FR');
    expect(france.quarter).toBe('2026Q3');
    expect(france.items.map((p) => [p.provider, p.instrument, p.totalCostPercent, p.meetsSdgTarget])).toEqual([
      ['Transferts Exemple B (fictif)', 'mobile-wallet', 1.95, true],
      ['Mobile Exemple D (fictif)', 'mobile-wallet', 2.25, true],
      ['Transferts Exemple B (fictif)', 'cash', 3.55, false],
      ['Banque Exemple A (fictive)', 'account', 4.5, false],
      ['Poste Exemple C (fictive)', 'cash', 4.5, false],
    ]);
    expect((await corridor('from=ES&quarter=2026Q3', admin)).items.map((p) => p.totalCostPercent)).toEqual([2.9, 5.2]);

    // The bank lowers its fee: the same quarter, provider and instrument again replaces its price.
    const again = await importCsv(
      `${CSV_COLUMNS.join(';')}\nFR;MA;Banque Exemple A (fictive);Bank;Account;200;EUR;2,00;1,50;2,50;2026Q3\n`,
      admin,
    );
    expect(again.status, again.text).toBe(200);
    const after = await corridor('from=FR&to=MA&quarter=2026Q3');
    expect(after.items).toHaveLength(5);
    expect(after.items.map((p) => p.totalCostPercent)).toEqual([1.95, 2.25, 2.5, 3.55, 4.5]);
    expect(after.items[2]).toMatchObject({ provider: 'Banque Exemple A (fictive)', totalCostPercent: 2.5, meetsSdgTarget: true });

    expect(await corridor('from=BE')).toMatchObject({ quarter: null, items: [] });
  });

  it('a bad file is refused whole, every bad row and column listed in the caller’s language', async () => {
    const lines = SAMPLE.trimEnd().split('\n');
    const bad = [
      lines[0],
      lines[1]!.replace('Banque Exemple A (fictive)', 'Banque Exemple Z (fictive)'),
      lines[2]!.replace('Transferts Exemple B (fictif)', '=IMPORTXML(A1)').replace('4.90', 'quatre'),
      lines[3]!.replace(',MA,', ',FR,'),
      lines[4]!.replace('2026Q3', '2027Q1'),
      'FR,MA,short',
    ].join('\n');
    for (const [language, word] of [
      ['fr', 'ligne'],
      ['ar', 'السطر'],
      ['en', 'line'],
    ] as const) {
      const refused = await importCsv(bad, supervisor, language);
      expect(refused.status).toBe(422);
      expect(refused.headers.get('content-type')).toBe('application/problem+json');
      const body = refused.body as { type: string; errors: { pointer: string; code: string; message: string }[] };
      expect(body.type).toBe('urn:casework:problem:corridorPricesInvalid');
      expect(body.errors.map((e) => [e.pointer, e.code])).toEqual([
        ['/rows/3/provider', 'formula_like'],
        ['/rows/3/fee', 'not_a_number'],
        ['/rows/4/destination_country', 'destination_not_morocco'],
        ['/rows/5/quarter', 'quarter_in_future'],
        ['/rows/6', 'column_count'],
      ]);
      for (const error of body.errors) expect(error.message).toContain(word);
    }
    // Nothing of it was stored: no bank Z beside the others.
    expect((await corridor('from=FR')).items.map((p) => p.provider)).not.toContain('Banque Exemple Z (fictive)');

    expect((await http(system, 'POST', '/remittances/corridor-prices', { body: { csv: SAMPLE }, token: supervisor })).status).toBe(415);
  });

  it('only supervisors and administrators import; partner users read nothing', async () => {
    expect((await importCsv(SAMPLE, caseworker)).status).toBe(403);
    expect((await importCsv(SAMPLE, partner)).status).toBe(403);
    expect((await http(system, 'GET', '/remittances/corridor-prices?from=FR', { token: partner })).status).toBe(403);
    expect((await http(system, 'GET', '/remittances/corridor-prices?from=FR')).status).toBe(401);
  });
});

describe('financial-literacy sessions', () => {
  const record = (body: unknown, token = caseworker) => http(system, 'POST', '/remittances/sessions', { body, token });

  it('recorded with a date not after today in Morocco, a registered co-organiser; listed with totals', async () => {
    const today = '2026-12-01';
    const first = await record({ ...exampleSession, date: '2026-11-18' });
    expect(first.status, first.text).toBe(201);
    expect(first.body).toMatchObject({ attendees: 35, partnerId: A, recordedBy: 'amina-e2e' });

    const tomorrow = await record({ ...exampleSession, date: '2026-12-02', city: 'oujda', partnerId: undefined });
    expect(tomorrow.status).toBe(422);
    expect((tomorrow.body as { errors: { pointer: string; code: string }[] }).errors).toEqual([
      expect.objectContaining({ pointer: '/date', code: 'date_order' }),
    ]);
    const unknown = await record({ ...exampleSession, date: today, partnerId: 'asso-inconnue' }, supervisor);
    expect(unknown.status).toBe(422);
    expect((unknown.body as { errors: { pointer: string; code: string }[] }).errors).toEqual([
      expect.objectContaining({ pointer: '/partnerId', code: 'association_unknown' }),
    ]);

    // A day later on the mission's clock, that day is today: accepted.
    expect((await http(system, 'POST', '/_local/clock', { body: { advanceBy: 'P1D' } })).status).toBe(200);
    await mintTokens(); // the tokens of a day ago have expired on the moved clock
    const { partnerId: _p, ...alone } = exampleSession;
    const second = await record({
      ...alone,
      date: '2026-12-02',
      city: 'oujda',
      attendance: { female: { '18-24': 3 }, other: { '25-59': 1 } },
      topics: ['saving'],
    });
    expect(second.status, second.text).toBe(201);

    type Page = {
      items: { date: string; city: string }[];
      next?: string;
      period: unknown;
      totals: { sessions: number; attendees: number; bySex: unknown; byAgeGroup: unknown };
    };
    const all = await http(system, 'GET', '/remittances/sessions?from=2026-11-01&limit=1', { token: admin });
    expect(all.status, all.text).toBe(200);
    const page = all.body as Page;
    expect(page.items.map((s) => s.date)).toEqual(['2026-11-18']);
    expect(page.next).toBeDefined();
    expect(page.period).toEqual({ from: '2026-11-01', to: '2026-12-02' });
    expect(page.totals).toEqual({
      sessions: 2,
      attendees: 39,
      bySex: { female: 22, male: 16, other: 1 },
      byAgeGroup: { '0-17': 0, '18-24': 13, '25-59': 21, '60+': 5 },
      bySexAndAgeGroup: {
        female: { '0-17': 0, '18-24': 9, '25-59': 11, '60+': 2 },
        male: { '0-17': 0, '18-24': 4, '25-59': 9, '60+': 3 },
        other: { '0-17': 0, '18-24': 0, '25-59': 1, '60+': 0 },
      },
    });
    const next = await http(system, 'GET', `/remittances/sessions?from=2026-11-01&limit=1&cursor=${encodeURIComponent(page.next!)}`, {
      token: admin,
    });
    expect((next.body as Page).items.map((s) => s.city)).toEqual(['oujda']);

    const oujda = (await http(system, 'GET', '/remittances/sessions?city=oujda', { token: caseworker })).body as Page;
    expect(oujda.items.map((s) => s.date)).toEqual(['2026-12-02']);
    expect(oujda.totals).toMatchObject({ sessions: 1, attendees: 4 });
    const november = (await http(system, 'GET', '/remittances/sessions?from=2026-11-01&to=2026-11-30', { token: caseworker })).body as Page;
    expect(november.totals.sessions).toBe(1);
  }, 120_000);

  it('partner users and administrators do not record; partner users do not read; nothing names an attendee', async () => {
    expect((await record(exampleSession, partner)).status).toBe(403);
    expect((await record(exampleSession, admin)).status).toBe(403);
    expect((await http(system, 'GET', '/remittances/sessions', { token: partner })).status).toBe(403);
    const named = await record({ ...exampleSession, attendees: [{ name: 'Fatima Zahra' }] });
    expect(named.status).toBe(422);
    expect((named.body as { errors: { pointer: string; code: string }[] }).errors).toEqual([
      expect.objectContaining({ pointer: '/attendees', code: 'unrecognized_key' }),
    ]);
  });
});

describe('a session retried with its Idempotency-Key', () => {
  it('the same key and body answer the first session, nothing stored twice; another body is 422', async () => {
    const body = { ...exampleSession, date: '2026-10-05' };
    const headers = { 'idempotency-key': 'session-retry-e2e-0001' };
    const send = (b: unknown, token = caseworker) => http(system, 'POST', '/remittances/sessions', { body: b, token, headers });
    const first = await send(body);
    expect(first.status, first.text).toBe(201);
    const again = await send(body);
    expect(again.status, again.text).toBe(201);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.body).toEqual(first.body);
    const other = await send({ ...body, venue: 'Maison des jeunes Tabriquet' });
    expect(other.status).toBe(422);
    expect(other.body).toMatchObject({ type: 'urn:casework:problem:idempotencyKeyReused' });
    const listed = await http(system, 'GET', '/remittances/sessions?from=2026-10-05&to=2026-10-05', { token: caseworker });
    expect((listed.body as { items: unknown[] }).items).toHaveLength(1);
  });
});
