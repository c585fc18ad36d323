// A need's engagement: the form's version 2 says whether the need is an expert's mission (weeks) or a
// job offer (a contract kind, and months when fixed-term), version 1 stays accepted and means an
// expert's mission; the validation confirms the engagement and `facts.need` records it.
import { describe, expect, it } from 'vitest';
import { splitSubmission, validateSubmission } from '../../../domain/forms/index.ts';
import { hostInstitutionNeedV1 } from '../../../domain/forms/host-institution-need.ts';
import { needSteps } from '../../../domain/migration-development/need-steps.ts';
import { recordNeedValidation } from '../../../domain/migration-development/need-case-actions.ts';
import { localizeIssues } from '../../../domain/i18n/index.ts';
import type { CaseRecord } from '../../../domain/cases/model.ts';
import type { TaskRecord } from '../../../domain/tasks/model.ts';
import { MemoryCaseStore } from '../../support/memory-case-store.ts';
import { codesOf, example, form, remove, set } from '../forms/helpers.ts';

const id = 'host-institution-need';
const JOB = 2;
const tor = (pointer: string) => `/termsOfReference/${pointer}`;

describe('the need form, version 2', () => {
  it('every example is valid; a job offer’s facts carry its contract, an expert mission’s its weeks', () => {
    for (const [index] of form(id).examples.entries()) expect(validateSubmission(form(id), example(id, index), 'fr').ok).toBe(true);
    const job = splitSubmission(form(id), example(id, JOB)).facts;
    expect(job).toMatchObject({ engagement: 'job-offer', contractKind: 'fixed-term', contractMonths: 24 });
    expect(job.durationWeeks).toBeUndefined();
    expect(splitSubmission(form(id), example(id, 0)).facts).toMatchObject({ engagement: 'expert-mission', durationWeeks: 3 });
  });

  it('a job offer needs its contract kind, months only when fixed-term, and no weeks; an expert mission its weeks and no contract', () => {
    const job = set(remove(example(id, JOB), tor('contractKind')), tor('durationWeeks'), 4);
    expect(codesOf(id, job)).toEqual([`${tor('durationWeeks')} not_applicable`, `${tor('contractKind')} engagement_terms_required`]);
    expect(codesOf(id, remove(example(id, JOB), tor('contractMonths')))).toEqual([`${tor('contractMonths')} engagement_terms_required`]);
    expect(codesOf(id, set(example(id, JOB), tor('contractKind'), 'permanent'))).toEqual([`${tor('contractMonths')} not_applicable`]);
    expect(codesOf(id, set(example(id, JOB), tor('contractMonths'), 48))).toEqual([`${tor('contractMonths')} too_big`]);
    const mission = set(remove(example(id, 0), tor('durationWeeks')), tor('contractKind'), 'permanent');
    expect(codesOf(id, mission)).toEqual([`${tor('durationWeeks')} engagement_terms_required`, `${tor('contractKind')} not_applicable`]);
  });

  it('version 1 stays accepted (no engagement: an expert mission)', () => {
    const v1 = structuredClone(hostInstitutionNeedV1.examples[0]!);
    expect(validateSubmission(hostInstitutionNeedV1, v1, 'fr').ok).toBe(true);
    expect(validateSubmission(form(id), v1, 'fr').ok).toBe(false);
  });
});

describe('the validation confirms the engagement', () => {
  const decision = needSteps[0]!.decision;
  const jobExample = needSteps[0]!.examples.find((e) => e.engagement === 'job-offer')!;
  it('a job offer without a contract or with weeks is refused, in three languages', () => {
    const parsed = decision.safeParse({ ...jobExample, contractKind: undefined, durationWeeks: 3 });
    expect(parsed.success).toBe(false);
    const issues = parsed.success ? [] : parsed.error.issues;
    for (const language of ['fr', 'ar', 'en'] as const) {
      const errors = localizeIssues(issues, language);
      expect(errors.map((e) => [e.pointer, e.code])).toEqual([
        ['/durationWeeks', 'engagement_terms_mismatch'],
        ['/contractKind', 'engagement_terms_mismatch'],
        ['/contractMonths', 'engagement_terms_mismatch'],
      ]);
    }
  });

  it('facts.need records the engagement (an expert mission when the decision says none)', async () => {
    const at = '2026-07-20T08:00:00.000Z';
    const record = {
      caseId: '50000000-0000-4000-a000-000000000001',
      reference: 'NEED-2026-000001',
      programme: 'migration-development',
      caseType: 'host-need',
      formId: id,
      formVersion: 2,
      stage: 'validation',
      status: 'open',
      facts: {},
      createdAt: at,
      updatedAt: at,
      version: 1,
    } satisfies CaseRecord;
    const task = { taskId: 't-v', caseId: record.caseId, status: 'completed', context: {}, decision: jobExample } as unknown as TaskRecord;
    const store = new MemoryCaseStore(record, [task]);
    await recordNeedValidation({ caseId: record.caseId, taskId: 't-v' }, { store, now: () => new Date(at) });
    expect(store.record.facts.need).toMatchObject({ engagement: 'job-offer', contractKind: 'fixed-term', contractMonths: 24 });
    expect((store.record.facts.need as Record<string, unknown>).durationWeeks).toBeUndefined();
  });
});
