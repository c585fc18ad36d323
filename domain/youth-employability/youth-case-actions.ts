// What the youth track's workflow does to its case between human steps: the track chosen at
// orientation, each milestone, the exit, each follow-up (with whether a job was kept at 90 days)
// and the missed ones. Each action is given the completed task's id and reads the decision from the
// task item, where it stays: the case's `facts.youth` and its history hold codes and dates only
// (never notes or an evidence's reference). Every action is idempotent (a retry writes nothing).
import { CaseNotFound } from '../errors.ts';
import { event, system, withCase, type Deps } from '../cases/case-actions.ts';
import type { Actor, CaseRecord } from '../cases/model.ts';
import { SOFT_SKILLS, type MilestoneType } from './youth-steps.ts';
import { missionDate } from '../calendar.ts';

const DAY = 86_400_000;
/** A job counts as kept when held for at least this many days at a follow-up (donors' usual "placed" rule). */
export const JOB_KEPT_DAYS = 90;

/** The day an action is recorded on, in Morocco (domain/calendar.ts). */
const dayOf = (at: string) => missionDate(new Date(at));

export interface YouthMilestoneFact {
  taskId: string;
  type: MilestoneType;
  date: string;
  evidenceKind: string;
  sector?: string;
  employment?: string;
  contract?: string;
  level?: string;
  moment?: 'before' | 'after';
  /** Soft-skills assessment: the mean of its scores (1 to 5), two decimals. */
  softSkillsMean?: number;
}

export interface YouthFollowUpFact {
  outcome: 'reached' | 'unreachable' | 'missed';
  recordedOn: string;
  status?: 'employed' | 'studying' | 'neither';
  since?: string;
  employment?: string;
  sector?: string;
  level?: string;
  jobKeptAt90Days?: boolean;
}

/** `facts.youth` of a youth-enrolment case (docs/data-model.md). */
export interface YouthFacts {
  orientation?: { outcome: 'oriented' | 'not-continuing'; track?: string; activities?: string[]; reasonCode?: string; on: string };
  milestones?: YouthMilestoneFact[];
  softSkillsBeforeOn?: string;
  softSkillsChange?: number;
  progressNotRecorded?: number;
  /** The last round counted in `progressNotRecorded` (`{executionName}#{round}`): a retry of it counts nothing. */
  progressNotRecordedRound?: string;
  exit?: { outcome: 'completed' | 'dropped-out'; date: string; reasonCode?: string };
  followUps?: Record<string, YouthFollowUpFact>;
  jobKeptAt90Days?: boolean;
}

const youthOf = (found: CaseRecord): YouthFacts => ({ ...((found.facts.youth as YouthFacts | undefined) ?? {}) });
const withYouth = (found: CaseRecord, youth: YouthFacts) => ({ facts: { ...found.facts, youth } });

/**
 * The completed task's decision, and who completed it as the case history names them: a partner
 * association's user as `partner`, mission staff as `staff` (as the task item records it, like the
 * `task.completed` event). A task completed before the item recorded the kind reads as staff.
 */
async function completedTask(
  taskId: string,
  caseId: string,
  deps: Deps,
  completedBy?: string,
): Promise<{ decision: Record<string, unknown>; actor: Actor }> {
  const task = await deps.store.getTask(taskId);
  if (!task || task.caseId !== caseId || !task.decision) throw new CaseNotFound(caseId);
  const id = task.completedBy ?? completedBy;
  return { decision: task.decision, actor: id ? { kind: task.completedByKind ?? 'staff', id } : system };
}

/** What the track's tasks are checked against: the enrolment date, and whether a "before" soft-skills assessment is recorded. */
export async function youthContext(
  input: { caseId: string },
  deps: Deps,
): Promise<{ enrolmentDate: string | null; softSkillsBeforeOn: string | null }> {
  const found = await deps.store.getCase(input.caseId);
  if (!found) throw new CaseNotFound(input.caseId);
  const enrolmentDate = typeof found.facts.enrolmentDate === 'string' ? found.facts.enrolmentDate : null;
  return { enrolmentDate, softSkillsBeforeOn: youthOf(found).softSkillsBeforeOn ?? null };
}

