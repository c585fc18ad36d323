// AVRR travel dates that contradict each other or the clock are refused, every error listed and
// localized: a departure or an arrival in the future, a departure before the approval, an arrival
// before the departure. The case records the days entered, not the moments they were recorded.
import { describe, expect, it } from 'vitest';
import { arrivalIssues, avrrSteps, departureIssues } from '../../../domain/avrr/steps.ts';
import { completeTask, type TaskStore, type WorkflowCallbacks } from '../../../domain/tasks/complete-task.ts';
import type { TaskRecord } from '../../../domain/tasks/model.ts';
import { DecisionInvalid } from '../../../domain/errors.ts';
import { setStage } from '../../../domain/cases/case-actions.ts';
import type { CaseRecord } from '../../../domain/cases/model.ts';
import { MemoryCaseStore } from '../../support/memory-case-store.ts';

// 23:30 UTC on 14 January is already 15 January in Morocco (UTC+1).
const NOW = new Date('2027-01-14T23:30:00Z');

describe('the departure day', () => {
  const approved = { approvedAt: '2027-01-05T10:00:00.000Z' };

  it('today in Morocco, or a day after the approval, is accepted', () => {
    expect(departureIssues({ outcome: 'departed', departedOn: '2027-01-15' }, approved, NOW)).toEqual([]);
    expect(departureIssues({ outcome: 'departed', departedOn: '2027-01-05' }, approved, NOW)).toEqual([]);
    expect(departureIssues({ outcome: 'no-show', reason: 'Not at the airport.' }, approved, NOW)).toEqual([]);
  });

  it('in the future, or before the approval, is refused, in each language', () => {
    const [future] = departureIssues({ outcome: 'departed', departedOn: '2027-01-16' }, approved, NOW);
    expect(future).toMatchObject({ path: ['departedOn'], code: 'date_in_future' });
    expect(future!.message.en).toBe('The date 2027-01-16 is in the future (today is 2027-01-15): record what has happened.');
    const [early] = departureIssues({ outcome: 'departed', departedOn: '2027-01-04' }, approved, NOW);
    expect(early).toMatchObject({ path: ['departedOn'], code: 'departure_before_approval' });
    expect(early!.message).toEqual({
      fr: "Le départ (2027-01-04) ne peut pas précéder l'approbation du retour (2027-01-05).",
      ar: 'لا يمكن أن تسبق المغادرة (2027-01-04) الموافقة على العودة (2027-01-05).',
      en: 'The departure (2027-01-04) cannot be before the return was approved (2027-01-05).',
    });
  });

  it('an approval late in the evening UTC counts as the next day in Morocco', () => {
    const lateApproval = { approvedAt: '2027-01-05T23:30:00.000Z' };
    expect(departureIssues({ outcome: 'departed', departedOn: '2027-01-05' }, lateApproval, NOW).map((i) => i.code)).toEqual([
      'departure_before_approval',
    ]);
  });

  it('without an approval time (a travel phase started before it was passed on), only the clock is checked', () => {
    expect(departureIssues({ outcome: 'departed', departedOn: '2020-01-01' }, { approvedAt: null }, NOW)).toEqual([]);
  });
});

describe('the arrival day', () => {
  it('on or after the departure, not in the future, is accepted', () => {
    expect(arrivalIssues({ outcome: 'received', arrivedOn: '2027-01-15' }, { departedOn: '2027-01-14' }, NOW)).toEqual([]);
    expect(arrivalIssues({ outcome: 'received', arrivedOn: '2027-01-14' }, { departedOn: '2027-01-14' }, NOW)).toEqual([]);
  });

  it('before the departure, or in the future, is refused', () => {
    expect(arrivalIssues({ outcome: 'received', arrivedOn: '2027-01-13' }, { departedOn: '2027-01-14' }, NOW)).toMatchObject([
      {
        path: ['arrivedOn'],
        code: 'arrival_before_departure',
        message: { en: 'The arrival (2027-01-13) cannot be before the departure (2027-01-14).' },
      },
    ]);
    expect(arrivalIssues({ outcome: 'received', arrivedOn: '2027-02-01' }, { departedOn: '2027-01-14' }, NOW).map((i) => i.code)).toEqual([
      'date_in_future',
    ]);
  });
});

