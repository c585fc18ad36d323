import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { StartExecutionCommand } from '@aws-sdk/client-sfn';
import { afterEach, describe, expect, it } from 'vitest';
import { createInterpreter } from '../../src/engine/index.ts';
import { WorkflowStore } from '../../src/runtime/store.ts';
import { createHarness, createSm, definition } from './harness.ts';

// A snapshot's definition text is stored once (table `definitions`), the snapshot naming it by digest.

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
const store = (): WorkflowStore => {
  const d = mkdtempSync(join(tmpdir(), 'snapshot-store-'));
  dirs.push(d);
  return new WorkflowStore(d, 'normal');
};

describe('snapshots stored with their definition apart', () => {
  it('round-trips a snapshot, stores each definition once, and leaves snapshots without one as they are', () => {
    const s = store();
    try {
      const def = JSON.stringify({ StartAt: 'A', States: { A: { Type: 'Pass', End: true } } });
      const snap = { v: 1, definition: def, log: [{ now: 'x', signal: null }], n: 3 };
      const text = s.transaction(() => s.encodeSnapshot(snap));
      expect(text).not.toContain('StartAt');
      expect(s.decodeSnapshot(text)).toEqual(snap);
      s.transaction(() => s.encodeSnapshot({ ...snap, n: 4 }));
      expect(s.db.prepare('SELECT count(*) AS n FROM definitions').get()).toEqual({ n: 1 });
      expect(s.decodeSnapshot(s.encodeSnapshot({ other: true }))).toEqual({ other: true });
      expect(s.decodeSnapshot('null')).toBeNull();
    } finally {
      s.db.close();
    }
  });

  it('stores the definition again after the transaction that first stored it rolled back', () => {
    const s = store();
    try {
      const snap = { definition: '{"StartAt":"B","States":{"B":{"Type":"Succeed"}}}', n: 1 };
      expect(() =>
        s.transaction(() => {
          s.encodeSnapshot(snap);
          throw new Error('the step failed');
        }),
      ).toThrow('the step failed');
      expect(s.db.prepare('SELECT count(*) AS n FROM definitions').get()).toEqual({ n: 0 });
      const text = s.transaction(() => s.encodeSnapshot(snap));
      expect(s.decodeSnapshot(text)).toEqual(snap);
    } finally {
      s.db.close();
    }
  });

  it('a running execution resumes after a restart from a snapshot that names its definition', async () => {
    const x = await createHarness({ interpreter: createInterpreter({ history: 'derived' }) });
    try {
      const sm = await createSm(
        x,
        'waits',
        definition({ W: { Type: 'Wait', Seconds: 60, Next: 'P' }, P: { Type: 'Pass', Result: 'done', End: true } }, 'W'),
      );
      for (const name of ['a', 'b']) await x.sfn.send(new StartExecutionCommand({ stateMachineArn: sm, name, input: '{}' }));
      await x.runtime.settle();
      const rows = x.runtime.store.db.prepare(`SELECT snapshot FROM executions`).all() as Array<{ snapshot: string }>;
      expect(rows.every((r) => r.snapshot.includes('"$definition"') && !r.snapshot.includes('StartAt'))).toBe(true);
      expect(x.runtime.store.db.prepare('SELECT count(*) AS n FROM definitions').get()).toEqual({ n: 1 });
      await x.restart();
      await x.runtime.advanceTo(new Date(x.clock.now().getTime() + 60_000));
      await x.runtime.settle();
      const arn = sm.replace(':stateMachine:', ':execution:');
      expect(x.runtime.describeExecution(`${arn}:a`)).toMatchObject({ status: 'SUCCEEDED', output: '"done"' });
      expect(x.runtime.getHistory(`${arn}:b`).map((e) => e.type)).toContain('ExecutionSucceeded');
    } finally {
      await x.dispose();
    }
  });
});
