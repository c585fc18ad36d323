import { GetScheduleCommand } from '@aws-sdk/client-scheduler';
import {
  CreateStateMachineCommand,
  DescribeExecutionCommand,
  GetExecutionHistoryCommand,
  SendTaskHeartbeatCommand,
  SendTaskSuccessCommand,
  StartExecutionCommand,
} from '@aws-sdk/client-sfn';
import { describe, expect, it, vi } from 'vitest';
import { LambdaInvokeFailure } from '../../src/contract.ts';
import { createInterpreter } from '../../src/engine/index.ts';
import { WorkflowStore } from '../../src/runtime/store.ts';
import { createSm, DAY, FN, harnessPerTest, ROLE, T0, type Harness } from './harness.ts';

const asl = (states: Record<string, unknown>, startAt: string): string =>
  JSON.stringify({ QueryLanguage: 'JSONata', StartAt: startAt, States: states });

async function describe_(
  x: Harness,
  executionArn: string | undefined,
): Promise<{ status?: string; output?: string; error?: string; stopDate?: Date }> {
  return x.sfn.send(new DescribeExecutionCommand({ executionArn }));
}

// Each test runs on an interpreter returning its events and on one deriving histories on demand.
describe.each(['returned', 'derived'] as const)('runtime with the real interpreter (histories %s)', (history) => {
  const setup = harnessPerTest(() => ({ interpreter: createInterpreter({ history }) }));

  it('runs a JSONata case flow: lambda with Retry, a 30-day Wait, then a callback task with heartbeats', async () => {
    const x = await setup();
    let assessments = 0;
    x.lambdas.set('assess', (_fn, payload) => {
      assessments++;
      if (assessments === 1) return Promise.reject(new LambdaInvokeFailure({ errorType: 'Upstream.Busy', errorMessage: 'busy' }));
      return Promise.resolve({ score: 7, caseId: (payload as { caseId: string }).caseId });
    });
    const tokens: string[] = [];
    x.lambdas.set('notify', (_fn, payload) => {
      tokens.push((payload as { token: string }).token);
      return Promise.resolve(null);
    });
    const sm = await createSm(
      x,
      'case-flow',
      asl(
        {
          Assess: {
            Type: 'Task',
            Resource: 'arn:aws:states:::lambda:invoke',
            Arguments: { FunctionName: `${FN}assess`, Payload: '{% $states.input %}' },
            Output: '{% $states.result.Payload %}',
            Retry: [{ ErrorEquals: ['Upstream.Busy'], IntervalSeconds: 60, MaxAttempts: 2, BackoffRate: 2 }],
            Next: 'Cooling',
          },
          Cooling: { Type: 'Wait', Seconds: 30 * 86_400, Next: 'Review' },
          Review: {
            Type: 'Task',
            Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken',
            Arguments: {
              FunctionName: `${FN}notify`,
              Payload: { token: '{% $states.context.Task.Token %}', score: '{% $states.input.score %}' },
            },
            HeartbeatSeconds: 7 * 86_400,
            Next: 'Done',
          },
          Done: { Type: 'Succeed' },
        },
        'Assess',
      ),
    );
    const { executionArn } = await x.sfn.send(new StartExecutionCommand({ stateMachineArn: sm, name: 'c-1', input: '{"caseId":"c-1"}' }));
    await x.runtime.advanceBy('PT1M');
    expect(x.calls.map((c) => c.at.getTime() - T0.getTime())).toEqual([0, 60_000]);
    await x.runtime.advanceBy('P29D');
    expect(tokens).toHaveLength(0);
    await x.restart();
    await x.runtime.advanceBy('P2D');
    expect(tokens).toHaveLength(1);
    await x.sfn.send(new SendTaskHeartbeatCommand({ taskToken: tokens[0] }));
    await x.runtime.advanceBy('P6D');
    expect((await describe_(x, executionArn)).status).toBe('RUNNING');
    await x.sfn.send(new SendTaskSuccessCommand({ taskToken: tokens[0], output: '{"decision":"approved"}' }));
    const d = await describe_(x, executionArn);
    expect(d.status).toBe('SUCCEEDED');
    expect(JSON.parse(d.output ?? 'null')).toEqual({ decision: 'approved' });
    const history = await x.sfn.send(new GetExecutionHistoryCommand({ executionArn, maxResults: 1000 }));
    const ids = (history.events ?? []).map((e) => e.id);
    expect(ids).toEqual(ids.map((_id, i) => i + 1));
  });

  it('fails a callback task whose heartbeat stops, at the heartbeat deadline', async () => {
    const x = await setup();
    x.lambdas.set('notify', () => Promise.resolve(null));
    const sm = await createSm(
      x,
      'hb',
      asl(
        {
          Review: {
            Type: 'Task',
            Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken',
            Arguments: { FunctionName: `${FN}notify`, Payload: { token: '{% $states.context.Task.Token %}' } },
            HeartbeatSeconds: 3600,
            End: true,
          },
        },
        'Review',
      ),
    );
    const { executionArn } = await x.sfn.send(new StartExecutionCommand({ stateMachineArn: sm }));
    await x.runtime.advanceBy('P1D');
    const d = await describe_(x, executionArn);
    expect(d.status).toBe('FAILED');
    // What AWS reports for a missed heartbeat, as the recorded executions show (a Catch on
    // States.HeartbeatTimeout still matches it).
    expect(d.error).toBe('States.Timeout');
    expect(d.stopDate?.getTime()).toBe(T0.getTime() + 3_600_000);
  });

  it('times the whole execution out at its TimeoutSeconds, closing the pending task token', async () => {
    const x = await setup();
    const tokens: string[] = [];
    x.lambdas.set('notify', (_fn, payload) => {
      tokens.push((payload as { token: string }).token);
      return Promise.resolve(null);
    });
    const sm = await createSm(
      x,
      'deadline',
      JSON.stringify({
        QueryLanguage: 'JSONata',
        TimeoutSeconds: 90 * 86_400,
        StartAt: 'Review',
        States: {
          Review: {
            Type: 'Task',
            Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken',
            Arguments: { FunctionName: `${FN}notify`, Payload: { token: '{% $states.context.Task.Token %}' } },
            End: true,
          },
        },
      }),
    );
    const { executionArn } = await x.sfn.send(new StartExecutionCommand({ stateMachineArn: sm }));
    await x.runtime.advanceBy('P89D');
    expect((await describe_(x, executionArn)).status).toBe('RUNNING');
    await x.runtime.advanceBy('P2D');
    const d = await describe_(x, executionArn);
    expect(d.status).toBe('TIMED_OUT');
    expect(d.stopDate?.getTime()).toBe(T0.getTime() + 90 * DAY);
    await expect(x.sfn.send(new SendTaskSuccessCommand({ taskToken: tokens[0], output: '{}' }))).rejects.toMatchObject({
      name: 'TaskTimedOut',
    });
  });

  it('creates a schedule from a workflow (aws-sdk:scheduler) that later starts another workflow, exactly once', async () => {
    const x = await setup();
    const reminder = await createSm(x, 'reminder', asl({ Done: { Type: 'Pass', End: true } }, 'Done'));
    const planner = await createSm(
      x,
      'planner',
      asl(
        {
          Plan: {
            Type: 'Task',
            Resource: 'arn:aws:states:::aws-sdk:scheduler:createSchedule',
            Arguments: {
              Name: 'remind-c9',
              ScheduleExpression: 'at(2026-04-01T09:00:00)',
              FlexibleTimeWindow: { Mode: 'OFF' },
              ActionAfterCompletion: 'DELETE',
              Target: { Arn: reminder, RoleArn: ROLE, Input: '{% $string({"caseId": $states.input.caseId}) %}' },
            },
            End: true,
          },
        },
        'Plan',
      ),
    );
    const { executionArn } = await x.sfn.send(new StartExecutionCommand({ stateMachineArn: planner, input: '{"caseId":"c9"}' }));
    await x.runtime.settle();
    const planned = await describe_(x, executionArn);
    expect(planned.status).toBe('SUCCEEDED');
    expect(JSON.parse(planned.output ?? '{}')).toMatchObject({
      ScheduleArn: expect.stringContaining('schedule/default/remind-c9') as unknown,
    });
    await x.runtime.advanceTo(new Date('2026-04-01T08:59:00Z'));
    expect(x.runtime.listExecutions({ stateMachineArn: reminder })).toHaveLength(0);
    await x.runtime.advanceBy('P365D');
    const fired = x.runtime.listExecutions({ stateMachineArn: reminder });
    expect(fired).toHaveLength(1);
    expect(fired[0]).toMatchObject({ status: 'SUCCEEDED', input: '{"caseId":"c9"}' });
    expect(fired[0]?.startDate.toISOString()).toBe('2026-04-01T09:00:00.000Z');
    await expect(x.scheduler.send(new GetScheduleCommand({ Name: 'remind-c9' }))).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
    });
    expect(x.clock.now().getTime()).toBe(new Date('2026-04-01T08:59:00Z').getTime() + 365 * DAY);
  });

  it('runs a child workflow with states:startExecution.sync:2 and hands its output to the parent', async () => {
    const x = await setup();
    const child = await createSm(
      x,
      'child',
      asl(
        {
          Wait: { Type: 'Wait', Seconds: 3600, Next: 'Out' },
          Out: { Type: 'Pass', Output: { doubled: '{% $states.input.n * 2 %}' }, End: true },
        },
        'Wait',
      ),
    );
    const parent = await createSm(
      x,
      'parent',
      asl(
        {
          Call: {
            Type: 'Task',
            Resource: 'arn:aws:states:::states:startExecution.sync:2',
            Arguments: { StateMachineArn: child, Input: '{% $states.input %}' },
            Output: '{% $states.result.Output %}',
            End: true,
          },
        },
        'Call',
      ),
    );
    const { executionArn } = await x.sfn.send(new StartExecutionCommand({ stateMachineArn: parent, input: '{"n":21}' }));
    await x.runtime.settle();
    expect((await describe_(x, executionArn)).status).toBe('RUNNING');
    await x.runtime.advanceBy('PT2H');
    const d = await describe_(x, executionArn);
    expect(d.status).toBe('SUCCEEDED');
    expect(JSON.parse(d.output ?? 'null')).toEqual({ doubled: 42 });
  });

  it('commits the starts that arrive together in one transaction, each answered with its own outcome, all durable', async () => {
    const x = await setup();
    const sm = await createSm(x, 'burst', asl({ Hold: { Type: 'Wait', Seconds: 3600, Next: 'Done' }, Done: { Type: 'Succeed' } }, 'Hold'));
    const transactions = vi.spyOn(WorkflowStore.prototype, 'transaction');
    try {
      const start = (name: string, input: string) =>
        x.runtime.startExecutionGrouped({ stateMachineArn: sm, name, input }).then(
          (out) => ({ ok: true as const, arn: out.executionArn }),
          (error: unknown) => ({ ok: false as const, code: (error as { code?: string }).code }),
        );
      const answers = await Promise.all([
        ...['b-1', 'b-2', 'b-3', 'b-4', 'b-5'].map((name) => start(name, `{"n":"${name}"}`)),
        start('b-1', '{"n":"b-1"}'), // the same start again: the same execution (AWS's name idempotency)
        start('b-2', '{"n":"other"}'), // the same name with another input: refused, alone
        start('bad name?', '{}'), // an invalid name: refused, alone
      ]);
      // One transaction for the eight (one fsync), not one each.
      expect(transactions).toHaveBeenCalledTimes(1);
      const arnOf = (name: string) => `${sm.replace(':stateMachine:', ':execution:')}:${name}`;
      expect(answers.slice(0, 6)).toEqual([...['b-1', 'b-2', 'b-3', 'b-4', 'b-5', 'b-1'].map((name) => ({ ok: true, arn: arnOf(name) }))]);
      expect(answers[6]).toEqual({ ok: false, code: 'ExecutionAlreadyExists' });
      expect(answers[7]).toEqual({ ok: false, code: 'InvalidName' });
    } finally {
      transactions.mockRestore();
    }
    // Through the API too, and every answered start survives a restart.
    const { executionArn } = await x.sfn.send(new StartExecutionCommand({ stateMachineArn: sm, name: 'b-6', input: '{}' }));
    await x.restart();
    for (const name of ['b-1', 'b-2', 'b-3', 'b-4', 'b-5', 'b-6']) {
      const arn = `${sm.replace(':stateMachine:', ':execution:')}:${name}`;
      expect((await describe_(x, arn)).status).toBe('RUNNING');
    }
    expect(executionArn).toMatch(/:b-6$/);
    await x.runtime.advanceBy('PT2H');
    expect((await describe_(x, executionArn)).status).toBe('SUCCEEDED');
  });

  it('starts the state machine as last registered (a new definition, then a deleted one)', async () => {
    const x = await setup();
    const register = (result: string) =>
      x.runtime.registerStateMachine({
        name: 'versions',
        definition: asl({ Done: { Type: 'Pass', Output: { result }, End: true } }, 'Done'),
        roleArn: ROLE,
      }).stateMachineArn;
    const arn = register('first');
    const run = async (name: string) => {
      const { executionArn } = await x.runtime.startExecutionGrouped({ stateMachineArn: arn, name, input: '{}' });
      await x.runtime.settle();
      return (await describe_(x, executionArn)).output;
    };
    expect(await run('v-1')).toBe('{"result":"first"}');
    register('second');
    expect(await run('v-2')).toBe('{"result":"second"}');
    x.runtime.deleteStateMachine(arn);
    await expect(x.runtime.startExecutionGrouped({ stateMachineArn: arn, name: 'v-3', input: '{}' })).rejects.toMatchObject({
      code: 'StateMachineDoesNotExist',
    });
  });

  it('refuses an unsupported feature at CreateStateMachine, naming the state', async () => {
    const x = await setup();
    const def = asl({ Legacy: { Type: 'Task', Resource: 'arn:aws:states:us-east-1:123456789012:activity:approve', End: true } }, 'Legacy');
    const err: unknown = await x.sfn
      .send(new CreateStateMachineCommand({ name: 'legacy', definition: def, roleArn: ROLE }))
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ name: 'InvalidDefinition' });
    expect((err as Error).message).toContain('Legacy');
  });
});
