// Sign-in on AWS: the OAuth 2.0 authorization code flow with PKCE (RFC 7636, S256) against the
// Cognito hosted UI, where MFA is required. The client reads where to go from `/auth-config.json`,
// written by the stack next to the page; where there is none (the local system), the console keeps
// the local dev issuer. The verifier and the state live in sessionStorage for this tab only, and are
// used once: a callback whose state is not the one this tab sent is refused (CSRF, mix-up).

export interface AuthConfig {
  /** The hosted UI's authorize endpoint, e.g. https://<domain>.auth.<region>.amazoncognito.com/oauth2/authorize. */
  authorizeEndpoint: string;
  /** Where the code is exchanged: same origin (CloudFront forwards /oauth2/token to Cognito), so the CSP stays `connect-src 'self'`. */
  tokenEndpoint: string;
  clientId: string;
  /** The page's own address, registered as the app client's callback URL. */
  redirectUri: string;
  scopes: string[];
}

/** What the flow needs of the browser: injected, so that it is tested without one. */
export interface FlowEnvironment {
  storage: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;
  random: (bytes: number) => Uint8Array;
  sha256: (data: Uint8Array) => Promise<ArrayBuffer>;
  fetch: typeof fetch;
}

const PENDING_KEY = 'console:oidc-pending';

export function browserEnvironment(): FlowEnvironment {
  return {
    storage: sessionStorage,
    random: (bytes) => crypto.getRandomValues(new Uint8Array(bytes)),
    sha256: (data) => crypto.subtle.digest('SHA-256', data as Uint8Array<ArrayBuffer>),
    fetch: (...args) => fetch(...args),
  };
}

export function base64Url(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** A code verifier: 32 random bytes, base64url (43 characters of the unreserved set, RFC 7636 §4.1). */
export function codeVerifier(env: Pick<FlowEnvironment, 'random'>): string {
  return base64Url(env.random(32));
}

/** The S256 challenge: base64url(SHA-256(ASCII(verifier))) (RFC 7636 §4.2). */
export async function codeChallenge(verifier: string, env: Pick<FlowEnvironment, 'sha256'>): Promise<string> {
  return base64Url(new Uint8Array(await env.sha256(new TextEncoder().encode(verifier))));
}

/** The config the stack wrote, or undefined where there is none (locally: the dev issuer). */
export async function loadAuthConfig(fetcher: typeof fetch = fetch): Promise<AuthConfig | undefined> {
  try {
    const response = await fetcher('/auth-config.json', { headers: { accept: 'application/json' } });
    if (!response.ok || !(response.headers.get('content-type') ?? '').includes('json')) return undefined;
    const config = (await response.json()) as Partial<AuthConfig>;
    return config.authorizeEndpoint && config.tokenEndpoint && config.clientId && config.redirectUri
      ? ({ scopes: ['openid'], ...config } as AuthConfig)
      : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Starts a sign-in: a fresh verifier and state kept for this tab, and the hosted UI's address with
 * the S256 challenge. `returnTo` (a console route) is where the person lands after.
 */
export async function authorizeUrl(config: AuthConfig, env: FlowEnvironment, returnTo = '#/console/tasks'): Promise<string> {
  const verifier = codeVerifier(env);
  const state = base64Url(env.random(16));
  env.storage.setItem(PENDING_KEY, JSON.stringify({ verifier, state, returnTo }));
  const url = new URL(config.authorizeEndpoint);
  url.search = new URLSearchParams({
    response_type: 'code',
    client_id: config.clientId,
    redirect_uri: config.redirectUri,
    scope: config.scopes.join(' '),
    state,
    code_challenge: await codeChallenge(verifier, env),
    code_challenge_method: 'S256',
  }).toString();
  return url.toString();
}

export type CallbackOutcome =
  | { kind: 'signed-in'; accessToken: string; expiresIn?: number; returnTo: string }
  | { kind: 'refused'; reason: 'state-mismatch' | 'no-pending-sign-in' | 'denied' | 'exchange-failed' };

/**
 * The hosted UI's answer (`?code=…&state=…` or `?error=…`): the state must be the one this tab
 * sent; the code is exchanged with the verifier, once (the pending sign-in is removed first).
 */
export async function completeSignIn(config: AuthConfig, query: URLSearchParams, env: FlowEnvironment): Promise<CallbackOutcome> {
  const raw = env.storage.getItem(PENDING_KEY);
  env.storage.removeItem(PENDING_KEY);
  if (!raw) return { kind: 'refused', reason: 'no-pending-sign-in' };
  const pending = JSON.parse(raw) as { verifier: string; state: string; returnTo: string };
  if (query.get('state') !== pending.state) return { kind: 'refused', reason: 'state-mismatch' };
  const code = query.get('code');
  if (query.get('error') || !code) return { kind: 'refused', reason: 'denied' };
  let response: Response;
  try {
    response = await env.fetch(config.tokenEndpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        client_id: config.clientId,
        code,
        redirect_uri: config.redirectUri,
        code_verifier: pending.verifier,
      }).toString(),
    });
  } catch {
    return { kind: 'refused', reason: 'exchange-failed' };
  }
  if (!response.ok) return { kind: 'refused', reason: 'exchange-failed' };
  const tokens = (await response.json()) as { access_token?: string; expires_in?: number };
  if (!tokens.access_token) return { kind: 'refused', reason: 'exchange-failed' };
  return {
    kind: 'signed-in',
    accessToken: tokens.access_token,
    ...(tokens.expires_in !== undefined ? { expiresIn: tokens.expires_in } : {}),
    returnTo: pending.returnTo,
  };
}

/** The claims of an access token, read (not verified: the API verifies it) for the person's id and groups. */
export function claimsOf(token: string): { sub?: string; username?: string; 'cognito:groups'?: string[] } {
  try {
    const payload = token.split('.')[1] ?? '';
    const json = atob(
      payload
        .replace(/-/g, '+')
        .replace(/_/g, '/')
        .padEnd(Math.ceil(payload.length / 4) * 4, '='),
    );
    return JSON.parse(json) as { sub?: string; username?: string; 'cognito:groups'?: string[] };
  } catch {
    return {};
  }
}
