/** A Step Functions error as states raise and Catch/Retry match it. */
export class SfnError extends Error {
  constructor(
    public readonly error: string,
    public override readonly cause: string | undefined,
  ) {
    super(`${error}: ${cause ?? ''}`);
  }
}

/**
 * A heartbeat expiry. AWS records it as States.Timeout (TaskTimedOut, ExecutionFailed: see the
 * TestHeartbeats recordings), while Retry/Catch may still name it States.HeartbeatTimeout.
 */
export class HeartbeatTimeoutError extends SfnError {
  constructor() {
    super('States.Timeout', undefined);
  }
}

/** Errors that AWS never lets a Retrier or Catcher intercept through wildcards. */
const TERMINAL = new Set(['States.Runtime', 'States.DataLimitExceeded']);

/** Whether a Retrier/Catcher `ErrorEquals` list catches `error`, following AWS wildcard rules. */
export function errorMatches(errorEquals: readonly string[], err: SfnError): boolean {
  const error = err.error;
  for (const e of errorEquals) {
    if (e === error) return true;
    if (e === 'States.HeartbeatTimeout' && err instanceof HeartbeatTimeoutError) return true;
    if (e === 'States.ALL' && !TERMINAL.has(error)) return true;
    // States.TaskFailed is a wildcard for task failures, but not for timeouts.
    if (e === 'States.TaskFailed' && !TERMINAL.has(error) && error !== 'States.Timeout' && error !== 'States.HeartbeatTimeout') return true;
  }
  return false;
}
