// The protection case actions on an in-memory store: facts and history hold codes and dates only,
// retries change nothing, a concurrent writer is retried (optimistic concurrency).
import { describe, expect, it } from 'vitest';
import type { CaseActionStore } from '../../../domain/cases/case-actions.ts';
import { expireStep, setStage } from '../../../domain/cases/case-actions.ts';
import type { CaseEvent, CaseRecord } from '../../../domain/cases/model.ts';
import type { TaskRecord } from '../../../domain/tasks/model.ts';
import {
  derivedId,
  planContext,
  planServices,
  provisionalRiskOfCase,
  recordAssessment,
  recordBiaApproval,
  recordBid,
  recordRiskLevel,
  recordService,
} from '../../../domain/protection/case-actions.ts';
import { provisionalRisk, registrationDueAt } from '../../../domain/protection/risk.ts';
import { serviceDueAt } from '../../../domain/protection/services.ts';

const caseId = '30000000-0000-4000-a000-000000000001';
const createdAt = '2026-12-01T08:00:00.000Z';
const NOW = new Date('2026-12-03T10:00:00.000Z');

class MemoryStore implements CaseActionStore {
  events: CaseEvent[] = [];
  expired: string[] = [];
  conflicts = 0;
  constructor(
    public record: CaseRecord,
    public tasks: TaskRecord[] = [],
  ) {}
  async getCase(id: string) {
    return id === this.record.caseId ? structuredClone(this.record) : undefined;
  }
  async getTask(taskId: string) {
    return this.tasks.find((t) => t.taskId === taskId);
  }
  async openTasksOfCase() {
    return this.tasks.filter((t) => t.status === 'open');
  }
  async awaitedTasksOfCase(_caseId: string, step: string) {
    return this.tasks.filter((t) => t.step === step && (t.status === 'open' || t.status === 'completing'));
  }
  async updateCase(found: CaseRecord, changes: Partial<CaseRecord>, event: CaseEvent, extra?: { expireTask?: TaskRecord }) {
    if (this.conflicts > 0) {
      this.conflicts--;
      this.record = { ...this.record, version: this.record.version + 1 };
      return false;
    }
    if (found.version !== this.record.version) return false;
    this.record = { ...this.record, ...changes, version: this.record.version + 1 };
    this.events.push(event);
    if (extra?.expireTask) this.expired.push(extra.expireTask.taskId);
    return true;
  }
}

const protectionCase = (facts: Record<string, unknown> = {}, extra: Partial<CaseRecord> = {}): CaseRecord => ({
  caseId,
  reference: 'PROT-2026-000001',
  programme: 'protection',
  caseType: 'protection',
  formId: 'protection-referral',
  formVersion: 1,
  stage: 'registration',
  status: 'open',
  facts: { vulnerabilityCategory: 'medical', urgentNeeds: [], ...facts },
  createdAt,
  updatedAt: createdAt,
  version: 1,
  ...extra,
});
const deps = (store: MemoryStore) => ({ store, now: () => NOW });
const task = (taskId: string, extra: Partial<TaskRecord>): TaskRecord => ({
  taskId,
  caseId,
  reference: 'PROT-2026-000001',
  programme: 'protection',
  step: 'assistance-plan',
  phase: 'main',
  roles: ['caseworker'],
  status: 'completed',
  forbiddenActors: [],
  context: {},
  dueAt: createdAt,
  createdAt,
  updatedAt: createdAt,
  version: 3,
  ...extra,
});

