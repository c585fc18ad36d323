// The remittances information on DynamoDB Local: a session is stored only with a registered
// co-organiser (checked in its transaction); a period and a city are key ranges, paged without
// skipping or repeating, with totals over the whole period; a corridor's prices are replaced by a
// re-import of the same quarter, corridor, provider and instrument, and the latest quarter is found.
import { beforeAll, describe, expect, it } from 'vitest';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import {
  attendanceTotals,
  exampleSession,
  newSession,
  recordSessionOnce,
  sessionCreateSchema,
  type SessionRecord,
} from '../../domain/remittances/sessions.ts';
import { cheapestFirst, parseCorridorPrices, CSV_COLUMNS } from '../../domain/remittances/corridor-prices.ts';
import { DynamoRemittanceStore } from '../../functions/adapters/dynamodb/remittance-store.ts';
import { freshTable, registeredAssociation } from '../support/table.ts';

let tableName: string;
let documentClient: DynamoDBDocumentClient;
let store: DynamoRemittanceStore;
const NOW = new Date('2026-12-01T09:00:00Z');

beforeAll(async () => {
  ({ tableName, documentClient } = await freshTable());
  store = new DynamoRemittanceStore(documentClient, tableName);
  await registeredAssociation(documentClient, tableName, 'asso-jeunesse-avenir-sale');
});

const session = (id: string, date: string, city: 'sale' | 'oujda', partnerId?: string): SessionRecord => {
  const { partnerId: _p, ...rest } = exampleSession;
  const input = sessionCreateSchema('2026-12-31').parse({ ...rest, date, city, ...(partnerId ? { partnerId } : {}) });
  return newSession(input, id, 'amina', NOW);
};

describe('financial-literacy sessions', () => {
  it('are stored with a registered co-organiser, and not with an unknown one', async () => {
    expect(await store.recordSession(session('s-registered', '2026-03-02', 'sale', 'asso-jeunesse-avenir-sale'))).toBe('recorded');
    expect(await store.recordSession(session('s-unknown', '2026-03-03', 'sale', 'asso-inconnue'))).toBe('unknown-association');
    const listed = await store.listSessions({ from: '2026-03-01', to: '2026-03-31' }, { limit: 10 });
    expect(listed.items.map((s) => s.sessionId)).toEqual(['s-registered']);
    expect(listed.items[0]).toEqual(session('s-registered', '2026-03-02', 'sale', 'asso-jeunesse-avenir-sale'));
  });

  it('one Idempotency-Key records one session: the same body replays it, another is refused, nothing stored twice', async () => {
    const body = { ...exampleSession, date: '2026-07-07', partnerId: undefined };
    const { partnerId: _p, ...input } = sessionCreateSchema('2026-12-31').parse({ ...exampleSession, date: '2026-07-07' });
    const once = (sessionId: string, raw: unknown = body, by = 'amina') =>
      recordSessionOnce({ input, body: raw, by, sessionId, idempotencyKey: 'integration-key-1' }, { store, now: NOW });
    const first = await once('i-first');
    expect(first).toMatchObject({ outcome: 'recorded', replayed: false, session: { sessionId: 'i-first' } });
    const again = await once('i-second');
    expect(again).toEqual({ outcome: 'recorded', replayed: true, session: (first as { session: SessionRecord }).session });
    await expect(once('i-third', { ...body, venue: 'ailleurs' })).rejects.toThrow(/Idempotency-Key/);
    await expect(once('i-fourth', body, 'someone-else')).rejects.toThrow(/Idempotency-Key/);
    const listed = await store.listSessions({ from: '2026-07-07', to: '2026-07-07' }, { limit: 10 });
    expect(listed.items.map((s) => s.sessionId)).toEqual(['i-first']);
  });

  it('a period and a city are key ranges, paged in date order, with totals over the whole period', async () => {
    const all = [
      session('p-1', '2026-05-01', 'sale'),
      session('p-2', '2026-05-15', 'oujda'),
      session('p-3', '2026-05-31', 'sale'),
      session('p-4', '2026-06-01', 'sale'),
      session('p-0', '2026-04-30', 'oujda'),
    ];
    for (const s of all) expect(await store.recordSession(s)).toBe('recorded');

    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await store.listSessions({ from: '2026-05-01', to: '2026-05-31' }, { limit: 2, ...(cursor ? { cursor } : {}) });
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items.map((s) => s.sessionId));
      cursor = page.next;
    } while (cursor);
    expect(seen).toEqual(['p-1', 'p-2', 'p-3']);

    const inSale = await store.listSessions({ from: '2026-05-01', to: '2026-06-30', city: 'sale' }, { limit: 10 });
    expect(inSale.items.map((s) => s.sessionId)).toEqual(['p-1', 'p-3', 'p-4']);

    const totals = attendanceTotals(await store.attendanceOf({ from: '2026-05-01', to: '2026-05-31' }));
    expect(totals).toMatchObject({ sessions: 3, attendees: 105, bySex: { female: 57, male: 48, other: 0 } });
    expect(attendanceTotals(await store.attendanceOf({ from: '2026-04-01', to: '2026-06-30', city: 'oujda' })).sessions).toBe(2);
  });
});

describe('corridor prices', () => {
  const csv = (...rows: string[][]) => [CSV_COLUMNS.join(','), ...rows.map((r) => r.join(','))].join('\n');
  const row = (from: string, provider: string, instrument: string, fee: string, total: string, quarter: string) => [
    from,
    'MA',
    provider,
    'money-transfer-operator',
    instrument,
    '200',
    'EUR',
    fee,
    '1.00',
    total,
    quarter,
  ];
  const imported = async (text: string) => {
    const parsed = parseCorridorPrices(text, '2026-12-01', 'en');
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
    await store.importPrices(parsed.prices, 'sup-1', NOW);
  };

  it('a re-import replaces the same provider and instrument; the latest quarter is found by its key', async () => {
    await imported(csv(row('FR', 'Alpha', 'cash', '6', '4', '2026Q2'), row('FR', 'Beta', 'cash', '2', '2', '2026Q2')));
    await imported(csv(row('FR', 'Alpha', 'cash', '4', '3', '2026Q3'), row('FR', 'Beta', 'account', '2', '2', '2026Q3')));
    // The same quarter again, Alpha cheaper now and written with other capitals: replaced, not added.
    await imported(csv(row('FR', 'ALPHA', 'cash', '1', '1.5', '2026Q3')));
    expect(await store.latestQuarter('FR', 'MA')).toBe('2026Q3');
    expect(await store.latestQuarter('BE', 'MA')).toBeUndefined();
    const q3 = cheapestFirst(await store.prices('FR', 'MA', '2026Q3'));
    expect(q3.map((p) => [p.provider, p.instrument, p.totalCostPercent, p.meetsSdgTarget])).toEqual([
      ['ALPHA', 'cash', 1.5, true],
      ['Beta', 'account', 2, true],
    ]);
    expect((await store.prices('FR', 'MA', '2026Q2')).map((p) => p.totalCostPercent).sort()).toEqual([2, 4]);
  });

  it('a file of more than 100 items is written whole', async () => {
    const rows = Array.from({ length: 120 }, (_, i) => row('DE', `Provider ${String(i).padStart(3, '0')}`, 'cash', '4', '3', '2026Q3'));
    await imported(csv(...rows));
    expect(await store.prices('DE', 'MA', '2026Q3')).toHaveLength(120);
  });
});
