// The return's steps: decisions valid and invalid, the plan's ceiling, the date of return, the bounded
// information requests, and the job offer's guard run through completeTask against cases as they are
// (the need matched to this returnee, to another, to an expert, not matched, absent): refused 409s
// with their own localized problem.
import { describe, expect, it } from 'vitest';
import { completeTask, type TaskStore } from '../../../domain/tasks/complete-task.ts';
import type { TaskRecord } from '../../../domain/tasks/model.ts';
import type { CaseRecord } from '../../../domain/cases/model.ts';
import { DecisionInvalid, DecisionRefused } from '../../../domain/errors.ts';
import { toHttpProblem } from '../../../functions/commons/problems.ts';
import { problemDetail, problemTitle } from '../../../domain/i18n/index.ts';
import {
  arrivalIssues,
  eligibilityIssues,
  planIssues,
  RETURN_BUDGET_CEILING_MAD,
  returnSteps,
} from '../../../domain/migration-development/return-steps.ts';

const RETURNEE = '60000000-0000-4000-a000-000000000001';
const NEED = '60000000-0000-4000-a000-000000000002';
const OTHER = '60000000-0000-4000-a000-000000000003';
const step = (id: string) => returnSteps.find((s) => s.step === id)!;
const at = '2026-12-01T08:00:00Z';

const returneeCase: CaseRecord = {
  caseId: RETURNEE,
  reference: 'SKRT-2026-000001',
  programme: 'migration-development',
  caseType: 'skilled-return',
  formId: 'skilled-return-application',
  formVersion: 1,
  stage: 'opportunity',
  status: 'open',
  facts: { sector: 'renewable-energy' },
  createdAt: at,
  updatedAt: at,
  version: 4,
};
const needCase = (need: Record<string, unknown> | undefined, caseType = 'host-need'): CaseRecord => ({
  ...returneeCase,
  caseId: NEED,
  reference: 'NEED-2026-000001',
  caseType,
  formId: 'host-institution-need',
  stage: 'matched',
  facts: need ? { need } : {},
});
const matched = (candidateKind: string, candidateCaseId: string) => ({
  status: 'matched',
  engagement: 'job-offer',
  match: { candidateKind, candidateCaseId, confirmedAt: at, confirmedOn: '2026-12-01' },
});

function offer(cases: CaseRecord[], decision: Record<string, unknown> = { outcome: 'job-offer', needCaseId: NEED }) {
  const task: TaskRecord = {
    taskId: 't-opportunity',
    caseId: RETURNEE,
    reference: returneeCase.reference,
    programme: 'migration-development',
    step: 'return-opportunity',
    phase: 'return',
    roles: ['caseworker', 'supervisor'],
    status: 'open',
    forbiddenActors: [],
    context: {},
    dueAt: at,
    createdAt: at,
    updatedAt: at,
    version: 1,
  };
  const store = new Map([returneeCase, ...cases].map((c) => [c.caseId, c]));
  const sent: unknown[] = [];
  const tasks: TaskStore = {
    getTask: async () => task,
    beginCompletion: async () => true,
    finishCompletion: async () => true,
    taskToken: async () => 'token',
    sharesOfCase: async () => [],
    getCase: async (id) => store.get(id),
  };
  const run = completeTask(
    { taskId: task.taskId, decision, actor: { sub: 'amina', groups: ['caseworker'] }, language: 'fr' },
    {
      tasks,
      workflows: {
        sendSuccess: async (_token: string, output: unknown) => {
          sent.push(output);
          return 'delivered' as const;
        },
      },
      now: () => new Date('2026-12-02T08:00:00Z'),
    },
  );
  return { run, sent };
}