export async function recordYouthOrientation(input: { caseId: string; taskId: string; completedBy?: string }, deps: Deps): Promise<void> {
  const { decision: recorded, actor } = await completedTask(input.taskId, input.caseId, deps, input.completedBy);
  const decision = recorded as {
    outcome: 'oriented' | 'not-continuing';
    track?: string;
    plan?: { activity: string }[];
    reasonCode?: string;
  };
  await withCase(input.caseId, deps, async (found, at) => {
    const youth = youthOf(found);
    if (youth.orientation) return 'done';
    const orientation: NonNullable<YouthFacts['orientation']> =
      decision.outcome === 'oriented'
        ? {
            outcome: 'oriented',
            track: decision.track!,
            activities: [...new Set((decision.plan ?? []).map((a) => a.activity))],
            on: dayOf(at),
          }
        : { outcome: 'not-continuing', reasonCode: decision.reasonCode!, on: dayOf(at) };
    return deps.store.updateCase(
      found,
      { ...withYouth(found, { ...youth, orientation }), updatedAt: at },
      event(found.caseId, at, 'youth.orientation-recorded', actor, {
        taskId: input.taskId,
        outcome: orientation.outcome,
        ...(orientation.track ? { track: orientation.track, activities: orientation.activities } : {}),
        ...(orientation.reasonCode ? { reasonCode: orientation.reasonCode } : {}),
      }),
    );
  });
}

const mean = (scores: Record<string, number>) =>
  Math.round((SOFT_SKILLS.reduce((sum, skill) => sum + (scores[skill] ?? 0), 0) / SOFT_SKILLS.length) * 100) / 100;

/** One milestone (codes and its date; the evidence's kind, never its reference). */
export async function recordYouthMilestone(input: { caseId: string; taskId: string; completedBy?: string }, deps: Deps): Promise<void> {
  const { decision: recorded, actor } = await completedTask(input.taskId, input.caseId, deps, input.completedBy);
  const decision = recorded as {
    milestone?: {
      type: MilestoneType;
      date: string;
      evidence: { kind: string };
      sector?: string;
      employment?: string;
      contract?: string;
      level?: string;
      moment?: 'before' | 'after';
      scores?: Record<string, number>;
    };
  };
  const m = decision.milestone;
  if (!m) throw new CaseNotFound(input.caseId);
  const fact: YouthMilestoneFact = {
    taskId: input.taskId,
    type: m.type,
    date: m.date,
    evidenceKind: m.evidence.kind,
    ...(m.sector ? { sector: m.sector } : {}),
    ...(m.employment ? { employment: m.employment } : {}),
    ...(m.contract ? { contract: m.contract } : {}),
    ...(m.level ? { level: m.level } : {}),
    ...(m.moment ? { moment: m.moment } : {}),
    ...(m.scores ? { softSkillsMean: mean(m.scores) } : {}),
  };
  await withCase(input.caseId, deps, async (found, at) => {
    const youth = youthOf(found);
    const milestones = youth.milestones ?? [];
    if (milestones.some((existing) => existing.taskId === input.taskId)) return 'done';
    const next: YouthFacts = { ...youth, milestones: [...milestones, fact] };
    if (fact.moment === 'before') next.softSkillsBeforeOn = fact.date;
    if (fact.moment === 'after') {
      const before = [...milestones].reverse().find((e) => e.moment === 'before');
      if (before?.softSkillsMean !== undefined && fact.softSkillsMean !== undefined)
        next.softSkillsChange = Math.round((fact.softSkillsMean - before.softSkillsMean) * 100) / 100;
    }
    const { taskId: _taskId, ...details } = fact;
    return deps.store.updateCase(
      found,
      { ...withYouth(found, next), updatedAt: at },
      event(found.caseId, at, 'youth.milestone-recorded', actor, {
        taskId: input.taskId,
        ...details,
        ...(next.softSkillsChange !== undefined && fact.moment === 'after' ? { softSkillsChange: next.softSkillsChange } : {}),
      }),
    );
  });
}

/**
 * A month of the track went by with nothing recorded (the progress task timed out). `round` names
 * the round that timed out (`{executionName}#{round}`): the workflow waits for this action before
 * the next round, so a repeat of the last one counted is a retry, and counts nothing.
 */
export async function recordYouthProgressNotRecorded(input: { caseId: string; round?: string }, deps: Deps): Promise<void> {
  await withCase(input.caseId, deps, async (found, at) => {
    const youth = youthOf(found);
    if (input.round !== undefined && youth.progressNotRecordedRound === input.round) return 'done';
    const next: YouthFacts = {
      ...youth,
      progressNotRecorded: (youth.progressNotRecorded ?? 0) + 1,
      ...(input.round !== undefined ? { progressNotRecordedRound: input.round } : {}),
    };
    return deps.store.updateCase(
      found,
      { ...withYouth(found, next), updatedAt: at },
      event(found.caseId, at, 'youth.progress-not-recorded', system, {}),
    );
  });
}

