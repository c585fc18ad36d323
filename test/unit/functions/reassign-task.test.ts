// POST /tasks/{taskId}/reassign with a mocked DynamoDB: a supervisor hands a task to someone else.
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { useStaffDirectory } from '../../../functions/commons/staff-directory.ts';
import type { StaffMember } from '../../../domain/access/staff-directory.ts';
import type { StaffRole } from '../../../domain/access/roles.ts';
import { mockClient } from 'aws-sdk-client-mock';
import { DynamoDBDocumentClient, GetCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { keys } from '../../../functions/adapters/dynamodb/keys.ts';
import { amina, callTask, karim, parse, storedTask, task, taskId, type Handler } from '../../support/task-handlers.ts';

process.env.TABLE_NAME = 'casework-test';
process.env.POWERTOOLS_METRICS_DISABLED = 'true';
process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';

const ddb = mockClient(DynamoDBDocumentClient);
let reassignTask: Handler;

const writes = () => ddb.commandCalls(TransactWriteCommand).map((c) => c.args[0].input.TransactItems!);

/** The staff directory the handler reads (Cognito in AWS): who is a member of the team, with which roles. */
const team: StaffMember[] = [
  { sub: 'amina', groups: ['caseworker'] },
  { sub: 'youssef', groups: ['caseworker'] },
  { sub: 'leila', groups: ['supervisor'] },
  { sub: 'karim', groups: ['supervisor'] },
  { sub: 'hajar', groups: ['partner'], partnerId: 'assoc-oujda' },
];
const directory = {
  member: vi.fn(async (sub: string) => team.find((m) => m.sub === sub)),
  membersOf: async (role: StaffRole) => team.filter((m) => m.groups.includes(role)),
};

beforeAll(async () => {
  useStaffDirectory(directory);
  reassignTask = ((await import('../../../functions/reassign-task/handler.ts')) as unknown as { handler: Handler }).handler;
});

beforeEach(() => {
  ddb.on(GetCommand).resolves({});
  ddb.on(QueryCommand).resolves({ Items: [] });
  ddb.on(TransactWriteCommand).resolves({});
});

afterEach(() => ddb.reset());

describe('reassigning a task', () => {
  it('a supervisor hands a task to another caseworker: the old assignee’s queue entry goes, the new one comes', async () => {
    storedTask(ddb, task({ assignee: 'amina' }));

    const result = await callTask(reassignTask, 'POST', '/reassign', karim, { body: { assignee: 'youssef' } });

    expect(result.statusCode).toBe(200);
    expect(parse(result)).toMatchObject({ assignee: 'youssef' });
    const items = writes()[0]!;
    expect(items.some((item) => item.Delete?.Key?.PK === 'TASKQ#USER#amina')).toBe(true);
    expect(items.some((item) => item.Put?.Item?.PK === 'TASKQ#USER#youssef')).toBe(true);
    const event = items.find((item) => item.Put?.Item?.type === 'task.reassigned')!.Put!.Item!;
    expect(event.details).toMatchObject({ from: 'amina', to: 'youssef' });
    expect(event.actor).toEqual({ kind: 'staff', id: 'karim' });
  });

  it('a caseworker cannot reassign: 403', async () => {
    storedTask(ddb, task());
    const result = await callTask(reassignTask, 'POST', '/reassign', amina, { body: { assignee: 'youssef' } });
    expect(result.statusCode).toBe(403);
    expect(parse(result).type).toBe('urn:casework:problem:supervisorOnly');
    expect(writes()).toHaveLength(0);
  });

  it('an administrator may reassign', async () => {
    storedTask(ddb, task());
    expect(
      (await callTask(reassignTask, 'POST', '/reassign', { sub: 'root', groups: '[admin]' }, { body: { assignee: 'youssef' } })).statusCode,
    ).toBe(200);
  });

  it('the approval cannot be handed to the supervisor who screened the case: 422', async () => {
    storedTask(ddb, task({ step: 'approval', roles: ['supervisor'], forbiddenActors: ['leila'] }));
    const result = await callTask(reassignTask, 'POST', '/reassign', karim, { body: { assignee: 'leila' } });
    expect(result.statusCode).toBe(422);
    expect(writes()).toHaveLength(0);
  });

  describe('only to a member of the team who may do the step', () => {
    const refusal = (result: Awaited<ReturnType<typeof callTask>>) => {
      const body = parse(result) as { type: string; detail: string; errors: { pointer: string; code: string; message: string }[] };
      return { type: body.type, detail: body.detail, errors: body.errors };
    };

    it('someone the directory does not know: 422 assigneeUnknown on /assignee, localized, nothing written', async () => {
      storedTask(ddb, task());
      const result = await callTask(reassignTask, 'POST', '/reassign', karim, { body: { assignee: 'ghost.user' }, language: 'en' });
      expect(result.statusCode).toBe(422);
      expect(result.headers?.['content-type']).toContain('application/problem+json');
      expect(refusal(result)).toEqual({
        type: 'urn:casework:problem:assigneeUnknown',
        detail: 'This person is not a member of the team (no active account in the staff directory).',
        errors: [
          {
            pointer: '/assignee',
            code: 'assignee_unknown',
            message: 'This person is not a member of the team (no active account in the staff directory).',
          },
        ],
      });
      expect(writes()).toHaveLength(0);
    });

    it('a member without a role of the step (a caseworker for an approval): 422 assigneeNotEligible naming the roles, in Arabic', async () => {
      storedTask(ddb, task({ step: 'approval', roles: ['supervisor'] }));
      const result = await callTask(reassignTask, 'POST', '/reassign', karim, { body: { assignee: 'youssef' }, language: 'ar' });
      expect(result.statusCode).toBe(422);
      expect(refusal(result).type).toBe('urn:casework:problem:assigneeNotEligible');
      expect(refusal(result).errors).toEqual([
        {
          pointer: '/assignee',
          code: 'assignee_not_eligible',
          message: 'ليس لهذا الشخص دور يسمح له بإنجاز هذه المرحلة (الأدوار المطلوبة: supervisor).',
        },
      ]);
      expect(writes()).toHaveLength(0);
    });

    it('a partner user on a step of another association’s case (no share): 422 assigneeNotEligible', async () => {
      storedTask(ddb, task({ step: 'arrival', roles: ['caseworker', 'partner'], partnerId: 'assoc-nador' }));
      const result = await callTask(reassignTask, 'POST', '/reassign', karim, { body: { assignee: 'hajar' } });
      expect(result.statusCode).toBe(422);
      expect(refusal(result).type).toBe('urn:casework:problem:assigneeNotEligible');
    });

    it('a partner user on a partner step of its own association’s case: 200', async () => {
      storedTask(ddb, task({ step: 'arrival', roles: ['caseworker', 'partner'], partnerId: 'assoc-oujda' }));
      const result = await callTask(reassignTask, 'POST', '/reassign', karim, { body: { assignee: 'hajar' } });
      expect(result.statusCode, JSON.stringify(parse(result))).toBe(200);
    });
  });

  it('a body without an assignee is 422 naming the field', async () => {
    storedTask(ddb, task());
    const result = await callTask(reassignTask, 'POST', '/reassign', karim, { body: {} });
    expect(result.statusCode).toBe(422);
    expect((parse(result) as { errors: { pointer: string }[] }).errors.map((e) => e.pointer)).toEqual(['/assignee']);
  });

  describe('two supervisors at once', () => {
    const lost = () =>
      new TransactionCanceledException({ message: 'cancelled', $metadata: {}, CancellationReasons: [{ Code: 'ConditionalCheckFailed' }] });
    const reads = (...records: ReturnType<typeof task>[]) => {
      const stub = ddb.on(GetCommand, { Key: keys.task(taskId) });
      for (const record of records) stub.resolvesOnce({ Item: { ...keys.task(taskId), entity: 'Task', ...record } });
    };

    it('the one whose write lost to the other’s reassignment is told 409, and nothing more is written', async () => {
      // Both read the task assigned to amina; the other supervisor's reassignment to leila got in first.
      reads(task({ assignee: 'amina' }), task({ assignee: 'leila', version: 2 }));
      ddb.on(TransactWriteCommand).rejectsOnce(lost());

      const result = await callTask(reassignTask, 'POST', '/reassign', karim, { body: { assignee: 'youssef' } });

      expect(result.statusCode).toBe(409);
      expect(writes()).toHaveLength(1);
    });

    it('a write lost to another change (a reminder) with the same assignee is tried again: 200', async () => {
      reads(task({ assignee: 'amina' }), task({ assignee: 'amina', version: 2, escalatedAt: '2026-12-02T09:00:00.000Z' }));
      ddb.on(TransactWriteCommand).rejectsOnce(lost()).resolves({});

      const result = await callTask(reassignTask, 'POST', '/reassign', karim, { body: { assignee: 'youssef' } });

      expect(result.statusCode).toBe(200);
      expect(parse(result)).toMatchObject({ assignee: 'youssef' });
      expect(writes()).toHaveLength(2);
    });

    it('both asked for the same person: the second is told it is done (200, replayed)', async () => {
      reads(task({ assignee: 'amina' }), task({ assignee: 'youssef', version: 2 }));
      ddb.on(TransactWriteCommand).rejectsOnce(lost());

      const result = await callTask(reassignTask, 'POST', '/reassign', karim, { body: { assignee: 'youssef' } });

      expect(result.statusCode).toBe(200);
      expect(result.headers?.['idempotent-replayed']).toBe('true');
    });

    it('with the version the supervisor saw: the task changed since (the other’s reassignment) is a 409, nothing written', async () => {
      storedTask(ddb, task({ assignee: 'leila', version: 3 }));
      const result = await callTask(reassignTask, 'POST', '/reassign', karim, { body: { assignee: 'youssef', version: 2 } });
      expect(result.statusCode).toBe(409);
      expect(writes()).toHaveLength(0);
      storedTask(ddb, task({ assignee: 'leila', version: 3 }));
      expect((await callTask(reassignTask, 'POST', '/reassign', karim, { body: { assignee: 'youssef', version: 3 } })).statusCode).toBe(
        200,
      );
    });
  });
});
