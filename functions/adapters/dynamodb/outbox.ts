// DynamoDB adapter: the notifications of the outbox over a span of days, in time order (read locally
// at GET /_local/outbox instead of being sent; in AWS the outbox is sent from the table's stream and
// never read back). Each day's messages are spread over OUTBOX_SHARDS partitions (keys.ts): the days
// asked for are read partition by partition (Queries, never a Scan) and merged by time; the one
// partition of the messages written before the spread is read too, so that they stay readable.
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { outboxFromItem, type Item, type OutboxEntry } from './items.ts';
import { keys, OUTBOX_SHARDS } from './keys.ts';
import { queryAll } from './query.ts';

const DAY = 86_400_000;
/** At most this many partitions read at once. */
const CONCURRENT_READS = 16;

export class DynamoOutbox {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly shards: number = OUTBOX_SHARDS,
  ) {}

  /** The messages dated from day `from` to day `to` (UTC, `yyyy-mm-dd`, inclusive), oldest first, at most `limit`. */
  async listOutbox(days: { from: string; to: string }, limit = 1000): Promise<OutboxEntry[]> {
    const dates: string[] = [];
    for (let day = Date.parse(`${days.from}T00:00:00Z`); day <= Date.parse(`${days.to}T00:00:00Z`); day += DAY) {
      dates.push(new Date(day).toISOString().slice(0, 10));
    }
    return this.listOutboxOn(dates, limit);
  }

  /** The messages dated on the given days (UTC, `yyyy-mm-dd`), oldest first, at most `limit` (the oldest). */
  async listOutboxOn(dates: Iterable<string>, limit = 1000): Promise<OutboxEntry[]> {
    const partitions = [keys.legacyOutbox().PK];
    for (const date of new Set(dates)) {
      for (let shard = 0; shard < this.shards; shard++) partitions.push(keys.outboxPartition(date, shard).PK);
    }
    const items: Item[] = [];
    for (let i = 0; i < partitions.length; i += CONCURRENT_READS) {
      const read = await Promise.all(
        partitions.slice(i, i + CONCURRENT_READS).map((PK) => queryAll(this.client, this.tableName, { PK, consistent: true, max: limit })),
      );
      for (const partition of read) items.push(...partition);
    }
    // Every partition is in time order (SK = at#messageId): merged the same way.
    items.sort((a, b) => ((a.SK as string) < (b.SK as string) ? -1 : (a.SK as string) > (b.SK as string) ? 1 : 0));
    return items.slice(0, limit).map(outboxFromItem);
  }
}
