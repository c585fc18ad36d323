// One person across programmes. Each case keeps its own person record (and its own access); a person
// enrolled again, in the same or another programme, is linked to their earlier records by giving the
// new record the same `subjectId` (absent: the person's own id). Nothing is ever linked silently:
//
//  1. At intake, the new case's main person is looked up in the identity index (index queries only,
//     never a Scan) under the keys the data-protection officer's search uses (names with the date of
//     birth; an identity document number) and under a looser one (the same names born the same year:
//     a day or month mistyped or swapped at one intake). Every other case's person found becomes a
//     SUGGESTION on the new case, one per candidate subject: ids and criteria codes only.
//  2. A caseworker or supervisor confirms it (the new record takes the candidate's subject, both
//     cases' histories say so) or dismisses it (recorded, no longer shown). A pair of persons is
//     suggested once, whichever case it is found from, so a dismissal is not asked again.
//  3. A supervisor may undo a confirmed link made by mistake (recorded in both histories).
//
// Why the looser rule and no other: an exact identity (or document) is what the officer's search
// trusts; a year of birth with the same normalised names catches the usual slip (day and month
// swapped, a date corrected on a second form) while names that differ, or years that differ with no
// shared document, never meet (no shared index key): the rule cannot relate two people who share
// none of these, by construction. Its false positives (namesakes born the same year) are why a
// suggestion is only a suggestion.
import { createHash } from 'node:crypto';
import type { Caller } from '../access/roles.ts';
import { hasAnyRole, historyActorOf } from '../access/roles.ts';
import type { CaseEvent, PersonRecord, Programme } from '../cases/model.ts';
import { newEventId } from '../cases/event-id.ts';
import { ActionForbidden } from '../errors.ts';
import { indexKeysOfPerson, type IdentityKey, type IdentityKeyKind } from '../privacy/identity.ts';

/** Which index keys two persons share: `name-dob`, `document`, `name-birth-year`. */
export type MatchCriterion = IdentityKeyKind;
export const MATCH_CRITERIA = ['name-dob', 'document', 'name-birth-year'] as const satisfies readonly MatchCriterion[];

/** The people a case is about and who may be enrolled elsewhere; those who came with them are not matched. */
export const MATCHED_ROLES = ['applicant', 'youth', 'expert'] as const;

export const MATCH_STATUSES = ['suggested', 'confirmed', 'dismissed', 'undone'] as const;
export type MatchStatus = (typeof MATCH_STATUSES)[number];

export const MATCH_DECISIONS = ['confirm', 'dismiss', 'undo'] as const;
export type MatchDecision = (typeof MATCH_DECISIONS)[number];

/** The identity a person record shares with others: its `subjectId`, else its own id. */
export function subjectOf(person: Pick<PersonRecord, 'personId' | 'subjectId'>): string {
  return person.subjectId ?? person.personId;
}

/** The case's person matched at intake: its first person in a matched role. */
export function mainPerson(persons: readonly PersonRecord[]): PersonRecord | undefined {
  return persons.find((person) => (MATCHED_ROLES as readonly string[]).includes(person.role) && !person.erasedAt);
}

/** The keys a person is looked up (and indexed) under for suggestions. */
export function matchKeysOf(person: Pick<PersonRecord, 'data'>): IdentityKey[] {
  return indexKeysOfPerson(person.data);
}

/** The criteria two persons' data meet together: the kinds of the index keys they share. Symmetric. */
export function sharedCriteria(a: Record<string, unknown>, b: Record<string, unknown>): MatchCriterion[] {
  const ofB = new Set(indexKeysOfPerson(b).map((key) => key.hash));
  const kinds = new Set(
    indexKeysOfPerson(a)
      .filter((key) => ofB.has(key.hash))
      .map((key) => key.kind),
  );
  return MATCH_CRITERIA.filter((kind) => kinds.has(kind));
}

/**
 * A pair's id, the same from either side: a pair of person records is suggested once (its guard
 * item is keyed by it), whichever case finds the other. UUID-shaped.
 */
