// The indicators' counters on the table (docs/indicators.md): the consumer's per-case state and the
// counter items it adds to, in one transaction per case image; GET /indicators reads a period's
// counters with at most three Queries of the programme's partition; the overdue tasks are read from
// the work queues by due date; the trafficking rows from their year partitions. Never a Scan.
import { GetCommand, paginateQuery, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { CaseIndicatorState, IndicatorCounters, NextState } from '../../../domain/indicators/contributions.ts';
import type { CtdcRow } from '../../../domain/indicators/ctdc.ts';
import type { BucketPlan } from '../../../domain/indicators/figures.ts';
import { COUNTER_CELL_PREFIX, counterCellsFromItem, ctdcRowItem, indicatorCaseFromItem, indicatorCaseItem, type Item } from './items.ts';
import { keys } from './keys.ts';
import { isConditionFailure, transact, type TransactItem } from './transactions.ts';

/** Cells of each indicator: cell → count, summed over the buckets read. */
export type CounterCells = Map<string, Map<string, number>>;

/** DynamoDB's limit on a transaction's items. */
const MAX_TRANSACTION_ITEMS = 100;

export class DynamoIndicatorStore implements IndicatorCounters {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async stateOf(caseId: string): Promise<CaseIndicatorState | undefined> {
    const { Item: item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: keys.indicatorCase(caseId), ConsistentRead: true }),
    );
    return item ? indicatorCaseFromItem(item) : undefined;
  }

  async apply(previous: CaseIndicatorState | undefined, next: NextState): Promise<'applied' | 'conflict'> {
    const items: TransactItem[] = [
      {
        Put: {
          TableName: this.tableName,
          Item: indicatorCaseItem(next.state),
          // An assessment rewrites the state without changing its version: the revision tells writes apart.
          ...(previous
            ? previous.revision !== undefined
              ? { ConditionExpression: 'revision = :read', ExpressionAttributeValues: { ':read': previous.revision } }
              : {
                  ConditionExpression: 'attribute_not_exists(revision) AND version = :read',
                  ExpressionAttributeValues: { ':read': previous.version },
                }
            : { ConditionExpression: 'attribute_not_exists(PK)' }),
        },
      },
      ...this.counterUpdates(next),
    ];
    if (next.ctdc.removeYear !== undefined)
      items.push({ Delete: { TableName: this.tableName, Key: keys.ctdcRow(next.ctdc.removeYear, next.state.caseId) } });
    if (next.ctdc.put) items.push({ Put: { TableName: this.tableName, Item: ctdcRowItem(next.state.caseId, next.ctdc.put) } });
    if (items.length > MAX_TRANSACTION_ITEMS)
      throw Object.assign(new Error(`an image changes ${items.length} items`), { name: 'IndicatorTransactionTooLarge' });
    try {
      await transact(this.client, items);
      return 'applied';
    } catch (error) {
      if (isConditionFailure(error, 0)) return 'conflict';
      throw error;
    }
  }

  /** One UpdateItem per counter item touched (each delta counts in its day's item and its month's), every cell an ADD. */
  private counterUpdates(next: NextState): TransactItem[] {
    const byItem = new Map<
      string,
      { key: ReturnType<typeof keys.indicatorCounter>; indicator: string; bucket: string; cells: Map<string, number> }
    >();
    for (const delta of next.deltas) {
      const buckets: [{ day: string } | { month: string }, string][] = [
        [{ day: delta.date }, delta.date],
        [{ month: delta.date.slice(0, 7) }, delta.date.slice(0, 7)],
      ];
      for (const [bucket, name] of buckets) {
        const key = keys.indicatorCounter(delta.programme, bucket, delta.indicator);
        const id = `${key.PK}\u0000${key.SK}`;
        const entry = byItem.get(id) ?? { key, indicator: delta.indicator, bucket: name, cells: new Map<string, number>() };
        entry.cells.set(delta.cell, (entry.cells.get(delta.cell) ?? 0) + delta.delta);
        byItem.set(id, entry);
      }
    }
    return [...byItem.values()].map(({ key, indicator, bucket, cells }): TransactItem => {
      const names: Record<string, string> = { '#entity': 'entity', '#indicator': 'indicator', '#bucket': 'bucket' };
      const values: Record<string, unknown> = { ':entity': 'IndicatorCounter', ':indicator': indicator, ':bucket': bucket };
      const adds = [...cells].map(([cell, delta], index) => {
        names[`#c${index}`] = `${COUNTER_CELL_PREFIX}${cell}`;
        values[`:c${index}`] = delta;
        return `#c${index} :c${index}`;
      });
      return {
        Update: {
          TableName: this.tableName,
          Key: key,
          UpdateExpression: `SET #entity = :entity, #indicator = :indicator, #bucket = :bucket ADD ${adds.join(', ')}`,
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
        },
      };
    });
  }

  /** A period's counters of a programme (one indicator, or all), summed by indicator and cell: at most three Queries, concurrently. */
  async counters(programme: string, plan: BucketPlan, indicator?: string): Promise<CounterCells> {
    const ranges = [
      ...(plan.months ? [keys.indicatorCounters(programme, { months: plan.months })] : []),
      ...plan.days.map((days) => keys.indicatorCounters(programme, { days })),
    ];
    const pages = await Promise.all(ranges.map((range) => this.queryRange(range, indicator)));
    const sums: CounterCells = new Map();
    for (const item of pages.flat()) {
      const { indicator: id, cells } = counterCellsFromItem(item);
      const target = sums.get(id) ?? new Map<string, number>();
      for (const [cell, count] of cells) target.set(cell, (target.get(cell) ?? 0) + count);
      sums.set(id, target);
    }
    return sums;
  }

  private async queryRange(range: { PK: string; SKFrom: string; SKTo: string }, indicator?: string): Promise<Item[]> {
    const items: Item[] = [];
    const pages = paginateQuery(
      { client: this.client },
      {
        TableName: this.tableName,
        KeyConditionExpression: 'PK = :pk AND SK BETWEEN :from AND :to',
        ExpressionAttributeValues: {
          ':pk': range.PK,
          ':from': range.SKFrom,
          ':to': range.SKTo,
          ...(indicator ? { ':indicator': indicator } : {}),
        },
        ...(indicator ? { FilterExpression: '#indicator = :indicator', ExpressionAttributeNames: { '#indicator': 'indicator' } } : {}),
      },
    );
    for await (const page of pages) items.push(...(page.Items ?? []));
    return items;
  }

  /**
   * The programme's open tasks due before `now` in each team's work queue (the queues are sorted by
   * due date: a key condition, no filter on the date), as cells `["{team}"]` → count.
   */
  async overdueTasks(programme: string, now: string, teams: readonly string[]): Promise<Map<string, number>> {
    const counts = await Promise.all(
      teams.map(async (team) => {
        let count = 0;
        const pages = paginateQuery(
          { client: this.client },
          {
            TableName: this.tableName,
            KeyConditionExpression: 'PK = :pk AND SK < :now',
            FilterExpression: 'programme = :programme',
            ExpressionAttributeValues: { ':pk': keys.queue('ROLE', team).PK, ':now': now, ':programme': programme },
            Select: 'COUNT',
          },
        );
        for await (const page of pages) count += page.Count ?? 0;
        return [JSON.stringify([team]), count] as const;
      }),
    );
    return new Map(counts);
  }

  /** The trafficking rows of the years from `fromYear` to `toYear` (one Query per year). */
  async ctdcRows(fromYear: number, toYear: number): Promise<CtdcRow[]> {
    const years = Array.from({ length: Math.max(0, toYear - fromYear + 1) }, (_, i) => fromYear + i);
    const pages = await Promise.all(
      years.map(async (year) => {
        const rows: CtdcRow[] = [];
        const pages = paginateQuery(
          { client: this.client },
          {
            TableName: this.tableName,
            KeyConditionExpression: 'PK = :pk',
            ExpressionAttributeValues: { ':pk': keys.ctdcRows(year).PK },
            ProjectionExpression: '#row',
            ExpressionAttributeNames: { '#row': 'row' },
          },
        );
        for await (const page of pages) rows.push(...(page.Items ?? []).map((item) => item.row as CtdcRow));
        return rows;
      }),
    );
    return pages.flat();
  }
}
