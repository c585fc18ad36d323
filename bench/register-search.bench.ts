// npm run bench:search — the diaspora experts' register search at scale, in one run against the same
// DynamoDB Local (in memory):
//   * loads BENCH_EXPERTS experts (default 100,000) with batch writes: each its register entry and its
//     index items (one per skill key, sector and its country), drawn from skewed (Zipf-like)
//     distributions of skills, sectors, countries, languages and availability windows;
//   * runs typical staff queries through the search code (domain + adapter: the Query of the most
//     selective partitions, read concurrently, projected and filtered by DynamoDB, then ranking and
//     the cursor; not HTTP), interleaved with two bare Queries of the same partitions: the naive one
//     (one partition after the other, whole items, every page) and the same reads as the search's
//     (concurrent, in key segments, projected) without its filter nor ranking;
// prints p50 / p99 per query kind and overall. Last line: `register search p50 ratio: X`
// (search p50 / the same reads' p50: what filtering and ranking add). Target: X ≤ 2.
import { createHash } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { LOCAL_CREDENTIALS, startDynamoDbLocal } from '../local/dynamodb-local.ts';
import { synthesizeLocalAssembly } from '../local/cloud-assembly.ts';
import { ensureTables } from '../local/tables.ts';
import { DynamoRegisterStore } from '../functions/adapters/dynamodb/register-store.ts';
import { registerEntryItem, registerIndexItem } from '../functions/adapters/dynamodb/items.ts';
import { keys } from '../functions/adapters/dynamodb/keys.ts';
import {
  addDays,
  indexedOf,
  partitionsFor,
  partitionsOf,
  searchRegister,
  type ExpertMode,
  type RegisterEntry,
  type RegisterQuery,
} from '../domain/migration-development/register.ts';
import { SECTORS } from '../domain/forms/fields.ts';

const EXPERTS = Number(process.env.BENCH_EXPERTS ?? (process.env.BENCH_QUICK === '1' ? 5_000 : 100_000));
const SAMPLES = Number(process.env.BENCH_SAMPLES ?? 40);
const out = (line: string) => process.stdout.write(`${line}\n`);

// A seeded generator: the same register on every run.
let seed = 42;
const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648;
/** An index in [0, n) skewed towards 0 (Zipf-like, s ≈ 1). */
const zipf = (n: number) => Math.min(n - 1, Math.floor(Math.exp(random() * Math.log(n + 1))) - 1);
const pick = <T>(values: readonly T[]) => values[zipf(values.length)]!;
/** A case id as intake draws them (random v4 UUIDs), derived from n so that every run has the same. */
const uuid = (n: number) => {
  const h = createHash('md5').update(String(n)).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
};

const SKILLS = Array.from({ length: 3000 }, (_, i) => `skill ${i.toString(36)}`);
const COUNTRIES = ['FR', 'ES', 'BE', 'NL', 'IT', 'DE', 'CA', 'US', 'GB', 'AE', 'SA', 'QA', 'CH', 'SE', 'SN', 'CI'];
const LANGUAGES = ['ar', 'fr', 'en', 'es', 'nl', 'de', 'it'];
const MODES: ExpertMode[] = ['remote', 'on-site', 'hybrid'];

