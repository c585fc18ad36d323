// The HTTP adapter shared by every API handler: middleware first, handler last.
import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { parse as parseJsonAst, type ValueNode } from '@humanwhocodes/momoa';
import type * as z from 'zod';
import { negotiateLanguage, t, toPointer, type Language } from '../../domain/i18n/index.ts';
import { logger, metrics, tracer } from './powertools.ts';
import { HttpProblem, problemResponse, toHttpProblem } from './problems.ts';
import { cameThroughEdge, EDGE_CHECK_ENV, EDGE_SECRET_ENV } from './edge.ts';
import { resolveCaller } from './auth.ts';
import { RETRY_AFTER_SECONDS } from './sdk-budget.ts';

/** API Gateway HTTP API (payload v2) event; the authorizer part is absent on public routes. */
export type HttpEvent = Omit<APIGatewayProxyEventV2WithJWTAuthorizer, 'requestContext'> & {
  requestContext: Omit<APIGatewayProxyEventV2WithJWTAuthorizer['requestContext'], 'authorizer'> & {
    authorizer?: APIGatewayProxyEventV2WithJWTAuthorizer['requestContext']['authorizer'];
  };
};
export type HttpResult = APIGatewayProxyStructuredResultV2;

export interface RequestContext {
  language: Language;
}

const languageKey = Symbol('language');
type EventWithLanguage = HttpEvent & { [languageKey]?: Language };

export function httpHandler(
  handle: (event: HttpEvent, request: RequestContext) => Promise<HttpResult>,
): middy.MiddyfiedHandler<HttpEvent, HttpResult, Error, Context> {
  const problems: middy.MiddlewareObj<HttpEvent, HttpResult, Error, Context> = {
    before: async (request) => {
      (request.event as EventWithLanguage)[languageKey] = negotiateLanguage(header(request.event, 'accept-language'));
      logger.appendKeys({ route: request.event.routeKey });
      // Not through CloudFront and its web ACL: a direct call to the execute-api endpoint. Without
      // the secret (a deployment mistake) every request fails with a 500 and an error log.
      const checkOff = process.env[EDGE_CHECK_ENV] === 'off';
      if (!cameThroughEdge(request.event.headers, process.env[EDGE_SECRET_ENV], checkOff)) throw new HttpProblem(403, 'forbidden');
      // A partner user acts for their association only while it is a registered, active record:
      // resolved here once per request, for every route (functions/commons/auth.ts).
      await resolveCaller(request.event);
    },
    onError: (request) => {
      const event = request.event as EventWithLanguage;
      const language = event[languageKey] ?? negotiateLanguage(header(event, 'accept-language'));
      const problem = toHttpProblem(request.error) ?? serverProblem(request.error);
      request.response = problemResponse(problem, language, event.rawPath);
    },
  };
  return (
    // A backstop to the SDK's own budget (sdk-budget.ts): a handler still running one second before
    // the function's Timeout answers 503 with Retry-After rather than being cut off by Lambda.
    middy<HttpEvent, HttpResult, Error, Context>({ timeoutEarlyInMillis: 1_000 })
      // Responses hold personal data: never in a trace.
      .use(captureLambdaHandler(tracer, { captureResponse: false }))
      .use(injectLambdaContext(logger, { resetKeys: true }))
      // Publishes what the handler added, after it returns or throws.
      .use(logMetrics(metrics))
      .use(problems)
      .handler((event) => handle(event, { language: (event as EventWithLanguage)[languageKey] ?? 'fr' }))
  );
}

function serverProblem(error: unknown): HttpProblem {
  // Only the error's class and code: messages may echo input, and input may be personal.
  const name = error instanceof Error ? error.name : typeof error;
  if (isDependencyUnavailable(error)) {
    logger.warn('dependency unavailable', { errorName: name, errorCode: networkCode(error) });
    return new HttpProblem(503, 'serviceUnavailable', {}, [], { 'retry-after': String(RETRY_AFTER_SECONDS) });
  }
  logger.error('unhandled error', {
    errorName: name,
    stack: error instanceof Error ? error.stack?.split('\n').slice(1, 6).join('\n') : undefined,
  });
  return new HttpProblem(500, 'internal');
}

/** A dependency that is down, slow or throttling: errors of AWS services and of the SDK's transport. */
const unavailableNames = new Set([
  // Throttling (DynamoDB, Step Functions, Scheduler, KMS, SES, SNS, Cognito).
  'ProvisionedThroughputExceededException',
  'ThrottlingException',
  'Throttling',
  'TooManyRequestsException',
  'RequestLimitExceeded',
  'LimitExceededException',
  // The service's own failures.
  'InternalServerError',
  'InternalFailure',
  'InternalServerException',
  'ServiceUnavailable',
  'ServiceUnavailableException',
  // The SDK's transport: a connection not made or a request not answered within the budget
  // (sdk-budget.ts), or a handler that ran out of its time (middy's early timeout).
  'TimeoutError',
  'RequestTimeout',
  'RequestTimeoutException',
  'AbortError',
]);

