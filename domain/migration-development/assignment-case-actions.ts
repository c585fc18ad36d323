// What the assignment's workflow (phase `assignment` of a matched host-need case) does to its case
// and to the expert's assignment entry between human steps. The decisions are read from their task
// items (their notes stay there); the case's `facts.assignment` and its history get codes, dates,
// numbers and flags only.
//
// The assignment entry (`EXPERT#{expertCaseId}` / `ASSIGNMENT#{needCaseId}`, docs/data-model.md) is
// written by matching at confirmation (status `confirmed`) and moved on here, each change
// conditional on the version read: confirmed → in-progress (started) or ended-early (cancelled
// during preparation); in-progress → completed or ended-early. The entry moves first and the case
// second: a retry after a failure in between finds the entry already where it goes and moves on.
import { CaseNotFound } from '../errors.ts';
import { event, system, withCase, type Deps } from '../cases/case-actions.ts';
import type { Actor, CaseRecord } from '../cases/model.ts';
import type { TaskRecord } from '../tasks/model.ts';
import type { NeedFacts } from './need-case-actions.ts';
import { missionDate } from '../calendar.ts';
import { EARLY_START_DAYS } from './assignment-steps.ts';

const DAY = 86_400_000;

export const ASSIGNMENT_STATUSES = ['confirmed', 'in-progress', 'completed', 'ended-early'] as const;
export type AssignmentStatus = (typeof ASSIGNMENT_STATUSES)[number];

/**
 * An expert's assignment to a need (item `EXPERT#{expertCaseId}` / `ASSIGNMENT#{needCaseId}`): one per
 * (expert, need), so that an expert holds several over the years. Matching writes it at confirmation
 * (`confirmedAssignment`, status `confirmed`, version 1), the assignment workflow moves it on over the
 * version it read, GET /experts/{caseId}/assignments lists it. Ids, codes and dates only.
 */
export interface AssignmentEntry {
  expertCaseId: string;
  needCaseId: string;
  needReference: string;
  status: AssignmentStatus;
  mode: NeedFacts['mode'];
  window: { from: string; to: string };
  durationWeeks: number;
  sector: string;
  confirmedAt: string;
  startedOn?: string;
  endedOn?: string;
  updatedAt: string;
  version: number;
}

/** The entry matching writes in the confirmation's transaction for the expert it confirmed. */
export function confirmedAssignment(
  need: Pick<NeedFacts, 'mode' | 'window' | 'sector' | 'durationWeeks'>,
  needCase: { caseId: string; reference: string },
  expertCaseId: string,
  at: string,
): AssignmentEntry {
  return {
    expertCaseId,
    needCaseId: needCase.caseId,
    needReference: needCase.reference,
    status: 'confirmed',
    mode: need.mode,
    window: need.window,
    // An expert's mission always has its weeks (the validation requires them).
    durationWeeks: need.durationWeeks ?? 0,
    sector: need.sector,
    confirmedAt: at,
    updatedAt: at,
    version: 1,
  };
}

const NEXT: Record<AssignmentStatus, readonly AssignmentStatus[]> = {
  confirmed: ['in-progress', 'ended-early'],
  'in-progress': ['completed', 'ended-early'],
  completed: [],
  'ended-early': [],
};

/** A change of status the entry does not allow (a completed assignment started again). */
export class AssignmentTransitionRefused extends Error {
  constructor(
    readonly from: AssignmentStatus,
    readonly to: AssignmentStatus,
  ) {
    super(`assignment ${from} cannot become ${to}`);
  }
}

/** The entry changed by someone else between this action's read and its write, five times in a row. */
export class AssignmentChanged extends Error {
  constructor() {
    super('assignment entry changed');
  }
}

/**
 * The entry moved to `to` (with its dates), or 'already' when it is there (a retry); refuses any other
 * transition. Pure: the store writes it over the version read.
 */
export function moveAssignment(
  entry: AssignmentEntry,
  to: AssignmentStatus,
  dates: { startedOn?: string; endedOn?: string; updatedAt?: string } = {},
): AssignmentEntry | 'already' {
  if (entry.status === to) return 'already';
  if (!NEXT[entry.status].includes(to)) throw new AssignmentTransitionRefused(entry.status, to);
  return { ...entry, ...dates, status: to, version: entry.version + 1 };
}

export interface AssignmentStore {
  getAssignment(expertCaseId: string, needCaseId: string): Promise<AssignmentEntry | undefined>;
  /** Matching's writer: the entry at version 1; 'exists' when the expert already has it. */
  putAssignment(entry: AssignmentEntry): Promise<'written' | 'exists'>;
  /** `changed` over the version it was read at; 'stale' when the entry changed meanwhile (or is gone). */
  updateAssignment(changed: AssignmentEntry, readVersion: number): Promise<'updated' | 'stale'>;
}

