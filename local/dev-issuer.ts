// The local stand-in for the Cognito user pool: signs dev access tokens shaped as Cognito's (RS256,
// with a `kid`), and verifies bearer tokens exactly as API Gateway's JWT authorizer does. Its key
// stays in the data folder.
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import {
  calculateJwkThumbprint,
  decodeProtectedHeader,
  errors,
  exportJWK,
  generateKeyPair,
  importJWK,
  jwtVerify,
  SignJWT,
  type CryptoKey,
  type JWK,
  type JWTPayload,
} from 'jose';
import { STAFF_SCOPE } from '../functions/commons/claims.ts';
import { DEFAULT_LANGUAGE, problemDetail, problemTitle, type Language } from '../domain/i18n/index.ts';
import { accessTokenClaims } from '../functions/pre-token-generation/handler.ts';

export const LOCAL_AUDIENCE = 'casework-local';
/** Cognito signs with RS256; API Gateway's JWT authorizer accepts RSA algorithms only. */
const alg = 'RS256';
const RSA_ALGORITHMS = new Set(['RS256', 'RS384', 'RS512']);
/** The RSA key. Older data folders also hold `dev-issuer-key.json`, an ES256 key no longer used. */
const KEY_FILE = 'dev-issuer-rs256-key.json';
/** Local dev tokens live longer than the deployed client's 60 minutes, for long local sessions. */
const LIFETIME_SECONDS = 12 * 3600;
/** API Gateway's own words for an expired token, in its `www-authenticate` challenge. */
const EXPIRED = 'the token has expired';

export interface DevTokenRequest {
  sub: string;
  groups: string[];
  partnerId?: string;
}

/** Why API Gateway's authorizer would refuse a token: 401, or 403 when only the route's scopes are missing. */
export class TokenRejected extends Error {
  constructor(
    readonly description: string,
    readonly insufficientScope = false,
    /** The token was good but its `exp` has passed: the client signs in again (`tokenExpired`). */
    readonly expired = false,
  ) {
    super(description);
  }
}

export class DevIssuer {
  private constructor(
    readonly issuer: string,
    private readonly privateKey: CryptoKey,
    private readonly publicKey: CryptoKey,
    readonly publicJwk: JWK & { kid: string },
  ) {}

  static async open(dataDir: string, issuer: string): Promise<DevIssuer> {
    mkdirSync(dataDir, { recursive: true });
    const file = path.join(dataDir, KEY_FILE);
    let pair: { privateJwk: JWK; publicJwk: JWK };
    if (existsSync(file)) {
      pair = JSON.parse(readFileSync(file, 'utf8')) as typeof pair;
    } else {
      const generated = await generateKeyPair(alg, { extractable: true, modulusLength: 2048 });
      pair = { privateJwk: await exportJWK(generated.privateKey), publicJwk: await exportJWK(generated.publicKey) };
      writeFileSync(file, JSON.stringify(pair), { mode: 0o600 });
    }
    // A kid derived from the key, as stable as the key itself.
    const kid = await calculateJwkThumbprint(pair.publicJwk);
    return new DevIssuer(
      issuer,
      (await importJWK(pair.privateJwk, alg)) as CryptoKey,
      (await importJWK(pair.publicJwk, alg)) as CryptoKey,
      { ...pair.publicJwk, kid, alg, use: 'sig' },
    );
  }

  /**
   * An access token with the claims Cognito puts in one after an SRP sign-in (no `aud`: `client_id`;
   * `scope`; `username`), plus what the user pool's pre-token-generation trigger adds, computed by
   * that very trigger's code.
   */
  async issue(request: DevTokenRequest, now: Date): Promise<string> {
    const issuedAt = Math.floor(now.getTime() / 1000);
    return new SignJWT({
      ...(request.groups.length > 0 ? { 'cognito:groups': request.groups } : {}),
      client_id: LOCAL_AUDIENCE,
      origin_jti: randomUUID(),
      event_id: randomUUID(),
      token_use: 'access',
      scope: STAFF_SCOPE,
      auth_time: issuedAt,
      username: request.sub,
      ...accessTokenClaims(request.partnerId ? { 'custom:partnerId': request.partnerId } : {}),
    })
      .setProtectedHeader({ alg, kid: this.publicJwk.kid })
      .setSubject(request.sub)
      .setIssuer(this.issuer)
      .setIssuedAt(issuedAt)
      .setExpirationTime(issuedAt + LIFETIME_SECONDS)
      .setJti(randomUUID())
      .sign(this.privateKey);
  }

