// The remittances information handlers on a mocked table: who may do what, the writes they make
// (a session with its association checked in the same transaction; a file's prices only when every
// row is valid), the keys they query (never a Scan) and the answers.
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { mockClient } from 'aws-sdk-client-mock';
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand, ScanCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { exampleSession } from '../../../domain/remittances/sessions.ts';
import { CSV_COLUMNS } from '../../../domain/remittances/corridor-prices.ts';
import { clock } from '../../../functions/commons/clock.ts';
import { httpEvent, lambdaContext } from '../../support/events.ts';
import '../../support/cursor-key.ts';

process.env.TABLE_NAME = 'casework-test';
process.env.POWERTOOLS_METRICS_DISABLED = 'true';
process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';

type Handler = (event: unknown, context: unknown) => Promise<APIGatewayProxyStructuredResultV2>;
const ddb = mockClient(DynamoDBDocumentClient);
const handlers: Record<string, Handler> = {};
const caseworker = { sub: 'amina', 'cognito:groups': '[caseworker]' };
const supervisor = { sub: 'sup-1', 'cognito:groups': '[supervisor]' };
const admin = { sub: 'admin-1', 'cognito:groups': '[admin]' };
const partner = { sub: 'p-a', 'cognito:groups': '[partner]', partner_id: 'asso-jeunesse-avenir-sale' };
const dpo = { sub: 'dpo', 'cognito:groups': '[data-protection]' };
const realNow = clock.now;

beforeAll(async () => {
  for (const name of ['record-remittance-session', 'list-remittance-sessions', 'import-corridor-prices', 'list-corridor-prices'])
    handlers[name] = ((await import(`../../../functions/${name}/handler.ts`)) as { handler: Handler }).handler;
});
beforeEach(() => {
  // 23:30 UTC on 2 December is already 3 December in Morocco (UTC+1).
  clock.now = () => new Date('2026-12-02T23:30:00Z');
  ddb.on(GetCommand).resolves({});
  ddb.on(QueryCommand).resolves({ Items: [] });
  ddb.on(PutCommand).resolves({});
  ddb.on(TransactWriteCommand).resolves({});
});
afterEach(() => {
  ddb.reset();
  clock.now = realNow;
});

function call(
  name: string,
  init: {
    claims: Record<string, string>;
    body?: string;
    contentType?: string;
    query?: Record<string, string>;
    language?: string;
    base64?: boolean;
    idempotencyKey?: string;
  },
) {
  const [method, path] =
    name === 'record-remittance-session'
      ? ['POST', '/remittances/sessions']
      : name === 'list-remittance-sessions'
        ? ['GET', '/remittances/sessions']
        : name === 'import-corridor-prices'
          ? ['POST', '/remittances/corridor-prices']
          : ['GET', '/remittances/corridor-prices'];
  const event = httpEvent({
    method: method,
    path: path,
    routeKey: `${method} ${path}`,
    ...(init.body !== undefined ? { body: init.body } : {}),
    headers: {
      ...(init.contentType ? { 'content-type': init.contentType } : {}),
      ...(init.language ? { 'accept-language': init.language } : {}),
      ...(init.idempotencyKey ? { 'idempotency-key': init.idempotencyKey } : {}),
    },
    ...(init.query ? { query: init.query } : {}),
    claims: init.claims,
  });
  // API Gateway hands a body it does not take for text as base64.
  if (init.base64) event.isBase64Encoded = true;
  return handlers[name]!(event, lambdaContext);
}
const bodyOf = (result: APIGatewayProxyStructuredResultV2) => JSON.parse(result.body!) as Record<string, unknown>;
const problemType = (result: APIGatewayProxyStructuredResultV2) => (bodyOf(result).type as string).split(':').pop();
const record = (body: unknown, claims = caseworker, language?: string) =>
  call('record-remittance-session', {
    claims,
    body: JSON.stringify(body),
    contentType: 'application/json',
    ...(language ? { language } : {}),
  });

