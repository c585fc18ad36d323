// The outbox on DynamoDB Local: a day's notifications land in several partitions (day and shard, from
// the message id), and the reader gets every one back, in time order, with those written to the one
// partition of before.
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { BatchWriteCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoOutbox } from '../../functions/adapters/dynamodb/outbox.ts';
import { outboxItem } from '../../functions/adapters/dynamodb/items.ts';
import { keys, OUTBOX_SHARDS, outboxShardsFrom } from '../../functions/adapters/dynamodb/keys.ts';
import type { OutboxMessage } from '../../domain/notifications/model.ts';
import { freshTable } from '../support/table.ts';

let documentClient: DynamoDBDocumentClient;
let tableName: string;

beforeAll(async () => {
  ({ documentClient, tableName } = await freshTable());
});

const message = (at: string): OutboxMessage => ({
  messageId: randomUUID(),
  at,
  channel: 'email',
  recipient: { kind: 'role', role: 'caseworker' },
  template: 'task-assigned',
  language: 'fr',
  caseId: randomUUID(),
  params: { reference: 'AVRR-2026-000001' },
});

describe('the outbox spread over partitions', () => {
  it('two days of messages land in every shard of each day, and are all read back in time order', async () => {
    const messages: OutboxMessage[] = [];
    for (let i = 0; i < 200; i++) {
      const day = i % 2 === 0 ? '2026-12-01' : '2026-12-02';
      messages.push(
        message(`${day}T${String(8 + (i % 10)).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}:00.${String(i).padStart(3, '0')}Z`),
      );
    }
    const items = messages.map(outboxItem);
    for (let i = 0; i < items.length; i += 25) {
      await documentClient.send(
        new BatchWriteCommand({ RequestItems: { [tableName]: items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } })) } }),
      );
    }
    // One message of before the spread, in the single partition it was written to then.
    const legacy = message('2026-11-30T12:00:00.000Z');
    await documentClient.send(
      new PutCommand({
        TableName: tableName,
        Item: { ...outboxItem(legacy), ...keys.legacyOutbox(), SK: `${legacy.at}#${legacy.messageId}` },
      }),
    );

    const partitions = new Set(items.map((item) => item.PK as string));
    console.log(`outbox: ${items.length} messages over ${partitions.size} partitions (${OUTBOX_SHARDS} shards a day)`);
    expect(partitions.size).toBe(2 * OUTBOX_SHARDS);
    expect([...partitions].every((pk) => /^OUTBOX#2026-12-0[12]#\d+$/.test(pk))).toBe(true);

    const read = await new DynamoOutbox(documentClient, tableName).listOutbox({ from: '2026-11-30', to: '2026-12-03' });
    expect(read.map((m) => m.messageId).sort()).toEqual([...messages, legacy].map((m) => m.messageId).sort());
    const times = read.map((m) => `${m.at}#${m.messageId}`);
    expect(times).toEqual([...times].sort());
    expect(read[0]!.messageId).toBe(legacy.messageId);

    // Only the days asked for.
    const oneDay = await new DynamoOutbox(documentClient, tableName).listOutbox({ from: '2026-12-02', to: '2026-12-02' });
    expect(oneDay.filter((m) => m.at.startsWith('2026-12-02'))).toHaveLength(100);
    expect(oneDay.filter((m) => m.at.startsWith('2026-12-01'))).toHaveLength(0);
  }, 120_000);

  it('a message keeps its key: the same id gives the same shard; the number of shards is checked', () => {
    const at = '2026-12-01T08:00:00.000Z';
    const id = randomUUID();
    expect(keys.outboxMessage(at, id)).toEqual(keys.outboxMessage(at, id));
    expect(outboxShardsFrom(undefined)).toBe(4);
    expect(outboxShardsFrom('16')).toBe(16);
    for (const bad of ['0', '65', '2.5', 'x']) expect(() => outboxShardsFrom(bad)).toThrow(/OUTBOX_SHARDS/);
  });
});
