// What the matching phase does to a need's case between its human steps (docs/workflows/migration-development.md,
// "Matching"): the ranked candidates for the shortlist's context (`match-candidates`), the proposals
// recorded on the need and told to each candidate's case (`propose`), the answers recorded whatever the
// outcome (`record-match-answers`), and the confirmation
// (`confirm-match`): the need `matched`, its listing removed, both cases' history, and for an expert
// the assignment entry, all in one transaction conditional on both cases' versions. Ids, scores and
// codes only; the decisions' notes stay on their task items. Idempotent: a retry of the same task
// writes nothing.
import { CaseNotFound } from '../errors.ts';
import type { Engagement } from '../forms/host-institution-need.ts';
import { event, system, withCase, type Deps } from '../cases/case-actions.ts';
import type { Actor, CaseRecord } from '../cases/model.ts';
import { missionDate } from '../calendar.ts';
import { OPEN_FOR_MATCHING, type NeedFacts } from './need-case-actions.ts';
import { overlapDays, searchRegister, type Reason, type RegisterEntry, type RegisterIndex } from './register.ts';
import { candidateAvailable, type CandidateInContext } from './match-steps.ts';
import { confirmedAssignment, type AssignmentEntry } from './assignment-case-actions.ts';
import { rankReturnees, type MatchedNeed, type ReturneeIndex } from './returnee-listing.ts';

/** The shortlist's context holds at most this many candidates, best first. */
export const MAX_CANDIDATES = 20;
/**
 * The register search keeps at most this many consenting experts who fit (one search), whose
 * assignments are then read to leave out the busy ones: at most MAX_CANDIDATES of them remain.
 */
export const SEARCH_LIMIT = 2 * MAX_CANDIDATES;
/** A job offer ranks at most this many returnees of its sector (the listing's partition, read whole up to this). */
const MAX_RETURNEES_READ = 1000;

export const MATCHED = 'matched';
export type { Engagement };

/** `facts.need.match` once a candidate is confirmed. */
export interface NeedMatch {
  candidateKind: 'expert' | 'returnee';
  candidateCaseId: string;
  confirmedAt: string;
  /** The day in Morocco (domain/calendar.ts). */
  confirmedOn: string;
  answersTaskId: string;
}

/** One entry of `facts.proposals` on the need's case. */
export interface Proposal extends CandidateInContext {
  reasons: Reason[];
  round: number;
  shortlistTaskId: string;
  proposedAt: string;
  answers: { candidate: 'pending' | 'accepted' | 'declined' | 'no-answer'; institution: 'pending' | 'accepted' | 'declined' | 'no-answer' };
}

export interface RankedCandidate extends CandidateInContext {
  reasons: Reason[];
}

/** An expert's assignment entries (DynamoAssignmentStore). */
export interface ExpertAssignments {
  assignmentsOf(expertCaseId: string): Promise<AssignmentEntry[]>;
}
/** The register entry as it is now (DynamoRegisterStore). */
export interface RegisterEntries {
  get(expertId: string): Promise<RegisterEntry | undefined>;
}
export type MatchDeps = Deps & { registerIndex: RegisterIndex; returneeIndex: ReturneeIndex; assignments?: ExpertAssignments };
export type ConfirmDeps = Deps & { register?: RegisterEntries; assignments?: ExpertAssignments };

/**
 * The rule of overlapping missions: an expert is busy for a need when one of their assignments still
 * `confirmed` or `in-progress` shares at least one day with the need's window (whatever its mode).
 * Completed and ended-early assignments free them.
 */
export function busyFor(assignments: AssignmentEntry[], window: { from: string; to: string }, needCaseId?: string): boolean {
  return assignments.some(
    (a) => a.needCaseId !== needCaseId && (a.status === 'confirmed' || a.status === 'in-progress') && overlapDays(a.window, window) > 0,
  );
}

export const engagementOf = (need: { engagement?: unknown } | undefined): Engagement =>
  need?.engagement === 'job-offer' ? 'job-offer' : 'expert-mission';

const needOf = (record: CaseRecord): (NeedFacts & { engagement?: Engagement; match?: NeedMatch }) | undefined =>
  record.facts.need as (NeedFacts & { engagement?: Engagement; match?: NeedMatch }) | undefined;

