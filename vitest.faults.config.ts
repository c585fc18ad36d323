import { defineConfig } from 'vitest/config';

// `npm run test:faults`: load, races and faults against whole local systems. Run apart from
// `npm test` (and after it in CI): each file drives a system hard, so files run one at a time.
export default defineConfig({
  test: {
    reporters: ['default', './test/support/summary-reporter.ts'],
    pool: 'forks',
    execArgv: ['--disable-warning=ExperimentalWarning'],
    include: ['test/faults/**/*.faults.test.ts'],
    fileParallelism: false,
    maxWorkers: 1,
    testTimeout: 600_000,
    hookTimeout: 180_000,
    env: { EDGE_ORIGIN_CHECK: 'off' },
    globalSetup: ['test/support/global-setup.ts'],
  },
});
