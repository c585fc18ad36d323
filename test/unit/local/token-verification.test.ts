// The local API Gateway verifies bearer tokens exactly as the JWT authorizer does, and answers as it
// does when it refuses one: 401 {"message":"Unauthorized"} with a www-authenticate challenge (403
// {"message":"Forbidden"} when only the route's scopes are missing). The function is never called.
import { createServer, type Server } from 'node:http';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { base64url, decodeJwt, decodeProtectedHeader, generateKeyPair, importJWK, SignJWT, type JWK, type JWTPayload } from 'jose';
import { LocalApiGateway } from '../../../local/api-gateway.ts';
import { DevIssuer, LOCAL_AUDIENCE } from '../../../local/dev-issuer.ts';
import type { LambdaHost } from '../../../local/lambda-host.ts';

const NOW = new Date('2026-12-01T08:00:00Z');
const now = Math.floor(NOW.getTime() / 1000);
const SCOPE = 'aws.cognito.signin.user.admin';
const ISSUER = 'http://127.0.0.1/_local';

let dataDir: string;
let issuer: DevIssuer;
let privateJwk: JWK;
let server: Server;
let base: string;
let invocations = 0;

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'casework-issuer-'));
  // A data folder from before: it holds the ES256 key the issuer used to sign with.
  writeFileSync(path.join(dataDir, 'dev-issuer-key.json'), JSON.stringify({ privateJwk: { kty: 'EC' }, publicJwk: { kty: 'EC' } }));
  issuer = await DevIssuer.open(dataDir, ISSUER);
  privateJwk = (JSON.parse(readFileSync(path.join(dataDir, 'dev-issuer-rs256-key.json'), 'utf8')) as { privateJwk: JWK }).privateJwk;
  const host = {
    invoke: (_id: string, event: { requestContext: { authorizer?: { jwt: { claims: unknown } } } }) => {
      invocations += 1;
      return Promise.resolve({
        statusCode: 200,
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(event.requestContext.authorizer?.jwt.claims),
      });
    },
  } as unknown as LambdaHost;
  const routes = [
    { method: 'GET', path: '/cases/{caseId}', functionLogicalId: 'GetCase', authorization: 'JWT' as const, scopes: [SCOPE] },
    { method: 'GET', path: '/unscoped', functionLogicalId: 'Unscoped', authorization: 'JWT' as const },
  ];
  const gateway = new LocalApiGateway(routes, host, issuer, { now: () => NOW }, false);
  server = createServer((req, res) => {
    void gateway.handle(req, res, new URL(req.url ?? '/', 'http://127.0.0.1'), Buffer.alloc(0));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  rmSync(dataDir, { recursive: true, force: true });
});

/** The claims of a valid Cognito access token, issued a minute ago. */
const accessClaims = (): JWTPayload => ({
  sub: 'u-1',
  iss: ISSUER,
  client_id: LOCAL_AUDIENCE,
  token_use: 'access',
  scope: SCOPE,
  username: 'u-1',
  'cognito:groups': ['caseworker'],
  auth_time: now - 60,
  iat: now - 60,
  exp: now + 3600,
  jti: 'j-1',
});

async function sign(payload: JWTPayload, header: { alg?: string; kid?: string } = {}, key?: Parameters<SignJWT['sign']>[0]) {
  const alg = header.alg ?? 'RS256';
  return new SignJWT(payload)
    .setProtectedHeader({
      alg,
      ...('kid' in header ? (header.kid === undefined ? {} : { kid: header.kid }) : { kid: issuer.publicJwk.kid }),
    })
    .sign(key ?? (await importJWK(privateJwk, 'RS256')));
}

async function call(token: string | undefined, pathname = '/cases/c-1', scheme = 'Bearer ') {
  const before = invocations;
  const response = await fetch(`${base}${pathname}`, { headers: token === undefined ? {} : { authorization: `${scheme}${token}` } });
  return {
    status: response.status,
    challenge: response.headers.get('www-authenticate'),
    body: await response.json(),
    invoked: invocations > before,
  };
}

