import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'local/workflow-runtime/test/**/*.test.ts'],
    globalSetup: ['test/support/global-setup.ts'],
    reporters: ['default', './test/support/summary-reporter.ts'],
    pool: 'forks',
    // node:sqlite (the local workflow store) is stable enough for us; its warning is noise.
    execArgv: ['--disable-warning=ExperimentalWarning'],
    // Two cores: two workers. Suites share one DynamoDB Local and isolate by table name or port 0.
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 120_000,
  },
});
