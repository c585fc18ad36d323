// The diaspora experts' register: a verified expert's entry (a non-personal projection of their case:
// ids and codes only) and the staff search over it. The entry is what matching reads: sectors,
// normalised skill keys, language codes, country of residence, availability windows and the consent
// to be contacted. Names, contact details and the skills as typed stay on the person item.
//
// The search (searchRegister) reads candidates from the index partition of the most selective
// criterion given (a skill, else the country, else a sector: RegisterIndex; several concurrently, the
// index checking sector, country and languages as it reads), filters the rest, ranks
// by fit and pages with an opaque, validated cursor. docs/data-model.md, "Experts' register".
import { createHash } from 'node:crypto';
import type { SECTORS } from '../forms/fields.ts';
import { isSkillKey } from './skills.ts';

export const EXPERT_MODES = ['remote', 'on-site', 'hybrid'] as const;
export type ExpertMode = (typeof EXPERT_MODES)[number];
export type Sector = (typeof SECTORS)[number];

/** At most this many availability windows per expert, each at most this many days long. */
export const MAX_WINDOWS = 12;
export const MAX_WINDOW_DAYS = 731;
/** The window a registration's "available from" opens: this many days, until the expert or staff change it. */
export const INITIAL_WINDOW_DAYS = 365;

export interface AvailabilityWindow {
  from: string; // YYYY-MM-DD, inclusive
  to: string; // YYYY-MM-DD, inclusive
  mode: ExpertMode;
}

export interface RegisterEntry {
  /** The expert's case id. */
  expertId: string;
  sectors: string[];
  skills: string[];
  languages: string[];
  country: string;
  windows: AvailabilityWindow[];
  consentToContact: boolean;
  status: 'listed' | 'withdrawn';
  listedAt: string;
  updatedAt: string;
  version: number;
}

/** The attributes an index item projects (enough to filter and rank without reading the entry). */
export type IndexedExpert = Pick<
  RegisterEntry,
  'expertId' | 'sectors' | 'skills' | 'languages' | 'country' | 'windows' | 'consentToContact'
>;

export type IndexCriterion = 'skill' | 'country' | 'sector';
export interface IndexPartition {
  criterion: IndexCriterion;
  value: string;
}

/** The partitions an entry is listed in: one per skill key, per sector, and its country. */
export function partitionsOf(entry: Pick<RegisterEntry, 'skills' | 'sectors' | 'country'>): IndexPartition[] {
  return [
    ...entry.skills.map((value) => ({ criterion: 'skill' as const, value })),
    ...entry.sectors.map((value) => ({ criterion: 'sector' as const, value })),
    { criterion: 'country', value: entry.country },
  ];
}

/**
 * What every result must have, that the index can check as it reads (each a necessary condition of
 * `fit`, so that nothing it leaves out could have been found): the sector, the country, one of the
 * languages.
 */
export interface CandidateFilter {
  sector?: string;
  country?: string;
  /** At least one of them (none: any). */
  languages: string[];
}

export interface RegisterIndex {
  /** Every expert listed in a partition (all its pages) that passes the filter, if one is given. */
  candidates(partition: IndexPartition, filter?: CandidateFilter): Promise<IndexedExpert[]>;
}

/** The filter of a query's hard criteria (fit refuses anyone who fails it). */
export function candidateFilter(query: Pick<RegisterQuery, 'sector' | 'country' | 'languages'>): CandidateFilter {
  return {
    ...(query.sector ? { sector: query.sector } : {}),
    ...(query.country ? { country: query.country } : {}),
    languages: [...query.languages],
  };
}

export interface RegisterQuery {
  sector?: string;
  skills: string[];
  languages: string[];
  country?: string;
  from?: string;
  to?: string;
  mode?: ExpertMode;
  limit: number;
  cursor?: string;
}

/** `region`, `support` and `experience`: a returnee's, for a job offer (returnee-listing.ts). */
export type ReasonCriterion = 'skill' | 'language' | 'country' | 'sector' | 'availability' | 'mode' | 'region' | 'support' | 'experience';
export interface Reason {
  criterion: ReasonCriterion;
  value: string;
  /** Availability: the days of the window the expert is available. */
  days?: number;
}

export interface RankedExpert {
  expertId: string;
  score: number;
  reasons: Reason[];
  sectors: string[];
  skills: string[];
  languages: string[];
  country: string;
  windows: AvailabilityWindow[];
  consentToContact: boolean;
}

export class InvalidCursor extends Error {
  constructor() {
    super('invalid cursor');
    this.name = 'InvalidCursor';
  }
}

export class SearchNeedsCriterion extends Error {
  constructor() {
    super('a skill, a country or a sector is required');
    this.name = 'SearchNeedsCriterion';
  }
}

