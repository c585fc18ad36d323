// Races on one human step against DynamoDB Local: the same completion retried concurrently (a
// double click, a client retry), completions by different people at once, and a re-delivery whose
// token is already closed. Every caller is told the truth; a completed task never becomes expired.
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { getForm } from '../../domain/forms/index.ts';
import { submitForm } from '../../domain/intake/submit-form.ts';
import { openTask, type ReminderScheduler } from '../../domain/tasks/open-task.ts';
import { completeTask, type WorkflowCallbacks } from '../../domain/tasks/complete-task.ts';
import { DependencyUnavailable, TaskConflict } from '../../domain/errors.ts';
import { expireStep } from '../../domain/cases/case-actions.ts';
import type { TaskRecord } from '../../domain/tasks/model.ts';
import type { Caller } from '../../domain/access/roles.ts';
import { DynamoIntakeStore } from '../../functions/adapters/dynamodb/intake-store.ts';
import { DynamoTaskStore } from '../../functions/adapters/dynamodb/task-store.ts';
import { DynamoCaseReader } from '../../functions/adapters/dynamodb/case-reader.ts';
import { DynamoCaseStore } from '../../functions/adapters/dynamodb/case-store.ts';
import { freshTable } from '../support/table.ts';
import { localFieldCipher } from '../support/field-key.ts';
import { testNotice } from '../support/notice.ts';

let documentClient: DynamoDBDocumentClient;
let tableName: string;
let store: DynamoTaskStore;
let reader: DynamoCaseReader;
let cases: DynamoCaseStore;

let clock = new Date('2026-12-01T09:00:00Z');
const now = () => clock;
const scheduled: { taskId: string; kinds: string[] }[] = [];
const reminders: ReminderScheduler = {
  schedule: async (task, times) => {
    scheduled.push({ taskId: task.taskId, kinds: times.map((t) => t.kind) });
  },
};

/**
 * A workflow waiting on task tokens, as Step Functions answers: the first SendTaskSuccess of a token
 * is delivered, any later one finds it closed (TaskTimedOut / TaskDoesNotExist).
 */
function stepFunctions(): WorkflowCallbacks & { delivered: string[] } {
  const delivered: string[] = [];
  return {
    delivered,
    sendSuccess: async (token) => {
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 20));
      if (delivered.includes(token)) return 'closed';
      delivered.push(token);
      // The answer comes back a little later than the workflow moved on.
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 30));
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
  reader = new DynamoCaseReader(documentClient, tableName);
  cases = new DynamoCaseStore(documentClient, tableName);
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

type Answer = { task: TaskRecord; replayed: boolean } | Error;

async function concurrently(runs: (() => Promise<{ task: TaskRecord; replayed: boolean }>)[]): Promise<Answer[]> {
  const settled = await Promise.allSettled(runs.map((run) => run()));
  return settled.map((r): Answer => (r.status === 'fulfilled' ? r.value : (r.reason as Error)));
}

async function completedEvents(caseId: string, taskId: string) {
  const history = await reader.getHistory(caseId);
  return history.filter((e) => e.type === 'task.completed' && (e.details as { taskId?: string }).taskId === taskId);
}

describe('the same completion retried concurrently by the same caseworker', () => {
  it(
    'ten at once with the same decision: all answered 200 with the same task, one delivery, one history event, never expired',
    { timeout: 120_000 },
    async () => {
      for (let trial = 0; trial < 5; trial++) {
        const { caseId, taskId, token } = await caseWithScreening();
        const workflows = stepFunctions();
        const answers = await concurrently(
          Array.from(
            { length: 10 },
            () => () => completeTask({ taskId, decision: eligible, actor: amina, language: 'fr' }, { tasks: store, workflows, now }),
          ),
        );
        expect(answers.filter((a) => a instanceof Error).map((e) => e.message)).toEqual([]);
        const done = answers as { task: TaskRecord; replayed: boolean }[];
        expect(done.filter((a) => !a.replayed)).toHaveLength(1);
        for (const answer of done) expect(answer.task).toEqual(done[0]!.task);
        expect(workflows.delivered).toEqual([token]);
        const stored = await store.getTask(taskId);
        expect(stored).toMatchObject({ status: 'completed', completedBy: 'amina', version: done[0]!.task.version });
        expect(await completedEvents(caseId, taskId)).toHaveLength(1);
        expect(await store.tasksOfCase(caseId)).toEqual([expect.objectContaining({ taskId, status: 'completed' })]);
      }
    },
  );

  it('another decision at the same time is a 409; the first stands', async () => {
    const { caseId, taskId } = await caseWithScreening();
    const workflows = stepFunctions();
    const ineligible = { outcome: 'ineligible', reason: 'Outside the programme.' };
    const answers = await concurrently([
      () => completeTask({ taskId, decision: eligible, actor: amina, language: 'fr' }, { tasks: store, workflows, now }),
      () => completeTask({ taskId, decision: ineligible, actor: amina, language: 'fr' }, { tasks: store, workflows, now }),
    ]);
    const conflicts = answers.filter((a) => a instanceof TaskConflict);
    expect(conflicts).toHaveLength(1);
    const stored = await store.getTask(taskId);
    expect(stored?.status).toBe('completed');
    expect((answers.find((a) => !(a instanceof Error)) as { task: TaskRecord }).task.decision).toEqual(stored?.decision);
    expect(await completedEvents(caseId, taskId)).toHaveLength(1);
  });
});

