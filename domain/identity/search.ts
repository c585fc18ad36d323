// Finding a person by what a caller has in front of them (docs/search.md): a name as it is spoken or
// spelt (any order, part of it, Latin or Arabic script, a common Maghreb spelling for another), a phone
// number in any usual format, an identity document number. Each person the search is for is indexed
// under one key per normalised name token and one for their phone number, one-way hashes as the
// identity index (../privacy/identity.ts), written in the same transactions as the person: a search is
// one Query per key, never a Scan; the document number reuses the identity index's `document` key.
import { createHash } from 'node:crypto';
import { parsePhoneNumber } from 'awesome-phonenumber';
import { identityKeysOf, normaliseDocumentNumber, type IdentityKey } from '../privacy/identity.ts';
import { caseVisibility } from '../access/cases.ts';
import { isStaff, partnerOf, type Caller } from '../access/roles.ts';
import type { CaseRecord, PersonRecord } from '../cases/model.ts';
import type { ShareRecord } from '../sharing/shares.ts';

/**
 * The persons a search finds: those a case is about (an applicant, a youth, an expert) and a guardian.
 * Family members and institutions' contact persons are not indexed: an application with twenty
 * family members must stay one transaction (DynamoDB's 100 items), and they are found through the
 * case of the person they came with.
 */
export const SEARCHED_ROLES = ['applicant', 'youth', 'expert', 'guardian'] as const;

export type SearchKeyKind = 'name' | 'phone';

export interface SearchKey {
  kind: SearchKeyKind;
  /** Hex SHA-256 of the domain-separated, normalised material. */
  hash: string;
}

/**
 * At most this many name keys per person (the intake transaction's budget: docs/search.md), the first
 * tokens of each name kept, at least MAX_ARABIC_KEYS of them (when given) from the Arabic spelling.
 */
export const MAX_NAME_KEYS = 10;
export const MAX_ARABIC_KEYS = 4;

/** Particles that are written joined, apart or not at all ("El Alaoui", "Ben Ali", "ولد"): never a key. */
const PARTICLES = new Set([
  'el',
  'al',
  'ben',
  'bin',
  'ibn',
  'bent',
  'bint',
  'ould',
  'ait',
  'ou',
  'de',
  'du',
  'da',
  'la',
  'le',
  'ال',
  'بن',
  'ابن',
  'بنت',
  'ولد',
  'ايت',
]);

const ARABIC = /\p{Script=Arabic}/u;

/**
 * One name token in Arabic script, normalised: diacritics (harakat, shadda) and tatweel removed,
 * alef forms (أ إ آ ٱ) as ا, ة as ه, ى as ي, ؤ as و, ئ as ي.
 */
export function arabicKey(token: string): string {
  return token
    .toLowerCase()
    .normalize('NFC')
    .replace(/[\u064B-\u065F\u0670\u06D6-\u06ED]/gu, '')
    .replace(/\u0640/gu, '')
    .replace(/[أإآٱ]/gu, 'ا')
    .replace(/ة/gu, 'ه')
    .replace(/ى/gu, 'ي')
    .replace(/ؤ/gu, 'و')
    .replace(/ئ/gu, 'ي');
}

/**
 * One name token in Latin script as a sound skeleton, the light normalisation of the usual French and
 * English transliterations of Maghreb names (Arabic writes no short vowels, so neither does this):
 * accents and case dropped; ch/sch/sh as sh, dj as j, ph as f, q and ck as k, c as s before e/i/y and
 * k elsewhere, x as ks; w and y counted as vowels (Oualid/Walid, Youssef/Yousef); a final h after a
 * vowel dropped (Fatimah/Fatima); every vowel dropped but an initial one (kept as `a`); doubled letters
 * as one. So Mohamed, Mohammed, Muhammad, Mouhamed share `mhmd`; Youssef, Youcef, Yusuf share `asf`.
 * The price: a few different names meet (Karim and Karima, Amine and Imane), which a result's date
 * of birth tells apart.
 */
