// The pagination cursors' seal (functions/commons/cursor.ts): a token opens only with its key, for
// the query it was made for, exactly as it was handed out.
import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { mockClient } from 'aws-sdk-client-mock';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { MAX_ATTEMPTS, REQUEST_TIMEOUT_MS } from '../../../functions/commons/sdk-budget.ts';
import fc from 'fast-check';
import { CURSOR_VERSION, cursorBinding, cursorSealer, pageCursors } from '../../../functions/commons/cursor.ts';
import { HttpProblem } from '../../../functions/commons/problems.ts';
import '../../support/cursor-key.ts';

const key = randomBytes(32);
const sealer = cursorSealer(key);
const BASE64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** A DynamoDB key as the adapters encode it: the kind of position a cursor carries. */
const position = fc
  .record({ PK: fc.string({ minLength: 1, maxLength: 60 }), SK: fc.string({ maxLength: 60 }) })
  .map((k) => Buffer.from(JSON.stringify(k)).toString('base64url'));
const binding = fc
  .tuple(
    fc.constantFrom('GET /cases', 'GET /tasks', 'GET /needs'),
    fc.dictionary(fc.string({ maxLength: 8 }), fc.string({ maxLength: 12 })),
  )
  .map(([route, filters]) => cursorBinding(route, filters));

/** Every way of changing a token: one character replaced, one removed, one added, cut short. */
const mutation = fc.oneof(
  fc.record({ kind: fc.constant('replace' as const), at: fc.nat(), by: fc.nat({ max: 63 }) }),
  fc.record({ kind: fc.constant('remove' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), by: fc.nat({ max: 63 }) }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
);

function mutate(token: string, m: { kind: string; at: number; by?: number }): string {
  const at = m.at % token.length;
  const by = BASE64URL[m.by ?? 0]!;
  switch (m.kind) {
    case 'replace':
      return token.slice(0, at) + (token[at] === by ? BASE64URL[(BASE64URL.indexOf(by) + 1) % 64]! : by) + token.slice(at + 1);
    case 'remove':
      return token.slice(0, at) + token.slice(at + 1);
    case 'insert':
      return token.slice(0, at) + by + token.slice(at);
    default:
      return token.slice(0, at);
  }
}

describe('a sealed cursor', () => {
  it('opens to the position it carries, for the query it was made for', () => {
    fc.assert(
      fc.property(position, binding, (p, b) => {
        expect(sealer.open(sealer.seal(p, b), b)).toBe(p);
      }),
    );
  });

  it('is refused after any change to it', () => {
    fc.assert(
      fc.property(position, binding, mutation, (p, b, m) => {
        const token = sealer.seal(p, b);
        const changed = mutate(token, m);
        fc.pre(changed !== token);
        expect(sealer.open(changed, b)).toBeUndefined();
      }),
      { numRuns: 2000 },
    );
  });

  it('is refused on another list, or with other filters', () => {
    const token = sealer.seal('position', cursorBinding('GET /cases', { programme: 'avrr', stage: 'screening' }));
    expect(sealer.open(token, cursorBinding('GET /tasks', { programme: 'avrr', stage: 'screening' }))).toBeUndefined();
    expect(sealer.open(token, cursorBinding('GET /cases', { programme: 'avrr', stage: 'approval' }))).toBeUndefined();
    expect(sealer.open(token, cursorBinding('GET /cases', { programme: 'avrr' }))).toBeUndefined();
    // The page size and the cursor itself are not part of the query a cursor belongs to; the order of filters neither.
    expect(sealer.open(token, cursorBinding('GET /cases', { stage: 'screening', limit: 5, programme: 'avrr', cursor: 'x' }))).toBe(
      'position',
    );
  });

  it('is refused under another key', () => {
    fc.assert(
      fc.property(position, binding, (p, b) => {
        expect(cursorSealer(randomBytes(32)).open(sealer.seal(p, b), b)).toBeUndefined();
      }),
    );
  });

  it('of another format version, or of the unsigned format of before, is refused', () => {
    const b = cursorBinding('GET /tasks', {});
    const raw = Buffer.from(sealer.seal('position', b), 'base64url');
    expect(raw[0]).toBe(CURSOR_VERSION);
    for (const version of [0, 2, 255]) {
      const other = Buffer.from(raw);
      other[0] = version;
      expect(sealer.open(other.toString('base64url'), b)).toBeUndefined();
    }
    const unsigned = Buffer.from(JSON.stringify({ PK: 'TASKQ#ROLE#caseworker', SK: '2026-12-01#x' })).toString('base64url');
    expect(sealer.open(unsigned, b)).toBeUndefined();
  });

  it('refuses anything that is not a token at all', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), binding, (junk, b) => {
        expect(sealer.open(junk, b)).toBeUndefined();
      }),
    );
  });

  it('needs a key of at least 32 bytes', () => {
    expect(() => cursorSealer(randomBytes(16))).toThrow(/32 bytes/);
  });
});

