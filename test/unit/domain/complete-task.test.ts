// The completion use case with in-memory ports: retries, four eyes, what reaches the workflow.
import { describe, expect, it } from 'vitest';
import { completeTask, type TaskStore, type WorkflowCallbacks } from '../../../domain/tasks/complete-task.ts';
import type { TaskRecord } from '../../../domain/tasks/model.ts';
import { ActionForbidden, DecisionInvalid, DependencyUnavailable, TaskConflict } from '../../../domain/errors.ts';
import { allSteps } from '../../../domain/tasks/steps.ts';
import { LANGUAGES } from '../../../domain/i18n/index.ts';

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
      task = {
        ...task,
        status: 'completing',
        decision,
        completedBy: actor,
        completedByKind: actorKind,
        completedAt: at,
        updatedAt: at,
        version: task.version + 1,
      };
      return true;
    },
    // As the DynamoDB store: conditional on the version read (and on the status).
    finishCompletion: async (t, at) => {
      if (task.version !== t.version || task.status !== 'completing') return false;
      task = { ...task, status: 'completed', updatedAt: at, version: task.version + 1 };
      return true;
    },
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
  return {
    deps: { tasks, workflows, now: () => new Date('2026-12-02T00:00:00Z'), pause: async () => undefined },
    sent,
    claims,
    actorKinds,
    current: () => task,
    /** A write by someone else (the step's timeout path). */
    put: (next: TaskRecord) => {
      task = next;
    },
  };
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

const rejection = async (run: Promise<unknown>): Promise<DecisionInvalid> => {
  const error = await run.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DecisionInvalid);
  return error as DecisionInvalid;
};

