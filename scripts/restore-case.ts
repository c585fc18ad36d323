// npm run restore-case -- --case <caseId> --from <restored table> --to <live table> [--apply] [--include-triggers]
//
// Copies every item of one case from a restored copy of the table (a point-in-time restore to a
// new table, or an import of an export to S3: docs/operations.md, "Backups and restoring a case")
// back into the live table, each written only where the live table has no item with its key:
// idempotent, never overwriting what the live table holds now. A dry run (the default) only counts.
//
// The items of a case (functions/adapters/dynamodb/keys.ts): its partition `CASE#{caseId}`, its
// access log `ACCESS#CASE#{caseId}`, its tasks' partitions `TASK#{taskId}` (the task and its token),
// and the items keyed elsewhere that name it (its reference `CASEREF#...`, task queue entries,
// identity entries, the closed-cases index, need and returnee listings, the association's list...):
// every item whose `caseId` attribute is the case or whose key contains the case's or one of its
// tasks' ids, found by a Scan of the restored copy (an offline copy: never the live table, never
// a request path). Shared items (reference counters) are never copied.
//
// Trigger items (the transactional outbox: Outbox, WorkflowStart, WorkflowStop) are left out unless
// --include-triggers: written to the live table they would go out again through its stream
// (notifications re-sent, phases started). Prints counts per entity only, never an item's content.
// Credentials and region from the standard AWS variables; AWS_ENDPOINT_URL_DYNAMODB points it at
// DynamoDB Local.
import { parseArgs } from 'node:util';
import { ConditionalCheckFailedException, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand, QueryCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { keys } from '../functions/adapters/dynamodb/keys.ts';

type Item = Record<string, unknown> & { PK: string; SK: string };

/** Items that act when they appear in the table's stream: restored only on request. */
export const TRIGGER_ENTITIES = ['Outbox', 'WorkflowStart', 'WorkflowStop'] as const;

export interface RestoreReport {
  caseId: string;
  /** Items of the case found in the restored copy, by entity. */
  found: Record<string, number>;
  /** Written to the live table (or, in a dry run, that would be). */
  restored: number;
  /** Already in the live table: left as they are. */
  alreadyPresent: number;
  /** Trigger items left out. */
  skippedTriggers: number;
  dryRun: boolean;
}

async function queryAll(client: DynamoDBDocumentClient, tableName: string, pk: string): Promise<Item[]> {
  const items: Item[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await client.send(
      new QueryCommand({
        TableName: tableName,
        KeyConditionExpression: 'PK = :pk',
        ExpressionAttributeValues: { ':pk': pk },
        ConsistentRead: true,
        ...(start ? { ExclusiveStartKey: start } : {}),
      }),
    );
    items.push(...((page.Items ?? []) as Item[]));
    start = page.LastEvaluatedKey;
  } while (start);
  return items;
}

/** Items of the restored copy that name one of `ids` in their `caseId` or in their keys. */
async function scanNaming(client: DynamoDBDocumentClient, tableName: string, caseId: string, ids: string[]): Promise<Item[]> {
  const values: Record<string, string> = { ':case': caseId };
  const conditions = ['caseId = :case'];
  ids.forEach((id, index) => {
    values[`:id${index}`] = id;
    conditions.push(`contains(PK, :id${index})`, `contains(SK, :id${index})`);
  });
  const items: Item[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await client.send(
      new ScanCommand({
        TableName: tableName,
        FilterExpression: conditions.join(' OR '),
        ExpressionAttributeValues: values,
        ConsistentRead: true,
        ...(start ? { ExclusiveStartKey: start } : {}),
      }),
    );
    items.push(...((page.Items ?? []) as Item[]));
    start = page.LastEvaluatedKey;
  } while (start);
  return items;
}

/** Every item of one case in `source` (see the header), each once. */
export async function itemsOfCase(client: DynamoDBDocumentClient, source: string, caseId: string): Promise<Item[]> {
  const byKey = new Map<string, Item>();
  const add = (items: Item[]) => {
    for (const item of items) byKey.set(`${item.PK}\u0000${item.SK}`, item);
  };
  add(await queryAll(client, source, keys.casePartition(caseId).PK));
  add(await queryAll(client, source, keys.accessLogOfCase(caseId).PK));
  const taskIds = [...byKey.values()]
    .filter((item) => item.SK.startsWith('TASK#'))
    .map((item) => item.SK.slice('TASK#'.length))
    .filter((taskId) => taskId !== '');
  for (const taskId of taskIds) add(await queryAll(client, source, keys.task(taskId).PK));
  add(await scanNaming(client, source, caseId, [caseId, ...taskIds]));
  // Shared by every case of a programme and year: never one case's to restore.
  return [...byKey.values()].filter((item) => !item.PK.startsWith('COUNTER#'));
}

export async function restoreCase(
  client: DynamoDBDocumentClient,
  options: { caseId: string; source: string; target: string; dryRun: boolean; includeTriggers?: boolean },
): Promise<RestoreReport> {
  if (options.source === options.target) throw new Error('--from and --to name the same table');
  const items = await itemsOfCase(client, options.source, options.caseId);
  const report: RestoreReport = {
    caseId: options.caseId,
    found: {},
    restored: 0,
    alreadyPresent: 0,
    skippedTriggers: 0,
    dryRun: options.dryRun,
  };
  for (const item of items) {
    const entity = typeof item.entity === 'string' ? item.entity : 'unknown';
    report.found[entity] = (report.found[entity] ?? 0) + 1;
    if (!options.includeTriggers && (TRIGGER_ENTITIES as readonly string[]).includes(entity)) {
      report.skippedTriggers += 1;
      continue;
    }
    if (options.dryRun) {
      report.restored += 1;
      continue;
    }
    try {
      await client.send(new PutCommand({ TableName: options.target, Item: item, ConditionExpression: 'attribute_not_exists(PK)' }));
      report.restored += 1;
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      report.alreadyPresent += 1;
    }
  }
  return report;
}

export async function main(argv: string[], print: (line: string) => void = console.log): Promise<RestoreReport> {
  const { values } = parseArgs({
    args: argv,
    options: {
      case: { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      apply: { type: 'boolean', default: false },
      'include-triggers': { type: 'boolean', default: false },
    },
    strict: true,
  });
  const missing = (['case', 'from', 'to'] as const).filter((name) => !values[name]);
  if (missing.length > 0) throw new Error(`Missing ${missing.map((name) => `--${name}`).join(', ')} (see docs/operations.md)`);
  if (!/^[0-9a-f-]{36}$/i.test(values.case!)) throw new Error('--case must be a case id (a UUID)');
  const client = DynamoDBDocumentClient.from(new DynamoDBClient({}));
  try {
    const report = await restoreCase(client, {
      caseId: values.case!,
      source: values.from!,
      target: values.to!,
      dryRun: !values.apply,
      includeTriggers: values['include-triggers'],
    });
    print(JSON.stringify(report));
    return report;
  } finally {
    client.destroy();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main(process.argv.slice(2)).catch((error: unknown) => {
    // The error's class and message only: nothing of an item.
    console.error(error instanceof Error ? `${error.name}: ${error.message}` : 'failed');
    process.exitCode = 1;
  });
}
