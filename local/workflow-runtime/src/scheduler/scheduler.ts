import type { DatabaseSync, StatementSync } from 'node:sqlite';
import { AwsApiError } from '../runtime/errors.ts';

/** A schedule as GetSchedule returns it (dates as epoch milliseconds internally). */
/** EventBridge Scheduler's universal target for StartExecution: lets a schedule name the execution. */
export const SFN_START_EXECUTION_TARGET = 'arn:aws:scheduler:::aws-sdk:sfn:startExecution';

export interface ScheduleRecord {
  Arn: string;
  GroupName: string;
  Name: string;
  ScheduleExpression: string;
  ScheduleExpressionTimezone: string;
  Description?: string;
  State: 'ENABLED' | 'DISABLED';
  Target: { Arn: string; RoleArn: string; Input?: string; [k: string]: unknown };
  FlexibleTimeWindow: { Mode: string; MaximumWindowInMinutes?: number };
  ActionAfterCompletion: 'NONE' | 'DELETE';
  StartDate?: number;
  EndDate?: number;
  KmsKeyArn?: string;
  CreationDate: number;
  LastModificationDate: number;
}

export interface ScheduleInput {
  Name?: unknown;
  GroupName?: unknown;
  ScheduleExpression?: unknown;
  ScheduleExpressionTimezone?: unknown;
  Description?: unknown;
  State?: unknown;
  Target?: unknown;
  FlexibleTimeWindow?: unknown;
  ActionAfterCompletion?: unknown;
  StartDate?: unknown;
  EndDate?: unknown;
  KmsKeyArn?: unknown;
}

export interface DueSchedule {
  groupName: string;
  name: string;
  dueAt: number;
}

const NAME = /^[0-9a-zA-Z-_.]{1,64}$/;
const AT = /^at\((\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})\)$/;
const RATE = /^rate\((\d{1,6}) (minute|minutes|hour|hours|day|days)\)$/;
const UNIT_MS: Record<string, number> = { minute: 60_000, hour: 3_600_000, day: 86_400_000 };

/** The period of a `rate()` expression in milliseconds, or undefined for any other expression. */
export function ratePeriodMs(expression: string): number | undefined {
  const rate = RATE.exec(expression);
  if (!rate) return undefined;
  const value = Number(rate[1]);
  const unit = rate[2]!.replace(/s$/, '');
  // As AWS: "1 day" but "2 days"; a value of zero is no rate.
  if (value < 1 || (value === 1) !== !rate[2]!.endsWith('s')) return undefined;
  return value * UNIT_MS[unit]!;
}

/**
 * EventBridge Scheduler: one-time at() schedules, and rate() schedules (each firing re-arms it one
 * period later, on the same clock); cron() is refused, stored in the workflow runtime's sqlite db
 * so that schedules and workflow timers fire on one clock, in one order, exactly once.
 */
export class LocalScheduler {
  private readonly s: Record<string, StatementSync>;

  constructor(
    private readonly db: DatabaseSync,
    private readonly region: string,
    private readonly accountId: string,
    private readonly now: () => number,
  ) {
    const p = (sql: string): StatementSync => db.prepare(sql);
    this.s = {
      get: p('SELECT body, fired_at FROM schedules WHERE group_name = ? AND name = ?'),
      insert: p(`INSERT INTO schedules (group_name, name, arn, expression, timezone, due_at, body, state, fired_at, created_at, updated_at)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, NULL, ?, ?)`),
      update: p(`UPDATE schedules SET expression = ?, timezone = ?, due_at = ?, body = ?, state = ?, fired_at = NULL, updated_at = ?
        WHERE group_name = ? AND name = ?`),
      delete: p('DELETE FROM schedules WHERE group_name = ? AND name = ?'),
      markFiring: p('UPDATE schedules SET fired_at = -1 WHERE group_name = ? AND name = ?'),
      resetFiring: p('UPDATE schedules SET fired_at = NULL WHERE fired_at = -1'),
      markFired: p('UPDATE schedules SET fired_at = ? WHERE group_name = ? AND name = ?'),
      rearm: p('UPDATE schedules SET due_at = ?, fired_at = NULL WHERE group_name = ? AND name = ?'),
      list: p(`SELECT body FROM schedules WHERE (?1 IS NULL OR group_name = ?1) AND (?2 IS NULL OR name LIKE ?2 || '%')
        AND (?3 IS NULL OR state = ?3) ORDER BY group_name, name`),
      next: p(`SELECT group_name, name, due_at FROM schedules WHERE state = 'ENABLED' AND fired_at IS NULL
        ORDER BY due_at, rowid LIMIT 1`),
      dueBy: p(`SELECT group_name, name, due_at FROM schedules WHERE state = 'ENABLED' AND fired_at IS NULL AND due_at <= ?
        ORDER BY due_at, rowid`),
    };
  }

