// What the capacity-building workflow does to an association's case between human steps: reads the
// instrument and the date of its assessment, records the approved plan (and when the months of
// activities end), adds up the trainings and coaching recorded, and sets the reassessment beside the
// baseline per domain. Facts and history hold codes, numbers, dates and ids only: the plan's actions,
// their owners and the activities' titles stay on the task items that recorded them.
import { CaseNotFound } from '../errors.ts';
import { event, system, withCase, type Deps } from '../cases/case-actions.ts';
import type { Actor } from '../cases/model.ts';
import type { TaskRecord } from '../tasks/model.ts';
import {
  baselineOf,
  compareScores,
  domainScores,
  instrumentVersionOf,
  overallScore,
  type DomainComparison,
  type InstrumentVersion,
  type Scores,
} from './capacity-instrument.ts';

/** The plan's approver: the approval is mission staff's step (caseworker or supervisor). */
const actor = (id: string | undefined): Actor => (id ? { kind: 'staff', id } : system);
/** Who completed a task, as its item records them: a partner association's user or mission staff. */
const completer = (task: TaskRecord, id: string | undefined): Actor => (id ? { kind: task.completedByKind ?? 'staff', id } : system);

/**
 * A reassessment reached the workflow on another instrument than the first assessment's. The step
 * refuses that (422, `instrument_mismatch`), so this is a defect, not an outcome: never retried, the
 * workflow catches it by its name and closes the case saying so (never compared unlike with unlike).
 */
export class ReassessmentOnAnotherInstrument extends Error {
  override readonly name = 'Capacity.InstrumentMismatch';
  constructor(
    readonly expected: InstrumentVersion,
    readonly given: InstrumentVersion,
  ) {
    super(`reassessment on another instrument (${given}) than the first assessment's (${expected})`);
  }
}

/** What the plan and its checks need: the case's instrument and the date of its assessment. */
export async function capacityContext(
  input: { caseId: string },
  deps: Deps,
): Promise<{ instrumentVersion: InstrumentVersion; assessmentDate: string | null }> {
  const found = await deps.store.getCase(input.caseId);
  if (!found) throw new CaseNotFound(input.caseId);
  return {
    instrumentVersion: instrumentVersionOf(found.facts),
    assessmentDate: typeof found.facts.assessmentDate === 'string' ? found.facts.assessmentDate : null,
  };
}

/** The monthly checkpoints after an approval: the end of each month of activities, the last one the reassessment's date. */
export function activityCheckpoints(approvedAt: Date, months: number): string[] {
  return Array.from({ length: months }, (_, index) => {
    const at = new Date(approvedAt);
    const dayOfMonth = at.getUTCDate();
    at.setUTCDate(1);
    at.setUTCMonth(at.getUTCMonth() + index + 1);
    // The 31st of a shorter month is its last day.
    const lastDay = new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth() + 1, 0)).getUTCDate();
    at.setUTCDate(Math.min(dayOfMonth, lastDay));
    return at.toISOString();
  });
}

export interface CapacityPlanFacts {
  planTaskId: string;
  actionCount: number;
  domains: string[];
  approvedOn: string;
  reassessmentAfterMonths: number;
  reassessmentDueOn: string;
}

/**
 * The approved plan on the case (its task id, how many actions, on which domains, when approved and
 * when the reassessment is due); answers the monthly checkpoints of the activities.
 */
export async function recordCapacityPlan(
  input: { caseId: string; planTaskId: string; approvedAt: string; approvedBy?: string; reassessmentAfterMonths: number },
  deps: Deps,
): Promise<{ approvedOn: string; checkpoints: string[]; instrumentVersion: InstrumentVersion }> {
  const task = await deps.store.getTask(input.planTaskId);
  const actions = task?.caseId === input.caseId ? (task.decision?.actions as { domain: string }[] | undefined) : undefined;
  if (!actions) throw new CaseNotFound(input.caseId);
  const checkpoints = activityCheckpoints(new Date(input.approvedAt), input.reassessmentAfterMonths);
  const plan: CapacityPlanFacts = {
    planTaskId: input.planTaskId,
    actionCount: actions.length,
    domains: [...new Set(actions.map((a) => a.domain))],
    approvedOn: input.approvedAt.slice(0, 10),
    reassessmentAfterMonths: input.reassessmentAfterMonths,
    reassessmentDueOn: checkpoints.at(-1)!.slice(0, 10),
  };
  let instrumentVersion: InstrumentVersion = 1;
  await withCase(input.caseId, deps, async (found, at) => {
    instrumentVersion = instrumentVersionOf(found.facts);
    const existing = found.facts.capacityPlan as CapacityPlanFacts | undefined;
    if (existing?.planTaskId === input.planTaskId) return 'done';
    return deps.store.updateCase(
      found,
      { facts: { ...found.facts, capacityPlan: { ...plan } }, updatedAt: at },
      event(found.caseId, at, 'capacity.plan-approved', actor(input.approvedBy), { ...plan, domains: [...plan.domains] }),
    );
  });
  return { approvedOn: plan.approvedOn, checkpoints, instrumentVersion };
}

