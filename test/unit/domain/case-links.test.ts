// Referral to another programme, the linked cases' reactions and reopening, with in-memory ports.
import { describe, expect, it } from 'vitest';
import { referCase, ReferralRefused, linkedReactions, type ReferralRecords, type ReferralStore } from '../../../domain/cases/referral.ts';
import { reopenCase, ReopeningRefused } from '../../../domain/cases/reopening.ts';
import { closeCase, setStage, withdrawCase, type CaseActionStore, type CaseChangeExtras } from '../../../domain/cases/case-actions.ts';
import type { CaseEvent, CaseRecord, PersonRecord } from '../../../domain/cases/model.ts';
import type { TaskRecord } from '../../../domain/tasks/model.ts';
import { stoppablePhases } from '../../../domain/programmes/index.ts';

const now = () => new Date('2026-12-02T10:00:00Z');
const caseworker = { sub: 'amina', groups: ['caseworker' as const] };

function protection(overrides: Partial<CaseRecord> = {}, facts: Record<string, unknown> = {}): CaseRecord {
  return {
    caseId: 'prot-1',
    reference: 'PROT-2026-000001',
    programme: 'protection',
    caseType: 'protection',
    formId: 'protection-referral',
    formVersion: 1,
    stage: 'follow-up',
    status: 'open',
    facts: {
      nationality: 'ML',
      sex: 'male',
      ageGroup: '15-17',
      isChild: true,
      vulnerabilityCategory: 'unaccompanied-or-separated-child',
      city: 'oujda',
      consentProcessing: true,
      consentFollowUpContact: false,
      consentSharingWithPartners: ['unicef'],
      referringOrganisation: 'Centre de santé',
      ...facts,
    },
    consents: [
      {
        purpose: 'processing',
        basis: 'consent',
        given: true,
        source: 'intake',
        at: '2026-11-01T00:00:00Z',
        givenAt: '2026-11-01T00:00:00Z',
      },
      { purpose: 'follow-up-contact', basis: 'consent', given: false, source: 'intake', at: '2026-11-01T00:00:00Z' },
      { purpose: 'sharing', partnerId: 'unicef', basis: 'consent', given: true, source: 'intake', at: '2026-11-01T00:00:00Z' },
    ],
    createdAt: '2026-11-01T00:00:00Z',
    updatedAt: '2026-11-01T00:00:00Z',
    version: 4,
    workflow: { phase: 'main', executionName: 'prot-1-main' },
    ...overrides,
  };
}

const persons: PersonRecord[] = [
  {
    personId: 'p-applicant',
    caseId: 'prot-1',
    role: 'applicant',
    data: { givenNames: 'Ibrahim', familyName: 'Traoré', vulnerabilityDetails: 'Blessure au pied' },
    sensitiveFields: ['vulnerabilityDetails'],
    createdAt: '2026-11-01T00:00:00Z',
  },
  { personId: 'p-contact', caseId: 'prot-1', role: 'contact-person', data: { givenNames: 'Salma' }, createdAt: '2026-11-01T00:00:00Z' },
];

function referralStore(cases: Map<string, CaseRecord>) {
  const saved: ReferralRecords[] = [];
  const store: ReferralStore = {
    getCase: async (id) => cases.get(id),
    getPersons: async () => persons,
    nextReferenceSequence: async () => 7,
    saveReferral: async (records) => {
      if (cases.get(records.source.caseId)?.version !== records.source.version) return false;
      saved.push(records);
      cases.set(records.source.caseId, { ...records.source, ...records.sourceChanges, version: records.source.version + 1 });
      cases.set(records.target.caseId, records.target);
      return true;
    },
  };
  return { store, saved };
}

