import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { handleSchedulerRequest } from './scheduler.ts';
import { AwsApiError, errorMessage } from '../runtime/errors.ts';
import type { ApiHandle, LocalWorkflowRuntime } from '../runtime/runtime.ts';

type Json = Record<string, unknown>;

/** Epoch seconds, the AWS JSON protocols' default timestamp format. */
export function epochSeconds(d: Date | number): number {
  return (typeof d === 'number' ? d : d.getTime()) / 1000;
}

/**
 * One HTTP server for both APIs: Step Functions requests are `POST /` with X-Amz-Target
 * (AWS JSON 1.0), EventBridge Scheduler requests are REST paths under /schedules, so the two
 * never collide and both SDK clients can point at the same endpoint.
 */
export async function startApiServer(
  runtime: LocalWorkflowRuntime,
  options: { host?: string; port?: number },
): Promise<ApiHandle> {
  const server = createServer((req, res) => {
    void handle(runtime, req, res);
  });
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const endpoint = `http://${host}:${port}`;
  return {
    stepfunctionsEndpoint: endpoint,
    schedulerEndpoint: endpoint,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

async function handle(runtime: LocalWorkflowRuntime, req: IncomingMessage, res: ServerResponse): Promise<void> {
  try {
    const body = await readBody(req);
    const target = req.headers['x-amz-target'];
    if (typeof target === 'string' && target.startsWith('AWSStepFunctions.')) {
      handleSfn(runtime, target.slice('AWSStepFunctions.'.length), body, res);
      return;
    }
    const url = new URL(req.url ?? '/', 'http://local');
    if (url.pathname === '/schedules' || url.pathname.startsWith('/schedules/')) {
      handleSchedulerRequest(runtime, req.method ?? 'GET', url, body, res);
      return;
    }
    if (url.pathname.startsWith('/_local/')) {
      await handleLocal(runtime, req.method ?? 'GET', url, body, res);
      return;
    }
    res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ message: `No route ${req.method} ${req.url}` }));
  } catch (err) {
    if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ __type: 'InternalServerError', message: errorMessage(err) }));
  }
}

function sendSfn(res: ServerResponse, status: number, payload: unknown): void {
  res.writeHead(status, { 'content-type': 'application/x-amz-json-1.0' }).end(JSON.stringify(payload));
}

function handleSfn(runtime: LocalWorkflowRuntime, op: string, body: string, res: ServerResponse): void {
  try {
    let input: Json;
    try {
      const parsed: unknown = body ? JSON.parse(body) : {};
      input = typeof parsed === 'object' && parsed !== null ? (parsed as Json) : {};
    } catch {
      throw new AwsApiError('SerializationException', 'Request body is not JSON');
    }
    sendSfn(res, 200, sfnOperation(runtime, op, input));
  } catch (err) {
    if (err instanceof AwsApiError) {
      sendSfn(res, err.statusCode, { __type: `com.amazonaws.swf.service.v2.model#${err.code}`, message: err.message });
    } else {
      sendSfn(res, 500, { __type: 'InternalServerError', message: errorMessage(err) });
    }
  }
}

function str(input: Json, key: string, required = true): string | undefined {
  const v = input[key];
  if (v === undefined || v === null) {
    if (required) throw new AwsApiError('ValidationException', `1 validation error detected: Value null at '${key}' failed to satisfy constraint: Member must not be null`);
    return undefined;
  }
  if (typeof v !== 'string') throw new AwsApiError('ValidationException', `${key} must be a string`);
  return v;
}

function page(input: Json): { limit: number; offset: number } {
  const max = input.maxResults;
  const limit = typeof max === 'number' && max > 0 ? Math.min(max, 1000) : 100;
  const token = input.nextToken;
  let offset = 0;
  if (typeof token === 'string' && token) {
    offset = Number(Buffer.from(token, 'base64url').toString('utf8'));
    if (!Number.isInteger(offset) || offset < 0) throw new AwsApiError('InvalidToken', 'Invalid nextToken');
  }
  return { limit, offset };
}

function nextToken(offset: number, limit: number, got: number): string | undefined {
  return got > limit ? Buffer.from(String(offset + limit)).toString('base64url') : undefined;
}

