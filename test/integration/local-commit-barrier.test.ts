// DynamoDB Local answers TransactWriteItems a few milliseconds before committing it: killed in that
// window, it came back without transactions it had acknowledged (12 of 30 in a measurement; a case
// whose reference the person had been given, gone). The local system's clients read behind each
// transaction before answering (functions/commons/local-commit-barrier.ts): SIGKILL right after the
// answers, and every acknowledged transaction is there after the restart.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { CreateTableCommand, DynamoDBClient, GetItemCommand, TransactWriteItemsCommand } from '@aws-sdk/client-dynamodb';
import { LOCAL_CREDENTIALS, startDynamoDbLocal, type DynamoDbLocal } from '../../local/dynamodb-local.ts';
import { addLocalCommitBarrier, localCommitBarrierEnabled, localDynamoDbEndpoint } from '../../functions/commons/local-commit-barrier.ts';
import { isDependencyUnavailable } from '../../functions/commons/http.ts';
import { keys } from '../../functions/adapters/dynamodb/keys.ts';

const dataDir = mkdtempSync(path.join(tmpdir(), 'commit-barrier-'));
const TABLE = 'barrier-test';
let dynamodb: DynamoDbLocal | undefined;

afterAll(() => {
  if (dynamodb) process.kill(dynamodb.pid, 'SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
});

const clientOf = (local: DynamoDbLocal) =>
  addLocalCommitBarrier(
    new DynamoDBClient({ endpoint: local.endpoint, region: 'eu-west-3', credentials: LOCAL_CREDENTIALS }),
    local.endpoint,
  );

describe('the local commit barrier', () => {
  it('is on only when the local system sets it, and a stray value fails the cold start', () => {
    expect(localCommitBarrierEnabled({})).toBe(false);
    expect(localCommitBarrierEnabled({ DYNAMODB_LOCAL_COMMIT_BARRIER: 'on' })).toBe(true);
    expect(() => localCommitBarrierEnabled({ DYNAMODB_LOCAL_COMMIT_BARRIER: 'yes' })).toThrow(/DYNAMODB_LOCAL_COMMIT_BARRIER/);
    expect(() => localDynamoDbEndpoint({ DYNAMODB_LOCAL_COMMIT_BARRIER: 'on' })).toThrow(/AWS_ENDPOINT_URL_DYNAMODB/);
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

// A stand-in for DynamoDB Local that answers every transaction and the barrier's reads as told.
async function fakeDynamoDb(barrierStatus: number) {
  const reads: { headers: IncomingHttpHeaders; body: string }[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const target = req.headers['x-amz-target'];
      res.setHeader('content-type', 'application/x-amz-json-1.0');
      if (target === 'DynamoDB_20120810.GetItem') {
        reads.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
        res.statusCode = barrierStatus;
        res.end(
          barrierStatus === 200
            ? '{}'
            : JSON.stringify({ __type: 'com.amazonaws.dynamodb.v20120810#InternalServerError', message: 'down' }),
        );
      } else res.end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const client = addLocalCommitBarrier(
    new DynamoDBClient({ endpoint, region: 'eu-west-3', credentials: LOCAL_CREDENTIALS, maxAttempts: 2 }),
    endpoint,
  );
  const transact = () =>
    client.send(
      new TransactWriteItemsCommand({ TransactItems: [{ Put: { TableName: 'casework', Item: { PK: { S: 'A' }, SK: { S: 'B' } } } }] }),
    );
  const close = async () => {
    client.destroy();
    await new Promise((resolve) => server.close(resolve));
  };
  return { reads, transact, close };
}

describe("the barrier's read", () => {
  it('is a signed, strongly consistent GetItem of the barrier key in the transaction’s table, sent after its answer', async () => {
    const fake = await fakeDynamoDb(200);
    try {
      await fake.transact();
      await fake.transact();
      expect(fake.reads).toHaveLength(2);
      const [read] = fake.reads;
      expect(JSON.parse(read!.body)).toEqual({
        TableName: 'casework',
        Key: { PK: { S: keys.localCommitBarrier().PK }, SK: { S: keys.localCommitBarrier().SK } },
        ConsistentRead: true,
      });
      expect(read!.headers.authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=local\/\d{8}\/eu-west-3\/dynamodb\/aws4_request, /);
    } finally {
      await fake.close();
    }
  });

  it('answered 5xx, is tried as often as the client tries, then fails the transaction as a dependency that is down', async () => {
    const fake = await fakeDynamoDb(500);
    try {
      const error: unknown = await fake.transact().catch((caught: unknown) => caught);
      expect(fake.reads).toHaveLength(2);
      expect(isDependencyUnavailable(error)).toBe(true);
    } finally {
      await fake.close();
    }
  });

  it('answered 4xx (a wrong table), fails at once, not as a dependency that is down', async () => {
    const fake = await fakeDynamoDb(400);
    try {
      const error: unknown = await fake.transact().catch((caught: unknown) => caught);
      expect(fake.reads).toHaveLength(1);
      expect(error).toMatchObject({ name: 'CommitBarrierFailed' });
      expect(isDependencyUnavailable(error)).toBe(false);
    } finally {
      await fake.close();
    }
  });
});
