// What the protection workflow does to its case between human steps: the provisional and confirmed
// risk level, the assessment's categories, the best interests milestones, the services of the
// approved plan and what became of each. Facts and history hold codes and dates only: the trafficking
// details, the plan's notes and every free text stay on the task items that recorded them.
import { createHash } from 'node:crypto';
import { CaseNotFound } from '../errors.ts';
import { event, system, withCase, type Deps } from '../cases/case-actions.ts';
import type { Actor, CaseService } from '../cases/model.ts';
import { provisionalRisk, registrationDueAt, type RiskLevel } from './risk.ts';
import { serviceDueAt, type PlannedItem } from './services.ts';
import { CHILD_CATEGORIES, type VulnerabilityCategory } from './steps.ts';

const staff = (id: string | undefined): Actor => (id ? { kind: 'staff', id } : system);

/** A UUID derived from a name: a retried action names the same service. */
export function derivedId(name: string): string {
  const hex = createHash('sha256').update(name).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

export interface BestInterests {
  biaApprovedAt?: string;
  bidRecordedAt?: string;
  bidRecommendation?: string;
}

/**
 * At intake: the provisional risk from the referral's facts, kept on the case, and when its
 * registration is due, counted from the referral's reception (so a retry answers the same).
 */
export async function provisionalRiskOfCase(
  input: { caseId: string },
  deps: Deps,
): Promise<{ riskLevel: RiskLevel; registrationDueAt: string }> {
  let answer: { riskLevel: RiskLevel; registrationDueAt: string } | undefined;
  await withCase(input.caseId, deps, async (found, at) => {
    const riskLevel = (found.facts.provisionalRiskLevel as RiskLevel | undefined) ?? provisionalRisk(found.facts);
    answer = { riskLevel, registrationDueAt: registrationDueAt(riskLevel, new Date(found.createdAt)).toISOString() };
    if (found.facts.provisionalRiskLevel !== undefined) return 'done';
    return deps.store.updateCase(
      found,
      { facts: { ...found.facts, provisionalRiskLevel: riskLevel }, updatedAt: at },
      event(found.caseId, at, 'protection.risk-level-provisional', system, { riskLevel, registrationDueAt: answer.registrationDueAt }),
    );
  });
  return answer!;
}

export async function recordRiskLevel(input: { caseId: string; riskLevel: RiskLevel; completedBy?: string }, deps: Deps): Promise<void> {
  await withCase(input.caseId, deps, async (found, at) => {
    if (found.facts.riskLevel === input.riskLevel) return 'done';
    return deps.store.updateCase(
      found,
      { facts: { ...found.facts, riskLevel: input.riskLevel }, updatedAt: at },
      event(found.caseId, at, 'protection.risk-level-confirmed', staff(input.completedBy), {
        riskLevel: input.riskLevel,
        ...(found.facts.provisionalRiskLevel ? { provisionalRiskLevel: found.facts.provisionalRiskLevel } : {}),
      }),
    );
  });
}

/** The assessment's categories on the case (never the trafficking details); a child's case needs a BID. */
export async function recordAssessment(
  input: { caseId: string; categories: VulnerabilityCategory[]; completedBy?: string },
  deps: Deps,
): Promise<{ childNeedsBid: boolean }> {
  const child = input.categories.some((category) => CHILD_CATEGORIES.includes(category));
  let childNeedsBid = child;
  await withCase(input.caseId, deps, async (found, at) => {
    childNeedsBid = child || found.facts.childNeedsBid === true;
    const same =
      JSON.stringify(found.facts.vulnerabilityCategories) === JSON.stringify(input.categories) &&
      (found.facts.childNeedsBid === true) === childNeedsBid;
    if (same) return 'done';
    return deps.store.updateCase(
      found,
      {
        facts: { ...found.facts, vulnerabilityCategories: [...input.categories], ...(childNeedsBid ? { childNeedsBid: true } : {}) },
        updatedAt: at,
      },
      event(found.caseId, at, 'protection.assessment-recorded', staff(input.completedBy), { categories: input.categories, childNeedsBid }),
    );
  });
  return { childNeedsBid };
}

function bestInterestsOf(facts: Record<string, unknown>): BestInterests {
  return { ...((facts.bestInterests as BestInterests | undefined) ?? {}) };
}

export async function recordBiaApproval(input: { caseId: string; completedBy?: string }, deps: Deps): Promise<void> {
  await withCase(input.caseId, deps, async (found, at) => {
    const bestInterests = bestInterestsOf(found.facts);
    if (bestInterests.biaApprovedAt) return 'done';
    return deps.store.updateCase(
      found,
      { facts: { ...found.facts, bestInterests: { ...bestInterests, biaApprovedAt: at } }, updatedAt: at },
      event(found.caseId, at, 'protection.bia-approved', staff(input.completedBy), {}),
    );
  });
}

export async function recordBid(
  input: { caseId: string; recommendation: string; panelDate: string; implementationDate: string; completedBy?: string },
  deps: Deps,
): Promise<void> {
  await withCase(input.caseId, deps, async (found, at) => {
    const bestInterests = bestInterestsOf(found.facts);
    if (bestInterests.bidRecordedAt && bestInterests.bidRecommendation === input.recommendation) return 'done';
    return deps.store.updateCase(
      found,
      {
        facts: { ...found.facts, bestInterests: { ...bestInterests, bidRecordedAt: at, bidRecommendation: input.recommendation } },
        updatedAt: at,
      },
      event(found.caseId, at, 'protection.bid-recorded', staff(input.completedBy), {
        recommendation: input.recommendation,
        panelDate: input.panelDate,
        implementationDate: input.implementationDate,
      }),
    );
  });
}

/** What an assistance plan is checked against: a child's durable solution needs a recorded BID. */
export async function planContext(
  input: { caseId: string },
  deps: Deps,
): Promise<{ childNeedsBid: boolean; bidRecordedAt: string | null }> {
  const found = await deps.store.getCase(input.caseId);
  if (!found) throw new CaseNotFound(input.caseId);
  return { childNeedsBid: found.facts.childNeedsBid === true, bidRecordedAt: bestInterestsOf(found.facts).bidRecordedAt ?? null };
}

export type PlannedService = Pick<CaseService, 'serviceId' | 'type' | 'urgency' | 'dueAt'>;

/**
 * The approved plan becomes the case's services: each with its id (derived from the plan's task, so
 * a retry adds nothing) and its due date from its urgency counted from the approval. Answers them,
 * for the workflow to open one delivery step each.
 */
export async function planServices(
  input: { caseId: string; planTaskId: string; approvedAt: string; approvedBy?: string },
  deps: Deps,
): Promise<{ services: PlannedService[] }> {
  const task = await deps.store.getTask(input.planTaskId);
  const decision =
    task?.caseId === input.caseId ? (task.decision as { services?: PlannedItem[]; durableSolution?: string } | undefined) : undefined;
  if (!decision?.services) throw new CaseNotFound(input.caseId);
  const approvedAt = new Date(input.approvedAt);
  const services: PlannedService[] = decision.services.map((item, index) => ({
    serviceId: derivedId(`${input.planTaskId}#${index}`),
    type: item.type,
    urgency: item.urgency,
    dueAt: serviceDueAt(item, approvedAt).toISOString(),
  }));
  await withCase(input.caseId, deps, async (found, at) => {
    const existing = found.services ?? [];
    if (services.every((service) => existing.some((e) => e.serviceId === service.serviceId))) return 'done';
    return deps.store.updateCase(
      found,
      {
        services: [...existing, ...services.map((service) => ({ ...service, status: 'planned' as const }))],
        ...(decision.durableSolution ? { facts: { ...found.facts, durableSolution: decision.durableSolution } } : {}),
        updatedAt: at,
      },
      event(found.caseId, at, 'protection.services-planned', staff(input.approvedBy), {
        planTaskId: input.planTaskId,
        services,
        ...(decision.durableSolution ? { durableSolution: decision.durableSolution } : {}),
      }),
    );
  });
  return { services };
}

export type ServiceOutcome =
  | { outcome: 'delivered'; deliveredOn: string; deliveredBy: 'staff' | 'partner' }
  | { outcome: 'not-delivered'; reasonCode: string }
  | { outcome: 'timed-out' };

/** What became of one service: delivered (when, by whom) or not (a reason code). */
export async function recordService(
  input: { caseId: string; serviceId: string; completedBy?: string } & ServiceOutcome,
  deps: Deps,
): Promise<void> {
  await withCase(input.caseId, deps, async (found, at) => {
    const services = found.services ?? [];
    const service = services.find((s) => s.serviceId === input.serviceId);
    if (!service || service.status !== 'planned') return 'done';
    const recorded: CaseService =
      input.outcome === 'delivered'
        ? { ...service, status: 'delivered', deliveredAt: `${input.deliveredOn}T00:00:00.000Z`, deliveredBy: input.deliveredBy }
        : {
            ...service,
            status: 'not-delivered',
            notDeliveredReason: input.outcome === 'timed-out' ? 'not-recorded-in-time' : input.reasonCode,
          };
    return deps.store.updateCase(
      found,
      { services: services.map((s) => (s.serviceId === input.serviceId ? recorded : s)), updatedAt: at },
      event(found.caseId, at, 'protection.service-recorded', staff(input.completedBy), {
        serviceId: service.serviceId,
        type: service.type,
        status: recorded.status,
        ...(recorded.deliveredBy ? { deliveredBy: recorded.deliveredBy } : {}),
        ...(recorded.notDeliveredReason ? { notDeliveredReason: recorded.notDeliveredReason } : {}),
      }),
    );
  });
}
