// The access log on DynamoDB Local: records land in their own partition per case (apart from the
// case's history) and on GSI1 by reader; both read back in time order, a reader's by time window,
// page by page; the TTL attribute carries the retention.
import { beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { accessRecord, type AccessRecord } from '../../domain/access/access-log.ts';
import { DynamoAccessLog } from '../../functions/adapters/dynamodb/access-log.ts';
import { DynamoCaseReader } from '../../functions/adapters/dynamodb/case-reader.ts';
import { keys } from '../../functions/adapters/dynamodb/keys.ts';
import { freshTable } from '../support/table.ts';

let documentClient: DynamoDBDocumentClient;
let tableName: string;
let log: DynamoAccessLog;

beforeAll(async () => {
  ({ documentClient, tableName } = await freshTable());
  log = new DynamoAccessLog(documentClient, tableName);
});

const amina = { sub: 'amina', groups: ['caseworker' as const] };
const karim = { sub: 'karim', groups: ['supervisor' as const] };

async function pages(read: (cursor?: string) => Promise<{ items: AccessRecord[]; next?: string }>): Promise<AccessRecord[][]> {
  const all: AccessRecord[][] = [];
  let cursor: string | undefined;
  do {
    const page = await read(cursor);
    all.push(page.items);
    cursor = page.next;
  } while (cursor);
  return all;
}

describe('the access log', () => {
  it('by case: every read of that case only, oldest first, in pages; nothing in the case’s own partition', async () => {
    const caseId = randomUUID();
    const other = randomUUID();
    for (let minute = 0; minute < 5; minute++) {
      await log.record(accessRecord(minute % 2 ? karim : amina, { what: 'case', caseId }, new Date(Date.UTC(2026, 11, 1, 9, minute)), 10));
    }
    await log.record(accessRecord(amina, { what: 'history', caseId: other }, new Date(Date.UTC(2026, 11, 1, 9, 2))));

    const read = await pages((cursor) => log.ofCase(caseId, { limit: 2, ...(cursor ? { cursor } : {}) }));
    expect(read.map((page) => page.length)).toEqual([2, 2, 1]);
    const records = read.flat();
    expect(records.map((r) => r.by)).toEqual(['amina', 'karim', 'amina', 'karim', 'amina']);
    expect(records.every((r) => r.caseId === caseId)).toBe(true);
    expect(records[0]!.expiresAt).toBe(Date.UTC(2026, 11, 1, 9, 0) / 1000 + 10 * 86_400);
    // Kept apart from the case's history and other items.
    expect(await new DynamoCaseReader(documentClient, tableName).getHistory(caseId)).toEqual([]);
    const casePartition = await documentClient.send(
      new QueryCommand({
        TableName: tableName,
        KeyConditionExpression: 'PK = :pk',
        ExpressionAttributeValues: { ':pk': keys.case(caseId).PK },
      }),
    );
    expect(casePartition.Items).toEqual([]);
  });

  it('by reader over a time window (inclusive at both ends), across cases, in pages', async () => {
    const reader = { sub: `reader-${randomUUID()}`, groups: ['caseworker' as const] };
    const at = (day: number) => new Date(Date.UTC(2026, 11, day, 12));
    for (const day of [1, 2, 3, 4, 5, 6])
      await log.record(accessRecord(reader, { what: 'task', caseId: randomUUID(), taskId: randomUUID() }, at(day)));
    await log.record(accessRecord(amina, { what: 'case', caseId: randomUUID() }, at(3)));

    const window = await pages((cursor) =>
      log.ofReader(reader.sub, at(2).toISOString(), at(5).toISOString(), { limit: 3, ...(cursor ? { cursor } : {}) }),
    );
    expect(window.flat().map((r) => r.at)).toEqual([2, 3, 4, 5].map((day) => at(day).toISOString()));
    expect(window.flat().every((r) => r.by === reader.sub && r.what === 'task' && r.taskId)).toBe(true);
    expect(window[0]).toHaveLength(3);

    // A cursor from another window or reader is refused.
    const first = await log.ofReader(reader.sub, at(2).toISOString(), at(5).toISOString(), { limit: 1 });
    await expect(log.ofReader(reader.sub, at(6).toISOString(), at(7).toISOString(), { limit: 1, cursor: first.next! })).rejects.toThrow(
      'invalid cursor',
    );
    await expect(log.ofReader('amina', at(2).toISOString(), at(5).toISOString(), { limit: 1, cursor: first.next! })).rejects.toThrow(
      'invalid cursor',
    );
  });
});
