// The experts' register on DynamoDB Local: an entry and its index items written together, searched
// through the index partitions (Query, no Scan), changed over the version read, and withdrawn out of
// every partition at once.
import { beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { BatchWriteCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { readFileSync } from 'node:fs';
import { freshTable } from '../support/table.ts';
import { keys } from '../../functions/adapters/dynamodb/keys.ts';
import { DynamoRegisterStore, remainingSegments } from '../../functions/adapters/dynamodb/register-store.ts';
import { registerIndexItem } from '../../functions/adapters/dynamodb/items.ts';
import { indexedOf } from '../../domain/migration-development/register.ts';
import { searchRegister, type RegisterEntry } from '../../domain/migration-development/register.ts';

let store: DynamoRegisterStore;
let documentClient: DynamoDBDocumentClient;
let tableName: string;

beforeAll(async () => {
  ({ documentClient, tableName } = await freshTable());
  store = new DynamoRegisterStore(documentClient, tableName);
});

const entry = (over: Partial<RegisterEntry> = {}): RegisterEntry => ({
  expertId: randomUUID(),
  sectors: ['health', 'education'],
  skills: ['chirurgie pediatrique', `skill ${randomUUID().slice(0, 8)}`],
  languages: ['fr', 'ar'],
  country: 'FR',
  windows: [{ from: '2026-07-01', to: '2026-12-31', mode: 'on-site' }],
  consentToContact: true,
  status: 'listed',
  listedAt: '2026-05-01T00:00:00.000Z',
  updatedAt: '2026-05-01T00:00:00.000Z',
  version: 1,
  ...over,
});

const partition = async (pk: string) =>
  (
    await documentClient.send(
      new QueryCommand({ TableName: tableName, KeyConditionExpression: 'PK = :pk', ExpressionAttributeValues: { ':pk': pk } }),
    )
  ).Items ?? [];

describe('DynamoRegisterStore', () => {
  it('lists an entry once, with one index item per skill, sector and its country', async () => {
    const listed = entry();
    expect(await store.list(listed)).toBe('listed');
    expect(await store.list({ ...listed, country: 'CA' })).toBe('exists');
    expect(await store.get(listed.expertId)).toEqual(listed);
    const own = await partition(`XREG#skill#${listed.skills[1]}`);
    expect(own).toHaveLength(1);
    expect(own[0]).toMatchObject({ expertId: listed.expertId, country: 'FR', windows: listed.windows });
    expect((await partition('XREG#country#FR')).map((i) => i.expertId as string)).toContain(listed.expertId);
  });

  it('is searched through the index: the window change moves the expert in and out', async () => {
    const listed = entry({ skills: [`rare ${randomUUID().slice(0, 8)}`] });
    await store.list(listed);
    const q = { skills: listed.skills, languages: [], from: '2027-02-01', to: '2027-02-28', limit: 10 };
    expect((await searchRegister(q, store)).items).toEqual([]);
    const moved = { ...listed, windows: [{ from: '2027-01-15', to: '2027-03-15', mode: 'remote' as const }], version: 2 };
    expect(await store.update(moved, listed)).toBe('updated');
    const found = await searchRegister(q, store);
    expect(found.items.map((e) => e.expertId)).toEqual([listed.expertId]);
    expect(found.items[0]?.reasons).toContainEqual({ criterion: 'availability', value: '2027-01-15/2027-03-15', days: 28 });
    // A change from a stale version writes nothing.
    expect(await store.update({ ...moved, windows: [], version: 2 }, listed)).toBe('stale');
    expect((await store.get(listed.expertId))?.windows).toEqual(moved.windows);
  });

  it('a withdrawn expert leaves every partition at once', async () => {
    const listed = entry({ skills: [`gone ${randomUUID().slice(0, 8)}`], country: 'BE' });
    await store.list(listed);
    expect(await store.update({ ...listed, status: 'withdrawn', version: 2 }, listed)).toBe('updated');
    expect(await partition(`XREG#skill#${listed.skills[0]}`)).toEqual([]);
    expect((await partition('XREG#country#BE')).map((i) => i.expertId as string)).not.toContain(listed.expertId);
    expect((await searchRegister({ skills: listed.skills, languages: [], limit: 10 }, store)).items).toEqual([]);
    expect((await store.get(listed.expertId))?.status).toBe('withdrawn');
  });

  it('reads a partition with the query’s sector, country and languages checked as it reads: nobody who fits is left out', async () => {
    const skill = `filtered ${randomUUID().slice(0, 8)}`;
    const fits = entry({ skills: [skill], languages: ['ar', 'nl'], country: 'NL' });
    const wrongLanguage = entry({ skills: [skill], languages: ['ar'], country: 'NL' });
    const wrongCountry = entry({ skills: [skill], languages: ['nl'], country: 'BE' });
    const wrongSector = entry({ skills: [skill], languages: ['nl'], country: 'NL', sectors: ['agriculture'] });
    for (const e of [fits, wrongLanguage, wrongCountry, wrongSector]) await store.list(e);
    const partition = { criterion: 'skill' as const, value: skill };
    expect((await store.candidates(partition)).map((e) => e.expertId).sort()).toEqual(
      [fits, wrongLanguage, wrongCountry, wrongSector].map((e) => e.expertId).sort(),
    );
    const read = await store.candidates(partition, { sector: 'health', country: 'NL', languages: ['nl', 'de'] });
    expect(read).toEqual([
      {
        expertId: fits.expertId,
        sectors: fits.sectors,
        skills: fits.skills,
        languages: fits.languages,
        country: 'NL',
        windows: fits.windows,
        consentToContact: true,
      },
    ]);
    const q = { skills: [skill], languages: ['nl'], country: 'NL', sector: 'health', limit: 10 };
    expect((await searchRegister(q, store)).items.map((e) => e.expertId)).toEqual([fits.expertId]);
  });

  it('a partition of more than one page: the rest read in key segments, concurrently, every expert once', async () => {
    const skill = `broad ${randomUUID().slice(0, 8)}`;
    // Long window and skill lists make the items large: 900 of them are more than one page of 1 MB.
    const windows = Array.from({ length: 12 }, (_, i) => ({
      from: `2027-${String(i + 1).padStart(2, '0')}-01`,
      to: `2027-${String(i + 1).padStart(2, '0')}-20`,
      mode: 'remote' as const,
    }));
    const more = Array.from({ length: 30 }, (_, i) => `competence de terrain numero ${i}`);
    const experts = Array.from({ length: 900 }, () =>
      entry({ skills: [skill, ...more], windows, sectors: ['health', 'education', 'agriculture'] }),
    );
    const items = experts.map((e) => registerIndexItem({ criterion: 'skill', value: skill }, indexedOf(e)));
    expect(Buffer.byteLength(JSON.stringify(items))).toBeGreaterThan(1.5 * 1024 * 1024); // more than one page
    const batches = Array.from({ length: Math.ceil(items.length / 25) }, (_, b) => items.slice(b * 25, b * 25 + 25));
    // Four batches in flight at a time: the set-up, not the read, is what takes long on a loaded machine.
    for (let i = 0; i < batches.length; i += 4)
      await Promise.all(
        batches
          .slice(i, i + 4)
          .map((batch) =>
            documentClient.send(new BatchWriteCommand({ RequestItems: { [tableName]: batch.map((Item) => ({ PutRequest: { Item } })) } })),
          ),
      );
    const read = await store.candidates({ criterion: 'skill', value: skill });
    expect(read).toHaveLength(900);
    expect(new Set(read.map((e) => e.expertId))).toEqual(new Set(experts.map((e) => e.expertId)));
  }, 180_000);
});

describe('remainingSegments', () => {
  it('covers every key after the last one read, in contiguous ranges', () => {
    const segments = remainingSegments('EXPERT#80000000-0000-4000-8000-000000000001');
    expect(segments).toHaveLength(4);
    expect(segments[0]).toEqual({ from: 'EXPERT#80000000', to: 'EXPERT#9fffffff\uffff' });
    expect(segments.at(-1)!.to).toBe('EXPERT#\uffff');
    for (let i = 1; i < segments.length; i++) expect(segments[i]!.from > segments[i - 1]!.to.slice(0, -1)).toBe(true);
    expect(remainingSegments('EXPERT#ffffffff-0000-4000-8000-000000000001')).toEqual([{ from: 'EXPERT#ffffffff', to: 'EXPERT#\uffff' }]);
  });

  it('reads its bounds from keys.ts: each index key falls in exactly one segment, and no key is formatted in the store', () => {
    const last = keys.registerIndex('skill', 'nursing', '80000000-0000-4000-8000-000000000001').SK;
    expect(keys.registerIndexIdPrefix(last)).toBe(0x80000000);
    expect(keys.registerIndexIdPrefix('REGISTER')).toBeUndefined();
    const segments = remainingSegments(last);
    for (const id of [
      '80000000-0000-4000-8000-000000000002',
      'a0000000-0000-4000-8000-000000000001',
      'ffffffff-ffff-4fff-bfff-ffffffffffff',
    ]) {
      const sk = keys.registerIndex('skill', 'nursing', id).SK;
      expect(segments.filter((s) => s.from <= sk && sk <= s.to)).toHaveLength(1);
    }
    expect(remainingSegments('?')).toEqual([keys.registerIndexRange()]);
    const source = readFileSync(new URL('../../functions/adapters/dynamodb/register-store.ts', import.meta.url), 'utf8');
    expect(source).not.toMatch(/`EXPERT#\$\{|'EXPERT#/);
  });
});