export type AssignmentDeps = Deps & { assignments: AssignmentStore };

/** Re-reads the entry and moves it, retrying over a concurrent change; a missing entry is an error. */
export async function moveEntry(
  deps: AssignmentDeps,
  expertCaseId: string,
  needCaseId: string,
  to: AssignmentStatus,
  dates: { startedOn?: string; endedOn?: string } = {},
): Promise<void> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const entry = await deps.assignments.getAssignment(expertCaseId, needCaseId);
    if (!entry) throw new CaseNotFound(needCaseId);
    const changed = moveAssignment(entry, to, { ...dates, updatedAt: deps.now().toISOString() });
    if (changed === 'already') return;
    if ((await deps.assignments.updateAssignment(changed, entry.version)) === 'updated') return;
  }
  throw new AssignmentChanged();
}

/** What the phase records on the need case, beside `facts.need` (codes, dates, numbers and flags). */
export interface AssignmentFacts {
  expertCaseId: string;
  status: 'preparing' | 'cancelled' | 'in-progress' | 'ended';
  preparation?: string;
  startTaskId?: string;
  startedOn?: string;
  midtermAt?: string;
  plannedEndAt?: string;
  midterm?: string;
  end?: 'completed' | 'ended-early';
  endedOn?: string;
  endReasonCode?: string;
  report?: ReportingRecord;
  feedback?: ReportingRecord;
  /** The step nobody recorded, before the need closed. */
  stalledStep?: string;
}
interface ReportingRecord {
  status: 'received' | 'not-received';
  rounds: number;
  receivedOn?: string;
}

interface MatchedNeed {
  need: NeedFacts & { status: string; match?: { candidateKind?: string; candidateCaseId?: string } };
  expertCaseId: string;
}

function matchedNeed(found: CaseRecord): MatchedNeed {
  const need = found.facts.need as MatchedNeed['need'] | undefined;
  const match = need?.match;
  if (!need || match?.candidateKind !== 'expert' || typeof match.candidateCaseId !== 'string') throw new CaseNotFound(found.caseId);
  return { need, expertCaseId: match.candidateCaseId };
}

/** A Wait state's timestamp: whole seconds, UTC. */
const timestamp = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
const assignmentOf = (found: CaseRecord): AssignmentFacts | undefined => found.facts.assignment as AssignmentFacts | undefined;
const withAssignment = (found: CaseRecord, assignment: AssignmentFacts, at: string): Partial<CaseRecord> => ({
  facts: { ...found.facts, assignment: assignment as unknown as Record<string, unknown> },
  updatedAt: at,
});
const actorOf = (task: TaskRecord, completedBy?: string): Actor => {
  const by = task.completedBy ?? completedBy;
  return by ? { kind: 'staff', id: by } : system;
};

/**
 * The workflow's context (ids, codes and dates): the expert matched, the mode, the window and the
 * duration; the planned start (the window's start, or now if it has started); when the preparation
 * is due (the day before, at least a day from now); and when the start step opens, EARLY_START_DAYS
 * before the planned start (the earliest start it accepts), the workflow waiting until then. The
 * window starts at most NEED_WINDOW_MAX_LEAD_DAYS after the need's validation (need-steps.ts), so
 * the wait stays within the phase's timeout (docs/workflows/migration-development.md).
 */
export async function assignmentContext(input: { caseId: string }, deps: AssignmentDeps) {
  const found = await deps.store.getCase(input.caseId);
  if (!found) throw new CaseNotFound(input.caseId);
  const { need, expertCaseId } = matchedNeed(found);
  const now = deps.now().getTime();
  const windowStart = Date.parse(`${need.window.from}T00:00:00Z`);
  const plannedStart = Math.max(windowStart, now);
  const preparationDue = Math.max(plannedStart - DAY, now + DAY);
  const startOpens = Math.max(plannedStart - EARLY_START_DAYS * DAY, now);
  return {
    expertCaseId,
    mode: need.mode,
    windowFrom: need.window.from,
    windowTo: need.window.to,
    durationWeeks: need.durationWeeks,
    plannedStartAt: new Date(plannedStart).toISOString(),
    preparationDueAt: new Date(preparationDue).toISOString(),
    startOpensAt: timestamp(startOpens),
  };
}

async function decidedTask(caseId: string, taskId: string, deps: Deps): Promise<TaskRecord & { decision: Record<string, unknown> }> {
  const task = await deps.store.getTask(taskId);
  if (!task || task.caseId !== caseId || !task.decision) throw new CaseNotFound(caseId);
  return task as TaskRecord & { decision: Record<string, unknown> };
}