const unavailableCodes = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
  'ENOTFOUND',
]);

function networkCode(error: unknown): string | undefined {
  const code = error instanceof Error ? (error as { code?: unknown }).code : undefined;
  return typeof code === 'string' && unavailableCodes.has(code) ? code : undefined;
}

/**
 * The reasons of a cancelled DynamoDB transaction that say "too much load, try later": throttling,
 * and a conflict with other transactions that outlasted transact()'s own retries. A failed
 * condition or a validation error is not one of them.
 */
const unavailableCancellationCodes = new Set([
  'ThrottlingError',
  'ProvisionedThroughputExceeded',
  'RequestLimitExceeded',
  'TransactionConflict',
]);

function isCancelledForLoad(error: Error): boolean {
  if (error.name !== 'TransactionCanceledException') return false;
  const reasons = (error as { CancellationReasons?: { Code?: string }[] }).CancellationReasons ?? [];
  const codes = reasons.map((r) => r.Code ?? 'None').filter((code) => code !== 'None');
  return codes.length > 0 && codes.every((code) => unavailableCancellationCodes.has(code));
}

export function isDependencyUnavailable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  if (unavailableNames.has(error.name) || networkCode(error) !== undefined) return true;
  if (isCancelledForLoad(error)) return true;
  // What the SDK itself classifies as throttling, or a 5xx answer from a service.
  const sdk = error as { $retryable?: { throttling?: boolean }; $metadata?: { httpStatusCode?: number }; $fault?: string };
  if (sdk.$retryable?.throttling) return true;
  return sdk.$fault === 'server' && [500, 502, 503, 504].includes(sdk.$metadata?.httpStatusCode ?? 0);
}

export function header(event: HttpEvent, name: string): string | undefined {
  const headers = event.headers ?? {};
  return headers[name] ?? Object.entries(headers).find(([key]) => key.toLowerCase() === name)?.[1];
}

/** Path parameters by their schema; ones that fail it name nothing, so 404 without a read. */
export function pathParameters<S extends z.ZodType>(event: HttpEvent, schema: S): z.output<S> {
  const parsed = schema.safeParse(event.pathParameters ?? {});
  if (!parsed.success) throw new HttpProblem(404, 'notFound');
  return parsed.data;
}

export function json(statusCode: number, body: unknown, headers: Record<string, string> = {}): HttpResult {
  return {
    statusCode,
    headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
    body: JSON.stringify(body),
  };
}

const jsonMediaType = /^application\/([a-z0-9.+-]+\+)?json\s*(;.*)?$/i;

/**
 * Reads a JSON request body, refusing what is not JSON (415), too large (413), malformed (400) or
 * holding a key twice in one object (400) before anything reaches the domain or the database.
 */
export function readJsonBody(event: HttpEvent, maxBytes: number, language: Language): { raw: string; value: unknown } {
  const contentType = header(event, 'content-type');
  if (!contentType || !jsonMediaType.test(contentType.trim())) throw new HttpProblem(415, 'unsupportedMediaType');
  const raw = event.isBase64Encoded ? Buffer.from(event.body ?? '', 'base64').toString('utf8') : (event.body ?? '');
  const size = Buffer.byteLength(raw, 'utf8');
  if (size > maxBytes) throw new HttpProblem(413, 'payloadTooLarge', { limit: maxBytes });
  let value: unknown;
  let duplicate: string | undefined;
  try {
    if (raw.trim() === '') throw new SyntaxError('empty body');
    value = JSON.parse(raw) as unknown;
    duplicate = firstDuplicateKey(raw);
  } catch {
    throw new HttpProblem(400, 'malformedJson');
  }
  if (duplicate !== undefined) {
    const message = t('field.duplicate_key', language);
    throw new HttpProblem(400, 'duplicateJsonKey', { count: 1 }, [{ pointer: duplicate, code: 'duplicate_key', message }]);
  }
  return { raw, value };
}

/**
 * The JSON Pointer of the first key given twice in one object, at any depth. JSON.parse keeps the
 * last value silently, so a body could be validated on one value and stored raw with another. The
 * strict parser (momoa, JSON mode) decodes escapes, so `"a"` and `"\u0061"` are the same key.
 */
function firstDuplicateKey(text: string): string | undefined {
  const walk = (node: ValueNode, path: string[]): string | undefined => {
    if (node.type === 'Object') {
      const seen = new Set<string>();
      for (const member of node.members) {
        const name = member.name.type === 'String' ? member.name.value : member.name.name;
        if (seen.has(name)) return toPointer([...path, name]);
        seen.add(name);
        const inner = walk(member.value, [...path, name]);
        if (inner !== undefined) return inner;
      }
    } else if (node.type === 'Array') {
      for (const [index, element] of node.elements.entries()) {
        const inner = walk(element.value, [...path, String(index)]);
        if (inner !== undefined) return inner;
      }
    }
    return undefined;
  };
  return walk(parseJsonAst(text, { mode: 'json' }).body, []);
}
