// GET /_local/outbox, the local stand-in for the notifications the dispatcher would send: every
// message, however many and however far the clock has been moved on, and one written just before
// the read. The reader used to query four partitions for every day since the data folder's first
// (thousands of Queries, seconds per read, after a year of simulated time) and to answer the oldest
// thousand messages only.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { outboxItem } from '../../functions/adapters/dynamodb/items.ts';
import type { OutboxMessage } from '../../domain/notifications/model.ts';
import { LOCAL_CREDENTIALS } from '../../local/dynamodb-local.ts';
import { http, startTestSystem, type TestSystem } from '../support/local-system.ts';

let system: TestSystem;
let documentClient: DynamoDBDocumentClient;
let tableName: string;

beforeAll(async () => {
  system = await startTestSystem();
  documentClient = DynamoDBDocumentClient.from(
    new DynamoDBClient({ endpoint: system.endpoints.dynamodb, region: 'eu-west-3', credentials: LOCAL_CREDENTIALS }),
  );
  tableName = system.assembly.tables[0]!.tableName;
}, 120_000);

afterAll(async () => {
  documentClient?.destroy();
  await system?.stop();
});

const message = (at: string, caseId: string): OutboxMessage => ({
  messageId: randomUUID(),
  at,
  channel: 'email',
  recipient: { kind: 'role', role: 'caseworker' },
  template: 'task-assigned',
  language: 'fr',
  caseId,
  params: { reference: 'AVRR-2026-000001' },
});

async function clockNow(): Promise<string> {
  return ((await http(system, 'GET', '/_local/clock')).body as { now: string }).now;
}

async function outbox(caseId: string): Promise<{ at: string }[]> {
  const response = await http(system, 'GET', '/_local/outbox');
  expect(response.status).toBe(200);
  return (response.body as { messages: { caseId: string; at: string }[] }).messages.filter((m) => m.caseId === caseId);
}

describe('the local outbox', () => {
  it('answers every message of a day, past the first thousand, as soon as they are written', async () => {
    const caseId = randomUUID();
    const now = Date.parse(await clockNow());
    const items = Array.from({ length: 1_050 }, (_, i) => outboxItem(message(new Date(now + i).toISOString(), caseId)));
    for (let i = 0; i < items.length; i += 25) {
      await documentClient.send(
        new BatchWriteCommand({ RequestItems: { [tableName]: items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } })) } }),
      );
    }
    const read = await outbox(caseId);
    expect(read).toHaveLength(1_050);
    expect(read.map((m) => m.at)).toEqual([...read.map((m) => m.at)].sort());
  }, 120_000);

  it('after a year and more of simulated time, reads the messages of the days that have some, the last one at once', async () => {
    const caseId = randomUUID();
    const first = message(await clockNow(), caseId);
    await documentClient.send(new PutCommand({ TableName: tableName, Item: outboxItem(first) }));
    expect(await http(system, 'POST', '/_local/clock', { body: { advanceBy: 'P200D' } })).toMatchObject({ status: 200 });
    const middle = message(await clockNow(), caseId);
    await documentClient.send(new PutCommand({ TableName: tableName, Item: outboxItem(middle) }));
    expect(await http(system, 'POST', '/_local/clock', { body: { advanceBy: 'P250D' } })).toMatchObject({ status: 200 });
    const last = message(await clockNow(), caseId);
    await documentClient.send(new PutCommand({ TableName: tableName, Item: outboxItem(last) }));
    // Read at once: the last message's day was noted from the stream before the answer.
    expect((await outbox(caseId)).map((m) => m.at)).toEqual([first.at, middle.at, last.at]);
    // The days the reader queries: those with messages, not the 450 in between.
    const days = (await import('node:fs')).readFileSync(`${system.dataDir}/outbox-days.json`, 'utf8');
    expect(JSON.parse(days)).toEqual(expect.arrayContaining([first.at, middle.at, last.at].map((at) => at.slice(0, 10))));
    expect((JSON.parse(days) as string[]).length).toBeLessThan(20);
  }, 120_000);
});
