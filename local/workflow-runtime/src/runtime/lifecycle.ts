/** Where failures of background work (schedule targets, internal errors) are reported. */
export type ReportBackground = (err: unknown, context: string) => void;

export function backgroundReporter(onBackgroundError: ReportBackground | undefined): ReportBackground {
  return (err, context) => {
    if (onBackgroundError) onBackgroundError(err, context);
    else process.stderr.write(`[local-workflows] ${context}: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  };
}

/** Open, closing (waits give up, nothing new is driven) or closed (the store is gone): shared by the runtime's parts. */
export class Lifecycle {
  closing = false;
  closed = false;
  /** Resolves when closing starts, so that waits on invocations that never return can give up. */
  readonly closingSignal: Promise<void>;
  private signalClosing: () => void = () => undefined;

  constructor() {
    this.closingSignal = new Promise((resolve) => {
      this.signalClosing = resolve;
    });
  }

  beginClose(): void {
    this.closing = true;
    this.signalClosing();
  }

  assertOpen(): void {
    if (this.closed) throw new Error('LocalWorkflowRuntime is closed');
  }
}
