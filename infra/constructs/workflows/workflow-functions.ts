// The functions the case workflows call, and the role EventBridge Scheduler uses for reminders.
import { Duration, Stack } from 'aws-cdk-lib';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import type { IGrantable } from 'aws-cdk-lib/aws-iam';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import { ScheduleGroup } from 'aws-cdk-lib/aws-scheduler';
import { CaseworkFunction } from '../casework-function.ts';

/** The casework's own EventBridge Scheduler group: reminders and check-ins, never `default`. */
export const SCHEDULE_GROUP = 'casework';

export class WorkflowFunctions extends Construct {
  readonly openHumanTask: CaseworkFunction;
  readonly caseActions: CaseworkFunction;
  readonly taskReminder: CaseworkFunction;
  /** Assumed by EventBridge Scheduler to run reminders and start check-ins. */
  readonly schedulerRole: Role;
  /** Where every schedule of the casework is created (removing the group removes its schedules: retained). */
  readonly scheduleGroup: ScheduleGroup;
  /** The group's name: `casework`, or `casework-<stage>` for a deployed stage (two stages may share an account). */
  readonly scheduleGroupName: string;
  /**
   * Where EventBridge Scheduler puts an event it could not deliver after its retries (every
   * schedule's DeadLetterConfig): reminders, check-in starts, the retention sweep.
   */
  readonly scheduleDeadLetters: Queue;
  /**
   * Where Lambda puts an asynchronous invocation whose function failed (threw, timed out) on every
   * attempt: the schedules' targets (reminders, the retention sweep). The schedule's DeadLetterConfig
   * only catches events Scheduler could not deliver; a delivered event the function fails on ends here.
   */
  readonly asyncFailures: Queue;

  constructor(scope: Construct, id: string, props: { table: ITable; stage?: string }) {
    super(scope, id);
    const { account } = Stack.of(this);
    this.scheduleGroupName = props.stage && props.stage !== 'local' ? `${SCHEDULE_GROUP}-${props.stage}` : SCHEDULE_GROUP;
    this.scheduleGroup = new ScheduleGroup(this, 'Schedules', { scheduleGroupName: this.scheduleGroupName });
    this.schedulerRole = new Role(this, 'SchedulerRole', {
      assumedBy: new ServicePrincipal('scheduler.amazonaws.com', { conditions: { StringEquals: { 'aws:SourceAccount': account } } }),
      description: 'Lets one-time schedules remind about tasks and start reintegration check-ins',
    });
    this.scheduleDeadLetters = new Queue(this, 'ScheduleDeadLetters', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    // EventBridge Scheduler needs only SendMessage on the dead-letter queue (SQS managed encryption: no key to grant).
    this.schedulerRole.addToPrincipalPolicy(
      new PolicyStatement({ actions: ['sqs:SendMessage'], resources: [this.scheduleDeadLetters.queueArn] }),
    );

    this.asyncFailures = new Queue(this, 'AsyncFailures', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });

    this.taskReminder = new CaseworkFunction(this, 'TaskReminder', {
      entry: 'functions/task-reminder/handler.ts',
      description: 'Reminds about a task before and after its due date; escalates to supervisors',
    }).bindTable(props.table, ['GetItem', 'PutItem', 'UpdateItem', 'ConditionCheckItem']);
    onAsyncFailure(this.taskReminder, this.asyncFailures);
    allowInvoke(this.schedulerRole, this.taskReminder);

    this.openHumanTask = new CaseworkFunction(this, 'OpenHumanTask', {
      entry: 'functions/open-human-task/handler.ts',
      description: 'Opens the task of a human step for a waiting workflow (.waitForTaskToken)',
      environment: {
        REMINDER_FUNCTION_ARN: this.taskReminder.functionArn,
        SCHEDULER_ROLE_ARN: this.schedulerRole.roleArn,
        SCHEDULE_GROUP: this.scheduleGroup.scheduleGroupName,
        SCHEDULE_DEAD_LETTER_ARN: this.scheduleDeadLetters.queueArn,
      },
    }).bindTable(props.table, ['GetItem', 'PutItem', 'UpdateItem', 'ConditionCheckItem']);
    this.openHumanTask.addToRolePolicy(new PolicyStatement({ actions: ['scheduler:CreateSchedule'], resources: [this.schedulesArn()] }));
    this.schedulerRole.grantPassRole(this.openHumanTask.grantPrincipal);

    this.caseActions = new CaseworkFunction(this, 'CaseActions', {
      entry: 'functions/case-actions/handler.ts',
      description: 'Stage changes, closure, step timeouts and check-in scores for workflows',
    }).bindTable(props.table, ['GetItem', 'Query', 'PutItem', 'UpdateItem', 'DeleteItem', 'ConditionCheckItem']);
  }

  /** Every schedule of the group (names are per task and per check-in, known only at run time). */
  schedulesArn(): string {
    const { region, account } = Stack.of(this);
    return `arn:aws:scheduler:${region}:${account}:schedule/${this.scheduleGroupName}/*`;
  }
}

/** lambda:InvokeFunction on the function itself only (not on every version and alias, as grantInvoke does). */
/** Lambda's own retries of an asynchronous invocation that failed: then the event goes to the queue. */
export const ASYNC_RETRY_ATTEMPTS = 2;
export const ASYNC_MAX_EVENT_AGE = Duration.hours(1);

/** A function invoked asynchronously (a schedule's target): bounded retries, then its failed events kept in `queue`. */
export function onAsyncFailure(fn: CaseworkFunction, queue: Queue): void {
  fn.configureAsyncInvoke({ onFailure: new SqsDestination(queue), retryAttempts: ASYNC_RETRY_ATTEMPTS, maxEventAge: ASYNC_MAX_EVENT_AGE });
}

export function allowInvoke(grantee: IGrantable, fn: IFunction): void {
  grantee.grantPrincipal.addToPrincipalPolicy(new PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: [fn.functionArn] }));
}