describe('POST /remittances/sessions', () => {
  it('stores the session with its association checked in the same transaction', async () => {
    const result = await record({ ...exampleSession, date: '2026-12-03' });
    expect(result.statusCode, result.body).toBe(201);
    const session = bodyOf(result);
    expect(session).toMatchObject({ date: '2026-12-03', attendees: 35, recordedBy: 'amina', partnerId: 'asso-jeunesse-avenir-sale' });
    const [write] = ddb.commandCalls(TransactWriteCommand);
    const items = write!.args[0].input.TransactItems!;
    expect(items[0]!.Put!.Item).toMatchObject({
      PK: 'REMITTANCE#SESSIONS',
      SK: `SESSION#2026-12-03#${session.sessionId as string}`,
      GSI1PK: 'REMITTANCE#SESSIONS#CITY#sale',
      GSI1SK: `2026-12-03#${session.sessionId as string}`,
    });
    expect(items[0]!.Put!.ConditionExpression).toBe('attribute_not_exists(PK)');
    expect(items[1]!.ConditionCheck).toMatchObject({
      Key: { PK: 'ASSOCIATIONS', SK: 'ASSOCIATION#asso-jeunesse-avenir-sale' },
      ConditionExpression: 'attribute_exists(PK)',
    });
  });

  it('with an Idempotency-Key: the key is taken in the same transaction; the same key and body replay the first session, another body is 422', async () => {
    const once = (body: unknown, claims = caseworker) =>
      call('record-remittance-session', {
        claims,
        body: JSON.stringify(body),
        contentType: 'application/json',
        idempotencyKey: 'session-key-0001',
      });
    const first = await once(exampleSession);
    expect(first.statusCode, first.body).toBe(201);
    const stored = ddb.commandCalls(TransactWriteCommand)[0]!.args[0].input.TransactItems!;
    expect(stored[2]!.Put).toMatchObject({
      Item: { PK: 'IDEMPOTENCY#REMITTANCE-SESSION#session-key-0001', SK: 'IDEMPOTENCY', session: bodyOf(first) },
      ConditionExpression: 'attribute_not_exists(PK)',
    });
    // The key is now taken: the transaction is cancelled on it and the first answer read back.
    const taken = stored[2]!.Put!.Item!;
    ddb.on(TransactWriteCommand).rejects(
      new TransactionCanceledException({
        message: 'cancelled',
        $metadata: {},
        CancellationReasons: [{ Code: 'None' }, { Code: 'None' }, { Code: 'ConditionalCheckFailed' }],
      }),
    );
    ddb.on(GetCommand, { Key: { PK: 'IDEMPOTENCY#REMITTANCE-SESSION#session-key-0001', SK: 'IDEMPOTENCY' } }).resolves({ Item: taken });
    // Key order does not make another request.
    const reordered = Object.fromEntries(Object.entries(exampleSession).reverse());
    const again = await once(reordered);
    expect(again.statusCode, again.body).toBe(201);
    expect(again.headers!['idempotent-replayed']).toBe('true');
    expect(bodyOf(again)).toEqual(bodyOf(first));

    const other = await once({ ...exampleSession, venue: 'Maison des jeunes Tabriquet' });
    expect(other.statusCode).toBe(422);
    expect(problemType(other)).toBe('idempotencyKeyReused');
    // Another user's replay of the key gets nobody's session.
    expect(problemType(await once(exampleSession, supervisor))).toBe('idempotencyKeyReused');
  });

  it('a malformed Idempotency-Key is 400, nothing written', async () => {
    const result = await call('record-remittance-session', {
      claims: caseworker,
      body: JSON.stringify(exampleSession),
      contentType: 'application/json',
      idempotencyKey: 'bad key!',
    });
    expect(result.statusCode).toBe(400);
    expect(problemType(result)).toBe('idempotencyKeyInvalid');
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(0);
  });

  it('a session without a co-organiser checks no association', async () => {
    const { partnerId: _p, ...alone } = exampleSession;
    expect((await record(alone, supervisor)).statusCode).toBe(201);
    expect(ddb.commandCalls(TransactWriteCommand)[0]!.args[0].input.TransactItems).toHaveLength(1);
  });

  it('an unregistered association is a 422 on /partnerId, nothing stored', async () => {
    ddb.on(TransactWriteCommand).rejects(
      new TransactionCanceledException({
        message: 'cancelled',
        $metadata: {},
        CancellationReasons: [{ Code: 'None' }, { Code: 'ConditionalCheckFailed' }],
      }),
    );
    const result = await record({ ...exampleSession, partnerId: 'asso-inconnue' }, caseworker, 'ar');
    expect(result.statusCode).toBe(422);
    expect(result.headers!['content-type']).toBe('application/problem+json');
    const errors = bodyOf(result).errors as { pointer: string; code: string; message: string }[];
    expect(errors.map((e) => [e.pointer, e.code])).toEqual([['/partnerId', 'association_unknown']]);
    expect(errors[0]!.message).toContain('الجمعية المشاركة في التنظيم');
  });

  it('a date after today in Morocco, and every other error, in one 422; nothing written', async () => {
    const result = await record({ ...exampleSession, date: '2026-12-04', venue: '', attendance: { female: { '18-24': -1 } } });
    expect(result.statusCode).toBe(422);
    expect((bodyOf(result).errors as { pointer: string }[]).map((e) => e.pointer)).toEqual(
      expect.arrayContaining(['/date', '/venue', '/attendance/female/18-24']),
    );
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(0);
  });

  it('only caseworkers and supervisors record sessions', async () => {
    for (const claims of [admin, partner, dpo]) {
      const result = await record(exampleSession, claims);
      expect(result.statusCode).toBe(403);
      expect(problemType(result)).toBe('remittanceSessionRecordingNotAllowed');
    }
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(0);
  });
});