describe('return steps', () => {
  it('every example is valid for its step, one per outcome', () => {
    for (const s of returnSteps)
      for (const example of s.examples) expect(s.decision.safeParse(example).success, `${s.step} ${String(example.outcome)}`).toBe(true);
  });

  it('refuses a plan without lines, a negative amount, an unknown supplier kind, and a follow-up without its indicators', () => {
    expect(step('return-plan').decision.safeParse({ outcome: 'proposed', lines: [] }).success).toBe(false);
    const bad = step('return-plan').decision.safeParse({
      outcome: 'proposed',
      lines: [{ category: 'equipment', amountMAD: -5, supplierKind: 'friend' }],
    });
    expect(bad.error?.issues.map((i) => i.path.join('.'))).toEqual(['lines.0.amountMAD', 'lines.0.supplierKind']);
    expect(step('return-follow-up').decision.safeParse({ outcome: 'recorded', situation: 'in-post' }).success).toBe(false);
    expect(step('return-opportunity').decision.safeParse({ outcome: 'job-offer', needCaseId: 'NEED-2026-000001' }).success).toBe(false);
  });

  it('a plan over its support kind’s ceiling is refused, in three languages; at the ceiling it passes', () => {
    const ceiling = RETURN_BUDGET_CEILING_MAD['job-offer'];
    const over = planIssues({ lines: [{ amountMAD: ceiling }, { amountMAD: 1 }] }, { budgetCeilingMAD: ceiling });
    expect(over).toMatchObject([{ path: ['lines'], code: 'budget_exceeded' }]);
    expect(over[0]!.message.ar).toContain(String(ceiling));
    expect(planIssues({ lines: [{ amountMAD: ceiling }] }, { budgetCeilingMAD: ceiling })).toEqual([]);
    expect(RETURN_BUDGET_CEILING_MAD['business-project']).toBeGreaterThan(ceiling);
  });

  it('the date of return: not in the future (today in Morocco), not before the application', () => {
    const late = new Date('2026-12-01T23:30:00Z'); // already 2 December in Morocco (UTC+1)
    expect(arrivalIssues({ outcome: 'returned', returnedOn: '2026-12-02' }, { appliedOn: '2026-11-01' }, late)).toEqual([]);
    expect(arrivalIssues({ outcome: 'returned', returnedOn: '2026-12-03' }, { appliedOn: '2026-11-01' }, late)).toMatchObject([
      { code: 'date_in_future' },
    ]);
    expect(arrivalIssues({ outcome: 'returned', returnedOn: '2026-10-31' }, { appliedOn: '2026-11-01' }, late)).toMatchObject([
      { code: 'date_before_application' },
    ]);
    expect(arrivalIssues({ outcome: 'not-returned', reasonCode: 'other' }, { appliedOn: '2026-11-01' }, late)).toEqual([]);
  });

  it('more information is refused once none is left', () => {
    expect(eligibilityIssues({ outcome: 'information-requested' }, { informationRequestsLeft: 0 })).toMatchObject([
      { code: 'information_request_limit_reached' },
    ]);
    expect(eligibilityIssues({ outcome: 'information-requested' }, { informationRequestsLeft: 1 })).toEqual([]);
  });
});

describe('the job offer’s guard', () => {
  it('accepts a need matched to this returnee: the workflow receives the need case id', async () => {
    const { run, sent } = offer([needCase(matched('returnee', RETURNEE))]);
    await run;
    expect(sent).toEqual([expect.objectContaining({ decision: { outcome: 'job-offer', needCaseId: NEED } })]);
  });

  it.each([
    ['matched to another returnee', [needCase(matched('returnee', OTHER))]],
    ['matched to an expert', [needCase(matched('expert', RETURNEE))]],
    ['still open for matching', [needCase({ status: 'open-for-matching' })]],
    ['not a need', [needCase(matched('returnee', RETURNEE), 'diaspora-expert')]],
    ['absent', []],
  ])('refuses a need %s (409, its own problem in fr/ar/en)', async (_label, cases) => {
    const { run, sent } = offer(cases);
    const error = await run.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DecisionRefused);
    expect((error as DecisionRefused).reason).toBe('need-not-matched-to-returnee');
    const problem = toHttpProblem(error)!;
    expect(problem.status).toBe(409);
    for (const language of ['fr', 'ar', 'en'] as const) {
      expect(problemTitle('needNotMatchedToReturnee', language)).toBeTruthy();
      expect(problemDetail('needNotMatchedToReturnee', language)).toBeTruthy();
    }
    expect(sent).toEqual([]);
  });

  it('a business project names no case and is not guarded', async () => {
    const { run, sent } = offer([], returnSteps[1]!.examples[1]);
    await run;
    expect(sent).toHaveLength(1);
  });

  it('an invalid need id is a 422, not a read', async () => {
    const { run } = offer([], { outcome: 'job-offer', needCaseId: 'x' });
    await expect(run).rejects.toBeInstanceOf(DecisionInvalid);
  });
});
