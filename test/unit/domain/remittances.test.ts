// The remittances information's domain: the corridor prices file (separators, BOM, decimal commas,
// formula-looking cells, every error of every row in the caller's language, nothing when one row is
// bad), the cheapest-first list against the SDG target, and the financial-literacy sessions (date in
// Morocco, attendance by sex and age group, totals).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  CSV_COLUMNS,
  MAX_CSV_ROWS,
  cheapestFirst,
  parseCorridorPrices,
  providerKeyOf,
  quarterOf,
  separatorOf,
  type CorridorPrice,
} from '../../../domain/remittances/corridor-prices.ts';
import {
  AGE_GROUPS,
  attendanceTotals,
  checkSession,
  exampleSession,
  newSession,
  recordSessionOnce,
  sessionCreateSchema,
  type SessionIdempotencyRecord,
  type SessionStore,
} from '../../../domain/remittances/sessions.ts';
import { ageGroup } from '../../../domain/forms/fields.ts';
import { mayImportCorridorPrices, mayReadRemittanceInformation, mayRecordSessions } from '../../../domain/remittances/access.ts';

const TODAY = '2026-12-02';
const HEADER = CSV_COLUMNS.join(',');
const row = (cells: Partial<Record<(typeof CSV_COLUMNS)[number], string>> = {}) =>
  CSV_COLUMNS.map(
    (column) =>
      cells[column] ??
      {
        source_country: 'FR',
        destination_country: 'MA',
        provider: 'Transferts Exemple B',
        provider_type: 'money-transfer-operator',
        instrument: 'cash',
        amount_sent: '200',
        currency: 'EUR',
        fee: '4.90',
        fx_margin_percent: '1.10',
        total_cost_percent: '3.55',
        quarter: '2026Q3',
      }[column],
  ).join(',');
const file = (...rows: string[]) => [HEADER, ...rows].join('\n');
const errorsOf = (text: string, language: 'fr' | 'ar' | 'en' = 'en') => {
  const parsed = parseCorridorPrices(text, TODAY, language);
  if (parsed.ok) throw new Error('expected errors');
  return parsed.errors;
};
const pricesOf = (text: string) => {
  const parsed = parseCorridorPrices(text, TODAY, 'en');
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  return parsed.prices;
};

