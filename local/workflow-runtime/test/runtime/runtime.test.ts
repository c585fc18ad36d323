import {
  CreateStateMachineCommand,
  DescribeExecutionCommand,
  DescribeStateMachineCommand,
  GetExecutionHistoryCommand,
  ListExecutionsCommand,
  SendTaskFailureCommand,
  SendTaskHeartbeatCommand,
  SendTaskSuccessCommand,
  StartExecutionCommand,
  StopExecutionCommand,
} from '@aws-sdk/client-sfn';
import { describe, expect, it } from 'vitest';
import { LambdaInvokeFailure } from '../../src/contract.ts';
import { createSm, DAY, definition, eventually, FN, harnessPerTest, ROLE, T0, type Harness } from './harness.ts';

const setup = harnessPerTest();

async function status(x: Harness, executionArn: string): Promise<string | undefined> {
  return (await x.sfn.send(new DescribeExecutionCommand({ executionArn }))).status;
}

const callbackDef = (extra: Record<string, unknown> = {}): string =>
  definition(
    {
      Wait4Human: {
        Type: 'Task',
        Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken',
        Arguments: { FunctionName: `${FN}notify`, Payload: { token: '$token', input: '$input' } },
        End: true,
        ...extra,
      },
    },
    'Wait4Human',
  );

/** Starts a callback execution and returns its arn and the token the notify function received. */
async function startCallback(x: Harness, smArn: string, name = 'case-1'): Promise<{ arn: string; token: string }> {
  const tokens: string[] = [];
  x.lambdas.set('notify', (_fn, payload) => {
    tokens.push((payload as { token: string }).token);
    return Promise.resolve({ ignored: true });
  });
  const { executionArn } = await x.sfn.send(new StartExecutionCommand({ stateMachineArn: smArn, name, input: '{"caseId":"c1"}' }));
  await x.runtime.settle();
  expect(tokens).toHaveLength(1);
  return { arn: executionArn ?? '', token: tokens[0] ?? '' };
}

describe('task tokens', () => {
  it('completes a .waitForTaskToken task on SendTaskSuccess, ignoring the callback function result', async () => {
    const x = await setup();
    const sm = await createSm(x, 'callback', callbackDef());
    const { arn, token } = await startCallback(x, sm);
    expect(await status(x, arn)).toBe('RUNNING');
    await x.sfn.send(new SendTaskSuccessCommand({ taskToken: token, output: '{"decision":"approved"}' }));
    const d = await x.sfn.send(new DescribeExecutionCommand({ executionArn: arn }));
    expect(d.status).toBe('SUCCEEDED');
    expect(JSON.parse(d.output ?? 'null')).toEqual({ decision: 'approved' });
    expect(d.startDate?.toISOString()).toBe(T0.toISOString());
  });

  it('answers a second SendTaskSuccess on the same token with TaskDoesNotExist, and a garbage token with InvalidToken', async () => {
    const x = await setup();
    const sm = await createSm(x, 'callback', callbackDef());
    const { token } = await startCallback(x, sm);
    await x.sfn.send(new SendTaskSuccessCommand({ taskToken: token, output: '{}' }));
    await expect(x.sfn.send(new SendTaskSuccessCommand({ taskToken: token, output: '{}' }))).rejects.toMatchObject({
      name: 'TaskDoesNotExist',
    });
    await expect(x.sfn.send(new SendTaskSuccessCommand({ taskToken: 'not-a-token', output: '{}' }))).rejects.toMatchObject({
      name: 'InvalidToken',
    });
  });

  it('fails the execution on SendTaskFailure with the given error and cause', async () => {
    const x = await setup();
    const sm = await createSm(x, 'callback', callbackDef());
    const { arn, token } = await startCallback(x, sm);
    await x.sfn.send(new SendTaskFailureCommand({ taskToken: token, error: 'Case.Rejected', cause: 'not eligible' }));
    const d = await x.sfn.send(new DescribeExecutionCommand({ executionArn: arn }));
    expect(d).toMatchObject({ status: 'FAILED', error: 'Case.Rejected', cause: 'not eligible' });
  });

  it('times out on a missed heartbeat, heartbeats pushing the deadline, then refuses the token with TaskTimedOut', async () => {
    const x = await setup();
    const sm = await createSm(x, 'callback', callbackDef({ HeartbeatSeconds: 60 }));
    const { arn, token } = await startCallback(x, sm);
    await x.runtime.advanceTo(new Date(T0.getTime() + 50_000));
    await x.sfn.send(new SendTaskHeartbeatCommand({ taskToken: token }));
    await x.runtime.advanceTo(new Date(T0.getTime() + 100_000));
    expect(await status(x, arn)).toBe('RUNNING');
    await x.runtime.advanceTo(new Date(T0.getTime() + 111_000));
    const d = await x.sfn.send(new DescribeExecutionCommand({ executionArn: arn }));
    expect(d.status).toBe('FAILED');
    expect(d.error).toBe('States.Timeout');
    expect(d.stopDate?.getTime()).toBe(T0.getTime() + 110_000);
    await expect(x.sfn.send(new SendTaskSuccessCommand({ taskToken: token, output: '{}' }))).rejects.toMatchObject({
      name: 'TaskTimedOut',
    });
  });

  it('times out a task at its TimeoutSeconds on the virtual clock', async () => {
    const x = await setup();
    const sm = await createSm(x, 'callback', callbackDef({ TimeoutSeconds: 7 * 86_400 }));
    const { arn } = await startCallback(x, sm);
    await x.runtime.advanceBy('P6DT23H');
    expect(await status(x, arn)).toBe('RUNNING');
    await x.runtime.advanceBy('PT2H');
    const d = await x.sfn.send(new DescribeExecutionCommand({ executionArn: arn }));
    expect(d.status).toBe('FAILED');
    expect(d.stopDate?.getTime()).toBe(T0.getTime() + 7 * DAY);
    expect(x.clock.now().getTime()).toBe(T0.getTime() + 7 * DAY + 3_600_000);
  });
});

