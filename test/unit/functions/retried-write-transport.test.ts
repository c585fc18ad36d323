// Writes the SDK sends again, through the real SDK transport and its retry (sdk-budget.ts: two
// attempts, 2 s request timeout), against a tiny DynamoDB stand-in that applies a write and answers
// it only after the request timeout: the SDK gives the attempt up and sends the write again.
// - The access log record of `GET /cases/{id}/history` (PutItem, attribute_not_exists(PK)): the
//   retry fails its own condition, as DynamoDB would, on the record the first attempt wrote; the
//   read answers 200 (it answered 500: seen in CI under load).
// - A transaction (TransactWriteItems): the retry carries the first attempt's ClientRequestToken,
//   so DynamoDB answers it as the same, already applied, transaction.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DynamoDBClient, type AttributeValue } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { amina, caseId, caseItem, parse, request, type Handler } from '../../support/case-handlers.ts';
import { useLocalFieldKeyFile } from '../../support/field-key.ts';
import '../../support/cursor-key.ts';
import { boundedClientConfig } from '../../../functions/commons/sdk-budget.ts';
import { transact } from '../../../functions/adapters/dynamodb/transactions.ts';
import { keys } from '../../../functions/adapters/dynamodb/keys.ts';

interface Received {
  operation: string;
  attempt: string | undefined;
  body: Record<string, unknown>;
}

/** Every request received; the items written (by key); the responses held past the timeout. */
const received: Received[] = [];
const table = new Map<string, Record<string, AttributeValue>>();
const held: ServerResponse[] = [];
/** Operations whose first request is applied and not answered in time. */
let slowFirst = new Set<string>();
/** Client tokens of the transactions applied. */
const appliedTokens = new Set<string>();

const keyOf = (item: Record<string, AttributeValue>) => `${item.PK?.S}|${item.SK?.S}`;

function answer(response: ServerResponse, status: number, body: unknown) {
  response.writeHead(status, { 'content-type': 'application/x-amz-json-1.0' });
  response.end(JSON.stringify(body));
}

async function handle(req: IncomingMessage, response: ServerResponse) {
  let raw = '';
  for await (const chunk of req) raw += String(chunk);
  const operation = String(req.headers['x-amz-target']).split('.')[1] ?? '';
  const body = JSON.parse(raw) as Record<string, unknown>;
  const first = !received.some((r) => r.operation === operation);
  received.push({ operation, attempt: req.headers['amz-sdk-request'] as string | undefined, body });
  const late = first && slowFirst.has(operation);
  switch (operation) {
    case 'GetItem': {
      const key = body.Key as Record<string, AttributeValue>;
      const item = table.get(keyOf(key));
      return answer(response, 200, item ? { Item: item } : {});
    }
    case 'Query':
      return answer(response, 200, { Items: [], Count: 0, ScannedCount: 0 });
    case 'PutItem': {
      const item = body.Item as Record<string, AttributeValue>;
      const found = table.get(keyOf(item));
      // Only the condition these tests use: attribute_not_exists(PK).
      if (found) {
        return answer(response, 400, {
          __type: 'com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException',
          message: 'The conditional request failed',
          ...(body.ReturnValuesOnConditionCheckFailure === 'ALL_OLD' ? { Item: found } : {}),
        });
      }
      table.set(keyOf(item), item);
      if (late) return void held.push(response);
      return answer(response, 200, {});
    }
    case 'TransactWriteItems': {
      const token = String(body.ClientRequestToken);
      // DynamoDB: the same token within ten minutes is the same transaction, answered as applied.
      if (!appliedTokens.has(token)) appliedTokens.add(token);
      if (late) return void held.push(response);
      return answer(response, 200, {});
    }
    default:
      return answer(response, 400, { __type: 'com.amazonaws.dynamodb.v20120810#ValidationException', message: 'not emulated' });
  }
}

const server: Server = createServer((req, response) => void handle(req, response));
let endpoint = '';
let getHistory: Handler;

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (typeof address !== 'object' || !address) throw new Error('no address');
  endpoint = `http://127.0.0.1:${address.port}`;
  // Before the handler's import: its clients are created once, at cold start, from these.
  process.env.AWS_ENDPOINT_URL_DYNAMODB = endpoint;
  process.env.AWS_REGION = 'eu-west-3';
  process.env.AWS_ACCESS_KEY_ID = 'local';
  process.env.AWS_SECRET_ACCESS_KEY = 'local';
  process.env.TABLE_NAME = 'casework-test';
  process.env.POWERTOOLS_METRICS_DISABLED = 'true';
  process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
  // The AWS timeouts, not the local system's wider ones.
  delete process.env.SDK_REQUEST_TIMEOUT_MS;
  delete process.env.SDK_CONNECTION_TIMEOUT_MS;
  useLocalFieldKeyFile();
  getHistory = ((await import('../../../functions/get-case-history/handler.ts')) as unknown as { handler: Handler }).handler;
});

beforeEach(() => {
  received.length = 0;
  table.clear();
  appliedTokens.clear();
  const stored = marshall({ ...caseItem(1, { caseId }), ...keys.case(caseId) }, { removeUndefinedValues: true });
  table.set(keyOf(stored), stored);
});

afterAll(async () => {
  for (const response of held) response.destroy();
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

describe('a write that landed but was answered too late, sent again by the SDK', () => {
  it('the access log record: the retry finds its own record, and the read answers 200', async () => {
    slowFirst = new Set(['PutItem']);
    const result = await request(getHistory, `/cases/${caseId}/history`, 'GET /cases/{caseId}/history', amina, {
      pathParameters: { caseId },
      language: 'en',
    });
    expect(result.statusCode).toBe(200);
    expect(parse(result)).toMatchObject({ caseId, events: [] });
    const puts = received.filter((r) => r.operation === 'PutItem');
    // The first attempt was given up (its answer held past the timeout) and the write sent again.
    expect(puts.map((p) => p.attempt)).toEqual(['attempt=1; max=2', 'attempt=2; max=2']);
    expect(puts[1]!.body).toEqual(puts[0]!.body);
    // One record, the one written.
    expect([...table.keys()].filter((key) => key.startsWith('ACCESS#'))).toHaveLength(1);
  }, 30_000);

  it('a transaction: the retry carries the same ClientRequestToken, so DynamoDB treats it as the same transaction', async () => {
    slowFirst = new Set(['TransactWriteItems']);
    const client = DynamoDBDocumentClient.from(
      new DynamoDBClient({
        ...boundedClientConfig(),
        endpoint,
        region: 'eu-west-3',
        credentials: { accessKeyId: 'l', secretAccessKey: 'l' },
      }),
    );
    await transact(client, [
      { Put: { TableName: 'casework-test', Item: { PK: 'X', SK: 'Y' }, ConditionExpression: 'attribute_not_exists(PK)' } },
    ]);
    const sent = received.filter((r) => r.operation === 'TransactWriteItems');
    expect(sent.map((s) => s.attempt)).toEqual(['attempt=1; max=2', 'attempt=2; max=2']);
    expect(sent[0]!.body.ClientRequestToken).toEqual(expect.any(String));
    expect(sent[1]!.body.ClientRequestToken).toBe(sent[0]!.body.ClientRequestToken);
    expect(appliedTokens.size).toBe(1);
  }, 30_000);
});
