// Human steps against DynamoDB Local: a task opened for a submitted case goes through the work
// queues, is claimed and completed exactly once, escalates to supervisors, and is cancelled with
// its case.
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { getForm } from '../../domain/forms/index.ts';
import { submitForm } from '../../domain/intake/submit-form.ts';
import { openTask, type ReminderScheduler } from '../../domain/tasks/open-task.ts';
import { completeTask, type WorkflowCallbacks } from '../../domain/tasks/complete-task.ts';
import { sendTaskReminder } from '../../domain/tasks/remind.ts';
import { closeCase } from '../../domain/cases/case-actions.ts';
import { TaskConflict } from '../../domain/errors.ts';
import type { Caller } from '../../domain/access/roles.ts';
import { DynamoIntakeStore } from '../../functions/adapters/dynamodb/intake-store.ts';
import { DynamoTaskStore } from '../../functions/adapters/dynamodb/task-store.ts';
import { DynamoCaseStore } from '../../functions/adapters/dynamodb/case-store.ts';
import { DynamoCaseReader } from '../../functions/adapters/dynamodb/case-reader.ts';
import { DynamoWorkQueues } from '../../functions/adapters/dynamodb/work-queues.ts';
import { freshTable } from '../support/table.ts';
import { localFieldCipher } from '../support/field-key.ts';
import { testNotice } from '../support/notice.ts';

let documentClient: DynamoDBDocumentClient;
let tableName: string;
let store: DynamoTaskStore;
let cases: DynamoCaseStore;
let queues: DynamoWorkQueues;
let reader: DynamoCaseReader;

let clock = new Date('2026-12-01T09:00:00Z');
const now = () => clock;
const scheduled: { taskId: string; kinds: string[] }[] = [];
const reminders: ReminderScheduler = {
  schedule: async (task, times) => {
    scheduled.push({ taskId: task.taskId, kinds: times.map((t) => t.kind) });
  },
};

/** A workflow waiting on task tokens: records every decision it receives. */
function fakeWorkflow(): WorkflowCallbacks & { received: { token: string; output: unknown }[] } {
  const received: { token: string; output: unknown }[] = [];
  return {
    received,
    sendSuccess: async (token, output) => {
      received.push({ token, output });
      return 'delivered';
    },
  };
}

const amina: Caller = { sub: 'amina', groups: ['caseworker'] };
const youssef: Caller = { sub: 'youssef', groups: ['caseworker'] };
const eligible = { outcome: 'eligible', counsellingDone: true, fitToTravelCheckRequired: false, escortRequired: false };

beforeAll(async () => {
  ({ tableName, documentClient } = await freshTable());
  store = new DynamoTaskStore(documentClient, tableName);
  cases = new DynamoCaseStore(documentClient, tableName, localFieldCipher());
  queues = new DynamoWorkQueues(documentClient, tableName);
  reader = new DynamoCaseReader(documentClient, tableName);
});

beforeEach(() => {
  clock = new Date('2026-12-01T09:00:00Z');
});

/** A submitted AVRR case with its screening task open, as the return workflow leaves it. */
async function caseWithScreening(): Promise<{ caseId: string; taskId: string; token: string }> {
  const body = getForm('avrr-application')!.examples[0];
  const { receipt } = await submitForm(
    {
      formId: 'avrr-application',
      rawBody: JSON.stringify(body),
      body,
      idempotencyKey: `it-${randomUUID()}`,
      language: 'fr',
      notice: testNotice,
    },
    { store: new DynamoIntakeStore(documentClient, tableName, localFieldCipher()), now },
  );
  const token = `token-${randomUUID()}`;
  const { taskId } = await openTask(
    {
      token,
      stateEntry: `arn:execution:${receipt.caseId}-return#Screening#${clock.toISOString()}`,
      caseId: receipt.caseId,
      phase: 'return',
      step: 'screening',
    },
    { store, reminders, now },
  );
  return { caseId: receipt.caseId, taskId, token };
}

async function inQueue(kind: 'ROLE' | 'USER' | 'PARTNER', id: string, taskId: string): Promise<boolean> {
  const ids: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await queues.tasks(kind, id, { limit: 100, ...(cursor ? { cursor } : {}) });
    ids.push(...page.items.map((item) => item.taskId));
    cursor = page.next;
  } while (cursor);
  return ids.includes(taskId);
}

