// DynamoDB adapter of the diaspora experts' register: an expert's entry and its search index items,
// written together in one transaction conditional on the entry's version (a listing never
// overwrites, a change only the version it read), and the index partitions the search reads
// (domain/migration-development/register.ts; docs/data-model.md, "Experts' register").
import { GetCommand, QueryCommand, type DynamoDBDocumentClient, type TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  indexedOf,
  partitionsOf,
  type CandidateFilter,
  type IndexPartition,
  type IndexedExpert,
  type RegisterEntry,
  type RegisterIndex,
} from '../../../domain/migration-development/register.ts';
import type { RegisterWriter } from '../../../domain/migration-development/expert-actions.ts';
import { indexedExpertFromItem, registerEntryFromItem, registerEntryItem, registerIndexItem, type Item } from './items.ts';
import { keys } from './keys.ts';
import { sendTransaction } from './transactions.ts';

export type TransactItem = NonNullable<ConstructorParameters<typeof TransactWriteCommand>[0]['TransactItems']>[number];

/** Segments a large partition's rest is read in, concurrently. */
const SEGMENTS = 4;
const SPACE = 2 ** 32;

/**
 * The index items' sort keys are `EXPERT#{expertId}` (keys.ts), case ids being random UUIDs: the keys
 * after `last` are split by the first 8 hex digits of the id into SEGMENTS contiguous ranges, each
 * read on its own (a key condition: together they cover every key after `last` once). The first range
 * starts at `last`'s own prefix, read from `last` on (ExclusiveStartKey); the last one takes any key above.
 */
export function remainingSegments(last: string): { from: string; to: string }[] {
  const start = keys.registerIndexIdPrefix(last);
  if (start === undefined) return [keys.registerIndexRange()];
  const step = Math.ceil((SPACE - start) / SEGMENTS);
  const segments: { from: string; to: string }[] = [];
  for (let from = start; from < SPACE; from += step) {
    const to = Math.min(SPACE - 1, from + step - 1);
    segments.push(keys.registerIndexRange(from, to === SPACE - 1 ? undefined : to));
  }
  return segments;
}

const sameKey = (a: IndexPartition, b: IndexPartition) => a.criterion === b.criterion && a.value === b.value;