describe('referring a protection case to AVRR', () => {
  it('opens a linked AVRR case with the person carried over, the facts it needs and its first phase requested', async () => {
    const cases = new Map([['prot-1', protection()]]);
    const { store, saved } = referralStore(cases);
    const created = await referCase({ caseId: 'prot-1', programme: 'avrr', actor: caseworker }, { store, now });
    const [records] = saved;
    expect(created).toMatchObject({
      programme: 'avrr',
      caseType: 'avrr',
      reference: 'AVRR-2026-000007',
      stage: 'submitted',
      status: 'open',
      links: [{ caseId: 'prot-1', programme: 'protection', relation: 'referred-from' }],
    });
    expect(created.facts).toMatchObject({
      nationality: 'ML',
      isChild: true,
      childNeedsBid: true,
      vulnerabilities: ['unaccompanied-or-separated-child'],
      consentProcessing: true,
      referredFromProgramme: 'protection',
    });
    // Facts of the referral itself stay on the protection case.
    expect(created.facts.referringOrganisation).toBeUndefined();
    expect(records!.sourceChanges).toMatchObject({
      stage: 'referred-to-avrr',
      links: [{ caseId: created.caseId, programme: 'avrr', relation: 'referred-to' }],
    });
    // The person, never retyped: same data, same subject; the referring organisation's contact stays behind.
    expect(records!.persons).toHaveLength(1);
    expect(records!.persons[0]).toMatchObject({
      caseId: created.caseId,
      role: 'applicant',
      subjectId: 'p-applicant',
      sensitiveFields: ['vulnerabilityDetails'],
      data: persons[0]!.data,
    });
    expect(records!.persons[0]!.personId).not.toBe('p-applicant');
    expect(records!.workflowStart).toMatchObject({
      caseId: created.caseId,
      phase: 'return',
      executionName: `${created.caseId}-return`,
      input: { caseId: created.caseId, programme: 'avrr', caseType: 'avrr', phase: 'return' },
    });
    // Both histories: ids and codes only.
    expect(records!.sourceEvent).toMatchObject({ type: 'case.referred', details: { toCaseId: created.caseId, basis: 'consent' } });
    expect(records!.targetEvent).toMatchObject({ type: 'case.referred-in', details: { fromCaseId: 'prot-1', personCount: 1 } });
    expect(JSON.stringify([records!.sourceEvent, records!.targetEvent])).not.toMatch(/Ibrahim|Traoré|Blessure/);
    // Processing for the new purpose on the person's consent; the other purposes as they chose.
    expect(created.consents?.find((c) => c.purpose === 'processing')).toMatchObject({ basis: 'consent', given: true });
    expect(created.consents?.find((c) => c.purpose === 'sharing')).toMatchObject({ partnerId: 'unicef', given: true });
  });

  it('without consent to processing: 409 unless a legal ground is given, which is recorded', async () => {
    const noConsent = protection(
      { consents: [{ purpose: 'processing', basis: 'vital-interests', given: false, source: 'intake', at: 'x' }] },
      {
        consentProcessing: false,
      },
    );
    const cases = new Map([['prot-1', noConsent]]);
    const { store, saved } = referralStore(cases);
    await expect(referCase({ caseId: 'prot-1', programme: 'avrr', actor: caseworker }, { store, now })).rejects.toMatchObject({
      reason: 'no-consent',
    });
    expect(saved).toEqual([]);
    const created = await referCase(
      { caseId: 'prot-1', programme: 'avrr', overrideReason: 'best-interests-of-child', actor: caseworker },
      { store, now },
    );
    expect(created.consents?.find((c) => c.purpose === 'processing')).toMatchObject({ basis: 'vital-interests', given: false });
    expect(saved[0]!.sourceEvent.details.basis).toBe('override:best-interests-of-child');
  });

  it('a second referral while the first AVRR case is open is 409 naming it; after it closed, a new one opens', async () => {
    const cases = new Map([['prot-1', protection()]]);
    const { store } = referralStore(cases);
    const first = await referCase({ caseId: 'prot-1', programme: 'avrr', actor: caseworker }, { store, now });
    const refused = await referCase({ caseId: 'prot-1', programme: 'avrr', actor: caseworker }, { store, now }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ReferralRefused);
    expect(refused).toMatchObject({ reason: 'already-referred', existing: { caseId: first.caseId, reference: first.reference } });
    cases.set(first.caseId, { ...first, status: 'closed' });
    const second = await referCase({ caseId: 'prot-1', programme: 'avrr', actor: caseworker }, { store, now });
    expect(second.caseId).not.toBe(first.caseId);
  });

  it('only the pairs a programme accepts, and only from an open case', async () => {
    const avrr = { ...protection(), programme: 'avrr' as const, caseType: 'avrr' };
    const { store } = referralStore(new Map([['prot-1', avrr]]));
    await expect(referCase({ caseId: 'prot-1', programme: 'avrr', actor: caseworker }, { store, now })).rejects.toMatchObject({
      reason: 'not-accepted',
    });
    await expect(
      referCase(
        { caseId: 'prot-1', programme: 'protection', actor: caseworker },
        { store: referralStore(new Map([['prot-1', protection()]])).store, now },
      ),
    ).rejects.toMatchObject({ reason: 'not-accepted' });
    const closed = referralStore(new Map([['prot-1', protection({ status: 'closed' })]])).store;
    await expect(referCase({ caseId: 'prot-1', programme: 'avrr', actor: caseworker }, { store: closed, now })).rejects.toMatchObject({
      reason: 'case-closed',
    });
  });
});

