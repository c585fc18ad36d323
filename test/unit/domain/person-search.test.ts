import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  MAX_NAME_KEYS,
  arabicKey,
  intersectHits,
  latinKey,
  nameKeys,
  normalisePhone,
  searchKeysOfPerson,
  searchPlan,
  searchPersons,
  type PersonSearchStore,
  type SearchPlan,
} from '../../../domain/identity/search.ts';
import { normaliseSpokenReference } from '../../../domain/cases/reference.ts';
import type { Caller } from '../../../domain/access/roles.ts';
import type { CaseRecord, PersonRecord } from '../../../domain/cases/model.ts';

const keysOf = (name: string) => new Set(nameKeys(name));
const hashes = (plan: SearchPlan | string) => (typeof plan === 'string' ? [] : plan.keys.map((k) => k.hash));

describe('name normalisation', () => {
  it('gives the usual spellings of one Maghreb name the same key', () => {
    for (const group of [
      ['Mohamed', 'Mohammed', 'Muhammad', 'Mouhamed', 'MOHAMMAD', 'mohamed'],
      ['Youssef', 'Yousef', 'Youcef', 'Yusuf'],
      ['Khadija', 'Khadidja'],
      ['Fatima', 'Fatimah', 'Fatema'],
      ['Rachid', 'Rashid', 'Rachide'],
      ['Walid', 'Oualid'],
      ['Abdellah', 'Abdallah'],
      ['Aïcha', 'Aicha', 'Aisha'],
      ['Hélène', 'Helene'],
    ]) {
      expect(new Set(group.map(latinKey)), group.join('/')).toHaveLength(1);
    }
  });

  it('keeps different names apart', () => {
    expect(latinKey('Ahmed')).not.toBe(latinKey('Mohamed'));
    expect(latinKey('Omar')).not.toBe(latinKey('Ali'));
    expect(latinKey('Diallo')).not.toBe(latinKey('Ndiaye'));
    expect(latinKey('Sow')).toBe(latinKey('Sou'));
    expect(latinKey('Ba')).not.toBe(latinKey('Sy'));
  });

  it('lets the skeleton’s known collisions through (docs/search.md): the date of birth tells them apart', () => {
    expect(latinKey('Mahmoud')).toBe(latinKey('Mohamed'));
    expect(latinKey('Karima')).toBe(latinKey('Karim'));
  });

  it('normalises Arabic script: diacritics, tatweel, alef, ta marbuta and ya forms', () => {
    expect(arabicKey('مُحَمَّد')).toBe('محمد');
    expect(arabicKey('محـــمد')).toBe('محمد');
    expect(arabicKey('أحمد')).toBe(arabicKey('احمد'));
    expect(arabicKey('إيمان')).toBe(arabicKey('ايمان'));
    expect(arabicKey('فاطمة')).toBe(arabicKey('فاطمه'));
    expect(arabicKey('مصطفى')).toBe(arabicKey('مصطفي'));
  });

  it('ignores order, case, accents, punctuation and particles', () => {
    expect(keysOf('El Alaoui, Mohamed')).toEqual(keysOf('mohammed ALAOUI'));
    expect(keysOf('Ben Ali Karim')).toEqual(keysOf('karim ali'));
    expect(keysOf('محمد العلوي')).toEqual(keysOf('العلوي مُحمّد'));
    expect(nameKeys('el ben')).toEqual([]);
  });

  it('is order-insensitive and idempotent for any name (property)', () => {
    const token = fc.stringMatching(/^[A-Za-zÀ-ÿ\u0621-\u064A]{1,12}$/);
    fc.assert(
      fc.property(fc.array(token, { minLength: 1, maxLength: 5 }), (tokens) => {
        const forward = keysOf(tokens.join(' '));
        expect(keysOf([...tokens].reverse().join('  - '))).toEqual(forward);
        expect(keysOf(tokens.join(' ').toUpperCase())).toEqual(forward);
        for (const key of forward) expect(nameKeys(key).every((k) => k.length >= 2)).toBe(true);
      }),
    );
  });

  it('a part of a name needs a subset of its keys (partial names find the whole)', () => {
    const token = fc.stringMatching(/^[A-Za-z]{2,10}$/);
    fc.assert(
      fc.property(fc.array(token, { minLength: 2, maxLength: 4 }), fc.nat(), (tokens, pick) => {
        const whole = keysOf(tokens.join(' '));
        for (const key of nameKeys(tokens[pick % tokens.length]!)) expect(whole.has(key)).toBe(true);
      }),
    );
  });
});

