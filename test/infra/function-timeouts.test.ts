// Each function's Timeout against the SDK's budget (functions/commons/sdk-budget.ts) and the HTTP
// API's integration timeout: a dependency that is down must be an answer (503 with Retry-After, or
// a task error a workflow retries) from the function itself, not a Lambda timeout, and an API
// function must answer before API Gateway gives up on it.
import { describe, expect, it } from 'vitest';
import { synthesizeLocalAssembly } from '../../local/cloud-assembly.ts';
import { SDK_CALL_BUDGET_MS } from '../../functions/commons/sdk-budget.ts';

/** HTTP API's integration timeout (its default and its maximum). */
const HTTP_API_INTEGRATION_TIMEOUT_S = 30;
/** What a handler needs besides one SDK call that fails: its other calls, its answer. */
const MARGIN_MS = 3_000;

const assembly = synthesizeLocalAssembly({ region: 'eu-west-3', accountId: '000000000000', tablePrefix: '' });
/** Functions that call AWS: those given a table, a key, a state machine or a schedule to use. */
const callsAws = (environment: Record<string, string>) =>
  Object.keys(environment).some((name) => /^(TABLE_NAME|FIELD_KEY_ARN|.*_ARNS?|.*STATE_MACHINE.*|SCHEDULE.*)$/.test(name));

describe('function timeouts and the SDK budget', () => {
  it('every function that calls AWS has a Timeout above one SDK call budget plus a margin', () => {
    const calling = assembly.functions.filter((fn) => callsAws(fn.environment));
    expect(calling.length).toBeGreaterThan(10);
    const tooShort = calling.filter((fn) => fn.timeoutSeconds * 1000 < SDK_CALL_BUDGET_MS + MARGIN_MS);
    expect(tooShort.map((fn) => `${fn.logicalId}: ${fn.timeoutSeconds} s`)).toEqual([]);
  });

  it('no function is given the local system’s wider SDK timeouts: in AWS the budget above holds', () => {
    const widened = assembly.functions.filter((fn) =>
      Object.keys(fn.environment).some((name) => name === 'SDK_CONNECTION_TIMEOUT_MS' || name === 'SDK_REQUEST_TIMEOUT_MS'),
    );
    expect(widened.map((fn) => fn.logicalId)).toEqual([]);
  });

  it('no function reads behind its transactions as on DynamoDB Local: DynamoDB acknowledges a transaction once durable', () => {
    const barriered = assembly.functions.filter((fn) => 'DYNAMODB_LOCAL_COMMIT_BARRIER' in fn.environment);
    expect(barriered.map((fn) => fn.logicalId)).toEqual([]);
  });

  it('every API function times out before the HTTP API integration does', () => {
    const apiFunctions = new Set(assembly.routes.map((route) => route.functionLogicalId));
    const tooLong = assembly.functions.filter(
      (fn) => apiFunctions.has(fn.logicalId) && fn.timeoutSeconds >= HTTP_API_INTEGRATION_TIMEOUT_S,
    );
    expect(apiFunctions.size).toBeGreaterThan(10);
    expect(tooLong.map((fn) => `${fn.logicalId}: ${fn.timeoutSeconds} s`)).toEqual([]);
  });
});
