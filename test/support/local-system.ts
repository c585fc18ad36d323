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
  const dataDir = options.dataDir ?? mkdtempSync(path.join(tmpdir(), 'casework-test-'));
  const tablePrefix = options.tablePrefix ?? `t${randomUUID().slice(0, 8)}-`;
  const system = await startLocalSystem({
    port: 0,
    dynamodbEndpoint: inject('dynamodbEndpoint'),
    clockMode: 'manual',
    clockStartAt: new Date('2026-12-01T08:00:00Z'),
    ...options,
    dataDir,
    tablePrefix,
  });
  const ownsDataDir = options.dataDir === undefined;
  return {
    ...system,
    dataDir,
    async stop() {
      await system.stop();
      if (ownsDataDir) rmSync(dataDir, { recursive: true, force: true });
    },
    async restart() {
      await system.stop();
      return startTestSystem({ ...options, dataDir, tablePrefix });
    },
  };
}

export async function http(
  system: { url: string },
  method: string,
  pathname: string,
  options: { body?: unknown; rawBody?: string; headers?: Record<string, string>; token?: string } = {},
): Promise<{ status: number; headers: Headers; body: unknown; text: string }> {
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