describe('provisional risk', () => {
  it.each([
    [{ vulnerabilityCategory: 'unaccompanied-or-separated-child', urgentNeeds: [] }, 'high'],
    [{ vulnerabilityCategory: 'victim-of-trafficking', urgentNeeds: [] }, 'high'],
    [{ vulnerabilityCategory: 'other', urgentNeeds: ['medical'] }, 'high'],
    [{ vulnerabilityCategory: 'other', urgentNeeds: ['shelter'] }, 'medium'],
    [{ vulnerabilityCategory: 'elderly', urgentNeeds: [] }, 'medium'],
    [{ vulnerabilityCategory: 'other', urgentNeeds: [], isChild: true }, 'medium'],
    [{ vulnerabilityCategory: 'other', urgentNeeds: [] }, 'low'],
  ])('%o ⇒ %s', (facts, risk) => expect(provisionalRisk(facts)).toBe(risk));

  it('high is due 3 hours after the referral came in, medium a day, low three days', () => {
    const at = new Date(createdAt);
    expect(registrationDueAt('high', at).toISOString()).toBe('2026-12-01T11:00:00.000Z');
    expect(registrationDueAt('medium', at).toISOString()).toBe('2026-12-02T08:00:00.000Z');
    expect(registrationDueAt('low', at).toISOString()).toBe('2026-12-04T08:00:00.000Z');
  });

  it('is kept on the case once, in the history as a code; a retry answers the same due time', async () => {
    const store = new MemoryStore(protectionCase({ vulnerabilityCategory: 'victim-of-trafficking' }));
    const first = await provisionalRiskOfCase({ caseId }, deps(store));
    expect(first).toEqual({ riskLevel: 'high', registrationDueAt: '2026-12-01T11:00:00.000Z' });
    expect(store.record.facts.provisionalRiskLevel).toBe('high');
    expect(await provisionalRiskOfCase({ caseId }, deps(store))).toEqual(first);
    expect(store.events.map((e) => [e.type, e.details])).toEqual([
      ['protection.risk-level-provisional', { riskLevel: 'high', registrationDueAt: '2026-12-01T11:00:00.000Z' }],
    ]);
  });
});

