// DynamoDB adapter: the work queues as pages a person reads (query.ts pages them).
// Task queues (by role, assignee, partner) sort earliest due first; case queues (GSI1, programme ×
// stage) oldest update first; a partner's cases (GSI2, partner × programme × stage) by end of access.
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

  /**
   * Open tasks of a role, an assignee or a partner association, earliest due first. A partner's
   * entries from a share, and a partner user's claim through one, carry its end (`accessUntil`):
   * from `now` on they are left out, until the share's revocation or the task's next change removes
   * them.
   */
  async tasks(
    kind: 'ROLE' | 'USER' | 'PARTNER',
    id: string,
    options: { limit: number; cursor?: string; programme?: string; now?: Date },
  ): Promise<Page<QueueEntry>> {
    const conditions: { expression: string; names: Record<string, string>; values: Record<string, unknown> }[] = [];
    if (options.programme) {
      conditions.push({
        expression: '#programme = :programme',
        names: { '#programme': 'programme' },
        values: { ':programme': options.programme },
      });
    }
    if (kind === 'PARTNER' || kind === 'USER') {
      conditions.push({
        expression: '(attribute_not_exists(#accessUntil) OR #accessUntil > :now)',
        names: { '#accessUntil': 'accessUntil' },
        values: { ':now': (options.now ?? new Date()).toISOString() },
      });
    }
    const page = await queryPage(
      this.client,
      this.tableName,
      {
        keyNames: TABLE_KEY_NAMES,
        partitionName: TABLE_KEYS.partitionKey,
        partition: keys.queue(kind, id).PK,
        ...(conditions.length > 0
          ? {
              filter: {
                expression: conditions.map((c) => c.expression).join(' AND '),
                names: Object.assign({}, ...conditions.map((c) => c.names)) as Record<string, string>,
                values: Object.assign({}, ...conditions.map((c) => c.values)) as Record<string, unknown>,
              },
            }
          : {}),
      },
      options.limit,
      options.cursor,
    );
    return { items: page.items.map(queueEntryFromItem), ...(page.next ? { next: page.next } : {}) };
  }

  /** Cases of a programme at a stage, oldest update first (the staff queue, GSI1). */
  async cases(programme: string, stage: string, options: { limit: number; cursor?: string }): Promise<Page<CaseSummary>> {
    const { GSI1PK } = keys.caseQueue(programme, stage, '', '');
    const page = await queryPage(
      this.client,
      this.tableName,
      {
        indexName: TABLE_KEYS.gsi1.name,
        keyNames: [TABLE_KEYS.partitionKey, TABLE_KEYS.sortKey, TABLE_KEYS.gsi1.partitionKey, TABLE_KEYS.gsi1.sortKey],
        partitionName: TABLE_KEYS.gsi1.partitionKey,
        partition: GSI1PK,
      },
      options.limit,
      options.cursor,
    );
    return { items: page.items.map(caseSummaryFromItem), ...(page.next ? { next: page.next } : {}) };
  }

  /**
   * The cases of a programme at a stage a partner association sees now (GSI2): those shared with it
   * by an active share, the soonest-ending access first (ended ones are below the key condition's
   * bound, never read), then its own cases, oldest update first. No filter: every page is full.
   */
  async partnerCases(
    partnerId: string,
    programme: string,
    stage: string,
    options: { limit: number; cursor?: string; now: Date },
  ): Promise<Page<CaseSummary>> {
    const { GSI2PK } = keys.partnerCaseList(partnerId, programme, stage, { until: '' }, '');
    const page = await queryPage(
      this.client,
      this.tableName,
      {
        indexName: TABLE_KEYS.gsi2.name,
        keyNames: [TABLE_KEYS.partitionKey, TABLE_KEYS.sortKey, TABLE_KEYS.gsi2.partitionKey, TABLE_KEYS.gsi2.sortKey],
        partitionName: TABLE_KEYS.gsi2.partitionKey,
        partition: GSI2PK,
        after: { name: TABLE_KEYS.gsi2.sortKey, value: keys.partnerCaseListAfter(options.now.toISOString()) },
      },
      options.limit,
      options.cursor,
    );
    // A referral past its end (unanswered, or accepted) no longer shows, though the entry still stands for another grant.
    const at = options.now.toISOString();
    const items = page.items.map(caseSummaryFromItem).map(({ referrals, ...summary }) => {
      const current = referrals?.filter((referral) => referral.until > at) ?? [];
      return current.length > 0 ? { ...summary, referrals: current } : summary;
    });
    return { items, ...(page.next ? { next: page.next } : {}) };
  }
}