export function latinKey(token: string): string {
  let t = token
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/ß/g, 'ss')
    .replace(/[^a-z0-9]/g, '');
  if (t === '' || /^\d+$/.test(t)) return t;
  const plain = t.replace(/[wy]/g, 'u').replace(/(.)\1+/g, '$1');
  t = t
    .replace(/sch/g, 'sh')
    .replace(/tch/g, 'sh')
    .replace(/ch/g, 'sh')
    .replace(/dj/g, 'j')
    .replace(/ph/g, 'f')
    .replace(/ck/g, 'k')
    .replace(/q/g, 'k')
    .replace(/c(?=[eiy])/g, 's')
    .replace(/c/g, 'k')
    .replace(/x/g, 'ks')
    .replace(/[wy]/g, 'u')
    .replace(/([aeiou])h$/, '$1');
  const initialVowel = /^[aeiou]/.test(t);
  const consonants = t.replace(/[aeiou]/g, '').replace(/(.)\1+/g, '$1');
  const skeleton = `${initialVowel ? 'a' : ''}${consonants}`;
  // A name too short for a skeleton (Ba, Sy, Sow) keys on its letters (w and y as u, doubles as one).
  return skeleton.length >= 2 ? skeleton : plain;
}

/** The key of one token of a name, in its own script; empty for a particle or nothing left. */
export function nameTokenKey(token: string): string {
  const raw = token.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
  if (raw === '' || PARTICLES.has(raw) || PARTICLES.has(arabicKey(token))) return '';
  return ARABIC.test(token) ? arabicKey(token) : latinKey(token);
}

/** The distinct keys of a name as typed (any order, any script): one per token, particles left out. */
export function nameKeys(text: string): string[] {
  // A token is split where its script changes ("Mohamedمحمد" typed without a space is two tokens).
  const tokens = text
    .split(/[^\p{L}\p{M}\p{N}\u0640]+/u)
    .flatMap((part) => part.match(/(?:\p{Script=Arabic}[\p{M}\u0640]*)+|[^\p{Script=Arabic}]+/gu) ?? []);
  return [...new Set(tokens.map(nameTokenKey).filter((key) => key.length >= 2))];
}

/** A phone number in E.164 (`+212612345678`), read as Moroccan when it has no country code; undefined when it is not one. */
export function normalisePhone(value: string): string | undefined {
  const parsed = parsePhoneNumber(value.trim(), { regionCode: 'MA' });
  return parsed.valid ? parsed.number.e164 : undefined;
}

function hash(kind: SearchKeyKind, material: string): SearchKey {
  return { kind, hash: createHash('sha256').update(`casework-search-v1|${kind}|${material}`).digest('hex') };
}

const text = (value: unknown) => (typeof value === 'string' ? value : undefined);

/** The search keys a person's data is indexed under: its names' tokens (both scripts) and its phone. */
export function searchKeysOfPerson(person: { role: string; data: Record<string, unknown>; erasedAt?: string }): SearchKey[] {
  if (person.erasedAt || !(SEARCHED_ROLES as readonly string[]).includes(person.role)) return [];
  const { data } = person;
  const latin = [text(data.givenNames), text(data.familyName)].filter((n) => n !== undefined).flatMap(nameKeys);
  const arabic = nameKeys(text(data.nameInArabicScript) ?? '').filter((key) => !latin.includes(key));
  // The Arabic spelling keeps a share of the budget however long the Latin names are.
  const ownArabic = arabic.slice(0, Math.max(MAX_ARABIC_KEYS, MAX_NAME_KEYS - new Set(latin).size));
  const tokens = [...new Set(latin)].slice(0, MAX_NAME_KEYS - ownArabic.length).concat(ownArabic);
  const contact = data.contact;
  const phoneText =
    text(data.phone) ?? (typeof contact === 'object' && contact !== null ? text((contact as Record<string, unknown>).phone) : undefined);
  const phone = phoneText ? normalisePhone(phoneText) : undefined;
  return [...tokens.map((token) => hash('name', token)), ...(phone ? [hash('phone', phone)] : [])];
}

/** What a caller may search by: one of a name, a phone number, a document number. */
export type PersonSearch = { name: string } | { phone: string } | { documentNumber: string };

/** Why a search cannot be made: nothing searchable in the name, not a phone number, too short a document number. */
export type SearchQueryIssue = 'name-too-short' | 'phone-invalid' | 'document-too-short';

/**
 * The index keys a search reads, every one of which a result must hold: one per name token (the
 * order and the part of the name given do not matter), the phone's, or the identity index's
 * document key.
 */
export type SearchPlan =
  { criterion: 'name'; keys: SearchKey[] } | { criterion: 'phone'; keys: SearchKey[] } | { criterion: 'document'; keys: IdentityKey[] };

export function searchPlan(query: PersonSearch): SearchPlan | SearchQueryIssue {
  if ('name' in query) {
    const keys = nameKeys(query.name);
    return keys.length === 0 ? 'name-too-short' : { criterion: 'name', keys: keys.slice(0, MAX_NAME_KEYS).map((k) => hash('name', k)) };
  }
  if ('phone' in query) {
    const phone = normalisePhone(query.phone);
    return phone ? { criterion: 'phone', keys: [hash('phone', phone)] } : 'phone-invalid';
  }
  const document = normaliseDocumentNumber(query.documentNumber);
  const keys = identityKeysOf({ documentNumber: document });
  return keys.length === 0 ? 'document-too-short' : { criterion: 'document', keys };
}