describe('timers on the virtual clock', () => {
  const yearWait = definition({ Year: { Type: 'Wait', Seconds: 365 * 86_400, Next: 'Done' }, Done: { Type: 'Succeed' } }, 'Year');

  it('completes a 365-day Wait only once the clock is advanced past it', async () => {
    const x = await setup();
    const sm = await createSm(x, 'year', yearWait);
    const { executionArn } = await x.sfn.send(new StartExecutionCommand({ stateMachineArn: sm, name: 'y' }));
    const arn = executionArn ?? '';
    await x.runtime.advanceBy('P364D');
    expect(await status(x, arn)).toBe('RUNNING');
    await x.runtime.advanceBy('P2D');
    const d = await x.sfn.send(new DescribeExecutionCommand({ executionArn: arn }));
    expect(d.status).toBe('SUCCEEDED');
    expect(d.stopDate?.getTime()).toBe(T0.getTime() + 365 * DAY);
  });

  it('survives a restart in the middle of a wait, firing the timer exactly once', async () => {
    const x = await setup();
    const sm = await createSm(x, 'year', yearWait);
    const { executionArn } = await x.sfn.send(new StartExecutionCommand({ stateMachineArn: sm, name: 'y' }));
    const arn = executionArn ?? '';
    await x.runtime.advanceBy('P100D');
    await x.restart();
    expect(x.clock.now().getTime()).toBe(T0.getTime() + 100 * DAY);
    expect(await status(x, arn)).toBe('RUNNING');
    await x.runtime.advanceBy('P300D');
    await x.restart();
    await x.runtime.advanceBy('P300D');
    const history = await x.sfn.send(new GetExecutionHistoryCommand({ executionArn: arn, maxResults: 1000 }));
    const types = (history.events ?? []).map((e) => e.type);
    expect(types.filter((t) => t === 'WaitStateExited')).toHaveLength(1);
    expect(types.at(-1)).toBe('ExecutionSucceeded');
    expect(await status(x, arn)).toBe('SUCCEEDED');
  });

  it('retries a failing task at the Retry intervals on the virtual clock', async () => {
    const x = await setup();
    let attempts = 0;
    x.lambdas.set('flaky', () => {
      attempts++;
      if (attempts < 3) return Promise.reject(new LambdaInvokeFailure({ errorType: 'Upstream.Busy', errorMessage: 'try later' }));
      return Promise.resolve({ ok: attempts });
    });
    const sm = await createSm(
      x,
      'retry',
      definition(
        {
          Call: {
            Type: 'Task',
            Resource: 'arn:aws:states:::lambda:invoke',
            Arguments: { FunctionName: `${FN}flaky`, Payload: '$input' },
            Retry: [{ ErrorEquals: ['Upstream.Busy'], IntervalSeconds: 10, BackoffRate: 3, MaxAttempts: 3 }],
            End: true,
          },
        },
        'Call',
      ),
    );
    const { executionArn } = await x.sfn.send(new StartExecutionCommand({ stateMachineArn: sm, input: '{"n":1}' }));
    await x.runtime.advanceBy('PT1H');
    const d = await x.sfn.send(new DescribeExecutionCommand({ executionArn }));
    expect(d.status).toBe('SUCCEEDED');
    expect(JSON.parse(d.output ?? 'null')).toEqual({ Payload: { ok: 3 } });
    expect(x.calls.map((c) => (c.at.getTime() - T0.getTime()) / 1000)).toEqual([0, 10, 40]);
    expect(x.calls[0]?.payload).toEqual({ n: 1 });
  });

  it('fires timers of different executions in due order', async () => {
    const x = await setup();
    const order: string[] = [];
    x.lambdas.set('record', (_fn, payload) => {
      order.push(String((payload as { who: string }).who));
      return Promise.resolve({});
    });
    const waitThenCall = (seconds: number): string =>
      definition(
        {
          W: { Type: 'Wait', Seconds: seconds, Next: 'Call' },
          Call: { Type: 'Task', Resource: `${FN}record`, End: true },
        },
        'W',
      );
    const late = await createSm(x, 'late', waitThenCall(300));
    const early = await createSm(x, 'early', waitThenCall(100));
    await x.sfn.send(new StartExecutionCommand({ stateMachineArn: late, input: '{"who":"late"}' }));
    await x.sfn.send(new StartExecutionCommand({ stateMachineArn: early, input: '{"who":"early"}' }));
    await x.runtime.advanceBy('PT10M');
    expect(order).toEqual(['early', 'late']);
    expect(x.calls.map((c) => (c.at.getTime() - T0.getTime()) / 1000)).toEqual([100, 300]);
  });
});