export class DynamoRegisterStore implements RegisterWriter, RegisterIndex {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async get(expertId: string, consistent = true): Promise<RegisterEntry | undefined> {
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: keys.registerEntry(expertId), ConsistentRead: consistent }),
    );
    return Item ? registerEntryFromItem(Item) : undefined;
  }

  /** The entry (version 1) with its index items; 'exists' when the expert already has an entry. */
  async list(entry: RegisterEntry): Promise<'listed' | 'exists'> {
    const written = await this.write(entry, undefined, undefined);
    return written ? 'listed' : 'exists';
  }

  /**
   * The changed entry over the version it was read at: its index items rewritten (a listed entry) or
   * deleted (withdrawn), the partitions it left deleted. 'stale' when the entry changed meanwhile.
   */
  async update(changed: RegisterEntry, previous: RegisterEntry): Promise<'updated' | 'stale'> {
    return (await this.write(changed, previous, previous.version)) ? 'updated' : 'stale';
  }

  /**
   * A partition's experts, all its pages: only the attributes ranking reads (ProjectionExpression),
   * and, with a filter, only those with its sector, its country and one of its languages
   * (FilterExpression: DynamoDB drops the others before they are sent, so the client neither receives
   * nor decodes them; the read capacity is the partition's either way).
   */
  async candidates(partition: IndexPartition, filter?: CandidateFilter): Promise<IndexedExpert[]> {
    const names: Record<string, string> = {
      '#pk': 'PK',
      '#expertId': 'expertId',
      '#sectors': 'sectors',
      '#skills': 'skills',
      '#languages': 'languages',
      '#country': 'country',
      '#windows': 'windows',
      '#consent': 'consentToContact',
    };
    const values: Record<string, unknown> = { ':pk': keys.registerPartition(partition.criterion, partition.value).PK };
    const conditions: string[] = [];
    if (filter?.sector !== undefined && partition.criterion !== 'sector') {
      conditions.push('contains(#sectors, :sector)');
      values[':sector'] = filter.sector;
    }
    if (filter?.country !== undefined && partition.criterion !== 'country') {
      conditions.push('#country = :country');
      values[':country'] = filter.country;
    }
    if (filter && filter.languages.length > 0) {
      conditions.push(`(${filter.languages.map((_, i) => `contains(#languages, :language${i})`).join(' OR ')})`);
      filter.languages.forEach((language, i) => (values[`:language${i}`] = language));
    }
    const read = async (range?: { from: string; to: string }, startKey?: Item): Promise<IndexedExpert[]> => {
      const found: IndexedExpert[] = [];
      let ExclusiveStartKey = startKey;
      do {
        const page = await this.client.send(
          new QueryCommand({
            TableName: this.tableName,
            KeyConditionExpression: range ? '#pk = :pk AND #sk BETWEEN :from AND :to' : '#pk = :pk',
            ProjectionExpression: '#expertId, #sectors, #skills, #languages, #country, #windows, #consent',
            ...(conditions.length > 0 ? { FilterExpression: conditions.join(' AND ') } : {}),
            ExpressionAttributeNames: range ? { ...names, '#sk': 'SK' } : names,
            ExpressionAttributeValues: range ? { ...values, ':from': range.from, ':to': range.to } : values,
            ExclusiveStartKey,
          }),
        );
        for (const item of page.Items ?? []) found.push(indexedExpertFromItem(item));
        ExclusiveStartKey = page.LastEvaluatedKey;
        // The first page of a partition that has more: the rest is read in segments, concurrently.
        if (!range && ExclusiveStartKey) {
          const rest = await Promise.all(
            remainingSegments(ExclusiveStartKey.SK as string).map((segment, i) => read(segment, i === 0 ? ExclusiveStartKey : undefined)),
          );
          return [...found, ...rest.flat()];
        }
      } while (ExclusiveStartKey);
      return found;
    };
    const found = await read();
    return found;
  }

  /**
   * The writes of a changed entry over the version it was read at (its index items rewritten or
   * deleted), for a transaction of another store: the entry's own change in it (a consent change).
   */
  changeWrites(changed: RegisterEntry, previous: RegisterEntry): TransactItem[] {
    return this.writesOf(changed, previous, previous.version);
  }

  private async write(entry: RegisterEntry, previous: RegisterEntry | undefined, readVersion: number | undefined): Promise<boolean> {
    const items = this.writesOf(entry, previous, readVersion);
    try {
      await sendTransaction(this.client, { TransactItems: items });
      return true;
    } catch (error) {
      if (error instanceof TransactionCanceledException && error.CancellationReasons?.[0]?.Code === 'ConditionalCheckFailed') return false;
      throw error;
    }
  }

  private writesOf(entry: RegisterEntry, previous: RegisterEntry | undefined, readVersion: number | undefined): TransactItem[] {
    const now = entry.status === 'listed' ? partitionsOf(entry) : [];
    const gone = previous ? partitionsOf(previous).filter((p) => !now.some((n) => sameKey(n, p))) : [];
    const indexed = indexedOf(entry);
    const items: TransactItem[] = [
      {
        Put: {
          TableName: this.tableName,
          Item: registerEntryItem(entry),
          ...(readVersion === undefined
            ? { ConditionExpression: 'attribute_not_exists(PK)' }
            : {
                ConditionExpression: 'attribute_exists(PK) AND #version = :read',
                ExpressionAttributeNames: { '#version': 'version' },
                ExpressionAttributeValues: { ':read': readVersion },
              }),
        },
      },
      ...now.map((p) => ({ Put: { TableName: this.tableName, Item: registerIndexItem(p, indexed) } })),
      ...gone.map((p) => ({ Delete: { TableName: this.tableName, Key: keys.registerIndex(p.criterion, p.value, entry.expertId) } })),
    ];
    return items;
  }
}