export async function recordYouthExit(input: { caseId: string; taskId: string; completedBy?: string }, deps: Deps): Promise<void> {
  const { decision: recorded, actor } = await completedTask(input.taskId, input.caseId, deps, input.completedBy);
  const decision = recorded as {
    exit?: { outcome: 'completed' | 'dropped-out'; date: string; reasonCode?: string };
  };
  if (!decision.exit) throw new CaseNotFound(input.caseId);
  const exit = {
    outcome: decision.exit.outcome,
    date: decision.exit.date,
    ...(decision.exit.reasonCode ? { reasonCode: decision.exit.reasonCode } : {}),
  };
  await withCase(input.caseId, deps, async (found, at) => {
    const youth = youthOf(found);
    if (youth.exit) return 'done';
    return deps.store.updateCase(
      found,
      { ...withYouth(found, { ...youth, exit }), updatedAt: at },
      event(found.caseId, at, 'youth.exit-recorded', actor, { taskId: input.taskId, ...exit }),
    );
  });
}

/**
 * A job is kept at 90 days when, at a follow-up, the young person is employed and has held that work
 * since at least 90 days before the day the follow-up is recorded (`since` ≤ that day − 90 days),
 * and since the enrolment at the earliest (`since` ≥ the enrolment date): work held since before
 * the enrolment is not a placement of the track. Such a `since` is recorded as given, not counted.
 */
export function jobKeptAt90Days(situation: { status: string; since?: string }, recordedOn: string, enrolmentDate?: string): boolean {
  if (situation.status !== 'employed' || !situation.since) return false;
  if (enrolmentDate !== undefined && situation.since < enrolmentDate) return false;
  return Date.parse(`${situation.since}T00:00:00Z`) <= Date.parse(`${recordedOn}T00:00:00Z`) - JOB_KEPT_DAYS * DAY;
}

/** One follow-up: the situation's codes and dates, or unreachable, or missed (nobody recorded it in time). */
export async function recordYouthFollowUp(
  input: { caseId: string; followUp: string; outcome: 'recorded' | 'missed'; taskId?: string; completedBy?: string },
  deps: Deps,
): Promise<{ jobKeptAt90Days: boolean }> {
  const completed =
    input.outcome === 'recorded' && input.taskId ? await completedTask(input.taskId, input.caseId, deps, input.completedBy) : undefined;
  const decision = completed?.decision as
    | {
        outcome: 'reached' | 'unreachable';
        situation?: { status: 'employed' | 'studying' | 'neither'; since?: string; employment?: string; sector?: string; level?: string };
      }
    | undefined;
  let kept = false;
  await withCase(input.caseId, deps, async (found, at) => {
    const youth = youthOf(found);
    const followUps = { ...youth.followUps };
    if (followUps[input.followUp]) {
      kept = followUps[input.followUp]!.jobKeptAt90Days === true;
      return 'done';
    }
    const recordedOn = dayOf(at);
    const situation = decision?.outcome === 'reached' ? decision.situation : undefined;
    const enrolmentDate = typeof found.facts.enrolmentDate === 'string' ? found.facts.enrolmentDate : undefined;
    kept = situation ? jobKeptAt90Days(situation, recordedOn, enrolmentDate) : false;
    const fact: YouthFollowUpFact = {
      outcome: decision ? decision.outcome : 'missed',
      recordedOn,
      ...(situation
        ? {
            status: situation.status,
            ...(situation.since ? { since: situation.since } : {}),
            ...(situation.employment ? { employment: situation.employment } : {}),
            ...(situation.sector ? { sector: situation.sector } : {}),
            ...(situation.level ? { level: situation.level } : {}),
            jobKeptAt90Days: kept,
          }
        : {}),
    };
    followUps[input.followUp] = fact;
    return deps.store.updateCase(
      found,
      { ...withYouth(found, { ...youth, followUps, jobKeptAt90Days: youth.jobKeptAt90Days === true || kept }), updatedAt: at },
      event(
        found.caseId,
        at,
        fact.outcome === 'missed' ? 'youth.follow-up-missed' : 'youth.follow-up-recorded',
        completed?.actor ?? system,
        {
          followUp: input.followUp,
          ...(input.taskId ? { taskId: input.taskId } : {}),
          ...fact,
        },
      ),
    );
  });
  return { jobKeptAt90Days: kept };
}
