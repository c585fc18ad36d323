// What the need's workflow does to its case between human steps: the validated need recorded on the
// case (`facts.need`: codes and dates only, read from the completed task, where its notes stay) and
// the case at stage `open-for-matching`, listed for matching (GET /needs: the adapter writes the
// listing in the case's own transaction, and removes it when the case closes). Idempotent: a retry
// of the same task writes nothing.
import { CaseNotFound } from '../errors.ts';
import { event, system, withCase, type Deps } from '../cases/case-actions.ts';
import type { Actor, CaseRecord } from '../cases/model.ts';
import { missionDate } from '../calendar.ts';

export const OPEN_FOR_MATCHING = 'open-for-matching';
/** `matched`: a candidate confirmed by matching (match-case-actions.ts); the need is no longer listed. */
export const NEED_STATUSES = [OPEN_FOR_MATCHING, 'matched'] as const;
export type NeedStatus = (typeof NEED_STATUSES)[number];

/** `facts.need` of a host-need case (docs/data-model.md): what matching compares, codes and dates only. */
export interface NeedFacts {
  status: NeedStatus;
  validationTaskId: string;
  validatedAt: string;
  /** The day in Morocco (domain/calendar.ts). */
  validatedOn: string;
  sector: string;
  /** Search keys (domain/migration-development/skills.ts), as validated. */
  skillKeys: string[];
  languages: string[];
  mode: 'remote' | 'on-site' | 'hybrid';
  /** Absent on needs validated before job offers existed: an expert's mission. */
  engagement?: 'expert-mission' | 'job-offer';
  /** An expert's mission. */
  durationWeeks?: number;
  /** A job offer. */
  contractKind?: 'permanent' | 'fixed-term';
  contractMonths?: number;
  window: { from: string; to: string };
  missionCity?: string;
}

/** A need as GET /needs lists it: the case's ids and its validated need, nothing else. */
export interface NeedListing extends Omit<NeedFacts, 'validationTaskId'> {
  caseId: string;
  reference: string;
  institutionKind?: string;
}

/** The listing of a case while its need is listed (an open case whose need is open for matching). */
export function needListingOf(record: Pick<CaseRecord, 'caseId' | 'reference' | 'status' | 'facts'>): NeedListing | undefined {
  const need = record.facts.need as NeedFacts | undefined;
  if (record.status === 'closed' || need?.status !== OPEN_FOR_MATCHING) return undefined;
  const { validationTaskId: _task, ...rest } = need;
  const kind = record.facts.institutionKind;
  return { caseId: record.caseId, reference: record.reference, ...rest, ...(typeof kind === 'string' ? { institutionKind: kind } : {}) };
}

interface ValidatedDecision {
  outcome: 'validated';
  sector: string;
  skills: string[];
  languages: string[];
  mode: NeedFacts['mode'];
  engagement?: 'expert-mission' | 'job-offer';
  durationWeeks?: number;
  contractKind?: 'permanent' | 'fixed-term';
  contractMonths?: number;
  window: { from: string; to: string };
  missionCity?: string;
}

export async function recordNeedValidation(input: { caseId: string; taskId: string; completedBy?: string }, deps: Deps): Promise<void> {
  const task = await deps.store.getTask(input.taskId);
  if (!task || task.caseId !== input.caseId || !task.decision || task.decision.outcome !== 'validated')
    throw new CaseNotFound(input.caseId);
  const decision = task.decision as unknown as ValidatedDecision;
  const by = task.completedBy ?? input.completedBy;
  const actor: Actor = by ? { kind: 'staff', id: by } : system;
  await withCase(input.caseId, deps, async (found, at) => {
    const current = found.facts.need as NeedFacts | undefined;
    if (found.status === 'closed' || current?.validationTaskId === input.taskId) return 'done';
    const need: NeedFacts = {
      status: OPEN_FOR_MATCHING,
      validationTaskId: input.taskId,
      validatedAt: at,
      validatedOn: missionDate(new Date(at)),
      sector: decision.sector,
      skillKeys: [...decision.skills],
      languages: [...decision.languages],
      mode: decision.mode,
      engagement: decision.engagement ?? 'expert-mission',
      ...(decision.durationWeeks !== undefined ? { durationWeeks: decision.durationWeeks } : {}),
      ...(decision.contractKind ? { contractKind: decision.contractKind } : {}),
      ...(decision.contractMonths !== undefined ? { contractMonths: decision.contractMonths } : {}),
      window: { from: decision.window.from, to: decision.window.to },
      ...(decision.missionCity ? { missionCity: decision.missionCity } : {}),
    };
    const { validationTaskId: _task, validatedAt: _at, ...details } = need;
    return deps.store.updateCase(
      found,
      { facts: { ...found.facts, need: need as unknown as Record<string, unknown> }, stage: OPEN_FOR_MATCHING, updatedAt: at },
      event(found.caseId, at, 'need.validated', actor, { taskId: input.taskId, ...details }),
    );
  });
}
