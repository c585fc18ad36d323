// DynamoDB adapter of the remittances information (docs/remittances.md): financial-literacy sessions
// (one partition by date; a city's in GSI1), each written with the check that the association named
// as co-organiser is registered, in one transaction; corridor price snapshots (a partition per
// corridor and quarter, an item per provider and instrument, so that a re-import replaces them) and
// the quarters each corridor has. Every read is a Query on a key: no Scan.
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { GetCommand, QueryCommand, TransactWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Attendance, SessionIdempotencyRecord, SessionRecord, SessionStore } from '../../../domain/remittances/sessions.ts';
import { corridorsOf, type CorridorPrice } from '../../../domain/remittances/corridor-prices.ts';
import {
  corridorPriceFromItem,
  corridorPriceItem,
  corridorQuarterItem,
  remittanceSessionFromItem,
  remittanceSessionIdempotencyFromItem,
  remittanceSessionIdempotencyItem,
  remittanceSessionItem,
  type Item,
  type StoredCorridorPrice,
} from './items.ts';
import { TABLE_KEYS, keys } from './keys.ts';
import { TABLE_KEY_NAMES, queryAll, queryPage, type Page } from './query.ts';
import { sendTransaction } from './transactions.ts';

/** A period (days in Morocco, inclusive) and, optionally, one city. */
export interface SessionPeriod {
  from: string;
  to: string;
  city?: string;
}

/** Items per transaction (DynamoDB's limit). */
const TRANSACTION_ITEMS = 100;