describe('the cursors of a list function', () => {
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
  });

  it('fail the cold start without a key setting', () => {
    delete process.env.CURSOR_KEY_SECRET_ARN;
    delete process.env.LOCAL_CURSOR_KEY_FILE;
    expect(() => pageCursors()).toThrow(/CURSOR_KEY_SECRET_ARN/);
  });

  it('answer a bad cursor with a 400 invalidCursor pointing at the cursor parameter, in the language asked', async () => {
    const cursors = pageCursors();
    const b = cursorBinding('GET /cases', { programme: 'avrr' });
    const error = await cursors.open('bm90LWEtY3Vyc29y', b, 'ar').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HttpProblem);
    const problem = error as HttpProblem;
    expect(problem.status).toBe(400);
    expect(problem.problem).toBe('invalidCursor');
    expect(problem.errors).toEqual([{ pointer: '/cursor', code: 'invalid_cursor', message: expect.stringContaining('cursor') }]);
    const next = await cursors.seal('position', b);
    expect(await cursors.open(next, b, 'fr')).toBe('position');
    expect(await cursors.open(undefined, b, 'fr')).toBeUndefined();
  });
});

describe('the cursor key read from Secrets Manager', () => {
  const saved = { ...process.env };
  const secrets = mockClient(SecretsManagerClient);
  afterEach(() => {
    process.env = { ...saved };
    secrets.reset();
  });
  const useSecret = () => {
    process.env.CURSOR_KEY_SECRET_ARN = 'arn:aws:secretsmanager:eu-west-3:111111111111:secret:cursor-key';
    delete process.env.LOCAL_CURSOR_KEY_FILE;
  };
  const b = cursorBinding('GET /cases', {});

  it('a failed read answers 503 with Retry-After, and the next request reads again', async () => {
    useSecret();
    const throttled = Object.assign(new Error('slow down'), { name: 'ThrottlingException', $metadata: {} });
    secrets
      .on(GetSecretValueCommand)
      .rejectsOnce(throttled)
      .resolves({ SecretString: 'k'.repeat(64) });
    const cursors = pageCursors();
    const error = await cursors.seal('position', b).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HttpProblem);
    expect((error as HttpProblem).status).toBe(503);
    expect(Number((error as HttpProblem).headers?.['retry-after'])).toBeGreaterThan(0);
    const next = await cursors.seal('position', b);
    expect(await cursors.open(next, b, 'en')).toBe('position');
    expect(secrets.commandCalls(GetSecretValueCommand)).toHaveLength(2);
  });

  it('a key read once is kept: no read per request', async () => {
    useSecret();
    secrets.on(GetSecretValueCommand).resolves({ SecretString: 'k'.repeat(64) });
    const cursors = pageCursors();
    for (let i = 0; i < 3; i++) await cursors.seal('position', b);
    expect(secrets.commandCalls(GetSecretValueCommand)).toHaveLength(1);
  });

  it('the client is bounded in time and attempts, like every SDK client of the functions', async () => {
    useSecret();
    secrets.on(GetSecretValueCommand).resolves({ SecretString: 'k'.repeat(64) });
    const cursors = pageCursors();
    await cursors.seal('position', b);
    const client = secrets.commandCalls(GetSecretValueCommand)[0]!.thisValue as SecretsManagerClient;
    expect(await client.config.maxAttempts()).toBe(MAX_ATTEMPTS);
    const handler = client.config.requestHandler as unknown as { configProvider?: Promise<{ requestTimeout?: number }> };
    expect((await handler.configProvider)?.requestTimeout).toBe(REQUEST_TIMEOUT_MS);
  });
});
