// `npm start`: the whole system on this machine, on loopback, with no AWS account.
import path from 'node:path';
import { REPO_ROOT } from '../infra/constructs/casework-function.ts';
import { JavaMissingError } from './dynamodb-local.ts';
import { startLocalSystem } from './system.ts';

const port = Number(process.env.PORT ?? 3000);
const dataDir = process.env.CASEWORK_DATA_DIR ?? path.join(REPO_ROOT, '.local', 'data');

try {
  const system = await startLocalSystem({ port, dataDir });
  process.stdout.write(
    [
      `Casework is running on ${system.url} (data in ${path.relative(process.cwd(), dataDir) || dataDir})`,
      `  forms:      ${system.url}/forms`,
      `  OpenAPI:    ${system.url}/openapi.json`,
      `  dev tokens: POST ${system.url}/_local/token {"sub":"amina","groups":["caseworker"]}`,
      `  clock:      ${system.url}/_local/clock (now ${system.clock.now().toISOString()})`,
      `  endpoints:  ${JSON.stringify(system.endpoints)}`,
      'Press Ctrl+C to stop.',
      '',
    ].join('\n'),
  );
  let stopping = false;
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