describe('phone normalisation', () => {
  it('reads the usual formats of one number as E.164, Moroccan by default', () => {
    for (const typed of ['06 12 34 56 78', '+212 6-12-34-56-78', '00212612345678', '+212612345678', '(+212) 612.34.56.78']) {
      expect(normalisePhone(typed), typed).toBe('+212612345678');
    }
    expect(normalisePhone('+33 6 12 34 56 78')).toBe('+33612345678');
    expect(normalisePhone('0612')).toBeUndefined();
    expect(normalisePhone('not a phone')).toBeUndefined();
  });
});

describe('spoken references', () => {
  it('writes out a reference read over the phone', () => {
    expect(normaliseSpokenReference('avrr 2026 000123')).toBe('AVRR-2026-000123');
    expect(normaliseSpokenReference('Avrr-2026-123')).toBe('AVRR-2026-000123');
    expect(normaliseSpokenReference(' prot / 2027 / 45 ')).toBe('PROT-2027-000045');
    expect(normaliseSpokenReference('YOUTH-2026-000007')).toBe('YOUTH-2026-000007');
  });

  it('refuses what cannot be a reference', () => {
    for (const bad of ['', 'AVRR', 'AVRR 26 12', 'XYZQ-2026-000001', 'AVRR-2026-000000', '2026-000123', 'AVRR-2026-12a']) {
      expect(normaliseSpokenReference(bad), bad).toBeUndefined();
    }
  });

  it('is idempotent on every written reference (property)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('AVRR', 'PROT', 'DIAS', 'SKRT', 'YOUTH', 'ASSOC', 'NEED'),
        fc.integer({ min: 2000, max: 2099 }),
        fc.integer({ min: 1, max: 999_999 }),
        (prefix, year, n) => {
          const written = `${prefix}-${year}-${String(n).padStart(6, '0')}`;
          expect(normaliseSpokenReference(written)).toBe(written);
          expect(normaliseSpokenReference(`${prefix.toLowerCase()} ${year} ${n}`)).toBe(written);
        },
      ),
    );
  });
});

describe('search keys of a person', () => {
  const person = (data: Record<string, unknown>, role = 'applicant') => ({ role, data });

  it('a search plan meets the keys its person is indexed under', () => {
    const keys = new Set(
      searchKeysOfPerson(
        person({
          givenNames: 'Mohamed Amine',
          familyName: 'El Idrissi',
          nameInArabicScript: 'محمد أمين الإدريسي',
          contact: { phone: '+212612345678' },
        }),
      ).map((k) => k.hash),
    );
    for (const query of [
      { name: 'Mohammed' },
      { name: 'idrissi mohamed' },
      { name: 'محمد' },
      { name: 'الادريسي' },
      { phone: '06 12 34 56 78' },
    ]) {
      const plan = hashes(searchPlan(query));
      expect(plan.length, JSON.stringify(query)).toBeGreaterThan(0);
      expect(
        plan.every((h) => keys.has(h)),
        JSON.stringify(query),
      ).toBe(true);
    }
    expect(hashes(searchPlan({ name: 'Mohamed Alaoui' })).every((h) => keys.has(h))).toBe(false);
  });

  it('indexes the persons a case is about and guardians, never family members nor an erased person', () => {
    expect(searchKeysOfPerson(person({ givenNames: 'Awa', familyName: 'Diallo' }, 'family-member'))).toEqual([]);
    expect(searchKeysOfPerson({ ...person({ givenNames: 'Awa', familyName: 'Diallo' }), erasedAt: '2026-01-01T00:00:00Z' })).toEqual([]);
    expect(searchKeysOfPerson(person({ givenNames: 'Khady', familyName: 'Sow', phone: '+212677889900' }, 'guardian'))).toHaveLength(3);
  });

  it('keeps at most MAX_NAME_KEYS name keys', () => {
    const many = Array.from({ length: 20 }, (_, i) => `Name${String.fromCharCode(97 + i)}x`).join(' ');
    expect(searchKeysOfPerson(person({ givenNames: many, familyName: 'Sow' })).length).toBeLessThanOrEqual(MAX_NAME_KEYS);
  });

  it('refuses a query that cannot search', () => {
    expect(searchPlan({ name: 'el' })).toBe('name-too-short');
    expect(searchPlan({ phone: '12' })).toBe('phone-invalid');
    expect(searchPlan({ documentNumber: 'A-1' })).toBe('document-too-short');
    expect(searchPlan({ documentNumber: 'ab 12 34 56' })).toMatchObject({ criterion: 'document' });
  });

  it('intersects the entries of every key', () => {
    const a = { caseId: 'c1', personId: 'p1' };
    const b = { caseId: 'c2', personId: 'p2' };
    expect(intersectHits([[a, b], [b], [b, a]])).toEqual([b]);
    expect(intersectHits([[a, a]])).toEqual([a]);
    expect(intersectHits([])).toEqual([]);
  });
});