describe('a screening task for a submitted case', () => {
  it('opens once, moves the case to the screening stage, schedules its reminders and appears in the caseworkers’ queue', async () => {
    const { caseId, taskId } = await caseWithScreening();

    const task = await store.getTask(taskId);
    expect(task).toMatchObject({
      caseId,
      step: 'screening',
      status: 'open',
      roles: ['caseworker'],
      dueAt: '2026-12-08T09:00:00.000Z',
      version: 1,
    });
    expect(task).not.toHaveProperty('token');
    expect((await reader.getCase(caseId))?.stage).toBe('screening');
    expect(scheduled.find((s) => s.taskId === taskId)?.kinds).toEqual(['due-soon', 'overdue', 'escalation']);
    expect(await inQueue('ROLE', 'caseworker', taskId)).toBe(true);
    expect(await inQueue('ROLE', 'supervisor', taskId)).toBe(false);
    expect(await store.tasksOfCase(caseId)).toEqual([{ taskId, step: 'screening', status: 'open', dueAt: '2026-12-08T09:00:00.000Z' }]);
  });

  it('a retried invocation of the same step finds the same task and only refreshes the token', async () => {
    const { caseId, taskId } = await caseWithScreening();
    const again = await openTask(
      {
        token: 'refreshed',
        stateEntry: `arn:execution:${caseId}-return#Screening#2026-12-01T09:00:00.000Z`,
        caseId,
        phase: 'return',
        step: 'screening',
      },
      { store, reminders, now },
    );
    expect(again).toEqual({ taskId, created: false });
    expect(await store.taskToken(taskId)).toBe('refreshed');
  });

  it('is claimed into the caseworker’s own queue, then completed: the workflow gets the decision once and the queues forget the task', async () => {
    const { caseId, taskId, token } = await caseWithScreening();
    const task = (await store.getTask(taskId))!;

    clock = new Date('2026-12-02T10:00:00Z');
    const claimed = await store.assignTask(task, 'amina', clock.toISOString(), {
      caseId,
      eventId: randomUUID(),
      at: clock.toISOString(),
      type: 'task.claimed',
      actor: { kind: 'staff', id: 'amina' },
      details: { taskId },
    });
    expect(claimed).toBe(true);
    expect(await inQueue('USER', 'amina', taskId)).toBe(true);
    // A second claim from the version read before is refused by the condition.
    expect(
      await store.assignTask(task, 'youssef', clock.toISOString(), {
        caseId,
        eventId: randomUUID(),
        at: clock.toISOString(),
        type: 'task.claimed',
        actor: { kind: 'staff', id: 'youssef' },
        details: { taskId },
      }),
    ).toBe(false);

    const workflow = fakeWorkflow();
    clock = new Date('2026-12-03T11:00:00Z');
    const { task: completed, replayed } = await completeTask(
      { taskId, decision: eligible, actor: amina, language: 'fr' },
      { tasks: store, workflows: workflow, now },
    );

    expect(replayed).toBe(false);
    expect(completed.status).toBe('completed');
    expect(workflow.received).toHaveLength(1);
    expect(workflow.received[0]).toMatchObject({ token, output: { taskId, step: 'screening', decision: eligible, completedBy: 'amina' } });
    expect(await store.getTask(taskId)).toMatchObject({
      status: 'completed',
      completedBy: 'amina',
      decision: eligible,
      completedAt: '2026-12-03T11:00:00.000Z',
    });
    expect(await inQueue('ROLE', 'caseworker', taskId)).toBe(false);
    expect(await inQueue('USER', 'amina', taskId)).toBe(false);
    expect((await store.tasksOfCase(caseId))[0]?.status).toBe('completed');
    const types = (await reader.getHistory(caseId)).map((event) => event.type);
    expect(types).toEqual(expect.arrayContaining(['case.submitted', 'task.opened', 'task.claimed', 'task.completed']));

    // The same person retrying the same decision: answered again, not delivered again.
    const retry = await completeTask(
      { taskId, decision: eligible, actor: amina, language: 'fr' },
      { tasks: store, workflows: workflow, now },
    );
    expect(retry.replayed).toBe(true);
    expect(workflow.received).toHaveLength(1);
  });

  it('two caseworkers completing at the same moment: exactly one succeeds, the other gets TaskConflict, the workflow hears once', async () => {
    const { taskId } = await caseWithScreening();
    const workflow = fakeWorkflow();

    const results = await Promise.allSettled([
      completeTask({ taskId, decision: eligible, actor: amina, language: 'fr' }, { tasks: store, workflows: workflow, now }),
      completeTask(
        { taskId, decision: { outcome: 'ineligible', reason: 'Holds a valid residence permit.' }, actor: youssef, language: 'fr' },
        { tasks: store, workflows: workflow, now },
      ),
    ]);

    const fulfilled = results.filter((r) => r.status === 'fulfilled');
    const rejected = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(fulfilled).toHaveLength(1);
    expect(rejected).toHaveLength(1);
    expect(rejected[0]!.reason).toBeInstanceOf(TaskConflict);
    expect(workflow.received).toHaveLength(1);
    const stored = (await store.getTask(taskId))!;
    expect(stored.status).toBe('completed');
    expect((workflow.received[0]!.output as { completedBy: string }).completedBy).toBe(stored.completedBy);
  });

  it('escalation after the missed due date puts the task in the supervisors’ queue, once', async () => {
    const { caseId, taskId } = await caseWithScreening();
    clock = new Date('2026-12-11T09:00:00Z');

    expect(await sendTaskReminder({ taskId, kind: 'escalation' }, { store, now })).toBe('sent');
    expect(await sendTaskReminder({ taskId, kind: 'escalation' }, { store, now })).toBe('skipped');

    expect(await store.getTask(taskId)).toMatchObject({ escalatedAt: '2026-12-11T09:00:00.000Z', roles: ['caseworker', 'supervisor'] });
    expect(await inQueue('ROLE', 'supervisor', taskId)).toBe(true);
    expect(await inQueue('ROLE', 'caseworker', taskId)).toBe(true);
    expect((await reader.getHistory(caseId)).filter((event) => event.type === 'task.escalated')).toHaveLength(1);

    // A supervisor may now complete it, and completing removes it from both queues.
    await completeTask(
      { taskId, decision: eligible, actor: { sub: 'karim', groups: ['supervisor'] }, language: 'fr' },
      { tasks: store, workflows: fakeWorkflow(), now },
    );
    expect(await inQueue('ROLE', 'supervisor', taskId)).toBe(false);
    expect(await inQueue('ROLE', 'caseworker', taskId)).toBe(false);
  });

  it('closing the case cancels its open task and removes it from every queue', async () => {
    const { caseId, taskId } = await caseWithScreening();
    const task = (await store.getTask(taskId))!;
    await store.assignTask(task, 'amina', clock.toISOString(), {
      caseId,
      eventId: randomUUID(),
      at: clock.toISOString(),
      type: 'task.claimed',
      actor: { kind: 'staff', id: 'amina' },
      details: { taskId },
    });

    await closeCase({ caseId, reason: 'withdrawn', actor: { kind: 'staff', id: 'amina' } }, { store: cases, now });

    expect(await store.getTask(taskId)).toMatchObject({ status: 'cancelled' });
    expect(await inQueue('ROLE', 'caseworker', taskId)).toBe(false);
    expect(await inQueue('USER', 'amina', taskId)).toBe(false);
    expect(await store.tasksOfCase(caseId)).toEqual([expect.objectContaining({ taskId, status: 'cancelled' })]);
    expect(await reader.getCase(caseId)).toMatchObject({ status: 'closed', stage: 'closed', closureReason: 'withdrawn' });
    await expect(
      completeTask({ taskId, decision: eligible, actor: amina, language: 'fr' }, { tasks: store, workflows: fakeWorkflow(), now }),
    ).rejects.toBeInstanceOf(TaskConflict);
  });
});

