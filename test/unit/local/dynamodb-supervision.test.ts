// The DynamoDB Local supervisor gives up loudly when it cannot keep DynamoDB Local running (here:
// no restart allowed), instead of leaving the system to serve errors forever. The restart itself is
// in test/e2e/outages.e2e.test.ts.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { superviseDynamoDbLocal } from '../../../local/dynamodb-local.ts';

describe('DynamoDB Local under supervision', () => {
  it('an unexpected exit past the allowed restarts: onGiveUp with a clear message, state failed', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'casework-supervision-'));
    const events: string[] = [];
    let gaveUp: (error: Error) => void = () => undefined;
    const givenUp = new Promise<Error>((resolve) => (gaveUp = resolve));
    const dynamodb = await superviseDynamoDbLocal({ dataDir, maxRestarts: 0, onEvent: (m) => events.push(m), onGiveUp: (e) => gaveUp(e) });
    try {
      expect(dynamodb.state).toBe('up');
      process.kill(dynamodb.pid, 'SIGKILL');
      const error = await givenUp;
      expect(error.message).toMatch(/DynamoDB Local exited and could not be kept running after 0 restarts/);
      expect(error.message).toContain(dataDir);
      expect(dynamodb.state).toBe('failed');
      expect(events.some((event) => /exited unexpectedly \(SIGKILL\)/.test(event))).toBe(true);
    } finally {
      await dynamodb.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 120_000);
});
