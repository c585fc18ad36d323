import {
  DescribeExecutionCommand,
  DescribeMapRunCommand,
  GetExecutionHistoryCommand,
  ListExecutionsCommand,
  ListMapRunsCommand,
  StartExecutionCommand,
  StopExecutionCommand,
  UpdateMapRunCommand,
} from '@aws-sdk/client-sfn';
import { describe, expect, it } from 'vitest';
import { MAP_RUN_CHILD_RESOURCE } from '../../src/contract.ts';
import { createInterpreter } from '../../src/engine/index.ts';
import { createSm, eventually, FN, harnessPerTest, type Harness } from './harness.ts';

/** A JSONata Distributed Map over `$states.input.items`; each child waits `wait` seconds, then calls the `work` function. */
function sweep(opts: { maxConcurrency?: number; wait?: number | string; tolerated?: number }): string {
  const child: Record<string, unknown> = {
    Work: {
      Type: 'Task',
      Resource: 'arn:aws:states:::lambda:invoke',
      Arguments: { FunctionName: `${FN}work`, Payload: '{% $states.input %}' },
      Output: '{% $states.result.Payload %}',
      End: true,
    },
  };
  if (opts.wait !== undefined) child.Pause = { Type: 'Wait', Seconds: opts.wait, Next: 'Work' };
  const map: Record<string, unknown> = {
    Type: 'Map',
    Items: '{% $states.input.items %}',
    ItemProcessor: {
      ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' },
      StartAt: opts.wait !== undefined ? 'Pause' : 'Work',
      States: child,
    },
    Label: 'Sweep',
    End: true,
  };
  if (opts.maxConcurrency !== undefined) map.MaxConcurrency = opts.maxConcurrency;
  if (opts.tolerated !== undefined) map.ToleratedFailureCount = opts.tolerated;
  return JSON.stringify({ QueryLanguage: 'JSONata', StartAt: 'Sweep', States: { Sweep: map } });
}

/** `work` doubles `n` and counts its calls per item; items with `bad` fail. */
function workFunction(x: Harness): Map<number, number> {
  const calls = new Map<number, number>();
  x.lambdas.set('work', (_fn, payload) => {
    const p = payload as { n: number; bad?: boolean };
    calls.set(p.n, (calls.get(p.n) ?? 0) + 1);
    if (p.bad) return Promise.reject(new Error('bad item'));
    return Promise.resolve({ n: p.n * 2 });
  });
  return calls;
}

const items = (n: number, bad: number[] = []): { items: Array<{ n: number; bad?: boolean }> } => ({
  items: Array.from({ length: n }, (_v, i) => (bad.includes(i) ? { n: i, bad: true } : { n: i })),
});

async function mapRunOf(x: Harness, executionArn: string | undefined): Promise<string> {
  const runs = await x.sfn.send(new ListMapRunsCommand({ executionArn }));
  expect(runs.mapRuns).toHaveLength(1);
  return runs.mapRuns?.[0]?.mapRunArn ?? '';
}

async function children(x: Harness, mapRunArn: string): Promise<Array<{ name?: string; status?: string }>> {
  const out = await x.sfn.send(new ListExecutionsCommand({ mapRunArn }));
  return (out.executions ?? []).map((e) => ({ name: e.name, status: e.status }));
}

