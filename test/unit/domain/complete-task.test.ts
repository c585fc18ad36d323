// The completion use case with in-memory ports: retries, four eyes, what reaches the workflow.
import { describe, expect, it } from 'vitest';
import { completeTask, type TaskStore, type WorkflowCallbacks } from '../../../domain/tasks/complete-task.ts';
import type { TaskRecord } from '../../../domain/tasks/model.ts';
import { ActionForbidden, TaskConflict } from '../../../domain/errors.ts';

function setup(overrides: Partial<TaskRecord> = {}) {
  let task: TaskRecord = {
    taskId: 't1',
    caseId: 'c1',
    reference: 'AVRR-2026-000001',
    programme: 'avrr',
    step: 'approval',
    phase: 'return',
    roles: ['supervisor'],
    status: 'open',
    forbiddenActors: ['salma'],
    context: {},
    dueAt: '2026-12-10T00:00:00Z',
    createdAt: '2026-12-01T00:00:00Z',
    updatedAt: '2026-12-01T00:00:00Z',
    version: 1,
    ...overrides,
  };
  const sent: unknown[] = [];
  const claims: unknown[] = [];
  const actorKinds: string[] = [];
  const tasks: TaskStore = {
    getTask: async () => task,
    beginCompletion: async (t, decision, actor, at, claim, actorKind) => {
      claims.push(claim);
      actorKinds.push(actorKind);
      if (task.version !== t.version || task.status !== 'open') return false;
      task = { ...task, status: 'completing', decision, completedBy: actor, completedAt: at, version: task.version + 1 };
      return true;
    },
    finishCompletion: async () => {
      task = { ...task, status: 'completed', version: task.version + 1 };
    },
    markExpired: async () => undefined,
    taskToken: async () => 'token',
    sharesOfCase: async () => [],
    getCase: async () => undefined,
  };
  const workflows: WorkflowCallbacks = {
    sendSuccess: async (_token, output) => {
      sent.push(output);
      return 'delivered';
    },
  };
  return { deps: { tasks, workflows, now: () => new Date('2026-12-02T00:00:00Z') }, sent, claims, actorKinds, current: () => task };
}

const supervisor = (sub: string) => ({ sub, groups: ['supervisor' as const] });

describe('completing a human step', () => {
  it('the history names a partner association’s user as a partner, mission staff as staff', async () => {
    const partnerStep = {
      step: 'assistance-delivery',
      phase: 'reintegration',
      roles: ['caseworker' as const, 'partner' as const],
      partnerId: 'assoc-oujda',
      forbiddenActors: [],
    };
    const byPartner = setup(partnerStep);
    await completeTask(
      {
        taskId: 't1',
        decision: { outcome: 'delivered', deliveredOn: '2026-12-01' },
        actor: { sub: 'leila', groups: ['partner' as const], partnerId: 'assoc-oujda' },
        language: 'fr',
      },
      byPartner.deps,
    );
    expect(byPartner.actorKinds).toEqual(['partner']);
    const byStaff = setup(partnerStep);
    await completeTask(
      {
        taskId: 't1',
        decision: { outcome: 'delivered', deliveredOn: '2026-12-01' },
        actor: { sub: 'amina', groups: ['caseworker' as const] },
        language: 'fr',
      },
      byStaff.deps,
    );
    expect(byStaff.actorKinds).toEqual(['staff']);
  });

  it('a supervisor cannot approve a case they screened', async () => {
    const { deps } = setup();
    await expect(
      completeTask({ taskId: 't1', decision: { outcome: 'approved' }, actor: supervisor('salma'), language: 'fr' }, deps),
    ).rejects.toBeInstanceOf(ActionForbidden);
  });

  it('a retry of the same decision, however its text was padded, is answered again; another decision is a conflict', async () => {
    const { deps, sent } = setup();
    await completeTask(
      { taskId: 't1', decision: { outcome: 'rejected', reason: 'No counselling record.' }, actor: supervisor('karim'), language: 'fr' },
      deps,
    );
    const again = await completeTask(
      { taskId: 't1', decision: { outcome: 'rejected', reason: '  No counselling record.  ' }, actor: supervisor('karim'), language: 'fr' },
      deps,
    );
    expect(again.replayed).toBe(true);
    expect(sent).toHaveLength(1);
    await expect(
      completeTask({ taskId: 't1', decision: { outcome: 'approved' }, actor: supervisor('karim'), language: 'fr' }, deps),
    ).rejects.toBeInstanceOf(TaskConflict);
  });

  it('sends the workflow the outcome, not the free text', async () => {
    const { deps, sent } = setup();
    await completeTask(
      {
        taskId: 't1',
        decision: { outcome: 'rejected', reason: 'Family situation in Conakry unclear.' },
        actor: supervisor('karim'),
        language: 'fr',
      },
      deps,
    );
    expect(sent[0]).toMatchObject({ taskId: 't1', step: 'approval', decision: { outcome: 'rejected' }, completedBy: 'karim' });
    expect(JSON.stringify(sent[0])).not.toContain('Conakry');
  });
});

describe('a claimed step', () => {
  it('roles still rule, and another caseworker is refused while the step is claimed; nothing is written or sent', async () => {
    const { deps, sent, claims } = setup({ assignee: 'karim' });
    await expect(
      completeTask(
        { taskId: 't1', decision: { outcome: 'approved' }, actor: { sub: 'leila', groups: ['caseworker'] }, language: 'fr' },
        deps,
      ),
    ).rejects.toMatchObject({ reason: 'role' });
    const other = setup({ step: 'screening', roles: ['caseworker'], assignee: 'amina' });
    await expect(
      completeTask(
        {
          taskId: 't1',
          decision: { outcome: 'eligible', counsellingDone: true, fitToTravelCheckRequired: false, escortRequired: false },
          actor: { sub: 'youssef', groups: ['caseworker'] },
          language: 'fr',
        },
        other.deps,
      ),
    ).rejects.toMatchObject({ reason: 'claimed-by-other' });
    expect([...sent, ...other.sent, ...claims, ...other.claims]).toEqual([]);
  });

  it('its claimant completes it; a supervisor takes it over, and the store is told whose claim it was', async () => {
    const own = setup({ assignee: 'karim' });
    await completeTask({ taskId: 't1', decision: { outcome: 'approved' }, actor: supervisor('karim'), language: 'fr' }, own.deps);
    expect(own.claims).toEqual([{ kind: 'claimant' }]);

    const takeover = setup({ assignee: 'karim' });
    const { task } = await completeTask(
      { taskId: 't1', decision: { outcome: 'approved' }, actor: supervisor('leila'), language: 'fr' },
      takeover.deps,
    );
    expect(takeover.claims).toEqual([{ kind: 'takeover', from: 'karim' }]);
    expect(task).toMatchObject({ completedBy: 'leila', assignee: 'leila' });
  });
});