const DAY = 86_400_000;
const days = (date: string) => Date.parse(`${date}T00:00:00Z`) / DAY;

/** Days of [a.from, a.to] ∩ [b.from, b.to], inclusive (0 when apart). */
export function overlapDays(a: { from: string; to: string }, b: { from: string; to: string }): number {
  const start = Math.max(days(a.from), days(b.from));
  const end = Math.min(days(a.to), days(b.to));
  return end >= start ? end - start + 1 : 0;
}

/** A window's mode serves the one asked for: the same, or hybrid on either side. */
export function modeServes(window: ExpertMode, asked: ExpertMode): boolean {
  return window === asked || window === 'hybrid' || asked === 'hybrid';
}

/** The partition a query reads: its skills' (each), else its country's, else its sector's. */
export function partitionsFor(query: Pick<RegisterQuery, 'skills' | 'country' | 'sector'>): IndexPartition[] {
  if (query.skills.length > 0) return query.skills.map((value) => ({ criterion: 'skill', value }));
  if (query.country) return [{ criterion: 'country', value: query.country }];
  if (query.sector) return [{ criterion: 'sector', value: query.sector }];
  throw new SearchNeedsCriterion();
}

/**
 * How an expert fits a query, or undefined when they do not: the sector and country given must be
 * theirs, at least one skill and one language given must be theirs, and when dates are given one of
 * their windows must overlap them in a mode that serves the one asked for. The score ranks: each
 * skill matched 100, each language 10, the availability up to 5 (the share of the asked window
 * covered), the exact mode 1.
 */
export function fit(expert: IndexedExpert, query: RegisterQuery): { score: number; reasons: Reason[] } | undefined {
  const reasons: Reason[] = [];
  let score = 0;
  if (query.sector) {
    if (!expert.sectors.includes(query.sector)) return undefined;
    reasons.push({ criterion: 'sector', value: query.sector });
  }
  if (query.country) {
    if (expert.country !== query.country) return undefined;
    reasons.push({ criterion: 'country', value: query.country });
  }
  if (query.skills.length > 0) {
    const matched = query.skills.filter((skill) => expert.skills.includes(skill));
    if (matched.length === 0) return undefined;
    score += 100 * matched.length;
    reasons.push(...matched.map((value) => ({ criterion: 'skill' as const, value })));
  }
  if (query.languages.length > 0) {
    const matched = query.languages.filter((language) => expert.languages.includes(language));
    if (matched.length === 0) return undefined;
    score += 10 * matched.length;
    reasons.push(...matched.map((value) => ({ criterion: 'language' as const, value })));
  }
  const modeOk = (w: AvailabilityWindow) => query.mode === undefined || modeServes(w.mode, query.mode);
  if (query.from !== undefined && query.to !== undefined) {
    const asked = { from: query.from, to: query.to };
    const askedDays = overlapDays(asked, asked);
    const best = expert.windows
      .filter(modeOk)
      .map((w) => ({ w, days: overlapDays(w, asked) }))
      .filter((o) => o.days > 0)
      .sort((a, b) => b.days - a.days || Number(b.w.mode === query.mode) - Number(a.w.mode === query.mode))[0];
    if (!best) return undefined;
    score += Math.round((5 * Math.min(best.days, askedDays)) / askedDays);
    reasons.push({ criterion: 'availability', value: `${best.w.from}/${best.w.to}`, days: best.days });
    if (query.mode !== undefined) {
      if (best.w.mode === query.mode) score += 1;
      reasons.push({ criterion: 'mode', value: best.w.mode });
    }
  } else if (query.mode !== undefined) {
    const window = expert.windows.find((w) => w.mode === query.mode) ?? expert.windows.find(modeOk);
    if (!window) return undefined;
    if (window.mode === query.mode) score += 1;
    reasons.push({ criterion: 'mode', value: window.mode });
  }
  return { score, reasons };
}

// --- cursor ------------------------------------------------------------------------------------

/** What a page's cursor binds: the query's criteria (not its limit nor cursor). */
function fingerprint(query: RegisterQuery): string {
  const { limit: _limit, cursor: _cursor, ...criteria } = query;
  const canonical = JSON.stringify({
    ...criteria,
    skills: [...criteria.skills].sort(),
    languages: [...criteria.languages].sort(),
  });
  return createHash('sha256').update(canonical).digest('base64url').slice(0, 16);
}

interface CursorPosition {
  score: number;
  expertId: string;
}

