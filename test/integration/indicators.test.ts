// The indicators through the stream consumer on DynamoDB Local: the fixed cases' images are written
// to the table, the table's own stream is read and handed to the consumer's handler, and every
// declared indicator is read back through the store against the figures computed by hand. The whole
// stream handed over again, twice and in reverse, leaves every counter item unchanged.
import { DescribeTableCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
  type _Record as StreamRecord,
} from '@aws-sdk/client-dynamodb-streams';
import { PutCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBStreamEvent } from 'aws-lambda';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { caseItem, taskItem } from '../../functions/adapters/dynamodb/items.ts';
import { ctdcRowOf } from '../../domain/indicators/ctdc.ts';
import { DynamoIndicatorStore } from '../../functions/adapters/dynamodb/indicator-store.ts';
import { readIndicators } from '../../domain/indicators/read.ts';
import { programmes } from '../../domain/programmes/index.ts';
import { PROGRAMMES, type Programme } from '../../domain/cases/model.ts';
import type { Dimension } from '../../domain/indicators/types.ts';
import { LOCAL_CREDENTIALS } from '../../local/dynamodb-local.ts';
import { asEvent } from '../../local/streams.ts';
import { freshTable } from '../support/table.ts';
import { backfillIndicators } from '../../scripts/backfill-indicators.ts';
import { EXPECTED, PERIOD, indicatorCases } from '../support/indicator-fixtures.ts';

let client: DynamoDBClient;
let documentClient: DynamoDBDocumentClient;
let tableName: string;
let store: DynamoIndicatorStore;
let handler: (event: DynamoDBStreamEvent) => Promise<{ batchItemFailures: unknown[] }>;
let records: StreamRecord[] = [];

async function streamRecords(): Promise<StreamRecord[]> {
  const streams = new DynamoDBStreamsClient({ endpoint: inject('dynamodbEndpoint'), region: 'eu-west-3', credentials: LOCAL_CREDENTIALS });
  const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
  const { StreamDescription } = await streams.send(new DescribeStreamCommand({ StreamArn: Table!.LatestStreamArn! }));
  const all: StreamRecord[] = [];
  for (const shard of StreamDescription?.Shards ?? []) {
    let { ShardIterator: iterator } = await streams.send(
      new GetShardIteratorCommand({ StreamArn: Table!.LatestStreamArn!, ShardId: shard.ShardId!, ShardIteratorType: 'TRIM_HORIZON' }),
    );
    while (iterator) {
      const page = await streams.send(new GetRecordsCommand({ ShardIterator: iterator }));
      all.push(...(page.Records ?? []));
      if ((page.Records ?? []).length === 0) break;
      iterator = page.NextShardIterator;
    }
  }
  streams.destroy();
  return all.sort((a, b) => (a.dynamodb!.SequenceNumber! < b.dynamodb!.SequenceNumber! ? -1 : 1));
}

async function deliver(list: readonly StreamRecord[]): Promise<void> {
  for (let i = 0; i < list.length; i += 100) {
    // As the local system's stream reader hands them over (local/streams.ts `asEvent`: the images as on the wire).
    const result = await handler({ Records: list.slice(i, i + 100).map(asEvent) });
    expect(result.batchItemFailures).toEqual([]);
  }
}

async function counterItems(): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  for (const programme of PROGRAMMES) {
    const page = await documentClient.send(
      new QueryCommand({
        TableName: tableName,
        KeyConditionExpression: 'PK = :pk',
        ExpressionAttributeValues: { ':pk': `INDICATORS#${programme}` },
        ConsistentRead: true,
      }),
    );
    items.push(...(page.Items ?? []));
  }
  return items;
}

const programmeOf = (id: string): Programme => programmes.find((p) => (p.indicators ?? []).some((i) => i.id === id))!.programme;

beforeAll(async () => {
  ({ tableName, client, documentClient } = await freshTable());
  store = new DynamoIndicatorStore(documentClient, tableName);
  Object.assign(process.env, {
    TABLE_NAME: tableName,
    AWS_ENDPOINT_URL_DYNAMODB: inject('dynamodbEndpoint'),
    AWS_REGION: 'eu-west-3',
    AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
  });
  ({ handler } = await import('../../functions/maintain-indicators/handler.ts'));
  for (const images of indicatorCases())
    for (const image of images) await documentClient.send(new PutCommand({ TableName: tableName, Item: caseItem(image) }));
  records = await streamRecords();
  await deliver(records);
}, 120_000);

