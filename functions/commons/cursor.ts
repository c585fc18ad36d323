// Pagination cursors that a client cannot forge: every `next` the API hands out is sealed here and
// every `cursor` it receives is opened here, by every list handler.
//
// A token is base64url(version ‖ HMAC-SHA256(key, version ‖ binding ‖ position) ‖ position), where
// the position is what the adapter needs to resume (a DynamoDB key, a rank) and the binding is the
// route and the filters of the query that produced it. A token that is not one we made, or was made
// for another list (another route, other filters, another queue), or in an older format, is a 400
// `invalidCursor` pointing at the `cursor` parameter, before anything reaches DynamoDB.
//
// The key: in AWS a secret generated at deploy (Secrets Manager, CURSOR_KEY_SECRET_ARN, granted to
// the list functions only), read at cold start; locally a random key kept in the data folder
// (LOCAL_CURSOR_KEY_FILE), written by the local system. Neither set: the cold start fails. Only a
// key that was read is kept: a failed read answers 503 with Retry-After and is retried next request.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { problemDetail, type Language } from '../../domain/i18n/index.ts';
import { optionalEnv } from './config.ts';
import { HttpProblem } from './problems.ts';
import { logger } from './powertools.ts';
import { boundedClientConfig, RETRY_AFTER_SECONDS } from './sdk-budget.ts';

/** The format's version: a token of another version is refused (clients start again from page one). */
export const CURSOR_VERSION = 1;
const MAC_BYTES = 32;
/** At least this many bytes of key (the secret generated at deploy has 64 characters). */
const MIN_KEY_BYTES = 32;

/** The query a cursor belongs to: the route and its filters (not the page size, not the cursor). */
export function cursorBinding(route: string, filters: Record<string, unknown>): string {
  return JSON.stringify([route, canonical(filters)]);
}

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === 'object')
    return Object.fromEntries(
      Object.entries(value)
        .filter(([name, v]) => v !== undefined && name !== 'cursor' && name !== 'limit')
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([name, v]) => [name, canonical(v)]),
    );
  return value;
}

export interface CursorSealer {
  seal(position: string, binding: string): string;
  /** The position, or undefined for anything that is not a token sealed with this key for this binding. */
  open(token: string, binding: string): string | undefined;
}

export function cursorSealer(key: Buffer): CursorSealer {
  if (key.length < MIN_KEY_BYTES) throw new Error(`A cursor key needs at least ${MIN_KEY_BYTES} bytes`);
  const mac = (version: number, binding: string, position: Buffer) => {
    const hmac = createHmac('sha256', key);
    const bindingBytes = Buffer.from(binding, 'utf8');
    const length = Buffer.alloc(4);
    length.writeUInt32BE(bindingBytes.length);
    // The binding's length first: no (binding, position) pair can be read as another.
    return hmac.update(Buffer.of(version)).update(length).update(bindingBytes).update(position).digest();
  };
  return {
    seal(position, binding) {
      const bytes = Buffer.from(position, 'utf8');
      return Buffer.concat([Buffer.of(CURSOR_VERSION), mac(CURSOR_VERSION, binding, bytes), bytes]).toString('base64url');
    },
    open(token, binding) {
      if (!/^[A-Za-z0-9_-]+$/.test(token)) return undefined;
      const raw = Buffer.from(token, 'base64url');
      // base64url decoding ignores stray trailing bits: only the canonical spelling of the bytes passes.
      if (raw.toString('base64url') !== token) return undefined;
      if (raw.length <= 1 + MAC_BYTES || raw[0] !== CURSOR_VERSION) return undefined;
      const position = raw.subarray(1 + MAC_BYTES);
      if (!timingSafeEqual(raw.subarray(1, 1 + MAC_BYTES), mac(CURSOR_VERSION, binding, position))) return undefined;
      return position.toString('utf8');
    },
  };
}

/** The 400 of a cursor that is not the `next` of this same list. */
export function invalidCursor(language: Language): HttpProblem {
  return new HttpProblem(400, 'invalidCursor', {}, [
    { pointer: '/cursor', code: 'invalid_cursor', message: problemDetail('invalidCursor', language) },
  ]);
}

/**
 * How this function gets its key, from its settings: checked at once (a missing setting fails the
 * cold start), the key itself read when the returned function is called.
 */
function keyLoader(): () => Promise<Buffer> {
  const secretArn = optionalEnv('CURSOR_KEY_SECRET_ARN');
  if (secretArn) {
    // Bounded like every SDK client of the functions: a Secrets Manager that does not answer is an
    // error within the call budget, not a request that waits for the function's Timeout.
    const client = new SecretsManagerClient(boundedClientConfig());
    return () =>
      client.send(new GetSecretValueCommand({ SecretId: secretArn })).then(({ SecretString }) => {
        if (!SecretString) throw new Error('The cursor key secret has no string value');
        return Buffer.from(SecretString, 'utf8');
      });
  }
  const keyFile = optionalEnv('LOCAL_CURSOR_KEY_FILE');
  // The Lambda service sets AWS_LAMBDA_FUNCTION_NAME; the local runtime does not. In AWS, the secret only.
  if (keyFile && optionalEnv('AWS_LAMBDA_FUNCTION_NAME'))
    throw new Error('LOCAL_CURSOR_KEY_FILE is for the local runtime only: set CURSOR_KEY_SECRET_ARN');
  if (keyFile) return () => Promise.resolve().then(() => Buffer.from(readFileSync(keyFile, 'utf8').trim(), 'utf8'));
  throw new Error(
    'Missing environment variable CURSOR_KEY_SECRET_ARN (the pagination cursors’ key) or, in the local runtime, LOCAL_CURSOR_KEY_FILE',
  );
}

/**
 * The cursors of one list function: call at module level (cold start). A missing key setting throws
 * there; the key is fetched at cold start and awaited by the first request. Only a key that was read
 * is kept: a failed read (Secrets Manager down, throttling, a timeout) answers that request 503 with
 * Retry-After, and the next request reads again.
 */
export function pageCursors() {
  const load = keyLoader();
  let sealer: Promise<CursorSealer> | undefined;
  const fetchSealer = (): Promise<CursorSealer> => {
    const attempt = load().then(cursorSealer);
    sealer = attempt;
    attempt.catch(() => {
      // Forgotten, so that the next request tries again (unless another already did).
      if (sealer === attempt) sealer = undefined;
    });
    return attempt;
  };
  const current = async (): Promise<CursorSealer> => {
    try {
      return await (sealer ?? fetchSealer());
    } catch (error) {
      // Only the error's class: never the message.
      logger.warn('cursor key unavailable', { errorName: error instanceof Error ? error.name : typeof error });
      throw new HttpProblem(503, 'serviceUnavailable', {}, [], { 'retry-after': String(RETRY_AFTER_SECONDS) });
    }
  };
  // Read at cold start; an unhandled rejection must not kill the process before a request awaits it.
  fetchSealer().catch(() => undefined);
  return {
    /** The adapter's position for `cursor`, undefined without one; a 400 for anything we did not seal for this query. */
    async open(cursor: string | undefined, binding: string, language: Language): Promise<string | undefined> {
      if (cursor === undefined) return undefined;
      const position = (await current()).open(cursor, binding);
      if (position === undefined) throw invalidCursor(language);
      return position;
    },
    /** The `next` a client gets for the adapter's position, undefined on the last page. */
    async seal(position: string | undefined, binding: string): Promise<string | undefined> {
      return position === undefined ? undefined : (await current()).seal(position, binding);
    },
  };
}
