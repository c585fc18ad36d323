// DynamoDB Local answers TransactWriteItems a few milliseconds before committing it: killed in that
// window, it came back without transactions it had acknowledged (12 of 30 in a measurement; a case
// whose reference the person had been given, gone). The local system's clients read behind each
// transaction before answering (functions/commons/local-commit-barrier.ts): SIGKILL right after the
// answers, and every acknowledged transaction is there after the restart.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { CreateTableCommand, DynamoDBClient, GetItemCommand, TransactWriteItemsCommand } from '@aws-sdk/client-dynamodb';
import { LOCAL_CREDENTIALS, startDynamoDbLocal, type DynamoDbLocal } from '../../local/dynamodb-local.ts';
import { addLocalCommitBarrier, localCommitBarrierEnabled } from '../../functions/commons/local-commit-barrier.ts';

const dataDir = mkdtempSync(path.join(tmpdir(), 'commit-barrier-'));
const TABLE = 'barrier-test';
let dynamodb: DynamoDbLocal | undefined;

afterAll(() => {
  if (dynamodb) process.kill(dynamodb.pid, 'SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
});

const clientOf = (local: DynamoDbLocal) =>
  addLocalCommitBarrier(new DynamoDBClient({ endpoint: local.endpoint, region: 'eu-west-3', credentials: LOCAL_CREDENTIALS }));

describe('the local commit barrier', () => {
  it('is on only when the local system sets it, and a stray value fails the cold start', () => {
    expect(localCommitBarrierEnabled({})).toBe(false);
    expect(localCommitBarrierEnabled({ DYNAMODB_LOCAL_COMMIT_BARRIER: 'on' })).toBe(true);
    expect(() => localCommitBarrierEnabled({ DYNAMODB_LOCAL_COMMIT_BARRIER: 'yes' })).toThrow(/DYNAMODB_LOCAL_COMMIT_BARRIER/);
  });

  it('keeps every acknowledged transaction through a SIGKILL of DynamoDB Local right after the answers', async () => {
    dynamodb = await startDynamoDbLocal({ dataDir });
    let client = clientOf(dynamodb);
    await client.send(
      new CreateTableCommand({
        TableName: TABLE,
        AttributeDefinitions: [
          { AttributeName: 'PK', AttributeType: 'S' },
          { AttributeName: 'SK', AttributeType: 'S' },
          { AttributeName: 'GSI1PK', AttributeType: 'S' },
        ],
        KeySchema: [
          { AttributeName: 'PK', KeyType: 'HASH' },
          { AttributeName: 'SK', KeyType: 'RANGE' },
        ],
        // As the casework table: a transaction's items go to an index and to the stream too.
        GlobalSecondaryIndexes: [
          {
            IndexName: 'GSI1',
            KeySchema: [
              { AttributeName: 'GSI1PK', KeyType: 'HASH' },
              { AttributeName: 'SK', KeyType: 'RANGE' },
            ],
            Projection: { ProjectionType: 'ALL' },
          },
        ],
        BillingMode: 'PAY_PER_REQUEST',
        StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' },
      }),
    );
    const acknowledged: string[] = [];
    for (let round = 0; round < 8; round++) {
      const ids = Array.from({ length: 4 }, () => randomUUID());
      await Promise.all(
        ids.map(async (id) => {
          await client.send(
            new TransactWriteItemsCommand({
              TransactItems: Array.from({ length: 8 }, (_, i) => ({
                Put: {
                  TableName: TABLE,
                  Item: { PK: { S: `CASE#${id}` }, SK: { S: `ITEM#${i}` }, GSI1PK: { S: `QUEUE#${i}` }, data: { S: 'x'.repeat(500) } },
                  ConditionExpression: 'attribute_not_exists(PK)',
                },
              })),
            }),
          );
          acknowledged.push(id);
        }),
      );
      // Killed the moment the last answer arrived.
      const port = dynamodb.port;
      process.kill(dynamodb.pid, 'SIGKILL');
      await dynamodb.exited;
      client.destroy();
      dynamodb = await startDynamoDbLocal({ dataDir, port });
      client = clientOf(dynamodb);
    }
    const lost: string[] = [];
    for (const id of acknowledged) {
      const { Item } = await client.send(new GetItemCommand({ TableName: TABLE, Key: { PK: { S: `CASE#${id}` }, SK: { S: 'ITEM#0' } } }));
      if (!Item) lost.push(id);
    }
    client.destroy();
    expect(acknowledged).toHaveLength(32);
    expect(lost).toEqual([]);
  }, 120_000);
});
