// EventBridge Scheduler adapter: one-time schedules that remind about a task, deleted after they fire.
import { ConflictException, CreateScheduleCommand, type SchedulerClient } from '@aws-sdk/client-scheduler';
import type { ReminderKind, TaskRecord } from '../../../domain/tasks/model.ts';
import type { ReminderScheduler } from '../../../domain/tasks/open-task.ts';

export class SchedulerTaskReminders implements ReminderScheduler {
  constructor(
    private readonly client: SchedulerClient,
    /** `deadLetterArn`: the SQS queue an undeliverable reminder goes to once its retries are spent. */
    private readonly target: { functionArn: string; roleArn: string; groupName?: string; deadLetterArn?: string },
  ) {}

  async schedule(task: TaskRecord, reminders: { kind: ReminderKind; at: Date }[]): Promise<void> {
    await Promise.all(
      reminders.map(async ({ kind, at }) => {
        try {
          await this.client.send(
            new CreateScheduleCommand({
              Name: `${task.taskId}-${kind}`,
              ...(this.target.groupName ? { GroupName: this.target.groupName } : {}),
              ScheduleExpression: `at(${at.toISOString().slice(0, 19)})`,
              ScheduleExpressionTimezone: 'UTC',
              FlexibleTimeWindow: { Mode: 'OFF' },
              ActionAfterCompletion: 'DELETE',
              Target: {
                Arn: this.target.functionArn,
                RoleArn: this.target.roleArn,
                Input: JSON.stringify({ taskId: task.taskId, kind }),
                RetryPolicy: { MaximumRetryAttempts: 10, MaximumEventAgeInSeconds: 86_400 },
                ...(this.target.deadLetterArn ? { DeadLetterConfig: { Arn: this.target.deadLetterArn } } : {}),
              },
            }),
          );
        } catch (error) {
          // Created by an earlier attempt of the same step: already scheduled.
          if (!(error instanceof ConflictException)) throw error;
        }
      }),
    );
  }
}
