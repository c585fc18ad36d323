import type { ServerResponse } from 'node:http';
import type { Clock, HistoryEvent } from '../contract.ts';
import type { ExecutionDescription } from '../runtime/control-plane.ts';
import { AwsApiError, errorMessage } from '../runtime/errors.ts';

/** What the /_local routes need: executions, their history and the clock. */
export interface LocalRoutesBackend {
  readonly clock: Clock;
  listExecutions(filter: { stateMachineArn?: string; statusFilter?: string; limit?: number }): ExecutionDescription[];
  getHistory(arn: string): HistoryEvent[];
  nextDueAt(): Date | undefined;
  advanceTo(target: Date): Promise<void>;
  advanceBy(duration: string): Promise<void>;
}

/**
 * Local-only routes for developers and end-to-end tests: what is running, its history, and the
 * virtual clock (GET the time, POST {"to": ISO} or {"by": "P30D"} to advance it, firing what is due).
 */
export async function handleLocalRequest(
  runtime: LocalRoutesBackend,
  method: string,
  url: URL,
  body: string,
  res: ServerResponse,
): Promise<void> {
  const json = (status: number, payload: unknown): void => {
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(payload));
  };
  try {
    const route = `${method} ${url.pathname}`;
    if (route === 'GET /_local/executions') {
      json(200, {
        executions: runtime.listExecutions({
          stateMachineArn: url.searchParams.get('stateMachineArn') ?? undefined,
          statusFilter: url.searchParams.get('status') ?? undefined,
          limit: Number(url.searchParams.get('limit') ?? 100),
        }),
      });
    } else if (route === 'GET /_local/history') {
      json(200, { events: runtime.getHistory(url.searchParams.get('executionArn') ?? '') });
    } else if (route === 'GET /_local/clock') {
      json(200, { now: runtime.clock.now().toISOString(), nextDueAt: runtime.nextDueAt()?.toISOString() ?? null });
    } else if (route === 'POST /_local/clock/advance') {
      const parsed: unknown = body ? JSON.parse(body) : {};
      const input = (typeof parsed === 'object' && parsed !== null ? parsed : {}) as { to?: unknown; by?: unknown };
      if (typeof input.to === 'string') await runtime.advanceTo(new Date(input.to));
      else if (typeof input.by === 'string') await runtime.advanceBy(input.by);
      else throw new AwsApiError('ValidationException', 'Give "to" (ISO-8601 date) or "by" (ISO-8601 duration)');
      json(200, { now: runtime.clock.now().toISOString(), nextDueAt: runtime.nextDueAt()?.toISOString() ?? null });
    } else {
      json(404, { message: `No route ${route}` });
    }
  } catch (err) {
    json(err instanceof AwsApiError || err instanceof RangeError || err instanceof SyntaxError ? 400 : 500, {
      error: err instanceof AwsApiError ? err.code : err instanceof Error ? err.name : 'Error',
      message: errorMessage(err),
    });
  }
}