const proposalsOf = (record: CaseRecord): Proposal[] =>
  Array.isArray(record.facts.proposals) ? (record.facts.proposals as Proposal[]) : [];

/** The candidates who declined (or whom the institution declined) in an earlier round: left out of the next searches. */
export const declinedOf = (record: CaseRecord): Set<string> =>
  new Set(
    proposalsOf(record)
      .filter((p) => p.answers.candidate === 'declined' || p.answers.institution === 'declined')
      .map((p) => p.candidateCaseId),
  );

/**
 * The candidates for the need, best first: for an expert mission, the register's experts who fit its
 * sector, skill keys, languages, window and mode and consented to be contacted, not busy with an
 * overlapping assignment (busyFor), at most MAX_CANDIDATES (one search of SEARCH_LIMIT); for a job
 * offer, the returnees of its sector waiting at stage `opportunity` and not matched elsewhere (their
 * listing), ranked by rankReturnees, at most MAX_CANDIDATES. Either way without those who declined in
 * an earlier round.
 */
export async function matchCandidates(input: { caseId: string }, deps: MatchDeps): Promise<{ candidates: RankedCandidate[] }> {
  const found = await deps.store.getCase(input.caseId);
  const need = found ? needOf(found) : undefined;
  if (!found || !need) throw new CaseNotFound(input.caseId);
  const declined = declinedOf(found);
  if (engagementOf(need) === 'job-offer') {
    const listings = await deps.returneeIndex.returneesOfSector(need.sector, MAX_RETURNEES_READ);
    return {
      candidates: rankReturnees(
        need,
        listings.filter((l) => !declined.has(l.caseId)),
        MAX_CANDIDATES,
      ).map((r) => ({
        candidateKind: 'returnee',
        candidateCaseId: r.caseId,
        score: r.score,
        reasons: r.reasons,
      })),
    };
  }
  const result = await searchRegister(
    {
      sector: need.sector,
      skills: need.skillKeys,
      languages: need.languages,
      from: need.window.from,
      to: need.window.to,
      mode: need.mode,
      limit: SEARCH_LIMIT,
    },
    deps.registerIndex,
    (expert) => expert.consentToContact && !declined.has(expert.expertId),
  );
  const held = await Promise.all(result.items.map((e) => deps.assignments?.assignmentsOf(e.expertId) ?? Promise.resolve([])));
  const candidates: RankedCandidate[] = result.items
    .filter((_, i) => !busyFor(held[i]!, need.window, found.caseId))
    .slice(0, MAX_CANDIDATES)
    .map((expert) => ({ candidateKind: 'expert', candidateCaseId: expert.expertId, score: expert.score, reasons: expert.reasons }));
  return { candidates };
}

interface ShortlistDecision {
  outcome: 'shortlisted';
  candidateCaseIds: string[];
}

/**
 * The shortlisted candidates proposed: appended to `facts.proposals` with the workflow's round (the
 * search they come from), `match.proposed` on the need and on each candidate's case. A candidate no
 * longer available (candidateAvailable) is not proposed. Returns this round's proposals, the answers
 * step's context.
 */