describe('completions by different caseworkers at once', () => {
  it('exactly one is answered 200, the others 409', async () => {
    const { caseId, taskId } = await caseWithScreening();
    const workflows = stepFunctions();
    const callers: Caller[] = [amina, youssef, { sub: 'leila', groups: ['caseworker'] }, { sub: 'omar', groups: ['caseworker'] }];
    const answers = await concurrently(
      callers.map((actor) => () => completeTask({ taskId, decision: eligible, actor, language: 'fr' }, { tasks: store, workflows, now })),
    );
    expect(answers.filter((a) => !(a instanceof Error))).toHaveLength(1);
    expect(answers.filter((a) => a instanceof TaskConflict)).toHaveLength(3);
    expect((await store.getTask(taskId))?.status).toBe('completed');
    expect(await completedEvents(caseId, taskId)).toHaveLength(1);
  });
});

describe('a completed task is never expired', () => {
  it('the step timing out after the decision was marked completed leaves it completed', async () => {
    const { caseId, taskId } = await caseWithScreening();
    await completeTask({ taskId, decision: eligible, actor: amina, language: 'fr' }, { tasks: store, workflows: stepFunctions(), now });
    expect((await store.getTask(taskId))?.status).toBe('completed');

    await expireStep({ caseId, step: 'screening' }, { store: cases, now });

    expect((await store.getTask(taskId))?.status).toBe('completed');
    expect((await reader.getHistory(caseId)).some((e) => e.type === 'task.expired')).toBe(false);
  });

  it('a completion told "closed" never expires the task: 503, the task stays completing', async () => {
    const { caseId, taskId } = await caseWithScreening();
    const workflows: WorkflowCallbacks = { sendSuccess: async () => 'closed' };
    await expect(
      completeTask(
        { taskId, decision: eligible, actor: amina, language: 'fr' },
        { tasks: store, workflows, now, pause: async () => undefined },
      ),
    ).rejects.toBeInstanceOf(DependencyUnavailable);
    expect((await store.getTask(taskId))?.status).toBe('completing');
    expect((await reader.getHistory(caseId)).some((e) => e.type === 'task.expired')).toBe(false);
  });

  it('a step that really timed out expires its task still completing (the decision never reached the workflow), once', async () => {
    const { caseId, taskId } = await caseWithScreening();
    const workflows: WorkflowCallbacks = { sendSuccess: async () => 'closed' };
    await completeTask(
      { taskId, decision: eligible, actor: amina, language: 'fr' },
      { tasks: store, workflows, now, pause: async () => undefined },
    ).catch(() => undefined);
    expect((await store.getTask(taskId))?.status).toBe('completing');

    await expireStep({ caseId, step: 'screening' }, { store: cases, now });
    await expireStep({ caseId, step: 'screening' }, { store: cases, now });

    expect((await store.getTask(taskId))?.status).toBe('expired');
    expect((await reader.getHistory(caseId)).filter((e) => e.type === 'task.timed-out')).toHaveLength(2);
    // A retry of the decision then is told the truth: no longer awaited.
    await expect(
      completeTask({ taskId, decision: eligible, actor: amina, language: 'fr' }, { tasks: store, workflows, now }),
    ).rejects.toBeInstanceOf(TaskConflict);
  });
});
