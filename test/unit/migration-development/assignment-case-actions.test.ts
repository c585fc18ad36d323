// The assignment's case actions on in-memory stores: the context read from the matched need, the
// entry's status transitions (each write conditional on the version read, a concurrent change
// retried, a refused transition), and the case's facts and history (codes, dates, numbers and flags;
// never the notes), each action recorded once.
import { describe, expect, it } from 'vitest';
import type { CaseRecord } from '../../../domain/cases/model.ts';
import type { TaskRecord } from '../../../domain/tasks/model.ts';
import {
  AssignmentChanged,
  assignmentContext,
  AssignmentTransitionRefused,
  moveAssignment,
  moveEntry,
  recordAssignmentCheck,
  recordAssignmentPreparation,
  recordAssignmentReporting,
  recordAssignmentStalled,
  recordAssignmentStart,
  type AssignmentEntry,
  type AssignmentStore,
} from '../../../domain/migration-development/assignment-case-actions.ts';
import { assignmentSteps } from '../../../domain/migration-development/assignment-steps.ts';
import { withoutFreeText } from '../../../domain/tasks/complete-task.ts';
import { MemoryCaseStore } from '../../support/memory-case-store.ts';

const caseId = '50000000-0000-4000-a000-000000000001';
const expertId = '60000000-0000-4000-a000-000000000001';
const createdAt = '2026-07-20T08:00:00.000Z';
const now = new Date('2026-08-10T09:00:00.000Z');

class MemoryAssignmentStore implements AssignmentStore {
  entries = new Map<string, AssignmentEntry>();
  /** Changes someone else makes right after the next reads (a concurrent writer). */
  interfere = 0;
  writes = 0;
  async getAssignment(expert: string, need: string) {
    const found = this.entries.get(`${expert}/${need}`);
    if (found && this.interfere > 0) {
      this.interfere--;
      this.entries.set(`${expert}/${need}`, { ...found, version: found.version + 1 });
    }
    return found ? structuredClone(found) : undefined;
  }
  async putAssignment(entry: AssignmentEntry) {
    const key = `${entry.expertCaseId}/${entry.needCaseId}`;
    if (this.entries.has(key)) return 'exists' as const;
    this.entries.set(key, structuredClone(entry));
    return 'written' as const;
  }
  async updateAssignment(changed: AssignmentEntry, readVersion: number) {
    const key = `${changed.expertCaseId}/${changed.needCaseId}`;
    if (this.entries.get(key)?.version !== readVersion) return 'stale' as const;
    this.writes++;
    this.entries.set(key, structuredClone(changed));
    return 'updated' as const;
  }
}

const confirmed = (): AssignmentEntry => ({
  expertCaseId: expertId,
  needCaseId: caseId,
  needReference: 'NEED-2026-000001',
  status: 'confirmed',
  mode: 'on-site',
  window: { from: '2026-09-01', to: '2026-11-30' },
  durationWeeks: 12,
  sector: 'health',
  confirmedAt: '2026-08-01T10:00:00.000Z',
  updatedAt: '2026-08-01T10:00:00.000Z',
  version: 1,
});
const matchedNeed = (): CaseRecord => ({
  caseId,
  reference: 'NEED-2026-000001',
  programme: 'migration-development',
  caseType: 'host-need',
  formId: 'host-institution-need',
  formVersion: 1,
  stage: 'matched',
  status: 'open',
  facts: {
    institutionKind: 'hospital',
    need: {
      status: 'matched',
      sector: 'health',
      skillKeys: ['chirurgie pediatrique'],
      languages: ['fr'],
      mode: 'on-site',
      durationWeeks: 4,
      window: { from: '2026-09-01', to: '2026-11-30' },
      missionCity: 'fes',
      match: { candidateKind: 'expert', candidateCaseId: expertId, confirmedAt: '2026-08-01T10:00:00.000Z', confirmedOn: '2026-08-01' },
    },
  },
  createdAt,
  updatedAt: createdAt,
  version: 1,
});
const example = (step: string, outcome: string) =>
  assignmentSteps.find((s) => s.step === step)!.examples.find((e) => e.outcome === outcome)!;
