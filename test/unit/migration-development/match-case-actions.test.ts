// Matching's case actions on in-memory stores: the ranked candidates (only consenting experts who fit),
// the proposals on the need and told to each candidate's case, and the confirmation (the need matched,
// both histories, the expert's assignment entry), each once; a withdrawn expert is not confirmed; an expert
// who revoked their consent or is busy with an overlapping assignment is neither found, proposed nor
// confirmed; the answers recorded whatever the outcome; whoever declined left out of the next search.
import { describe, expect, it } from 'vitest';
import type { CaseEvent, CaseRecord } from '../../../domain/cases/model.ts';
import type { TaskRecord } from '../../../domain/tasks/model.ts';
import type { CaseActionStore, CaseChangeExtras } from '../../../domain/cases/case-actions.ts';
import type { IndexedExpert, IndexPartition, RegisterEntry, RegisterIndex } from '../../../domain/migration-development/register.ts';
import {
  busyFor,
  confirmMatch,
  matchCandidates,
  propose,
  recordMatchAnswers,
} from '../../../domain/migration-development/match-case-actions.ts';
import type { AssignmentEntry } from '../../../domain/migration-development/assignment-case-actions.ts';
import { needListingOf } from '../../../domain/migration-development/need-case-actions.ts';
import { returneeListingOf, type ReturneeListing } from '../../../domain/migration-development/returnee-listing.ts';

const NEED = '50000000-0000-4000-a000-000000000001';
const E1 = '60000000-0000-4000-a000-000000000001';
const E2 = '60000000-0000-4000-a000-000000000002';
const E3 = '60000000-0000-4000-a000-000000000003';
const E4 = '60000000-0000-4000-a000-000000000004';
const at = '2026-07-20T08:00:00.000Z';
const now = new Date('2026-08-01T23:30:00.000Z');

const record = (caseId: string, caseType: string, stage: string, facts: Record<string, unknown> = {}): CaseRecord => ({
  caseId,
  reference: caseType === 'host-need' ? 'NEED-2026-000001' : `EXP-${caseId.slice(-2)}`,
  programme: 'migration-development',
  caseType,
  formId: 'f',
  formVersion: 1,
  stage,
  status: 'open',
  facts,
  createdAt: at,
  updatedAt: at,
  version: 1,
});
const need = {
  status: 'open-for-matching',
  validationTaskId: 't-v',
  validatedAt: at,
  validatedOn: '2026-07-20',
  sector: 'health',
  skillKeys: ['chirurgie pediatrique', 'anesthesie'],
  languages: ['fr', 'ar'],
  mode: 'remote',
  durationWeeks: 4,
  window: { from: '2026-09-01', to: '2026-10-31' },
};

class Cases implements CaseActionStore {
  events: CaseEvent[] = [];
  assignments: AssignmentEntry[] = [];
  constructor(
    public records: Map<string, CaseRecord>,
    public tasks: TaskRecord[],
  ) {}
  async getCase(id: string) {
    const found = this.records.get(id);
    return found ? structuredClone(found) : undefined;
  }
  async getTask(taskId: string) {
    return this.tasks.find((t) => t.taskId === taskId);
  }
  async openTasksOfCase() {
    return [];
  }
  async awaitedTasksOfCase() {
    return [];
  }
  async updateCase(found: CaseRecord, changes: Partial<CaseRecord>, event: CaseEvent, extra: CaseChangeExtras = {}) {
    const all = [{ found, changes, event }, ...(extra.linked ?? [])];
    if (all.some((c) => this.records.get(c.found.caseId)?.version !== c.found.version)) return false;
    for (const c of all) {
      this.records.set(c.found.caseId, { ...this.records.get(c.found.caseId)!, ...c.changes, version: c.found.version + 1 });
      this.events.push(c.event);
    }
    this.assignments.push(...(extra.assignments ?? []));
    return true;
  }
}

