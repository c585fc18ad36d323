// Where the infra tests synthesize: without an `outdir`, every CDK App writes a cdk.out* folder
// under the system temp dir and leaves it there.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll } from 'vitest';

/**
 * Call at the top of a test file (or in a describe body): returns a function giving a fresh
 * `outdir` per app, all under one temp folder removed once the file's tests are done.
 */
export function cdkOutdirs(): () => string {
  const root = mkdtempSync(path.join(tmpdir(), 'casework-test-cdk-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  let next = 0;
  return () => path.join(root, String(next++));
}
