// The validated need on an in-memory store: facts and history hold codes and dates only (never the
// validator's notes), the case at stage open-for-matching and listed; a retry changes nothing; a
// closed case is not listed.
import { describe, expect, it } from 'vitest';
import type { CaseRecord } from '../../../domain/cases/model.ts';
import type { TaskRecord } from '../../../domain/tasks/model.ts';
import { needListingOf, recordNeedValidation, type NeedFacts } from '../../../domain/migration-development/need-case-actions.ts';
import { needSteps } from '../../../domain/migration-development/need-steps.ts';
import { MemoryCaseStore } from '../../support/memory-case-store.ts';

const caseId = '50000000-0000-4000-a000-000000000001';
const createdAt = '2026-07-20T08:00:00.000Z';
const now = new Date('2026-07-23T23:30:00.000Z');

const needCase = (): CaseRecord => ({
  caseId,
  reference: 'NEED-2026-000001',
  programme: 'migration-development',
  caseType: 'host-need',
  formId: 'host-institution-need',
  formVersion: 1,
  stage: 'validation',
  status: 'open',
  facts: { institutionKind: 'hospital', sector: 'health', skillKeys: ['chirurgie pediatrique'] },
  createdAt,
  updatedAt: createdAt,
  version: 1,
});
const task = (decision: Record<string, unknown>): TaskRecord => ({
  taskId: 't-validation',
  caseId,
  reference: 'NEED-2026-000001',
  programme: 'migration-development',
  step: 'need-validation',
  phase: 'need',
  roles: ['caseworker', 'supervisor'],
  status: 'completed',
  forbiddenActors: [],
  context: {},
  decision,
  completedBy: 'caseworker-7',
  dueAt: createdAt,
  createdAt,
  updatedAt: createdAt,
  version: 2,
});
const validated = needSteps[0]!.examples[0]!;

describe('need case actions', () => {
  it('records the validated need (codes and dates, the day in Morocco), stage open-for-matching, once', async () => {
    const store = new MemoryCaseStore(needCase(), [task(validated)]);
    const deps = { store, now: () => now };
    await recordNeedValidation({ caseId, taskId: 't-validation' }, deps);
    await recordNeedValidation({ caseId, taskId: 't-validation' }, deps);
    expect(store.record.stage).toBe('open-for-matching');
    expect(store.record.facts.need).toEqual({
      status: 'open-for-matching',
      validationTaskId: 't-validation',
      validatedAt: now.toISOString(),
      validatedOn: '2026-07-24',
      sector: 'health',
      skillKeys: ['chirurgie pediatrique', 'formation de personnel soignant'],
      languages: ['fr', 'ar'],
      mode: 'on-site',
      engagement: 'expert-mission',
      durationWeeks: 3,
      window: { from: '2026-09-01', to: '2026-11-30' },
      missionCity: 'fes',
    } satisfies NeedFacts);
    expect(store.record.facts.institutionKind).toBe('hospital');
    expect(store.events.map((e) => [e.type, e.actor])).toEqual([['need.validated', { kind: 'staff', id: 'caseworker-7' }]]);
    expect(JSON.stringify([store.record, store.events])).not.toContain('Confirmed with');
    expect(needListingOf(store.record)).toMatchObject({
      caseId,
      reference: 'NEED-2026-000001',
      sector: 'health',
      institutionKind: 'hospital',
    });
    expect(needListingOf(store.record)).not.toHaveProperty('validationTaskId');
  });

  it('is not listed before validation nor once closed', async () => {
    expect(needListingOf(needCase())).toBeUndefined();
    const store = new MemoryCaseStore(needCase(), [task(validated)]);
    await recordNeedValidation({ caseId, taskId: 't-validation' }, { store, now: () => now });
    expect(needListingOf({ ...store.record, status: 'closed' })).toBeUndefined();
  });

  it('refuses a task that is not this case’s validated need', async () => {
    const store = new MemoryCaseStore(needCase(), [task({ outcome: 'rejected', reasonCode: 'duplicate' })]);
    await expect(recordNeedValidation({ caseId, taskId: 't-validation' }, { store, now: () => now })).rejects.toThrow();
    await expect(recordNeedValidation({ caseId, taskId: 'other' }, { store, now: () => now })).rejects.toThrow();
    expect(store.events).toEqual([]);
  });
});
