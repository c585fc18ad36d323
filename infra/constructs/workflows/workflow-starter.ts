// Starts the workflow phases that use cases ask for: a function on the table's stream, filtered to
// new WorkflowStart items (written in the same transaction as the change that needs the phase).
import { Duration } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { FilterCriteria, FilterRule, StartingPosition } from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { CaseworkFunction } from '../casework-function.ts';

/**
 * The event source of a stream consumer that only sees new items of one entity (and, with `only`,
 * whose other top-level string attributes have the values given).
 */
export function newItemsOf(
  scope: Construct,
  table: ITable,
  entity: string | string[],
  only: Record<string, string> = {},
): DynamoEventSource {
  const deadLetters = new Queue(scope, 'Undelivered', {
    encryption: QueueEncryption.SQS_MANAGED,
    enforceSSL: true,
    retentionPeriod: Duration.days(14),
  });
  return new DynamoEventSource(table, {
    startingPosition: StartingPosition.TRIM_HORIZON,
    batchSize: 25,
    retryAttempts: 10,
    // Bounded: a record older than a day (the stream keeps 24 hours) goes to the dead letters too.
    maxRecordAge: Duration.days(1),
    bisectBatchOnError: true,
    reportBatchItemFailures: true,
    onFailure: new SqsDlq(deadLetters),
    filters: [
      FilterCriteria.filter({
        eventName: FilterRule.isEqual('INSERT') as unknown,
        dynamodb: {
          NewImage: {
            entity: { S: (typeof entity === 'string' ? FilterRule.isEqual(entity) : FilterRule.or(...entity)) as unknown },
            ...Object.fromEntries(Object.entries(only).map(([name, value]) => [name, { S: FilterRule.isEqual(value) as unknown }])),
          },
        },
      }),
    ],
  });
}

export class WorkflowStarter extends Construct {
  readonly function: CaseworkFunction;

  constructor(scope: Construct, id: string, props: { table: ITable; caseWorkflows: Record<string, string> }) {
    super(scope, id);
    this.function = new CaseworkFunction(this, 'StartWorkflows', {
      entry: 'functions/start-workflows/handler.ts',
      description: 'Starts case workflow phases by name from the table stream (transactional outbox)',
      environment: { CASE_WORKFLOW_ARNS: JSON.stringify(props.caseWorkflows) },
    });
    // WorkflowStop: a case closed by another case's change (a departure through AVRR) stops its execution.
    this.function.addEventSource(newItemsOf(this, props.table, ['WorkflowStart', 'WorkflowStop']));
  }
}