  private st(name: string): StatementSync {
    const stmt = this.s[name];
    if (!stmt) throw new Error(`No prepared statement ${name}`);
    return stmt;
  }

  create(input: ScheduleInput): { ScheduleArn: string } {
    const { record, dueAt } = this.validate(input, undefined);
    if (this.get(record.GroupName, record.Name, false)) {
      throw new AwsApiError('ConflictException', `Schedule ${record.Name} already exists.`, 409);
    }
    this.st('insert').run(
      record.GroupName,
      record.Name,
      record.Arn,
      record.ScheduleExpression,
      record.ScheduleExpressionTimezone,
      dueAt,
      JSON.stringify(record),
      record.State,
      record.CreationDate,
      record.LastModificationDate,
    );
    return { ScheduleArn: record.Arn };
  }

  update(input: ScheduleInput): { ScheduleArn: string } {
    const groupName = typeof input.GroupName === 'string' && input.GroupName ? input.GroupName : 'default';
    const name = typeof input.Name === 'string' ? input.Name : '';
    const existing = this.get(groupName, name, true);
    const { record, dueAt } = this.validate(input, existing);
    this.st('update').run(
      record.ScheduleExpression,
      record.ScheduleExpressionTimezone,
      dueAt,
      JSON.stringify(record),
      record.State,
      record.LastModificationDate,
      record.GroupName,
      record.Name,
    );
    return { ScheduleArn: record.Arn };
  }

  get(groupName: string, name: string, mustExist: true): ScheduleRecord;
  get(groupName: string, name: string, mustExist: boolean): ScheduleRecord | undefined;
  get(groupName: string, name: string, mustExist: boolean): ScheduleRecord | undefined {
    const row = this.st('get').get(groupName, name) as { body: string } | undefined;
    if (!row) {
      if (mustExist) throw new AwsApiError('ResourceNotFoundException', `Schedule ${name} does not exist.`, 404);
      return undefined;
    }
    return JSON.parse(row.body) as ScheduleRecord;
  }

  delete(groupName: string, name: string): void {
    this.get(groupName, name, true);
    this.st('delete').run(groupName, name);
  }

  list(groupName: string | null, namePrefix: string | null, state: string | null): ScheduleRecord[] {
    return (this.st('list').all(groupName, namePrefix, state) as Array<{ body: string }>).map((r) => JSON.parse(r.body) as ScheduleRecord);
  }

  nextDue(): DueSchedule | undefined {
    const r = this.st('next').get() as { group_name: string; name: string; due_at: number } | undefined;
    return r ? { groupName: r.group_name, name: r.name, dueAt: Number(r.due_at) } : undefined;
  }

  dueBy(ms: number): DueSchedule[] {
    return (this.st('dueBy').all(ms) as Array<{ group_name: string; name: string; due_at: number }>).map((r) => ({
      groupName: r.group_name,
      name: r.name,
      dueAt: Number(r.due_at),
    }));
  }

  /** Marks a schedule whose target is being invoked, so it is not fired twice meanwhile. */
  markFiring(groupName: string, name: string): void {
    this.st('markFiring').run(groupName, name);
  }

  /** Schedules whose target was being invoked when the process stopped fire again (at-least-once, as AWS). */
  resetInterruptedFirings(): void {
    this.st('resetFiring').run();
  }

  /** Completes a fired schedule; the caller runs this in the same transaction as the target's effect where it can. */
  complete(record: ScheduleRecord, firedAt: number): void {
    const period = ratePeriodMs(record.ScheduleExpression);
    if (period !== undefined) {
      this.st('rearm').run(firedAt + period, record.GroupName, record.Name);
      return;
    }
    if (record.ActionAfterCompletion === 'DELETE') this.st('delete').run(record.GroupName, record.Name);
    else this.st('markFired').run(firedAt, record.GroupName, record.Name);
  }

