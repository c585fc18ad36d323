// The local stand-in for DynamoDB stream event source mappings (local/streams.ts) against DynamoDB
// Local. In AWS each mapping reads the stream on its own; locally the consumers were read one after
// the other in one loop, so a slow consumer (the match suggester working through a crowd of namesakes,
// seconds per batch) held back the workflow starter: cases waited for their first task for as long.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, inject, vi } from 'vitest';
import { CreateTableCommand, DeleteTableCommand, DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import { LOCAL_CREDENTIALS } from '../../local/dynamodb-local.ts';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { addWriteNudge, LocalStreams, type LocalDelivery } from '../../local/streams.ts';
import type { LambdaHost } from '../../local/lambda-host.ts';

const tableName = `streams-${randomUUID().slice(0, 8)}`;
let client: DynamoDBClient;
let dataDir: string;

beforeAll(async () => {
  client = new DynamoDBClient({ endpoint: inject('dynamodbEndpoint'), region: 'eu-west-3', credentials: LOCAL_CREDENTIALS });
  await client.send(
    new CreateTableCommand({
      TableName: tableName,
      AttributeDefinitions: [{ AttributeName: 'PK', AttributeType: 'S' }],
      KeySchema: [{ AttributeName: 'PK', KeyType: 'HASH' }],
      BillingMode: 'PAY_PER_REQUEST',
      StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' },
    }),
  );
  dataDir = mkdtempSync(path.join(tmpdir(), 'local-streams-'));
});

afterAll(async () => {
  await client?.send(new DeleteTableCommand({ TableName: tableName }));
  client?.destroy();
  rmSync(dataDir, { recursive: true, force: true });
});

// A reader of this test's table whose consumers are all delivered here (no functions), failures ignored.
const readerOptions = () => ({
  endpoint: inject('dynamodbEndpoint'),
  region: 'eu-west-3',
  host: {} as LambdaHost,
  dataDir,
  onError: () => undefined,
});

const keyOf = (record: Record<string, unknown>) => (record.dynamodb as { Keys: { PK: { S: string } } }).Keys.PK.S;

describe('local stream consumers', () => {
  it('read the stream each on its own: one stuck on a batch does not hold back another', async () => {
    const fast: string[] = [];
    const slowSeen: string[] = [];
    let release!: () => void;
    const stuck = new Promise<void>((resolve) => (release = resolve));
    const errors: string[] = [];
    const streams = new LocalStreams({
      ...readerOptions(),
      onError: (error, context) => errors.push(`${context}: ${String(error)}`),
    });
    await streams.start(
      [
        { functionLogicalId: 'Slow', tableName, filters: [], batchSize: 1 },
        { functionLogicalId: 'Fast', tableName, filters: [], batchSize: 10 },
      ],
      client,
      new Map<string, LocalDelivery>([
        [
          'Slow',
          async (records: Record<string, unknown>[]) => {
            slowSeen.push(...records.map(keyOf));
            await stuck;
          },
        ],
        ['Fast', (records: Record<string, unknown>[]) => void fast.push(...records.map(keyOf))],
      ]),
    );
    try {
      const written = Array.from({ length: 5 }, (_, i) => `item-${i}`);
      for (const key of written) await client.send(new PutItemCommand({ TableName: tableName, Item: { PK: { S: key } } }));
      // The slow consumer holds its first record (each reader polls on its own: the fast one may
      // well have read everything before the slow one's first read); the fast one still gets every record.
      await expect.poll(() => slowSeen, { timeout: 10_000 }).toEqual(['item-0']);
      await expect.poll(() => fast, { timeout: 10_000 }).toEqual(written);
      expect(slowSeen).toEqual(['item-0']);
      release();
      await expect.poll(() => slowSeen, { timeout: 10_000 }).toEqual(written);
      expect(streams.health().status).toBe('up');
      // No delivery failed. A read DynamoDB Local refused is another matter: on a loaded machine it
      // now and then answers a fresh shard's read with TrimmedDataAccessException (once in a full run),
      // and the reader takes a new iterator from its checkpoint; every record arrived above.
      expect(errors.filter((error) => !error.startsWith('stream of '))).toEqual([]);
    } finally {
      release();
      await streams.stop();
    }
  });

  it("wake up at a write reported by the functions' client, not at the next poll", { timeout: 60_000 }, async () => {
    const seen: string[] = [];
    // An idle wait of two minutes: only a wake-up delivers a record within the test.
    const streams = new LocalStreams({ ...readerOptions(), idleMs: 120_000 });
    const functions = DynamoDBDocumentClient.from(
      new DynamoDBClient({ endpoint: inject('dynamodbEndpoint'), region: 'eu-west-3', credentials: LOCAL_CREDENTIALS }),
    );
    addWriteNudge(functions);
    // Written before the reader starts: its first read delivers it, and then the reader is idle.
    const first = `first-${randomUUID()}`;
    await client.send(new PutItemCommand({ TableName: tableName, Item: { PK: { S: first } } }));
    await streams.start(
      [{ functionLogicalId: 'Woken', tableName, filters: [], batchSize: 10 }],
      client,
      new Map<string, LocalDelivery>([['Woken', (records: Record<string, unknown>[]) => void seen.push(...records.map(keyOf))]]),
    );
    try {
      // The first read takes what the table's stream already holds (however long that takes on a
      // loaded machine); then the reader is idle. Only this test's two records are looked at.
      await expect.poll(() => seen.includes(first), { timeout: 20_000 }).toBe(true);
      // After a delivery the reader reads once more at once, finds nothing, and only then waits.
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      const quiet = `quiet-${randomUUID()}`;
      const woken = `woken-${randomUUID()}`;
      const mine = () => seen.filter((key) => key === quiet || key === woken);
      await client.send(new PutItemCommand({ TableName: tableName, Item: { PK: { S: quiet } } }));
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      expect(mine()).toEqual([]);
      await functions.send(new PutCommand({ TableName: tableName, Item: { PK: woken } }));
      await expect.poll(mine, { timeout: 10_000 }).toEqual([quiet, woken]);
    } finally {
      await streams.stop();
      functions.destroy();
    }
  });

  it(
    'read at once for a caller that waits for them to settle, and after the API request that wrote is answered',
    { timeout: 60_000 },
    async () => {
      const seen: { key: string; at: number }[] = [];
      // An idle wait of two minutes: only a wake-up delivers a record within the test.
      const streams = new LocalStreams({ ...readerOptions(), idleMs: 120_000 });
      const functions = DynamoDBDocumentClient.from(
        new DynamoDBClient({ endpoint: inject('dynamodbEndpoint'), region: 'eu-west-3', credentials: LOCAL_CREDENTIALS }),
      );
      addWriteNudge(functions);
      await streams.start(
        [{ functionLogicalId: 'Settled', tableName, filters: [], batchSize: 10 }],
        client,
        new Map<string, LocalDelivery>([
          ['Settled', (records: Record<string, unknown>[]) => void seen.push(...records.map((r) => ({ key: keyOf(r), at: Date.now() })))],
        ]),
      );
      try {
        // Whatever the stream already held is read first; then the reader is idle for two minutes.
        expect(await streams.settle('Settled', 20_000)).toBe(true);
        await new Promise((resolve) => setTimeout(resolve, 1_000));
        // Written by someone else (no wake-up): settle() reads it now, not in two minutes.
        const quiet = `quiet-${randomUUID()}`;
        await client.send(new PutItemCommand({ TableName: tableName, Item: { PK: { S: quiet } } }));
        expect(await streams.settle('Settled', 10_000)).toBe(true);
        expect(seen.map(({ key }) => key)).toContain(quiet);
        await new Promise((resolve) => setTimeout(resolve, 1_000));
        // Written by a function during an API request: the reader waits for its answer (here, 2 s:
        // longer than the most it waits, so it reads after that bound, not at the answer).
        const duringRequest = `request-${randomUUID()}`;
        const answered = streams.foregroundStarted();
        const wrote = Date.now();
        await functions.send(new PutCommand({ TableName: tableName, Item: { PK: duringRequest } }));
        await expect.poll(() => seen.find(({ key }) => key === duringRequest), { timeout: 10_000 }).toBeDefined();
        expect(seen.find(({ key }) => key === duringRequest)!.at - wrote).toBeGreaterThanOrEqual(20);
        answered();
        await new Promise((resolve) => setTimeout(resolve, 1_000));
        // A request answered quickly: read as soon as it is.
        const second = `answered-${randomUUID()}`;
        const answeredToo = streams.foregroundStarted();
        await functions.send(new PutCommand({ TableName: tableName, Item: { PK: second } }));
        await new Promise((resolve) => setTimeout(resolve, 5));
        expect(seen.map(({ key }) => key)).not.toContain(second);
        answeredToo();
        await expect.poll(() => seen.map(({ key }) => key), { timeout: 10_000 }).toContain(second);
      } finally {
        await streams.stop();
        functions.destroy();
      }
    },
  );

  it('read after the answer of the request that wrote has reached a client in this process', { timeout: 60_000 }, async () => {
    // Idle for two minutes, and waiting up to 10 s for the answer (25 ms in the local system): only
    // the answer's end wakes the reader, however loaded the machine.
    const streams = new LocalStreams({ ...readerOptions(), idleMs: 120_000, foregroundWaitMs: 10_000 });
    const functions = DynamoDBDocumentClient.from(
      new DynamoDBClient({ endpoint: inject('dynamodbEndpoint'), region: 'eu-west-3', credentials: LOCAL_CREDENTIALS }),
    );
    addWriteNudge(functions);
    const seen: string[] = [];
    await streams.start(
      [{ functionLogicalId: 'Answered', tableName, filters: [], batchSize: 10 }],
      client,
      new Map<string, LocalDelivery>([['Answered', (records: Record<string, unknown>[]) => void seen.push(...records.map(keyOf))]]),
    );
    // As the local system answers an API request (local/system.ts): a function writes, the answer
    // ends, and the readers that write woke may read.
    const server = createServer((req, res) => {
      const answered = streams.foregroundStarted();
      res.once('close', answered);
      void functions.send(new PutCommand({ TableName: tableName, Item: { PK: req.url!.slice(1) } })).then(() => res.end('written'));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    // Every request of the readers to DynamoDB Local Streams.
    const reads = vi.spyOn(DynamoDBStreamsClient.prototype, 'send');
    try {
      expect(await streams.settle('Answered', 20_000)).toBe(true);
      await untilNoReadsFor(reads, 200);
      for (let round = 0; round < 5; round++) {
        const key = `answer-${round}-${randomUUID()}`;
        reads.mockClear();
        const readsBeforeAnswer = await new Promise<number>((resolve, reject) => {
          const call = request({ host: '127.0.0.1', port, path: `/${key}`, method: 'POST' }, (res) => {
            const before = reads.mock.calls.length;
            res.resume();
            res.on('end', () => resolve(before));
          });
          call.on('error', reject);
          call.end();
        });
        await expect.poll(() => seen, { timeout: 10_000 }).toContain(key);
        // The client read its answer before the woken reader sent anything to DynamoDB Local.
        expect(readsBeforeAnswer).toBe(0);
        expect(reads).toHaveBeenCalled();
        // A reader that delivered reads once more before it idles: the next round starts after that.
        await untilNoReadsFor(reads, 200);
      }
    } finally {
      reads.mockRestore();
      server.close();
      await streams.stop();
      functions.destroy();
    }
  });
});

/** Resolves once `reads` has had no new call for `quietMs`. */
async function untilNoReadsFor(reads: { mock: { calls: unknown[] } }, quietMs: number): Promise<void> {
  for (let count = -1; count !== reads.mock.calls.length;) {
    count = reads.mock.calls.length;
    await new Promise((resolve) => setTimeout(resolve, quietMs));
  }
}