export class DynamoRemittanceStore implements SessionStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  /**
   * Stores a new session, and its idempotency record when given, in one transaction:
   * 'unknown-association' (nothing stored) when its co-organiser has no record, 'duplicate'
   * (nothing stored) when the idempotency key is already taken.
   */
  async recordSession(
    record: SessionRecord,
    idempotency?: SessionIdempotencyRecord,
  ): Promise<'recorded' | 'unknown-association' | 'duplicate'> {
    const checksAssociation = record.partnerId !== undefined;
    try {
      await sendTransaction(this.client, {
        TransactItems: [
          { Put: { TableName: this.tableName, Item: remittanceSessionItem(record), ConditionExpression: 'attribute_not_exists(PK)' } },
          ...(checksAssociation
            ? [
                {
                  ConditionCheck: {
                    TableName: this.tableName,
                    Key: keys.association(record.partnerId!),
                    ConditionExpression: 'attribute_exists(PK)',
                  },
                },
              ]
            : []),
          ...(idempotency
            ? [
                {
                  Put: {
                    TableName: this.tableName,
                    Item: remittanceSessionIdempotencyItem(idempotency),
                    ConditionExpression: 'attribute_not_exists(PK)',
                  },
                },
              ]
            : []),
        ],
      });
      return 'recorded';
    } catch (error) {
      if (!(error instanceof TransactionCanceledException || (error instanceof Error && error.name === 'TransactionCanceledException')))
        throw error;
      const codes = ((error as TransactionCanceledException).CancellationReasons ?? []).map((reason) => reason.Code);
      // A key already taken answers first: its replay is the first answer, whatever the association now is.
      if (idempotency && codes[checksAssociation ? 2 : 1] === 'ConditionalCheckFailed') return 'duplicate';
      if (checksAssociation && codes[1] === 'ConditionalCheckFailed') return 'unknown-association';
      throw error;
    }
  }

  /** The idempotency record of a session's Idempotency-Key, if any (strongly consistent). */
  async findSessionIdempotency(key: string): Promise<SessionIdempotencyRecord | undefined> {
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: keys.remittanceSessionIdempotency(key), ConsistentRead: true }),
    );
    return Item ? remittanceSessionIdempotencyFromItem(Item) : undefined;
  }

  /** The sessions of a period (and city), by date, one page. */
  async listSessions(period: SessionPeriod, page: { limit: number; cursor?: string }): Promise<Page<SessionRecord>> {
    const found = await queryPage(this.client, this.tableName, this.sessionQuery(period), page.limit, page.cursor);
    return { items: found.items.map(remittanceSessionFromItem), ...(found.next ? { next: found.next } : {}) };
  }

  /** The attendance of every session of a period (and city): what the totals sum. */
  async attendanceOf(period: SessionPeriod): Promise<{ attendance: Attendance }[]> {
    const query = this.sessionQuery(period);
    const range = query.sortRange;
    const found: { attendance: Attendance }[] = [];
    let startKey: Item | undefined;
    do {
      const page = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          ...(query.indexName ? { IndexName: query.indexName } : {}),
          KeyConditionExpression: '#pk = :pk AND #sk BETWEEN :from AND :to',
          ExpressionAttributeNames: { '#pk': query.partitionName, '#sk': range.name, '#attendance': 'attendance' },
          ExpressionAttributeValues: { ':pk': query.partition, ':from': range.from, ':to': range.to },
          ProjectionExpression: '#attendance',
          ...(startKey ? { ExclusiveStartKey: startKey } : {}),
        }),
      );
      for (const item of page.Items ?? []) found.push({ attendance: item.attendance as Attendance });
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return found;
  }

  private sessionQuery(period: SessionPeriod) {
    const { gsi1 } = TABLE_KEYS;
    if (period.city !== undefined) {
      const range = keys.remittanceSessionInCityRange(period.from, period.to);
      return {
        indexName: gsi1.name,
        keyNames: [...TABLE_KEY_NAMES, gsi1.partitionKey, gsi1.sortKey],
        partitionName: gsi1.partitionKey,
        partition: keys.remittanceSessionsOfCity(period.city).GSI1PK,
        sortRange: { name: gsi1.sortKey, ...range },
      };
    }
    const range = keys.remittanceSessionRange(period.from, period.to);
    return {
      keyNames: TABLE_KEY_NAMES,
      partitionName: TABLE_KEYS.partitionKey,
      partition: keys.remittanceSessions().PK,
      sortRange: { name: TABLE_KEYS.sortKey, ...range },
    };
  }

  /**
   * Writes a file's prices, each replacing the one of the same quarter, corridor, provider and
   * instrument, and the quarters of its corridors. A file of up to 100 items (prices and quarters)
   * is one transaction; a longer one is written in transactions of 100, and written again whole
   * (the same file imported again) if one of them fails: the import is idempotent.
   */
  async importPrices(prices: readonly CorridorPrice[], by: string, now: Date): Promise<void> {
    const importedAt = now.toISOString();
    const items: Item[] = [
      ...prices.map((price) => corridorPriceItem({ ...price, importedAt, importedBy: by })),
      ...corridorsOf(prices).map(({ from, to, quarter }) => corridorQuarterItem({ from, to, quarter, importedAt, importedBy: by })),
    ];
    for (let start = 0; start < items.length; start += TRANSACTION_ITEMS) {
      await this.client.send(
        new TransactWriteCommand({
          TransactItems: items.slice(start, start + TRANSACTION_ITEMS).map((Item) => ({ Put: { TableName: this.tableName, Item } })),
        }),
      );
    }
  }

  /** The latest quarter a corridor has prices for, if any. */
  async latestQuarter(from: string, to: string): Promise<string | undefined> {
    const { PK, skPrefix } = keys.corridorQuarters(from, to);
    const { Items } = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'PK = :pk AND begins_with(SK, :sk)',
        ExpressionAttributeValues: { ':pk': PK, ':sk': skPrefix },
        ScanIndexForward: false,
        Limit: 1,
      }),
    );
    return Items?.[0]?.quarter as string | undefined;
  }

  /** A corridor's prices in one quarter (a few dozen at most: one per provider and instrument). */
  async prices(from: string, to: string, quarter: string): Promise<StoredCorridorPrice[]> {
    const items = await queryAll(this.client, this.tableName, { PK: keys.corridorPrices(from, to, quarter).PK });
    return items.map(corridorPriceFromItem);
  }
}
