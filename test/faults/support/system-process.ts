// The whole local system as a child process, as `npm start` runs it (`local/start.ts`), so that a
// fault suite can SIGKILL, SIGSTOP and SIGCONT it or its DynamoDB Local, restart it on the same data
// folder, and watch its memory. Only processes started here are ever signalled.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort } from '../../../local/net.ts';

const REPO_ROOT = path.resolve(import.meta.dirname, '..', '..', '..');

export interface SystemProcessOptions {
  /** A folder kept from an earlier run (restart); a fresh temporary one by default. */
  dataDir?: string;
  clockMode?: 'real' | 'manual';
  clockStartAt?: string;
  /** How long to wait for GET /health to answer 200. */
  startTimeoutMs?: number;
}

export interface SystemProcess {
  url: string;
  dataDir: string;
  pid: number;
  /** The DynamoDB Local (java) process the system started, found among its children. */
  dynamodbPid(): number | undefined;
  /** Sends a signal to the system process. */
  signalSystem(signal: NodeJS.Signals): void;
  /** Sends a signal to the DynamoDB Local process the system started. */
  signalDynamoDb(signal: NodeJS.Signals): number;
  /** The system process's resident set size in bytes (/proc/<pid>/status VmRSS). */
  rss(): number | undefined;
  /** The last lines the system wrote on stderr (kept short, for failure messages). */
  stderr(): string;
  /** Resolves when the system process has exited. */
  exited: Promise<number | null>;
  /** SIGKILLs the system and its DynamoDB Local (as a crash would leave them: nothing flushed). */
  kill(): Promise<void>;
  /** Kills everything (as kill()) and starts a new system process on the same data folder and port. */
  restart(): Promise<SystemProcess>;
  /** Stops gracefully (SIGTERM, SIGKILL after 10 s) and removes the data folder if it created it. */
  stop(): Promise<void>;
}

export async function startSystemProcess(options: SystemProcessOptions = {}): Promise<SystemProcess> {
  const ownsDataDir = options.dataDir === undefined;
  const dataDir = options.dataDir ?? mkdtempSync(path.join(tmpdir(), 'casework-faults-'));
  return launch({ ...options, dataDir }, ownsDataDir, await freePort());
}

async function launch(options: SystemProcessOptions & { dataDir: string }, ownsDataDir: boolean, port: number): Promise<SystemProcess> {
  // The node that runs this test (the project's own, from the `node` devDependency), with tsx.
  const child: ChildProcess = spawn(
    process.execPath,
    ['--disable-warning=ExperimentalWarning', '--import', 'tsx', path.join(REPO_ROOT, 'local', 'start.ts')],
    {
      cwd: REPO_ROOT,
      env: {
        ...process.env,
        PORT: String(port),
        CASEWORK_DATA_DIR: options.dataDir,
        CASEWORK_CLOCK_MODE: options.clockMode ?? 'real',
        ...(options.clockStartAt ? { CASEWORK_CLOCK_START: options.clockStartAt } : {}),
        // Every client of a suite comes from 127.0.0.1, faster than people do.
        CASEWORK_PER_CLIENT_LIMIT: 'off',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  child.stdout?.resume();
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const pid = child.pid!;
  const url = `http://127.0.0.1:${port}`;

  const deadline = Date.now() + (options.startTimeoutMs ?? 120_000);
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null)
      throw new Error(`the local system exited (${child.exitCode ?? child.signalCode}) before answering: ${stderr.trim()}`);
    try {
      const response = await fetch(`${url}/health`, { signal: AbortSignal.timeout(2000) });
      if (response.status === 200) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await killTree(pid);
      throw new Error(`the local system did not answer on ${url} in time: ${stderr.trim()}`);
    }
    await sleep(250);
  }

  // Among all its descendants: a wrapper process between the system and java changes nothing.
  const dynamodbPid = () => descendantsOf(pid).find((candidate) => cmdline(candidate).includes('DynamoDBLocal.jar'));
  const kill = async () => {
    await killTree(pid);
    await exited;
  };
  const handle: SystemProcess = {
    url,
    dataDir: options.dataDir,
    pid,
    dynamodbPid,
    signalSystem: (signal) => process.kill(pid, signal),
    signalDynamoDb(signal) {
      const found = dynamodbPid();
      if (found === undefined) throw new Error('no DynamoDB Local process under the local system');
      process.kill(found, signal);
      return found;
    },
    rss: () => rssOf(pid),
    stderr: () => stderr,
    exited,
    kill,
    async restart() {
      await kill();
      return launch(options, ownsDataDir, port);
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        const java = dynamodbPid();
        if (java !== undefined) signalQuietly(java, 'SIGCONT');
        signalQuietly(pid, 'SIGCONT');
        signalQuietly(pid, 'SIGTERM');
        const timer = setTimeout(() => void killTree(pid), 10_000);
        await exited;
        clearTimeout(timer);
        if (java !== undefined) signalQuietly(java, 'SIGKILL');
      }
      if (ownsDataDir) rmSync(options.dataDir, { recursive: true, force: true });
    },
  };
  return handle;
}

/** SIGKILLs a process and the processes it started (found before it dies: they outlive it). */
async function killTree(pid: number): Promise<void> {
  const all = [pid, ...descendantsOf(pid)];
  for (const each of all) signalQuietly(each, 'SIGKILL');
  // Wait until they are gone (an orphaned DynamoDB Local would hold the database files).
  const deadline = Date.now() + 10_000;
  while (all.some(alive) && Date.now() < deadline) await sleep(50);
}

function signalQuietly(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(pid, signal);
  } catch {
    // already gone
  }
}

function alive(pid: number): boolean {
  const status = readProc(pid, 'status');
  return status !== undefined && !/^State:\s+Z/m.test(status);
}

function childrenOf(pid: number): number[] {
  const children: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const status = readProc(Number(entry), 'status');
    const ppid = status && /^PPid:\s+(\d+)/m.exec(status)?.[1];
    if (ppid !== undefined && Number(ppid) === pid) children.push(Number(entry));
  }
  return children;
}

function descendantsOf(pid: number): number[] {
  return childrenOf(pid).flatMap((child) => [child, ...descendantsOf(child)]);
}

function cmdline(pid: number): string {
  return (readProc(pid, 'cmdline') ?? '').replaceAll('\0', ' ');
}

function rssOf(pid: number): number | undefined {
  const kb = /^VmRSS:\s+(\d+)\s+kB/m.exec(readProc(pid, 'status') ?? '')?.[1];
  return kb === undefined ? undefined : Number(kb) * 1024;
}

function readProc(pid: number, file: string): string | undefined {
  const where = `/proc/${pid}/${file}`;
  try {
    return existsSync(where) ? readFileSync(where, 'utf8') : undefined;
  } catch {
    return undefined;
  }
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Samples a process's RSS every `everyMs` until stopped. */
export function sampleRss(read: () => number | undefined, everyMs = 1000): { samples: number[]; stop(): number[] } {
  const samples: number[] = [];
  const timer = setInterval(() => {
    const value = read();
    if (value !== undefined) samples.push(value);
  }, everyMs);
  return {
    samples,
    stop() {
      clearInterval(timer);
      return samples;
    },
  };
}
