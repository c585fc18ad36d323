// The days of the local outbox that hold messages (local/outbox-days.ts): noted from the stream's
// records, kept in the data folder, seeded for a folder that only knew the outbox's first day.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { LocalOutboxDays } from '../../../local/outbox-days.ts';

const record = (PK: string) => ({ eventName: 'INSERT', dynamodb: { Keys: { PK: { S: PK }, SK: { S: 'x' } } } });

describe('the local outbox days', () => {
  it('notes the days of outbox partitions only, keeps them across a restart, and always reads today', () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'outbox-days-'));
    const days = LocalOutboxDays.open(dataDir, '2026-12-01');
    days.note([record('OUTBOX#2027-03-04#2'), record('CASE#abc'), record('OUTBOX#2026-12-01#0'), record('OUTBOX')]);
    days.note([record('OUTBOX#2027-03-04#1')]);
    expect(days.toRead('2027-06-30')).toEqual(['2026-12-01', '2027-03-04', '2027-06-30']);
    expect(LocalOutboxDays.open(dataDir, '2027-07-01').toRead('2027-07-01')).toEqual(['2026-12-01', '2027-03-04', '2027-07-01']);
    expect(JSON.parse(readFileSync(path.join(dataDir, 'outbox-days.json'), 'utf8'))).toEqual(['2026-12-01', '2027-03-04']);
  });

  it('seeds a data folder of before with every day from its outbox-since to today', () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'outbox-days-'));
    writeFileSync(path.join(dataDir, 'outbox-since'), '2026-11-29\n');
    expect(LocalOutboxDays.open(dataDir, '2026-12-02').toRead('2026-12-02')).toEqual([
      '2026-11-29',
      '2026-11-30',
      '2026-12-01',
      '2026-12-02',
    ]);
  });
});
