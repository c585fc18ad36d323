// The two ways the adapters read a partition: all of it (a case's persons, tasks, history; the
// outbox), or one page a person reads, with filters that keep pages full and an opaque cursor.
import { QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { TABLE_KEYS } from './keys.ts';
import type { Item } from './items.ts';

export interface Page<T> {
  items: T[];
  /** Opaque; absent on the last page. */
  next?: string;
}

export class InvalidCursor extends Error {
  constructor() {
    super('invalid cursor');
    this.name = 'InvalidCursor';
  }
}

/**
 * Every item of a partition whose sort key starts with skPrefix (the whole partition without
 * one), following DynamoDB's pages; stops once `max` items are read.
 */
export async function queryAll(
  client: DynamoDBDocumentClient,
  tableName: string,
  query: { PK: string; skPrefix?: string; consistent?: boolean; max?: number },
): Promise<Item[]> {
  const { PK, skPrefix, max = Infinity } = query;
  const items: Item[] = [];
  let ExclusiveStartKey: Item | undefined;
  do {
    const page = await client.send(
      new QueryCommand({
        TableName: tableName,
        KeyConditionExpression: skPrefix ? 'PK = :pk AND begins_with(SK, :sk)' : 'PK = :pk',
        ExpressionAttributeValues: skPrefix ? { ':pk': PK, ':sk': skPrefix } : { ':pk': PK },
        ExclusiveStartKey,
        ...(query.consistent ? { ConsistentRead: true } : {}),
      }),
    );
    items.push(...(page.Items ?? []));
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey && items.length < max);
  return items;
}

/** At most this many DynamoDB pages per request, however selective the filter. */
const MAX_READS = 10;

export interface PagedQuery {
  indexName?: string;
  /** Attribute names of the key a cursor carries (the table's, plus the index's). */
  keyNames: string[];
  partitionName: string;
  partition: string;
  /** Only the entries whose sort key (`name`) is greater than `value`: a key condition, never a filter. */
  after?: { name: string; value: string };
  /** Only entries whose sort key is between these two values (inclusive). */
  sortRange?: { name: string; from: string; to: string };
  filter?: { expression: string; names: Record<string, string>; values: Record<string, unknown> };
}

/** The table's own key names, for queries of the table itself. */
export const TABLE_KEY_NAMES = [TABLE_KEYS.partitionKey, TABLE_KEYS.sortKey];

/**
 * One page of at most `limit` items in key order. A cursor is the key of the last entry returned,
 * so a filtered page never skips or repeats an entry.
 */
export async function queryPage(
  client: DynamoDBDocumentClient,
  tableName: string,
  query: PagedQuery,
  limit: number,
  cursor: string | undefined,
): Promise<Page<Item>> {
  let startKey: Item | undefined = cursor === undefined ? undefined : decodeCursor(cursor, query);
  // A cursor at or below the lower bound (entries that have ended since) starts at the bound itself.
  if (startKey && query.after && (startKey[query.after.name] as string) <= query.after.value) startKey = undefined;
  const items: Item[] = [];
  for (let read = 0; read < MAX_READS; read++) {
    const result = await client.send(
      new QueryCommand({
        TableName: tableName,
        ...(query.indexName ? { IndexName: query.indexName } : {}),
        KeyConditionExpression: query.after
          ? '#pk = :pk AND #sk > :after'
          : query.sortRange
            ? '#pk = :pk AND #sk BETWEEN :skFrom AND :skTo'
            : '#pk = :pk',
        ExpressionAttributeNames: {
          '#pk': query.partitionName,
          ...(query.after ? { '#sk': query.after.name } : {}),
          ...(query.sortRange ? { '#sk': query.sortRange.name } : {}),
          ...query.filter?.names,
        },
        ExpressionAttributeValues: {
          ':pk': query.partition,
          ...(query.after ? { ':after': query.after.value } : {}),
          ...(query.sortRange ? { ':skFrom': query.sortRange.from, ':skTo': query.sortRange.to } : {}),
          ...query.filter?.values,
        },
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
  if (
    names.some((name) => {
      const value = key[name];
      return typeof value !== 'string' || value.length > 1024;
    })
  )
    throw new InvalidCursor();
  if (key[query.partitionName] !== query.partition) throw new InvalidCursor();
  const range = query.sortRange;
  if (range) {
    const sortKey = key[range.name] as string;
    if (sortKey < range.from || sortKey > range.to) throw new InvalidCursor();
  }
  return key;
}