const task = (taskId: string, step: string, decision: Record<string, unknown>): TaskRecord => ({
  taskId,
  caseId,
  reference: 'NEED-2026-000001',
  programme: 'migration-development',
  step,
  phase: 'assignment',
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
const setup = (tasks: TaskRecord[] = [], record = matchedNeed()) => {
  const store = new MemoryCaseStore(record, tasks);
  const assignments = new MemoryAssignmentStore();
  assignments.entries.set(`${expertId}/${caseId}`, confirmed());
  return { store, assignments, deps: { store, assignments, now: () => now } };
};
const entryOf = (assignments: MemoryAssignmentStore) => assignments.entries.get(`${expertId}/${caseId}`)!;

describe('the assignment entry', () => {
  it('moves confirmed → in-progress → completed or ended-early, and confirmed → ended-early; the same status again is a retry', () => {
    const started = moveAssignment(confirmed(), 'in-progress', { startedOn: '2026-09-01' });
    expect(started).toMatchObject({ status: 'in-progress', startedOn: '2026-09-01', version: 2 });
    const done = moveAssignment(started as AssignmentEntry, 'completed', { endedOn: '2026-09-29' });
    expect(done).toMatchObject({ status: 'completed', endedOn: '2026-09-29', version: 3 });
    expect(moveAssignment(started as AssignmentEntry, 'ended-early')).toMatchObject({ status: 'ended-early' });
    expect(moveAssignment(confirmed(), 'ended-early')).toMatchObject({ status: 'ended-early' });
    expect(moveAssignment(started as AssignmentEntry, 'in-progress')).toBe('already');
  });

  it('refuses any other transition', () => {
    expect(() => moveAssignment(confirmed(), 'completed')).toThrow(AssignmentTransitionRefused);
    const ended = { ...confirmed(), status: 'ended-early' as const };
    expect(() => moveAssignment(ended, 'in-progress')).toThrow(AssignmentTransitionRefused);
    expect(() => moveAssignment({ ...confirmed(), status: 'completed' }, 'ended-early')).toThrow(AssignmentTransitionRefused);
  });

  it('is written over the version read: a concurrent change is read again and retried, five in a row give up', async () => {
    const { assignments, deps } = setup();
    assignments.interfere = 2;
    await moveEntry(deps, expertId, caseId, 'in-progress', { startedOn: '2026-09-01' });
    expect(entryOf(assignments)).toMatchObject({ status: 'in-progress', version: 4 });
    assignments.interfere = 5;
    await expect(moveEntry(deps, expertId, caseId, 'completed')).rejects.toThrow(AssignmentChanged);
    expect(entryOf(assignments).status).toBe('in-progress');
  });

  it('matching’s writer writes an entry once', async () => {
    const assignments = new MemoryAssignmentStore();
    expect(await assignments.putAssignment(confirmed())).toBe('written');
    expect(await assignments.putAssignment({ ...confirmed(), status: 'completed' })).toBe('exists');
  });
});

describe('assignment case actions', () => {
  it('the context: the expert matched, the mode, the window and the duration; the preparation due the day before the window', async () => {
    const { deps } = setup();
    expect(await assignmentContext({ caseId }, deps)).toEqual({
      expertCaseId: expertId,
      mode: 'on-site',
      windowFrom: '2026-09-01',
      windowTo: '2026-11-30',
      durationWeeks: 4,
      plannedStartAt: '2026-09-01T00:00:00.000Z',
      preparationDueAt: '2026-08-31T00:00:00.000Z',
      startOpensAt: '2026-08-27T00:00:00Z',
    });
  });

  it('the context: a window far off is waited for (the start opens EARLY_START_DAYS before it); one already started is due tomorrow', async () => {
    const far = matchedNeed();
    (far.facts.need as { window: object }).window = { from: '2026-10-26', to: '2027-01-31' };
    expect(await assignmentContext({ caseId }, setup([], far).deps)).toMatchObject({
      plannedStartAt: '2026-10-26T00:00:00.000Z',
      preparationDueAt: '2026-10-25T00:00:00.000Z',
      startOpensAt: '2026-10-21T00:00:00Z',
    });
    const started = matchedNeed();
    (started.facts.need as { window: object }).window = { from: '2026-08-01', to: '2026-10-01' };
    expect(await assignmentContext({ caseId }, setup([], started).deps)).toMatchObject({
      plannedStartAt: now.toISOString(),
      preparationDueAt: '2026-08-11T09:00:00.000Z',
      startOpensAt: '2026-08-10T09:00:00Z',
    });
  });

  it('refuses a need not matched to an expert', async () => {
    const returnee = matchedNeed();
    (returnee.facts.need as { match: object }).match = { candidateKind: 'returnee', candidateCaseId: expertId };
    await expect(assignmentContext({ caseId }, setup([], returnee).deps)).rejects.toThrow();
  });

  it('records the preparation as codes and dates (never the notes), once', async () => {
    const { store, assignments, deps } = setup([
      task('t-prep', 'assignment-preparation', example('assignment-preparation', 'travel-arranged')),
    ]);
    await recordAssignmentPreparation({ caseId, taskId: 't-prep' }, deps);
    await recordAssignmentPreparation({ caseId, taskId: 't-prep' }, deps);
    expect(store.record.facts.assignment).toEqual({ expertCaseId: expertId, status: 'preparing', preparation: 't-prep' });
    expect(store.events).toHaveLength(1);
    expect(store.events[0]).toMatchObject({
      type: 'assignment.prepared',
      actor: { kind: 'staff', id: 'caseworker-7' },
      details: { outcome: 'travel-arranged', travelMode: 'air', departureOn: '2026-08-30', arrivalOn: '2026-08-30', lodgingArranged: true },
    });
    expect(JSON.stringify(store.events)).not.toContain('Hotel');
    expect(entryOf(assignments).status).toBe('confirmed');
  });

  it('a cancelled preparation ends the entry early, with the reason’s code in the history', async () => {
    const { store, assignments, deps } = setup([task('t-prep', 'assignment-preparation', example('assignment-preparation', 'cancelled'))]);
    expect(await recordAssignmentPreparation({ caseId, taskId: 't-prep' }, deps)).toEqual({ outcome: 'cancelled' });
    expect(entryOf(assignments)).toMatchObject({ status: 'ended-early', endedOn: '2026-08-10', version: 2 });
    expect(store.events[0]).toMatchObject({ type: 'assignment.cancelled', details: { reasonCode: 'expert-unavailable' } });
    expect(JSON.stringify(store.events)).not.toContain('employer');
  });

  it('the start: the entry in progress, mid-term and planned end from the recorded start, once', async () => {
    const { store, assignments, deps } = setup([task('t-start', 'assignment-start', example('assignment-start', 'started'))]);
    const times = await recordAssignmentStart({ caseId, taskId: 't-start' }, deps);
    expect(times).toEqual({ startedOn: '2026-09-01', midtermAt: '2026-09-15T00:00:00Z', plannedEndAt: '2026-09-29T00:00:00Z' });
    expect(await recordAssignmentStart({ caseId, taskId: 't-start' }, deps)).toEqual(times);
    expect(entryOf(assignments)).toMatchObject({ status: 'in-progress', startedOn: '2026-09-01', version: 2 });
    expect(store.record.facts.assignment).toMatchObject({ status: 'in-progress', startTaskId: 't-start', ...times });
    expect(store.events.map((e) => e.type)).toEqual(['assignment.started']);
  });

  it('a mid-term check with issues records their codes; the end completes the entry', async () => {
    const { store, assignments, deps } = setup([
      task('t-start', 'assignment-start', example('assignment-start', 'started')),
      task('t-mid', 'assignment-midterm-check', example('assignment-midterm-check', 'issues')),
      task('t-end', 'assignment-end', example('assignment-end', 'completed')),
    ]);
    await recordAssignmentStart({ caseId, taskId: 't-start' }, deps);
    await recordAssignmentCheck({ caseId, taskId: 't-mid', check: 'midterm' }, deps);
    expect(entryOf(assignments).status).toBe('in-progress');
    await recordAssignmentCheck({ caseId, taskId: 't-end', check: 'end' }, deps);
    await recordAssignmentCheck({ caseId, taskId: 't-end', check: 'end' }, deps);
    expect(entryOf(assignments)).toMatchObject({ status: 'completed', endedOn: '2026-09-21' });
    expect(store.record.facts.assignment).toMatchObject({ status: 'ended', midterm: 'issues', end: 'completed', endedOn: '2026-09-21' });
    expect(store.events.map((e) => [e.type, e.details.outcome])).toEqual([
      ['assignment.started', undefined],
      ['assignment.midterm-checked', 'issues'],
      ['assignment.ended', 'completed'],
    ]);
    expect(store.events[1]!.details.issueCodes).toEqual(['resources', 'schedule']);
    expect(JSON.stringify(store.events)).not.toContain('training room');
  });

  it('an early end at mid-term ends the entry early, with its reason', async () => {
    const { store, assignments, deps } = setup([
      task('t-start', 'assignment-start', example('assignment-start', 'started')),
      task('t-mid', 'assignment-midterm-check', example('assignment-midterm-check', 'ended-early')),
    ]);
    await recordAssignmentStart({ caseId, taskId: 't-start' }, deps);
    await recordAssignmentCheck({ caseId, taskId: 't-mid', check: 'midterm' }, deps);
    expect(entryOf(assignments)).toMatchObject({ status: 'ended-early', endedOn: '2026-09-10' });
    expect(store.record.facts.assignment).toMatchObject({ end: 'ended-early', endReasonCode: 'health', midterm: 'ended-early' });
  });

  it('the report and the feedback: received (dates, codes, scores) or not received after its rounds, each recorded once', async () => {
    const { store, deps } = setup([
      task('t-start', 'assignment-start', example('assignment-start', 'started')),
      task('t-fb', 'assignment-institution-feedback', example('assignment-institution-feedback', 'received')),
    ]);
    await recordAssignmentStart({ caseId, taskId: 't-start' }, deps);
    await recordAssignmentReporting({ caseId, part: 'feedback', outcome: 'received', rounds: 2, taskId: 't-fb' }, deps);
    await recordAssignmentReporting({ caseId, part: 'report', outcome: 'not-received', rounds: 3 }, deps);
    await recordAssignmentReporting({ caseId, part: 'report', outcome: 'not-received', rounds: 3 }, deps);
    expect(store.record.facts.assignment).toMatchObject({
      feedback: { status: 'received', rounds: 2, receivedOn: '2026-09-30' },
      report: { status: 'not-received', rounds: 3 },
    });
    expect(store.events.slice(1).map((e) => e.type)).toEqual(['assignment.feedback-received', 'assignment.report-not-received']);
    expect(store.events[1]!.details).toMatchObject({ satisfaction: { objectivesMet: 4 }, wouldHostAgain: true });
    expect(store.events[2]!.actor).toEqual({ kind: 'system', id: 'workflow' });
    expect(JSON.stringify(store.events)).not.toContain('follow-up mission');
  });

  it('an end nobody recorded: the case’s facts and the entry both say ended early', async () => {
    const { store, assignments, deps } = setup([task('t-start', 'assignment-start', example('assignment-start', 'started'))]);
    await recordAssignmentStart({ caseId, taskId: 't-start' }, deps);
    expect(store.record.facts.assignment).toMatchObject({ status: 'in-progress' });
    await recordAssignmentStalled({ caseId, step: 'assignment-end' }, deps);
    expect(entryOf(assignments)).toMatchObject({ status: 'ended-early', endedOn: '2026-08-10' });
    expect(store.record.facts.assignment).toMatchObject({
      status: 'ended',
      end: 'ended-early',
      endedOn: '2026-08-10',
      startedOn: '2026-09-01',
      stalledStep: 'assignment-end',
    });
  });

  it('the report’s document reference (typed by hand) stays on the task item: not in the history, not in the workflow’s result', async () => {
    const { store, deps } = setup([
      task('t-start', 'assignment-start', example('assignment-start', 'started')),
      task('t-rep', 'assignment-expert-report', {
        ...example('assignment-expert-report', 'received'),
        documentReference: 'Rapport-Karim.Bennani',
      }),
    ]);
    await recordAssignmentStart({ caseId, taskId: 't-start' }, deps);
    await recordAssignmentReporting({ caseId, part: 'report', outcome: 'received', rounds: 1, taskId: 't-rep' }, deps);
    expect(store.events[1]).toMatchObject({
      type: 'assignment.report-received',
      details: { deliverables: ['mission-report', 'training-delivered'] },
    });
    expect(JSON.stringify(store.events)).not.toContain('Bennani');
    expect(JSON.stringify(store.record.facts)).not.toContain('Bennani');
    const sent = withoutFreeText({ ...example('assignment-expert-report', 'received'), documentReference: 'Rapport-Karim.Bennani' });
    expect(JSON.stringify(sent)).not.toContain('Bennani');
    expect(sent).toMatchObject({ outcome: 'received', receivedOn: '2026-09-28' });
  });

  it('a step nobody recorded ends the entry early (not a completed one)', async () => {
    const { store, assignments, deps } = setup();
    await recordAssignmentStalled({ caseId, step: 'assignment-preparation' }, deps);
    await recordAssignmentStalled({ caseId, step: 'assignment-preparation' }, deps);
    expect(store.events).toHaveLength(1);
    expect(store.record.facts.assignment).toMatchObject({
      stalledStep: 'assignment-preparation',
      status: 'ended',
      end: 'ended-early',
      endedOn: '2026-08-10',
    });
    expect(entryOf(assignments)).toMatchObject({ status: 'ended-early', endedOn: '2026-08-10' });
    expect(store.events[0]).toMatchObject({
      type: 'assignment.stalled',
      details: { step: 'assignment-preparation', expertCaseId: expertId },
    });
    const done = setup();
    done.assignments.entries.set(`${expertId}/${caseId}`, { ...confirmed(), status: 'completed', version: 3 });
    await recordAssignmentStalled({ caseId, step: 'assignment-end' }, done.deps);
    expect(entryOf(done.assignments)).toMatchObject({ status: 'completed', version: 3 });
  });
});