describe('protection case actions', () => {
  it('the confirmed risk level goes on the case facts, with the provisional one in the history; retried after a concurrent write', async () => {
    const store = new MemoryStore(protectionCase({ provisionalRiskLevel: 'high' }));
    store.conflicts = 2;
    await recordRiskLevel({ caseId, riskLevel: 'medium', completedBy: 'amina' }, deps(store));
    expect(store.record.facts.riskLevel).toBe('medium');
    expect(store.events).toEqual([
      expect.objectContaining({
        type: 'protection.risk-level-confirmed',
        actor: { kind: 'staff', id: 'amina' },
        details: { riskLevel: 'medium', provisionalRiskLevel: 'high' },
      }),
    ]);
  });

  it('the assessment records its categories only; an unaccompanied or separated child needs a BID', async () => {
    const store = new MemoryStore(protectionCase());
    expect(await recordAssessment({ caseId, categories: ['separated-child', 'victim-of-trafficking'] }, deps(store))).toEqual({
      childNeedsBid: true,
    });
    expect(store.record.facts).toMatchObject({
      vulnerabilityCategories: ['separated-child', 'victim-of-trafficking'],
      childNeedsBid: true,
    });
    expect(store.events.map((e) => [e.type, e.details])).toEqual([
      ['protection.assessment-recorded', { categories: ['separated-child', 'victim-of-trafficking'], childNeedsBid: true }],
    ]);
    await recordAssessment({ caseId, categories: ['separated-child', 'victim-of-trafficking'] }, deps(store));
    expect(store.events).toHaveLength(1);
    const adult = new MemoryStore(protectionCase());
    expect(await recordAssessment({ caseId, categories: ['elderly'] }, deps(adult))).toEqual({ childNeedsBid: false });
    expect(adult.record.facts.childNeedsBid).toBeUndefined();
  });

  it('BIA approval and BID go on facts.bestInterests, the BID with its recommendation; the plan context reads them', async () => {
    const store = new MemoryStore(protectionCase({ childNeedsBid: true }));
    expect(await planContext({ caseId }, deps(store))).toEqual({ childNeedsBid: true, bidRecordedAt: null });
    await recordBiaApproval({ caseId, completedBy: 'karim' }, deps(store));
    await recordBiaApproval({ caseId, completedBy: 'karim' }, deps(store));
    await recordBid(
      { caseId, recommendation: 'repatriation', panelDate: '2026-12-20', implementationDate: '2027-01-15', completedBy: 'salma' },
      deps(store),
    );
    expect(store.record.facts.bestInterests).toEqual({
      biaApprovedAt: NOW.toISOString(),
      bidRecordedAt: NOW.toISOString(),
      bidRecommendation: 'repatriation',
    });
    expect(await planContext({ caseId }, deps(store))).toEqual({ childNeedsBid: true, bidRecordedAt: NOW.toISOString() });
    expect(store.events.map((e) => [e.type, e.details])).toEqual([
      ['protection.bia-approved', {}],
      ['protection.bid-recorded', { recommendation: 'repatriation', panelDate: '2026-12-20', implementationDate: '2027-01-15' }],
    ]);
  });

  it('the approved plan becomes the case services, each with an id and a due date from its urgency at approval; a retry adds nothing', async () => {
    const plan = task('plan-task-1', {
      decision: {
        outcome: 'proposed',
        services: [
          { type: 'medical', urgency: '1-hour' },
          { type: 'shelter', urgency: '3-days' },
          { type: 'psychosocial', urgency: '2-weeks', appointmentDate: '2026-12-14' },
        ],
        notes: 'Personal words stay on the task',
      },
    });
    const store = new MemoryStore(protectionCase(), [plan]);
    const input = { caseId, planTaskId: 'plan-task-1', approvedAt: '2026-12-03T09:00:00.000Z', approvedBy: 'karim' };
    const { services } = await planServices(input, deps(store));
    expect(services).toEqual([
      { serviceId: derivedId('plan-task-1#0'), type: 'medical', urgency: '1-hour', dueAt: '2026-12-03T10:00:00.000Z' },
      { serviceId: derivedId('plan-task-1#1'), type: 'shelter', urgency: '3-days', dueAt: '2026-12-06T09:00:00.000Z' },
      { serviceId: derivedId('plan-task-1#2'), type: 'psychosocial', urgency: '2-weeks', dueAt: '2026-12-14T23:59:59.000Z' },
    ]);
    expect(services[0]!.serviceId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-a[0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(store.record.services).toEqual(services.map((s) => ({ ...s, status: 'planned' })));
    expect(await planServices(input, deps(store))).toEqual({ services });
    expect(store.record.services).toHaveLength(3);
    expect(store.events).toHaveLength(1);
    expect(JSON.stringify(store.events)).not.toContain('Personal');
  });

  it('refuses a plan task of another case', async () => {
    const store = new MemoryStore(protectionCase(), [task('plan-task-1', { caseId: 'another', decision: { services: [] } })]);
    await expect(planServices({ caseId, planTaskId: 'plan-task-1', approvedAt: NOW.toISOString() }, deps(store))).rejects.toThrow();
  });

  it('each service outcome is recorded once: delivered by whom and when, or not with a reason code, or not recorded in time', async () => {
    const planned = (n: number) => ({
      serviceId: derivedId(`p#${n}`),
      type: 'food',
      urgency: '1-day',
      dueAt: NOW.toISOString(),
      status: 'planned' as const,
    });
    const store = new MemoryStore(protectionCase({}, { services: [planned(0), planned(1), planned(2)] }));
    await recordService(
      {
        caseId,
        serviceId: planned(0).serviceId,
        outcome: 'delivered',
        deliveredOn: '2026-12-04',
        deliveredBy: 'partner',
        completedBy: 'p-oujda',
      },
      deps(store),
    );
    await recordService({ caseId, serviceId: planned(1).serviceId, outcome: 'not-delivered', reasonCode: 'person-declined' }, deps(store));
    await recordService({ caseId, serviceId: planned(2).serviceId, outcome: 'timed-out' }, deps(store));
    await recordService(
      { caseId, serviceId: planned(2).serviceId, outcome: 'delivered', deliveredOn: '2026-12-30', deliveredBy: 'staff' },
      deps(store),
    );
    expect(store.record.services).toEqual([
      { ...planned(0), status: 'delivered', deliveredAt: '2026-12-04T00:00:00.000Z', deliveredBy: 'partner' },
      { ...planned(1), status: 'not-delivered', notDeliveredReason: 'person-declined' },
      { ...planned(2), status: 'not-delivered', notDeliveredReason: 'not-recorded-in-time' },
    ]);
    expect(store.events.map((e) => e.details)).toEqual([
      { serviceId: planned(0).serviceId, type: 'food', status: 'delivered', deliveredBy: 'partner' },
      { serviceId: planned(1).serviceId, type: 'food', status: 'not-delivered', notDeliveredReason: 'person-declined' },
      { serviceId: planned(2).serviceId, type: 'food', status: 'not-delivered', notDeliveredReason: 'not-recorded-in-time' },
    ]);
  });

  it("a service's step that timed out expires that service's task, not another open one of the same step", async () => {
    const open = (taskId: string, serviceId: string) => task(taskId, { step: 'service-delivery', status: 'open', serviceId });
    const store = new MemoryStore(protectionCase(), [open('t-1', 's-1'), open('t-2', 's-2')]);
    await expireStep({ caseId, step: 'service-delivery', serviceId: 's-2' }, deps(store));
    expect(store.expired).toEqual(['t-2']);
    expect(store.events[0]!.details).toEqual({ step: 'service-delivery', taskId: 't-2', serviceId: 's-2' });
  });

  it('a step that timed out expires its task still completing (a decision begun, never delivered), not only an open one', async () => {
    const completing = task('t-3', { step: 'service-delivery', status: 'completing', serviceId: 's-3' });
    const done = task('t-4', { step: 'service-delivery', status: 'completed', serviceId: 's-4' });
    const store = new MemoryStore(protectionCase(), [completing, done]);
    await expireStep({ caseId, step: 'service-delivery', serviceId: 's-3' }, deps(store));
    expect(store.expired).toEqual(['t-3']);
    await expireStep({ caseId, step: 'service-delivery', taskId: 't-4' }, deps(store));
    expect(store.expired).toEqual(['t-3']);
  });
});

describe('service due dates', () => {
  const approvedAt = new Date('2026-12-03T09:00:00.000Z');
  it.each([
    ['1-hour', '2026-12-03T10:00:00.000Z'],
    ['3-hours', '2026-12-03T12:00:00.000Z'],
    ['1-day', '2026-12-04T09:00:00.000Z'],
    ['3-days', '2026-12-06T09:00:00.000Z'],
    ['2-weeks', '2026-12-17T09:00:00.000Z'],
  ] as const)('%s after the approval', (urgency, due) => {
    expect(serviceDueAt({ type: 'medical', urgency }, approvedAt).toISOString()).toBe(due);
  });
  it('an appointment sets it to the end of that day, never before the approval', () => {
    expect(serviceDueAt({ type: 'legal', urgency: '3-days', appointmentDate: '2026-12-20' }, approvedAt).toISOString()).toBe(
      '2026-12-20T23:59:59.000Z',
    );
    expect(serviceDueAt({ type: 'legal', urgency: '3-days', appointmentDate: '2026-11-20' }, approvedAt).toISOString()).toBe(
      '2026-12-03T10:00:00.000Z',
    );
  });
});

describe('the stage action: the workflow moves the case and each execution records itself', () => {
  it('moves the stage with its event (codes only) and records the execution that moved it', async () => {
    const store = new MemoryStore(protectionCase({}, { stage: 'submitted', workflow: { phase: 'main', executionName: `${caseId}-main` } }));
    await setStage({ caseId, stage: 'registration', executionName: `${caseId}-main` }, deps(store));
    expect(store.record).toMatchObject({ stage: 'registration', workflow: { phase: 'main', executionName: `${caseId}-main` } });
    expect(store.events.map((e) => [e.type, e.details])).toEqual([['case.stage-changed', { from: 'submitted', to: 'registration' }]]);
  });

  it('a fresh execution (a handover, a follow-up, a reopening) records its name, though the stage stays', async () => {
    const store = new MemoryStore(protectionCase({}, { stage: 'follow-up', workflow: { phase: 'main', executionName: `${caseId}-main` } }));
    const name = `${caseId}-follow-up-1796112000000`;
    await setStage({ caseId, stage: 'follow-up', executionName: name }, deps(store));
    expect(store.record.workflow).toEqual({ phase: 'main', executionName: name });
    expect(store.events.map((e) => [e.type, e.details])).toEqual([
      ['case.execution-started', { phase: 'main', executionName: name, stage: 'follow-up' }],
    ]);
    // A retried invocation changes nothing.
    await setStage({ caseId, stage: 'follow-up', executionName: name }, deps(store));
    expect(store.events).toHaveLength(1);
    expect(store.record.version).toBe(2);
  });

  it('the same stage again (a loop back) writes nothing', async () => {
    const store = new MemoryStore(protectionCase({}, { stage: 'case-plan' }));
    await setStage({ caseId, stage: 'case-plan' }, deps(store));
    expect(store.events).toEqual([]);
    expect(store.record.version).toBe(1);
  });
});
