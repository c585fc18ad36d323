import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SchedulerClient } from '@aws-sdk/client-scheduler';
import { CreateStateMachineCommand, SFNClient } from '@aws-sdk/client-sfn';
import { afterEach } from 'vitest';
import { LocalClock } from '../../src/clock.ts';
import type { Interpreter, LambdaInvoker, ServiceInvoker } from '../../src/contract.ts';
import { LocalWorkflowRuntime, serveApi, type ApiHandle } from '../../src/index.ts';
import { T0 } from '../fixtures.ts';
import { createFakeInterpreter } from './fake-interpreter.ts';

export { T0 };
export const ROLE = 'arn:aws:iam::123456789012:role/local';
export const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };
/** Prefix of the test functions' ARNs: `${FN}notify`. */
export const FN = 'arn:aws:lambda:us-east-1:123456789012:function:';
export const DAY = 86_400_000;

export interface Harness {
  dataDir: string;
  clock: LocalClock;
  runtime: LocalWorkflowRuntime;
  api: ApiHandle;
  sfn: SFNClient;
  scheduler: SchedulerClient;
  lambdas: Map<string, LambdaInvoker>;
  calls: Array<{ fn: string; payload: unknown; at: Date }>;
  /** Closes the runtime (as a stop would) and opens a new one on the same data dir. */
  restart(): Promise<void>;
  dispose(): Promise<void>;
}

export interface HarnessOptions {
  interpreter?: Interpreter;
  invokeService?: ServiceInvoker;
  dataDir?: string;
}

export async function createHarness(options: HarnessOptions = {}): Promise<Harness> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'sfn-runtime-'));
  const lambdas = new Map<string, LambdaInvoker>();
  const calls: Harness['calls'] = [];
  const interpreter = options.interpreter ?? createFakeInterpreter();
  const h = {} as Harness;
  const invokeLambda: LambdaInvoker = async (fn, payload) => {
    calls.push({ fn, payload, at: h.clock.now() });
    const impl = lambdas.get(fn.split(':').pop() ?? fn) ?? lambdas.get(fn);
    if (!impl) throw new Error(`No local function ${fn}`);
    return impl(fn, payload);
  };
  const invokeService: ServiceInvoker =
    options.invokeService ?? ((service, action) => Promise.reject(new Error(`No service ${service}:${action} in tests`)));
  const open = async (): Promise<void> => {
    h.clock = LocalClock.open(dataDir, { mode: 'manual', startAt: T0 });
    h.runtime = await LocalWorkflowRuntime.open({
      dataDir,
      clock: h.clock,
      interpreter,
      invokeLambda,
      invokeService,
      region: 'us-east-1',
      accountId: '123456789012',
      onBackgroundError: () => undefined,
    });
    h.api = await serveApi(h.runtime, { host: '127.0.0.1', port: 0 });
    h.sfn = new SFNClient({ endpoint: h.api.stepfunctionsEndpoint, region: 'us-east-1', credentials });
    h.scheduler = new SchedulerClient({ endpoint: h.api.schedulerEndpoint, region: 'us-east-1', credentials });
  };
  await open();
  Object.assign(h, {
    dataDir,
    lambdas,
    calls,
    restart: async () => {
      h.sfn.destroy();
      h.scheduler.destroy();
      await h.api.close();
      await h.runtime.close();
      await open();
    },
    dispose: async () => {
      h.sfn.destroy();
      h.scheduler.destroy();
      await h.api.close();
      await h.runtime.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  });
  return h;
}

/**
 * Call at the top of a test file: returns the `setup` a test awaits for its own harness, disposed
 * after the test. `options` runs per harness, so each test gets fresh objects (an interpreter).
 */
export function harnessPerTest(options: () => HarnessOptions = () => ({})): () => Promise<Harness> {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.dispose();
    h = undefined;
  });
  return async () => {
    h = await createHarness(options());
    return h;
  };
}

/** Resolves once the predicate holds, polling the event loop (for work the runtime does in the background). */
export async function eventually(predicate: () => boolean | Promise<boolean>, timeoutMs = 5000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await predicate())) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 5));
  }
}

export function definition(states: Record<string, unknown>, startAt: string, extra: Record<string, unknown> = {}): string {
  return JSON.stringify({ StartAt: startAt, States: states, ...extra });
}

/** Creates a state machine through the Step Functions API; its ARN. */
export async function createSm(x: Harness, name: string, def: string): Promise<string> {
  const out = await x.sfn.send(new CreateStateMachineCommand({ name, definition: def, roleArn: ROLE }));
  return out.stateMachineArn ?? '';
}