const expert = (expertId: string, over: Partial<IndexedExpert> = {}): IndexedExpert => ({
  expertId,
  sectors: ['health'],
  skills: ['chirurgie pediatrique'],
  languages: ['fr'],
  country: 'FR',
  windows: [{ from: '2026-08-01', to: '2027-07-31', mode: 'remote' }],
  consentToContact: true,
  ...over,
});
const register: IndexedExpert[] = [
  expert(E1, { skills: ['chirurgie pediatrique', 'anesthesie'], languages: ['fr', 'ar'] }),
  expert(E2),
  expert(E3, { consentToContact: false, skills: ['chirurgie pediatrique', 'anesthesie'] }),
  expert(E4, { windows: [{ from: '2027-01-01', to: '2027-06-30', mode: 'remote' }] }),
];
const index: RegisterIndex = {
  candidates: async (p: IndexPartition) => register.filter((e) => (p.criterion === 'skill' ? e.skills.includes(p.value) : true)),
};
const task = (taskId: string, step: string, decision: Record<string, unknown>, context: Record<string, unknown> = {}): TaskRecord => ({
  taskId,
  caseId: NEED,
  reference: 'NEED-2026-000001',
  programme: 'migration-development',
  step,
  phase: 'matching',
  roles: ['caseworker', 'supervisor'],
  status: 'completed',
  forbiddenActors: [],
  context,
  decision,
  completedBy: 'caseworker-7',
  dueAt: at,
  createdAt: at,
  updatedAt: at,
  version: 2,
});

async function proposed() {
  const store = new Cases(
    new Map([
      [NEED, record(NEED, 'host-need', 'matching', { need, institutionKind: 'hospital' })],
      [E1, record(E1, 'diaspora-expert', 'listed', consenting)],
      [E2, record(E2, 'diaspora-expert', 'listed', consenting)],
    ]),
    [],
  );
  const held: AssignmentEntry[] = [];
  const entries = new Map<string, Pick<RegisterEntry, 'status' | 'consentToContact'>>();
  const deps = {
    store,
    registerIndex: index,
    returneeIndex: { returneesOfSector: async () => [] },
    assignments: { assignmentsOf: async (id: string) => held.filter((a) => a.expertCaseId === id) },
    register: { get: async (id: string) => entries.get(id) as RegisterEntry | undefined },
    now: () => now,
  };
  const { candidates } = await matchCandidates({ caseId: NEED }, deps);
  store.tasks.push(task('t-short', 'match-shortlist', { outcome: 'shortlisted', candidateCaseIds: [E1, E2] }, { candidates }));
  const first = await propose({ caseId: NEED, taskId: 't-short' }, deps);
  const again = await propose({ caseId: NEED, taskId: 't-short' }, deps);
  return { store, deps, candidates, first, again, held, entries };
}
const consenting = { consentFollowUpContact: true };
const assignment = (expertCaseId: string, status: AssignmentEntry['status'], window: { from: string; to: string }): AssignmentEntry => ({
  expertCaseId,
  needCaseId: '50000000-0000-4000-a000-000000000009',
  needReference: 'NEED-2026-000009',
  status,
  mode: 'remote',
  window,
  durationWeeks: 2,
  sector: 'health',
  confirmedAt: at,
  updatedAt: at,
  version: 1,
});
const confirmed = (candidateCaseId: string) =>
  task('t-answers', 'match-answers', {
    outcome: 'confirmed',
    candidateCaseId,
    answers: [
      { candidateCaseId: E1, candidate: 'accepted', institution: 'accepted' },
      { candidateCaseId: E2, candidate: 'declined', institution: 'accepted' },
    ],
  });

