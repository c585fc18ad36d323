// The SDK clients' own budget (functions/commons/sdk-budget.ts), with the real transport: DynamoDB
// that accepts connections and never answers (as when it is frozen), or that drops them. A handler
// answers 503 with Retry-After, localized, well inside the function's Timeout, instead of hanging.
import { createServer, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { amina, caseId, parse, request, type Handler } from '../../support/case-handlers.ts';
import { useLocalFieldKeyFile } from '../../support/field-key.ts';
import {
  boundedClientConfig,
  CONNECTION_TIMEOUT_MS,
  REQUEST_TIMEOUT_MS,
  SDK_CALL_BUDGET_MS,
} from '../../../functions/commons/sdk-budget.ts';

/** An API function's Timeout (infra/constructs/casework-function.ts). */
const API_FUNCTION_TIMEOUT_MS = 10_000;

let mode: 'silent' | 'reset' = 'silent';
const sockets = new Set<Socket>();
const server: Server = createServer((socket) => {
  sockets.add(socket);
  socket.on('close', () => sockets.delete(socket));
  socket.on('error', () => undefined);
  if (mode === 'reset') socket.resetAndDestroy();
  // 'silent': reads the request and never answers.
});
let getCase: Handler;

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (typeof address !== 'object' || !address) throw new Error('no address');
  // Before the handler's import: its clients are created once, at cold start, from these.
  process.env.AWS_ENDPOINT_URL_DYNAMODB = `http://127.0.0.1:${address.port}`;
  process.env.AWS_REGION = 'eu-west-3';
  process.env.AWS_ACCESS_KEY_ID = 'local';
  process.env.AWS_SECRET_ACCESS_KEY = 'local';
  process.env.TABLE_NAME = 'casework-test';
  process.env.POWERTOOLS_METRICS_DISABLED = 'true';
  process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
  useLocalFieldKeyFile();
  getCase = ((await import('../../../functions/get-case/handler.ts')) as unknown as { handler: Handler }).handler;
});

afterAll(async () => {
  for (const socket of sockets) socket.destroy();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

describe('an AWS dependency that is down, through the real SDK transport', () => {
  it('the budget of one call fits well inside an API function Timeout', () => {
    expect(SDK_CALL_BUDGET_MS).toBeLessThanOrEqual(API_FUNCTION_TIMEOUT_MS - 3_000);
  });

  it('DynamoDB that never answers: 503 problem with Retry-After, in the caller language, within the budget', async () => {
    mode = 'silent';
    const started = Date.now();
    const result = await request(getCase, `/cases/${caseId}`, 'GET /cases/{caseId}', amina, {
      pathParameters: { caseId },
      language: 'en',
    });
    const elapsed = Date.now() - started;
    expect(result.statusCode).toBe(503);
    expect(result.headers?.['content-type']).toMatch(/^application\/problem\+json/);
    expect(Number(result.headers?.['retry-after'])).toBeGreaterThan(0);
    expect(parse(result)).toMatchObject({ status: 503, title: expect.stringMatching(/unavailable/i) });
    // Not a timing benchmark: a bound that says "the SDK gave up by itself", before the handler's
    // own backstop (one second before the Timeout) or the Timeout.
    expect(elapsed).toBeLessThan(API_FUNCTION_TIMEOUT_MS - 1_000);
  }, 30_000);

  it('DynamoDB that drops connections: 503 with Retry-After, in Arabic', async () => {
    mode = 'reset';
    const result = await request(getCase, `/cases/${caseId}`, 'GET /cases/{caseId}', amina, {
      pathParameters: { caseId },
      language: 'ar',
    });
    expect(result.statusCode).toBe(503);
    expect(result.headers?.['retry-after']).toBeDefined();
    expect(parse(result)).toMatchObject({ status: 503 });
    expect(String(parse(result).title)).toMatch(/[\u0600-\u06FF]/);
  }, 30_000);
});

describe('the local system’s wider timeouts (one process for every function)', () => {
  const names = ['SDK_CONNECTION_TIMEOUT_MS', 'SDK_REQUEST_TIMEOUT_MS'] as const;
  const saved = names.map((name) => process.env[name]);
  const restore = () => names.forEach((name, i) => (saved[i] === undefined ? delete process.env[name] : (process.env[name] = saved[i])));

  it('are AWS’s when unset', () => {
    for (const name of names) delete process.env[name];
    try {
      expect(boundedClientConfig().requestHandler).toMatchObject({
        connectionTimeout: CONNECTION_TIMEOUT_MS,
        requestTimeout: REQUEST_TIMEOUT_MS,
      });
    } finally {
      restore();
    }
  });

  it('are taken from the settings, and a frozen dependency still answers inside the function Timeout', () => {
    process.env.SDK_CONNECTION_TIMEOUT_MS = '2000';
    process.env.SDK_REQUEST_TIMEOUT_MS = '4000';
    try {
      const { requestHandler, maxAttempts } = boundedClientConfig();
      expect(requestHandler).toMatchObject({ connectionTimeout: 2000, requestTimeout: 4000 });
      // A server that accepts and never answers: every attempt waits for the request timeout.
      expect(maxAttempts * requestHandler.requestTimeout + 100).toBeLessThan(API_FUNCTION_TIMEOUT_MS - 1_000);
    } finally {
      restore();
    }
  });

  it('refuse a malformed or narrower setting at cold start', () => {
    for (const bad of ['fast', '1500.5', '500', '60000']) {
      process.env.SDK_REQUEST_TIMEOUT_MS = bad;
      try {
        expect(() => boundedClientConfig(), bad).toThrow(/SDK_REQUEST_TIMEOUT_MS must be/);
      } finally {
        restore();
      }
    }
  });
});