describe('every field error at once', () => {
  const progressTask = {
    step: 'youth-track-progress',
    phase: 'youth',
    programme: 'youth-employability',
    roles: ['partner' as const, 'caseworker' as const, 'supervisor' as const],
    forbiddenActors: [],
    context: { enrolmentDate: '2026-11-20', softSkillsBeforeOn: null },
  };
  const caseworker = { sub: 'amina', groups: ['caseworker' as const] };

  it('a decision failing its schema still has its context rules checked: a wrong evidence kind and a date in the future, in one 422, in every language', async () => {
    for (const language of LANGUAGES) {
      const { deps, sent } = setup(progressTask);
      const decision = { outcome: 'milestone', milestone: { type: 'training-started', date: '2026-12-20', evidence: { kind: 'rumour' } } };
      const error = await rejection(completeTask({ taskId: 't1', decision, actor: caseworker, language }, deps));
      expect(error.errors.map((e) => [e.pointer, e.code]).sort()).toEqual(
        [
          ['/milestone/date', 'date_in_future'],
          ['/milestone/evidence/kind', 'invalid_value'],
        ].sort(),
      );
      for (const e of error.errors) expect(e.message.length).toBeGreaterThan(0);
      expect(sent).toEqual([]);
    }
  });

  it('a field the schema already reports is not reported twice', async () => {
    const { deps } = setup(progressTask);
    const decision = { outcome: 'milestone', milestone: { type: 'training-started', date: '2026-99-99', evidence: { kind: 'rumour' } } };
    const error = await rejection(completeTask({ taskId: 't1', decision, actor: caseworker, language: 'en' }, deps));
    expect(error.errors.filter((e) => e.pointer === '/milestone/date')).toHaveLength(1);
    expect(error.errors.find((e) => e.pointer === '/milestone/date')!.code).not.toBe('date_in_future');
  });

  it('a reintegration plan over its ceiling with a malformed item: both reported, the total counting only the amounts given', async () => {
    const { deps } = setup({
      step: 'reintegration-plan',
      phase: 'reintegration',
      roles: ['caseworker'],
      forbiddenActors: [],
      context: { budgetCeilingEUR: 1000 },
    });
    const decision = {
      outcome: 'proposed',
      items: [
        { category: 'business', description: 'Workshop', amountEUR: 1500 },
        { category: 'business', amountEUR: '900' },
      ],
    };
    const error = await rejection(completeTask({ taskId: 't1', decision, actor: caseworker, language: 'en' }, deps));
    const budget = error.errors.find((e) => e.code === 'budget_exceeded');
    expect(budget?.message).toBe("The plan totals 1500 EUR, over this household's ceiling of 1000 EUR.");
    expect(error.errors.some((e) => e.pointer.startsWith('/items/1/'))).toBe(true);
  });

  it.each(
    allSteps()
      .filter((s) => s.checkInContext)
      .map((s) => [s.step]),
  )('%s: a malformed decision is a 422, never an error of the context rules', async (stepId) => {
    const malformed: unknown[] = [
      null,
      'approved',
      [],
      {},
      { outcome: 42 },
      { outcome: 'milestone', milestone: 'soon', items: 'many', actions: 'x', activities: [null], instrumentVersion: {} },
      { outcome: 'recorded', activities: [null, 3] },
      { outcome: 'proposed', items: [null, { amountEUR: 'x' }], actions: [null] },
      { outcome: 'exit', exit: null, situation: 'x' },
    ];
    for (const decision of malformed) {
      const { deps } = setup({ step: stepId, roles: ['caseworker', 'supervisor', 'partner'], forbiddenActors: [], context: {} });
      await rejection(completeTask({ taskId: 't1', decision, actor: caseworker, language: 'fr' }, deps));
    }
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

describe('the same completion retried concurrently (a double click, a client retry)', () => {
  const approve = (sub: string, decision: Record<string, unknown> = { outcome: 'approved' }) => ({
    taskId: 't1',
    decision,
    actor: supervisor(sub),
    language: 'fr' as const,
  });
  const settled = (runs: Promise<{ task: TaskRecord; replayed: boolean }>[]): Promise<unknown[]> =>
    Promise.allSettled(runs).then((results) => results.map((r): unknown => (r.status === 'fulfilled' ? r.value : r.reason)));

  it('every caller of the same decision by the same person is answered 200 with the same task, one of them first; the workflow gets it', async () => {
    const { deps, sent, current } = setup();
    const answers = await settled([1, 2, 3, 4, 5].map(() => completeTask(approve('karim'), deps)));
    for (const answer of answers) expect(answer).not.toBeInstanceOf(Error);
    const done = answers as { task: TaskRecord; replayed: boolean }[];
    expect(done.filter((a) => !a.replayed)).toHaveLength(1);
    for (const a of done) expect(a.task).toEqual(done[0]!.task);
    expect(done[0]!.task).toMatchObject({ status: 'completed', completedBy: 'karim', version: 3 });
    expect(current()).toMatchObject({ status: 'completed', version: 3 });
    expect(sent.length).toBeGreaterThanOrEqual(1);
  });

  it('another decision or another person at the same time is a 409, and the first decision stands', async () => {
    const { deps, current } = setup();
    const answers = await settled([
      completeTask(approve('karim'), deps),
      completeTask(approve('karim', { outcome: 'rejected', reason: 'No record.' }), deps),
      completeTask(approve('leila'), deps),
    ]);
    expect(answers[0]).toMatchObject({ replayed: false });
    expect(answers[1]).toBeInstanceOf(TaskConflict);
    expect(answers[2]).toBeInstanceOf(TaskConflict);
    expect(current()).toMatchObject({ status: 'completed', completedBy: 'karim', decision: { outcome: 'approved' } });
  });

  it('a retry whose delivery is answered "closed" because the first one got there: 200 once the first is marked completed; never expired', async () => {
    const first = setup();
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let calls = 0;
    // The first delivery reaches the workflow, its answer is slow; the retry's then finds the token closed.
    first.deps.workflows.sendSuccess = async (_token, output) => {
      first.sent.push(output);
      if (++calls === 1) {
        await held;
        return 'delivered';
      }
      return 'closed';
    };
    let pauses = 0;
    first.deps.pause = async () => {
      if (++pauses === 2) release();
    };
    const winner = completeTask(approve('karim'), first.deps);
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(first.current().status).toBe('completing');
    const retry = await completeTask(approve('karim'), first.deps);
    const won = await winner;
    expect(retry).toMatchObject({ replayed: true });
    expect(retry.task).toEqual(won.task);
    expect(first.current().status).toBe('completed');
  });

  it('the first caller told "closed" because a concurrent retry delivered first is answered 200 as well', async () => {
    const { deps, current } = setup();
    let calls = 0;
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    deps.workflows.sendSuccess = async () => {
      // The first caller's delivery is slow and finds the token already used by the retry's.
      if (++calls === 1) {
        await held;
        return 'closed';
      }
      release();
      return 'delivered';
    };
    const winner = completeTask(approve('karim'), deps);
    await new Promise((resolve) => setTimeout(resolve, 0));
    const retry = await completeTask(approve('karim'), deps);
    const won = await winner;
    expect(won).toMatchObject({ replayed: false });
    expect(retry.task).toEqual(won.task);
    expect(current().status).toBe('completed');
  });

  it('a slow deliverer is never expired by a retry told "closed": the retry gets 503 (not known yet), the deliverer 200', async () => {
    const { deps, current } = setup();
    let calls = 0;
    deps.workflows.sendSuccess = async () => (++calls === 1 ? 'delivered' : 'closed');
    // The first caller's decision reached the workflow; its write of 'completed' is slow.
    const finish = deps.tasks.finishCompletion.bind(deps.tasks);
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    deps.tasks = {
      ...deps.tasks,
      finishCompletion: async (...args) => {
        await held;
        return finish(...args);
      },
    };
    const winner = completeTask(approve('karim'), deps);
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(current().status).toBe('completing');
    const retry = await completeTask(approve('karim'), deps).catch((error: unknown) => error);
    expect(retry).toBeInstanceOf(DependencyUnavailable);
    expect(retry).toMatchObject({ retryAfterSeconds: 5 });
    expect(current().status).toBe('completing');
    release();
    await expect(winner).resolves.toMatchObject({ replayed: false, task: { status: 'completed' } });
    expect(current().status).toBe('completed');
  });

  it('"closed" and still completing after the bounded wait, begun a moment ago: 503 and nothing written', async () => {
    const { deps, current } = setup();
    deps.workflows.sendSuccess = async () => 'closed';
    const before = { ...current() };
    await expect(completeTask(approve('karim'), deps)).rejects.toBeInstanceOf(DependencyUnavailable);
    // Only the decision's begin was written; the task is not expired, nor completed.
    expect(current()).toMatchObject({ status: 'completing', version: before.version + 1 });
  });

  it('"closed" on a completing task begun longer ago than any deliverer lives, not expired by the timeout path: it was delivered, 200', async () => {
    const { deps, current } = setup({
      status: 'completing',
      decision: { outcome: 'approved' },
      completedBy: 'karim',
      completedByKind: 'staff',
      completedAt: '2026-12-01T23:49:00.000Z',
      version: 2,
    });
    deps.workflows.sendSuccess = async () => 'closed';
    const answer = await completeTask(approve('karim'), deps);
    expect(answer).toMatchObject({ replayed: true, task: { status: 'completed', completedBy: 'karim', version: 3 } });
    expect(current()).toMatchObject({ status: 'completed', completedAt: '2026-12-01T23:49:00.000Z' });
  });

  it('"closed" and the step\'s timeout path expired the task meanwhile: 409, still expired', async () => {
    const { deps, current, put } = setup();
    deps.workflows.sendSuccess = async () => {
      put({ ...current(), status: 'expired', version: current().version + 1 });
      return 'closed';
    };
    await expect(completeTask(approve('karim'), deps)).rejects.toMatchObject({ reason: 'no-longer-awaited' });
    expect(current().status).toBe('expired');
  });

  it('"closed" and completed meanwhile by another person\'s decision: 409', async () => {
    const { deps, current, put } = setup();
    deps.workflows.sendSuccess = async () => {
      put({ ...current(), status: 'completed', completedBy: 'leila', version: current().version + 1 });
      return 'closed';
    };
    await expect(completeTask(approve('karim'), deps)).rejects.toBeInstanceOf(TaskConflict);
  });

  it('delivered, but the task expired before it was marked completed (the timeout path won): 409, never 200', async () => {
    const { deps, current, put } = setup();
    deps.workflows.sendSuccess = async () => {
      put({ ...current(), status: 'expired', version: current().version + 1 });
      return 'delivered';
    };
    await expect(completeTask(approve('karim'), deps)).rejects.toMatchObject({ reason: 'no-longer-awaited' });
    expect(current().status).toBe('expired');
  });

  it('a delivery whose outcome is not known (timeout, network): 503, nothing more written, the task stays completing', async () => {
    const { deps, current } = setup();
    deps.workflows.sendSuccess = async () => {
      throw new DependencyUnavailable('workflows');
    };
    await expect(completeTask(approve('karim'), deps)).rejects.toBeInstanceOf(DependencyUnavailable);
    expect(current().status).toBe('completing');
  });

  it('a lost write on a task changed meanwhile (a reminder) is tried again', async () => {
    const { deps, current } = setup();
    const store = deps.tasks;
    const begin = store.beginCompletion.bind(store);
    let first = true;
    deps.tasks = {
      ...store,
      beginCompletion: async (...args) => {
        if (first) {
          first = false;
          return false;
        }
        return begin(...args);
      },
    };
    const { replayed } = await completeTask(approve('karim'), deps);
    expect(replayed).toBe(false);
    expect(current().status).toBe('completed');
  });
});