describe('what a search shows', () => {
  const staff: Caller = { sub: 'staff-1', groups: ['caseworker'] };
  const partner: Caller = { sub: 'partner-user', groups: ['partner'], partnerId: 'assoc-a' };
  const record = (caseId: string, extra: Partial<CaseRecord> = {}) =>
    ({
      caseId,
      reference: `AVRR-2026-00000${caseId.slice(-1)}`,
      programme: 'avrr',
      caseType: 'avrr',
      stage: 'screening',
      status: 'open',
      ...extra,
    }) as CaseRecord;
  const personOf = (caseId: string, extra: Partial<PersonRecord> = {}) => ({
    caseId,
    personId: `p-${caseId}`,
    role: 'applicant',
    data: { givenNames: 'Mohamed', familyName: 'Alaoui', dateOfBirth: '1990-01-01' },
    createdAt: '2026-01-01T00:00:00Z',
    ...extra,
  });
  const store = (cases: CaseRecord[], persons: PersonRecord[]): PersonSearchStore => ({
    hits: async () => ({ hits: persons.map((p) => ({ caseId: p.caseId, personId: p.personId })), truncated: false }),
    cases: async (ids) => cases.filter((c) => ids.includes(c.caseId)),
    persons: async (hits) => persons.filter((p) => hits.some((h) => h.personId === p.personId)),
    sharesOfCase: async () => [],
  });
  const plan = searchPlan({ name: 'Mohamed' }) as SearchPlan;
  const now = new Date('2026-06-01T00:00:00Z');

  it('staff see every case; a partner only its own (no share read for a case that does not name it)', async () => {
    const cases = [record('case-1'), record('case-2', { partnerId: 'assoc-a' }), record('case-3', { partnerId: 'assoc-b' })];
    const persons = cases.map((c) => personOf(c.caseId));
    expect((await searchPersons(staff, plan, store(cases, persons), now)).results.map((r) => r.caseId)).toEqual([
      'case-1',
      'case-2',
      'case-3',
    ]);
    const forPartner = await searchPersons(partner, plan, store(cases, persons), now);
    expect(forPartner.results.map((r) => r.caseId)).toEqual(['case-2']);
    expect(forPartner.results[0]).toMatchObject({
      givenNames: 'Mohamed',
      familyName: 'Alaoui',
      dateOfBirth: '1990-01-01',
      role: 'applicant',
    });
  });

  it('never shows an erased person', async () => {
    const cases = [record('case-1')];
    const { results } = await searchPersons(staff, plan, store(cases, [personOf('case-1', { erasedAt: '2026-02-01T00:00:00Z' })]), now);
    expect(results).toEqual([]);
  });
});
