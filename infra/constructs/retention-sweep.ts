// Retention (docs/data-protection.md): a weekly EventBridge Scheduler schedule in the casework's
// group invokes the sweep that anonymises closed cases past their programme's period. The schedule
// has its own role, allowed to invoke that function only; the function may read the case partitions
// and the index of closed cases, and write only what an erasure writes.
import { Stack } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { CfnSchedule, type ScheduleGroup } from 'aws-cdk-lib/aws-scheduler';
import { Duration } from 'aws-cdk-lib';
import type { IQueue, Queue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { RetentionPolicy } from '../../domain/privacy/retention.ts';
import { CaseworkFunction } from './casework-function.ts';
import { allowInvoke, onAsyncFailure } from './workflows/workflow-functions.ts';

export const RETENTION_SCHEDULE_NAME = 'retention-sweep';

export class RetentionSweep extends Construct {
  readonly function: CaseworkFunction;
  readonly schedule: CfnSchedule;
  readonly role: Role;

  constructor(
    scope: Construct,
    id: string,
    props: { table: ITable; scheduleGroup: ScheduleGroup; policy: RetentionPolicy; deadLetters: IQueue; asyncFailures: Queue },
  ) {
    super(scope, id);
    this.function = new CaseworkFunction(this, 'Function', {
      entry: 'functions/retention-sweep/handler.ts',
      description: 'Weekly: anonymises the closed cases past their programme’s retention period',
      timeout: Duration.minutes(5),
      environment: { RETENTION_DAYS: JSON.stringify(props.policy) },
    }).bindTable(props.table, ['GetItem', 'Query', 'PutItem', 'UpdateItem', 'DeleteItem']);
    this.role = new Role(this, 'ScheduleRole', {
      assumedBy: new ServicePrincipal('scheduler.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(this).account } },
      }),
      description: 'Lets the weekly retention schedule invoke the retention sweep, and nothing else',
    });
    allowInvoke(this.role, this.function);
    // A sweep that fails after delivery: Lambda's bounded retries, then the event in the failures queue (alarmed).
    onAsyncFailure(this.function, props.asyncFailures);
    this.role.addToPrincipalPolicy(new PolicyStatement({ actions: ['sqs:SendMessage'], resources: [props.deadLetters.queueArn] }));
    this.schedule = new CfnSchedule(this, 'Schedule', {
      name: RETENTION_SCHEDULE_NAME,
      groupName: props.scheduleGroup.scheduleGroupName,
      description: 'Anonymises closed cases past their retention period',
      scheduleExpression: 'rate(7 days)',
      flexibleTimeWindow: { mode: 'OFF' },
      target: {
        arn: this.function.functionArn,
        roleArn: this.role.roleArn,
        input: '{}',
        retryPolicy: { maximumRetryAttempts: 3, maximumEventAgeInSeconds: 3600 },
        deadLetterConfig: { arn: props.deadLetters.queueArn },
      },
    });
    // The group's name is a literal: without this, CloudFormation could create the schedule first.
    this.schedule.node.addDependency(props.scheduleGroup);
  }
}