export async function propose(
  input: { caseId: string; taskId: string; completedBy?: string; round?: number },
  deps: Deps,
): Promise<{ round: number; proposals: CandidateInContext[] }> {
  const task = await deps.store.getTask(input.taskId);
  if (!task || task.caseId !== input.caseId || task.decision?.outcome !== 'shortlisted') throw new CaseNotFound(input.caseId);
  const decision = task.decision as unknown as ShortlistDecision;
  const listed = Array.isArray(task.context.candidates) ? (task.context.candidates as RankedCandidate[]) : [];
  const by = task.completedBy ?? input.completedBy;
  const actor: Actor = by ? { kind: 'staff', id: by } : system;
  let result: { round: number; proposals: CandidateInContext[] } = { round: 0, proposals: [] };
  await withCase(input.caseId, deps, async (found, at) => {
    const earlier = proposalsOf(found);
    const already = earlier.filter((p) => p.shortlistTaskId === input.taskId);
    if (already.length > 0) {
      result = {
        round: already[0]!.round,
        proposals: already.map(({ candidateKind, candidateCaseId, score }) => ({ candidateKind, candidateCaseId, score })),
      };
      return 'done';
    }
    const round = input.round ?? Math.max(0, ...earlier.map((p) => p.round)) + 1;
    const shortlisted = decision.candidateCaseIds.map((id) => listed.find((c) => c.candidateCaseId === id)).filter((c) => c !== undefined);
    const cases = await Promise.all(shortlisted.map((c) => deps.store.getCase(c.candidateCaseId)));
    const candidates = cases.filter((c): c is CaseRecord => candidateAvailable(c));
    const chosen = shortlisted.filter((c) => candidates.some((k) => k.caseId === c.candidateCaseId));
    const proposals: Proposal[] = chosen.map((c) => ({
      candidateKind: c.candidateKind,
      candidateCaseId: c.candidateCaseId,
      score: c.score,
      reasons: c.reasons,
      round,
      shortlistTaskId: input.taskId,
      proposedAt: at,
      answers: { candidate: 'pending', institution: 'pending' },
    }));
    const ok = await deps.store.updateCase(
      found,
      { facts: { ...found.facts, proposals: [...earlier, ...proposals] }, updatedAt: at },
      event(found.caseId, at, 'match.proposed', actor, {
        taskId: input.taskId,
        round,
        candidateCaseIds: proposals.map((p) => p.candidateCaseId),
      }),
      {
        linked: candidates.map((c) => ({
          found: c,
          changes: { updatedAt: at },
          event: event(c.caseId, at, 'match.proposed', actor, { needCaseId: found.caseId, needReference: found.reference, round }),
        })),
      },
    );
    result = {
      round,
      proposals: proposals.map(({ candidateKind, candidateCaseId, score }) => ({ candidateKind, candidateCaseId, score })),
    };
    return ok;
  });
  return result;
}

const matchedNeed = (need: CaseRecord, match: NeedMatch): MatchedNeed & Record<string, unknown> => ({
  needCaseId: need.caseId,
  needReference: need.reference,
  confirmedOn: match.confirmedOn,
});

interface AnswersDecision {
  outcome: 'confirmed' | 'shortlist-again' | 'no-match';
  candidateCaseId?: string;
  answers?: { candidateCaseId: string; candidate: Proposal['answers']['candidate']; institution: Proposal['answers']['institution'] }[];
}

/**
 * The answers of an answers step recorded whatever its outcome, before the workflow acts on it: each
 * answered proposal of the latest round gets its answers, and the need's history `match.answered`
 * (the task, the round, each candidate's case id and both answer codes). Once per task.
 */
export async function recordMatchAnswers(
  input: { caseId: string; taskId: string; completedBy?: string },
  deps: Deps,
): Promise<{ ok: true }> {
  const task = await deps.store.getTask(input.taskId);
  if (!task || task.caseId !== input.caseId || task.step !== 'match-answers' || !task.decision) throw new CaseNotFound(input.caseId);
  const decision = task.decision as unknown as AnswersDecision;
  const by = task.completedBy ?? input.completedBy;
  const actor: Actor = by ? { kind: 'staff', id: by } : system;
  await withCase(input.caseId, deps, async (found, at) => {
    const proposals = proposalsOf(found);
    const answered = Array.isArray(found.facts.answeredTaskIds) ? (found.facts.answeredTaskIds as string[]) : [];
    if (answered.includes(input.taskId)) return 'done';
    const round = Math.max(0, ...proposals.map((p) => p.round));
    const given = (decision.answers ?? []).filter((a) =>
      proposals.some((p) => p.round === round && p.candidateCaseId === a.candidateCaseId),
    );
    const recorded = proposals.map((p) => {
      const its = p.round === round ? given.find((a) => a.candidateCaseId === p.candidateCaseId) : undefined;
      return its ? { ...p, answers: { candidate: its.candidate, institution: its.institution } } : p;
    });
    return deps.store.updateCase(
      found,
      { facts: { ...found.facts, proposals: recorded, answeredTaskIds: [...answered, input.taskId] }, updatedAt: at },
      event(found.caseId, at, 'match.answered', actor, {
        taskId: input.taskId,
        round,
        outcome: decision.outcome,
        answers: given.map(({ candidateCaseId, candidate, institution }) => ({ candidateCaseId, candidate, institution })),
      }),
    );
  });
  return { ok: true };
}

export type ConfirmationResult =
  | { confirmed: true; engagement: Engagement; candidateKind: 'expert' | 'returnee'; candidateCaseId: string }
  | { confirmed: false; reasonCode: 'candidate-no-longer-available' | 'need-not-open-for-matching' };