describe('group commit', () => {
  it('applies two timers of one execution due at the same instant in order, the second one moot', async () => {
    const x = await setup();
    const sm = await createSm(x, 'callback', callbackDef({ HeartbeatSeconds: 60, TimeoutSeconds: 60 }));
    const { arn } = await startCallback(x, sm);
    await x.runtime.advanceBy('PT5M');
    const history = await x.sfn.send(new GetExecutionHistoryCommand({ executionArn: arn, maxResults: 1000 }));
    const types = (history.events ?? []).map((e) => e.type);
    expect(types.filter((t) => t === 'TaskTimedOut')).toHaveLength(1);
    expect(types.at(-1)).toBe('ExecutionFailed');
  });

  it('drives a burst of executions whose timers and invocations complete together', async () => {
    const x = await setup();
    x.lambdas.set('work', (_fn, payload) => Promise.resolve({ done: (payload as { i: number }).i }));
    const sm = await createSm(
      x,
      'burst',
      definition(
        {
          W: { Type: 'Wait', Seconds: 60, Next: 'Call' },
          Call: { Type: 'Task', Resource: `${FN}work`, Next: 'W2' },
          W2: { Type: 'Wait', Seconds: 60, Next: 'Call2' },
          Call2: { Type: 'Task', Resource: `${FN}work`, Arguments: { i: 0 }, End: true },
        },
        'W',
      ),
    );
    const arns: string[] = [];
    for (let i = 0; i < 40; i++) {
      arns.push((await x.sfn.send(new StartExecutionCommand({ stateMachineArn: sm, input: JSON.stringify({ i }) }))).executionArn ?? '');
    }
    await x.runtime.advanceBy('PT3M');
    for (const arn of arns) {
      const events = x.runtime.getHistory(arn);
      expect(events.filter((e) => e.type === 'TaskSucceeded')).toHaveLength(2);
      expect(events.at(-1)?.type).toBe('ExecutionSucceeded');
    }
    expect(x.calls).toHaveLength(80);
    expect(x.calls.filter((c) => c.at.getTime() === T0.getTime() + 60_000)).toHaveLength(40);
  });
});

