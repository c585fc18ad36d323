// The local Lambda host ends an invocation at the function's Timeout from the template, as Lambda
// does: the caller gets Lambda's timeout error (a workflow's Retry sees Sandbox.Timedout), and the
// next invocation runs in a fresh sandbox (the module is loaded again), not in the abandoned one.
import { describe, expect, it } from 'vitest';
import { LambdaInvokeFailure } from 'local-workflow-runtime';
import { FUNCTION_TIMEOUT_ERROR, LambdaHost } from '../../../local/lambda-host.ts';
import type { FunctionDefinition } from '../../../local/cloud-assembly.ts';

const fn: FunctionDefinition = {
  logicalId: 'SandboxFn',
  functionName: 'casework-SandboxFn',
  arn: 'arn:aws:lambda:eu-west-3:000000000000:function:casework-SandboxFn',
  entry: 'test/unit/local/fixtures/sandbox-handler.ts',
  environment: {},
  timeoutSeconds: 1,
};

interface Result {
  instance: string;
  invocations: number;
  remainingMs: number;
}

describe('local Lambda host: function timeouts', () => {
  it('ends a call at the Timeout with Sandbox.Timedout, then serves the next call from a fresh module', async () => {
    const host = new LambdaHost([fn], {});
    const first = (await host.invoke(fn.functionName, {})) as Result;
    expect(first.invocations).toBe(1);
    expect(first.remainingMs).toBeLessThanOrEqual(1_000);
    expect(first.remainingMs).toBeGreaterThan(0);

    const started = Date.now();
    const failure = await host.invoke(fn.functionName, { hang: true }).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(failure).toBeInstanceOf(LambdaInvokeFailure);
    expect((failure as LambdaInvokeFailure).error).toMatchObject({
      errorType: FUNCTION_TIMEOUT_ERROR,
      errorMessage: 'Task timed out after 1.00 seconds',
    });

    const next = (await host.invoke(fn.functionName, {})) as Result;
    expect(next.instance).not.toBe(first.instance);
    expect(next.invocations).toBe(1);
  }, 30_000);

  it('a function that answers in time keeps its sandbox (warm)', async () => {
    const host = new LambdaHost([{ ...fn, logicalId: 'WarmFn', functionName: 'casework-WarmFn', arn: `${fn.arn}-warm` }], {});
    const first = (await host.invoke('casework-WarmFn', {})) as Result;
    const second = (await host.invoke('casework-WarmFn', {})) as Result;
    expect(second.instance).toBe(first.instance);
    expect(second.invocations).toBe(first.invocations + 1);
  }, 30_000);
});