/** An in-memory case-action store recording what each change writes. */
function actionStore(cases: Map<string, CaseRecord>, openTasks: Record<string, TaskRecord[]> = {}) {
  const writes: { found: CaseRecord; changes: Partial<CaseRecord>; event: CaseEvent; extra?: CaseChangeExtras }[] = [];
  const store: CaseActionStore = {
    getCase: async (id) => cases.get(id),
    getTask: async () => undefined,
    openTasksOfCase: async (id) => openTasks[id] ?? [],
    awaitedTasksOfCase: async () => [],
    updateCase: async (found, changes, event, extra) => {
      writes.push({ found, changes, event, ...(extra ? { extra } : {}) });
      cases.set(found.caseId, { ...found, ...changes, version: found.version + 1 });
      for (const linked of extra?.linked ?? []) cases.set(linked.found.caseId, { ...linked.found, ...linked.changes });
      return true;
    },
  };
  return { store, writes };
}

const avrrCase = (overrides: Partial<CaseRecord> = {}): CaseRecord => ({
  ...protection(),
  caseId: 'avrr-1',
  reference: 'AVRR-2026-000007',
  programme: 'avrr',
  caseType: 'avrr',
  stage: 'screening',
  workflow: { phase: 'return', executionName: 'avrr-1-return' },
  links: [{ caseId: 'prot-1', programme: 'protection', relation: 'referred-from' }],
  ...overrides,
});

const openTask = (caseId: string): TaskRecord => ({
  taskId: 'task-1',
  caseId,
  reference: 'PROT-2026-000001',
  programme: 'protection',
  step: 'follow-up-visit',
  phase: 'main',
  roles: ['caseworker'],
  status: 'open',
  forbiddenActors: [],
  context: {},
  dueAt: '2026-12-10T00:00:00Z',
  createdAt: '2026-12-01T00:00:00Z',
  updatedAt: '2026-12-01T00:00:00Z',
  version: 1,
});