describe('restart with pending work', () => {
  it('re-dispatches an invocation that had not completed when the runtime stopped, and never a completed one', async () => {
    const x = await setup();
    x.lambdas.set('slow', () => new Promise(() => undefined));
    const sm = await createSm(x, 'slow', definition({ Call: { Type: 'Task', Resource: `${FN}slow`, End: true } }, 'Call'));
    const { executionArn } = await x.sfn.send(new StartExecutionCommand({ stateMachineArn: sm, name: 'pending' }));
    await eventually(() => x.calls.length === 1);
    x.lambdas.set('slow', () => Promise.resolve({ done: true }));
    await x.restart();
    await x.runtime.settle();
    expect(x.calls).toHaveLength(2);
    expect(await status(x, executionArn ?? '')).toBe('SUCCEEDED');
    await x.restart();
    await x.runtime.settle();
    expect(x.calls).toHaveLength(2);
  });

  it('keeps a waiting task token across a restart without re-invoking the callback function', async () => {
    const x = await setup();
    const sm = await createSm(x, 'callback', callbackDef());
    const { arn, token } = await startCallback(x, sm);
    await x.restart();
    await x.runtime.settle();
    expect(x.calls).toHaveLength(1);
    await x.sfn.send(new SendTaskSuccessCommand({ taskToken: token, output: '"ok"' }));
    expect(await status(x, arn)).toBe('SUCCEEDED');
  });
});

