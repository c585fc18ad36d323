// The console's sign-in on AWS: authorization code with PKCE (S256) against the Cognito hosted UI.
// The verifier, the challenge and the state are checked here without a browser nor AWS.
import { createHash, randomBytes } from 'node:crypto';
import { describe, expect, it, vi } from 'vitest';
import {
  authorizeUrl,
  base64Url,
  claimsOf,
  codeChallenge,
  completeSignIn,
  loadAuthConfig,
  type AuthConfig,
  type FlowEnvironment,
} from '../../../web/src/oidc.ts';

const config: AuthConfig = {
  authorizeEndpoint: 'https://casework-staff.auth.eu-west-3.amazoncognito.com/oauth2/authorize',
  tokenEndpoint: '/oauth2/token',
  clientId: 'console-client',
  redirectUri: 'https://console.example.org/',
  scopes: ['openid', 'email'],
};

function environment(fetcher: FlowEnvironment['fetch'] = vi.fn()): FlowEnvironment & { store: Map<string, string> } {
  const store = new Map<string, string>();
  return {
    store,
    storage: {
      getItem: (key) => store.get(key) ?? null,
      setItem: (key, value) => void store.set(key, value),
      removeItem: (key) => void store.delete(key),
    },
    random: (bytes) => new Uint8Array(randomBytes(bytes)),
    sha256: async (data) => {
      const digest = createHash('sha256').update(data).digest();
      return digest.buffer.slice(digest.byteOffset, digest.byteOffset + digest.byteLength);
    },
    fetch: fetcher,
  };
}

const tokenAnswer = () => new Response(JSON.stringify({ access_token: 'a.b.c', expires_in: 3600, token_type: 'Bearer' }), { status: 200 });

describe('PKCE', () => {
  it('computes the S256 challenge of RFC 7636’s own example', async () => {
    // RFC 7636, appendix B.
    expect(await codeChallenge('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk', environment())).toBe(
      'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
    );
  });

  it('sends the hosted UI a code request with the S256 challenge of a fresh 43-character verifier, and a state', async () => {
    const env = environment();
    const url = new URL(await authorizeUrl(config, env, '#/console/tasks/t-1'));
    expect(url.origin + url.pathname).toBe(config.authorizeEndpoint);
    const query = url.searchParams;
    expect(query.get('response_type')).toBe('code');
    expect(query.get('client_id')).toBe('console-client');
    expect(query.get('redirect_uri')).toBe(config.redirectUri);
    expect(query.get('scope')).toBe('openid email');
    expect(query.get('code_challenge_method')).toBe('S256');
    const pending = JSON.parse([...env.store.values()][0]!) as { verifier: string; state: string; returnTo: string };
    expect(pending.verifier).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(query.get('code_challenge')).toBe(await codeChallenge(pending.verifier, env));
    // The verifier itself never leaves the tab before the exchange.
    expect(url.toString()).not.toContain(pending.verifier);
    expect(query.get('state')).toBe(pending.state);
    expect(pending.returnTo).toBe('#/console/tasks/t-1');
    // Each sign-in its own verifier and state.
    const again = new URL(await authorizeUrl(config, env));
    expect(again.searchParams.get('state')).not.toBe(pending.state);
    expect(again.searchParams.get('code_challenge')).not.toBe(query.get('code_challenge'));
  });

  it('exchanges the code with the verifier when the state is the one sent, once', async () => {
    const fetcher = vi.fn(async () => tokenAnswer());
    const env = environment(fetcher);
    const url = new URL(await authorizeUrl(config, env));
    const { verifier } = JSON.parse([...env.store.values()][0]!) as { verifier: string };
    const query = new URLSearchParams({ code: 'the-code', state: url.searchParams.get('state')! });
    expect(await completeSignIn(config, query, env)).toEqual({
      kind: 'signed-in',
      accessToken: 'a.b.c',
      expiresIn: 3600,
      returnTo: '#/console/tasks',
    });
    const [endpoint, init] = fetcher.mock.calls[0]! as unknown as [string, RequestInit];
    expect(endpoint).toBe('/oauth2/token');
    expect(Object.fromEntries(new URLSearchParams(init.body as string))).toEqual({
      grant_type: 'authorization_code',
      client_id: 'console-client',
      code: 'the-code',
      redirect_uri: config.redirectUri,
      code_verifier: verifier,
    });
    // The same callback replayed: nothing pending any more, no second exchange.
    expect(await completeSignIn(config, query, env)).toEqual({ kind: 'refused', reason: 'no-pending-sign-in' });
    expect(fetcher).toHaveBeenCalledTimes(1);
  });

  it('refuses a callback whose state is not the one this tab sent, without exchanging its code', async () => {
    const fetcher = vi.fn(async () => tokenAnswer());
    const env = environment(fetcher);
    await authorizeUrl(config, env);
    const outcome = await completeSignIn(config, new URLSearchParams({ code: 'stolen', state: 'forged' }), env);
    expect(outcome).toEqual({ kind: 'refused', reason: 'state-mismatch' });
    expect(fetcher).not.toHaveBeenCalled();
    expect(env.store.size).toBe(0);
  });

  it('says so when the hosted UI answers an error, or the exchange fails', async () => {
    const env = environment(vi.fn(async () => new Response('{"error":"invalid_grant"}', { status: 400 })));
    let url = new URL(await authorizeUrl(config, env));
    expect(
      await completeSignIn(config, new URLSearchParams({ error: 'access_denied', state: url.searchParams.get('state')! }), env),
    ).toEqual({
      kind: 'refused',
      reason: 'denied',
    });
    url = new URL(await authorizeUrl(config, env));
    expect(await completeSignIn(config, new URLSearchParams({ code: 'c', state: url.searchParams.get('state')! }), env)).toEqual({
      kind: 'refused',
      reason: 'exchange-failed',
    });
  });

  it('base64url has no padding nor + and /', () => {
    expect(base64Url(new Uint8Array([251, 255, 191]))).toBe('-_-_');
  });
});

describe('the auth configuration', () => {
  it('is read from /auth-config.json, and absent (the dev issuer) when the file is not there', async () => {
    const found = vi.fn(
      async () => new Response(JSON.stringify({ ...config, scopes: undefined }), { headers: { 'content-type': 'application/json' } }),
    );
    expect(await loadAuthConfig(found)).toEqual({ ...config, scopes: ['openid'] });
    expect(await loadAuthConfig(vi.fn(async () => new Response('not found', { status: 404 })))).toBeUndefined();
    expect(await loadAuthConfig(vi.fn(async () => new Response('<html>', { headers: { 'content-type': 'text/html' } })))).toBeUndefined();
  });

  it('reads the person’s id and groups from the access token (the API verifies it)', () => {
    const payload = Buffer.from(JSON.stringify({ sub: 'u-1', 'cognito:groups': ['supervisor'] })).toString('base64url');
    expect(claimsOf(`h.${payload}.s`)).toEqual({ sub: 'u-1', 'cognito:groups': ['supervisor'] });
  });
});
