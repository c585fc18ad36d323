// What a qualified national's return workflow does to its case between human steps (case type
// `skilled-return`): `facts.return` holds the opportunity (a job offer naming the matched need case,
// or the business project's codes and cost), the approved plan's totals, the date of return and each
// follow-up's situation codes and indicators, each read from its completed task item (where notes
// stay), each with its event in the history (codes, ids and numbers only). Idempotent: a retry writes
// nothing twice.
import { CaseNotFound } from '../errors.ts';
import { event, system, withCase, type Deps } from '../cases/case-actions.ts';
import type { Actor, CaseRecord } from '../cases/model.ts';
import { missionDate } from '../calendar.ts';
import { planTotalMAD, RETURN_BUDGET_CEILING_MAD, type ReturnSupportKind } from './return-steps.ts';

export const RETURN_FOLLOW_UPS = ['follow-up-3', 'follow-up-12'] as const;
export type ReturnFollowUp = (typeof RETURN_FOLLOW_UPS)[number];

export type ReturnOpportunityFact =
  | { kind: 'job-offer'; needCaseId: string; taskId: string; recordedOn: string }
  | { kind: 'business-project'; sector: string; projectCategory: string; estimatedCostMAD: number; taskId: string; recordedOn: string };

export interface ReturnFollowUpFact {
  outcome: 'recorded' | 'unreachable' | 'missed';
  recordedOn: string;
  situation?: string;
  monthlyIncomeBand?: string;
  jobsCreated?: number;
  satisfaction?: number;
}

/** `facts.return` of a skilled-return case (docs/data-model.md). */
export interface ReturnFacts {
  opportunity?: ReturnOpportunityFact;
  plan?: { planTaskId: string; supportKind: ReturnSupportKind; totalMAD: number; lineCount: number; approvedOn: string };
  returnedOn?: string;
  followUps?: Partial<Record<ReturnFollowUp, ReturnFollowUpFact>>;
}

const returnOf = (found: CaseRecord): ReturnFacts => (found.facts.return as ReturnFacts | undefined) ?? {};
const withReturn = (found: CaseRecord, value: ReturnFacts): Partial<CaseRecord> => ({
  facts: { ...found.facts, return: value as unknown as Record<string, unknown> },
});

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

/**
 * What the return's tasks are checked against and whether the case is still open: the day of the
 * application (`appliedOn`, in Morocco) and, once an opportunity is recorded, the ceiling of its kind
 * of support (`budgetCeilingMAD`, from RETURN_BUDGET_CEILING_MAD).
 */
export async function returnContext(
  input: { caseId: string },
  deps: Deps,
): Promise<{ open: boolean; appliedOn: string; supportKind: ReturnSupportKind | null; budgetCeilingMAD: number | null }> {
  const found = await deps.store.getCase(input.caseId);
  if (!found) throw new CaseNotFound(input.caseId);
  const kind = returnOf(found).opportunity?.kind ?? null;
  return {
    open: found.status !== 'closed',
    appliedOn: missionDate(new Date(found.createdAt)),
    supportKind: kind,
    budgetCeilingMAD: kind ? RETURN_BUDGET_CEILING_MAD[kind] : null,
  };
}

export async function recordReturnOpportunity(input: { caseId: string; taskId: string; completedBy?: string }, deps: Deps): Promise<void> {
  const { decision, actor } = await completedTask(input.taskId, input.caseId, deps, input.completedBy);
  if (decision.outcome !== 'job-offer' && decision.outcome !== 'business-project') throw new CaseNotFound(input.caseId);
  await withCase(input.caseId, deps, async (found, at) => {
    const current = returnOf(found);
    if (found.status === 'closed' || current.opportunity?.taskId === input.taskId) return 'done';
    const recordedOn = missionDate(new Date(at));
    const opportunity: ReturnOpportunityFact =
      decision.outcome === 'job-offer'
        ? { kind: 'job-offer', needCaseId: String(decision.needCaseId), taskId: input.taskId, recordedOn }
        : {
            kind: 'business-project',
            sector: String(decision.sector),
            projectCategory: String(decision.projectCategory),
            estimatedCostMAD: Number(decision.estimatedCostMAD),
            taskId: input.taskId,
            recordedOn,
          };
    return deps.store.updateCase(
      found,
      { ...withReturn(found, { ...current, opportunity }), updatedAt: at },
      event(found.caseId, at, 'return.opportunity-recorded', actor, { ...opportunity }),
    );
  });
}

