// DynamoDB adapter of the partner associations: their records (one partition, by id), each written
// conditionally (a create never overwrites, an update only the version it read), and the cases that
// hang off each (entries written with the case at intake, the cases read for their stage and status).
import { BatchGetCommand, GetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { AssociationRecord } from '../../../domain/associations/association.ts';
import { conditionalPut } from './conditional-put.ts';
import { associationCaseFromItem, associationFromItem, associationItem, caseSummaryFromItem, type CaseSummary } from './items.ts';
import { keys } from './keys.ts';
import { TABLE_KEY_NAMES, queryPage, type Page } from './query.ts';

/** A case of an association, as its list shows it: ids and codes only. */
export type AssociationCaseSummary = Pick<
  CaseSummary,
  'caseId' | 'reference' | 'programme' | 'caseType' | 'stage' | 'status' | 'createdAt'
>;

export class DynamoAssociationStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async get(associationId: string, consistent = false): Promise<AssociationRecord | undefined> {
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: keys.association(associationId), ConsistentRead: consistent }),
    );
    return Item ? associationFromItem(Item) : undefined;
  }

  /** 'exists' when an association already has this id: nothing is overwritten. */
  async create(record: AssociationRecord): Promise<'created' | 'exists'> {
    return (await this.conditionalPut(record, 'attribute_not_exists(PK)', {}, {})) ? 'created' : 'exists';
  }

  /** Writes the changed record only over the version it was changed from; 'stale' otherwise. */
  async update(record: AssociationRecord, readVersion: number): Promise<'updated' | 'stale'> {
    const written = await this.conditionalPut(
      record,
      'attribute_exists(PK) AND #version = :read',
      { '#version': 'version' },
      { ':read': readVersion },
    );
    return written ? 'updated' : 'stale';
  }

  /** Associations by id, one page. */
  async list(page: { limit: number; cursor?: string }): Promise<Page<AssociationRecord>> {
    const found = await queryPage(
      this.client,
      this.tableName,
      { keyNames: TABLE_KEY_NAMES, partitionName: 'PK', partition: keys.associations().PK },
      page.limit,
      page.cursor,
    );
    return { items: found.items.map(associationFromItem), ...(found.next ? { next: found.next } : {}) };
  }

  /** The cases that hang off an association, oldest first, one page: its entries, then the cases read for stage and status. */
  async cases(associationId: string, page: { limit: number; cursor?: string }): Promise<Page<AssociationCaseSummary>> {
    const found = await queryPage(
      this.client,
      this.tableName,
      { keyNames: TABLE_KEY_NAMES, partitionName: 'PK', partition: keys.casesOfAssociation(associationId).PK },
      page.limit,
      page.cursor,
    );
    const entries = found.items.map(associationCaseFromItem);
    const byId = new Map<string, CaseSummary>();
    let wanted = entries.map((entry) => keys.case(entry.caseId));
    // BatchGetItem: at most 100 keys per call (a page is at most 100), unprocessed keys retried.
    for (let attempt = 0; wanted.length > 0 && attempt < 8; attempt++) {
      if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, 20 * 2 ** attempt));
      const answer = await this.client.send(new BatchGetCommand({ RequestItems: { [this.tableName]: { Keys: wanted } } }));
      for (const item of answer.Responses?.[this.tableName] ?? []) {
        const summary = caseSummaryFromItem(item);
        byId.set(summary.caseId, summary);
      }
      wanted = (answer.UnprocessedKeys?.[this.tableName]?.Keys ?? []) as typeof wanted;
    }
    if (wanted.length > 0) throw Object.assign(new Error('cases unavailable'), { name: 'ServiceUnavailable' });
    const items = entries.flatMap((entry) => {
      const summary = byId.get(entry.caseId);
      if (!summary) return [];
      const { caseId, reference, programme, caseType, stage, status, createdAt } = summary;
      return [{ caseId, reference, programme, caseType, stage, status, createdAt }];
    });
    return { items, ...(found.next ? { next: found.next } : {}) };
  }

  /** True when the record is there as written: by this call, or by its attempt the SDK sent again after a timeout (conditional-put.ts). */
  private async conditionalPut(
    record: AssociationRecord,
    condition: string,
    names: Record<string, string>,
    values: Record<string, unknown>,
  ): Promise<boolean> {
    const outcome = await conditionalPut(this.client, {
      TableName: this.tableName,
      Item: associationItem(record),
      ConditionExpression: condition,
      ...(Object.keys(names).length > 0 ? { ExpressionAttributeNames: names } : {}),
      ...(Object.keys(values).length > 0 ? { ExpressionAttributeValues: values } : {}),
    });
    return outcome === 'written';
  }
}