describe('completing the step', () => {
  function setup(step: 'departure' | 'arrival', context: Record<string, unknown>) {
    const task: TaskRecord = {
      taskId: 't1',
      caseId: 'c1',
      reference: 'AVRR-2026-000001',
      programme: 'avrr',
      step,
      phase: 'travel',
      roles: ['caseworker'],
      status: 'open',
      forbiddenActors: [],
      context,
      dueAt: '2027-01-20T00:00:00Z',
      createdAt: '2027-01-05T00:00:00Z',
      updatedAt: '2027-01-05T00:00:00Z',
      version: 1,
    };
    const tasks: TaskStore = {
      getTask: async () => task,
      beginCompletion: async () => true,
      finishCompletion: async () => true,
      taskToken: async () => 'token',
      sharesOfCase: async () => [],
      getCase: async () => undefined,
    };
    const workflows: WorkflowCallbacks = { sendSuccess: async () => 'delivered' };
    return { tasks, workflows, now: () => NOW, pause: async () => undefined };
  }
  const refusal = async (run: Promise<unknown>) => {
    const error = await run.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(DecisionInvalid);
    return (error as DecisionInvalid).errors;
  };
  const amina = { sub: 'amina', groups: ['caseworker' as const] };

  it('an arrival before the departure, received by nobody known: every error listed, in Arabic', async () => {
    const errors = await refusal(
      completeTask(
        { taskId: 't1', decision: { outcome: 'received', arrivedOn: '2027-01-10', receivedBy: 'cousin' }, actor: amina, language: 'ar' },
        setup('arrival', { departedOn: '2027-01-12' }),
      ),
    );
    expect(errors.map((e) => [e.pointer, e.code])).toEqual(
      expect.arrayContaining([
        ['/receivedBy', expect.any(String)],
        ['/arrivedOn', 'arrival_before_departure'],
      ]),
    );
    expect(errors.find((e) => e.code === 'arrival_before_departure')!.message).toBe(
      'لا يمكن أن يسبق الوصول (2027-01-10) المغادرة (2027-01-12).',
    );
  });

  it('a departure in the future is refused in French', async () => {
    const errors = await refusal(
      completeTask(
        { taskId: 't1', decision: { outcome: 'departed', departedOn: '2027-03-01' }, actor: amina, language: 'fr' },
        setup('departure', { approvedAt: '2027-01-05T10:00:00.000Z' }),
      ),
    );
    expect(errors).toEqual([
      {
        pointer: '/departedOn',
        code: 'date_in_future',
        message: 'La date 2027-03-01 est dans le futur (nous sommes le 2027-01-15) : enregistrez ce qui a eu lieu.',
      },
    ]);
  });

  it('each step declares its rule', () => {
    expect(avrrSteps.find((s) => s.step === 'departure')!.checkInContext).toBe(departureIssues);
    expect(avrrSteps.find((s) => s.step === 'arrival')!.checkInContext).toBe(arrivalIssues);
  });
});

describe('the case records the days entered', () => {
  it('the departure day and the arrival day, not the moments they were recorded', async () => {
    const record: CaseRecord = {
      caseId: 'c1',
      reference: 'AVRR-2026-000001',
      programme: 'avrr',
      caseType: 'avrr',
      formId: 'avrr-application',
      formVersion: 1,
      stage: 'departure',
      status: 'open',
      facts: {},
      createdAt: '2026-12-01T08:00:00.000Z',
      updatedAt: '2026-12-01T08:00:00.000Z',
      version: 1,
    };
    const store = new MemoryCaseStore(record);
    await setStage({ caseId: 'c1', stage: 'arrival', departed: true, departedOn: '2027-01-12' }, { store, now: () => NOW });
    await setStage(
      { caseId: 'c1', stage: 'reintegration-plan', phase: 'reintegration', arrivedOn: '2027-01-13' },
      { store, now: () => NOW },
    );
    expect(store.record).toMatchObject({ departedAt: NOW.toISOString(), departedOn: '2027-01-12', arrivedOn: '2027-01-13' });
    expect(store.events.map((e) => e.details)).toEqual([
      { from: 'departure', to: 'arrival', departedOn: '2027-01-12' },
      { from: 'arrival', to: 'reintegration-plan', arrivedOn: '2027-01-13' },
    ]);
  });
});
