/** A Step Functions error as states raise and Catch/Retry match it. */
export class SfnError extends Error {
  constructor(
    public readonly error: string,
    public override readonly cause: string | undefined,
  ) {
    super(`${error}: ${cause ?? ''}`);
  }
}

/** Errors that AWS never lets a Retrier or Catcher intercept through wildcards. */
const TERMINAL = new Set(['States.Runtime', 'States.DataLimitExceeded']);

/** Whether a Retrier/Catcher `ErrorEquals` list catches `error`, following AWS wildcard rules. */
export function errorMatches(errorEquals: readonly string[], error: string): boolean {
  for (const e of errorEquals) {
    if (e === error) return true;
    if (e === 'States.ALL' && !TERMINAL.has(error)) return true;
    // States.TaskFailed is a wildcard for task failures, but not for timeouts.
    if (e === 'States.TaskFailed' && !TERMINAL.has(error) && error !== 'States.Timeout' && error !== 'States.HeartbeatTimeout') return true;
  }
  return false;
}
