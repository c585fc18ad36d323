// One person across programmes in the domain: the matching rule (properties over generated people),
// the suggestions made from the identity index, who may decide, and what the history records.
import fc from 'fast-check';
import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import type { Caller } from '../../../domain/access/roles.ts';
import type { PersonRecord } from '../../../domain/cases/model.ts';
import { historyVisibleTo } from '../../../domain/access/cases.ts';
import { ActionForbidden } from '../../../domain/errors.ts';
import {
  checkMatchDecision,
  decideMatch,
  matchDecisionEvents,
  matchIdOf,
  MatchConflict,
  matchKeysOf,
  MAX_CANDIDATES_READ,
  MAX_SUGGESTIONS,
  sharedCriteria,
  suggestForCase,
  suggestMatches,
  type MatchDecisionStore,
  type MatchStore,
  type MatchSuggestion,
} from '../../../domain/identity/matches.ts';
import { identityKeysOfPerson, normaliseDocumentNumber, normaliseName } from '../../../domain/privacy/identity.ts';
import { findSubject, type SubjectFinder } from '../../../domain/privacy/subject.ts';

const at = '2026-12-01T09:00:00.000Z';
const caseworker: Caller = { sub: 'amina', groups: ['caseworker'] };
const supervisor: Caller = { sub: 'karim', groups: ['supervisor'] };
const partner: Caller = { sub: 'p1', groups: ['partner'], partnerId: 'caritas-maroc' };
const admin: Caller = { sub: 'root', groups: ['admin'] };
const dpo: Caller = { sub: 'nadia', groups: ['data-protection'] };

const person = (caseId: string, personId: string, data: Record<string, unknown>, extra: Partial<PersonRecord> = {}): PersonRecord => ({
  personId,
  caseId,
  role: 'applicant',
  data,
  createdAt: at,
  ...extra,
});

const CASE_A = '0a000000-0000-4000-a000-000000000000';
const CASE_B = '0b000000-0000-4000-a000-000000000000';
const CASE_C = '0c000000-0000-4000-a000-000000000000';
const P_A = '1a000000-0000-4000-a000-000000000000';
const P_B = '1b000000-0000-4000-a000-000000000000';
const P_C = '1c000000-0000-4000-a000-000000000000';

const diallo = { givenNames: 'Mamadou Aliou', familyName: 'Diallo', dateOfBirth: '1994-06-12' };

