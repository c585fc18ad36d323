// `npm start`: the whole system on this machine, on loopback, with no AWS account.
import path from 'node:path';
import { REPO_ROOT } from '../infra/constructs/casework-function.ts';
import { JavaMissingError } from './dynamodb-local.ts';
import { startLocalSystem, type LocalSystem } from './system.ts';

const port = Number(process.env.PORT ?? 3000);
const dataDir = process.env.CASEWORK_DATA_DIR ?? path.join(REPO_ROOT, '.local', 'data');
// For test harnesses that run this file as a child process (test/faults/support/); unset in daily use.
const clockMode = process.env.CASEWORK_CLOCK_MODE;
if (clockMode !== undefined && clockMode !== 'real' && clockMode !== 'manual') {
  throw new Error(`CASEWORK_CLOCK_MODE must be 'real' or 'manual', not '${clockMode}'`);
}
const clockStartAt = process.env.CASEWORK_CLOCK_START ? new Date(process.env.CASEWORK_CLOCK_START) : undefined;
if (clockStartAt && Number.isNaN(clockStartAt.getTime())) throw new Error('CASEWORK_CLOCK_START must be an ISO date-time');
const perClientLimit = process.env.CASEWORK_PER_CLIENT_LIMIT !== 'off';

try {
  let stopping = false;
  const started: { system?: LocalSystem } = {};
  const system = await startLocalSystem({
    port,
    dataDir,
    perClientLimit,
    // The web client (`npm start` builds it first: npm run build:web).
    webRoot: path.join(REPO_ROOT, 'web', 'dist'),
    ...(clockMode ? { clockMode } : {}),
    ...(clockStartAt ? { clockStartAt } : {}),
    // DynamoDB Local could not be kept running: say so loudly and exit, rather than serve errors.
    onFatal: (error) => {
      if (stopping) return;
      stopping = true;
      process.stderr.write(`\nFATAL: ${error.message}\n`);
      void (started.system?.stop() ?? Promise.resolve()).finally(() => process.exit(1));
    },
  });
  started.system = system;
  process.stdout.write(
    [
      `Casework is running on ${system.url} (data in ${path.relative(process.cwd(), dataDir) || dataDir})`,
      `  web client: ${system.url}/ (intake forms)`,
      `  forms:      ${system.url}/forms`,
      `  OpenAPI:    ${system.url}/openapi.json`,
      `  dev tokens: POST ${system.url}/_local/token {"sub":"amina","groups":["caseworker"]}`,
      `  clock:      ${system.url}/_local/clock (now ${system.clock.now().toISOString()})`,
      `  endpoints:  ${JSON.stringify(system.endpoints)}`,
      'Press Ctrl+C to stop.',
      '',
    ].join('\n'),
  );
  const shutdown = () => {
    if (stopping) return;
    stopping = true;
    process.stdout.write('Stopping…\n');
    system.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
} catch (error) {
  if (error instanceof JavaMissingError) {
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
  throw error;
}
