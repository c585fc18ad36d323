// The local stand-in for API Gateway's HTTP API: matches the routes CDK defined, verifies JWTs on
// the routes with an authorizer, throttles, and calls the function with a payload v2 event.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { negotiateLanguage, problemDetail, problemTitle, type ProblemName } from '../domain/i18n/index.ts';
import { LambdaInvokeFailure, type Clock } from 'local-workflow-runtime';
import type { ClientLimit, RouteBinding } from './cloud-assembly.ts';
import { authorizeAsApiGateway, type DevIssuer } from './dev-issuer.ts';
import { FUNCTION_TIMEOUT_ERROR, type LambdaHost } from './lambda-host.ts';

/** API Gateway's own payload limit for HTTP APIs. */
const MAX_REQUEST_BYTES = 10 * 1024 * 1024;

interface CompiledRoute extends RouteBinding {
  pattern: RegExp;
  params: string[];
  bucket?: TokenBucket;
}

/** The edge in front of the API (CloudFront and AWS WAF), as far as the local gateway applies it. */
export interface LocalEdge {
  /** The web ACL's per-address rate rules; none when off. */
  clientLimits: ClientLimit[];
  /** The client's address: the socket's (X-Forwarded-For is not trusted), unless a test says otherwise. */
  clientAddress?: (req: IncomingMessage) => string;
}

export class LocalApiGateway {
  private readonly routes: CompiledRoute[];
  private readonly clientLimits: PerAddressWindow[];
  private readonly clientAddress: (req: IncomingMessage) => string;

  constructor(
    routes: RouteBinding[],
    private readonly host: LambdaHost,
    private readonly issuer: DevIssuer,
    private readonly clock: Clock,
    /** Off for benchmarks that measure the request path, not the rate limit. */
    throttling: boolean,
    edge: LocalEdge = { clientLimits: [] },
  ) {
    this.clientLimits = edge.clientLimits.map((limit) => new PerAddressWindow(limit));
    this.clientAddress = edge.clientAddress ?? ((req) => req.socket.remoteAddress ?? 'unknown');
    this.routes = routes.map((route) => {
      const params: string[] = [];
      const source = route.path
        .split('/')
        .map((segment) => {
          const match = /^\{(\w+)\}$/.exec(segment);
          if (!match) return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
          params.push(match[1]!);
          return '([^/]+)';
        })
        .join('/');
      return {
        ...route,
        pattern: new RegExp(`^${source}$`),
        params,
        ...(throttling && route.throttle ? { bucket: new TokenBucket(route.throttle.rate, route.throttle.burst) } : {}),
      };
    });
  }

  /** True when the path belongs to the API (some route matches it, whatever the method). */
  matches(pathname: string): boolean {
    return this.routes.some((route) => route.pattern.test(pathname));
  }

