// The restore procedure of one case (docs/operations.md, "Backups and restoring a case") on DynamoDB
// Local: a case created through the intake use case, the table copied (as a point-in-time restore
// to a new table would), the case's items deleted from the live table, then restored by
// scripts/restore-case.ts: every item back as it was, conditional on absence, idempotent.
import { beforeAll, describe, expect, it } from 'vitest';
import { CreateTableCommand, DescribeTableCommand, waitUntilTableExists, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, DeleteCommand, PutCommand, ScanCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { getForm } from '../../domain/forms/index.ts';
import { submitForm } from '../../domain/intake/submit-form.ts';
import { DynamoIntakeStore } from '../../functions/adapters/dynamodb/intake-store.ts';
import { itemsOfCase, restoreCase, TRIGGER_ENTITIES } from '../../scripts/restore-case.ts';
import { freshTable } from '../support/table.ts';
import { localFieldCipher } from '../support/field-key.ts';
import { testNotice } from '../support/notice.ts';

type Item = Record<string, unknown> & { PK: string; SK: string };

let live: string;
let client: DynamoDBClient;
let documentClient: DynamoDBDocumentClient;
const example = getForm('avrr-application')!.examples[0];

async function submit(key: string) {
  const store = new DynamoIntakeStore(documentClient, live, localFieldCipher());
  const { receipt } = await submitForm(
    {
      formId: 'avrr-application',
      rawBody: JSON.stringify(example),
      body: example,
      idempotencyKey: key,
      language: 'fr',
      notice: testNotice,
    },
    { store, now: () => new Date('2026-12-01T09:00:00Z') },
  );
  return receipt;
}

async function scanAll(tableName: string): Promise<Item[]> {
  const items: Item[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await documentClient.send(new ScanCommand({ TableName: tableName, ...(start ? { ExclusiveStartKey: start } : {}) }));
    items.push(...((page.Items ?? []) as Item[]));
    start = page.LastEvaluatedKey;
  } while (start);
  return items;
}

/** A copy of the live table under another name, as a point-in-time restore makes one. */
async function restoredCopy(): Promise<string> {
  const { Table } = await client.send(new DescribeTableCommand({ TableName: live }));
  const copy = `${live}-restored`;
  await client.send(
    new CreateTableCommand({
      TableName: copy,
      KeySchema: Table!.KeySchema,
      AttributeDefinitions: Table!.AttributeDefinitions,
      BillingMode: 'PAY_PER_REQUEST',
      GlobalSecondaryIndexes: Table!.GlobalSecondaryIndexes!.map((index) => ({
        IndexName: index.IndexName,
        KeySchema: index.KeySchema,
        Projection: index.Projection,
      })),
    }),
  );
  await waitUntilTableExists({ client, maxWaitTime: 60 }, { TableName: copy });
  const items = await scanAll(live);
  for (let start = 0; start < items.length; start += 25) {
    await documentClient.send(
      new BatchWriteCommand({ RequestItems: { [copy]: items.slice(start, start + 25).map((Item) => ({ PutRequest: { Item } })) } }),
    );
  }
  return copy;
}

const keyOf = (item: Item) => `${item.PK} ${item.SK}`;
const sorted = (items: Item[]) => [...items].sort((a, b) => keyOf(a).localeCompare(keyOf(b)));

describe('restoring one case from a restored copy of the table', () => {
  let caseId: string;
  let reference: string;
  let otherCaseId: string;
  let source: string;
  let original: Item[];

  beforeAll(async () => {
    ({ tableName: live, client, documentClient } = await freshTable());
    ({ caseId, reference } = await submit('restore-case-0001'));
    ({ caseId: otherCaseId } = await submit('restore-case-0002'));
    source = await restoredCopy();
    original = await itemsOfCase(documentClient, live, caseId);
    // The case is lost from the live table: every item of it deleted.
    for (const item of original) await documentClient.send(new DeleteCommand({ TableName: live, Key: { PK: item.PK, SK: item.SK } }));
  }, 300_000);

  it('finds every item of the case, in its partition and keyed elsewhere, and none of another case', () => {
    const entities = new Set(original.map((item) => item.entity));
    for (const entity of ['Case', 'CaseReference', 'Person', 'Submission', 'CaseEvent', 'WorkflowStart'])
      expect(entities).toContain(entity);
    expect(original.some((item) => item.PK === `CASEREF#${reference}`)).toBe(true);
    expect(original.some((item) => !item.PK.startsWith('CASE#'))).toBe(true);
    expect(original.every((item) => !JSON.stringify(item).includes(otherCaseId))).toBe(true);
    expect(original.some((item) => item.PK.startsWith('COUNTER#'))).toBe(false);
  });

  it('a dry run counts and writes nothing', async () => {
    const report = await restoreCase(documentClient, { caseId, source, target: live, dryRun: true });
    const triggers = original.filter((item) => (TRIGGER_ENTITIES as readonly string[]).includes(item.entity as string)).length;
    expect(report).toMatchObject({ dryRun: true, restored: original.length - triggers, skippedTriggers: triggers, alreadyPresent: 0 });
    expect(await itemsOfCase(documentClient, live, caseId)).toEqual([]);
  });

  it('brings every item back as it was, but the stream triggers, and is idempotent', { timeout: 120_000 }, async () => {
    const report = await restoreCase(documentClient, { caseId, source, target: live, dryRun: false });
    const expected = original.filter((item) => !(TRIGGER_ENTITIES as readonly string[]).includes(item.entity as string));
    expect(report.restored).toBe(expected.length);
    expect(report.skippedTriggers).toBeGreaterThan(0); // the request to start the return phase
    expect(sorted(await itemsOfCase(documentClient, live, caseId))).toEqual(sorted(expected));

    const again = await restoreCase(documentClient, { caseId, source, target: live, dryRun: false });
    expect(again).toMatchObject({ restored: 0, alreadyPresent: expected.length });
  });

  it('never overwrites what the live table holds now', { timeout: 120_000 }, async () => {
    const caseItem = original.find((item) => item.entity === 'Case')!;
    await documentClient.send(new PutCommand({ TableName: live, Item: { ...caseItem, stage: 'changed-since', version: 99 } }));
    await restoreCase(documentClient, { caseId, source, target: live, dryRun: false, includeTriggers: true });
    const now = (await itemsOfCase(documentClient, live, caseId)).find((item) => item.entity === 'Case');
    expect(now).toMatchObject({ stage: 'changed-since', version: 99 });
    // With --include-triggers, the triggers come back too.
    expect((await itemsOfCase(documentClient, live, caseId)).some((item) => item.entity === 'WorkflowStart')).toBe(true);
  });

  it('refuses to restore a table onto itself', async () => {
    await expect(restoreCase(documentClient, { caseId, source: live, target: live, dryRun: true })).rejects.toThrow(/same table/);
  });
});