/** The approved plan's totals (its lines stay on the plan's task item), once approved. */
export async function recordReturnPlan(
  input: { caseId: string; planTaskId: string; approvalTaskId: string; approvedBy?: string },
  deps: Deps,
): Promise<void> {
  const { decision } = await completedTask(input.planTaskId, input.caseId, deps);
  const approval = await completedTask(input.approvalTaskId, input.caseId, deps, input.approvedBy);
  await withCase(input.caseId, deps, async (found, at) => {
    const current = returnOf(found);
    if (found.status === 'closed' || current.plan?.planTaskId === input.planTaskId) return 'done';
    const supportKind = current.opportunity?.kind;
    if (!supportKind) throw new CaseNotFound(input.caseId);
    const plan = {
      planTaskId: input.planTaskId,
      supportKind,
      totalMAD: planTotalMAD(decision),
      lineCount: Array.isArray(decision.lines) ? decision.lines.length : 0,
      approvedOn: missionDate(new Date(at)),
    };
    return deps.store.updateCase(
      found,
      { ...withReturn(found, { ...current, plan }), updatedAt: at },
      event(found.caseId, at, 'return.plan-approved', approval.actor, { approvalTaskId: input.approvalTaskId, ...plan }),
    );
  });
}

export async function recordReturnArrival(input: { caseId: string; taskId: string; completedBy?: string }, deps: Deps): Promise<void> {
  const { decision, actor } = await completedTask(input.taskId, input.caseId, deps, input.completedBy);
  if (decision.outcome !== 'returned' || typeof decision.returnedOn !== 'string') throw new CaseNotFound(input.caseId);
  const returnedOn = decision.returnedOn;
  await withCase(input.caseId, deps, async (found, at) => {
    const current = returnOf(found);
    if (found.status === 'closed' || current.returnedOn) return 'done';
    return deps.store.updateCase(
      found,
      { ...withReturn(found, { ...current, returnedOn }), updatedAt: at },
      event(found.caseId, at, 'return.returned', actor, { taskId: input.taskId, returnedOn }),
    );
  });
}

/** A follow-up recorded (its situation and indicators, or unreachable) or missed: kept, never dropped. */
export async function recordReturnFollowUp(
  input: { caseId: string; followUp: ReturnFollowUp; outcome: 'recorded' | 'missed'; taskId?: string; completedBy?: string },
  deps: Deps,
): Promise<void> {
  const completed =
    input.outcome === 'recorded' && input.taskId ? await completedTask(input.taskId, input.caseId, deps, input.completedBy) : undefined;
  const decision = completed?.decision;
  await withCase(input.caseId, deps, async (found, at) => {
    const current = returnOf(found);
    if (found.status === 'closed' || current.followUps?.[input.followUp]) return 'done';
    const fact: ReturnFollowUpFact = {
      outcome: decision?.outcome === 'recorded' ? 'recorded' : decision?.outcome === 'unreachable' ? 'unreachable' : 'missed',
      recordedOn: missionDate(new Date(at)),
      ...(decision?.outcome === 'recorded'
        ? {
            situation: String(decision.situation),
            monthlyIncomeBand: String(decision.monthlyIncomeBand),
            jobsCreated: Number(decision.jobsCreated),
            satisfaction: Number(decision.satisfaction),
          }
        : {}),
    };
    return deps.store.updateCase(
      found,
      { ...withReturn(found, { ...current, followUps: { ...current.followUps, [input.followUp]: fact } }), updatedAt: at },
      event(
        found.caseId,
        at,
        fact.outcome === 'missed' ? 'return.follow-up-missed' : 'return.follow-up-recorded',
        completed?.actor ?? system,
        {
          followUp: input.followUp,
          ...(input.taskId ? { taskId: input.taskId } : {}),
          ...fact,
        },
      ),
    );
  });
}
