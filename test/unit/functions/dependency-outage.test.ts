// A dependency that hangs or fails, with mocked AWS clients: the HTTP adapter's mapping of the SDK's
// timeout, network and throttling errors to a 503 with Retry-After, and its backstop when a call
// hangs past the SDK's own budget (the handler answers before the function's Timeout).
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { mockClient } from 'aws-sdk-client-mock';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import type { Context } from 'aws-lambda';
import { amina, caseId, parse, type Handler } from '../../support/case-handlers.ts';
import { httpEvent, lambdaContext } from '../../support/events.ts';
import { useLocalFieldKeyFile } from '../../support/field-key.ts';

process.env.TABLE_NAME = 'casework-test';
process.env.POWERTOOLS_METRICS_DISABLED = 'true';
process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
useLocalFieldKeyFile();

const ddb = mockClient(DynamoDBDocumentClient);
let getCase: Handler;

beforeAll(async () => {
  getCase = ((await import('../../../functions/get-case/handler.ts')) as unknown as { handler: Handler }).handler;
});
afterEach(() => ddb.reset());

function call(language: string, context: Context = lambdaContext) {
  return (getCase as unknown as (event: unknown, context: Context) => ReturnType<Handler>)(
    httpEvent({
      method: 'GET',
      path: `/cases/${caseId}`,
      routeKey: 'GET /cases/{caseId}',
      headers: { 'accept-language': language },
      pathParameters: { caseId },
      claims: { sub: amina.sub, 'cognito:groups': amina.groups },
    }),
    context,
  );
}

/** A cancelled transaction, as the SDK throws it, with one reason per item. */
const cancelled = (...codes: string[]) =>
  new TransactionCanceledException({
    message: 'Transaction cancelled',
    $metadata: { httpStatusCode: 400 },
    CancellationReasons: codes.map((Code) => ({ Code })),
  });

const sdkError = (name: string, extra: Record<string, unknown> = {}) => Object.assign(new Error('down'), { name, $metadata: {}, ...extra });

describe('a dependency that is down answers 503 with Retry-After, localized', () => {
  it.each([
    ['the SDK request timeout', sdkError('TimeoutError')],
    ['a refused connection', Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' })],
    ['a reset connection', Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' })],
    ['throttling', sdkError('ThrottlingException', { $retryable: { throttling: true } })],
    ['a 503 from the service', sdkError('ServiceUnavailable', { $fault: 'server', $metadata: { httpStatusCode: 503 } })],
    ['an unknown 500 from the service', sdkError('UnknownError', { $fault: 'server', $metadata: { httpStatusCode: 500 } })],
    ['a transaction cancelled by throttling', cancelled('None', 'ThrottlingError')],
    ['a transaction cancelled by provisioned throughput', cancelled('ProvisionedThroughputExceeded', 'None')],
    ['a transaction cancelled by the request limit', cancelled('RequestLimitExceeded')],
    ['a transaction still in conflict after its retries', cancelled('None', 'TransactionConflict', 'None')],
  ])('%s', async (_, error) => {
    ddb.on(GetCommand).rejects(error);
    for (const [language, title] of [
      ['fr', /indisponible/i],
      ['en', /unavailable/i],
      ['ar', /[\u0600-\u06FF]/],
    ] as const) {
      const result = await call(language);
      expect(result.statusCode).toBe(503);
      expect(result.headers?.['content-type']).toMatch(/^application\/problem\+json/);
      expect(Number(result.headers?.['retry-after'])).toBeGreaterThan(0);
      expect(String(parse(result).title)).toMatch(title);
    }
  });

  it('a client error is still not a 503 (a validation error of the request to DynamoDB is a 500: a bug of ours)', async () => {
    ddb.on(GetCommand).rejects(sdkError('ValidationException', { $fault: 'client', $metadata: { httpStatusCode: 400 } }));
    const result = await call('en');
    expect(result.statusCode).toBe(500);
  });

  it('a transaction cancelled by a failed condition or a validation error is not a 503', async () => {
    for (const error of [
      cancelled('ConditionalCheckFailed', 'None'),
      cancelled('ValidationError'),
      cancelled('ThrottlingError', 'ConditionalCheckFailed'),
    ]) {
      ddb.on(GetCommand).rejects(error);
      expect((await call('en')).statusCode).toBe(500);
    }
  });

  it('a call that hangs past the SDK budget: the handler answers 503 one second before its Timeout, not never', async () => {
    ddb.onAnyCommand().callsFake(() => new Promise(() => undefined));
    const deadline = Date.now() + 2_500;
    const started = Date.now();
    const result = await call('en', { ...lambdaContext, getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()) });
    expect(result.statusCode).toBe(503);
    expect(result.headers?.['retry-after']).toBeDefined();
    expect(Date.now() - started).toBeLessThan(2_500);
  }, 20_000);
});