describe('queue pages against DynamoDB', () => {
  it('pages through a queue with cursors, earliest due first, without skipping or repeating, and filters by programme', async () => {
    const opened = [];
    for (let i = 0; i < 5; i++) {
      clock = new Date(Date.UTC(2026, 11, 1 + i, 9));
      opened.push(await caseWithScreening());
    }
    const mine = new Set(opened.map((o) => o.taskId));
    const seen: { taskId: string; dueAt: string }[] = [];
    let cursor: string | undefined;
    do {
      const page = await queues.tasks('ROLE', 'caseworker', { limit: 2, programme: 'avrr', ...(cursor ? { cursor } : {}) });
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items);
      cursor = page.next;
    } while (cursor);
    const ours = seen.filter((entry) => mine.has(entry.taskId));
    expect(ours.map((entry) => entry.taskId)).toEqual(opened.map((o) => o.taskId));
    expect(new Set(seen.map((entry) => entry.taskId)).size).toBe(seen.length);
    const dues = seen.map((entry) => entry.dueAt);
    expect([...dues].sort()).toEqual(dues);
    expect((await queues.tasks('ROLE', 'caseworker', { limit: 10, programme: 'protection' })).items).toEqual([]);
  });

  it('lists the cases of a programme at a stage, oldest first', async () => {
    const { caseId } = await caseWithScreening();
    const all = [];
    let cursor: string | undefined;
    do {
      const page = await queues.cases('avrr', 'screening', { limit: 3, ...(cursor ? { cursor } : {}) });
      all.push(...page.items);
      cursor = page.next;
    } while (cursor);
    expect(all.map((c) => c.caseId)).toContain(caseId);
    const updated = all.map((c) => c.updatedAt);
    expect([...updated].sort()).toEqual(updated);
    expect((await queues.partnerCases('assoc-none', 'avrr', 'screening', { limit: 100, now: clock })).items).toEqual([]);
  });
});
