// DynamoDB adapter: the work queues as pages a person reads, with filters that keep pages full.
// Task queues (by role, assignee, partner) sort earliest due first; case queues (GSI1, programme ×
// stage) oldest update first. A cursor is the key of the last entry returned, so a filtered page
// never skips or repeats an entry.
import { QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { QueueEntry } from './casework-store.ts';
import { InvalidCursor } from './casework-store.ts';
import { keys, TABLE_KEYS } from './keys.ts';

export interface Page<T> {
  items: T[];
  /** Opaque; absent on the last page. */
  next?: string;
}

export interface CaseSummary {
  caseId: string;
  reference: string;
  programme: string;
  caseType: string;
  stage: string;
  status: string;
  partnerId?: string;
  createdAt: string;
  updatedAt: string;
}

const caseSummaryFields = ['caseId', 'reference', 'programme', 'caseType', 'stage', 'status', 'partnerId', 'createdAt', 'updatedAt'] as const;
const queueEntryFields = ['taskId', 'caseId', 'reference', 'programme', 'step', 'dueAt', 'roles', 'assignee', 'escalatedAt'] as const;

/** At most this many DynamoDB pages per request, however selective the filter. */
const MAX_READS = 10;

type Item = Record<string, unknown>;

interface PagedQuery {
  indexName?: string;
  /** Attribute names of the key a cursor carries (the table's, plus the index's). */
  keyNames: string[];
  partitionName: string;
  partition: string;
  filter?: { expression: string; names: Record<string, string>; values: Record<string, unknown> };
}

export class DynamoWorkQueues {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  /** Open tasks of a role, an assignee or a partner association, earliest due first. */
  async tasks(kind: 'ROLE' | 'USER' | 'PARTNER', id: string, options: { limit: number; cursor?: string; programme?: string }): Promise<Page<QueueEntry>> {
    const page = await this.page(
      {
        keyNames: [TABLE_KEYS.partitionKey, TABLE_KEYS.sortKey],
        partitionName: TABLE_KEYS.partitionKey,
        partition: keys.queue(kind, id).PK,
        ...(options.programme
          ? { filter: { expression: '#programme = :programme', names: { '#programme': 'programme' }, values: { ':programme': options.programme } } }
          : {}),
      },
      options.limit,
      options.cursor,
    );
    return { items: page.items.map((item) => pick(item, queueEntryFields) as unknown as QueueEntry), ...(page.next ? { next: page.next } : {}) };
  }

  /** Cases of a programme at a stage, oldest update first; only one partner's cases when given. */
  async cases(programme: string, stage: string, options: { limit: number; cursor?: string; partnerId?: string }): Promise<Page<CaseSummary>> {
    const { GSI1PK } = keys.caseQueue(programme, stage, '', '');
    const page = await this.page(
      {
        indexName: TABLE_KEYS.gsi1.name,
        keyNames: [TABLE_KEYS.partitionKey, TABLE_KEYS.sortKey, TABLE_KEYS.gsi1.partitionKey, TABLE_KEYS.gsi1.sortKey],
        partitionName: TABLE_KEYS.gsi1.partitionKey,
        partition: GSI1PK,
        ...(options.partnerId !== undefined
          ? { filter: { expression: '#partnerId = :partnerId', names: { '#partnerId': 'partnerId' }, values: { ':partnerId': options.partnerId } } }
          : {}),
      },
      options.limit,
      options.cursor,
    );
    return { items: page.items.map((item) => pick(item, caseSummaryFields) as unknown as CaseSummary), ...(page.next ? { next: page.next } : {}) };
  }

  private async page(query: PagedQuery, limit: number, cursor: string | undefined): Promise<{ items: Item[]; next?: string }> {
    let startKey: Item | undefined = cursor === undefined ? undefined : decodeCursor(cursor, query);
    const items: Item[] = [];
    for (let read = 0; read < MAX_READS; read++) {
      const result = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          ...(query.indexName ? { IndexName: query.indexName } : {}),
          KeyConditionExpression: '#pk = :pk',
          ExpressionAttributeNames: { '#pk': query.partitionName, ...query.filter?.names },
          ExpressionAttributeValues: { ':pk': query.partition, ...query.filter?.values },
          ...(query.filter ? { FilterExpression: query.filter.expression } : {}),
          // One more than needed tells whether another page exists without a second read.
          Limit: limit + 1 - items.length,
          ...(startKey ? { ExclusiveStartKey: startKey } : {}),
        }),
      );
      for (const item of result.Items ?? []) {
        // The extra entry only says that another page exists; the cursor is the last one returned.
        if (items.length === limit) return { items, next: encodeCursor(keyOf(items[items.length - 1]!, query)) };
        items.push(item);
      }
      startKey = result.LastEvaluatedKey;
      if (!startKey) return { items };
    }
    // A very selective filter: hand back what was found and where the reads stopped.
    return { items, ...(startKey ? { next: encodeCursor(startKey) } : {}) };
  }
}

function pick(item: Item, fields: readonly string[]): Item {
  return Object.fromEntries(fields.filter((field) => item[field] !== undefined).map((field) => [field, item[field]]));
}

function keyOf(item: Item, query: PagedQuery): Item {
  return Object.fromEntries(query.keyNames.map((name) => [name, item[name]]));
}

function encodeCursor(key: Item): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

/** A cursor is only accepted for the queue it came from, with exactly that queue's key attributes. */
function decodeCursor(cursor: string, query: PagedQuery): Item {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw new InvalidCursor();
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new InvalidCursor();
  const key = parsed as Item;
  const names = Object.keys(key).sort();
  const expected = [...query.keyNames].sort();
  if (names.length !== expected.length || names.some((name, i) => name !== expected[i])) throw new InvalidCursor();
  if (names.some((name) => { const value = key[name]; return typeof value !== 'string' || value.length > 1024; })) throw new InvalidCursor();
  if (key[query.partitionName] !== query.partition) throw new InvalidCursor();
  return key;
}
