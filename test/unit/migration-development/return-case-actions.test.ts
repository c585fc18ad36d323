// The return's case actions on an in-memory store: facts and history hold codes, ids, numbers and
// dates only (never the notes), each recorded once (a retry writes nothing); the context gives the
// ceiling of the recorded support kind; a missed follow-up is recorded, not dropped.
import { describe, expect, it } from 'vitest';
import type { CaseRecord } from '../../../domain/cases/model.ts';
import type { TaskRecord } from '../../../domain/tasks/model.ts';
import {
  recordReturnArrival,
  recordReturnFollowUp,
  recordReturnOpportunity,
  recordReturnPlan,
  returnContext,
  type ReturnFacts,
} from '../../../domain/migration-development/return-case-actions.ts';
import { RETURN_BUDGET_CEILING_MAD, returnSteps } from '../../../domain/migration-development/return-steps.ts';
import { MemoryCaseStore } from '../../support/memory-case-store.ts';

const caseId = '70000000-0000-4000-a000-000000000001';
const createdAt = '2026-07-20T23:30:00.000Z'; // 21 July in Morocco
const now = new Date('2026-08-01T10:00:00.000Z');
const example = (step: string, outcome: string) =>
  structuredClone(returnSteps.find((s) => s.step === step)!.examples.find((e) => e.outcome === outcome)!);

const returnCase = (): CaseRecord => ({
  caseId,
  reference: 'SKRT-2026-000001',
  programme: 'migration-development',
  caseType: 'skilled-return',
  formId: 'skilled-return-application',
  formVersion: 1,
  stage: 'opportunity',
  status: 'open',
  facts: { sector: 'renewable-energy' },
  createdAt,
  updatedAt: createdAt,
  version: 1,
});
const task = (taskId: string, step: string, decision: Record<string, unknown>, completedBy = 'caseworker-7'): TaskRecord => ({
  taskId,
  caseId,
  reference: 'SKRT-2026-000001',
  programme: 'migration-development',
  step,
  phase: 'return',
  roles: ['caseworker'],
  status: 'completed',
  forbiddenActors: [],
  context: {},
  decision,
  completedBy,
  dueAt: createdAt,
  createdAt,
  updatedAt: createdAt,
  version: 2,
});
const facts = (store: MemoryCaseStore) => store.record.facts.return as ReturnFacts;

describe('return case actions', () => {
  it('the context: the day of the application in Morocco, and the ceiling once an opportunity is recorded', async () => {
    const store = new MemoryCaseStore(returnCase(), [
      task('t-opp', 'return-opportunity', example('return-opportunity', 'business-project')),
    ]);
    const deps = { store, now: () => now };
    expect(await returnContext({ caseId }, deps)).toEqual({
      open: true,
      appliedOn: '2026-07-21',
      supportKind: null,
      budgetCeilingMAD: null,
    });
    await recordReturnOpportunity({ caseId, taskId: 't-opp' }, deps);
    expect(await returnContext({ caseId }, deps)).toMatchObject({
      supportKind: 'business-project',
      budgetCeilingMAD: RETURN_BUDGET_CEILING_MAD['business-project'],
    });
  });

  it('records a business project (codes and cost, no notes), once', async () => {
    const store = new MemoryCaseStore(returnCase(), [
      task('t-opp', 'return-opportunity', example('return-opportunity', 'business-project')),
    ]);
    const deps = { store, now: () => now };
    await recordReturnOpportunity({ caseId, taskId: 't-opp' }, deps);
    await recordReturnOpportunity({ caseId, taskId: 't-opp' }, deps);
    expect(facts(store).opportunity).toEqual({
      kind: 'business-project',
      sector: 'renewable-energy',
      projectCategory: 'services',
      estimatedCostMAD: 250000,
      taskId: 't-opp',
      recordedOn: '2026-08-01',
    });
    expect(store.events.map((e) => e.type)).toEqual(['return.opportunity-recorded']);
    expect(store.events[0]!.actor).toEqual({ kind: 'staff', id: 'caseworker-7' });
    expect(JSON.stringify(store.record)).not.toContain('Taroudant');
    expect(JSON.stringify(store.events)).not.toContain('Taroudant');
  });

  it('records a job offer by the need case it names', async () => {
    const store = new MemoryCaseStore(returnCase(), [task('t-opp', 'return-opportunity', example('return-opportunity', 'job-offer'))]);
    await recordReturnOpportunity({ caseId, taskId: 't-opp' }, { store, now: () => now });
    expect(facts(store).opportunity).toMatchObject({ kind: 'job-offer', needCaseId: '5b0c9f3e-8a51-4c2d-9d0e-3f7a2b6c1e48' });
  });

  it('records the approved plan’s totals (the lines stay on the task) with its approver, then the date of return', async () => {
    const store = new MemoryCaseStore(returnCase(), [
      task('t-opp', 'return-opportunity', example('return-opportunity', 'business-project')),
      task('t-plan', 'return-plan', example('return-plan', 'proposed')),
      task('t-approval', 'return-plan-approval', { outcome: 'approved' }, 'supervisor-2'),
      task('t-arrival', 'return-arrival', { outcome: 'returned', returnedOn: '2026-07-30' }),
    ]);
    const deps = { store, now: () => now };
    await recordReturnOpportunity({ caseId, taskId: 't-opp' }, deps);
    await recordReturnPlan({ caseId, planTaskId: 't-plan', approvalTaskId: 't-approval' }, deps);
    await recordReturnPlan({ caseId, planTaskId: 't-plan', approvalTaskId: 't-approval' }, deps);
    await recordReturnArrival({ caseId, taskId: 't-arrival' }, deps);
    await recordReturnArrival({ caseId, taskId: 't-arrival' }, deps);
    expect(facts(store).plan).toEqual({
      planTaskId: 't-plan',
      supportKind: 'business-project',
      totalMAD: 80000,
      lineCount: 3,
      approvedOn: '2026-08-01',
    });
    expect(facts(store).returnedOn).toBe('2026-07-30');
    expect(store.events.map((e) => `${e.type} ${'id' in e.actor ? e.actor.id : ''}`)).toEqual([
      'return.opportunity-recorded caseworker-7',
      'return.plan-approved supervisor-2',
      'return.returned caseworker-7',
    ]);
    expect(JSON.stringify(store.events)).not.toContain('Agadir');
  });

  it('a follow-up recorded with its indicators; a missed one recorded missed; each once', async () => {
    const store = new MemoryCaseStore(returnCase(), [task('t-fu3', 'return-follow-up', example('return-follow-up', 'recorded'))]);
    const deps = { store, now: () => now };
    await recordReturnFollowUp({ caseId, followUp: 'follow-up-3', outcome: 'recorded', taskId: 't-fu3' }, deps);
    await recordReturnFollowUp({ caseId, followUp: 'follow-up-12', outcome: 'missed' }, deps);
    await recordReturnFollowUp({ caseId, followUp: 'follow-up-12', outcome: 'missed' }, deps);
    expect(facts(store).followUps).toEqual({
      'follow-up-3': {
        outcome: 'recorded',
        recordedOn: '2026-08-01',
        situation: 'business-running',
        monthlyIncomeBand: '10000-20000',
        jobsCreated: 2,
        satisfaction: 4,
      },
      'follow-up-12': { outcome: 'missed', recordedOn: '2026-08-01' },
    });
    expect(store.events.map((e) => e.type)).toEqual(['return.follow-up-recorded', 'return.follow-up-missed']);
  });
});
