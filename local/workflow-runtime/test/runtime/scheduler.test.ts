import { CreateScheduleCommand, GetScheduleCommand } from '@aws-sdk/client-scheduler';
import { StartExecutionCommand } from '@aws-sdk/client-sfn';
import { describe, expect, it } from 'vitest';
import { zonedTimeToUtc } from '../../src/scheduler/scheduler.ts';
import { createSm, DAY, definition, eventually, FN, harnessPerTest, ROLE, T0 } from './harness.ts';

const setup = harnessPerTest();

describe('scheduler', () => {
  it('fires a one-time schedule once at its time, starting the target state machine, then deletes it', async () => {
    const x = await setup();
    const sm = await createSm(x, 'p', definition({ P: { Type: 'Pass', End: true } }, 'P'));
    await x.scheduler.send(
      new CreateScheduleCommand({
        Name: 'reminder-c1',
        ScheduleExpression: 'at(2026-01-01T12:00:00)',
        ScheduleExpressionTimezone: 'Africa/Tunis',
        FlexibleTimeWindow: { Mode: 'OFF' },
        Target: { Arn: sm, RoleArn: ROLE, Input: '{"caseId":"c1"}' },
        ActionAfterCompletion: 'DELETE',
      }),
    );
    await expect(
      x.scheduler.send(
        new CreateScheduleCommand({
          Name: 'reminder-c1',
          ScheduleExpression: 'at(2026-01-01T12:00:00)',
          FlexibleTimeWindow: { Mode: 'OFF' },
          Target: { Arn: sm, RoleArn: ROLE },
        }),
      ),
    ).rejects.toMatchObject({ name: 'ConflictException' });
    // Africa/Tunis is UTC+1: noon there is 11:00Z.
    await x.runtime.advanceTo(new Date('2026-01-01T10:59:59Z'));
    expect(x.runtime.listExecutions({ stateMachineArn: sm })).toHaveLength(0);
    await x.runtime.advanceBy('P30D');
    const execs = x.runtime.listExecutions({ stateMachineArn: sm });
    expect(execs).toHaveLength(1);
    expect(execs[0]).toMatchObject({ status: 'SUCCEEDED', input: '{"caseId":"c1"}' });
    expect(execs[0]?.startDate.toISOString()).toBe('2026-01-01T11:00:00.000Z');
    await expect(x.scheduler.send(new GetScheduleCommand({ Name: 'reminder-c1' }))).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
    });
    await x.restart();
    await x.runtime.advanceBy('P30D');
    expect(x.runtime.listExecutions({ stateMachineArn: sm })).toHaveLength(1);
  });

  it('invokes a Lambda target once and keeps the schedule with ActionAfterCompletion NONE', async () => {
    const x = await setup();
    x.lambdas.set('remind', () => Promise.resolve(null));
    await x.scheduler.send(
      new CreateScheduleCommand({
        Name: 'r2',
        GroupName: 'cases',
        ScheduleExpression: 'at(2026-02-01T00:00:00)',
        FlexibleTimeWindow: { Mode: 'OFF' },
        Target: { Arn: `${FN}remind`, RoleArn: ROLE, Input: '{"x":1}' },
        ActionAfterCompletion: 'NONE',
      }),
    );
    await x.runtime.advanceBy('P60D');
    await x.runtime.advanceBy('P60D');
    expect(x.calls).toHaveLength(1);
    expect(x.calls[0]).toMatchObject({ payload: { x: 1 } });
    expect(x.calls[0]?.at.toISOString()).toBe('2026-02-01T00:00:00.000Z');
    const got = await x.scheduler.send(new GetScheduleCommand({ Name: 'r2', GroupName: 'cases' }));
    expect(got).toMatchObject({ Name: 'r2', GroupName: 'cases', State: 'ENABLED', ScheduleExpression: 'at(2026-02-01T00:00:00)' });
    expect(got.Target?.Input).toBe('{"x":1}');
  });

  it('re-fires a Lambda-target schedule whose invocation was interrupted by a stop, and skips disabled ones', async () => {
    const x = await setup();
    x.lambdas.set('remind', () => new Promise(() => undefined));
    const create = (name: string, state: 'ENABLED' | 'DISABLED'): Promise<unknown> =>
      x.scheduler.send(
        new CreateScheduleCommand({
          Name: name,
          State: state,
          ScheduleExpression: 'at(2026-01-02T00:00:00)',
          FlexibleTimeWindow: { Mode: 'OFF' },
          Target: { Arn: `${FN}remind`, RoleArn: ROLE, Input: JSON.stringify({ name }) },
          ActionAfterCompletion: 'DELETE',
        }),
      );
    await create('interrupted', 'ENABLED');
    await create('paused', 'DISABLED');
    const advancing = x.runtime.advanceBy('P2D');
    await eventually(() => x.calls.length === 1);
    x.lambdas.set('remind', () => Promise.resolve(null));
    await x.restart();
    void advancing.catch(() => undefined);
    await x.runtime.advanceBy('P1D');
    expect(x.calls.map((c) => c.payload)).toEqual([{ name: 'interrupted' }, { name: 'interrupted' }]);
    await expect(x.scheduler.send(new GetScheduleCommand({ Name: 'interrupted' }))).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
    });
    expect((await x.scheduler.send(new GetScheduleCommand({ Name: 'paused' }))).State).toBe('DISABLED');
  });

  it('reads at() in the schedule time zone across daylight saving time', () => {
    expect(new Date(zonedTimeToUtc([2026, 7, 1, 9, 0, 0], 'America/New_York')).toISOString()).toBe('2026-07-01T13:00:00.000Z');
    expect(new Date(zonedTimeToUtc([2026, 1, 15, 9, 0, 0], 'America/New_York')).toISOString()).toBe('2026-01-15T14:00:00.000Z');
    expect(new Date(zonedTimeToUtc([2026, 3, 29, 12, 0, 0], 'Europe/Paris')).toISOString()).toBe('2026-03-29T10:00:00.000Z');
  });

  it('fires a rate() schedule once per period as the clock moves, and keeps it', async () => {
    const x = await setup();
    const sm = await createSm(x, 'daily', definition({ P: { Type: 'Pass', End: true } }, 'P'));
    await x.scheduler.send(
      new CreateScheduleCommand({
        Name: 'daily',
        ScheduleExpression: 'rate(1 day)',
        FlexibleTimeWindow: { Mode: 'OFF' },
        Target: { Arn: sm, RoleArn: ROLE },
      }),
    );
    await x.runtime.advanceBy('PT23H');
    expect(x.runtime.listExecutions({ stateMachineArn: sm })).toHaveLength(0);
    await x.runtime.advanceBy('P3D');
    expect(x.runtime.listExecutions({ stateMachineArn: sm })).toHaveLength(3);
    expect((await x.scheduler.send(new GetScheduleCommand({ Name: 'daily' }))).ScheduleExpression).toBe('rate(1 day)');
  });

  it('refuses cron() expressions and malformed rates', async () => {
    const x = await setup();
    for (const expr of ['cron(0 12 * * ? *)', 'rate(1 days)', 'rate(0 minutes)', 'rate(5 weeks)']) {
      const err: unknown = await x.scheduler
        .send(
          new CreateScheduleCommand({
            Name: 'recurring',
            ScheduleExpression: expr,
            FlexibleTimeWindow: { Mode: 'OFF' },
            Target: { Arn: `${FN}remind`, RoleArn: ROLE },
          }),
        )
        .catch((e: unknown) => e);
      expect(err).toMatchObject({ name: 'ValidationException' });
      expect((err as Error).message).toContain('at()');
    }
  });
});