/** One person found: ids only, the index never holds more. */
export interface SearchHit {
  caseId: string;
  personId: string;
}

/** The persons holding every key of the plan: the intersection of the keys' entries. */
export function intersectHits(perKey: readonly (readonly SearchHit[])[]): SearchHit[] {
  if (perKey.length === 0) return [];
  const id = (hit: SearchHit) => `${hit.caseId}/${hit.personId}`;
  const [first, ...rest] = [...perKey].sort((a, b) => a.length - b.length);
  const others = rest.map((hits) => new Set(hits.map(id)));
  const seen = new Set<string>();
  return first!.filter((hit) => {
    const key = id(hit);
    if (seen.has(key) || !others.every((set) => set.has(key))) return false;
    seen.add(key);
    return true;
  });
}

/** At most this many persons are shown, and at most this many found are looked at (their cases read). */
export const MAX_RESULTS = 50;
export const MAX_CANDIDATES = 200;

/** One person as a search shows them: enough to tell namesakes apart and open the case. */
export interface PersonSearchResult {
  caseId: string;
  reference: string;
  programme: string;
  caseType: string;
  stage: string;
  status: string;
  personId: string;
  role: string;
  givenNames?: string;
  familyName?: string;
  nameInArabicScript?: string;
  dateOfBirth?: string;
}

/** Secondary port of the person search. */
export interface PersonSearchStore {
  hits(plan: SearchPlan): Promise<{ hits: SearchHit[]; truncated: boolean }>;
  cases(caseIds: readonly string[]): Promise<CaseRecord[]>;
  persons(hits: readonly SearchHit[]): Promise<PersonRecord[]>;
  sharesOfCase(caseId: string): Promise<ShareRecord[]>;
}

/**
 * A person search as the caller may see it: the persons holding every key of the plan, of the cases
 * whose persons the caller sees (staff: every case, as GET /cases/{id}; a partner association: its own
 * cases and those shared with it now, whole or by an accepted referral), never an erased person.
 * `truncated` when more were found than are looked at or shown: a narrower search is the answer.
 */
export async function searchPersons(
  caller: Caller,
  plan: SearchPlan,
  store: PersonSearchStore,
  now: Date,
): Promise<{ results: PersonSearchResult[]; truncated: boolean }> {
  const found = await store.hits(plan);
  const candidates = found.hits.slice(0, MAX_CANDIDATES);
  let truncated = found.truncated || found.hits.length > MAX_CANDIDATES;
  const cases = new Map((await store.cases(candidates.map((hit) => hit.caseId))).map((c) => [c.caseId, c]));
  const partnerId = partnerOf(caller);
  const visible = new Set<string>();
  await Promise.all(
    [...cases.values()].map(async (record) => {
      if (isStaff(caller)) return void visible.add(record.caseId);
      // Only a case that names the partner (its own, or one its shares reach) needs its shares read.
      if (partnerId === undefined || (record.partnerId !== partnerId && record.partnerAccess?.[partnerId] === undefined)) return;
      if (caseVisibility(caller, record, await store.sharesOfCase(record.caseId), now) === 'full') visible.add(record.caseId);
    }),
  );
  const persons = await store.persons(candidates.filter((hit) => visible.has(hit.caseId)));
  const results = persons
    .filter((person) => !person.erasedAt)
    .map((person): PersonSearchResult => {
      const record = cases.get(person.caseId)!;
      const text = (key: string) => (typeof person.data[key] === 'string' ? person.data[key] : undefined);
      const shown = {
        givenNames: text('givenNames'),
        familyName: text('familyName'),
        nameInArabicScript: text('nameInArabicScript'),
        dateOfBirth: text('dateOfBirth'),
      };
      return {
        caseId: record.caseId,
        reference: record.reference,
        programme: record.programme,
        caseType: record.caseType,
        stage: record.stage,
        status: record.status,
        personId: person.personId,
        role: person.role,
        ...Object.fromEntries(Object.entries(shown).filter(([, v]) => v !== undefined)),
      };
    })
    .sort((a, b) => a.reference.localeCompare(b.reference) || a.personId.localeCompare(b.personId));
  if (results.length > MAX_RESULTS) truncated = true;
  return { results: results.slice(0, MAX_RESULTS), truncated };
}
