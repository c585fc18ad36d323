// Without Java, `npm start` says so in one clear line, with the fix, and exits non-zero.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../../infra/constructs/casework-function.ts';

describe('starting without Java', () => {
  it('prints one line naming Java 17 and how to install it, and exits 1', () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'casework-nojava-'));
    try {
      const tsx = createRequire(import.meta.url).resolve('tsx/cli');
      const result = spawnSync(process.execPath, [tsx, 'local/start.ts'], {
        cwd: REPO_ROOT,
        env: {
          PATH: '/nonexistent',
          HOME: tmpdir(),
          CASEWORK_DATA_DIR: dataDir,
          PORT: '0',
          NODE_OPTIONS: '--disable-warning=ExperimentalWarning',
        },
        encoding: 'utf8',
        timeout: 60_000,
      });
      expect(result.status).toBe(1);
      const lines = result.stderr.trim().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/Java 17/);
      expect(lines[0]).toMatch(/apt-get install -y openjdk-17-jre-headless/);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 60_000);
});