describe('what the protection case does when its AVRR case ends', () => {
  it('a withdrawal before departure tells the protection case and, no execution recorded on it, requests a follow-up execution', async () => {
    const { workflow: _none, ...withoutExecution } = protection({
      stage: 'referred-to-avrr',
      links: [{ caseId: 'avrr-1', programme: 'avrr', relation: 'referred-to' }],
    });
    const cases = new Map([
      ['prot-1', withoutExecution],
      ['avrr-1', avrrCase()],
    ]);
    const { store, writes } = actionStore(cases);
    await withdrawCase(
      { caseId: 'avrr-1', reasonCode: 'changed-mind', actor: { kind: 'staff', id: 'amina' } },
      { store, now, stoppablePhases },
    );
    const [linked] = writes[0]!.extra!.linked!;
    expect(linked!.event).toMatchObject({
      caseId: 'prot-1',
      type: 'case.linked-case-closed',
      details: { linkedCaseId: 'avrr-1', reason: 'withdrawn', followUp: 'prot-1-follow-up-1' },
    });
    expect(linked!.changes).toMatchObject({ stage: 'follow-up', followUpCount: 1 });
    expect(linked!.workflowStart).toMatchObject({
      phase: 'main',
      executionName: 'prot-1-follow-up-1',
      input: { caseId: 'prot-1', phase: 'main', entry: 'follow-up', caseType: 'protection' },
    });
    expect(cases.get('prot-1')!.status).toBe('open');
  });

  it('while the protection workflow runs (its execution recorded), even waiting between visits with no task open, no second execution', async () => {
    const cases = new Map([
      ['prot-1', protection({ stage: 'referred-to-avrr', workflowStage: 'follow-up' })],
      ['avrr-1', avrrCase()],
    ]);
    const { store, writes } = actionStore(cases);
    await closeCase({ caseId: 'avrr-1', reason: 'not-approved' }, { store, now });
    const [linked] = writes[0]!.extra!.linked!;
    expect(linked!.workflowStart).toBeUndefined();
    expect(linked!.event.details).toMatchObject({ reason: 'not-approved', followUp: 'in-running-workflow' });
  });

  it('while the protection workflow waits between two visits (no task open), its execution still runs: no second one', async () => {
    // Protection's `main` ends only by closing the case or continuing itself: an open case's runs.
    const cases = new Map([
      ['prot-1', protection({ stage: 'referred-to-avrr', links: [{ caseId: 'avrr-1', programme: 'avrr', relation: 'referred-to' }] })],
      ['avrr-1', avrrCase()],
    ]);
    const { store, writes } = actionStore(cases);
    await withdrawCase(
      { caseId: 'avrr-1', reasonCode: 'changed-mind', actor: { kind: 'staff', id: 'amina' } },
      { store, now, stoppablePhases },
    );
    const [linked] = writes[0]!.extra!.linked!;
    expect(linked!.workflowStart).toBeUndefined();
    expect(linked!.changes).not.toHaveProperty('followUpCount');
    expect(linked!.event.details).toMatchObject({ reason: 'withdrawn', followUp: 'in-running-workflow' });
  });

  it('the departure closes the protection case as returned-home-avrr, cancels its tasks and stops its execution', async () => {
    const cases = new Map([
      ['prot-1', protection()],
      ['avrr-1', avrrCase({ stage: 'departure' })],
    ]);
    const task = openTask('prot-1');
    const { store, writes } = actionStore(cases, { 'prot-1': [task] });
    await setStage({ caseId: 'avrr-1', stage: 'arrival', departed: true }, { store, now });
    const [linked] = writes[0]!.extra!.linked!;
    expect(linked!.changes).toMatchObject({ status: 'closed', closureReason: 'returned-home-avrr' });
    expect(linked!.cancelTasks).toEqual([task]);
    expect(linked!.workflowStop).toMatchObject({ caseId: 'prot-1', caseType: 'protection', phase: 'main', executionName: 'prot-1-main' });
    expect(linked!.event).toMatchObject({ type: 'case.closed', details: { reason: 'returned-home-avrr', linkedCaseId: 'avrr-1' } });
    // Once departed, the AVRR case's own closure (after its check-ins) leaves the protection case alone.
    await closeCase({ caseId: 'avrr-1', reason: 'completed' }, { store, now });
    expect(writes[1]!.extra?.linked).toBeUndefined();
  });

  it('after a handover, the departure stops the execution that runs now, not the finished first one', async () => {
    const cases = new Map([
      ['prot-1', protection({ workflow: { phase: 'main', executionName: 'prot-1-main' } })],
      ['avrr-1', avrrCase({ stage: 'departure' })],
    ]);
    const { store, writes } = actionStore(cases);
    // The first execution handed over; the fresh one records itself as it starts.
    await setStage({ caseId: 'prot-1', stage: 'follow-up', executionName: 'prot-1-follow-up-1796112000000' }, { store, now });
    await setStage({ caseId: 'avrr-1', stage: 'arrival', departed: true }, { store, now });
    const [linked] = writes.at(-1)!.extra!.linked!;
    expect(linked!.workflowStop).toMatchObject({ caseId: 'prot-1', phase: 'main', executionName: 'prot-1-follow-up-1796112000000' });
  });

  it("while its AVRR case is open, the protection workflow's own moves leave the stage at referred-to-avrr; its execution is still recorded", async () => {
    const cases = new Map([
      [
        'prot-1',
        protection({ stage: 'referred-to-avrr', workflowStage: 'case-plan', workflow: { phase: 'main', executionName: 'prot-1-main' } }),
      ],
    ]);
    const { store, writes } = actionStore(cases);
    await setStage({ caseId: 'prot-1', stage: 'service-provision' }, { store, now });
    expect(cases.get('prot-1')).toMatchObject({ stage: 'referred-to-avrr', workflowStage: 'service-provision' });
    await setStage({ caseId: 'prot-1', stage: 'follow-up', executionName: 'prot-1-follow-up-1796112000000' }, { store, now });
    expect(cases.get('prot-1')).toMatchObject({
      stage: 'referred-to-avrr',
      workflowStage: 'follow-up',
      workflow: { phase: 'main', executionName: 'prot-1-follow-up-1796112000000' },
    });
    expect(writes.map((w) => [w.event.type, w.event.details])).toEqual([
      ['case.stage-changed', { from: 'case-plan', to: 'service-provision', heldAt: 'referred-to-avrr' }],
      [
        'case.stage-changed',
        { from: 'service-provision', to: 'follow-up', heldAt: 'referred-to-avrr', executionName: 'prot-1-follow-up-1796112000000' },
      ],
    ]);
    // Its AVRR case closes before departure: the case shows its workflow's stage again, in the running execution.
    cases.set('avrr-1', avrrCase());
    await closeCase({ caseId: 'avrr-1', reason: 'not-approved' }, { store, now });
    const [linked] = writes.at(-1)!.extra!.linked!;
    expect(linked!.changes).toMatchObject({ stage: 'follow-up' });
    expect(linked!.workflowStart).toBeUndefined();
    expect(linked!.event.details).toMatchObject({ from: 'referred-to-avrr', to: 'follow-up', followUp: 'in-running-workflow' });
  });

  it('a case with no links reacts to nothing', async () => {
    expect(await linkedReactions(protection(), { kind: 'departed' }, { store: actionStore(new Map()).store, at: 'x' })).toEqual([]);
  });
});

