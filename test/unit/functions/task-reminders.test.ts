// A task's reminders are one-time EventBridge Scheduler schedules: each retried, then dead-lettered
// (the schedules' queue, alarmed) rather than lost once its retries are spent.
import { beforeEach, describe, expect, it } from 'vitest';
import { mockClient } from 'aws-sdk-client-mock';
import { ConflictException, CreateScheduleCommand, SchedulerClient } from '@aws-sdk/client-scheduler';
import { SchedulerTaskReminders } from '../../../functions/adapters/scheduler/task-reminders.ts';
import type { TaskRecord } from '../../../domain/tasks/model.ts';

const scheduler = mockClient(SchedulerClient);
const task = { taskId: 'task-1' } as TaskRecord;
const target = {
  functionArn: 'arn:aws:lambda:eu-west-3:1:function:reminder',
  roleArn: 'arn:aws:iam::1:role/scheduler',
  groupName: 'casework-dev',
};

beforeEach(() => scheduler.reset());

describe('the task reminders', () => {
  it('each schedule has a retry policy and, when given, the dead-letter queue', async () => {
    scheduler.on(CreateScheduleCommand).resolves({});
    const deadLetterArn = 'arn:aws:sqs:eu-west-3:1:schedule-dead-letters';
    await new SchedulerTaskReminders(new SchedulerClient({}), { ...target, deadLetterArn }).schedule(task, [
      { kind: 'due-soon', at: new Date('2026-12-01T09:00:00Z') },
    ]);
    const input = scheduler.commandCalls(CreateScheduleCommand)[0]!.args[0].input;
    expect(input).toMatchObject({
      GroupName: 'casework-dev',
      Target: { RetryPolicy: { MaximumRetryAttempts: 10 }, DeadLetterConfig: { Arn: deadLetterArn } },
    });
  });

  it('a schedule an earlier attempt created is taken as done', async () => {
    scheduler.on(CreateScheduleCommand).rejects(new ConflictException({ message: 'exists', Message: 'exists', $metadata: {} }));
    await expect(
      new SchedulerTaskReminders(new SchedulerClient({}), target).schedule(task, [
        { kind: 'due-soon', at: new Date('2026-12-01T09:00:00Z') },
      ]),
    ).resolves.toBeUndefined();
    expect(scheduler.commandCalls(CreateScheduleCommand)[0]!.args[0].input.Target).not.toHaveProperty('DeadLetterConfig');
  });
});