describe('matching case actions', () => {
  it('ranks the consenting experts who fit, with their reasons (ids, scores, codes), and omits the others', async () => {
    const { candidates } = await proposed();
    expect(candidates.map((c) => [c.candidateCaseId, c.score])).toEqual([
      [E1, 226],
      [E2, 116],
    ]);
    expect(candidates[0]!.reasons).toContainEqual({ criterion: 'skill', value: 'anesthesie' });
    expect(candidates[0]).toMatchObject({ candidateKind: 'expert' });
  });

  it('records the proposals once, with history on the need and on each candidate', async () => {
    const { store, first, again } = await proposed();
    expect(first).toEqual({
      round: 1,
      proposals: [
        { candidateKind: 'expert', candidateCaseId: E1, score: 226 },
        { candidateKind: 'expert', candidateCaseId: E2, score: 116 },
      ],
    });
    expect(again).toEqual(first);
    expect((store.records.get(NEED)!.facts.proposals as unknown[]).length).toBe(2);
    expect(store.events.map((e) => [e.caseId, e.type])).toEqual([
      [NEED, 'match.proposed'],
      [E1, 'match.proposed'],
      [E2, 'match.proposed'],
    ]);
    expect(store.events[1]!.details).toEqual({ needCaseId: NEED, needReference: 'NEED-2026-000001', round: 1 });
  });

  it('confirms once: the need matched and unlisted, both histories, the expert’s assignment entry', async () => {
    const { store, deps } = await proposed();
    store.tasks.push(confirmed(E1));
    await recordMatchAnswers({ caseId: NEED, taskId: 't-answers' }, deps);
    const result = await confirmMatch({ caseId: NEED, taskId: 't-answers' }, deps);
    expect(await confirmMatch({ caseId: NEED, taskId: 't-answers' }, deps)).toEqual(result);
    expect(result).toEqual({ confirmed: true, engagement: 'expert-mission', candidateKind: 'expert', candidateCaseId: E1 });
    const after = store.records.get(NEED)!;
    expect(after.facts.need).toMatchObject({
      status: 'matched',
      match: { candidateKind: 'expert', candidateCaseId: E1, confirmedAt: now.toISOString(), confirmedOn: '2026-08-02' },
    });
    expect(needListingOf(after)).toBeUndefined();
    expect((after.facts.proposals as { answers: unknown }[]).map((p) => p.answers)).toEqual([
      { candidate: 'accepted', institution: 'accepted' },
      { candidate: 'declined', institution: 'accepted' },
    ]);
    expect(store.events.slice(-2).map((e) => [e.caseId, e.type])).toEqual([
      [NEED, 'match.confirmed'],
      [E1, 'match.confirmed'],
    ]);
    expect(store.assignments).toEqual([
      {
        expertCaseId: E1,
        needCaseId: NEED,
        needReference: 'NEED-2026-000001',
        status: 'confirmed',
        mode: 'remote',
        window: need.window,
        durationWeeks: 4,
        sector: 'health',
        confirmedAt: now.toISOString(),
        updatedAt: now.toISOString(),
        version: 1,
      },
    ]);
  });

  it('an expert who withdrew meanwhile is not confirmed, and the need stays open for matching', async () => {
    const { store, deps } = await proposed();
    store.records.set(E1, { ...store.records.get(E1)!, status: 'closed', version: 9 });
    store.tasks.push(confirmed(E1));
    expect(await confirmMatch({ caseId: NEED, taskId: 't-answers' }, deps)).toEqual({
      confirmed: false,
      reasonCode: 'candidate-no-longer-available',
    });
    expect(store.records.get(NEED)!.facts.need).toMatchObject({ status: 'open-for-matching' });
    expect(store.assignments).toEqual([]);
  });

  it('an expert who revoked their consent, or whose entry is withdrawn, is not proposed nor confirmed', async () => {
    const { store, deps, entries } = await proposed();
    store.records.set(E1, { ...store.records.get(E1)!, facts: { consentFollowUpContact: false }, version: 5 });
    store.tasks.push(confirmed(E1));
    expect(await confirmMatch({ caseId: NEED, taskId: 't-answers' }, deps)).toMatchObject({ confirmed: false });
    store.records.set(E1, { ...store.records.get(E1)!, facts: consenting, version: 6 });
    entries.set(E1, { status: 'listed', consentToContact: false });
    expect(await confirmMatch({ caseId: NEED, taskId: 't-answers' }, deps)).toMatchObject({ confirmed: false });
    entries.set(E1, { status: 'withdrawn', consentToContact: true });
    expect(await confirmMatch({ caseId: NEED, taskId: 't-answers' }, deps)).toEqual({
      confirmed: false,
      reasonCode: 'candidate-no-longer-available',
    });
    expect(store.assignments).toEqual([]);
    // A later shortlist naming an expert who revoked their consent proposes only the others.
    store.records.set(E1, { ...store.records.get(E1)!, facts: { consentFollowUpContact: false }, version: 7 });
    const { candidates } = await matchCandidates({ caseId: NEED }, deps);
    store.tasks.push(task('t-short-2', 'match-shortlist', { outcome: 'shortlisted', candidateCaseIds: [E1, E2] }, { candidates }));
    expect((await propose({ caseId: NEED, taskId: 't-short-2', round: 2 }, deps)).proposals.map((p) => p.candidateCaseId)).toEqual([E2]);
  });

  it('an expert busy with an overlapping confirmed or in-progress assignment is left out and not confirmed', async () => {
    const { store, deps, held } = await proposed();
    expect(busyFor([assignment(E1, 'completed', need.window)], need.window)).toBe(false);
    expect(busyFor([assignment(E1, 'confirmed', { from: '2026-08-01', to: '2026-08-31' })], need.window)).toBe(false);
    expect(busyFor([assignment(E1, 'in-progress', { from: '2026-10-31', to: '2026-11-30' })], need.window)).toBe(true);
    held.push(assignment(E1, 'confirmed', { from: '2026-10-01', to: '2026-10-14' }));
    expect((await matchCandidates({ caseId: NEED }, deps)).candidates.map((c) => c.candidateCaseId)).toEqual([E2]);
    store.tasks.push(confirmed(E1));
    expect(await confirmMatch({ caseId: NEED, taskId: 't-answers' }, deps)).toEqual({
      confirmed: false,
      reasonCode: 'candidate-no-longer-available',
    });
    expect(store.assignments).toEqual([]);
  });

  it('records the answers (codes) whatever the outcome, once; whoever declined is left out of the next search', async () => {
    const { store, deps } = await proposed();
    const again = task('t-again', 'match-answers', {
      outcome: 'shortlist-again',
      answers: [
        { candidateCaseId: E1, candidate: 'declined', institution: 'accepted' },
        { candidateCaseId: E2, candidate: 'no-answer', institution: 'accepted' },
      ],
      notes: 'free text',
    });
    store.tasks.push(again);
    await recordMatchAnswers({ caseId: NEED, taskId: 't-again' }, deps);
    await recordMatchAnswers({ caseId: NEED, taskId: 't-again' }, deps);
    expect((store.records.get(NEED)!.facts.proposals as { answers: unknown }[]).map((p) => p.answers)).toEqual([
      { candidate: 'declined', institution: 'accepted' },
      { candidate: 'no-answer', institution: 'accepted' },
    ]);
    const answered = store.events.filter((e) => e.type === 'match.answered');
    expect(answered).toHaveLength(1);
    expect(answered[0]!.details).toEqual({
      taskId: 't-again',
      round: 1,
      outcome: 'shortlist-again',
      answers: [
        { candidateCaseId: E1, candidate: 'declined', institution: 'accepted' },
        { candidateCaseId: E2, candidate: 'no-answer', institution: 'accepted' },
      ],
    });
    expect(JSON.stringify(answered)).not.toContain('free text');
    expect((await matchCandidates({ caseId: NEED }, deps)).candidates.map((c) => c.candidateCaseId)).toEqual([E2]);
  });

  it("a proposal's round is the workflow's (the search it comes from)", async () => {
    const { store, deps, candidates } = await proposed();
    store.tasks.push(task('t-short-3', 'match-shortlist', { outcome: 'shortlisted', candidateCaseIds: [E2] }, { candidates }));
    expect((await propose({ caseId: NEED, taskId: 't-short-3', round: 3 }, deps)).round).toBe(3);
    expect((store.records.get(NEED)!.facts.proposals as { round: number }[]).map((p) => p.round)).toEqual([1, 1, 3]);
  });

  it('searches the register once, with the limit it needs, however many experts do not consent', async () => {
    const many = Array.from({ length: 60 }, (_, i) =>
      expert(`61000000-0000-4000-a000-0000000000${String(i).padStart(2, '0')}`, { consentToContact: i >= 55 }),
    );
    const reads: string[] = [];
    const counting: RegisterIndex = {
      candidates: async (p: IndexPartition) => {
        reads.push(`${p.criterion}:${p.value}`);
        return many.filter((e) => (p.criterion === 'skill' ? e.skills.includes(p.value) : true));
      },
    };
    const store = new Cases(new Map([[NEED, record(NEED, 'host-need', 'matching', { need })]]), []);
    const deps = { store, registerIndex: counting, returneeIndex: { returneesOfSector: async () => [] }, now: () => now };
    const { candidates } = await matchCandidates({ caseId: NEED }, deps);
    expect(candidates).toHaveLength(5);
    expect(new Set(reads).size).toBe(reads.length);
  });
});