describe('the corridor prices file', () => {
  it('reads the sample file of the docs', () => {
    const prices = pricesOf(readFileSync(new URL('../../../docs/remittances-corridor-prices.sample.csv', import.meta.url), 'utf8'));
    expect(prices).toHaveLength(7);
    expect(prices[1]).toEqual({
      sourceCountry: 'FR',
      destinationCountry: 'MA',
      provider: 'Transferts Exemple B (fictif)',
      providerKey: 'transferts-exemple-b-fictif',
      providerType: 'money-transfer-operator',
      instrument: 'cash',
      amountSent: 200,
      currency: 'EUR',
      fee: 4.9,
      fxMarginPercent: 1.1,
      totalCostPercent: 3.55,
      quarter: '2026Q3',
    });
  });

  it('takes a BOM, CRLF line ends, empty lines, header names in any case and order, and extra columns', () => {
    const header = ['Extra', ...[...CSV_COLUMNS].reverse().map((c) => c.toUpperCase().replace(/_/g, ' '))].join(',');
    const cells = ['ignored', ...row().split(',').reverse()].join(',');
    const prices = pricesOf(`\uFEFF${header}\r\n\r\n${cells}\r\n`);
    expect(prices).toHaveLength(1);
    expect(prices[0]).toMatchObject({ sourceCountry: 'FR', fee: 4.9, quarter: '2026Q3' });
  });

  it('takes semicolons as the separator when the header uses them, with decimal commas', () => {
    const text = [HEADER.replace(/,/g, ';'), 'FR;MA;"Banque A; agence";bank;account;200;EUR;6,00;1,50;4,50;2026Q3'].join('\n');
    expect(separatorOf(text)).toBe(';');
    expect(pricesOf(text)[0]).toMatchObject({ provider: 'Banque A; agence', fee: 6, fxMarginPercent: 1.5, totalCostPercent: 4.5 });
    // With commas as the separator, a decimal comma would be a column of its own: refused.
    expect(errorsOf(file(row({ fee: '"4,90"' }))).map((e) => [e.pointer, e.code])).toEqual([[`/rows/2/fee`, 'not_a_number']]);
  });

  it('reads codes leniently and numbers strictly', () => {
    const prices = pricesOf(
      file(row({ provider_type: 'Money Transfer Operator', instrument: 'Mobile_Wallet', source_country: 'fr', quarter: '2026q3' })),
    );
    expect(prices[0]).toMatchObject({
      providerType: 'money-transfer-operator',
      instrument: 'mobile-wallet',
      sourceCountry: 'FR',
      quarter: '2026Q3',
    });
    for (const fee of ['4.90 €', '1 000', '4.9.0', 'abc'])
      expect(
        errorsOf(file(row({ fee }))).map((e) => e.code),
        fee,
      ).toEqual(['not_a_number']);
  });

  it('refuses formula-looking providers (CSV injection), whatever their quoting', () => {
    for (const provider of ['=HYPERLINK(A1)', '+1+2', '-2+3', '@SUM(A1)', '"=1+1"'])
      expect(
        errorsOf(file(row({ provider }))).map((e) => [e.pointer, e.code]),
        provider,
      ).toEqual([['/rows/2/provider', 'formula_like']]);
  });

  it('lists every bad row and column at once, in the caller’s language, with the file’s line', () => {
    const text = file(
      row(),
      row({ source_country: 'XX', fee: 'free', provider_type: 'shop' }),
      '',
      row({ destination_country: 'FR', quarter: '2027Q1' }),
      row({ total_cost_percent: '9.99' }),
      'FR,MA,too,few',
      row({ currency: 'euro', amount_sent: '0' }),
    );
    const errors = errorsOf(text);
    expect(errors.map((e) => [e.pointer, e.code])).toEqual([
      ['/rows/3/source_country', 'unknown_country'],
      ['/rows/3/provider_type', 'invalid_value'],
      ['/rows/3/fee', 'not_a_number'],
      ['/rows/5/destination_country', 'destination_not_morocco'],
      ['/rows/5/quarter', 'quarter_in_future'],
      ['/rows/6/total_cost_percent', 'total_cost_mismatch'],
      ['/rows/7', 'column_count'],
      ['/rows/8/amount_sent', 'too_small'],
      ['/rows/8/currency', 'invalid_format'],
    ]);
    expect(errors.find((e) => e.code === 'total_cost_mismatch')!.message).toBe(
      'The field “line 6, total cost (%) (total_cost_percent)” (9.99%) does not match the fee and the exchange-rate margin (3.55%): check the order of the columns.',
    );
    const fr = errorsOf(text, 'fr');
    expect(fr.find((e) => e.code === 'quarter_in_future')!.message).toContain('ligne 5, trimestre');
    expect(fr.find((e) => e.code === 'quarter_in_future')!.message).toContain('2026Q4');
    expect(errorsOf(text, 'ar').find((e) => e.code === 'column_count')!.message).toContain('السطر 7');
  });

  it('refuses the same quarter, corridor, provider and instrument twice in one file', () => {
    const errors = errorsOf(file(row(), row({ provider: 'TRANSFERTS  exemple-B', fee: '4.00', total_cost_percent: '3.10' })));
    expect(errors.map((e) => [e.pointer, e.code])).toEqual([['/rows/3', 'duplicate_row']]);
    expect(errors[0]!.message).toContain('line 2');
    // Another instrument or quarter of the same provider is another price.
    expect(pricesOf(file(row(), row({ instrument: 'account' }), row({ quarter: '2026Q2' })))).toHaveLength(3);
  });

  it('names every missing or repeated column of the header, and refuses an empty or unreadable file', () => {
    const header = CSV_COLUMNS.filter((c) => c !== 'fee' && c !== 'quarter')
      .concat('currency')
      .join(',');
    expect(errorsOf(`${header}\n${row()}`).map((e) => [e.pointer, e.code])).toEqual([
      ['/header/currency', 'column_duplicate'],
      ['/header/fee', 'column_missing'],
      ['/header/quarter', 'column_missing'],
    ]);
    expect(errorsOf('').map((e) => e.code)).toEqual(['csv_empty']);
    expect(errorsOf(`${HEADER}\n\n`).map((e) => e.code)).toEqual(['csv_empty']);
    expect(errorsOf(`${HEADER}\nFR,MA,"unclosed,bank`).map((e) => e.code)).toEqual(['csv_malformed']);
    const many = file(...Array.from({ length: MAX_CSV_ROWS + 1 }, (_, i) => row({ provider: `Provider ${i}` })));
    expect(errorsOf(many).map((e) => e.code)).toEqual(['csv_too_many_rows']);
  });

  it('lists a corridor cheapest first, flagging the SDG 10.c target (below 3 %)', () => {
    const prices: CorridorPrice[] = pricesOf(
      file(
        row(),
        row({ provider: 'Mobile D', instrument: 'mobile-wallet', fee: '2.50', fx_margin_percent: '1.00', total_cost_percent: '2.25' }),
        row({
          provider: 'Bank A',
          provider_type: 'bank',
          instrument: 'account',
          fee: '6',
          fx_margin_percent: '1.5',
          total_cost_percent: '4.5',
        }),
        row({ provider: 'Exactly three', fee: '4', fx_margin_percent: '1', total_cost_percent: '3' }),
      ),
    );
    const listed = cheapestFirst(prices);
    expect(listed.map((p) => [p.provider, p.totalCostPercent, p.meetsSdgTarget])).toEqual([
      ['Mobile D', 2.25, true],
      ['Exactly three', 3, false],
      ['Transferts Exemple B', 3.55, false],
      ['Bank A', 4.5, false],
    ]);
    expect(Object.keys(listed[0]!)).not.toContain('providerKey');
  });

  it('folds provider names and tells quarters', () => {
    expect(providerKeyOf('  Envíos Ejemplo — F (ficticio) ')).toBe('envios-ejemplo-f-ficticio');
    expect(quarterOf('2026-01-01')).toBe('2026Q1');
    expect(quarterOf('2026-12-31')).toBe('2026Q4');
  });
});

