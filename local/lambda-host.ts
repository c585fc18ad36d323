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

/** The error type Lambda reports when an invocation runs past the function's Timeout. */
export const FUNCTION_TIMEOUT_ERROR = 'Sandbox.Timedout';

export interface LambdaHostOptions {
  /**
   * Ends an invocation that runs past the function's Timeout from the template, as Lambda does
   * (on by default; off only to step through a handler in a debugger).
   */
  enforceTimeouts?: boolean;
}

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
  /** Per function, how many times its sandbox was thrown away after a timeout. */
  private readonly resets = new Map<string, number>();
  private readonly enforceTimeouts: boolean;
  /** Invocations and their time, per function: what Lambda would bill. */
  readonly usage = new Map<string, { invocations: number; milliseconds: number }>();
  private readonly faults = new Set<InjectedFault & { failed: number }>();

  constructor(
    functions: FunctionDefinition[],
    baseEnvironment: Record<string, string>,
    /** Applied last: local settings that win over what CDK sets (log level, metrics off). */
    localOverrides: Record<string, string> = {},
    options: LambdaHostOptions = {},
  ) {
    this.enforceTimeouts = options.enforceTimeouts ?? true;
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
    // As Lambda: the Timeout counts from the handler's call (the module's initialisation has its own
    // limit), on the wall clock, whatever the local clock says.
    const timeoutMs = fn.timeoutSeconds * 1000;
    const deadline = Date.now() + timeoutMs;
    let timer: NodeJS.Timeout | undefined;
    try {
      // A copy: handlers must not share object identity with the caller, as over the wire.
      const invocation = handler(structuredClone(event), contextFor(fn, deadline));
      if (!this.enforceTimeouts) return await invocation;
      const timedOut = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new FunctionTimedOut(fn.timeoutSeconds)), timeoutMs);
      });
      try {
        return await Promise.race([invocation, timedOut]);
      } catch (error) {
        if (error instanceof FunctionTimedOut) {
          // Lambda throws the sandbox away: the next invocation starts from a fresh module. What
          // the abandoned call still does is not waited for (its outcome is dropped, as when AWS
          // freezes and discards the sandbox; its requests already sent may still land, as on AWS).
          invocation.catch(() => undefined);
          this.resetSandbox(fn);
        }
        throw error;
      }
    } catch (error) {
      if (error instanceof LambdaInvokeFailure) throw error;
      if (error instanceof FunctionTimedOut) {
        throw new LambdaInvokeFailure({ errorType: FUNCTION_TIMEOUT_ERROR, errorMessage: error.message });
      }
      const err = error instanceof Error ? error : new Error(String(error));
      throw new LambdaInvokeFailure({ errorType: err.name || 'Error', errorMessage: err.message, trace: err.stack?.split('\n') ?? [] });
    } finally {
      clearTimeout(timer);
      usage.milliseconds += performance.now() - started;
    }
  }

  /** Drops a function's loaded module: the next invocation imports it afresh (a cold start). */
  private resetSandbox(fn: FunctionDefinition): void {
    this.loaded.delete(fn.logicalId);
    this.resets.set(fn.logicalId, (this.resets.get(fn.logicalId) ?? 0) + 1);
  }

  private load(fn: FunctionDefinition): Promise<Handler> {
    let loading = this.loaded.get(fn.logicalId);
    if (!loading) {
      const url = pathToFileURL(path.join(REPO_ROOT, fn.entry));
      // A new module instance after a reset: its top-level state (caches, pending promises) is new.
      const reset = this.resets.get(fn.logicalId);
      if (reset) url.searchParams.set('sandbox', String(reset));
      loading = import(url.href).then((module: { handler?: unknown }) => {
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

class FunctionTimedOut extends Error {
  constructor(seconds: number) {
    // Lambda's own wording.
    super(`Task timed out after ${seconds.toFixed(2)} seconds`);
    this.name = 'FunctionTimedOut';
  }
}

function contextFor(fn: FunctionDefinition, deadline: number): Context {
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName: fn.functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: fn.arn,
    memoryLimitInMB: '512',
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${fn.functionName}`,
    logStreamName: 'local',
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}
