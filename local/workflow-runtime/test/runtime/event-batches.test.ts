import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import type { HistoryEvent } from '../../src/contract.ts';
import { WorkflowStore } from '../../src/runtime/store.ts';

// A step's history events are stored as one row; GetExecutionHistory pages over events, not rows.

const ARN = 'arn:aws:states:us-east-1:123456789012:execution:sm:e1';
const T0 = Date.parse('2026-01-01T00:00:00Z');

const event = (id: number): HistoryEvent => ({
  timestamp: new Date(T0 + id * 1000),
  type: id === 1 ? 'ExecutionStarted' : 'PassStateEntered',
  id,
  previousEventId: id === 7 ? 2 : id - 1,
  ...(id === 1 ? { executionStartedEventDetails: { input: '{"a":1}' } } : { stateEnteredEventDetails: { name: `S${id}` } }),
});

const dirs: string[] = [];
const dataDir = (): string => {
  const d = mkdtempSync(join(tmpdir(), 'event-batches-'));
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('history events stored a step at a time', () => {
  it('pages over events across batches, in both orders, exactly as over one list', { timeout: 60_000 }, () => {
    const store = new WorkflowStore(dataDir(), 'normal');
    try {
      const all = Array.from({ length: 9 }, (_, i) => event(i + 1));
      // Steps of 3, 1 and 5 events.
      store.insertEvents(ARN, all.slice(0, 3));
      store.insertEvents(ARN, all.slice(3, 4));
      store.insertEvents(ARN, all.slice(4));
      store.insertEvents(ARN, []);
      expect(store.db.prepare('SELECT count(*) AS n FROM event_batches').get()).toEqual({ n: 3 });
      for (let offset = 0; offset <= 10; offset++) {
        for (let limit = 0; limit <= 10; limit++) {
          expect(store.getHistory(ARN, limit, offset, false)).toEqual(all.slice(offset, offset + limit));
          expect(store.getHistory(ARN, limit, offset, true)).toEqual([...all].reverse().slice(offset, offset + limit));
        }
      }
      expect(store.getHistory('arn:other', 10, 0, true)).toEqual([]);
    } finally {
      store.db.close();
    }
  });

  it('reads a data dir written with one row per event', { timeout: 60_000 }, () => {
    const dir = dataDir();
    const old = new DatabaseSync(join(dir, 'workflows.sqlite'));
    old.exec(`CREATE TABLE events (exec_arn TEXT NOT NULL, id INTEGER NOT NULL, ts INTEGER NOT NULL, type TEXT NOT NULL,
      body TEXT NOT NULL, PRIMARY KEY (exec_arn, id)) WITHOUT ROWID`);
    const all = Array.from({ length: 4 }, (_, i) => event(i + 1));
    for (const { timestamp, type, id, ...rest } of all) {
      old.prepare('INSERT INTO events VALUES (?, ?, ?, ?, ?)').run(ARN, id, timestamp.getTime(), type, JSON.stringify(rest));
    }
    old.close();
    const store = new WorkflowStore(dir, 'normal');
    try {
      expect(store.getHistory(ARN, 100, 0, false)).toEqual(all);
      store.insertEvents(ARN, [event(5)]);
      expect(store.getHistory(ARN, 2, 0, true)).toEqual([event(5), event(4)]);
    } finally {
      store.db.close();
    }
  });

  it('stores a large step deflated, and reads plain and deflated batches alike', { timeout: 60_000 }, () => {
    const store = new WorkflowStore(dataDir(), 'normal');
    try {
      const big = Array.from({ length: 400 }, (_, i) => event(i + 1));
      store.insertEvents(ARN, big.slice(0, 3));
      store.insertEvents(ARN, big.slice(3));
      const bodies = store.db.prepare('SELECT body FROM event_batches ORDER BY first_id').all() as Array<{ body: unknown }>;
      expect(typeof bodies[0]?.body).toBe('string');
      expect(bodies[1]?.body).toBeInstanceOf(Uint8Array);
      expect((bodies[1]?.body as Uint8Array).length).toBeLessThan(4096);
      expect(store.getHistory(ARN, 1000, 0, false)).toEqual(big);
      expect(store.getHistory(ARN, 5, 1, true)).toEqual([...big].reverse().slice(1, 6));
    } finally {
      store.db.close();
    }
  });

  it('gives back any step exactly as JSON would (fast-check)', { timeout: 120_000 }, () => {
    const detail = fc.dictionary(
      fc.constantFrom('stateEnteredEventDetails', 'taskScheduledEventDetails', 'other', 'previousEventId'),
      fc.oneof(fc.jsonValue(), fc.constant(undefined)),
    );
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 3 }), detail), { minLength: 1, maxLength: 60 }),
        fc.integer({ min: 1, max: 5 }),
        (specs, cut) => {
          const store = new WorkflowStore(dataDir(), 'normal');
          try {
            const events: HistoryEvent[] = specs.map(([dt, d], i) => ({
              ...d,
              timestamp: new Date(T0 + dt * 1000),
              type: 'PassStateEntered',
              id: i + 1,
              previousEventId: typeof d.previousEventId === 'number' ? d.previousEventId : i,
            }));
            for (let i = 0; i < events.length; i += cut) store.insertEvents(ARN, events.slice(i, i + cut));
            const expected = events.map((e) => ({ ...(JSON.parse(JSON.stringify(e)) as object), timestamp: e.timestamp }));
            expect(store.getHistory(ARN, 1000, 0, false)).toEqual(expected);
          } finally {
            store.db.close();
          }
        },
      ),
      { numRuns: 60 },
    );
  });
});
