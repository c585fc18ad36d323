// The BID gate on an AVRR approval: an unaccompanied or separated child's return is refused without a
// recorded best interests determination, checked against the case (and the case it was referred
// from) as they are when the approval is given.
import { describe, expect, it } from 'vitest';
import { completeTask, type TaskStore } from '../../../domain/tasks/complete-task.ts';
import type { TaskRecord } from '../../../domain/tasks/model.ts';
import type { CaseRecord } from '../../../domain/cases/model.ts';
import { DecisionRefused } from '../../../domain/errors.ts';
import { toHttpProblem } from '../../../functions/commons/problems.ts';
import { problemDetail } from '../../../domain/i18n/index.ts';

const avrrCase = (facts: Record<string, unknown>, links: CaseRecord['links'] = []): CaseRecord => ({
  caseId: 'avrr-1',
  reference: 'AVRR-2026-000009',
  programme: 'avrr',
  caseType: 'avrr',
  formId: 'protection-referral',
  formVersion: 1,
  stage: 'approval',
  status: 'open',
  facts,
  createdAt: '2026-12-01T00:00:00Z',
  updatedAt: '2026-12-01T00:00:00Z',
  version: 3,
  links,
});

const protectionCase = (bestInterests?: Record<string, unknown>): CaseRecord => ({
  ...avrrCase({ isChild: true, childNeedsBid: true, ...(bestInterests ? { bestInterests } : {}) }),
  caseId: 'prot-1',
  reference: 'PROT-2026-000001',
  programme: 'protection',
  caseType: 'protection',
  links: [{ caseId: 'avrr-1', programme: 'avrr', relation: 'referred-to' }],
});

function setup(cases: Map<string, CaseRecord>) {
  const task: TaskRecord = {
    taskId: 't1',
    caseId: 'avrr-1',
    reference: 'AVRR-2026-000009',
    programme: 'avrr',
    step: 'approval',
    phase: 'return',
    roles: ['supervisor'],
    status: 'open',
    forbiddenActors: [],
    context: {},
    dueAt: '2026-12-10T00:00:00Z',
    createdAt: '2026-12-01T00:00:00Z',
    updatedAt: '2026-12-01T00:00:00Z',
    version: 1,
  };
  const sent: unknown[] = [];
  const tasks: TaskStore = {
    getTask: async () => task,
    beginCompletion: async () => true,
    finishCompletion: async () => true,
    taskToken: async () => 'token',
    sharesOfCase: async () => [],
    getCase: async (caseId) => cases.get(caseId),
  };
  const deps = {
    tasks,
    workflows: {
      sendSuccess: async (_token: string, output: unknown) => {
        sent.push(output);
        return 'delivered' as const;
      },
    },
    now: () => new Date('2026-12-02T00:00:00Z'),
  };
  const approve = (decision: Record<string, unknown> = { outcome: 'approved' }) =>
    completeTask({ taskId: 't1', decision, actor: { sub: 'karim', groups: ['supervisor'] }, language: 'en' }, deps);
  return { approve, sent };
}

const linkedFrom: CaseRecord['links'] = [{ caseId: 'prot-1', programme: 'protection', relation: 'referred-from' }];

describe('the best-interests gate of an AVRR approval', () => {
  it('refuses a child’s return without a recorded BID (409, localized), and nothing reaches the workflow', async () => {
    const cases = new Map([
      ['avrr-1', avrrCase({ isChild: true, childNeedsBid: true }, linkedFrom)],
      ['prot-1', protectionCase()],
    ]);
    const { approve, sent } = setup(cases);
    const refused = await approve().catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(DecisionRefused);
    const problem = toHttpProblem(refused)!;
    expect(problem.status).toBe(409);
    expect(problemDetail(problem.problem, 'en')).toMatch(/best interests determination/);
    expect(problemDetail(problem.problem, 'fr')).toMatch(/intérêt supérieur/);
    expect(sent).toEqual([]);
  });

  it('approves once the BID is recorded on the linked protection case, after the approval task opened', async () => {
    const cases = new Map([
      ['avrr-1', avrrCase({ isChild: true, childNeedsBid: true }, linkedFrom)],
      ['prot-1', protectionCase()],
    ]);
    const { approve, sent } = setup(cases);
    await expect(approve()).rejects.toBeInstanceOf(DecisionRefused);
    cases.set('prot-1', protectionCase({ bidRecordedAt: '2026-12-02T00:00:00Z', bidRecommendation: 'repatriation' }));
    await expect(approve()).resolves.toMatchObject({ replayed: false });
    expect(sent).toHaveLength(1);
  });

  it('a BID recorded on the AVRR case itself counts; an adult, a rejection and a child with a guardian pass', async () => {
    for (const [facts, decision] of [
      [{ isChild: true, childNeedsBid: true, bestInterests: { bidRecordedAt: '2026-12-01T00:00:00Z' } }, { outcome: 'approved' }],
      [{ isChild: false }, { outcome: 'approved' }],
      [
        { isChild: true, childNeedsBid: true },
        { outcome: 'rejected', reason: 'No BID yet.' },
      ],
      [{ isChild: true, childNeedsBid: false, hasGuardian: true }, { outcome: 'approved' }],
    ] as const) {
      const { approve } = setup(new Map([['avrr-1', avrrCase(facts)]]));
      await expect(approve(decision)).resolves.toMatchObject({ replayed: false });
    }
  });

  it('a BID on an unrelated case does not count', async () => {
    const cases = new Map([
      ['avrr-1', avrrCase({ isChild: true, childNeedsBid: true }, [])],
      ['prot-1', protectionCase({ bidRecordedAt: '2026-12-02T00:00:00Z' })],
    ]);
    await expect(setup(cases).approve()).rejects.toBeInstanceOf(DecisionRefused);
  });
});
