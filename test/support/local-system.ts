// Starts the whole local system for a test file, on a free port, sharing the run's DynamoDB Local.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { inject } from 'vitest';
import { startLocalSystem, type LocalSystem, type LocalSystemOptions } from '../../local/system.ts';

export interface TestSystem extends LocalSystem {
  dataDir: string;
  /** Restarts everything but DynamoDB Local from the same data folder. */
  restart(): Promise<TestSystem>;
}

export async function startTestSystem(options: Partial<LocalSystemOptions> = {}): Promise<TestSystem> {
  if (options.dataDir !== undefined) return launch(options, options.dataDir, false);
  const dataDir = mkdtempSync(path.join(tmpdir(), 'casework-test-'));
  return launch(options, dataDir, true);
}

/**
 * Starts the system on `dataDir`. Whoever created the folder owns it: the system started on it, and
 * every system restarted from it, removes it on stop (or when it fails to start).
 */
async function launch(options: Partial<LocalSystemOptions>, dataDir: string, ownsDataDir: boolean): Promise<TestSystem> {
  const tablePrefix = options.tablePrefix ?? `t${randomUUID().slice(0, 8)}-`;
  const removeDataDir = () => {
    if (ownsDataDir) rmSync(dataDir, { recursive: true, force: true });
  };
  let system: LocalSystem;
  try {
    system = await startLocalSystem({
      port: 0,
      dynamodbEndpoint: inject('dynamodbEndpoint'),
      clockMode: 'manual',
      clockStartAt: new Date('2026-12-01T08:00:00Z'),
      // The suites submit from one address faster than people do; the per-client limit has its
      // own suite (test/e2e/per-client-limit.e2e.test.ts).
      perClientLimit: false,
      ...options,
      dataDir,
      tablePrefix,
    });
  } catch (error) {
    removeDataDir();
    throw error;
  }
  return {
    ...system,
    dataDir,
    async stop() {
      await system.stop();
      removeDataDir();
    },
    async restart() {
      await system.stop();
      // The restarted system inherits the folder, and with it the duty to remove it.
      return launch({ ...options, tablePrefix }, dataDir, ownsDataDir);
    },
  };
}

type HttpOptions = { body?: unknown; rawBody?: string; headers?: Record<string, string>; token?: string };
type HttpAnswer = { status: number; headers: Headers; body: unknown; text: string };

/** How often a 503 with Retry-After is asked again, as the contract tells a client to. */
const UNAVAILABLE_RETRIES = 3;

/**
 * One request, as a client that follows the contract: a 503 with Retry-After (a dependency that
 * did not answer in time: nothing was done, or an idempotent retry finds it done) is asked again
 * after the delay it names (at most 2 s here), three times at most, and reported on stderr. The
 * suites share two cores with the other suites, and a DynamoDB Local stalled by another suite's
 * burst is the outage the 503 reports, not a failure of the journey under test. A suite that
 * asserts the 503 itself uses httpOnce.
 */
export async function http(system: { url: string }, method: string, pathname: string, options: HttpOptions = {}): Promise<HttpAnswer> {
  for (let retry = 0; ; retry++) {
    const answer = await httpOnce(system, method, pathname, options);
    const retryAfter = answer.headers.get('retry-after');
    if (answer.status !== 503 || retryAfter === null || retry === UNAVAILABLE_RETRIES) return answer;
    process.stderr.write(`http: ${method} ${pathname.split('?')[0]} answered 503 (Retry-After ${retryAfter}): asked again\n`);
    await new Promise((resolve) => setTimeout(resolve, Math.min(Number(retryAfter) || 1, 2) * 1000));
  }
}

/** One request, answered as it comes (503 included). */
export async function httpOnce(system: { url: string }, method: string, pathname: string, options: HttpOptions = {}): Promise<HttpAnswer> {
  const headers: Record<string, string> = { ...options.headers };
  let body: string | undefined = options.rawBody;
  if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    headers['content-type'] ??= 'application/json';
  }
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  const response = await fetch(`${system.url}${pathname}`, { method, headers, ...(body !== undefined ? { body } : {}) });
  const text = await response.text();
  let parsed: unknown = undefined;
  try {
    parsed = text ? (JSON.parse(text) as unknown) : undefined;
  } catch {
    parsed = undefined;
  }
  return { status: response.status, headers: response.headers, body: parsed, text };
}

export async function devToken(system: { url: string }, sub: string, groups: string[], partnerId?: string): Promise<string> {
  const { body } = await http(system, 'POST', '/_local/token', { body: { sub, groups, ...(partnerId ? { partnerId } : {}) } });
  return (body as { token: string }).token;
}
