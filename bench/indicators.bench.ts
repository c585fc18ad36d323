// npm run bench:indicators — GET /indicators' read path at scale, in one run against the same
// DynamoDB Local (in memory):
//   * makes BENCH_CASES cases (default 50,000) across the four programmes, each as two or three
//     successive images (intake, then its stages, departures, services, check-ins, exits…), dated
//     over 2025–2026 from a seeded generator;
//   * counts every image with the consumer's own domain code (`countCase`: contributions, the diff
//     against the case's stored state, the counter deltas): the first cases' images through the
//     DynamoDB adapter itself (one transaction per image, as the stream consumer writes them), the
//     rest folded in memory by the same code and written as the counter and state items the adapter
//     would have left (batch writes: loading 50,000 cases transaction by transaction takes too long on
//     a shared machine), then checks that the two kinds of writing agree on a sample;
//   * interleaves samples of an indicator request through the handler's own path (domain
//     `readIndicators` + `DynamoIndicatorStore`: bucket plan, at most three concurrent Queries,
//     aggregation by sex and age group; not HTTP) with a bare Query of one counter item;
// prints p50 / p99 of each, and last `indicator p50 ratio: X` (indicator request p50 / bare Query
// p50). Target: X ≤ 3.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { LOCAL_CREDENTIALS, startDynamoDbLocal } from '../local/dynamodb-local.ts';
import { synthesizeLocalAssembly } from '../local/cloud-assembly.ts';
import { ensureTables } from '../local/tables.ts';
import { DynamoIndicatorStore } from '../functions/adapters/dynamodb/indicator-store.ts';
import { COUNTER_CELL_PREFIX, ctdcRowItem, indicatorCaseItem } from '../functions/adapters/dynamodb/items.ts';
import { keys } from '../functions/adapters/dynamodb/keys.ts';
import { countCase } from '../domain/indicators/contributions.ts';
import { readIndicators, type IndicatorQuery } from '../domain/indicators/read.ts';
import type { CaseRecord, Programme } from '../domain/cases/model.ts';
import { MemoryIndicatorStore } from '../test/support/memory-indicator-store.ts';

const CASES = Number(process.env.BENCH_CASES ?? (process.env.BENCH_QUICK === '1' ? 5_000 : 50_000));
const THROUGH_ADAPTER = Math.min(CASES, Number(process.env.BENCH_ADAPTER_CASES ?? 1_000));
const SAMPLES = Number(process.env.BENCH_SAMPLES ?? 200);
const out = (line: string) => process.stdout.write(`${line}\n`);

let seed = 7;
const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648;
const pick = <T>(values: readonly T[]) => values[Math.floor(random() * values.length)]!;
const DAY = 86_400_000;
const START = Date.parse('2025-01-01T08:00:00Z');
const at = (ms: number) => new Date(ms).toISOString();
const day = (ms: number) => at(ms).slice(0, 10);

const COUNTRIES = ['GN', 'SN', 'CI', 'ML', 'CM', 'NG', 'GM', 'BF', 'CD', 'SL', 'LR', 'NE'];
const AGES = ['0-17', '18-24', '25-59', '60+'];
const SEXES = ['female', 'male'];
const VULNERABILITIES = [[], [], ['medical'], ['victim-of-trafficking'], ['elderly'], ['unaccompanied-or-separated-child']];
const SERVICES = ['medical', 'humanitarian', 'psychosocial', 'legal', 'family-tracing'];
const URGENCIES = ['1-day', '3-days', '2-weeks'];
const PARTNERS = ['assoc-1', 'assoc-2', 'assoc-3', 'assoc-4', 'assoc-5'];

function uuid(n: number) {
  const hex = n.toString(16).padStart(12, '0');
  return `00000000-0000-4000-8000-${hex}`;
}