/** The preparation: the case records what was arranged (codes), or the cancellation (the entry ends early). */
export async function recordAssignmentPreparation(
  input: { caseId: string; taskId: string; completedBy?: string },
  deps: AssignmentDeps,
): Promise<{ outcome: string }> {
  const task = await decidedTask(input.caseId, input.taskId, deps);
  const d = task.decision;
  const outcome = String(d.outcome);
  const found = await deps.store.getCase(input.caseId);
  if (!found) throw new CaseNotFound(input.caseId);
  const { expertCaseId } = matchedNeed(found);
  if (outcome === 'cancelled') await moveEntry(deps, expertCaseId, input.caseId, 'ended-early', { endedOn: missionDate(deps.now()) });
  await withCase(input.caseId, deps, async (current, at) => {
    if (current.status === 'closed' || assignmentOf(current)?.preparation === input.taskId) return 'done';
    const assignment: AssignmentFacts = {
      expertCaseId,
      status: outcome === 'cancelled' ? 'cancelled' : 'preparing',
      preparation: input.taskId,
    };
    const details =
      outcome === 'travel-arranged'
        ? { travelMode: d.travelMode, departureOn: d.departureOn, arrivalOn: d.arrivalOn, lodgingArranged: d.lodgingArranged }
        : outcome === 'online-set-up'
          ? { platform: d.platform, accessTested: d.accessTested }
          : { reasonCode: d.reasonCode };
    return deps.store.updateCase(
      current,
      withAssignment(current, assignment, at),
      event(
        current.caseId,
        at,
        outcome === 'cancelled' ? 'assignment.cancelled' : 'assignment.prepared',
        actorOf(task, input.completedBy),
        {
          taskId: input.taskId,
          expertCaseId,
          outcome,
          ...details,
        },
      ),
    );
  });
  return { outcome };
}

/**
 * The date it actually started: the entry `in-progress`, and the case's mid-term and planned end
 * (start + half the duration, start + the duration), which the workflow waits for.
 */
export async function recordAssignmentStart(
  input: { caseId: string; taskId: string; completedBy?: string },
  deps: AssignmentDeps,
): Promise<{ startedOn: string; midtermAt: string; plannedEndAt: string }> {
  const task = await decidedTask(input.caseId, input.taskId, deps);
  const startedOn = String(task.decision.startedOn);
  const found = await deps.store.getCase(input.caseId);
  if (!found) throw new CaseNotFound(input.caseId);
  const { expertCaseId, need } = matchedNeed(found);
  const start = Date.parse(`${startedOn}T00:00:00Z`);
  // An expert mission always has its duration (need-steps.ts: `engagement_terms_mismatch`).
  if (need.durationWeeks === undefined) throw new Error(`need ${input.caseId} has no duration`);
  const days = need.durationWeeks * 7;
  const times = {
    startedOn,
    midtermAt: timestamp(start + Math.round(days / 2) * DAY),
    plannedEndAt: timestamp(start + days * DAY),
  };
  await moveEntry(deps, expertCaseId, input.caseId, 'in-progress', { startedOn });
  await withCase(input.caseId, deps, async (current, at) => {
    const previous = assignmentOf(current);
    if (current.status === 'closed' || previous?.startTaskId === input.taskId) return 'done';
    return deps.store.updateCase(
      current,
      withAssignment(current, { ...previous, expertCaseId, status: 'in-progress', startTaskId: input.taskId, ...times }, at),
      event(current.caseId, at, 'assignment.started', actorOf(task, input.completedBy), { taskId: input.taskId, expertCaseId, ...times }),
    );
  });
  return times;
}

