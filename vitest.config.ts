import { defineConfig } from 'vitest/config';

/** Run in the last group, one file at a time (see the project 'alone' below). */
const ALONE = ['test/e2e/outages.e2e.test.ts', 'test/e2e/per-client-limit.e2e.test.ts', 'test/browser/**/*.test.ts'];

export default defineConfig({
  test: {
    reporters: ['default', './test/support/summary-reporter.ts'],
    pool: 'forks',
    // node:sqlite (the local workflow store) is stable enough for us; its warning is noise.
    execArgv: ['--disable-warning=ExperimentalWarning'],
    // Two cores: two workers. Suites share one DynamoDB Local and isolate by table name or port 0.
    maxWorkers: 2,
    testTimeout: 30_000,
    // Handlers are called without CloudFront in front: the edge header check's local opt-out.
    env: { EDGE_ORIGIN_CHECK: 'off' },
    hookTimeout: 120_000,
    projects: [
      // State machines on the pure interpreter: no DynamoDB Local, no Java, milliseconds each.
      { extends: true, test: { name: 'workflows', include: ['test/workflows/**/*.test.ts'] } },
      // The local workflow runtime package's own suites (sqlite only, no DynamoDB Local).
      { extends: true, test: { name: 'workflow-runtime', include: ['local/workflow-runtime/test/**/*.test.ts'] } },
      {
        extends: true,
        test: {
          name: 'system',
          include: ['test/**/*.test.ts'],
          exclude: ['test/workflows/**', 'test/faults/**', ...ALONE],
          globalSetup: ['test/support/global-setup.ts'],
        },
      },
      // Suites that measure the system's own answers in time (an outage's 503 within seconds, a
      // client's limit, a browser waiting for its page): run after the others, one at a time, so
      // that another suite's load on the two cores is not mistaken for the system's slowness.
      {
        extends: true,
        test: {
          name: 'alone',
          include: ALONE,
          globalSetup: ['test/support/global-setup.ts'],
          fileParallelism: false,
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