  async handle(req: IncomingMessage, res: ServerResponse, url: URL, body: Buffer): Promise<void> {
    // A path that does not decode (a stray `%`, a cut or non-UTF-8 sequence) is refused before any
    // route, authorizer or function, as API Gateway refuses it: a 400 in its own JSON error shape.
    if (!decodable(url.pathname)) {
      return send(res, { statusCode: 400, headers: { 'content-type': 'application/json' }, body: '{"message":"Bad Request"}' });
    }
    const language = negotiateLanguage(req.headers['accept-language']);
    const candidates = this.routes.filter((route) => route.pattern.test(url.pathname));
    const route = candidates.find((candidate) => candidate.method === req.method);
    if (!route) {
      return send(
        res,
        problem(candidates.length > 0 ? 405 : 404, candidates.length > 0 ? 'methodNotAllowed' : 'notFound', language, url.pathname),
      );
    }
    if (body.length > MAX_REQUEST_BYTES) return send(res, problem(413, 'payloadTooLarge', language, url.pathname));
    // The edge's per-address rule first (WAF sits before API Gateway): a blocked client takes
    // nothing from the route's shared bucket.
    const address = this.clientAddress(req);
    const edgeBlock = this.clientLimits.find((window) => !window.admit(req.method ?? '', url.pathname, address));
    if (edgeBlock) {
      return send(res, {
        ...problem(429, 'tooManyRequests', language, url.pathname),
        headers: { ...problemHeaders(language), 'retry-after': String(edgeBlock.retryAfterSeconds(address)) },
      });
    }
    if (route.bucket && !route.bucket.take()) {
      return send(res, {
        ...problem(429, 'tooManyRequests', language, url.pathname),
        headers: { ...problemHeaders(language), 'retry-after': '1' },
      });
    }

    let claims: Record<string, string | number | boolean> | undefined;
    if (route.authorization === 'JWT') {
      const authorized = await authorizeAsApiGateway(
        this.issuer,
        req.headers.authorization,
        route.scopes ?? [],
        this.clock.now(),
        language,
      );
      if ('refused' in authorized) return send(res, authorized.refused);
      claims = authorized.claims;
    }

    const match = route.pattern.exec(url.pathname)!;
    const pathParameters = Object.fromEntries(route.params.map((name, i) => [name, decodeURIComponent(match[i + 1]!)]));
    const event = buildEvent(req, url, body, route, pathParameters, claims, this.clock.now());
    let result: unknown;
    try {
      result = await this.host.invoke(route.functionLogicalId, event);
    } catch (error) {
      // What an HTTP API answers when the integration does not answer in time (503), or fails (500).
      if (error instanceof LambdaInvokeFailure && error.error.errorType === FUNCTION_TIMEOUT_ERROR) {
        return send(res, { statusCode: 503, headers: { 'content-type': 'application/json' }, body: '{"message":"Service Unavailable"}' });
      }
      return send(res, { statusCode: 500, headers: { 'content-type': 'application/json' }, body: '{"message":"Internal Server Error"}' });
    }
    send(res, normalise(result));
  }
}

function decodable(pathname: string): boolean {
  try {
    decodeURIComponent(pathname);
    return true;
  } catch {
    return false;
  }
}

function buildEvent(
  req: IncomingMessage,
  url: URL,
  body: Buffer,
  route: CompiledRoute,
  pathParameters: Record<string, string>,
  claims: Record<string, string | number | boolean> | undefined,
  now: Date,
): APIGatewayProxyEventV2 & { requestContext: { authorizer?: unknown } } {
  const headers: Record<string, string> = {};
  const cookies: string[] = [];
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    if (name === 'cookie') cookies.push(...String(value).split(/;\s*/));
    else headers[name] = Array.isArray(value) ? value.join(',') : value;
  }
  const query: Record<string, string> = {};
  for (const [name, value] of url.searchParams) query[name] = name in query ? `${query[name]},${value}` : value;
  const contentType = headers['content-type'] ?? '';
  const textual = body.length === 0 || /^(text\/|application\/([\w.+-]*json|xml|x-www-form-urlencoded))/i.test(contentType);
  return {
    version: '2.0',
    routeKey: `${route.method} ${route.path}`,
    rawPath: url.pathname,
    rawQueryString: url.search.replace(/^\?/, ''),
    ...(cookies.length ? { cookies } : {}),
    headers,
    ...(Object.keys(query).length ? { queryStringParameters: query } : {}),
    ...(route.params.length ? { pathParameters } : {}),
    requestContext: {
      accountId: '000000000000',
      apiId: 'local',
      domainName: headers.host ?? '127.0.0.1',
      domainPrefix: 'local',
      http: {
        method: route.method,
        path: url.pathname,
        protocol: `HTTP/${req.httpVersion}`,
        sourceIp: req.socket.remoteAddress ?? '127.0.0.1',
        userAgent: headers['user-agent'] ?? '',
      },
      requestId: randomUUID(),
      routeKey: `${route.method} ${route.path}`,
      stage: '$default',
      time: now.toUTCString(),
      timeEpoch: now.getTime(),
      ...(claims ? { authorizer: { jwt: { claims, scopes: null } } } : {}),
    },
    ...(body.length ? { body: textual ? body.toString('utf8') : body.toString('base64') } : {}),
    isBase64Encoded: !textual,
  };
}