describe('indicators kept by the stream consumer on DynamoDB Local', () => {
  it('reads every declared indicator as computed by hand, for a period split across month boundaries', async () => {
    expect(records.length).toBeGreaterThanOrEqual(20);
    for (const [id, { by, rows }] of Object.entries(EXPECTED)) {
      const [figure] = await readIndicators(
        {
          programme: programmeOf(id),
          ...PERIOD,
          by: by as Dimension[],
          indicator: id,
          audience: 'internal',
          threshold: 5,
          language: 'en',
          now: '2026-07-02T00:00:00Z',
        },
        store,
      );
      expect(
        figure!.rows.map(({ dims, value, median }) => ({ dims, value, ...(median !== undefined ? { median } : {}) })),
        id,
      ).toEqual(rows);
    }
  }, 60_000);

  it('leaves every counter unchanged when the stream is delivered twice more, once in reverse', async () => {
    const before = await counterItems();
    expect(before.length).toBeGreaterThan(20);
    await deliver(records);
    await deliver([...records].reverse());
    expect(await counterItems()).toEqual(before);
  }, 120_000);

  it('keeps one de-identified trafficking row per victim case, in its year', async () => {
    const rows = await store.ctdcRows(2026, 2026);
    expect(rows).toHaveLength(2);
    expect(rows.map((row) => row.dataSource).sort()).toEqual(['AVRR', 'Case Management']);
    expect(JSON.stringify(rows)).not.toMatch(/0000-4000|X-2026|2026-0\d-\d\d/);
  });

  it('puts a completed assessment’s trafficking codes into its case’s row, delivered once or three times', async () => {
    const victim = indicatorCases()
      .map((images) => images.at(-1)!)
      .find((found) => found.programme === 'protection' && ctdcRowOf(found) !== undefined)!;
    const at = '2026-05-02T10:00:00.000Z';
    await documentClient.send(
      new PutCommand({
        TableName: tableName,
        Item: taskItem({
          taskId: '7d7c6a52-5b0e-4c59-9d55-2f0f5a3c1b01',
          caseId: victim.caseId,
          reference: victim.reference,
          programme: 'protection',
          step: 'vulnerability-assessment',
          phase: 'main',
          roles: ['caseworker'],
          status: 'completed',
          forbiddenActors: [],
          context: {},
          dueAt: at,
          createdAt: at,
          updatedAt: at,
          completedAt: at,
          completedBy: 'amina',
          version: 2,
          decision: {
            categories: ['victim-of-trafficking'],
            trafficking: {
              recruitmentMethods: ['job-offer'],
              meansOfControl: ['debt-bondage'],
              exploitationTypes: ['labour-domestic-work'],
              recruitmentLocations: [{ country: 'CI' }],
              exploitationLocations: [{ country: 'MA', region: 'casablanca-settat' }],
              recruiterRelationship: 'acquaintance',
            },
            notes: 'Met at the shelter on Tuesday.',
          },
        }),
      }),
    );
    // What the event source mapping's filters let through (infra/constructs/indicator-keeper.ts): the
    // stream now also holds the consumer's own items, which it is never given.
    const all = (await streamRecords()).filter((record) => ['Case', 'Task'].includes(record.dynamodb?.NewImage?.entity?.S ?? ''));
    const counters = await counterItems();
    await deliver(all);
    await deliver([...all].reverse());
    const row = (await store.ctdcRows(2026, 2026)).find((r) => r.dataSource === 'Case Management')!;
    expect(row).toMatchObject({
      'recruitment_job-offer': true,
      'meansOfControl_debt-bondage': true,
      'exploitation_labour-domestic-work': true,
      recruiterRelation_acquaintance: true,
      countryOfExploitation: 'MA',
    });
    expect(JSON.stringify(row)).not.toMatch(/Met at|Tuesday|casablanca|amina/);
    // The AVRR victim was never assessed: its columns stay -99.
    expect((await store.ctdcRows(2026, 2026)).find((r) => r.dataSource === 'AVRR')).toMatchObject({ 'recruitment_job-offer': -99 });
    expect(await counterItems()).toEqual(counters);
  }, 120_000);

  it('reads the overdue tasks from the work queues by due date', async () => {
    const due = (taskId: string, dueAt: string, programme: string) => ({
      PK: 'TASKQ#ROLE#caseworker',
      SK: `${dueAt}#${taskId}`,
      entity: 'TaskQueueEntry',
      taskId,
      programme,
      dueAt,
    });
    for (const item of [
      due('t1', '2026-07-01T00:00:00.000Z', 'avrr'),
      due('t2', '2026-07-01T12:00:00.000Z', 'avrr'),
      due('t3', '2026-07-03T00:00:00.000Z', 'avrr'),
      due('t4', '2026-06-01T00:00:00.000Z', 'protection'),
    ])
      await documentClient.send(new PutCommand({ TableName: tableName, Item: item }));
    const [figure] = await readIndicators(
      {
        programme: 'avrr',
        ...PERIOD,
        by: ['team'],
        indicator: 'avrr-overdue-tasks',
        audience: 'internal',
        threshold: 5,
        language: 'en',
        now: '2026-07-02T00:00:00.000Z',
      },
      store,
    );
    expect(figure!.rows).toEqual([{ dims: { team: 'caseworker' }, value: 2 }]);
  });

  it('the backfill counts a case written before the consumer once, and leaves counted ones alone', async () => {
    const [[p2]] = indicatorCases()
      .filter((images) => images[0]!.programme === 'protection')
      .slice(1) as [[ReturnType<typeof indicatorCases>[number][number]]];
    const early = {
      ...p2,
      caseId: '00000000-0000-4000-8000-0000000000aa',
      reference: 'EARLY-1',
      facts: { ...p2.facts, referralDate: '2026-05-05' },
    };
    await documentClient.send(new PutCommand({ TableName: tableName, Item: caseItem(early) }));
    const referrals = async () =>
      (
        await readIndicators(
          {
            programme: 'protection',
            ...PERIOD,
            by: [],
            indicator: 'protection-referrals',
            audience: 'internal',
            threshold: 5,
            language: 'en',
            now: '2026-07-02T00:00:00Z',
          },
          store,
        )
      )[0]!.rows[0]!.value;
    expect(await referrals()).toBe(2);
    expect(await backfillIndicators(documentClient, tableName)).toEqual({ counted: 1, alreadyCounted: indicatorCases().length });
    expect(await referrals()).toBe(3);
    expect(await backfillIndicators(documentClient, tableName)).toEqual({ counted: 0, alreadyCounted: indicatorCases().length + 1 });
    expect(await referrals()).toBe(3);
  }, 60_000);
});
