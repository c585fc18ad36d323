// DynamoDB adapter: the access log (domain/access/access-log.ts). One item per read, in a partition
// per case (ACCESS#CASE#{caseId}, apart from the case's own partition and its history) and on GSI1
// per reader (ACCESS#READER#{sub}), both sorted by time; expired by DynamoDB's TTL (expiresAt).
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { AccessRecord } from '../../../domain/access/access-log.ts';
import { conditionalPut } from './conditional-put.ts';
import { accessRecordFromItem, accessRecordItem } from './items.ts';
import { keys, TABLE_KEYS } from './keys.ts';
import { queryPage, TABLE_KEY_NAMES, type Page } from './query.ts';

export class DynamoAccessLog {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  /**
   * Writes one record, never over another (its key holds a random entry id); a failure propagates,
   * so that a read whose record is not written fails too. The SDK's retry of a write that timed out
   * but landed finds the record itself: written, not a failure (conditional-put.ts).
   */
  async record(record: AccessRecord): Promise<void> {
    const Item = accessRecordItem(record);
    const outcome = await conditionalPut(this.client, { TableName: this.tableName, Item, ConditionExpression: 'attribute_not_exists(PK)' });
    if (outcome === 'condition-failed') throw new Error('access record key taken by another record');
  }

  /** Every read of one case, oldest first. */
  async ofCase(caseId: string, options: { limit: number; cursor?: string }): Promise<Page<AccessRecord>> {
    const page = await queryPage(
      this.client,
      this.tableName,
      { keyNames: TABLE_KEY_NAMES, partitionName: TABLE_KEYS.partitionKey, partition: keys.accessLogOfCase(caseId).PK },
      options.limit,
      options.cursor,
    );
    return { items: page.items.map(accessRecordFromItem), ...(page.next ? { next: page.next } : {}) };
  }

  /** Every read by one person between two instants (inclusive), oldest first. */
  async ofReader(sub: string, from: string, to: string, options: { limit: number; cursor?: string }): Promise<Page<AccessRecord>> {
    const range = keys.accessLogOfReader(sub, from, to);
    const { gsi1 } = TABLE_KEYS;
    const page = await queryPage(
      this.client,
      this.tableName,
      {
        indexName: gsi1.name,
        keyNames: [...TABLE_KEY_NAMES, gsi1.partitionKey, gsi1.sortKey],
        partitionName: gsi1.partitionKey,
        partition: range.GSI1PK,
        sortRange: { name: gsi1.sortKey, from: range.GSI1SKFrom, to: range.GSI1SKTo },
      },
      options.limit,
      options.cursor,
    );
    return { items: page.items.map(accessRecordFromItem), ...(page.next ? { next: page.next } : {}) };
  }
}
