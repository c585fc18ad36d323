// GET /indicators and GET /indicators/ctdc-export on a mocked table: the counters read by key ranges
// of the programme's partition (never a Scan), JSON for supervisors, small cells suppressed for
// caseworkers, CSV with localized headers parsed back with csv-parse and formula injection
// neutralised, every query error listed and localized, who may call each.
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { mockClient } from 'aws-sdk-client-mock';
import { DynamoDBDocumentClient, GetCommand, QueryCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { parse } from 'csv-parse/sync';
import { indicatorById } from '../../../domain/indicators/index.ts';
import { cellOf } from '../../../domain/indicators/contributions.ts';
import { ctdcRowOf } from '../../../domain/indicators/ctdc.ts';
import { clock } from '../../../functions/commons/clock.ts';
import { httpEvent, lambdaContext } from '../../support/events.ts';
import { indicatorCases } from '../../support/indicator-fixtures.ts';

process.env.TABLE_NAME = 'casework-test';
process.env.POWERTOOLS_METRICS_DISABLED = 'true';
process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';

type Handler = (event: unknown, context: unknown) => Promise<APIGatewayProxyStructuredResultV2>;
const ddb = mockClient(DynamoDBDocumentClient);
const handlers: Record<string, Handler> = {};
const caseworker = { sub: 'amina', 'cognito:groups': '[caseworker]' };
const supervisor = { sub: 'sup-1', 'cognito:groups': '[supervisor]' };
const dpo = { sub: 'dpo', 'cognito:groups': '[data-protection]' };
const realNow = clock.now;

/** A month's counter item of avrr-returns: destination country → count (the other dimensions fixed). */
function returnsItem(month: string, counts: Record<string, number>) {
  const indicator = indicatorById('avrr-returns')!;
  const item: Record<string, unknown> = {
    PK: 'INDICATORS#avrr',
    SK: `M#${month}#avrr-returns`,
    entity: 'IndicatorCounter',
    indicator: 'avrr-returns',
    bucket: month,
  };
  for (const [country, value] of Object.entries(counts)) {
    const { cell } = cellOf(indicator, {
      indicator: 'avrr-returns',
      date: `${month}-01`,
      dims: { destinationCountry: country, nationality: 'GN', sex: 'female', ageGroup: '18-24', vulnerability: 'none' },
      value,
    });
    item[`n:${cell}`] = value;
  }
  return item;
}

beforeAll(async () => {
  for (const name of ['get-indicators', 'export-ctdc'])
    handlers[name] = ((await import(`../../../functions/${name}/handler.ts`)) as { handler: Handler }).handler;
});
beforeEach(() => {
  clock.now = () => new Date('2026-07-02T09:00:00Z');
  ddb.on(GetCommand).resolves({});
  ddb
    .on(QueryCommand)
    .resolves({ Items: [returnsItem('2026-04', { GN: 12, SN: 3 }), returnsItem('2026-05', { GN: 2, ML: 9, '=HYPERLINK("x")': 6 })] });
});
afterEach(() => {
  ddb.reset();
  clock.now = realNow;
});

function call(
  name: 'get-indicators' | 'export-ctdc',
  claims: Record<string, string>,
  query: Record<string, string>,
  headers: Record<string, string> = {},
) {
  const path = name === 'get-indicators' ? '/indicators' : '/indicators/ctdc-export';
  return handlers[name]!(httpEvent({ method: 'GET', path, routeKey: `GET ${path}`, headers, query, claims }), lambdaContext);
}
const bodyOf = (result: APIGatewayProxyStructuredResultV2) => JSON.parse(result.body!) as Record<string, unknown>;
const quarter = { programme: 'avrr', from: '2026-04-01', to: '2026-06-30', by: 'destinationCountry', indicator: 'avrr-returns' };

describe('GET /indicators', () => {
  it('answers a supervisor the exact figures, read from whole months of the programme’s partition by key range', async () => {
    const result = await call('get-indicators', supervisor, quarter);
    expect(result.statusCode, result.body).toBe(200);
    const body = bodyOf(result) as { audience: string; indicators: { rows: unknown[] }[] };
    expect(body.audience).toBe('internal');
    expect(body.indicators[0]!.rows).toEqual([
      { dims: { destinationCountry: '=HYPERLINK("x")' }, value: 6 },
      { dims: { destinationCountry: 'GN' }, value: 14 },
      { dims: { destinationCountry: 'ML' }, value: 9 },
      { dims: { destinationCountry: 'SN' }, value: 3 },
    ]);
    const [query] = ddb.commandCalls(QueryCommand);
    expect(query!.args[0].input).toMatchObject({
      KeyConditionExpression: 'PK = :pk AND SK BETWEEN :from AND :to',
      ExpressionAttributeValues: { ':pk': 'INDICATORS#avrr', ':from': 'M#2026-04#', ':to': 'M#2026-06#~', ':indicator': 'avrr-returns' },
    });
    expect(ddb.commandCalls(QueryCommand)).toHaveLength(1);
    expect(ddb.commandCalls(ScanCommand)).toHaveLength(0);
  });

  it('suppresses small cells for a caseworker (3 hidden, and the next smallest so that it cannot be recomputed)', async () => {
    const body = bodyOf(await call('get-indicators', caseworker, quarter)) as {
      audience: string;
      threshold: number;
      indicators: { rows: { dims: Record<string, string>; value: number | null }[] }[];
    };
    expect(body).toMatchObject({ audience: 'external', threshold: 5 });
    expect(Object.fromEntries(body.indicators[0]!.rows.map((r) => [r.dims.destinationCountry, r.value]))).toEqual({
      '=HYPERLINK("x")': null,
      GN: 14,
      ML: 9,
      SN: null,
    });
  });

  it('answers CSV with headers in the caller’s language, parsed back by csv-parse, formulas neutralised', async () => {
    for (const [headers, query] of [
      [{ accept: 'text/csv', 'accept-language': 'ar' }, quarter],
      [{ 'accept-language': 'ar' }, { ...quarter, format: 'csv' }],
    ] as const) {
      const result = await call('get-indicators', supervisor, query, headers);
      expect(result.statusCode).toBe(200);
      expect(result.headers!['content-type']).toBe('text/csv; charset=utf-8');
      const rows: string[][] = parse(result.body!, { bom: true });
      expect(rows[0]).toEqual(['المؤشر', 'الوحدة', 'من', 'إلى', 'بلد الوجهة', 'القيمة', 'الوسيط', 'محجوب (عدد صغير)']);
      expect(rows.slice(1).map((row) => [row[4], row[5]])).toEqual([
        ['\'=HYPERLINK("x")', '6'],
        ['GN', '14'],
        ['ML', '9'],
        ['SN', '3'],
      ]);
      expect(rows[1]![0]).toBe('العودة حسب بلد الوجهة');
      // The unit in the caller's language, not its code.
      expect(new Set(rows.slice(1).map((row) => row[1]))).toEqual(new Set(['ملفات']));
    }
  });

  it('lists every query error, localized, as a 400 problem', async () => {
    const result = await call(
      'get-indicators',
      supervisor,
      { from: '2026-13-01', to: '2026-01-01', by: 'sex,shoeSize' },
      { 'accept-language': 'en' },
    );
    expect(result.statusCode).toBe(400);
    expect(result.headers!['content-type']).toContain('application/problem+json');
    const errors = (bodyOf(result).errors as { pointer: string; detail: string }[]).map((e) => e.pointer);
    expect(errors).toEqual(expect.arrayContaining(['/programme', '/from', '/by']));
    expect(JSON.stringify(bodyOf(result))).toContain('Unknown disaggregation: shoeSize');
  });

  it('refuses a period that ends before it starts, and an indicator of another programme (422)', async () => {
    const backwards = await call('get-indicators', supervisor, { ...quarter, from: '2026-07-01' }, { 'accept-language': 'fr' });
    expect(backwards.statusCode).toBe(400);
    const other = await call('get-indicators', supervisor, { ...quarter, indicator: 'youth-track-completed' }, { 'accept-language': 'fr' });
    expect(other.statusCode).toBe(422);
    expect(JSON.stringify(bodyOf(other))).toContain('n’est pas déclaré pour ce programme');
  });

  it('refuses the data-protection officer alone (403)', async () => {
    expect((await call('get-indicators', dpo, quarter)).statusCode).toBe(403);
  });
});

describe('GET /indicators/ctdc-export', () => {
  const rows = indicatorCases()
    .map((images) => images[images.length - 1]!)
    .map((found) => ctdcRowOf(found))
    .filter((row) => row !== undefined);

  it('gives a supervisor one row per victim case, nothing identifying, rare combinations generalised then dropped', async () => {
    // Five identical victims (k = 5), and the fixtures' two rare ones.
    const many = Array.from({ length: 5 }, () => ({ ...rows[0]!, citizenship: 'NG' }));
    ddb.on(QueryCommand).resolves({ Items: [...many, ...rows].map((row) => ({ row })) });
    const result = await call('export-ctdc', supervisor, { fromYear: '2026', toYear: '2026' });
    expect(result.statusCode, result.body).toBe(200);
    const parsed = parse<Record<string, string>>(result.body!, { bom: true, columns: true });
    expect(parsed).toHaveLength(5);
    expect(parsed[0]).toMatchObject({
      yearOfRegistration: '2026',
      gender: 'Female',
      ageBroad: '18-24',
      citizenship: 'NG',
      'vulnerability_victim-of-trafficking': 'true',
      urgentNeed_medical: '-99',
    });
    expect(result.body).not.toMatch(/0000-4000|X-2026|2026-\d\d-\d\d/);
    expect(ddb.commandCalls(QueryCommand)[0]!.args[0].input.ExpressionAttributeValues).toEqual({ ':pk': 'CTDC#2026' });
  });

  it('is for supervisors and administrators only', async () => {
    expect((await call('export-ctdc', caseworker, { fromYear: '2026', toYear: '2026' })).statusCode).toBe(403);
    expect((await call('export-ctdc', supervisor, { fromYear: '2027', toYear: '2026' })).statusCode).toBe(400);
  });
});