/** A case's images: intake, then what happened to it. */
function caseImages(n: number): CaseRecord[] {
  const created = START + Math.floor(random() * 640) * DAY;
  const programme: Programme = pick([
    'avrr',
    'avrr',
    'avrr',
    'avrr',
    'protection',
    'protection',
    'protection',
    'youth-employability',
    'youth-employability',
    'migration-development',
  ]);
  const facts: Record<string, unknown> = { sex: pick(SEXES), ageGroup: pick(AGES), nationality: pick(COUNTRIES) };
  const base: CaseRecord = {
    caseId: uuid(n),
    reference: `B-${n}`,
    programme,
    caseType:
      programme === 'avrr'
        ? 'avrr'
        : programme === 'protection'
          ? 'protection'
          : programme === 'youth-employability'
            ? 'youth-enrolment'
            : 'host-need',
    formId: 'f',
    formVersion: 1,
    stage: 'received',
    status: 'open',
    facts,
    createdAt: at(created),
    updatedAt: at(created),
    version: 1,
  };
  const next = (previous: CaseRecord, ms: number, changes: Partial<CaseRecord>): CaseRecord => ({
    ...previous,
    ...changes,
    updatedAt: at(ms),
    version: previous.version + 1,
  });
  if (programme === 'avrr') {
    Object.assign(facts, { vulnerabilities: pick(VULNERABILITIES), countryOfReturn: facts.nationality, declarationDate: day(created) });
    const departed = created + (10 + Math.floor(random() * 60)) * DAY;
    const v2 = next(base, departed, { stage: 'departed', departedOn: day(departed) });
    const checked = departed + 90 * DAY;
    const score = Math.round(random() * 100) / 100;
    const v3 = next(v2, checked, {
      stage: 'reintegration',
      checkIns: {
        'checkin-3':
          random() < 0.8
            ? {
                outcome: 'completed',
                at: at(checked),
                score: { economic: score, social: score, psychosocial: score, overall: score, sustainable: score >= 0.5 },
              }
            : { outcome: 'unreachable', at: at(checked) },
      },
    });
    return [base, v2, v3];
  }
  if (programme === 'protection') {
    Object.assign(facts, {
      vulnerabilityCategory: pick(['medical', 'victim-of-trafficking', 'elderly', 'other']),
      referralDate: day(created),
      urgentNeeds: [pick(SERVICES)],
    });
    const delivered = created + Math.floor(random() * 10) * DAY;
    const services = [0, 1].map((i) => ({
      serviceId: `s${i}`,
      type: pick(SERVICES),
      urgency: pick(URGENCIES),
      dueAt: at(created + 3 * DAY),
      status: 'delivered' as const,
      deliveredAt: at(delivered + i * DAY),
      deliveredBy: 'staff' as const,
    }));
    return [base, next(base, delivered + DAY, { stage: 'follow-up', services })];
  }
  if (programme === 'youth-employability') {
    Object.assign(facts, {
      enrolmentDate: day(created),
      employmentStatus: 'unemployed',
      track: pick(['community', 'education', 'professional-insertion']),
      partnerId: pick(PARTNERS),
    });
    const exit = created + 120 * DAY;
    const follow = exit + 92 * DAY;
    return [
      { ...base, partnerId: facts.partnerId as string },
      next({ ...base, partnerId: facts.partnerId as string }, follow, {
        stage: 'follow-up',
        facts: {
          ...facts,
          youth: {
            exit: { outcome: random() < 0.7 ? 'completed' : 'dropped-out', date: day(exit) },
            followUps: {
              'follow-up-3': {
                outcome: 'reached',
                recordedOn: day(follow),
                status: pick(['employed', 'studying', 'neither']),
                jobKeptAt90Days: random() < 0.4,
              },
            },
          },
        },
      }),
    ];
  }
  const ended = created + 60 * DAY;
  return [
    base,
    next(base, ended, {
      stage: 'closed',
      facts: {
        need: { sector: pick(['health', 'education', 'it']) },
        assignment: { expertCaseId: 'e', status: 'ended', end: 'completed', endedOn: day(ended) },
      },
    }),
  ];
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

const dynamodb = await startDynamoDbLocal();
try {
  const assembly = synthesizeLocalAssembly({ region: 'eu-west-3', accountId: '000000000000', tablePrefix: 'bench-' });
  const raw = new DynamoDBClient({ endpoint: dynamodb.endpoint, region: 'eu-west-3', credentials: LOCAL_CREDENTIALS });
  await ensureTables(raw, assembly.tables);
  const client = DynamoDBDocumentClient.from(raw, { marshallOptions: { removeUndefinedValues: true } });
  const tableName = assembly.tables[0]!.tableName;
  const store = new DynamoIndicatorStore(client, tableName);

  // --- load: the first cases through the adapter's transactions, the rest folded by the same domain code ---
  const started = performance.now();
  const all = Array.from({ length: CASES }, (_, n) => caseImages(n));
  const outcomes: Record<string, number> = {};
  const queue = all.slice(0, THROUGH_ADAPTER);
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      for (let images1 = queue.shift(); images1; images1 = queue.shift())
        for (const image of images1) {
          const outcome = await countCase(image, store);
          outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
        }
    }),
  );
  out(
    `${THROUGH_ADAPTER} cases (images: ${JSON.stringify(outcomes)}) counted through the adapter's transactions in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
  const memory = new MemoryIndicatorStore();
  // The adapter's cases again in memory too, so that the folded counters are the whole table's.
  for (const images1 of all) for (const image of images1) await countCase(image, memory);
  const items: Record<string, unknown>[] = [];
  for (const [key, cells] of memory.items) {
    const [programme, bucket, indicator] = key.split('|') as [string, string, string];
    const name = bucket.slice(2);
    const item: Record<string, unknown> = {
      ...keys.indicatorCounter(programme, bucket.startsWith('D#') ? { day: name } : { month: name }, indicator),
      entity: 'IndicatorCounter',
      indicator,
      bucket: name,
    };
    for (const [cell, count] of cells) item[`${COUNTER_CELL_PREFIX}${cell}`] = count;
    items.push(item);
  }
  const adapterCases = new Set(all.slice(0, THROUGH_ADAPTER).map((images1) => images1[0]!.caseId));
  // The adapter's own counter items are replaced by the folded ones (which include its cases).
  for (const state of memory.states.values()) if (!adapterCases.has(state.caseId)) items.push(indicatorCaseItem(state));
  for (const [key, row] of memory.ctdc) if (!adapterCases.has(key.split('|')[1]!)) items.push(ctdcRowItem(key.split('|')[1]!, row));
  const largest = Math.max(...items.map((item) => JSON.stringify(item).length));
  const inFlight = new Set<Promise<void>>();
  for (let i = 0; i < items.length; i += 25) {
    let requests = items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } }));
    const p = (async () => {
      while (requests.length > 0) {
        const answer = await client.send(new BatchWriteCommand({ RequestItems: { [tableName]: requests } }));
        requests = (answer.UnprocessedItems?.[tableName] ?? []) as typeof requests;
      }
    })().then(() => {
      inFlight.delete(p);
    });
    inFlight.add(p);
    if (inFlight.size >= 16) await Promise.race(inFlight);
  }
  await Promise.all(inFlight);
  out(
    `loaded ${CASES} cases' figures (${all.reduce((n, list) => n + list.length, 0)} images): ${items.length} items (largest counter item ~${(largest / 1024).toFixed(0)} KiB) in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );

  // --- the request, the bare Query, interleaved ---
  const query = (from: string, to: string, indicator?: string): IndicatorQuery => ({
    programme: 'avrr',
    from,
    to,
    by: ['sex', 'ageGroup'],
    ...(indicator ? { indicator } : {}),
    audience: 'internal',
    threshold: 5,
    language: 'fr',
    now: '2026-12-01T00:00:00.000Z',
  });
  const check = await readIndicators(query('2026-01-01', '2026-03-31', 'avrr-returns'), store);
  const total = check[0]!.rows.reduce((sum, row) => sum + (row.value ?? 0), 0);
  const expected = (await readIndicators(query('2026-01-01', '2026-03-31', 'avrr-returns'), memory))[0]!.rows.reduce(
    (sum, row) => sum + (row.value ?? 0),
    0,
  );
  if (total !== expected) throw new Error(`the table says ${total} returns, the consumer's code ${expected}`);
  out(`check: ${total} AVRR returns in Q1 2026 by sex and age group, as the consumer's code counts them`);
  const bare = () =>
    client.send(
      new QueryCommand({
        TableName: tableName,
        KeyConditionExpression: 'PK = :pk AND SK = :sk',
        ExpressionAttributeValues: { ':pk': 'INDICATORS#avrr', ':sk': 'M#2026-02#avrr-returns' },
      }),
    );
  const kinds = {
    'one indicator, a quarter split across months (2026-01-15 … 2026-04-14)': () =>
      readIndicators(query('2026-01-15', '2026-04-14', 'avrr-returns'), store),
    'one indicator, a whole quarter': () => readIndicators(query('2026-01-01', '2026-03-31', 'avrr-returns'), store),
    'every AVRR indicator, a whole quarter (overdue tasks included)': () => readIndicators(query('2026-01-01', '2026-03-31'), store),
  };
  const times: Record<string, number[]> = { bare: [] };
  for (const name of Object.keys(kinds)) times[name] = [];
  for (let i = 0; i < SAMPLES + 10; i++) {
    for (const [name, run] of Object.entries(kinds)) {
      const t0 = performance.now();
      await run();
      const t1 = performance.now();
      await bare();
      const t2 = performance.now();
      if (i < 10) continue;
      times[name]!.push(t1 - t0);
      times.bare!.push(t2 - t1);
    }
  }
  for (const [name, values] of Object.entries(times))
    out(
      `${name === 'bare' ? 'bare Query of one counter item' : name}: p50 ${percentile(values, 50).toFixed(2)} ms p99 ${percentile(values, 99).toFixed(2)} ms`,
    );
  const headline = Object.keys(kinds)[0]!;
  out(`indicator p50 ratio: ${(percentile(times[headline]!, 50) / percentile(times.bare!, 50)).toFixed(2)}`);
} finally {
  await dynamodb.stop();
}
