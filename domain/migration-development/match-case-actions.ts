// What the matching phase does to a need's case between its human steps (docs/workflows/migration-development.md,
// "Matching"): the ranked candidates for the shortlist's context (`match-candidates`), the proposals
// recorded on the need and told to each candidate's case (`propose`), and the confirmation
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
import { searchRegister, type Reason, type RegisterIndex } from './register.ts';
import { candidateAvailable, type CandidateInContext } from './match-steps.ts';
import { confirmedAssignment, type AssignmentEntry } from './assignment-case-actions.ts';
import { rankReturnees, type MatchedNeed, type ReturneeIndex } from './returnee-listing.ts';

/** The shortlist's context holds at most this many candidates, best first. */
export const MAX_CANDIDATES = 20;
/** The register search reads at most this many pages of this size to fill the candidates. */
const PAGE = 50;
const MAX_PAGES = 4;
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

export type MatchDeps = Deps & { registerIndex: RegisterIndex; returneeIndex: ReturneeIndex };

export const engagementOf = (need: { engagement?: unknown } | undefined): Engagement =>
  need?.engagement === 'job-offer' ? 'job-offer' : 'expert-mission';

const needOf = (record: CaseRecord): (NeedFacts & { engagement?: Engagement; match?: NeedMatch }) | undefined =>
  record.facts.need as (NeedFacts & { engagement?: Engagement; match?: NeedMatch }) | undefined;

const proposalsOf = (record: CaseRecord): Proposal[] =>
  Array.isArray(record.facts.proposals) ? (record.facts.proposals as Proposal[]) : [];

/**
 * The candidates for the need, best first: for an expert mission, the register's experts who fit its
 * sector, skill keys, languages, window and mode and consented to be contacted, at most
 * MAX_CANDIDATES; for a job offer, the returnees of its sector waiting at stage `opportunity` and
 * not matched elsewhere (their listing), ranked by rankReturnees, at most MAX_CANDIDATES.
 */
export async function matchCandidates(input: { caseId: string }, deps: MatchDeps): Promise<{ candidates: RankedCandidate[] }> {
  const found = await deps.store.getCase(input.caseId);
  const need = found ? needOf(found) : undefined;
  if (!found || !need) throw new CaseNotFound(input.caseId);
  if (engagementOf(need) === 'job-offer') {
    const listings = await deps.returneeIndex.returneesOfSector(need.sector, MAX_RETURNEES_READ);
    return {
      candidates: rankReturnees(need, listings, MAX_CANDIDATES).map((r) => ({
        candidateKind: 'returnee',
        candidateCaseId: r.caseId,
        score: r.score,
        reasons: r.reasons,
      })),
    };
  }
  const candidates: RankedCandidate[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < MAX_PAGES && candidates.length < MAX_CANDIDATES; page++) {
    const result = await searchRegister(
      {
        sector: need.sector,
        skills: need.skillKeys,
        languages: need.languages,
        from: need.window.from,
        to: need.window.to,
        mode: need.mode,
        limit: PAGE,
        ...(cursor ? { cursor } : {}),
      },
      deps.registerIndex,
    );
    for (const expert of result.items)
      if (expert.consentToContact && candidates.length < MAX_CANDIDATES)
        candidates.push({ candidateKind: 'expert', candidateCaseId: expert.expertId, score: expert.score, reasons: expert.reasons });
    if (!result.next) break;
    cursor = result.next;
  }
  return { candidates };
}

interface ShortlistDecision {
  outcome: 'shortlisted';
  candidateCaseIds: string[];
}

/**
 * The shortlisted candidates proposed: appended to `facts.proposals` (the round counted from the
 * proposals already made), `match.proposed` on the need and on each candidate's case. Returns this
 * round's proposals, the answers step's context.
 */
export async function propose(
  input: { caseId: string; taskId: string; completedBy?: string },
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
    const round = Math.max(0, ...earlier.map((p) => p.round)) + 1;
    const chosen = decision.candidateCaseIds.map((id) => listed.find((c) => c.candidateCaseId === id)).filter((c) => c !== undefined);
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
    const candidates = (await Promise.all(chosen.map((c) => deps.store.getCase(c.candidateCaseId)))).filter(
      (c): c is CaseRecord => c !== undefined && c.status === 'open',
    );
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
  outcome: 'confirmed';
  candidateCaseId: string;
  answers: { candidateCaseId: string; candidate: Proposal['answers']['candidate']; institution: Proposal['answers']['institution'] }[];
}

export type ConfirmationResult =
  | { confirmed: true; engagement: Engagement; candidateKind: 'expert' | 'returnee'; candidateCaseId: string }
  | { confirmed: false; reasonCode: 'candidate-no-longer-available' | 'need-not-open-for-matching' };

/**
 * The confirmation, conditional on the need still open for matching and the candidate still
 * available (both cases' versions): the answers recorded on the proposals, `facts.need.status =
 * 'matched'` and `facts.need.match` (the listing leaves GET /needs in the same transaction),
 * `match.confirmed` on both cases, and for an expert their assignment entry (`confirmed`).
 */
export async function confirmMatch(
  input: { caseId: string; taskId: string; completedBy?: string },
  deps: Deps,
): Promise<ConfirmationResult> {
  const task = await deps.store.getTask(input.taskId);
  if (!task || task.caseId !== input.caseId || task.decision?.outcome !== 'confirmed') throw new CaseNotFound(input.caseId);
  const decision = task.decision as unknown as AnswersDecision;
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
    if (!candidate || !candidateAvailable(candidate)) {
      result = { confirmed: false, reasonCode: 'candidate-no-longer-available' };
      return 'done';
    }
    const answered = proposals.map((p) => {
      const given = decision.answers.find((a) => a.candidateCaseId === p.candidateCaseId);
      return given && p.round === proposal.round ? { ...p, answers: { candidate: given.candidate, institution: given.institution } } : p;
    });
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
        facts: { ...found.facts, need: { ...need, status: MATCHED, match } as unknown as Record<string, unknown>, proposals: answered },
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
