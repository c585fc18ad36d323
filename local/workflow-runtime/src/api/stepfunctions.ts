import type { ServerResponse } from 'node:http';
import type { HistoryEvent } from '../contract.ts';
import type {
  ExecutionDescription,
  MapRunDescription,
  MapRunListItem,
  RegisterStateMachineInput,
  StateMachineDescription,
} from '../runtime/control-plane.ts';
import { AwsApiError, errorMessage } from '../runtime/errors.ts';

type Json = Record<string, unknown>;

/** Epoch seconds, the AWS JSON protocols' default timestamp format. */
export function epochSeconds(d: Date | number): number {
  return (typeof d === 'number' ? d : d.getTime()) / 1000;
}

/** What the Step Functions API needs: the control-plane operations, not the runtime. */
export interface StepFunctionsBackend {
  createStateMachine(input: RegisterStateMachineInput): { stateMachineArn: string; creationDate: Date };
  describeStateMachine(arn: string): StateMachineDescription;
  listStateMachines(): StateMachineDescription[];
  deleteStateMachine(arn: string): void;
  startExecutionGrouped(input: {
    stateMachineArn: string;
    name?: string;
    input?: string;
  }): Promise<{ executionArn: string; startDate: Date }>;
  describeExecution(arn: string): ExecutionDescription;
  listExecutions(filter: {
    stateMachineArn?: string;
    mapRunArn?: string;
    statusFilter?: string;
    limit?: number;
    offset?: number;
  }): ExecutionDescription[];
  describeMapRun(mapRunArn: string): MapRunDescription;
  listMapRuns(executionArn: string, options?: { limit?: number; offset?: number }): MapRunListItem[];
  updateMapRun(
    mapRunArn: string,
    update: { maxConcurrency?: number; toleratedFailureCount?: number; toleratedFailurePercentage?: number },
  ): void;
  getHistory(arn: string, options?: { limit?: number; offset?: number; reverseOrder?: boolean }): HistoryEvent[];
  stopExecution(arn: string, error?: string, cause?: string): { stopDate: Date };
  sendTaskSuccess(taskToken: string, output: string): void;
  sendTaskFailure(taskToken: string, error?: string, cause?: string): void;
  sendTaskHeartbeat(taskToken: string): void;
}

function sendSfn(res: ServerResponse, status: number, payload: unknown): void {
  res.writeHead(status, { 'content-type': 'application/x-amz-json-1.0' }).end(JSON.stringify(payload));
}

/** Step Functions' AWS JSON 1.0 protocol: `op` is the X-Amz-Target operation name. */
export function handleStepFunctionsRequest(runtime: StepFunctionsBackend, op: string, body: string, res: ServerResponse): void {
  try {
    let input: Json;
    try {
      const parsed: unknown = body ? JSON.parse(body) : {};
      input = typeof parsed === 'object' && parsed !== null ? (parsed as Json) : {};
    } catch {
      throw new AwsApiError('SerializationException', 'Request body is not JSON');
    }
    const answer = sfnOperation(runtime, op, input);
    if (answer instanceof Promise)
      answer.then(
        (value) => sendSfn(res, 200, value),
        (err: unknown) => sendError(res, err),
      );
    else sendSfn(res, 200, answer);
  } catch (err) {
    sendError(res, err);
  }
}

function sendError(res: ServerResponse, err: unknown): void {
  if (err instanceof AwsApiError) {
    sendSfn(res, err.statusCode, { __type: `com.amazonaws.swf.service.v2.model#${err.code}`, message: err.message });
  } else {
    sendSfn(res, 500, { __type: 'InternalServerError', message: errorMessage(err) });
  }
}

function str(input: Json, key: string, required = true): string | undefined {
  const v = input[key];
  if (v === undefined || v === null) {
    if (required)
      throw new AwsApiError(
        'ValidationException',
        `1 validation error detected: Value null at '${key}' failed to satisfy constraint: Member must not be null`,
      );
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

function sfnOperation(runtime: StepFunctionsBackend, op: string, input: Json): unknown {
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
    case 'StartExecution':
      // Answered once committed; the starts of one turn of the event loop share one commit.
      return runtime
        .startExecutionGrouped({
          stateMachineArn: str(input, 'stateMachineArn') ?? '',
          name: str(input, 'name', false),
          input: str(input, 'input', false),
        })
        .then((out) => ({ executionArn: out.executionArn, startDate: epochSeconds(out.startDate) }));
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
      if (d.mapRunArn !== undefined) out.mapRunArn = d.mapRunArn;
      return out;
    }
    case 'ListExecutions': {
      const { limit, offset } = page(input);
      const mapRunArn = str(input, 'mapRunArn', false);
      const smArn = str(input, 'stateMachineArn', mapRunArn === undefined);
      if (smArn !== undefined && mapRunArn !== undefined)
        throw new AwsApiError('ValidationException', 'Only one of stateMachineArn and mapRunArn may be given');
      if (smArn !== undefined) runtime.describeStateMachine(smArn);
      const statusFilter = str(input, 'statusFilter', false);
      const rows = runtime.listExecutions({
        ...(smArn !== undefined ? { stateMachineArn: smArn } : {}),
        ...(mapRunArn !== undefined ? { mapRunArn } : {}),
        statusFilter,
        limit: limit + 1,
        offset,
      });
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
          if (d.mapRunArn !== undefined) item.mapRunArn = d.mapRunArn;
          return item;
        }),
        nextToken: nextToken(offset, limit, rows.length),
      };
    }
    case 'DescribeMapRun': {
      const d = runtime.describeMapRun(str(input, 'mapRunArn') ?? '');
      const out: Json = { ...d, startDate: epochSeconds(d.startDate) };
      if (d.stopDate) out.stopDate = epochSeconds(d.stopDate);
      return out;
    }
    case 'ListMapRuns': {
      const { limit, offset } = page(input);
      const runs = runtime.listMapRuns(str(input, 'executionArn') ?? '', { limit: limit + 1, offset });
      return {
        mapRuns: runs.slice(0, limit).map((r) => {
          const item: Json = { ...r, startDate: epochSeconds(r.startDate) };
          if (r.stopDate) item.stopDate = epochSeconds(r.stopDate);
          return item;
        }),
        nextToken: nextToken(offset, limit, runs.length),
      };
    }
    case 'UpdateMapRun': {
      const num = (key: string): number | undefined => {
        const v = input[key];
        if (v === undefined || v === null) return undefined;
        if (typeof v !== 'number') throw new AwsApiError('ValidationException', `${key} must be a number`);
        return v;
      };
      const update: { maxConcurrency?: number; toleratedFailureCount?: number; toleratedFailurePercentage?: number } = {};
      const [mc, tc, tp] = [num('maxConcurrency'), num('toleratedFailureCount'), num('toleratedFailurePercentage')];
      if (mc !== undefined) update.maxConcurrency = mc;
      if (tc !== undefined) update.toleratedFailureCount = tc;
      if (tp !== undefined) update.toleratedFailurePercentage = tp;
      runtime.updateMapRun(str(input, 'mapRunArn') ?? '', update);
      return {};
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
