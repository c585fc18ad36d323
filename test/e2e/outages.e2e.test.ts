// DynamoDB Local frozen and killed under a running local system (its own DynamoDB Local, never the
// run's shared one): submissions answer 503 with Retry-After within the SDK budget instead of
// waiting for the thaw, /health names the part that is down, the supervisor restarts a killed
// DynamoDB Local, and nothing acknowledged is lost.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalSystem, type LocalSystem } from '../../local/system.ts';
// Each answer as it comes: these suites assert the 503s themselves.
import { devToken, httpOnce as http } from '../support/local-system.ts';

let system: LocalSystem;
let dataDir: string;
let example: unknown;
let caseworker: string;

/** An API function's Timeout (infra/constructs/casework-function.ts). */
const API_FUNCTION_TIMEOUT_MS = 10_000;

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'casework-outages-'));
  system = await startLocalSystem({
    port: 0,
    dataDir,
    clockMode: 'manual',
    clockStartAt: new Date('2026-12-01T08:00:00Z'),
    perClientLimit: false,
    throttling: false,
  });
  const { body } = await http(system, 'GET', '/forms/avrr-application');
  example = (body as { schema: { examples: unknown[] } }).schema.examples[0];
  caseworker = await devToken(system, 'amina-outages', ['caseworker']);
}, 180_000);

afterAll(async () => {
  if (system?.dynamodb) {
    try {
      process.kill(system.dynamodb.pid, 'SIGCONT');
    } catch {
      // already gone
    }
  }
  await system?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
}, 60_000);

async function submit(key: string, language = 'en') {
  const started = performance.now();
  const response = await http(system, 'POST', '/forms/avrr-application/submissions', {
    body: example,
    headers: { 'idempotency-key': key, 'accept-language': language },
  });
  return { ...response, ms: performance.now() - started };
}

/** A client that is told 503 retries after Retry-After, with its key, a few times. */
async function submitAsClientsDo(key: string) {
  for (let attempt = 1; ; attempt++) {
    const response = await submit(key);
    if (response.status !== 503 || attempt === 5) return response;
    process.stdout.write(`retry ${attempt} of a submission answered 503 after the thaw\n`);
    await new Promise((resolve) => setTimeout(resolve, Number(response.headers.get('retry-after') ?? '1') * 1000));
  }
}

async function caseIsThere(caseId: string): Promise<boolean> {
  const { status } = await http(system, 'GET', `/cases/${caseId}`, { token: caseworker });
  return status === 200;
}

/** The stream reader started the case's workflow: it has an open task (the clock moved on a second at a time). */
async function workflowStarted(caseId: string): Promise<boolean> {
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    const { body } = await http(system, 'GET', `/cases/${caseId}`, { token: caseworker });
    if ((body as { tasks?: { status: string }[] }).tasks?.some((task) => task.status === 'open')) return true;
    await http(system, 'POST', '/_local/clock', { body: { advanceBy: 'PT1S' } });
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return false;
}

async function waitForHealth(status: number, timeoutMs: number): Promise<{ status: number; body: unknown }> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const health = await http(system, 'GET', '/health');
    if (health.status === status || Date.now() > deadline) return health;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('DynamoDB Local frozen (SIGSTOP) for 20 s', () => {
  it('submissions answer 503 with Retry-After within seconds, and after the thaw every acknowledged one is a case', async () => {
    expect((await http(system, 'GET', '/health')).status).toBe(200);
    const before = await submit(randomUUID());
    expect(before.status).toBe(201);
    const beforeCase = (before.body as { caseId: string }).caseId;

    const pid = system.dynamodb!.pid;
    const keys = [randomUUID(), randomUUID(), randomUUID()];
    process.kill(pid, 'SIGSTOP');
    const frozenAt = Date.now();
    let during: Awaited<ReturnType<typeof submit>>[];
    let health: { status: number; body: unknown };
    try {
      during = await Promise.all(keys.map((key, i) => submit(key, ['fr', 'en', 'ar'][i])));
      health = await http(system, 'GET', '/health');
      // The rest of the 20 s: the outage lasts, whatever the clients do.
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, 20_000 - (Date.now() - frozenAt))));
    } finally {
      process.kill(pid, 'SIGCONT');
    }
    process.stdout.write(`frozen DynamoDB Local: answers in ${during.map((r) => `${r.status} after ${Math.round(r.ms)} ms`).join(', ')}\n`);
    for (const response of during) {
      expect(response.status).toBe(503);
      expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);
      // The SDK's budget gave up, not the function's Timeout (nor the 20 s of the outage).
      expect(response.ms).toBeLessThan(API_FUNCTION_TIMEOUT_MS);
    }
    expect(health.status).toBe(503);
    expect(health.body).toMatchObject({ down: expect.arrayContaining(['dynamodb']) });

    // Thawed: the clients retry with their keys, as Retry-After told them; one case each.
    expect((await waitForHealth(200, 30_000)).status).toBe(200);
    const retried = await Promise.all(keys.map((key) => submitAsClientsDo(key)));
    for (const response of retried) expect(response.status, response.text).toBe(201);
    const again = await Promise.all(keys.map((key) => submit(key)));
    expect(again.map((r) => (r.body as { caseId: string }).caseId)).toEqual(retried.map((r) => (r.body as { caseId: string }).caseId));
    for (const caseId of [beforeCase, ...retried.map((r) => (r.body as { caseId: string }).caseId)]) {
      expect(await caseIsThere(caseId)).toBe(true);
      expect(await workflowStarted(caseId)).toBe(true);
    }
  }, 180_000);
});

describe('DynamoDB Local killed (SIGKILL)', () => {
  it('/health answers 503 naming it, the supervisor restarts it, /health is 200 again and nothing acknowledged is lost', async () => {
    const acknowledged = await Promise.all([submit(randomUUID()), submit(randomUUID())]);
    for (const response of acknowledged) expect(response.status).toBe(201);
    const dynamodb = system.dynamodb!;
    const pid = dynamodb.pid;
    const restartsBefore = dynamodb.restarts;

    process.kill(pid, 'SIGKILL');
    const killedAt = Date.now();
    const down = await waitForHealth(503, 30_000);
    expect(down.status).toBe(503);
    expect(down.body).toMatchObject({ down: expect.arrayContaining(['dynamodb']) });
    const during = await submit(randomUUID());
    expect(during.status).toBe(503);
    expect(during.headers.get('retry-after')).not.toBeNull();

    const up = await waitForHealth(200, 120_000);
    process.stdout.write(`killed DynamoDB Local: /health 200 again after ${Date.now() - killedAt} ms\n`);
    expect(up.status).toBe(200);
    expect(dynamodb.restarts).toBe(restartsBefore + 1);
    expect(dynamodb.pid).not.toBe(pid);
    expect(dynamodb.state).toBe('up');

    for (const response of acknowledged) expect(await caseIsThere((response.body as { caseId: string }).caseId)).toBe(true);
    // The system goes on: a new submission, and the stream reader resumed (its part is up).
    const after = await submit(randomUUID());
    expect(after.status).toBe(201);
    expect(await caseIsThere((after.body as { caseId: string }).caseId)).toBe(true);
    for (const response of [...acknowledged, after]) expect(await workflowStarted((response.body as { caseId: string }).caseId)).toBe(true);
    expect((up.body as { parts: Record<string, { status: string }> }).parts.streams?.status).toBe('up');
  }, 240_000);
});
