/** Event detail builders, shaped as GetExecutionHistory returns them. */
export const J = (v: unknown): string => JSON.stringify(v === undefined ? null : v);

/** What an event's details are given as when events are only counted (Scheduler.records is false). */
export const NO_DETAILS: Record<string, unknown> = Object.freeze({});

export const entered = (name: string, input: unknown): Record<string, unknown> => ({
  stateEnteredEventDetails: { name, input: J(input), inputDetails: { truncated: false } },
});

export const exited = (name: string, output: unknown, assigned?: Record<string, unknown>): Record<string, unknown> => {
  const d: Record<string, unknown> = { name, output: J(output), outputDetails: { truncated: false } };
  if (assigned && Object.keys(assigned).length > 0) {
    d.assignedVariables = Object.fromEntries(Object.entries(assigned).map(([k, v]) => [k, J(v)]));
    d.assignedVariablesDetails = { truncated: false };
  }
  return { stateExitedEventDetails: d };
};

export const errorDetails = (error: string | undefined, cause: string | undefined): Record<string, unknown> => {
  const d: Record<string, unknown> = {};
  if (error !== undefined) d.error = error;
  if (cause !== undefined) d.cause = cause;
  return d;
};