  private validate(input: ScheduleInput, existing: ScheduleRecord | undefined): { record: ScheduleRecord; dueAt: number } {
    const fail = (message: string): never => {
      throw new AwsApiError('ValidationException', message, 400);
    };
    const name = typeof input.Name === 'string' ? input.Name : '';
    if (!NAME.test(name)) fail(`Invalid schedule name: ${name}`);
    const groupName = typeof input.GroupName === 'string' && input.GroupName ? input.GroupName : 'default';
    if (!NAME.test(groupName)) fail(`Invalid group name: ${groupName}`);
    const expression = typeof input.ScheduleExpression === 'string' ? input.ScheduleExpression.trim() : '';
    const timezone =
      typeof input.ScheduleExpressionTimezone === 'string' && input.ScheduleExpressionTimezone ? input.ScheduleExpressionTimezone : 'UTC';
    if (/^cron\(/.test(expression)) {
      fail(`Only at() and rate() schedule expressions are supported by the local scheduler, not ${expression}`);
    }
    const period = ratePeriodMs(expression);
    const at = AT.exec(expression);
    if (!at && period === undefined)
      fail(`Invalid ScheduleExpression ${expression}: expected at() as at(yyyy-mm-ddThh:mm:ss), or rate() as rate(n minutes|hours|days)`);
    let dueAt = 0;
    if (period !== undefined) {
      // The first firing one period after creation (or after StartDate when later).
      dueAt = Math.max(this.now(), toMs(input.StartDate) ?? 0) + period;
    } else {
      try {
        const fields = (at ?? []).slice(1).map(Number) as [number, number, number, number, number, number];
        dueAt = zonedTimeToUtc(fields, timezone);
      } catch {
        fail(`Invalid ScheduleExpressionTimezone ${timezone}`);
      }
    }
    const target = input.Target;
    if (typeof target !== 'object' || target === null) fail('Target is required');
    const t = target as Record<string, unknown>;
    if (typeof t.Arn !== 'string' || typeof t.RoleArn !== 'string') fail('Target.Arn and Target.RoleArn are required');
    const arn = String(t.Arn);
    if (
      !/^arn:aws[a-z-]*:lambda:[^:]*:[^:]*:function:[^:]+(:[^:]+)?$/.test(arn) &&
      !/^arn:aws[a-z-]*:states:[^:]*:[^:]*:stateMachine:[^:]+$/.test(arn) &&
      arn !== SFN_START_EXECUTION_TARGET
    ) {
      fail(
        `Target.Arn ${arn}: only Lambda functions, Step Functions state machines and the sfn:startExecution universal target are supported locally`,
      );
    }
    if (t.Input !== undefined && typeof t.Input !== 'string') fail('Target.Input must be a string');
    const ftw = input.FlexibleTimeWindow;
    if (typeof ftw !== 'object' || ftw === null) fail('FlexibleTimeWindow is required');
    const mode = (ftw as Record<string, unknown>).Mode;
    if (mode !== 'OFF' && mode !== 'FLEXIBLE') fail('FlexibleTimeWindow.Mode must be OFF or FLEXIBLE');
    const aac = input.ActionAfterCompletion ?? 'NONE';
    if (aac !== 'NONE' && aac !== 'DELETE') fail('ActionAfterCompletion must be NONE or DELETE');
    const state = input.State ?? 'ENABLED';
    if (state !== 'ENABLED' && state !== 'DISABLED') fail('State must be ENABLED or DISABLED');
    const now = this.now();
    const record: ScheduleRecord = {
      Arn: `arn:aws:scheduler:${this.region}:${this.accountId}:schedule/${groupName}/${name}`,
      GroupName: groupName,
      Name: name,
      ScheduleExpression: expression,
      ScheduleExpressionTimezone: timezone,
      State: state as 'ENABLED' | 'DISABLED',
      Target: t as ScheduleRecord['Target'],
      FlexibleTimeWindow: ftw as ScheduleRecord['FlexibleTimeWindow'],
      ActionAfterCompletion: aac as 'NONE' | 'DELETE',
      CreationDate: existing?.CreationDate ?? now,
      LastModificationDate: now,
    };
    if (typeof input.Description === 'string') record.Description = input.Description;
    if (typeof input.KmsKeyArn === 'string') record.KmsKeyArn = input.KmsKeyArn;
    const startDate = toMs(input.StartDate);
    const endDate = toMs(input.EndDate);
    if (startDate !== undefined) record.StartDate = startDate;
    if (endDate !== undefined) record.EndDate = endDate;
    return { record, dueAt };
  }
}

function toMs(v: unknown): number | undefined {
  if (typeof v === 'number') return v * 1000;
  if (typeof v === 'string') {
    const ms = Date.parse(v);
    return Number.isNaN(ms) ? undefined : ms;
  }
  if (v instanceof Date) return v.getTime();
  return undefined;
}

/** Wall-clock fields in an IANA time zone → epoch ms (two passes settle DST transitions). */
export function zonedTimeToUtc(fields: [number, number, number, number, number, number], timeZone: string): number {
  const [y, mo, d, h, mi, s] = fields;
  const naive = Date.UTC(y, mo - 1, d, h, mi, s);
  if (timeZone === 'UTC' || timeZone === 'Etc/UTC') return naive;
  const fmt = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  });
  const offsetAt = (ms: number): number => {
    const parts: Record<string, number> = {};
    for (const p of fmt.formatToParts(new Date(ms))) if (p.type !== 'literal') parts[p.type] = Number(p.value);
    const asUtc = Date.UTC(parts.year ?? 0, (parts.month ?? 1) - 1, parts.day ?? 1, parts.hour ?? 0, parts.minute ?? 0, parts.second ?? 0);
    return asUtc - ms;
  };
  let guess = naive - offsetAt(naive);
  guess = naive - offsetAt(guess);
  return guess;
}
