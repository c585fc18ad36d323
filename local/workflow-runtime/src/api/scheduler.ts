import type { ServerResponse } from 'node:http';
import { AwsApiError, errorMessage } from '../runtime/errors.ts';
import type { LocalWorkflowRuntime } from '../runtime/runtime.ts';
import type { ScheduleInput, ScheduleRecord } from '../scheduler/scheduler.ts';

function send(res: ServerResponse, status: number, payload: unknown, errorType?: string): void {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (errorType) headers['x-amzn-errortype'] = errorType;
  res.writeHead(status, headers).end(JSON.stringify(payload));
}

function seconds(ms: number | undefined): number | undefined {
  return ms === undefined ? undefined : ms / 1000;
}

function toWire(r: ScheduleRecord): Record<string, unknown> {
  return {
    ...r,
    CreationDate: seconds(r.CreationDate),
    LastModificationDate: seconds(r.LastModificationDate),
    StartDate: seconds(r.StartDate),
    EndDate: seconds(r.EndDate),
  };
}

/** EventBridge Scheduler's REST-JSON routes (/schedules/{Name}), as @aws-sdk/client-scheduler calls them. */
export function handleSchedulerRequest(runtime: LocalWorkflowRuntime, method: string, url: URL, body: string, res: ServerResponse): void {
  try {
    const name = url.pathname.startsWith('/schedules/') ? decodeURIComponent(url.pathname.slice('/schedules/'.length)) : undefined;
    const groupName = url.searchParams.get('groupName') ?? 'default';
    let input: ScheduleInput = {};
    if (body) {
      try {
        input = JSON.parse(body) as ScheduleInput;
      } catch {
        throw new AwsApiError('ValidationException', 'Request body is not JSON');
      }
    }
    if (name === undefined) {
      if (method !== 'GET') throw new AwsApiError('ValidationException', `Unsupported ${method} /schedules`);
      const schedules = runtime.scheduler.list(
        url.searchParams.get('ScheduleGroup'),
        url.searchParams.get('NamePrefix'),
        url.searchParams.get('State'),
      );
      send(res, 200, {
        Schedules: schedules.map((s) => ({
          Arn: s.Arn,
          Name: s.Name,
          GroupName: s.GroupName,
          State: s.State,
          CreationDate: seconds(s.CreationDate),
          LastModificationDate: seconds(s.LastModificationDate),
          Target: { Arn: s.Target.Arn },
        })),
      });
      return;
    }
    switch (method) {
      case 'POST':
        send(res, 200, runtime.createSchedule({ ...input, Name: name }));
        return;
      case 'PUT':
        send(res, 200, runtime.updateSchedule({ ...input, Name: name }));
        return;
      case 'GET':
        send(res, 200, toWire(runtime.scheduler.get(groupName, name, true)));
        return;
      case 'DELETE':
        runtime.scheduler.delete(groupName, name);
        send(res, 200, {});
        return;
      default:
        throw new AwsApiError('ValidationException', `Unsupported ${method} /schedules/${name}`);
    }
  } catch (err) {
    if (err instanceof AwsApiError) send(res, err.statusCode, { Message: err.message }, err.code);
    else send(res, 500, { Message: errorMessage(err) }, 'InternalServerException');
  }
}
