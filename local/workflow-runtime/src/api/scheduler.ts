import type { ServerResponse } from 'node:http';
import { AwsApiError, errorMessage } from '../runtime/errors.ts';
import type { ScheduleInput, ScheduleRecord } from '../scheduler/scheduler.ts';

/**
 * What the Scheduler API needs: the schedule operations, not the runtime (creating or updating a
 * schedule may have to wake the runtime's real-time loop, which the runtime's own methods do).
 */
export interface SchedulerBackend {
  createSchedule(input: ScheduleInput): { ScheduleArn: string };
  updateSchedule(input: ScheduleInput): { ScheduleArn: string };
  getSchedule(groupName: string, name: string): ScheduleRecord;
  deleteSchedule(groupName: string, name: string): void;
  listSchedules(groupName: string | null, namePrefix: string | null, state: string | null): ScheduleRecord[];
}

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
export function handleSchedulerRequest(schedules: SchedulerBackend, method: string, url: URL, body: string, res: ServerResponse): void {
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
      const found = schedules.listSchedules(
        url.searchParams.get('ScheduleGroup'),
        url.searchParams.get('NamePrefix'),
        url.searchParams.get('State'),
      );
      send(res, 200, {
        Schedules: found.map((s) => ({
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
        send(res, 200, schedules.createSchedule({ ...input, Name: name }));
        return;
      case 'PUT':
        send(res, 200, schedules.updateSchedule({ ...input, Name: name }));
        return;
      case 'GET':
        send(res, 200, toWire(schedules.getSchedule(groupName, name)));
        return;
      case 'DELETE':
        schedules.deleteSchedule(groupName, name);
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