  /**
   * Verifies a bearer token as API Gateway's JWT authorizer does: an RSA algorithm, a `kid` of the
   * key set, the signature, `iss`, `aud` (or `client_id` when `aud` is absent), `exp` present and in
   * the future, `nbf` and `iat` not in the future, and at least one of the route's scopes if it has
   * any. The local clock is the authorizer's clock; no skew is allowed.
   */
  async verify(token: string, now: Date, routeScopes: readonly string[] = []): Promise<JWTPayload> {
    let header: ReturnType<typeof decodeProtectedHeader>;
    try {
      header = decodeProtectedHeader(token);
    } catch {
      throw new TokenRejected('the token is malformed');
    }
    if (typeof header.alg !== 'string' || !RSA_ALGORITHMS.has(header.alg))
      throw new TokenRejected('the token is not signed with an RSA algorithm');
    if (header.kid !== this.publicJwk.kid) throw new TokenRejected('the token was not signed by a key of the issuer');
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, this.publicKey, { algorithms: [alg], currentDate: now }));
    } catch (error) {
      if (error instanceof errors.JWTExpired) throw new TokenRejected(EXPIRED, false, true);
      if (error instanceof errors.JWSSignatureVerificationFailed) throw new TokenRejected('the token has an invalid signature');
      if (error instanceof errors.JWTClaimValidationFailed && error.claim === 'nbf') throw new TokenRejected('the token is not valid yet');
      throw new TokenRejected('the token is invalid');
    }
    const nowSeconds = now.getTime() / 1000;
    if (payload.iss !== this.issuer) throw new TokenRejected('the token does not have a valid issuer');
    const audiences = payload.aud !== undefined ? [payload.aud].flat() : [payload.client_id];
    if (!audiences.includes(LOCAL_AUDIENCE)) throw new TokenRejected('the token does not have a valid audience');
    if (typeof payload.exp !== 'number') throw new TokenRejected('the token has no expiry');
    if (payload.exp <= nowSeconds) throw new TokenRejected(EXPIRED, false, true);
    if (payload.nbf !== undefined && !(typeof payload.nbf === 'number' && payload.nbf <= nowSeconds))
      throw new TokenRejected('the token is not valid yet');
    if (payload.iat !== undefined && !(typeof payload.iat === 'number' && payload.iat <= nowSeconds))
      throw new TokenRejected('the token was issued in the future');
    if (routeScopes.length > 0) {
      const granted = scopesOf(payload);
      if (!routeScopes.some((scope) => granted.includes(scope)))
        throw new TokenRejected(`expected scopes: [${routeScopes.join(' ')}]`, true);
    }
    return payload;
  }
}

/** The token's scopes: `scope` (space-separated) or `scp` (a list or a string). */
function scopesOf(payload: JWTPayload): string[] {
  const raw = payload.scope ?? payload.scp;
  if (Array.isArray(raw)) return raw.map(String);
  return typeof raw === 'string' ? raw.split(' ').filter(Boolean) : [];
}

export type Authorization =
  { claims: Record<string, string> } | { refused: { statusCode: number; headers: Record<string, string>; body: string } };

/**
 * The JWT authorizer of a route: the token from the Authorization header (bare or after `Bearer `),
 * verified; on failure the answer API Gateway gives, never reaching the function: 401
 * `{"message":"Unauthorized"}` with a `www-authenticate` challenge, or 403 `{"message":"Forbidden"}`
 * when only the route's scopes are missing. An expired token is the one 401 a client must tell
 * apart (sign in again, keep what was typed): the challenge is API Gateway's own
 * (`error="invalid_token" error_description="the token has expired"`), and the body is also the
 * `tokenExpired` problem in the caller's language, keeping API Gateway's `message` member
 * (docs/local-runtime.md, "Known differences from AWS").
 */
export async function authorizeAsApiGateway(
  issuer: DevIssuer,
  authorization: string | undefined,
  routeScopes: readonly string[],
  now: Date,
  language: Language = DEFAULT_LANGUAGE,
): Promise<Authorization> {
  const token = authorization?.trim().replace(/^Bearer\s+/i, '');
  if (!token) return { refused: refusal(401, 'Unauthorized', 'Bearer') };
  try {
    return { claims: claimsAsApiGatewayDoes(await issuer.verify(token, now, routeScopes)) };
  } catch (error) {
    const description = error instanceof TokenRejected ? error.description : 'the token is invalid';
    if (error instanceof TokenRejected && error.insufficientScope) {
      const scopes = routeScopes.join(' ');
      return {
        refused: refusal(403, 'Forbidden', `Bearer scope="${scopes}" error="insufficient_scope" error_description="${description}"`),
      };
    }
    const challenge = `Bearer scope="" error="invalid_token" error_description="${description}"`;
    if (error instanceof TokenRejected && error.expired) return { refused: expiredRefusal(challenge, language) };
    return { refused: refusal(401, 'Unauthorized', challenge) };
  }
}

function expiredRefusal(challenge: string, language: Language) {
  return {
    statusCode: 401,
    headers: { 'content-type': 'application/problem+json', 'content-language': language, 'www-authenticate': challenge },
    body: JSON.stringify({
      type: 'urn:casework:problem:tokenExpired',
      title: problemTitle('tokenExpired', language),
      status: 401,
      detail: problemDetail('tokenExpired', language),
      code: 'tokenExpired',
      message: 'Unauthorized',
    }),
  };
}

function refusal(statusCode: number, message: string, challenge: string) {
  return {
    statusCode,
    headers: { 'content-type': 'application/json', 'www-authenticate': challenge },
    body: JSON.stringify({ message }),
  };
}

/**
 * API Gateway hands claims to the function as strings (payload v2): arrays become "[a b]", numbers
 * and booleans their text, objects their JSON.
 */
export function claimsAsApiGatewayDoes(payload: JWTPayload): Record<string, string> {
  return Object.fromEntries(
    Object.entries(payload).map(([key, value]) => [
      key,
      Array.isArray(value) ? `[${value.join(' ')}]` : typeof value === 'object' && value !== null ? JSON.stringify(value) : String(value),
    ]),
  );
}