async function expectUnauthorized(token: string | undefined, description?: RegExp) {
  const result = await call(token);
  expect(result).toMatchObject({ status: 401, body: { message: 'Unauthorized' }, invoked: false });
  expect(result.challenge).toMatch(/^Bearer/);
  if (description) expect(result.challenge).toMatch(description);
}

describe('the local JWT authorizer', () => {
  it('lets a valid access token through, with its claims as API Gateway passes them', async () => {
    const result = await call(await sign(accessClaims()));
    expect(result).toMatchObject({
      status: 200,
      invoked: true,
      // Every claim a string, as payload v2 events carry them: arrays as "[a b]", numbers in decimal.
      body: { sub: 'u-1', 'cognito:groups': '[caseworker]', token_use: 'access', iat: String(now - 60), exp: String(now + 3600) },
    });
  });

  it('accepts the bare token too (the identity source is the whole header)', async () => {
    expect((await call(await sign(accessClaims()), '/cases/c-1', '')).status).toBe(200);
  });

  it('refuses a request without a token', async () => {
    await expectUnauthorized(undefined);
  });

  it('refuses a token without exp', async () => {
    const { exp: _exp, ...claims } = accessClaims();
    await expectUnauthorized(await sign(claims), /invalid_token/);
  });

  it('refuses an expired token', async () => {
    await expectUnauthorized(await sign({ ...accessClaims(), exp: now - 1 }), /expired/);
  });

  it("tells an expired token apart: the tokenExpired problem, localized, and API Gateway's own challenge", async () => {
    const token = await sign({ ...accessClaims(), iat: now - 7200, exp: now - 60 });
    for (const [language, title] of [
      ['ar', 'انتهت صلاحية الجلسة'],
      ['en', 'Session expired'],
      ['fr', 'Session expirée'],
    ] as const) {
      const response = await fetch(`${base}/cases/c-1`, { headers: { authorization: `Bearer ${token}`, 'accept-language': language } });
      expect(response.status).toBe(401);
      expect(response.headers.get('content-type')).toBe('application/problem+json');
      expect(response.headers.get('content-language')).toBe(language);
      expect(response.headers.get('www-authenticate')).toBe(
        'Bearer scope="" error="invalid_token" error_description="the token has expired"',
      );
      expect(await response.json()).toMatchObject({
        type: 'urn:casework:problem:tokenExpired',
        code: 'tokenExpired',
        status: 401,
        title,
        message: 'Unauthorized',
      });
    }
    // Any other refusal stays API Gateway's plain 401, without the code.
    const other = await call(await sign({ ...accessClaims(), iss: 'https://elsewhere.example' }));
    expect(other.body).toEqual({ message: 'Unauthorized' });
  });

  it('refuses a token issued in the future', async () => {
    await expectUnauthorized(await sign({ ...accessClaims(), iat: now + 300 }), /future/);
  });

  it('refuses a token not valid yet (nbf in the future)', async () => {
    await expectUnauthorized(await sign({ ...accessClaims(), nbf: now + 300 }), /not valid yet/);
  });

  it('refuses a token whose kid is unknown, or missing', async () => {
    await expectUnauthorized(await sign(accessClaims(), { kid: 'another-key' }));
    await expectUnauthorized(await sign(accessClaims(), { kid: undefined }));
  });

  it('refuses HS256, ES256 and unsigned (alg none) tokens, even with the right kid', async () => {
    await expectUnauthorized(
      await sign(accessClaims(), { alg: 'HS256' }, new TextEncoder().encode('a-shared-secret-of-32-bytes-long!')),
      /RSA/,
    );
    const ec = await generateKeyPair('ES256');
    await expectUnauthorized(await sign(accessClaims(), { alg: 'ES256' }, ec.privateKey), /RSA/);
    const unsigned = [
      base64url.encode(JSON.stringify({ alg: 'none', kid: issuer.publicJwk.kid })),
      base64url.encode(JSON.stringify(accessClaims())),
      '',
    ].join('.');
    await expectUnauthorized(unsigned, /RSA/);
  });

  it('refuses a token from another issuer', async () => {
    await expectUnauthorized(
      await sign({ ...accessClaims(), iss: 'https://cognito-idp.eu-west-3.amazonaws.com/eu-west-3_other' }),
      /issuer/,
    );
  });

  it('refuses a token for another audience: client_id, or aud which wins over client_id', async () => {
    await expectUnauthorized(await sign({ ...accessClaims(), client_id: 'another-client' }), /audience/);
    await expectUnauthorized(await sign({ ...accessClaims(), aud: 'another-client' }), /audience/);
  });

  it('refuses a token with a bad signature (signed by another RSA key under our kid, or tampered)', async () => {
    const other = await generateKeyPair('RS256');
    await expectUnauthorized(await sign(accessClaims(), {}, other.privateKey), /signature/);
    const [header, , signature] = (await sign(accessClaims())).split('.') as [string, string, string];
    const tampered = base64url.encode(JSON.stringify({ ...accessClaims(), 'cognito:groups': ['admin'] }));
    await expectUnauthorized(`${header}.${tampered}.${signature}`, /signature/);
  });

  it('refuses an ID token (audience right, no scope) on a route that requires the access-token scope', async () => {
    const { client_id: _c, scope: _s, username: _u, ...common } = accessClaims();
    const idToken = await sign({
      ...common,
      aud: LOCAL_AUDIENCE,
      token_use: 'id',
      'cognito:username': 'u-1',
      'custom:partnerId': 'assoc-b',
    });
    const result = await call(idToken);
    expect(result).toMatchObject({ status: 403, body: { message: 'Forbidden' }, invoked: false });
    expect(result.challenge).toMatch(/insufficient_scope/);
    // The scope check is the route's: without scopes, the same token passes, as on AWS.
    expect((await call(idToken, '/unscoped')).status).toBe(200);
  });
});

