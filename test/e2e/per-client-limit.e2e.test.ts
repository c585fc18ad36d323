// One client cannot block intake for everyone: the per-address limit of the edge (the WAF
// rate-based rule CDK defines, read back from the synthesized template) stops a noisy client
// before it drains the route's shared throttle.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { http, startTestSystem, type TestSystem } from '../support/local-system.ts';

let system: TestSystem;
let example: unknown;
// Test-only: the source address comes from a header only because this suite passes this option to
// the local system; `npm start` always keys on the socket address.
const clientAddress = (req: IncomingMessage) => String(req.headers['x-test-client'] ?? req.socket.remoteAddress);

beforeAll(async () => {
  system = await startTestSystem({ perClientLimit: true, clientAddress });
  const form = await http(system, 'GET', '/forms/avrr-application');
  example = (form.body as { schema: { examples: unknown[] } }).schema.examples[0];
});

afterAll(async () => {
  await system?.stop();
});

async function submit(client: string) {
  return http(system, 'POST', '/forms/avrr-application/submissions', {
    body: example,
    headers: { 'idempotency-key': randomUUID(), 'x-test-client': client },
  });
}

describe('the per-client limit on submissions', () => {
  it('stops client A once its budget is spent, and client B still submits', async () => {
    // Client A sends twice the route's shared burst, as fast as it can; client B submits meanwhile.
    const flood = Array.from({ length: 40 }, () => submit('192.0.2.10'));
    await new Promise((resolve) => setTimeout(resolve, 200));
    const other = await submit('198.51.100.7');
    const statuses = (await Promise.all(flood)).map((r) => r.status);
    expect(other.status, other.text).toBe(201);
    expect(statuses).toContain(429);
    const blocked = await submit('192.0.2.10');
    expect(blocked.status).toBe(429);
    expect(blocked.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(blocked.headers.get('content-type')).toBe('application/problem+json');
    // The budget is the WAF rule's, read back from the synthesized edge stack.
    const [limit] = system.assembly.clientLimits;
    expect(limit).toMatchObject({ method: 'POST', windowSeconds: expect.any(Number), limit: expect.any(Number) });
    expect(statuses.filter((s) => s === 201).length).toBeLessThanOrEqual(limit!.limit);
    // Forty submissions at once on a machine running other suites: allowed more than the default 30 s.
  }, 120_000);
});
