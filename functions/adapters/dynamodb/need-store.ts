// Host institutions' validated needs as GET /needs lists them: one Query of the listing partition
// (every sector, oldest validation first) or of GSI1 (one sector), a page at a time, never a Scan.
// The listings are written and removed with their cases (case-store.ts); docs/data-model.md.
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { NeedListing, NeedStatus } from '../../../domain/migration-development/need-case-actions.ts';
import { needListingFromItem } from './items.ts';
import { keys, TABLE_KEYS } from './keys.ts';
import { queryPage, TABLE_KEY_NAMES, type Page } from './query.ts';

export class DynamoNeedStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async list(query: {
    status: NeedStatus;
    sector?: string;
    engagement?: 'expert-mission' | 'job-offer';
    limit: number;
    cursor?: string;
  }): Promise<Page<NeedListing>> {
    // The engagement is a filter on the same partition (needs are few; a page may come back short, its
    // cursor still right): a listing without one was validated before job offers, an expert mission.
    const filter =
      query.engagement === undefined
        ? undefined
        : {
            expression:
              query.engagement === 'expert-mission'
                ? '(#engagement = :engagement OR attribute_not_exists(#engagement))'
                : '#engagement = :engagement',
            names: { '#engagement': 'engagement' },
            values: { ':engagement': query.engagement },
          };
    const found = await queryPage(
      this.client,
      this.tableName,
      query.sector === undefined
        ? {
            keyNames: TABLE_KEY_NAMES,
            partitionName: TABLE_KEYS.partitionKey,
            partition: keys.needs(query.status).PK,
            ...(filter ? { filter } : {}),
          }
        : {
            indexName: TABLE_KEYS.gsi1.name,
            keyNames: [TABLE_KEYS.partitionKey, TABLE_KEYS.sortKey, TABLE_KEYS.gsi1.partitionKey, TABLE_KEYS.gsi1.sortKey],
            partitionName: TABLE_KEYS.gsi1.partitionKey,
            partition: keys.needsOfSector(query.status, query.sector).GSI1PK,
            ...(filter ? { filter } : {}),
          },
      query.limit,
      query.cursor,
    );
    return { items: found.items.map(needListingFromItem), ...(found.next ? { next: found.next } : {}) };
  }
}