/** The mid-term check (on track, issues by code) or the end: an end (early or not) ends the entry. */
export async function recordAssignmentCheck(
  input: { caseId: string; taskId: string; check: 'midterm' | 'end'; completedBy?: string },
  deps: AssignmentDeps,
): Promise<{ outcome: string }> {
  const task = await decidedTask(input.caseId, input.taskId, deps);
  const d = task.decision;
  const outcome = String(d.outcome);
  const found = await deps.store.getCase(input.caseId);
  if (!found) throw new CaseNotFound(input.caseId);
  const { expertCaseId } = matchedNeed(found);
  const ends = outcome === 'completed' || outcome === 'ended-early';
  const endedOn = ends ? String(d.endedOn) : undefined;
  if (ends) await moveEntry(deps, expertCaseId, input.caseId, outcome === 'completed' ? 'completed' : 'ended-early', { endedOn });
  await withCase(input.caseId, deps, async (current, at) => {
    const previous = assignmentOf(current) ?? { expertCaseId, status: 'in-progress' as const };
    if (current.status === 'closed' || (input.check === 'midterm' ? previous.midterm : previous.end) !== undefined) return 'done';
    const assignment: AssignmentFacts = {
      ...previous,
      ...(input.check === 'midterm' ? { midterm: outcome } : {}),
      ...(ends
        ? {
            status: 'ended',
            end: outcome,
            endedOn,
            ...(typeof d.reasonCode === 'string' ? { endReasonCode: d.reasonCode } : {}),
          }
        : {}),
    };
    const type = input.check === 'midterm' ? 'assignment.midterm-checked' : 'assignment.ended';
    return deps.store.updateCase(
      current,
      withAssignment(current, assignment, at),
      event(current.caseId, at, type, actorOf(task, input.completedBy), {
        taskId: input.taskId,
        outcome,
        ...(Array.isArray(d.issueCodes) ? { issueCodes: d.issueCodes } : {}),
        ...(endedOn ? { endedOn } : {}),
        ...(typeof d.reasonCode === 'string' ? { reasonCode: d.reasonCode } : {}),
      }),
    );
  });
  return { outcome };
}

/**
 * The expert's report or the institution's feedback: received (its date, the deliverables' codes or
 * the satisfaction scores) or not received after every round of reminders. Recorded once.
 */
export async function recordAssignmentReporting(
  input: { caseId: string; part: 'report' | 'feedback'; outcome: 'received' | 'not-received'; rounds: number; taskId?: string },
  deps: AssignmentDeps,
): Promise<void> {
  const task = input.outcome === 'received' && input.taskId ? await decidedTask(input.caseId, input.taskId, deps) : undefined;
  const d = task?.decision ?? {};
  await withCase(input.caseId, deps, async (found, at) => {
    const previous = assignmentOf(found);
    if (found.status === 'closed' || !previous || previous[input.part] !== undefined) return 'done';
    const record: ReportingRecord = {
      status: input.outcome,
      rounds: input.rounds,
      ...(typeof d.receivedOn === 'string' ? { receivedOn: d.receivedOn } : {}),
    };
    const details =
      input.part === 'report'
        ? // The document's reference is typed by hand (it may carry a name): it stays on the task item.
          { deliverables: d.deliverables }
        : { satisfaction: d.satisfaction, wouldHostAgain: d.wouldHostAgain };
    return deps.store.updateCase(
      found,
      withAssignment(found, { ...previous, [input.part]: record }, at),
      event(found.caseId, at, `assignment.${input.part}-${input.outcome}`, task ? actorOf(task) : system, {
        ...(input.taskId ? { taskId: input.taskId } : {}),
        ...record,
        ...(task ? Object.fromEntries(Object.entries(details).filter(([, v]) => v !== undefined)) : {}),
      }),
    );
  });
}

/**
 * A preparation, a start or an end nobody recorded (after its reminders, escalation and timeout): the
 * entry ends early (it never started, or its end is unknown), before the workflow closes the need.
 */
export async function recordAssignmentStalled(input: { caseId: string; step: string }, deps: AssignmentDeps): Promise<void> {
  const found = await deps.store.getCase(input.caseId);
  if (!found) throw new CaseNotFound(input.caseId);
  const { expertCaseId } = matchedNeed(found);
  const entry = await deps.assignments.getAssignment(expertCaseId, input.caseId);
  const endedOn = missionDate(deps.now());
  if (entry && entry.status !== 'completed') await moveEntry(deps, expertCaseId, input.caseId, 'ended-early', { endedOn });
  // The case's facts say what the entry says: ended early (on the day it stalled), or completed.
  const read = entry ? await deps.assignments.getAssignment(expertCaseId, input.caseId) : undefined;
  const ended: Partial<AssignmentFacts> =
    read?.status === 'completed'
      ? { status: 'ended', end: 'completed', ...(read.endedOn ? { endedOn: read.endedOn } : {}) }
      : { status: 'ended', end: 'ended-early', endedOn: read?.endedOn ?? endedOn };
  await withCase(input.caseId, deps, async (current, at) => {
    const previous = assignmentOf(current);
    if (current.status === 'closed' || previous?.stalledStep === input.step) return 'done';
    return deps.store.updateCase(
      current,
      withAssignment(current, { expertCaseId, ...previous, ...ended, stalledStep: input.step } as AssignmentFacts, at),
      event(current.caseId, at, 'assignment.stalled', system, { step: input.step, expertCaseId }),
    );
  });
}