function expert(n: number): RegisterEntry {
  const skills = [...new Set(Array.from({ length: 1 + Math.floor(random() * 5) }, () => pick(SKILLS)))];
  const sectors = [...new Set(Array.from({ length: 1 + Math.floor(random() * 2) }, () => pick(SECTORS)))];
  const languages = [...new Set(['ar', ...Array.from({ length: Math.floor(random() * 3) }, () => pick(LANGUAGES))])];
  const windows = Array.from({ length: 1 + Math.floor(random() * 3) }, (_, i) => {
    const from = addDays('2026-06-01', i * 180 + Math.floor(random() * 150));
    return { from, to: addDays(from, 14 + Math.floor(random() * 160)), mode: pick(MODES) };
  });
  return {
    expertId: uuid(n),
    sectors,
    skills,
    languages,
    country: pick(COUNTRIES),
    windows,
    consentToContact: random() < 0.8,
    status: 'listed',
    listedAt: '2026-05-01T00:00:00.000Z',
    updatedAt: '2026-05-01T00:00:00.000Z',
    version: 1,
  };
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
  const store = new DynamoRegisterStore(client, tableName);

  // --- load ---
  const started = performance.now();
  const pending: Record<string, unknown>[] = [];
  let written = 0;
  const inFlight = new Set<Promise<void>>();
  const send = async (items: Record<string, unknown>[]) => {
    let requests = items.map((Item) => ({ PutRequest: { Item } }));
    while (requests.length > 0) {
      const answer = await client.send(new BatchWriteCommand({ RequestItems: { [tableName]: requests } }));
      requests = (answer.UnprocessedItems?.[tableName] ?? []) as typeof requests;
    }
  };
  const flush = async (force = false) => {
    while (pending.length >= 25 || (force && pending.length > 0)) {
      const batch = pending.splice(0, 25);
      const p = send(batch).then(() => {
        inFlight.delete(p);
      });
      inFlight.add(p);
      written += batch.length;
      if (inFlight.size >= 16) await Promise.race(inFlight);
    }
  };
  for (let n = 0; n < EXPERTS; n++) {
    const entry = expert(n);
    const indexed = indexedOf(entry);
    pending.push(registerEntryItem(entry), ...partitionsOf(entry).map((p) => registerIndexItem(p, indexed)));
    await flush();
    if ((n + 1) % 10_000 === 0) out(`loaded ${n + 1} experts (${written} items) in ${((performance.now() - started) / 1000).toFixed(0)} s`);
  }
  await flush(true);
  await Promise.all(inFlight);
  out(`loaded ${EXPERTS} experts, ${written} items, in ${((performance.now() - started) / 1000).toFixed(1)} s`);

  // --- typical queries ---
  const window = { from: '2026-09-01', to: '2026-10-15' };
  const kinds: Record<string, () => RegisterQuery> = {
    'one skill + language + window': () => ({ skills: [pick(SKILLS)], languages: ['fr'], ...window, limit: 25 }),
    'two skills + languages + window + mode': () => ({
      skills: [pick(SKILLS), pick(SKILLS)],
      languages: ['fr', 'ar'],
      ...window,
      mode: 'remote',
      limit: 25,
    }),
    'country + sector + window': () => ({
      skills: [],
      languages: [],
      country: pick(COUNTRIES.slice(4)),
      sector: pick(SECTORS),
      ...window,
      limit: 25,
    }),
  };
  const bare = async (query: RegisterQuery) => {
    for (const partition of partitionsFor(query)) {
      let ExclusiveStartKey: Record<string, unknown> | undefined;
      do {
        const page = await client.send(
          new QueryCommand({
            TableName: tableName,
            KeyConditionExpression: 'PK = :pk',
            ExpressionAttributeValues: { ':pk': keys.registerPartition(partition.criterion, partition.value).PK },
            ExclusiveStartKey,
          }),
        );
        ExclusiveStartKey = page.LastEvaluatedKey;
      } while (ExclusiveStartKey);
    }
  };
  // The same reads as the search's (the adapter's concurrency, segments and projection), nothing else.
  const sameReads = (query: RegisterQuery) => Promise.all(partitionsFor(query).map((partition) => store.candidates(partition)));
  const all = { search: [] as number[], bare: [] as number[], same: [] as number[] };
  for (const [kind, make] of Object.entries(kinds)) {
    const times = { search: [] as number[], bare: [] as number[], same: [] as number[] };
    let results = 0;
    for (let i = 0; i < SAMPLES + 5; i++) {
      const query = make();
      const t0 = performance.now();
      const page = await searchRegister(query, store);
      const t1 = performance.now();
      await bare(query);
      const t2 = performance.now();
      await sameReads(query);
      const t3 = performance.now();
      if (i < 5) continue; // warm-up
      results += page.items.length;
      times.search.push(t1 - t0);
      times.bare.push(t2 - t1);
      times.same.push(t3 - t2);
    }
    for (const key of ['search', 'bare', 'same'] as const) all[key].push(...times[key]);
    out(
      `${kind}: search p50 ${percentile(times.search, 50).toFixed(1)} ms p99 ${percentile(times.search, 99).toFixed(1)} ms · same reads p50 ${percentile(times.same, 50).toFixed(1)} ms p99 ${percentile(times.same, 99).toFixed(1)} ms · naive Query p50 ${percentile(times.bare, 50).toFixed(1)} ms p99 ${percentile(times.bare, 99).toFixed(1)} ms · ${(results / SAMPLES).toFixed(1)} results a page`,
    );
  }
  out(
    `all: search p50 ${percentile(all.search, 50).toFixed(1)} ms p99 ${percentile(all.search, 99).toFixed(1)} ms · same reads p50 ${percentile(all.same, 50).toFixed(1)} ms p99 ${percentile(all.same, 99).toFixed(1)} ms · naive Query p50 ${percentile(all.bare, 50).toFixed(1)} ms p99 ${percentile(all.bare, 99).toFixed(1)} ms (${EXPERTS} experts)`,
  );
  out(`register search p50 against the naive Query: ${(percentile(all.search, 50) / percentile(all.bare, 50)).toFixed(2)}`);
  out(`register search p50 ratio: ${(percentile(all.search, 50) / percentile(all.same, 50)).toFixed(2)}`);
} finally {
  await dynamodb.stop();
}