/** API Gateway's payload v2 response rules: a plain value becomes a 200 JSON response. */
function normalise(result: unknown): APIGatewayProxyStructuredResultV2 {
  if (typeof result === 'object' && result !== null && 'statusCode' in result) return result as APIGatewayProxyStructuredResultV2;
  return {
    statusCode: 200,
    headers: { 'content-type': 'application/json' },
    body: typeof result === 'string' ? result : JSON.stringify(result),
  };
}

function problemHeaders(language: string): Record<string, string> {
  return { 'content-type': 'application/problem+json', 'content-language': language };
}

function problem(
  status: number,
  name: ProblemName,
  language: ReturnType<typeof negotiateLanguage>,
  instance: string,
): APIGatewayProxyStructuredResultV2 {
  return {
    statusCode: status,
    headers: problemHeaders(language),
    body: JSON.stringify({
      type: `urn:casework:problem:${name}`,
      title: problemTitle(name, language),
      status,
      detail: problemDetail(name, language),
      instance,
    }),
  };
}

export function send(res: ServerResponse, result: APIGatewayProxyStructuredResultV2): void {
  const headers: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(result.headers ?? {})) headers[name.toLowerCase()] = String(value);
  if (result.cookies?.length) headers['set-cookie'] = result.cookies;
  const body = result.body === undefined ? Buffer.alloc(0) : Buffer.from(result.body, result.isBase64Encoded ? 'base64' : 'utf8');
  res.writeHead(result.statusCode ?? 200, { ...headers, 'content-length': String(body.length) });
  res.end(body);
}

/** API Gateway throttles with a token bucket: a steady rate and a burst. */
class TokenBucket {
  private tokens: number;
  private last = performance.now();

  constructor(
    private readonly rate: number,
    private readonly burst: number,
  ) {
    this.tokens = burst;
  }

  take(): boolean {
    const now = performance.now();
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) / 1000) * this.rate);
    this.last = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}

/**
 * AWS WAF's rate-based rule, per source address: a request matching the rule's method and path is
 * blocked while the address sent `limit` or more matching requests over the last `windowSeconds`.
 * Every matching request counts, blocked ones too, as WAF counts them. WAF evaluates about every
 * ten seconds and is approximate; this is exact.
 */
class PerAddressWindow {
  private readonly path: RegExp;
  private readonly seen = new Map<string, number[]>();

  constructor(private readonly rule: ClientLimit) {
    this.path = new RegExp(rule.pathPattern);
  }

  admit(method: string, pathname: string, address: string): boolean {
    if (method !== this.rule.method || !this.path.test(pathname)) return true;
    const now = performance.now();
    const since = now - this.rule.windowSeconds * 1000;
    if (this.seen.size > 10_000) this.forgetIdle(since);
    // Only the last `limit` arrivals matter: the address is over when the oldest is in the window.
    const times = this.seen.get(address) ?? [];
    const over = times.length >= this.rule.limit && times[0]! > since;
    times.push(now);
    if (times.length > this.rule.limit) times.shift();
    this.seen.set(address, times);
    return !over;
  }

  retryAfterSeconds(address: string): number {
    const oldest = this.seen.get(address)?.[0] ?? performance.now();
    return Math.max(1, Math.ceil((oldest + this.rule.windowSeconds * 1000 - performance.now()) / 1000));
  }

  private forgetIdle(since: number): void {
    for (const [address, times] of this.seen) if (times.at(-1)! <= since) this.seen.delete(address);
  }
}
