// Keeps the indicators' counters as cases change (docs/indicators.md): a function on the table's
// stream, filtered to new images of case items and of completed vulnerability assessments' tasks (INSERT and MODIFY), with its own dead-letter queue
// (alarmed with every other one). It reads and writes only its own items: the per-case state
// (`INDCASE#`), the counters (`INDICATORS#`) and the trafficking rows (`CTDC#`), by
// `dynamodb:LeadingKeys`; it never reads a person or the sensitive answers.
import { Duration } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { FilterCriteria, FilterRule, StartingPosition } from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { CaseworkFunction } from './casework-function.ts';

/** The partition key prefixes of the items the consumer owns. */
export const INDICATOR_KEY_PATTERNS = ['INDCASE#*', 'INDICATORS#*', 'CTDC#*'];

export class IndicatorKeeper extends Construct {
  readonly function: CaseworkFunction;
  readonly deadLetters: Queue;

  constructor(scope: Construct, id: string, props: { table: ITable }) {
    super(scope, id);
    this.function = new CaseworkFunction(this, 'MaintainIndicators', {
      entry: 'functions/maintain-indicators/handler.ts',
      description: 'Keeps the indicators’ counters from each new image of a case, from the table stream (idempotent per case version)',
    });
    this.function.addEnvironment('TABLE_NAME', props.table.tableName);
    this.function.addToRolePolicy(
      new PolicyStatement({
        actions: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem'],
        resources: [props.table.tableArn],
        conditions: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': INDICATOR_KEY_PATTERNS } },
      }),
    );
    if (props.table.encryptionKey) {
      this.function.addToRolePolicy(
        new PolicyStatement({
          actions: ['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey', 'kms:DescribeKey'],
          resources: [props.table.encryptionKey.keyArn],
        }),
      );
    }
    this.deadLetters = new Queue(this, 'Undelivered', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    this.function.addEventSource(
      new DynamoEventSource(props.table, {
        startingPosition: StartingPosition.TRIM_HORIZON,
        batchSize: 100,
        retryAttempts: 10,
        maxRecordAge: Duration.days(1),
        bisectBatchOnError: true,
        reportBatchItemFailures: true,
        onFailure: new SqsDlq(this.deadLetters),
        filters: [
          FilterCriteria.filter({
            eventName: FilterRule.or('INSERT', 'MODIFY') as unknown,
            dynamodb: { NewImage: { entity: { S: FilterRule.isEqual('Case') as unknown } } },
          }),
          // A completed vulnerability assessment: its trafficking codes go into the case's CTDC row.
          FilterCriteria.filter({
            eventName: FilterRule.or('INSERT', 'MODIFY') as unknown,
            dynamodb: {
              NewImage: {
                entity: { S: FilterRule.isEqual('Task') as unknown },
                step: { S: FilterRule.isEqual('vulnerability-assessment') as unknown },
                status: { S: FilterRule.isEqual('completed') as unknown },
              },
            },
          }),
        ],
      }),
    );
  }
}