// Generated people: names from a small alphabet (so that they often coincide), dates in a few years.
const name = fc.stringMatching(/^[A-Za-zÀ-ÿ' -]{1,12}$/);
const date = fc
  .record({ y: fc.integer({ min: 1990, max: 1992 }), m: fc.integer({ min: 1, max: 12 }), d: fc.integer({ min: 1, max: 28 }) })
  .map(({ y, m, d }) => `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`);
const identity = fc.record(
  {
    givenNames: fc.oneof(name, fc.constantFrom('Awa', 'awa', 'AWA ')),
    familyName: fc.oneof(name, fc.constantFrom('Bah', 'BAH', 'bâh')),
    dateOfBirth: date,
    identityDocument: fc.record({ type: fc.constant('passport'), number: fc.constantFrom('A0123456', 'a-0123456', 'B9999999') }),
  },
  { requiredKeys: ['givenNames', 'familyName'] },
);

const text = (value: unknown) => (typeof value === 'string' ? value : '');
/** The names as the rule compares them; empty when either part has no letter or digit (then no name key at all). */
const fullName = (data: Record<string, unknown>) =>
  normaliseName(text(data.givenNames)) && normaliseName(text(data.familyName))
    ? normaliseName(`${text(data.givenNames)} ${text(data.familyName)}`)
    : '';
const year = (data: Record<string, unknown>) => (typeof data.dateOfBirth === 'string' ? data.dateOfBirth.slice(0, 4) : undefined);
const documentOf = (data: Record<string, unknown>) => {
  const doc = data.identityDocument as { number?: string } | undefined;
  return doc?.number ? normaliseDocumentNumber(doc.number) : undefined;
};

describe('the matching rule', () => {
  it('is symmetric: A resembles B exactly as B resembles A', () => {
    fc.assert(
      fc.property(identity, identity, (a, b) => {
        expect(sharedCriteria(a, b)).toEqual(sharedCriteria(b, a));
      }),
    );
  });

  it('never relates two people who share neither names with a year of birth nor a document (by construction)', () => {
    fc.assert(
      fc.property(identity, identity, (a, b) => {
        const sameNameAndYear = fullName(a) !== '' && fullName(a) === fullName(b) && year(a) !== undefined && year(a) === year(b);
        const sameDocument = documentOf(a) !== undefined && documentOf(a) === documentOf(b);
        if (!sameNameAndYear && !sameDocument) expect(sharedCriteria(a, b)).toEqual([]);
        if (sameNameAndYear) expect(sharedCriteria(a, b)).toContain('name-birth-year');
        if (sameDocument) expect(sharedCriteria(a, b)).toContain('document');
      }),
    );
  });

  it('an exact identity (the officer’s search key) always comes with the looser one, never the other way round', () => {
    fc.assert(
      fc.property(identity, identity, (a, b) => {
        const criteria = sharedCriteria(a, b);
        if (criteria.includes('name-dob')) expect(criteria).toContain('name-birth-year');
      }),
    );
    const swapped = { ...diallo, dateOfBirth: '1994-12-06' };
    expect(sharedCriteria(diallo, swapped)).toEqual(['name-birth-year']);
    expect(sharedCriteria(diallo, { ...diallo, givenNames: 'aliou MAMADOU' })).toEqual(['name-dob', 'name-birth-year']);
    expect(sharedCriteria(diallo, { ...diallo, dateOfBirth: '1995-06-12' })).toEqual([]);
  });

  it('the looser key is an index key of suggestions only, never one of the officer’s search', () => {
    const keys = matchKeysOf({ data: diallo });
    expect(keys.map((k) => k.kind)).toEqual(['name-dob', 'name-birth-year']);
    expect(identityKeysOfPerson(diallo).map((k) => k.kind)).toEqual(['name-dob']);
    for (const key of keys) expect(key.hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('a pair has one id from either side', () => {
    fc.assert(
      fc.property(fc.uuid(), fc.uuid(), (a, b) => {
        expect(matchIdOf(a, b)).toBe(matchIdOf(b, a));
      }),
    );
    expect(z.uuid().safeParse(matchIdOf(P_A, P_B)).success).toBe(true);
    expect(matchIdOf(P_A, P_B)).not.toBe(matchIdOf(P_A, P_C));
  });
});

describe('suggestions from the index', () => {
  const newcomer = person(CASE_C, P_C, diallo);

  it('one per candidate subject, the strongest candidate; never the same case, an erased person or the person’s own subject', () => {
    const suggestions = suggestMatches({
      person: newcomer,
      hits: [
        { caseId: CASE_C, personId: P_C, kind: 'name-dob' },
        { caseId: CASE_A, personId: P_A, kind: 'name-birth-year' },
        { caseId: CASE_B, personId: P_B, kind: 'name-dob' },
        { caseId: CASE_B, personId: P_B, kind: 'name-birth-year' },
        { caseId: CASE_A, personId: 'erased', kind: 'name-dob' },
      ],
      candidates: [
        { caseId: CASE_A, personId: P_A, subjectId: P_B, erased: false, programme: 'protection' },
        { caseId: CASE_B, personId: P_B, subjectId: P_B, erased: false, programme: 'avrr' },
        { caseId: CASE_A, personId: 'erased', erased: true, programme: 'protection' },
      ],
      at,
    });
    expect(suggestions).toEqual([
      {
        matchId: matchIdOf(P_C, P_B),
        caseId: CASE_C,
        personId: P_C,
        candidate: { caseId: CASE_B, personId: P_B, subjectId: P_B, programme: 'avrr' },
        criteria: ['name-dob', 'name-birth-year'],
        status: 'suggested',
        suggestedAt: at,
      },
    ]);
    expect(
      suggestMatches({
        person: { ...newcomer, subjectId: P_B },
        hits: [{ caseId: CASE_B, personId: P_B, kind: 'name-dob' }],
        candidates: [{ caseId: CASE_B, personId: P_B, erased: false, programme: 'avrr' }],
        at,
      }),
    ).toEqual([]);
  });

  it('the main person only, looked up by index queries, and the suggestions saved: ids and codes, nothing of the person', async () => {
    const saved: MatchSuggestion[][] = [];
    const queried: string[][] = [];
    const store: MatchStore = {
      findIndexHits: (keys) => {
        queried.push(keys.map((k) => k.kind));
        return Promise.resolve([
          { caseId: CASE_C, personId: P_C, kind: 'name-dob' },
          { caseId: CASE_A, personId: P_A, kind: 'name-birth-year' },
        ]);
      },
      candidateRecords: () => Promise.resolve([{ caseId: CASE_A, personId: P_A, erased: false, programme: 'protection' }]),
      saveSuggestions: (s) => {
        saved.push(s);
        return Promise.resolve();
      },
      getPersons: () => Promise.resolve([]),
    };
    const guardian = person(CASE_C, 'g', { givenNames: 'X', familyName: 'Y', dateOfBirth: '1970-01-01' }, { role: 'guardian' });
    const result = await suggestForCase([guardian, newcomer], store, at);
    expect(queried).toEqual([['name-dob', 'name-birth-year']]);
    expect(result).toHaveLength(1);
    expect(saved).toEqual([result]);
    const text = JSON.stringify(result);
    for (const value of ['Mamadou', 'Diallo', '1994']) expect(text).not.toContain(value);
    expect(await suggestForCase([guardian], store, at)).toEqual([]);
  });
});

describe('a crowd of namesakes', () => {
  it('reads at most ten candidates, those meeting most criteria first, and suggests at most five', async () => {
    const crowd = Array.from({ length: 30 }, (_, i) => ({ caseId: `case-${String(i).padStart(2, '0')}`, personId: `person-${i}` }));
    let read: { caseId: string; personId: string }[] = [];
    const saved: MatchSuggestion[] = [];
    const store: MatchStore = {
      findIndexHits: () =>
        Promise.resolve([...crowd.map((c) => ({ ...c, kind: 'name-birth-year' as const })), { ...crowd[29]!, kind: 'name-dob' as const }]),
      candidateRecords: (hits) => {
        read = [...hits];
        return Promise.resolve(hits.map((h) => ({ ...h, erased: false, programme: 'avrr' as const })));
      },
      saveSuggestions: (s) => {
        saved.push(...s);
        return Promise.resolve();
      },
      getPersons: () => Promise.resolve([]),
    };
    const result = await suggestForCase([person(CASE_C, P_C, diallo)], store, at);
    expect(read).toHaveLength(MAX_CANDIDATES_READ);
    expect(read[0]).toMatchObject(crowd[29]!);
    expect(result).toHaveLength(MAX_SUGGESTIONS);
    expect(result[0]!.candidate.caseId).toBe('case-29');
    expect(saved).toEqual(result);
  });
});

describe('decisions on a suggestion', () => {
  const match: MatchSuggestion = {
    matchId: matchIdOf(P_C, P_A),
    caseId: CASE_C,
    personId: P_C,
    candidate: { caseId: CASE_A, personId: P_A, subjectId: P_A, programme: 'protection' },
    criteria: ['name-birth-year'],
    status: 'suggested',
    suggestedAt: at,
  };

  it('caseworkers and supervisors confirm or dismiss; only a supervisor undoes; each once', () => {
    expect(() => checkMatchDecision(caseworker, match, 'confirm')).not.toThrow();
    expect(() => checkMatchDecision(supervisor, match, 'dismiss')).not.toThrow();
    for (const caller of [partner, admin, dpo]) expect(() => checkMatchDecision(caller, match, 'confirm')).toThrow(ActionForbidden);
    expect(() => checkMatchDecision(caseworker, { ...match, status: 'confirmed' }, 'undo')).toThrow(ActionForbidden);
    expect(() => checkMatchDecision(supervisor, { ...match, status: 'confirmed' }, 'undo')).not.toThrow();
    expect(() => checkMatchDecision(supervisor, match, 'undo')).toThrow(MatchConflict);
    expect(() => checkMatchDecision(caseworker, { ...match, status: 'dismissed' }, 'confirm')).toThrow(MatchConflict);
  });

  it('confirming takes the candidate’s subject as it is now, and records it in both cases (ids only); a partner’s history shows none of it', async () => {
    const calls: { subjectId: string; events: number }[] = [];
    const store: MatchDecisionStore = {
      getMatch: () => Promise.resolve(match),
      personLink: () => Promise.resolve({ subjectId: P_B, erased: false }),
      confirm: (_m, subjectId, _by, _at, events) => {
        calls.push({ subjectId, events: events.length });
        return Promise.resolve('done');
      },
      dismiss: () => Promise.resolve('done'),
      undo: () => Promise.resolve('done'),
    };
    await decideMatch(
      { caller: caseworker, caseId: CASE_C, personId: P_C, matchId: match.matchId, decision: 'confirm' },
      { store, now: () => new Date(at) },
    );
    expect(calls).toEqual([{ subjectId: P_B, events: 2 }]);
    await expect(
      decideMatch(
        { caller: partner, caseId: CASE_C, personId: P_C, matchId: match.matchId, decision: 'confirm' },
        { store, now: () => new Date(at) },
      ),
    ).rejects.toThrow(ActionForbidden);
    await expect(
      decideMatch(
        { caller: caseworker, caseId: CASE_C, personId: P_A, matchId: match.matchId, decision: 'dismiss' },
        { store, now: () => new Date(at) },
      ),
    ).rejects.toThrow('match not found');
    await expect(
      decideMatch(
        { caller: caseworker, caseId: CASE_C, personId: P_C, matchId: match.matchId, decision: 'confirm' },
        { store: { ...store, confirm: () => Promise.resolve('person-linked') }, now: () => new Date(at) },
      ),
    ).rejects.toThrow(MatchConflict);

    const events = matchDecisionEvents(match, 'confirm', caseworker, at, P_B);
    expect(events.map((e) => [e.caseId, e.type, e.details.personId, e.details.otherCaseId])).toEqual([
      [CASE_C, 'person.linked', P_C, CASE_A],
      [CASE_A, 'person.linked', P_A, CASE_C],
    ]);
    expect(historyVisibleTo(partner, events)).toEqual([]);
    expect(historyVisibleTo(caseworker, events)).toHaveLength(2);
  });
});

describe('the data-protection officer’s subject', () => {
  it('takes in every record linked to what the identity finds', async () => {
    const store: SubjectFinder = {
      findByIdentity: () => Promise.resolve([{ caseId: CASE_A, personId: P_A }]),
      caseIdOfReference: () => Promise.resolve(undefined),
      getPersons: () => Promise.resolve([]),
      linkedRecords: (records) =>
        Promise.resolve(
          records.some((r) => r.personId === P_A)
            ? [
                { caseId: CASE_A, personId: P_A },
                { caseId: CASE_B, personId: P_B },
              ]
            : [],
        ),
    };
    expect(await findSubject(diallo, store)).toEqual([
      { caseId: CASE_A, personId: P_A },
      { caseId: CASE_B, personId: P_B },
    ]);
  });

  it('a case’s main person is the person it is about, not the referrer’s contact, whatever order the items come in', async () => {
    const contact = person(CASE_A, P_B, { givenNames: 'Salma', familyName: 'Benjelloun' }, { role: 'contact-person' });
    const referred = person(CASE_A, P_A, diallo);
    const store: SubjectFinder = {
      findByIdentity: () => Promise.resolve([]),
      caseIdOfReference: () => Promise.resolve(undefined),
      getPersons: () => Promise.resolve([contact, referred]),
    };
    expect(await findSubject({ caseId: CASE_A }, store)).toEqual([{ caseId: CASE_A, personId: P_A }]);
  });
});
