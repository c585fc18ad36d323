// Runs the functions CDK defines, in this process, from their handler source: the same code the
// Lambda bundles contain, with the environment CDK gives each function.
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Context } from 'aws-lambda';
import { REPO_ROOT } from '../infra/constructs/casework-function.ts';
import type { FunctionDefinition } from './cloud-assembly.ts';
import { LambdaInvokeFailure } from 'local-workflow-runtime';

type Handler = (event: unknown, context: Context) => Promise<unknown>;

/**
 * A failure the local host makes a function's invocations end with, for tests of what workflows do
 * when a task's Lambda fails (test/e2e/needs-attention.e2e.test.ts). Local only: the deployed
 * functions and their handlers know nothing of it.
 */
export interface InjectedFault {
  /** The function, by its folder under functions/ (e.g. 'case-actions'). */
  function: string;
  /** Which invocations fail (all of the function's by default). */
  when?: (event: unknown) => boolean;
  /** How many matching invocations fail (Infinity: until removed). */
  times: number;
  /** The function error's type, as Step Functions' Catch and Retry see it. */
  errorType?: string;
}

export class LambdaHost {
  private readonly byName = new Map<string, FunctionDefinition>();
  private readonly loaded = new Map<string, Promise<Handler>>();
  /** Invocations and their time, per function: what Lambda would bill. */
  readonly usage = new Map<string, { invocations: number; milliseconds: number }>();
  private readonly faults = new Set<InjectedFault & { failed: number }>();

  constructor(
    functions: FunctionDefinition[],
    baseEnvironment: Record<string, string>,
    /** Applied last: local settings that win over what CDK sets (log level, metrics off). */
    localOverrides: Record<string, string> = {},
  ) {
    // All functions share one process, hence one process.env: that is only sound if no two of
    // them need different values for the same variable. Refuse to start rather than mix them up.
    const merged: Record<string, string> = { ...baseEnvironment };
    const owner: Record<string, string> = {};
    for (const fn of functions) {
      this.byName.set(fn.functionName, fn);
      this.byName.set(fn.arn, fn);
      for (const [key, value] of Object.entries(fn.environment)) {
        if (key in owner && merged[key] !== value) {
          throw new Error(
            `Functions ${owner[key]} and ${fn.logicalId} need different values of ${key}: they cannot share the local process`,
          );
        }
        owner[key] ??= fn.logicalId;
        merged[key] = value;
      }
    }
    Object.assign(process.env, merged, localOverrides);
  }

  /** Makes matching invocations fail (tests only); answers how to remove it and how many failed. */
  injectFault(fault: InjectedFault): { remove(): void; failed(): number } {
    const entry = { ...fault, failed: 0 };
    this.faults.add(entry);
    return { remove: () => this.faults.delete(entry), failed: () => entry.failed };
  }

  private injectedFailure(fn: FunctionDefinition, event: unknown): LambdaInvokeFailure | undefined {
    const folder = path.basename(path.dirname(fn.entry));
    for (const fault of this.faults) {
      if (fault.function !== folder || fault.failed >= fault.times || (fault.when && !fault.when(event))) continue;
      fault.failed++;
      return new LambdaInvokeFailure({ errorType: fault.errorType ?? 'InjectedFault', errorMessage: 'fault injected by a test' });
    }
    return undefined;
  }

  has(nameOrArn: string): boolean {
    return this.byName.has(stripQualifier(nameOrArn));
  }

  async invoke(nameOrArn: string, event: unknown): Promise<unknown> {
    const fn = this.byName.get(stripQualifier(nameOrArn));
    if (!fn) throw new LambdaInvokeFailure({ errorType: 'ResourceNotFoundException', errorMessage: `Function not found: ${nameOrArn}` });
    const handler = await this.load(fn);
    const usage = this.usage.get(fn.logicalId) ?? { invocations: 0, milliseconds: 0 };
    this.usage.set(fn.logicalId, usage);
    usage.invocations++;
    const started = performance.now();
    const injected = this.injectedFailure(fn, event);
    if (injected) throw injected;
    try {
      // A copy: handlers must not share object identity with the caller, as over the wire.
      return await handler(structuredClone(event), contextFor(fn));
    } catch (error) {
      if (error instanceof LambdaInvokeFailure) throw error;
      const err = error instanceof Error ? error : new Error(String(error));
      throw new LambdaInvokeFailure({ errorType: err.name || 'Error', errorMessage: err.message, trace: err.stack?.split('\n') ?? [] });
    } finally {
      usage.milliseconds += performance.now() - started;
    }
  }

  private load(fn: FunctionDefinition): Promise<Handler> {
    let loading = this.loaded.get(fn.logicalId);
    if (!loading) {
      loading = import(pathToFileURL(path.join(REPO_ROOT, fn.entry)).href).then((module: { handler?: unknown }) => {
        if (typeof module.handler !== 'function') throw new Error(`${fn.entry} exports no handler`);
        return module.handler as Handler;
      });
      this.loaded.set(fn.logicalId, loading);
    }
    return loading;
  }
}

function stripQualifier(nameOrArn: string): string {
  // arn:aws:lambda:region:account:function:name[:qualifier]
  const parts = nameOrArn.split(':');
  return parts.length === 8 ? parts.slice(0, 7).join(':') : nameOrArn;
}

function contextFor(fn: FunctionDefinition): Context {
  const started = Date.now();
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName: fn.functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: fn.arn,
    memoryLimitInMB: '512',
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${fn.functionName}`,
    logStreamName: 'local',
    getRemainingTimeInMillis: () => Math.max(0, 10_000 - (Date.now() - started)),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}