describe('GET /remittances/sessions', () => {
  const stored = (date: string, id: string, female25: number) => ({
    PK: 'REMITTANCE#SESSIONS',
    SK: `SESSION#${date}#${id}`,
    sessionId: id,
    date,
    city: 'sale',
    venue: 'Maison des jeunes',
    facilitator: 'Chargée de programme',
    attendance: {
      female: { '0-17': 0, '18-24': 0, '25-59': female25, '60+': 0 },
      male: { '0-17': 0, '18-24': 1, '25-59': 0, '60+': 0 },
      other: { '0-17': 0, '18-24': 0, '25-59': 0, '60+': 0 },
    },
    attendees: female25 + 1,
    topics: ['saving'],
    recordedAt: '2026-11-01T10:00:00.000Z',
    recordedBy: 'amina',
  });

  it('a period is a key range of the sessions’ partition; the totals cover the whole period', async () => {
    ddb.on(QueryCommand, { ProjectionExpression: '#attendance' }).resolves({
      Items: [{ attendance: stored('2026-10-01', 'a', 3).attendance }, { attendance: stored('2026-11-01', 'b', 5).attendance }],
    });
    ddb.on(QueryCommand, { Limit: 2 }).resolves({ Items: [stored('2026-10-01', 'a', 3)] });
    const result = await call('list-remittance-sessions', { claims: admin, query: { from: '2026-10-01', to: '2026-11-30', limit: '1' } });
    expect(result.statusCode, result.body).toBe(200);
    const body = bodyOf(result) as { items: { sessionId: string }[]; totals: Record<string, unknown>; period: unknown };
    expect(body.items.map((s) => s.sessionId)).toEqual(['a']);
    expect(body.period).toEqual({ from: '2026-10-01', to: '2026-11-30' });
    expect(body.totals).toMatchObject({ sessions: 2, attendees: 10, bySex: { female: 8, male: 2, other: 0 } });
    for (const query of ddb.commandCalls(QueryCommand)) {
      expect(query.args[0].input.IndexName).toBeUndefined();
      expect(query.args[0].input.ExpressionAttributeValues).toMatchObject({ ':pk': 'REMITTANCE#SESSIONS' });
    }
    expect(ddb.commandCalls(ScanCommand)).toHaveLength(0);
  });

  it('a city is its partition of GSI1; `to` defaults to today in Morocco', async () => {
    const result = await call('list-remittance-sessions', { claims: caseworker, query: { city: 'oujda' } });
    expect(result.statusCode).toBe(200);
    expect(bodyOf(result).period).toEqual({ to: '2026-12-03', city: 'oujda' });
    for (const query of ddb.commandCalls(QueryCommand)) {
      expect(query.args[0].input.IndexName).toBe('GSI1');
      expect(query.args[0].input.ExpressionAttributeValues).toMatchObject({ ':pk': 'REMITTANCE#SESSIONS#CITY#oujda' });
      expect(Object.values(query.args[0].input.ExpressionAttributeValues!)).toContain('2026-12-03#\uffff');
    }
  });

  it('a start after today (the default end) is an empty period, without a query', async () => {
    const result = await call('list-remittance-sessions', { claims: caseworker, query: { from: '2027-01-01' } });
    expect(result.statusCode, result.body).toBe(200);
    expect(bodyOf(result)).toMatchObject({
      items: [],
      period: { from: '2027-01-01', to: '2026-12-03' },
      totals: { sessions: 0, attendees: 0 },
    });
    expect(ddb.commandCalls(QueryCommand)).toHaveLength(0);
  });

  it('a bad query lists every error (400); partners and the data-protection officer are refused', async () => {
    const bad = await call('list-remittance-sessions', {
      claims: caseworker,
      query: { from: '2026-12-01', to: '2026-11-01', city: 'lyon' },
    });
    expect(bad.statusCode).toBe(400);
    expect((bodyOf(bad).errors as { pointer: string }[]).map((e) => e.pointer)).toEqual(['/city']);
    const reversed = await call('list-remittance-sessions', { claims: caseworker, query: { from: '2026-12-01', to: '2026-11-01' } });
    expect((bodyOf(reversed).errors as { pointer: string; code: string }[]).map((e) => [e.pointer, e.code])).toEqual([
      ['/to', 'date_range'],
    ]);
    for (const claims of [partner, dpo])
      expect(problemType(await call('list-remittance-sessions', { claims }))).toBe('remittanceInformationNotAllowed');
  });
});

