// DynamoDB adapter: the work queues as pages a person reads (query.ts pages them).
// Task queues (by role, assignee, partner) sort earliest due first; case queues (GSI1, programme ×
// stage) oldest update first.
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { caseSummaryFromItem, queueEntryFromItem, type CaseSummary, type QueueEntry } from './items.ts';
import { keys, TABLE_KEYS } from './keys.ts';
import { queryPage, TABLE_KEY_NAMES, type Page } from './query.ts';

export type { CaseSummary, Page, QueueEntry };

export class DynamoWorkQueues {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  /** Open tasks of a role, an assignee or a partner association, earliest due first. */
  async tasks(
    kind: 'ROLE' | 'USER' | 'PARTNER',
    id: string,
    options: { limit: number; cursor?: string; programme?: string },
  ): Promise<Page<QueueEntry>> {
    const page = await queryPage(
      this.client,
      this.tableName,
      {
        keyNames: TABLE_KEY_NAMES,
        partitionName: TABLE_KEYS.partitionKey,
        partition: keys.queue(kind, id).PK,
        ...(options.programme
          ? {
              filter: {
                expression: '#programme = :programme',
                names: { '#programme': 'programme' },
                values: { ':programme': options.programme },
              },
            }
          : {}),
      },
      options.limit,
      options.cursor,
    );
    return { items: page.items.map(queueEntryFromItem), ...(page.next ? { next: page.next } : {}) };
  }

  /** Cases of a programme at a stage, oldest update first; only one partner's cases when given. */
  async cases(
    programme: string,
    stage: string,
    options: { limit: number; cursor?: string; partnerId?: string },
  ): Promise<Page<CaseSummary>> {
    const { GSI1PK } = keys.caseQueue(programme, stage, '', '');
    const page = await queryPage(
      this.client,
      this.tableName,
      {
        indexName: TABLE_KEYS.gsi1.name,
        keyNames: [TABLE_KEYS.partitionKey, TABLE_KEYS.sortKey, TABLE_KEYS.gsi1.partitionKey, TABLE_KEYS.gsi1.sortKey],
        partitionName: TABLE_KEYS.gsi1.partitionKey,
        partition: GSI1PK,
        ...(options.partnerId !== undefined
          ? {
              filter: {
                expression: '#partnerId = :partnerId',
                names: { '#partnerId': 'partnerId' },
                values: { ':partnerId': options.partnerId },
              },
            }
          : {}),
      },
      options.limit,
      options.cursor,
    );
    return { items: page.items.map(caseSummaryFromItem), ...(page.next ? { next: page.next } : {}) };
  }
}