describe('the dev issuer', () => {
  it('issues RS256 access tokens shaped as Cognito issues them, with its kid in the key set', async () => {
    const token = await issuer.issue({ sub: 'p-1', groups: ['partner'], partnerId: 'assoc-a' }, NOW);
    expect(decodeProtectedHeader(token)).toEqual({ alg: 'RS256', kid: issuer.publicJwk.kid });
    expect(issuer.publicJwk).toMatchObject({ kty: 'RSA', alg: 'RS256', use: 'sig', kid: expect.any(String) as string });
    expect(issuer.publicJwk).not.toHaveProperty('d');
    const claims = decodeJwt(token);
    expect(Object.keys(claims).sort()).toEqual(
      [
        'auth_time',
        'client_id',
        'cognito:groups',
        'event_id',
        'exp',
        'iat',
        'iss',
        'jti',
        'origin_jti',
        'partner_id',
        'scope',
        'sub',
        'token_use',
        'username',
      ].sort(),
    );
    expect(claims).toMatchObject({
      sub: 'p-1',
      iss: ISSUER,
      client_id: LOCAL_AUDIENCE,
      token_use: 'access',
      scope: SCOPE,
      username: 'p-1',
      'cognito:groups': ['partner'],
      partner_id: 'assoc-a',
      auth_time: now,
      iat: now,
    });
    expect(claims).not.toHaveProperty('aud');
    expect(claims).not.toHaveProperty('custom:partnerId');
    expect((await call(token)).status).toBe(200);
  });

  it('keeps its key across restarts from the same data folder', async () => {
    const again = await DevIssuer.open(dataDir, ISSUER);
    expect(again.publicJwk.kid).toBe(issuer.publicJwk.kid);
  });
});