/**
 * The confirmation, conditional on the need still open for matching and the candidate still
 * available (both cases' versions; for an expert also their register entry still listed with their
 * consent to be contacted, and no overlapping assignment: busyFor): `facts.need.status =
 * 'matched'` and `facts.need.match` (the listing leaves GET /needs in the same transaction),
 * `match.confirmed` on both cases, and for an expert their assignment entry (`confirmed`).
 */
export async function confirmMatch(
  input: { caseId: string; taskId: string; completedBy?: string },
  deps: ConfirmDeps,
): Promise<ConfirmationResult> {
  const task = await deps.store.getTask(input.taskId);
  if (!task || task.caseId !== input.caseId || task.decision?.outcome !== 'confirmed') throw new CaseNotFound(input.caseId);
  const decision = task.decision as unknown as AnswersDecision & { candidateCaseId: string };
  const by = task.completedBy ?? input.completedBy;
  const actor: Actor = by ? { kind: 'staff', id: by } : system;
  let result: ConfirmationResult = { confirmed: false, reasonCode: 'need-not-open-for-matching' };
  await withCase(input.caseId, deps, async (found, at) => {
    const need = needOf(found);
    const proposals = proposalsOf(found);
    const proposal = [...proposals].reverse().find((p) => p.candidateCaseId === decision.candidateCaseId);
    if (need?.status === MATCHED && need.match?.answersTaskId === input.taskId && proposal) {
      result = {
        confirmed: true,
        engagement: engagementOf(need),
        candidateKind: proposal.candidateKind,
        candidateCaseId: proposal.candidateCaseId,
      };
      return 'done';
    }
    if (found.status === 'closed' || need?.status !== OPEN_FOR_MATCHING || !proposal) {
      result = { confirmed: false, reasonCode: 'need-not-open-for-matching' };
      return 'done';
    }
    const candidate = await deps.store.getCase(decision.candidateCaseId);
    const entry = proposal.candidateKind === 'expert' && deps.register ? await deps.register.get(proposal.candidateCaseId) : undefined;
    const refused = entry !== undefined && (entry.status !== 'listed' || !entry.consentToContact);
    const busy =
      proposal.candidateKind === 'expert' && deps.assignments
        ? busyFor(await deps.assignments.assignmentsOf(proposal.candidateCaseId), need.window, found.caseId)
        : false;
    if (!candidate || !candidateAvailable(candidate) || refused || busy) {
      result = { confirmed: false, reasonCode: 'candidate-no-longer-available' };
      return 'done';
    }
    const match: NeedMatch = {
      candidateKind: proposal.candidateKind,
      candidateCaseId: proposal.candidateCaseId,
      confirmedAt: at,
      confirmedOn: missionDate(new Date(at)),
      answersTaskId: input.taskId,
    };
    const assignment: AssignmentEntry | undefined =
      proposal.candidateKind === 'expert' ? confirmedAssignment(need, found, proposal.candidateCaseId, at) : undefined;
    const details = {
      candidateKind: match.candidateKind,
      candidateCaseId: match.candidateCaseId,
      round: proposal.round,
      taskId: input.taskId,
    };
    const ok = await deps.store.updateCase(
      found,
      {
        facts: { ...found.facts, need: { ...need, status: MATCHED, match } as unknown as Record<string, unknown> },
        stage: MATCHED,
        updatedAt: at,
      },
      event(found.caseId, at, 'match.confirmed', actor, details),
      {
        linked: [
          {
            found: candidate,
            // A returnee matched here is not offered elsewhere: their listing leaves in this transaction.
            changes:
              proposal.candidateKind === 'returnee'
                ? { facts: { ...candidate.facts, matchedNeed: matchedNeed(found, match) }, updatedAt: at }
                : { updatedAt: at },
            event: event(candidate.caseId, at, 'match.confirmed', actor, { needCaseId: found.caseId, needReference: found.reference }),
          },
        ],
        ...(assignment ? { assignments: [assignment] } : {}),
      },
    );
    result = {
      confirmed: true,
      engagement: engagementOf(need),
      candidateKind: match.candidateKind,
      candidateCaseId: match.candidateCaseId,
    };
    return ok;
  });
  return result;
}