describe('/_local routes', () => {
  it('advances the clock over HTTP, firing what is due, and lists executions with their history', async () => {
    const x = await setup();
    const sm = await createSm(x, 'w', definition({ W: { Type: 'Wait', Seconds: 3 * 86_400, End: true } }, 'W'));
    const { executionArn } = await x.sfn.send(new StartExecutionCommand({ stateMachineArn: sm, name: 'w1' }));
    const base = x.api.stepfunctionsEndpoint;
    const clock = (await (await fetch(`${base}/_local/clock`)).json()) as { now: string; nextDueAt: string };
    expect(clock).toEqual({ now: T0.toISOString(), nextDueAt: new Date(T0.getTime() + 3 * DAY).toISOString() });
    const advanced = await fetch(`${base}/_local/clock/advance`, { method: 'POST', body: JSON.stringify({ by: 'P1W' }) });
    expect(advanced.status).toBe(200);
    expect(((await advanced.json()) as { now: string }).now).toBe(new Date(T0.getTime() + 7 * DAY).toISOString());
    const list = (await (await fetch(`${base}/_local/executions?status=SUCCEEDED`)).json()) as {
      executions: Array<{ executionArn: string }>;
    };
    expect(list.executions.map((e) => e.executionArn)).toEqual([executionArn]);
    const history = (await (await fetch(`${base}/_local/history?executionArn=${encodeURIComponent(executionArn ?? '')}`)).json()) as {
      events: Array<{ type: string }>;
    };
    expect(history.events.at(-1)?.type).toBe('ExecutionSucceeded');
    const bad = await fetch(`${base}/_local/clock/advance`, { method: 'POST', body: JSON.stringify({ by: 'soon' }) });
    expect(bad.status).toBe(400);
  });
});