describe('financial-literacy sessions', () => {
  it('the example is valid, and its age bands are the project’s', () => {
    const checked = checkSession(exampleSession, TODAY, 'en');
    expect(checked.ok).toBe(true);
    expect([0, 17, 18, 24, 25, 59, 60, 90].map((age) => ageGroup(age))).toEqual(expect.arrayContaining([...AGE_GROUPS]));
    expect(new Set([0, 18, 25, 60].map((age) => ageGroup(age)))).toEqual(new Set(AGE_GROUPS));
  });

  it('a session of today in Morocco is accepted, one of tomorrow refused; every error listed', () => {
    expect(checkSession({ ...exampleSession, date: TODAY }, TODAY, 'en').ok).toBe(true);
    const checked = checkSession(
      {
        ...exampleSession,
        date: '2026-12-03',
        city: 'paris',
        attendance: { female: {}, male: {}, other: {} },
        topics: ['saving', 'saving'],
        attendeeNames: ['Fatima'],
      },
      TODAY,
      'fr',
    );
    if (checked.ok) throw new Error('expected errors');
    expect(checked.errors.map((e) => [e.pointer, e.code])).toEqual(
      expect.arrayContaining([
        ['/city', 'invalid_value'],
        ['/topics', 'duplicate'],
        ['/attendeeNames', 'unrecognized_key'],
        ['/date', 'date_order'],
        ['/attendance', 'attendance_empty'],
      ]),
    );
    expect(checked.errors).toHaveLength(5);
    expect(checked.errors.find((e) => e.pointer === '/date')!.message).toContain('2026-12-02');
  });

  it('counts attendance by sex and age group, and totals over sessions', () => {
    const one = newSession(checkSessionOk(exampleSession), 's-1', 'amina', new Date('2026-11-18T10:00:00Z'));
    expect(one.attendees).toBe(35);
    const two = { attendance: { ...one.attendance, other: { '0-17': 0, '18-24': 1, '25-59': 0, '60+': 0 } } };
    const totals = attendanceTotals([one, two]);
    expect(totals.sessions).toBe(2);
    expect(totals.attendees).toBe(71);
    expect(totals.bySex).toEqual({ female: 38, male: 32, other: 1 });
    expect(totals.byAgeGroup).toEqual({ '0-17': 0, '18-24': 21, '25-59': 40, '60+': 10 });
    expect(totals.bySexAndAgeGroup.female['25-59']).toBe(22);
    expect(attendanceTotals([]).attendees).toBe(0);
  });

  it('caseworkers and supervisors record; mission staff read; supervisors and admins import; partners nothing', () => {
    const who = (groups: string[], partnerId?: string) => ({ sub: 'x', groups, ...(partnerId ? { partnerId } : {}) }) as never;
    expect([['caseworker'], ['supervisor'], ['admin'], ['partner'], ['data-protection']].map((g) => mayRecordSessions(who(g)))).toEqual([
      true,
      true,
      false,
      false,
      false,
    ]);
    expect(
      [['caseworker'], ['supervisor'], ['admin'], ['partner'], ['data-protection']].map((g) => mayImportCorridorPrices(who(g))),
    ).toEqual([false, true, true, false, false]);
    expect(
      [['caseworker'], ['supervisor'], ['admin'], ['partner'], ['data-protection']].map((g) =>
        mayReadRemittanceInformation(who(g, 'asso-x')),
      ),
    ).toEqual([true, true, true, false, false]);
  });
});

function checkSessionOk(body: unknown) {
  const checked = checkSession(body, TODAY, 'en');
  if (!checked.ok) throw new Error(JSON.stringify(checked.errors));
  return checked.value;
}

describe('a session under an Idempotency-Key', () => {
  it('is recorded anew when the key expired between the refused write and the read, not answered 500', async () => {
    const stored: SessionIdempotencyRecord[] = [];
    let refusals = 1; // the first write finds the key taken, whose record has expired by the read
    const store: SessionStore = {
      recordSession: (_record: unknown, idempotency?: SessionIdempotencyRecord) => {
        if (refusals-- > 0) return Promise.resolve('duplicate');
        if (idempotency) stored.push(idempotency);
        return Promise.resolve('recorded');
      },
      findSessionIdempotency: () => Promise.resolve(undefined),
    } as unknown as SessionStore;
    const { partnerId: _p, ...input } = sessionCreateSchema('2026-12-31').parse({ ...exampleSession, date: '2026-07-07' });
    const result = await recordSessionOnce(
      { input, body: { ...exampleSession }, by: 'amina', sessionId: 's-1', idempotencyKey: 'key-1' },
      { store, now: new Date('2026-12-01T09:00:00Z') },
    );
    expect(result).toMatchObject({ outcome: 'recorded', replayed: false, session: { sessionId: 's-1' } });
    expect(stored.map((record) => record.key)).toEqual(['key-1']);
  });
});
