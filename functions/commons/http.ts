// The HTTP adapter shared by every API handler: middleware first, handler last.
import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import type { z } from 'zod';
import { negotiateLanguage, type Language } from '../../domain/i18n/index.ts';
import { logger, metrics, tracer } from './powertools.ts';
import { HttpProblem, problemResponse, toHttpProblem } from './problems.ts';
import { cameThroughEdge } from './edge.ts';

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
    before: (request) => {
      (request.event as EventWithLanguage)[languageKey] = negotiateLanguage(header(request.event, 'accept-language'));
      logger.appendKeys({ route: request.event.routeKey });
      // Not through CloudFront and its web ACL: a direct call to the execute-api endpoint.
      if (!cameThroughEdge(request.event.headers, process.env.EDGE_ORIGIN_SECRET)) throw new HttpProblem(403, 'forbidden');
    },
    onError: (request) => {
      const event = request.event as EventWithLanguage;
      const language = event[languageKey] ?? negotiateLanguage(header(event, 'accept-language'));
      const problem = toHttpProblem(request.error) ?? serverProblem(request.error);
      request.response = problemResponse(problem, language, event.rawPath);
    },
  };
  return (
    middy<HttpEvent, HttpResult, Error, Context>({ timeoutEarlyInMillis: 0 })
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
  if (isThrottleOrUnavailable(error)) {
    logger.warn('dependency unavailable', { errorName: name });
    return new HttpProblem(503, 'serviceUnavailable', {}, [], { 'retry-after': '5' });
  }
  logger.error('unhandled error', {
    errorName: name,
    stack: error instanceof Error ? error.stack?.split('\n').slice(1, 6).join('\n') : undefined,
  });
  return new HttpProblem(500, 'internal');
}

const unavailableNames = new Set([
  'ProvisionedThroughputExceededException',
  'ThrottlingException',
  'RequestLimitExceeded',
  'InternalServerError',
  'ServiceUnavailable',
  'TimeoutError',
]);

function isThrottleOrUnavailable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  if (unavailableNames.has(error.name)) return true;
  const code = (error as { code?: unknown }).code;
  return code === 'ECONNREFUSED' || code === 'ECONNRESET' || code === 'ETIMEDOUT';
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
 * Reads a JSON request body, refusing what is not JSON (415), too large (413) or malformed (400)
 * before anything reaches the domain or the database.
 */
export function readJsonBody(event: HttpEvent, maxBytes: number): { raw: string; value: unknown } {
  const contentType = header(event, 'content-type');
  if (!contentType || !jsonMediaType.test(contentType.trim())) throw new HttpProblem(415, 'unsupportedMediaType');
  const raw = event.isBase64Encoded ? Buffer.from(event.body ?? '', 'base64').toString('utf8') : (event.body ?? '');
  const size = Buffer.byteLength(raw, 'utf8');
  if (size > maxBytes) throw new HttpProblem(413, 'payloadTooLarge', { limit: maxBytes });
  try {
    if (raw.trim() === '') throw new SyntaxError('empty body');
    return { raw, value: JSON.parse(raw) as unknown };
  } catch {
    throw new HttpProblem(400, 'malformedJson');
  }
}