const HEADER = CSV_COLUMNS.join(',');
const line = (provider: string, instrument: string, fee: string, margin: string, total: string, from = 'FR', quarter = '2026Q3') =>
  [from, 'MA', provider, 'money-transfer-operator', instrument, '200', 'EUR', fee, margin, total, quarter].join(',');
const csv = (...rows: string[]) => [HEADER, ...rows].join('\n');
const importCsv = (body: string, claims = supervisor, contentType = 'text/csv; charset=utf-8') =>
  call('import-corridor-prices', { claims, body, contentType });

describe('POST /remittances/corridor-prices', () => {
  it('stores every price keyed by corridor and quarter, and the quarters of the corridors', async () => {
    const result = await importCsv(
      csv(line('B', 'cash', '4.90', '1.10', '3.55'), line('D', 'mobile-wallet', '2.50', '1.00', '2.25', 'ES')),
    );
    expect(result.statusCode, result.body).toBe(200);
    expect(bodyOf(result)).toEqual({
      imported: 2,
      corridors: [
        { from: 'ES', to: 'MA', quarter: '2026Q3', prices: 1 },
        { from: 'FR', to: 'MA', quarter: '2026Q3', prices: 1 },
      ],
    });
    const items = ddb.commandCalls(TransactWriteCommand)[0]!.args[0].input.TransactItems!.map((i) => i.Put!.Item!);
    expect(items.map((i) => [i.PK as string, i.SK as string])).toEqual([
      ['CORRIDOR#FR#MA#2026Q3', 'PRICE#b#cash'],
      ['CORRIDOR#ES#MA#2026Q3', 'PRICE#d#mobile-wallet'],
      ['CORRIDOR#ES#MA', 'QUARTER#2026Q3'],
      ['CORRIDOR#FR#MA', 'QUARTER#2026Q3'],
    ]);
    expect(items[0]).toMatchObject({ importedBy: 'sup-1', totalCostPercent: 3.55, provider: 'B' });
  });

  it('a long file is written in transactions of 100 items', async () => {
    const rows = Array.from({ length: 150 }, (_, i) => line(`Provider ${i}`, 'cash', '4.90', '1.10', '3.55'));
    expect((await importCsv(csv(...rows), admin)).statusCode).toBe(200);
    expect(ddb.commandCalls(TransactWriteCommand).map((c) => c.args[0].input.TransactItems!.length)).toEqual([100, 51]);
  });

  it('one bad row and nothing is stored: 422 listing every error, localized', async () => {
    const result = await call('import-corridor-prices', {
      claims: supervisor,
      body: csv(line('B', 'cash', '4.90', '1.10', '3.55'), line('=cmd', 'cash', 'x', '1.10', '3.55'), line('C', 'cheque', '1', '1', '1.5')),
      contentType: 'text/csv',
      language: 'fr',
    });
    expect(result.statusCode).toBe(422);
    expect(result.headers!['content-type']).toBe('application/problem+json');
    const body = bodyOf(result) as { type: string; detail: string; errors: { pointer: string; code: string; message: string }[] };
    expect(body.type).toBe('urn:casework:problem:corridorPricesInvalid');
    expect(body.detail).toContain('Rien n’a été importé');
    expect(body.errors.map((e) => [e.pointer, e.code])).toEqual([
      ['/rows/3/provider', 'formula_like'],
      ['/rows/3/fee', 'not_a_number'],
      ['/rows/4/instrument', 'invalid_value'],
    ]);
    expect(body.errors[0]!.message).toContain('ligne 3, fournisseur');
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(0);
  });

  it('refuses what is not UTF-8 CSV (415, 422), too large (413), and anyone but supervisors and admins (403)', async () => {
    expect(problemType(await importCsv(csv(line('B', 'cash', '4.90', '1.10', '3.55')), supervisor, 'application/json'))).toBe(
      'csvRequired',
    );
    const latin1 = await call('import-corridor-prices', {
      claims: supervisor,
      body: Buffer.from(csv(line('Envíos', 'cash', '4.90', '1.10', '3.55')), 'latin1').toString('base64'),
      contentType: 'text/csv',
      base64: true,
    });
    expect(latin1.statusCode).toBe(422);
    expect((bodyOf(latin1).errors as { code: string }[]).map((e) => e.code)).toEqual(['not_utf8']);
    // Handed over as text, its bytes already decoded with replacement characters: the same answer.
    const replaced = await importCsv(csv(line('Env\uFFFDos', 'cash', '4.90', '1.10', '3.55')));
    expect((bodyOf(replaced).errors as { code: string }[]).map((e) => e.code)).toEqual(['not_utf8']);
    // The same file in UTF-8, base64-encoded, is read.
    const utf8 = await call('import-corridor-prices', {
      claims: supervisor,
      body: Buffer.from(csv(line('Envíos', 'cash', '4.90', '1.10', '3.55')), 'utf8').toString('base64'),
      contentType: 'text/csv',
      base64: true,
    });
    expect(utf8.statusCode, utf8.body).toBe(200);
    ddb.resetHistory();
    const big = await importCsv(`${HEADER}\n${'x'.repeat(256 * 1024)}`);
    expect(big.statusCode).toBe(413);
    for (const claims of [caseworker, partner, dpo])
      expect(problemType(await importCsv(csv(line('B', 'cash', '4.90', '1.10', '3.55')), claims))).toBe('corridorPricesImportNotAllowed');
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(0);
  });
});

