// The single operational table. Its definition feeds AWS (CloudFormation) and the local runtime,
// which creates DynamoDB Local tables from the synthesized template.
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { AttributeType, BillingMode, ProjectionType, StreamViewType, Table, TableEncryption } from 'aws-cdk-lib/aws-dynamodb';
import { Key } from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { TABLE_KEYS } from '../../functions/adapters/dynamodb/keys.ts';

export class CaseworkTable extends Construct {
  readonly table: Table;
  readonly key: Key;

  /** `retain: false` (a dev stage): the table and its key go with the stack; otherwise retained and protected. */
  constructor(scope: Construct, id: string, props: { retain?: boolean } = {}) {
    super(scope, id);
    const retain = props.retain !== false;
    const removalPolicy = retain ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;
    this.key = new Key(this, 'Key', {
      description: 'Encrypts casework data: personal data of vulnerable people',
      enableKeyRotation: true,
      removalPolicy,
      ...(retain ? {} : { pendingWindow: Duration.days(7) }),
    });
    this.table = new Table(this, 'Table', {
      partitionKey: { name: TABLE_KEYS.partitionKey, type: AttributeType.STRING },
      sortKey: { name: TABLE_KEYS.sortKey, type: AttributeType.STRING },
      billingMode: BillingMode.PAY_PER_REQUEST,
      encryption: TableEncryption.CUSTOMER_MANAGED,
      encryptionKey: this.key,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: retain,
      removalPolicy,
      timeToLiveAttribute: TABLE_KEYS.ttl,
      // The outbox is sent from the stream of new items.
      stream: StreamViewType.NEW_IMAGE,
    });
    for (const gsi of [TABLE_KEYS.gsi1, TABLE_KEYS.gsi2]) {
      this.table.addGlobalSecondaryIndex({
        indexName: gsi.name,
        partitionKey: { name: gsi.partitionKey, type: AttributeType.STRING },
        sortKey: { name: gsi.sortKey, type: AttributeType.STRING },
        projectionType: ProjectionType.ALL,
      });
    }
  }
}