export function matchIdOf(personA: string, personB: string): string {
  const [first, second] = [personA, personB].sort();
  const bytes = createHash('sha256').update(`casework-match-v1|${first}|${second}`).digest().subarray(0, 16);
  // Shaped as a name-based UUID (version 5, RFC 9562 variant), as every id of the API is.
  bytes[6] = (bytes[6]! & 0x0f) | 0x50;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/** One index entry found under one of the person's keys. */
export interface IndexHit {
  caseId: string;
  personId: string;
  kind: MatchCriterion;
}

/** What intake knows of a candidate found in the index (ids, never their data). */
export interface CandidateRecord {
  caseId: string;
  personId: string;
  subjectId?: string;
  erased: boolean;
  programme: Programme;
  /** When its case was created: a pair's suggestion lives on the newer case. */
  createdAt?: string;
}

export interface MatchCandidate {
  caseId: string;
  personId: string;
  /** The candidate's subject when the suggestion was made. */
  subjectId: string;
  programme: Programme;
}

/** A suggestion stored on the new case: ids and criteria codes only. */
export interface MatchSuggestion {
  matchId: string;
  caseId: string;
  personId: string;
  candidate: MatchCandidate;
  criteria: MatchCriterion[];
  status: MatchStatus;
  suggestedAt: string;
  decidedAt?: string;
  decidedBy?: string;
  /** The subject the person took when the link was confirmed. */
  linkedSubjectId?: string;
  undoneAt?: string;
  undoneBy?: string;
}

/**
 * The suggestions for a new case's person from what the index holds: one per candidate subject
 * (the candidate meeting most criteria, the strongest first), never a person of the same case, an
 * erased one, or one already of the person's subject.
 */
export function suggestMatches(args: {
  person: PersonRecord;
  hits: readonly IndexHit[];
  candidates: readonly CandidateRecord[];
  at: string;
}): MatchSuggestion[] {
  const { person, hits, candidates, at } = args;
  const criteria = new Map<string, Set<MatchCriterion>>();
  for (const hit of hits) {
    if (hit.caseId === person.caseId || hit.personId === person.personId) continue;
    const key = `${hit.caseId}/${hit.personId}`;
    criteria.set(key, (criteria.get(key) ?? new Set()).add(hit.kind));
  }
  const bySubject = new Map<string, { candidate: CandidateRecord; criteria: MatchCriterion[] }>();
  const strength = (list: MatchCriterion[]) => list.length * 10 - Math.min(...list.map((c) => MATCH_CRITERIA.indexOf(c)));
  for (const candidate of candidates) {
    const found = criteria.get(`${candidate.caseId}/${candidate.personId}`);
    if (!found || candidate.erased) continue;
    const subject = subjectOf(candidate);
    if (subject === subjectOf(person)) continue;
    const list = MATCH_CRITERIA.filter((kind) => found.has(kind));
    const best = bySubject.get(subject);
    if (
      !best ||
      strength(list) > strength(best.criteria) ||
      (strength(list) === strength(best.criteria) && candidate.caseId < best.candidate.caseId)
    )
      bySubject.set(subject, { candidate, criteria: list });
  }
  return [...bySubject.entries()].map(([subjectId, { candidate, criteria: list }]) => ({
    matchId: matchIdOf(person.personId, candidate.personId),
    caseId: person.caseId,
    personId: person.personId,
    candidate: { caseId: candidate.caseId, personId: candidate.personId, subjectId, programme: candidate.programme },
    criteria: list,
    status: 'suggested',
    suggestedAt: at,
  }));
}

/** A decision on a suggestion that its state, or the persons' since, no longer allow. */
export class MatchConflict extends Error {
  constructor(readonly reason: 'already-decided' | 'not-confirmed' | 'person-linked' | 'candidate-changed') {
    super(`match conflict: ${reason}`);
    this.name = 'MatchConflict';
  }
}

/** Who may decide: caseworkers and supervisors confirm or dismiss; only a supervisor undoes a link. */
export function checkMatchDecision(caller: Caller, match: MatchSuggestion, decision: MatchDecision): void {
  if (decision === 'undo') {
    if (!hasAnyRole(caller, 'supervisor')) throw new ActionForbidden('role', 'undo');
    if (match.status !== 'confirmed') throw new MatchConflict('not-confirmed');
    return;
  }
  if (!hasAnyRole(caller, 'caseworker', 'supervisor')) throw new ActionForbidden('role', decision);
  if (match.status !== 'suggested') throw new MatchConflict('already-decided');
}

/** May this caller decide on suggestions at all (before anything is read)? */
export function mayDecideMatches(caller: Caller): boolean {
  return hasAnyRole(caller, 'caseworker', 'supervisor');
}

/** The events of a decision, ids only: on the new case, and for a link (or its undoing) on the candidate's case too. */
export function matchDecisionEvents(
  match: MatchSuggestion,
  decision: MatchDecision,
  caller: Caller,
  at: string,
  subjectId: string,
): CaseEvent[] {
  const actor = historyActorOf(caller);
  const event = (caseId: string, type: string, details: Record<string, unknown>): CaseEvent => ({
    caseId,
    eventId: newEventId(),
    at,
    type,
    actor,
    details: { matchId: match.matchId, ...details },
  });
  if (decision === 'dismiss') return [event(match.caseId, 'person.match-dismissed', { personId: match.personId })];
  const type = decision === 'confirm' ? 'person.linked' : 'person.unlinked';
  return [
    event(match.caseId, type, {
      personId: match.personId,
      subjectId,
      otherCaseId: match.candidate.caseId,
      otherPersonId: match.candidate.personId,
    }),
    event(match.candidate.caseId, type, {
      personId: match.candidate.personId,
      subjectId,
      otherCaseId: match.caseId,
      otherPersonId: match.personId,
    }),
  ];
}

/** The event of a suggestion on the new case (ids and criteria codes only). */
export function matchSuggestedEvent(match: MatchSuggestion): CaseEvent {
  return {
    caseId: match.caseId,
    eventId: newEventId(),
    at: match.suggestedAt,
    type: 'person.match-suggested',
    actor: { kind: 'system', id: 'intake' },
    details: { matchId: match.matchId, personId: match.personId, otherCaseId: match.candidate.caseId, criteria: match.criteria },
  };
}

/** The history events only the mission's staff see: that the person has other cases is not a partner's to know. */
export function isStaffOnlyEvent(event: Pick<CaseEvent, 'type'>): boolean {
  return event.type.startsWith('person.match-') || event.type === 'person.linked' || event.type === 'person.unlinked';
}

/** Another case of the same subject, as staff see it on a case. */
export interface OtherCase {
  caseId: string;
  personId: string;
  reference: string;
  programme: Programme;
  status: 'open' | 'closed';
}

/** Secondary port of intake: where suggestions come from and go. */
export interface MatchStore {
  findIndexHits(keys: IdentityKey[]): Promise<IndexHit[]>;
  candidateRecords(hits: readonly { caseId: string; personId: string }[]): Promise<CandidateRecord[]>;
  /** Each suggestion once per pair (a pair already suggested, from either side, is skipped), with its event. */
  saveSuggestions(suggestions: MatchSuggestion[]): Promise<void>;
  /** The case's persons, read consistently (the case was just stored). */
  getPersons(caseId: string): Promise<PersonRecord[]>;
}

/**
 * At most this many candidate records are read per intake (those meeting most criteria first), and
 * at most this many suggestions are made: a common name born in a common year must not make an
 * intake read a crowd, nor bury a caseworker in namesakes. A person already linked across cases is
 * one subject, hence one suggestion.
 */
export const MAX_CANDIDATES_READ = 10;
export const MAX_SUGGESTIONS = 5;

/** Step 1: the suggestions for a new case's main person, stored. */
export async function suggestForCase(persons: readonly PersonRecord[], store: MatchStore, at: string): Promise<MatchSuggestion[]> {
  const person = mainPerson(persons);
  if (!person) return [];
  const keys = matchKeysOf(person);
  if (keys.length === 0) return [];
  const hits = await store.findIndexHits(keys);
  const others = hits.filter((hit) => hit.caseId !== person.caseId);
  if (others.length === 0) return [];
  const count = new Map<string, number>();
  for (const hit of others) count.set(`${hit.caseId}/${hit.personId}`, (count.get(`${hit.caseId}/${hit.personId}`) ?? 0) + 1);
  const strongest = [...new Map(others.map((hit) => [`${hit.caseId}/${hit.personId}`, hit])).entries()]
    .sort(([a], [b]) => (count.get(b) ?? 0) - (count.get(a) ?? 0) || a.localeCompare(b))
    .slice(0, MAX_CANDIDATES_READ)
    .map(([, hit]) => hit);
  // The person's own record too: its case's programme and age, to put each suggestion on the newer case.
  const [own, candidates] = await Promise.all([
    store.candidateRecords([{ caseId: person.caseId, personId: person.personId }]),
    store.candidateRecords(strongest),
  ]);
  const self = own.find((record) => record.caseId === person.caseId && record.personId === person.personId);
  const suggestions = suggestMatches({ person, hits: others, candidates, at })
    .sort((a, b) => b.criteria.length - a.criteria.length || a.candidate.caseId.localeCompare(b.candidate.caseId))
    .slice(0, MAX_SUGGESTIONS)
    .map((suggestion) => onNewerCase(suggestion, self, candidates));
  if (suggestions.length > 0) await store.saveSuggestions(suggestions);
  return suggestions;
}

/** (createdAt, caseId) order: which of two cases is the newer. */
function isNewer(a: { caseId: string; createdAt: string }, b: { caseId: string; createdAt: string }): boolean {
  return a.createdAt > b.createdAt || (a.createdAt === b.createdAt && a.caseId > b.caseId);
}

/**
 * A pair's suggestion is for staff on the newer of its two cases, whichever side found it: made
 * after each case's write (from the stream), the first case may be matched only once the second is
 * stored too (a consumer behind, or two submissions racing), and then finds the newer one.
 */
function onNewerCase(
  suggestion: MatchSuggestion,
  self: CandidateRecord | undefined,
  candidates: readonly CandidateRecord[],
): MatchSuggestion {
  const other = candidates.find((c) => c.caseId === suggestion.candidate.caseId && c.personId === suggestion.candidate.personId);
  if (self?.createdAt === undefined || other?.createdAt === undefined) return suggestion;
  if (!isNewer({ caseId: other.caseId, createdAt: other.createdAt }, { caseId: self.caseId, createdAt: self.createdAt })) return suggestion;
  return {
    ...suggestion,
    caseId: other.caseId,
    personId: other.personId,
    candidate: { caseId: self.caseId, personId: self.personId, subjectId: subjectOf(self), programme: self.programme },
  };
}

/**
 * Step 1 for a case just stored, off the request path (the table's stream delivers its
 * `case.submitted` event, at least once): its persons read back, then as `suggestForCase`. Safe to
 * run again: each pair is suggested once. Run after the case's write, so that of two submissions of
 * one person racing each other, the later one stored finds the earlier.
 */
export async function suggestForNewCase(caseId: string, store: MatchStore, at: string): Promise<MatchSuggestion[]> {
  return suggestForCase(await store.getPersons(caseId), store, at);
}

/** The history event whose arrival on the table's stream asks for a new case's suggestions. */
export const SUGGESTIONS_AFTER_EVENT = 'case.submitted';

/** Secondary port of the staff's decisions. */
export interface MatchDecisionStore {
  getMatch(caseId: string, matchId: string): Promise<MatchSuggestion | undefined>;
  personLink(caseId: string, personId: string): Promise<{ subjectId?: string; erased: boolean } | undefined>;
  confirm(
    match: MatchSuggestion,
    subjectId: string,
    by: string,
    at: string,
    events: CaseEvent[],
  ): Promise<'done' | MatchConflict['reason']>;
  dismiss(match: MatchSuggestion, by: string, at: string, events: CaseEvent[]): Promise<'done' | MatchConflict['reason']>;
  undo(match: MatchSuggestion, by: string, at: string, events: CaseEvent[]): Promise<'done' | MatchConflict['reason']>;
}

/** The suggestion does not exist (for that case and person). */
export class MatchNotFound extends Error {
  constructor() {
    super('match not found');
    this.name = 'MatchNotFound';
  }
}

/**
 * Steps 2 and 3: a staff decision on a suggestion of a case's person. Confirming links the person to
 * the candidate's subject as it is now (read again, consistently); each write is conditional, so a
 * concurrent decision or link makes this one a conflict, never a silent overwrite.
 */
export async function decideMatch(
  command: { caller: Caller; caseId: string; personId: string; matchId: string; decision: MatchDecision },
  deps: { store: MatchDecisionStore; now: () => Date },
): Promise<MatchSuggestion> {
  const { caller, caseId, personId, matchId, decision } = command;
  if (!mayDecideMatches(caller)) throw new ActionForbidden('role', decision);
  const match = await deps.store.getMatch(caseId, matchId);
  if (!match || match.personId !== personId) throw new MatchNotFound();
  checkMatchDecision(caller, match, decision);
  const at = deps.now().toISOString();
  let subjectId = match.linkedSubjectId ?? match.candidate.subjectId;
  if (decision === 'confirm') {
    const candidate = await deps.store.personLink(match.candidate.caseId, match.candidate.personId);
    if (!candidate || candidate.erased) throw new MatchConflict('candidate-changed');
    subjectId = candidate.subjectId ?? match.candidate.personId;
  }
  const events = matchDecisionEvents(match, decision, caller, at, subjectId);
  const outcome =
    decision === 'confirm'
      ? await deps.store.confirm(match, subjectId, caller.sub, at, events)
      : decision === 'dismiss'
        ? await deps.store.dismiss(match, caller.sub, at, events)
        : await deps.store.undo(match, caller.sub, at, events);
  if (outcome !== 'done') throw new MatchConflict(outcome);
  return (await deps.store.getMatch(caseId, matchId)) ?? match;
}