function sfnOperation(runtime: LocalWorkflowRuntime, op: string, input: Json): unknown {
  switch (op) {
    case 'CreateStateMachine': {
      const out = runtime.createStateMachine({
        name: str(input, 'name') ?? '',
        definition: str(input, 'definition') ?? '',
        roleArn: str(input, 'roleArn') ?? '',
        type: str(input, 'type', false) ?? 'STANDARD',
      });
      return { stateMachineArn: out.stateMachineArn, creationDate: epochSeconds(out.creationDate) };
    }
    case 'DescribeStateMachine': {
      const sm = runtime.describeStateMachine(str(input, 'stateMachineArn') ?? '');
      return { ...sm, creationDate: epochSeconds(sm.creationDate) };
    }
    case 'ListStateMachines': {
      const { limit, offset } = page(input);
      const all = runtime.listStateMachines();
      const slice = all.slice(offset, offset + limit + 1);
      return {
        stateMachines: slice.slice(0, limit).map((sm) => ({
          stateMachineArn: sm.stateMachineArn,
          name: sm.name,
          type: sm.type,
          creationDate: epochSeconds(sm.creationDate),
        })),
        nextToken: nextToken(offset, limit, slice.length),
      };
    }
    case 'DeleteStateMachine':
      runtime.deleteStateMachine(str(input, 'stateMachineArn') ?? '');
      return {};
    case 'StartExecution': {
      const out = runtime.startExecution({
        stateMachineArn: str(input, 'stateMachineArn') ?? '',
        name: str(input, 'name', false),
        input: str(input, 'input', false),
      });
      return { executionArn: out.executionArn, startDate: epochSeconds(out.startDate) };
    }
    case 'DescribeExecution': {
      const d = runtime.describeExecution(str(input, 'executionArn') ?? '');
      const out: Json = {
        executionArn: d.executionArn,
        stateMachineArn: d.stateMachineArn,
        name: d.name,
        status: d.status,
        startDate: epochSeconds(d.startDate),
        input: d.input,
        inputDetails: { included: true },
        redriveCount: 0,
        redriveStatus: 'NOT_REDRIVABLE',
      };
      if (d.stopDate) out.stopDate = epochSeconds(d.stopDate);
      if (d.output !== undefined) {
        out.output = d.output;
        out.outputDetails = { included: true };
      }
      if (d.error !== undefined) out.error = d.error;
      if (d.cause !== undefined) out.cause = d.cause;
      return out;
    }
    case 'ListExecutions': {
      const { limit, offset } = page(input);
      const smArn = str(input, 'stateMachineArn') ?? '';
      runtime.describeStateMachine(smArn);
      const statusFilter = str(input, 'statusFilter', false);
      const rows = runtime.listExecutions({ stateMachineArn: smArn, statusFilter, limit: limit + 1, offset });
      return {
        executions: rows.slice(0, limit).map((d) => {
          const item: Json = {
            executionArn: d.executionArn,
            stateMachineArn: d.stateMachineArn,
            name: d.name,
            status: d.status,
            startDate: epochSeconds(d.startDate),
          };
          if (d.stopDate) item.stopDate = epochSeconds(d.stopDate);
          return item;
        }),
        nextToken: nextToken(offset, limit, rows.length),
      };
    }
    case 'GetExecutionHistory': {
      const { limit, offset } = page(input);
      const events = runtime.getHistory(str(input, 'executionArn') ?? '', {
        limit: limit + 1,
        offset,
        reverseOrder: input.reverseOrder === true,
      });
      return {
        events: events.slice(0, limit).map((e) => ({ ...e, timestamp: epochSeconds(e.timestamp) })),
        nextToken: nextToken(offset, limit, events.length),
      };
    }
    case 'StopExecution': {
      const out = runtime.stopExecution(str(input, 'executionArn') ?? '', str(input, 'error', false), str(input, 'cause', false));
      return { stopDate: epochSeconds(out.stopDate) };
    }
    case 'SendTaskSuccess':
      runtime.sendTaskSuccess(str(input, 'taskToken') ?? '', str(input, 'output') ?? '');
      return {};
    case 'SendTaskFailure':
      runtime.sendTaskFailure(str(input, 'taskToken') ?? '', str(input, 'error', false), str(input, 'cause', false));
      return {};
    case 'SendTaskHeartbeat':
      runtime.sendTaskHeartbeat(str(input, 'taskToken') ?? '');
      return {};
    default:
      throw new AwsApiError('UnknownOperationException', `Operation ${op} is not supported by the local Step Functions`);
  }
}

/**
 * Local-only routes for developers and end-to-end tests: what is running, its history, and the
 * virtual clock (GET the time, POST {"to": ISO} or {"by": "P30D"} to advance it, firing what is due).
 */
async function handleLocal(runtime: LocalWorkflowRuntime, method: string, url: URL, body: string, res: ServerResponse): Promise<void> {
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
