// How long any AWS SDK call may take, and how often it is tried, in every function: a dependency
// that is down (frozen, unreachable, throttling) becomes an error well inside the function's
// Timeout, which the HTTP adapter answers as a 503 with Retry-After and a workflow's Retry sees as
// a task failure. The same settings in AWS and locally.
//
// The budget of one call, at worst: maxAttempts × (connectionTimeout + requestTimeout) plus the
// SDK's backoff between attempts (full jitter; at most 500 ms before the one retry of a throttled
// call, 100 ms otherwise): 2 × (1 + 2) + 0.5 = 6.5 s, inside the 10 s of an API function
// (infra/constructs/casework-function.ts), which leaves the rest of the handler its time; against a
// server that accepts connections but never answers (DynamoDB frozen): 2 × 2 + 0.1 ≈ 4 s.
// A healthy DynamoDB answers in milliseconds: 2 s of silence on a request is an outage, not load.
// A retried write is safe: TransactWriteItems carries the SDK's idempotency token, a conditional
// put recognises its own item when the retry finds it (adapters/dynamodb/conditional-put.ts), and
// the other writes repeat harmlessly. A workflow decision is not: a SendTaskSuccess that timed out may have
// landed, and sent again it finds the token closed. Its client makes one attempt
// (singleAttemptClientConfig): 1 + 2 = 3 s at worst, and its failure is answered 503, nothing written.
// The smallest Timeout of a function that calls AWS must stay above SDK_CALL_BUDGET_MS (a test
// checks the synthesized template).
//
// Locally (and only there: CDK never sets them) the local system widens the two timeouts with
// SDK_CONNECTION_TIMEOUT_MS and SDK_REQUEST_TIMEOUT_MS (local/system.ts). There every function
// shares one Node.js process, hence one event loop, with the API gateway, the workflow runtime and
// dozens of concurrent invocations, on a machine that also runs DynamoDB Local's JVM: a timer then
// measures the whole process's contention as well as the dependency's silence, and under a test
// suite's load 1 s to connect and 2 s to answer were passed by a DynamoDB Local that was only busy
// (TimeoutError and ETIMEDOUT logged on healthy systems). The local values keep a frozen
// dependency's 503 inside the API function's Timeout: 2 × 4 + 0.1 ≈ 8 s < 10 s.

/** The connection's establishment (TCP and TLS), in AWS. */
export const CONNECTION_TIMEOUT_MS = 1_000;
/** Silence on an established connection while a request waits for its answer, in AWS. */
export const REQUEST_TIMEOUT_MS = 2_000;
/** The first attempt and one retry (SDK standard retry mode, with its retry quota). */
export const MAX_ATTEMPTS = 2;
/** The SDK's largest backoff before the first retry (its throttling base delay). */
const MAX_BACKOFF_MS = 500;
/** The worst case of one SDK call. */
export const SDK_CALL_BUDGET_MS = MAX_ATTEMPTS * (CONNECTION_TIMEOUT_MS + REQUEST_TIMEOUT_MS) + (MAX_ATTEMPTS - 1) * MAX_BACKOFF_MS;

/** Constructor settings for every AWS SDK client of the functions. */
export function boundedClientConfig() {
  return {
    maxAttempts: MAX_ATTEMPTS,
    // The SDK builds its Node.js request handler from these options.
    // throwOnRequestTimeout: without it, this SDK version only logs a warning when requestTimeout
    // passes, and the request hangs on.
    requestHandler: {
      connectionTimeout: localTimeout('SDK_CONNECTION_TIMEOUT_MS', CONNECTION_TIMEOUT_MS),
      requestTimeout: localTimeout('SDK_REQUEST_TIMEOUT_MS', REQUEST_TIMEOUT_MS),
      throwOnRequestTimeout: true,
    },
  };
}

/** The local system's wider timeout (see above), or AWS's; a malformed setting fails the cold start. */
function localTimeout(name: string, inAws: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return inAws;
  const ms = Number(raw);
  if (!Number.isInteger(ms) || ms < inAws || ms > 5_000) {
    throw new Error(`${name} must be a whole number of milliseconds from ${inAws} to 5000, not ${JSON.stringify(raw)}`);
  }
  return ms;
}

/** For calls that must never be re-sent by the SDK (SendTaskSuccess, SendTaskFailure): one attempt, the same timeouts. */
export function singleAttemptClientConfig() {
  return { ...boundedClientConfig(), maxAttempts: 1 };
}

/** Seconds a client should wait before retrying after a 503 (Retry-After). */
export const RETRY_AFTER_SECONDS = 5;