describe('matching a job offer to returnees', () => {
  const R1 = '70000000-0000-4000-a000-000000000001';
  const R2 = '70000000-0000-4000-a000-000000000002';
  const { durationWeeks: _weeks, ...rest } = need;
  const jobOffer = {
    ...rest,
    sector: 'education',
    mode: 'on-site',
    missionCity: 'rabat',
    engagement: 'job-offer',
    contractKind: 'permanent',
  };
  const listing = (caseId: string, over: Partial<ReturneeListing> = {}): ReturneeListing => ({
    caseId,
    reference: `SKRT-${caseId.slice(-1)}`,
    sector: 'education',
    regionOfReturn: 'rabat-sale-kenitra',
    experienceYears: 12,
    supportNeeded: ['job-placement'],
    reachedAt: at,
    ...over,
  });
  const returnee = (caseId: string, stage = 'opportunity') =>
    record(caseId, 'skilled-return', stage, {
      sector: 'education',
      regionOfReturn: 'rabat-sale-kenitra',
      experienceYears: 12,
      supportNeeded: [],
    });

  async function jobProposed() {
    const store = new Cases(
      new Map([
        [NEED, record(NEED, 'host-need', 'matching', { need: jobOffer })],
        [R1, returnee(R1)],
        [R2, returnee(R2)],
      ]),
      [],
    );
    const read: string[] = [];
    const returneeIndex = {
      returneesOfSector: async (sector: string) => {
        read.push(sector);
        return [listing(R1), listing(R2, { regionOfReturn: 'oriental', experienceYears: 3 })];
      },
    };
    const deps = { store, registerIndex: index, returneeIndex, now: () => now };
    const { candidates } = await matchCandidates({ caseId: NEED }, deps);
    store.tasks.push(task('t-short', 'match-shortlist', { outcome: 'shortlisted', candidateCaseIds: [R1, R2] }, { candidates }));
    await propose({ caseId: NEED, taskId: 't-short' }, deps);
    return { store, deps, candidates, read };
  }

  it("ranks the returnees of the need's sector from their listing, never the register", async () => {
    const { candidates, read } = await jobProposed();
    expect(read).toEqual(['education']);
    expect(candidates.map((c) => [c.candidateKind, c.candidateCaseId, c.score])).toEqual([
      ['returnee', R1, 72],
      ['returnee', R2, 33],
    ]);
    expect(candidates[0]!.reasons.map((r) => r.criterion)).toEqual(['sector', 'region', 'support', 'experience']);
  });

  it('confirms a returnee: no assignment entry, the returnee marked matched (no longer listed), the job offer reported', async () => {
    const { store, deps } = await jobProposed();
    store.tasks.push(
      task('t-answers', 'match-answers', {
        outcome: 'confirmed',
        candidateCaseId: R1,
        answers: [
          { candidateCaseId: R1, candidate: 'accepted', institution: 'accepted' },
          { candidateCaseId: R2, candidate: 'declined', institution: 'accepted' },
        ],
      }),
    );
    const result = await confirmMatch({ caseId: NEED, taskId: 't-answers' }, deps);
    expect(result).toEqual({ confirmed: true, engagement: 'job-offer', candidateKind: 'returnee', candidateCaseId: R1 });
    expect(await confirmMatch({ caseId: NEED, taskId: 't-answers' }, deps)).toEqual(result);
    expect(store.assignments).toEqual([]);
    const matched = store.records.get(R1)!;
    expect(matched.facts.matchedNeed).toEqual({ needCaseId: NEED, needReference: 'NEED-2026-000001', confirmedOn: '2026-08-02' });
    expect(returneeListingOf(matched)).toBeUndefined();
    expect(returneeListingOf(store.records.get(R2)!)).toBeDefined();
    expect(store.records.get(NEED)!.facts.need).toMatchObject({
      status: 'matched',
      match: { candidateKind: 'returnee', candidateCaseId: R1 },
    });
  });

  it('a returnee who declined (or whom the institution declined) is left out of the next search', async () => {
    const { store, deps } = await jobProposed();
    store.tasks.push(
      task('t-again', 'match-answers', {
        outcome: 'shortlist-again',
        answers: [
          { candidateCaseId: R1, candidate: 'accepted', institution: 'declined' },
          { candidateCaseId: R2, candidate: 'no-answer', institution: 'accepted' },
        ],
      }),
    );
    await recordMatchAnswers({ caseId: NEED, taskId: 't-again' }, deps);
    expect((await matchCandidates({ caseId: NEED }, deps)).candidates.map((c) => c.candidateCaseId)).toEqual([R2]);
  });

  it('a returnee who left the stage meanwhile is not confirmed', async () => {
    const { store, deps } = await jobProposed();
    store.records.set(R1, { ...returnee(R1, 'reintegration-plan'), version: 7 });
    store.tasks.push(
      task('t-answers', 'match-answers', {
        outcome: 'confirmed',
        candidateCaseId: R1,
        answers: [{ candidateCaseId: R1, candidate: 'accepted', institution: 'accepted' }],
      }),
    );
    expect(await confirmMatch({ caseId: NEED, taskId: 't-answers' }, deps)).toEqual({
      confirmed: false,
      reasonCode: 'candidate-no-longer-available',
    });
    expect(store.records.get(R1)!.facts.matchedNeed).toBeUndefined();
  });
});