describe('GET /remittances/corridor-prices', () => {
  const price = (provider: string, total: number) => ({
    PK: 'CORRIDOR#FR#MA#2026Q3',
    SK: `PRICE#${provider.toLowerCase()}#cash`,
    sourceCountry: 'FR',
    destinationCountry: 'MA',
    provider,
    providerKey: provider.toLowerCase(),
    providerType: 'bank',
    instrument: 'cash',
    amountSent: 200,
    currency: 'EUR',
    fee: 0,
    fxMarginPercent: total,
    totalCostPercent: total,
    quarter: '2026Q3',
    importedAt: '2026-11-01T00:00:00.000Z',
    importedBy: 'sup-1',
  });

  it('the latest quarter by default, cheapest first, the SDG target flagged', async () => {
    ddb
      .on(QueryCommand, { ExpressionAttributeValues: { ':pk': 'CORRIDOR#FR#MA', ':sk': 'QUARTER#' } })
      .resolves({ Items: [{ quarter: '2026Q3' }] });
    ddb
      .on(QueryCommand, { ExpressionAttributeValues: { ':pk': 'CORRIDOR#FR#MA#2026Q3' } })
      .resolves({ Items: [price('A', 4.5), price('D', 2.25), price('C', 3)] });
    const result = await call('list-corridor-prices', { claims: caseworker, query: { from: 'FR' } });
    expect(result.statusCode, result.body).toBe(200);
    const body = bodyOf(result) as { quarter: string; items: { provider: string; meetsSdgTarget: boolean }[] };
    expect(body).toMatchObject({ from: 'FR', to: 'MA', quarter: '2026Q3', sdgTargetPercent: 3 });
    expect(body.items.map((p) => [p.provider, p.meetsSdgTarget])).toEqual([
      ['D', true],
      ['C', false],
      ['A', false],
    ]);
    expect(body.items[0]).not.toHaveProperty('importedBy');
    const latest = ddb.commandCalls(QueryCommand).find((c) => c.args[0].input.ExpressionAttributeValues?.[':pk'] === 'CORRIDOR#FR#MA');
    expect(latest!.args[0].input).toMatchObject({ ScanIndexForward: false, Limit: 1 });
  });

  it('a corridor without prices is an empty list; a bad query 400; partners 403', async () => {
    const none = await call('list-corridor-prices', { claims: admin, query: { from: 'BE', quarter: '2026Q1' } });
    expect(bodyOf(none)).toMatchObject({ quarter: '2026Q1', items: [] });
    const unknown = await call('list-corridor-prices', { claims: admin, query: { from: 'BE' } });
    expect(bodyOf(unknown)).toMatchObject({ quarter: null, items: [] });
    const bad = await call('list-corridor-prices', { claims: admin, query: { from: 'france', to: 'FR', quarter: '2026-3' } });
    expect(bad.statusCode).toBe(400);
    expect((bodyOf(bad).errors as { pointer: string }[]).map((e) => e.pointer)).toEqual(['/from', '/to', '/quarter']);
    expect((await call('list-corridor-prices', { claims: partner, query: { from: 'FR' } })).statusCode).toBe(403);
    expect(ddb.commandCalls(ScanCommand)).toHaveLength(0);
  });
});