describe('StartExecution', () => {
  it('is idempotent on name + input while running, and refuses a reused name otherwise', async () => {
    const x = await setup();
    const sm = await createSm(x, 'callback', callbackDef());
    const { arn, token } = await startCallback(x, sm, 'case-42');
    await x.runtime.advanceBy('PT1M');
    const again = await x.sfn.send(new StartExecutionCommand({ stateMachineArn: sm, name: 'case-42', input: '{"caseId":"c1"}' }));
    expect(again.executionArn).toBe(arn);
    expect(again.startDate?.getTime()).toBe(T0.getTime());
    expect(arn).toBe('arn:aws:states:us-east-1:123456789012:execution:callback:case-42');
    await expect(
      x.sfn.send(new StartExecutionCommand({ stateMachineArn: sm, name: 'case-42', input: '{"caseId":"c2"}' })),
    ).rejects.toMatchObject({ name: 'ExecutionAlreadyExists' });
    await x.sfn.send(new SendTaskSuccessCommand({ taskToken: token, output: '{}' }));
    await expect(
      x.sfn.send(new StartExecutionCommand({ stateMachineArn: sm, name: 'case-42', input: '{"caseId":"c1"}' })),
    ).rejects.toMatchObject({ name: 'ExecutionAlreadyExists' });
  });

  it('reports missing state machines, bad names and bad arns as AWS does', async () => {
    const x = await setup();
    await expect(
      x.sfn.send(new StartExecutionCommand({ stateMachineArn: 'arn:aws:states:us-east-1:123456789012:stateMachine:nope' })),
    ).rejects.toMatchObject({ name: 'StateMachineDoesNotExist' });
    await expect(x.sfn.send(new DescribeExecutionCommand({ executionArn: 'nope' }))).rejects.toMatchObject({ name: 'InvalidArn' });
    await expect(
      x.sfn.send(new DescribeExecutionCommand({ executionArn: 'arn:aws:states:us-east-1:123456789012:execution:a:b' })),
    ).rejects.toMatchObject({ name: 'ExecutionDoesNotExist' });
    const sm = await createSm(x, 'p', definition({ P: { Type: 'Pass', End: true } }, 'P'));
    await expect(x.sfn.send(new StartExecutionCommand({ stateMachineArn: sm, name: 'has space' }))).rejects.toMatchObject({
      name: 'InvalidName',
    });
  });

  it('stops a running execution and lists executions by status with pagination', async () => {
    const x = await setup();
    const sm = await createSm(x, 'callback', callbackDef());
    const first = await startCallback(x, sm, 'a');
    await startCallback(x, sm, 'b');
    await startCallback(x, sm, 'c');
    const stopped = await x.sfn.send(new StopExecutionCommand({ executionArn: first.arn, error: 'Manual', cause: 'withdrawn' }));
    expect(stopped.stopDate?.getTime()).toBe(T0.getTime());
    expect(await status(x, first.arn)).toBe('ABORTED');
    const running = await x.sfn.send(new ListExecutionsCommand({ stateMachineArn: sm, statusFilter: 'RUNNING', maxResults: 1 }));
    expect(running.executions).toHaveLength(1);
    expect(running.nextToken).toBeTypeOf('string');
    const rest = await x.sfn.send(
      new ListExecutionsCommand({ stateMachineArn: sm, statusFilter: 'RUNNING', maxResults: 1, nextToken: running.nextToken }),
    );
    expect(rest.executions).toHaveLength(1);
    expect(rest.nextToken).toBeUndefined();
    expect(new Set([running.executions?.[0]?.name, rest.executions?.[0]?.name])).toEqual(new Set(['b', 'c']));
    await expect(x.sfn.send(new SendTaskSuccessCommand({ taskToken: first.token, output: '{}' }))).rejects.toMatchObject({
      name: 'TaskTimedOut',
    });
  });

  it('pages history forwards and backwards with ids and epoch timestamps', async () => {
    const x = await setup();
    const sm = await createSm(x, 'p', definition({ A: { Type: 'Pass', Next: 'B' }, B: { Type: 'Pass', End: true } }, 'A'));
    const { executionArn } = await x.sfn.send(new StartExecutionCommand({ stateMachineArn: sm }));
    const p1 = await x.sfn.send(new GetExecutionHistoryCommand({ executionArn, maxResults: 2 }));
    const p2 = await x.sfn.send(new GetExecutionHistoryCommand({ executionArn, maxResults: 100, nextToken: p1.nextToken }));
    const all = [...(p1.events ?? []), ...(p2.events ?? [])];
    expect(all.map((e) => e.id)).toEqual(all.map((_e, i) => i + 1));
    expect(all[0]?.type).toBe('ExecutionStarted');
    expect(all[0]?.timestamp?.getTime()).toBe(T0.getTime());
    const rev = await x.sfn.send(new GetExecutionHistoryCommand({ executionArn, reverseOrder: true, maxResults: 1 }));
    expect(rev.events?.[0]?.type).toBe('ExecutionSucceeded');
    expect(rev.events?.[0]?.id).toBe(all.length);
  });
});

describe('CreateStateMachine', () => {
  it('refuses a definition with an unsupported feature, naming the state', async () => {
    const x = await setup();
    const def = definition({ Fan: { Type: 'Map', End: true } }, 'Fan');
    const err: unknown = await x.sfn
      .send(new CreateStateMachineCommand({ name: 'bad', definition: def, roleArn: ROLE }))
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ name: 'InvalidDefinition' });
    expect((err as Error).message).toContain('Fan');
    await expect(x.sfn.send(new CreateStateMachineCommand({ name: 'bad2', definition: '{nope', roleArn: ROLE }))).rejects.toMatchObject({
      name: 'InvalidDefinition',
    });
  });

  it('is idempotent for the same definition and describes the machine', async () => {
    const x = await setup();
    const def = definition({ P: { Type: 'Pass', End: true } }, 'P');
    const a = await createSm(x, 'same', def);
    const b = await createSm(x, 'same', def);
    expect(a).toBe(b);
    const d = await x.sfn.send(new DescribeStateMachineCommand({ stateMachineArn: a }));
    expect(d).toMatchObject({ name: 'same', definition: def, roleArn: ROLE, type: 'STANDARD', status: 'ACTIVE' });
    await expect(
      x.sfn.send(
        new CreateStateMachineCommand({ name: 'same', definition: definition({ Q: { Type: 'Pass', End: true } }, 'Q'), roleArn: ROLE }),
      ),
    ).rejects.toMatchObject({
      name: 'StateMachineAlreadyExists',
    });
  });
});