describe('reopening a closed case', () => {
  it('opens it again for a new need, counts it and requests its main phase under its own name', async () => {
    const cases = new Map([
      ['prot-1', protection({ status: 'closed', stage: 'closed', closureReason: 'needs-met', closedAt: '2026-11-20T00:00:00Z' })],
    ]);
    const { store, writes } = actionStore(cases);
    const reopened = await reopenCase({ caseId: 'prot-1', need: 'medical', actor: caseworker }, { store, now });
    expect(reopened).toMatchObject({ status: 'open', stage: 'reopened', reopenCount: 1 });
    expect(reopened.closureReason).toBeUndefined();
    const [write] = writes;
    expect(write!.event).toMatchObject({
      type: 'case.reopened',
      actor: { kind: 'staff', id: 'amina' },
      at: '2026-12-02T10:00:00.000Z',
      details: { need: 'medical', reopenCount: 1, previousClosureReason: 'needs-met' },
    });
    expect(write!.extra).toMatchObject({
      removals: ['closureReason', 'closedAt'],
      workflowStarts: [{ phase: 'main', executionName: 'prot-1-reopened-1', input: { entry: 'reopened', phase: 'main' } }],
    });
    // Closed again, reopened again: the second execution has its own name.
    cases.set('prot-1', { ...cases.get('prot-1')!, status: 'closed' });
    await reopenCase({ caseId: 'prot-1', need: 'legal', actor: caseworker }, { store, now });
    expect(writes[1]!.extra!.workflowStarts![0]!.executionName).toBe('prot-1-reopened-2');
  });

  it('refuses an open case and a programme that does not reopen (AVRR)', async () => {
    const { store } = actionStore(
      new Map([
        ['prot-1', protection()],
        ['avrr-1', avrrCase({ status: 'closed' })],
      ]),
    );
    await expect(reopenCase({ caseId: 'prot-1', need: 'medical', actor: caseworker }, { store, now })).rejects.toMatchObject({
      reason: 'not-closed',
    });
    await expect(reopenCase({ caseId: 'avrr-1', need: 'medical', actor: caseworker }, { store, now })).rejects.toBeInstanceOf(
      ReopeningRefused,
    );
  });
});
