import { GetExecutionHistoryCommand, StartExecutionCommand, type HistoryEvent } from '@aws-sdk/client-sfn';
import { describe, expect, it } from 'vitest';
import type { Interpreter } from '../../src/contract.ts';
import { createInterpreter } from '../../src/engine/index.ts';
import { createHarness, createSm, DAY, definition, type Harness } from './harness.ts';

// With an interpreter that derives histories, a step stores no events: GetExecutionHistory builds
// the missing ones from the execution's snapshot, stores them, and from then on reads them.

const flow = definition(
  {
    Prepare: { Type: 'Pass', Result: { ready: true }, ResultPath: '$.prep', Next: 'Work' },
    Work: { Type: 'Task', Resource: 'arn:aws:lambda:us-east-1:123456789012:function:work', Next: 'Later' },
    Later: { Type: 'Wait', Seconds: 86_400, Next: 'Done' },
    Done: { Type: 'Succeed' },
  },
  'Prepare',
);

async function runFlow(x: Harness, pausedRead?: (arn: string) => Promise<void>): Promise<string> {
  x.lambdas.set('work', () => Promise.resolve({ worked: 1 }));
  const sm = await createSm(x, 'flow', flow);
  const { executionArn = '' } = await x.sfn.send(new StartExecutionCommand({ stateMachineArn: sm, name: 'one', input: '{"a":1}' }));
  await x.runtime.settle();
  await pausedRead?.(executionArn);
  await x.runtime.advanceTo(new Date(x.clock.now().getTime() + DAY));
  await x.runtime.settle();
  return executionArn;
}

const history = async (x: Harness, arn: string, extra: { reverseOrder?: boolean; maxResults?: number } = {}): Promise<HistoryEvent[]> =>
  (await x.sfn.send(new GetExecutionHistoryCommand({ executionArn: arn, ...extra }))).events ?? [];

const stored = (x: Harness, arn: string): { batches: number; derived: number; snapshot: string } => {
  const db = x.runtime.store.db;
  const { n } = db.prepare('SELECT count(*) AS n FROM event_batches WHERE exec_arn = ?').get(arn) as { n: number };
  const row = db.prepare('SELECT derived_events, snapshot FROM executions WHERE arn = ?').get(arn) as {
    derived_events: number;
    snapshot: string;
  };
  return { batches: n, derived: row.derived_events, snapshot: row.snapshot };
};

describe('histories derived on demand', () => {
  it('gives after a restart the history a returning interpreter stores, then stores it and drops the snapshot', async () => {
    const reference = await createHarness({ interpreter: createInterpreter() });
    const x = await createHarness({ interpreter: createInterpreter({ history: 'derived' }) });
    try {
      const expected = await history(reference, await runFlow(reference));
      const arn = await runFlow(x);
      expect(expected.map((e) => e.type)).toEqual([
        'ExecutionStarted',
        'PassStateEntered',
        'PassStateExited',
        'TaskStateEntered',
        'LambdaFunctionScheduled',
        'LambdaFunctionStarted',
        'LambdaFunctionSucceeded',
        'TaskStateExited',
        'WaitStateEntered',
        'WaitStateExited',
        'SucceedStateEntered',
        'SucceedStateExited',
        'ExecutionSucceeded',
      ]);
      // Closed, nothing stored yet: the snapshot stands for the history.
      expect(stored(x, arn)).toMatchObject({ batches: 0, derived: expected.length });
      expect(stored(x, arn).snapshot).not.toBe('null');

      await x.restart();
      expect(await history(x, arn)).toEqual(expected);
      expect(stored(x, arn)).toEqual({ batches: 1, derived: 0, snapshot: 'null' });
      // Later reads are plain reads, in both orders and by pages.
      expect(await history(x, arn, { reverseOrder: true, maxResults: 4 })).toEqual([...expected].reverse().slice(0, 4));
      expect(await history(x, arn)).toEqual(expected);
    } finally {
      await reference.dispose();
      await x.dispose();
    }
  });

  it('a history read while the execution waits is stored; the rest is derived at the next read', async () => {
    const reference = await createHarness({ interpreter: createInterpreter() });
    const x = await createHarness({ interpreter: createInterpreter({ history: 'derived' }) });
    try {
      const expected = await history(reference, await runFlow(reference));
      let during: HistoryEvent[] = [];
      const arn = await runFlow(x, async (a) => {
        during = await history(x, a);
        expect(stored(x, a)).toMatchObject({ batches: 1, derived: 0 });
        expect(stored(x, a).snapshot).not.toBe('null');
      });
      expect(during.map((e) => e.type).at(-1)).toBe('WaitStateEntered');
      expect(stored(x, arn)).toMatchObject({ batches: 1, derived: expected.length });
      expect(await history(x, arn)).toEqual(expected);
      expect(stored(x, arn)).toEqual({ batches: 2, derived: 0, snapshot: 'null' });
      expect(expected.slice(0, during.length)).toEqual(during);
    } finally {
      await reference.dispose();
      await x.dispose();
    }
  });

  it('an execution the interpreter cannot step closes with the events it derived and the failure it stored', async () => {
    const derived = createInterpreter({ history: 'derived' });
    const breaking: Interpreter = {
      validate: (d) => derived.validate(d),
      start: (...args) => derived.start(...args),
      resume: (snapshot, signal, ...rest) => {
        if (signal.kind === 'timerFired') throw new Error('engine bug');
        return derived.resume(snapshot, signal, ...rest);
      },
      history: (snapshot) => derived.history?.(snapshot) ?? [],
    };
    const x = await createHarness({ interpreter: breaking });
    try {
      const arn = await runFlow(x);
      const events = await history(x, arn);
      expect(events.map((e) => e.type).slice(-2)).toEqual(['WaitStateEntered', 'ExecutionFailed']);
      expect(events.map((e) => e.id)).toEqual(events.map((_, i) => i + 1));
      expect(events.at(-1)?.executionFailedEventDetails).toMatchObject({
        error: 'States.Runtime',
        cause: 'Local interpreter error: engine bug',
      });
    } finally {
      await x.dispose();
    }
  });
});