export interface CapacityActivityTotals {
  /** The activity tasks counted (a retry counts nothing twice). */
  taskIds: string[];
  trainings: number;
  coachingSessions: number;
  hours: number;
  participants: number;
  /** Hours per domain. */
  hoursByDomain: Record<string, number>;
}

type Activity = { kind: 'training' | 'coaching'; domain: string; hours: number; participants: number };

/** A month's trainings and coaching, added to the case's totals (counts and hours by domain). */
export async function recordCapacityActivities(input: { caseId: string; taskId: string; completedBy?: string }, deps: Deps): Promise<void> {
  const task = await deps.store.getTask(input.taskId);
  const activities = task?.caseId === input.caseId ? (task.decision?.activities as Activity[] | undefined) : undefined;
  if (!task || !activities) throw new CaseNotFound(input.caseId);
  await withCase(input.caseId, deps, async (found, at) => {
    const totals: CapacityActivityTotals = structuredClone(
      (found.facts.capacityActivities as CapacityActivityTotals | undefined) ?? {
        taskIds: [],
        trainings: 0,
        coachingSessions: 0,
        hours: 0,
        participants: 0,
        hoursByDomain: {},
      },
    );
    if (totals.taskIds.includes(input.taskId)) return 'done';
    totals.taskIds.push(input.taskId);
    for (const a of activities) {
      if (a.kind === 'training') totals.trainings += 1;
      else totals.coachingSessions += 1;
      totals.hours += a.hours;
      totals.participants += a.participants;
      totals.hoursByDomain[a.domain] = (totals.hoursByDomain[a.domain] ?? 0) + a.hours;
    }
    return deps.store.updateCase(
      found,
      { facts: { ...found.facts, capacityActivities: totals }, updatedAt: at },
      event(found.caseId, at, 'capacity.activities-recorded', completer(task, input.completedBy), {
        taskId: input.taskId,
        trainings: activities.filter((a) => a.kind === 'training').length,
        coachingSessions: activities.filter((a) => a.kind === 'coaching').length,
        hours: activities.reduce((sum, a) => sum + a.hours, 0),
        domains: [...new Set(activities.map((a) => a.domain))],
      }),
    );
  });
}

export interface CapacityReassessmentFacts {
  taskId: string;
  instrumentVersion: InstrumentVersion;
  assessmentDate: string;
  domainScores: Record<string, number>;
  overallScore: number;
}

/**
 * The reassessment on the case beside the baseline: per domain the first score, the new one and the
 * change (`capacityComparison`), and the overall change. Only on the baseline's instrument.
 */
export async function recordCapacityReassessment(
  input: { caseId: string; taskId: string; completedBy?: string },
  deps: Deps,
): Promise<{ comparison: DomainComparison[] }> {
  const task = await deps.store.getTask(input.taskId);
  const decision =
    task?.caseId === input.caseId
      ? (task.decision as { instrumentVersion: InstrumentVersion; assessmentDate: string; scores: Scores } | undefined)
      : undefined;
  if (!task || !decision?.scores) throw new CaseNotFound(input.caseId);
  let comparison: DomainComparison[] = [];
  await withCase(input.caseId, deps, async (found, at) => {
    const baseline = baselineOf(found.facts);
    // The step's context rule refused any other instrument: like is compared with like.
    if (decision.instrumentVersion !== baseline.instrumentVersion)
      throw new ReassessmentOnAnotherInstrument(baseline.instrumentVersion, decision.instrumentVersion);
    const byDomain = domainScores(decision.instrumentVersion, decision.scores);
    comparison = compareScores(baseline.instrumentVersion, baseline.domainScores, byDomain);
    const existing = found.facts.capacityReassessment as CapacityReassessmentFacts | undefined;
    if (existing?.taskId === input.taskId) return 'done';
    const reassessment: CapacityReassessmentFacts = {
      taskId: input.taskId,
      instrumentVersion: decision.instrumentVersion,
      assessmentDate: decision.assessmentDate,
      domainScores: byDomain,
      overallScore: overallScore(byDomain),
    };
    const baselineOverall = overallScore(baseline.domainScores);
    const overall = {
      baseline: baselineOverall,
      reassessment: reassessment.overallScore,
      change: Math.round((reassessment.overallScore - baselineOverall) * 10) / 10,
    };
    return deps.store.updateCase(
      found,
      {
        facts: {
          ...found.facts,
          capacityReassessment: reassessment,
          capacityComparison: comparison.map((c) => ({ ...c })),
          capacityOverallChange: overall,
        },
        updatedAt: at,
      },
      event(found.caseId, at, 'capacity.reassessed', completer(task, input.completedBy), {
        taskId: input.taskId,
        instrumentVersion: reassessment.instrumentVersion,
        comparison: comparison.map((c) => ({ ...c })),
        overall,
      }),
    );
  });
  return { comparison };
}