export function encodeCursor(query: RegisterQuery, after: CursorPosition): string {
  return Buffer.from(JSON.stringify({ v: 1, q: fingerprint(query), s: after.score, e: after.expertId })).toString('base64url');
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The position a cursor of this same query names; InvalidCursor (400) for anything else. */
export function decodeCursor(query: RegisterQuery, cursor: string): CursorPosition {
  let parsed: unknown;
  try {
    if (!/^[A-Za-z0-9_-]+$/.test(cursor)) throw new InvalidCursor();
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw new InvalidCursor();
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new InvalidCursor();
  const { v, q, s, e, ...rest } = parsed as Record<string, unknown>;
  if (Object.keys(rest).length > 0 || v !== 1 || q !== fingerprint(query)) throw new InvalidCursor();
  if (typeof s !== 'number' || !Number.isInteger(s) || s < 0 || typeof e !== 'string' || !UUID.test(e)) throw new InvalidCursor();
  return { score: s, expertId: e };
}

/** Best fit first; equal fits by expert id (a stable order for paging). */
const before = (a: CursorPosition, b: CursorPosition) =>
  b.score - a.score || (a.expertId < b.expertId ? -1 : a.expertId > b.expertId ? 1 : 0);

// --- search ------------------------------------------------------------------------------------

/** `keep`: a caller's own condition on an expert (matching's consent and exclusions), applied before the limit. */
export async function searchRegister(
  query: RegisterQuery,
  index: RegisterIndex,
  keep: (expert: IndexedExpert) => boolean = () => true,
): Promise<{ items: RankedExpert[]; next?: string }> {
  const after = query.cursor !== undefined ? decodeCursor(query, query.cursor) : undefined;
  const partitions = partitionsFor(query);
  const seen = new Map<string, IndexedExpert>();
  // The partitions are read concurrently, each filtered by the query's hard criteria as it is read.
  const filter = candidateFilter(query);
  const read = await Promise.all(partitions.map((partition) => index.candidates(partition, filter)));
  for (const experts of read) for (const expert of experts) seen.set(expert.expertId, expert);
  const ranked: RankedExpert[] = [];
  for (const expert of seen.values()) {
    if (!keep(expert)) continue;
    const fits = fit(expert, query);
    if (!fits) continue;
    const position = { score: fits.score, expertId: expert.expertId };
    if (after && before(position, after) <= 0) continue;
    ranked.push({ ...expert, ...fits });
  }
  ranked.sort(before);
  const items = ranked.slice(0, query.limit);
  const last = items.at(-1);
  return ranked.length > query.limit && last ? { items, next: encodeCursor(query, last) } : { items };
}

// --- entries -----------------------------------------------------------------------------------

export function addDays(date: string, n: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + n * DAY).toISOString().slice(0, 10);
}

/** A verified expert's first entry, from their case's facts and the verification's confirmed skill keys. */
export function newEntry(input: {
  expertId: string;
  facts: Record<string, unknown>;
  languages: string[];
  skills: string[];
  at: string;
}): RegisterEntry {
  const { facts } = input;
  const from = typeof facts.availableFrom === 'string' ? facts.availableFrom : input.at.slice(0, 10);
  const mode = EXPERT_MODES.includes(facts.availabilityMode as ExpertMode) ? (facts.availabilityMode as ExpertMode) : 'hybrid';
  return {
    expertId: input.expertId,
    sectors: Array.isArray(facts.sectors) ? facts.sectors.filter((s): s is string => typeof s === 'string') : [],
    skills: input.skills.filter(isSkillKey),
    languages: [...new Set(input.languages)],
    country: typeof facts.countryOfResidence === 'string' ? facts.countryOfResidence : 'ZZ',
    windows: [{ from, to: addDays(from, INITIAL_WINDOW_DAYS - 1), mode }],
    consentToContact: facts.consentFollowUpContact === true,
    status: 'listed',
    listedAt: input.at,
    updatedAt: input.at,
    version: 1,
  };
}

/**
 * The entry with the expert's consent to be contacted as their case now records it (the case's
 * follow-up contact consent, revoked or given again: POST /cases/{caseId}/consents); undefined when
 * it already says so. An expert without that consent stays listed and findable (the search shows
 * `consentToContact: false`: the register is the mission's record of the skills it knows of), but is
 * never contacted nor proposed: matching proposes only experts whose entry has it.
 */
export function withConsentToContact(entry: RegisterEntry, consent: boolean, at: string): RegisterEntry | undefined {
  if (entry.consentToContact === consent) return undefined;
  return { ...entry, consentToContact: consent, updatedAt: at, version: entry.version + 1 };
}

export const indexedOf = (entry: RegisterEntry): IndexedExpert => ({
  expertId: entry.expertId,
  sectors: entry.sectors,
  skills: entry.skills,
  languages: entry.languages,
  country: entry.country,
  windows: entry.windows,
  consentToContact: entry.consentToContact,
});