// Each test runs on an interpreter returning its events and on one deriving histories on demand.
describe.each(['returned', 'derived'] as const)('runtime: Distributed Map (histories %s)', (history) => {
  const setup = harnessPerTest(() => ({ interpreter: createInterpreter({ history }) }));

  it(
    'runs the Map Run children as executions visible through ListExecutions, DescribeMapRun and ListMapRuns',
    { timeout: 30_000 },
    async () => {
      const x = await setup();
      const calls = workFunction(x);
      const sm = await createSm(x, 'sweep', sweep({ maxConcurrency: 2 }));
      const { executionArn } = await x.sfn.send(new StartExecutionCommand({ stateMachineArn: sm, input: JSON.stringify(items(5)) }));
      await eventually(async () => (await x.sfn.send(new DescribeExecutionCommand({ executionArn }))).status !== 'RUNNING');
      const d = await x.sfn.send(new DescribeExecutionCommand({ executionArn }));
      expect(d.status).toBe('SUCCEEDED');
      expect(JSON.parse(d.output ?? 'null')).toEqual([{ n: 0 }, { n: 2 }, { n: 4 }, { n: 6 }, { n: 8 }]);
      expect([...calls.values()]).toEqual([1, 1, 1, 1, 1]);

      const history = await x.sfn.send(new GetExecutionHistoryCommand({ executionArn }));
      expect((history.events ?? []).map((e) => e.type)).toEqual([
        'ExecutionStarted',
        'MapStateEntered',
        'MapStateStarted',
        'MapRunStarted',
        'MapRunSucceeded',
        'MapStateSucceeded',
        'MapStateExited',
        'ExecutionSucceeded',
      ]);
      const mapRunArn = await mapRunOf(x, executionArn);
      expect(mapRunArn).toMatch(/^arn:aws:states:us-east-1:123456789012:mapRun:sweep\/Sweep:[0-9a-f-]{36}$/);
      expect(history.events?.[3]?.mapRunStartedEventDetails?.mapRunArn).toBe(mapRunArn);

      const run = await x.sfn.send(new DescribeMapRunCommand({ mapRunArn }));
      expect(run).toMatchObject({
        mapRunArn,
        executionArn,
        status: 'SUCCEEDED',
        maxConcurrency: 2,
        toleratedFailureCount: 0,
        toleratedFailurePercentage: 0,
        executionCounts: { succeeded: 5, running: 0, failed: 0, total: 5 },
        itemCounts: { succeeded: 5, pending: 0, total: 5 },
      });
      expect(run.stopDate).toBeInstanceOf(Date);

      const kids = await children(x, mapRunArn);
      expect(kids).toHaveLength(5);
      expect(kids.every((k) => k.status === 'SUCCEEDED')).toBe(true);
      const child = await x.sfn.send(
        new DescribeExecutionCommand({
          executionArn: (await x.sfn.send(new ListExecutionsCommand({ mapRunArn }))).executions?.[0]?.executionArn,
        }),
      );
      expect(child.mapRunArn).toBe(mapRunArn);
      expect(child.stateMachineArn).toBe(`${sm}/Sweep`);
    },
  );

  it('runs a nested Distributed Map of EXPRESS children over batches', { timeout: 30_000 }, async () => {
    const x = await setup();
    const calls = workFunction(x);
    const inner = {
      Type: 'Map',
      Items: '{% $states.input.Items %}',
      ItemProcessor: {
        ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'EXPRESS' },
        StartAt: 'Work',
        States: {
          Work: {
            Type: 'Task',
            Resource: 'arn:aws:states:::lambda:invoke',
            Arguments: { FunctionName: `${FN}work`, Payload: '{% $states.input %}' },
            Output: '{% $states.result.Payload.n %}',
            End: true,
          },
        },
      },
      Output: { batch: '{% $states.input.BatchInput.batch %}', doubled: '{% $states.result %}' },
      End: true,
    };
    const outer = {
      Type: 'Map',
      Items: '{% $states.input.items %}',
      ItemBatcher: { MaxItemsPerBatch: 2, BatchInput: { batch: 'b' } },
      ItemProcessor: { ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'EXPRESS' }, StartAt: 'Inner', States: { Inner: inner } },
      End: true,
    };
    const sm = await createSm(x, 'nested', JSON.stringify({ QueryLanguage: 'JSONata', StartAt: 'Outer', States: { Outer: outer } }));
    const { executionArn } = await x.sfn.send(new StartExecutionCommand({ stateMachineArn: sm, input: JSON.stringify(items(3)) }));
    await eventually(async () => (await x.sfn.send(new DescribeExecutionCommand({ executionArn }))).status !== 'RUNNING');
    const d = await x.sfn.send(new DescribeExecutionCommand({ executionArn }));
    expect(JSON.parse(d.output ?? 'null')).toEqual([
      { batch: 'b', doubled: [0, 2] },
      { batch: 'b', doubled: [4] },
    ]);
    expect([...calls.values()]).toEqual([1, 1, 1]);
    const outerRun = await mapRunOf(x, executionArn);
    const batches = (await x.sfn.send(new ListExecutionsCommand({ mapRunArn: outerRun }))).executions ?? [];
    expect(batches).toHaveLength(2);
    const innerRuns = await x.sfn.send(new ListMapRunsCommand({ executionArn: batches[0]?.executionArn }));
    expect(innerRuns.mapRuns?.[0]?.stateMachineArn).toMatch(/:stateMachine:nested\/[0-9a-f]{8}\/[0-9a-f]{8}$/);
    expect((await x.sfn.send(new DescribeMapRunCommand({ mapRunArn: outerRun }))).itemCounts).toMatchObject({ total: 3, succeeded: 2 });
  });

  it('loses no item and runs none twice when the runtime restarts in the middle of a Map Run', { timeout: 30_000 }, async () => {
    const x = await setup();
    const calls = workFunction(x);
    const sm = await createSm(x, 'sweep', sweep({ maxConcurrency: 2, wait: 60 }));
    const { executionArn } = await x.sfn.send(new StartExecutionCommand({ stateMachineArn: sm, input: JSON.stringify(items(6)) }));
    // Items 0 and 1 finish at +60 s; 2 and 3 start then and wait until +120 s.
    await x.runtime.advanceBy('PT90S');
    expect([...calls.keys()].sort()).toEqual([0, 1]);
    const mapRunArn = await mapRunOf(x, executionArn);
    expect((await children(x, mapRunArn)).map((k) => k.status).sort()).toEqual(['RUNNING', 'RUNNING', 'SUCCEEDED', 'SUCCEEDED']);

    await x.restart();
    await x.runtime.advanceBy('PT30S');
    expect([...calls.keys()].sort()).toEqual([0, 1, 2, 3]);
    // As if the last stop came between starting a child and recording that it was started:
    // the start is dispatched again on open, and must find the child it started.
    const running = (await children(x, mapRunArn)).filter((k) => k.status === 'RUNNING');
    expect(running).toHaveLength(2);
    x.runtime.store.db
      .prepare(`UPDATE effects SET state = 'pending' WHERE exec_arn = ? AND resource = ? AND state = 'invoked'`)
      .run(executionArn ?? '', MAP_RUN_CHILD_RESOURCE);
    await x.restart();
    await x.runtime.advanceBy('PT10M');
    await eventually(async () => (await x.sfn.send(new DescribeExecutionCommand({ executionArn }))).status !== 'RUNNING');

    const d = await x.sfn.send(new DescribeExecutionCommand({ executionArn }));
    expect(d.status).toBe('SUCCEEDED');
    expect(JSON.parse(d.output ?? 'null')).toEqual([0, 2, 4, 6, 8, 10].map((n) => ({ n })));
    expect([...calls.entries()].sort((a, b) => a[0] - b[0])).toEqual([0, 1, 2, 3, 4, 5].map((n) => [n, 1]));
    const kids = await children(x, mapRunArn);
    expect(kids).toHaveLength(6);
    expect(new Set(kids.map((k) => k.name)).size).toBe(6);
    expect((await x.sfn.send(new DescribeMapRunCommand({ mapRunArn }))).executionCounts).toMatchObject({ succeeded: 6, total: 6 });
  });

  it('answers the parent on open when a child closed but the stop came before the parent heard of it', { timeout: 30_000 }, async () => {
    const x = await setup();
    const calls = workFunction(x);
    const sm = await createSm(x, 'sweep', sweep({ maxConcurrency: 1, wait: 60 }));
    const { executionArn } = await x.sfn.send(new StartExecutionCommand({ stateMachineArn: sm, input: JSON.stringify(items(2)) }));
    // The process dies between the child's last commit and the parent's step that consumes it.
    const store = x.runtime.store;
    const writeStep = store.writeStep.bind(store);
    let lost = 0;
    store.writeStep = (w, tokens) => {
      if (w.arn === executionArn && w.consumed && lost === 0) {
        lost++;
        throw new Error('stopped between the two commits');
      }
      writeStep(w, tokens);
    };
    await x.runtime.advanceBy('PT61S');
    expect(lost).toBe(1);
    const mapRunArn = await mapRunOf(x, executionArn);
    expect((await children(x, mapRunArn)).map((k) => k.status)).toEqual(['SUCCEEDED']);
    await x.restart();
    await x.runtime.advanceBy('PT2M');
    await eventually(async () => (await x.sfn.send(new DescribeExecutionCommand({ executionArn }))).status !== 'RUNNING');
    const d = await x.sfn.send(new DescribeExecutionCommand({ executionArn }));
    expect(d.status).toBe('SUCCEEDED');
    expect(JSON.parse(d.output ?? 'null')).toEqual([{ n: 0 }, { n: 2 }]);
    expect([...calls.values()]).toEqual([1, 1]);
  });

  it('fails the Map Run over the tolerated failures and aborts the children still running', { timeout: 30_000 }, async () => {
    const x = await setup();
    workFunction(x);
    // Items 0 and 1 wait 60 s and fail; 2 and 3 wait an hour: they are still running when the Map Run fails.
    const sm = await createSm(x, 'sweep', sweep({ wait: '{% $states.input.wait %}', tolerated: 1, maxConcurrency: 4 }));
    const input = {
      items: [
        { n: 0, bad: true, wait: 60 },
        { n: 1, bad: true, wait: 60 },
        { n: 2, wait: 3600 },
        { n: 3, wait: 3600 },
      ],
    };
    const { executionArn } = await x.sfn.send(new StartExecutionCommand({ stateMachineArn: sm, input: JSON.stringify(input) }));
    const mapRunArn = await mapRunOf(x, executionArn);
    await x.runtime.advanceBy('PT61S');
    await eventually(async () => (await x.sfn.send(new DescribeExecutionCommand({ executionArn }))).status !== 'RUNNING');
    const d = await x.sfn.send(new DescribeExecutionCommand({ executionArn }));
    expect(d).toMatchObject({
      status: 'FAILED',
      error: 'States.ExceedToleratedFailureThreshold',
      cause: 'The specified tolerated failure threshold was exceeded',
    });
    const history = await x.sfn.send(new GetExecutionHistoryCommand({ executionArn }));
    expect((history.events ?? []).map((e) => e.type).slice(-4)).toEqual([
      'MapRunStarted',
      'MapRunFailed',
      'MapStateFailed',
      'ExecutionFailed',
    ]);
    expect((await x.sfn.send(new DescribeMapRunCommand({ mapRunArn }))).status).toBe('FAILED');
    await eventually(async () => (await children(x, mapRunArn)).every((k) => k.status !== 'RUNNING'));
    expect((await children(x, mapRunArn)).map((k) => k.status).sort()).toEqual(['ABORTED', 'ABORTED', 'FAILED', 'FAILED']);
  });

  it('takes UpdateMapRun limits, refuses bad ones, and aborts the Map Run with its parent', { timeout: 30_000 }, async () => {
    const x = await setup();
    workFunction(x);
    const sm = await createSm(x, 'sweep', sweep({ wait: 3600, maxConcurrency: 1 }));
    const { executionArn } = await x.sfn.send(new StartExecutionCommand({ stateMachineArn: sm, input: JSON.stringify(items(5)) }));
    const mapRunArn = await mapRunOf(x, executionArn);
    await eventually(async () => (await children(x, mapRunArn)).length === 1);
    await expect(x.sfn.send(new UpdateMapRunCommand({ mapRunArn, toleratedFailurePercentage: 101 }))).rejects.toMatchObject({
      name: 'ValidationException',
    });
    await x.sfn.send(new UpdateMapRunCommand({ mapRunArn, maxConcurrency: 3, toleratedFailureCount: 2 }));
    await eventually(async () => (await children(x, mapRunArn)).length === 3);
    expect(await x.sfn.send(new DescribeMapRunCommand({ mapRunArn }))).toMatchObject({
      maxConcurrency: 3,
      toleratedFailureCount: 2,
      status: 'RUNNING',
    });

    await x.sfn.send(new StopExecutionCommand({ executionArn }));
    await eventually(async () => (await children(x, mapRunArn)).every((k) => k.status === 'ABORTED'));
    expect((await x.sfn.send(new DescribeMapRunCommand({ mapRunArn }))).status).toBe('ABORTED');
  });
});
