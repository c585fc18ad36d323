import { defineConfig } from 'vitest/config';

// The package's own test run (`npm test -w local-workflow-runtime`); the repository's `npm test`
// runs these suites too, through the root config.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    pool: 'forks',
    // node:sqlite (the workflow store) is stable enough for us; its warning is noise.
    execArgv: ['--disable-warning=ExperimentalWarning'],
    maxWorkers: 2,
    testTimeout: 30_000,
  },
});
