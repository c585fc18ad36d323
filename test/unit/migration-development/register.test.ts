import { describe, expect, it } from 'vitest';
import {
  decodeCursor,
  encodeCursor,
  fit,
  newEntry,
  overlapDays,
  partitionsFor,
  searchRegister,
  withConsentToContact,
  type IndexPartition,
  type IndexedExpert,
  type RegisterIndex,
  type RegisterQuery,
} from '../../../domain/migration-development/register.ts';
import { registerQuerySchema, toRegisterQuery } from '../../../domain/migration-development/expert-actions.ts';

const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const expert = (n: number, over: Partial<IndexedExpert> = {}): IndexedExpert => ({
  expertId: id(n),
  sectors: ['health'],
  skills: ['chirurgie pediatrique'],
  languages: ['fr'],
  country: 'FR',
  windows: [{ from: '2026-07-01', to: '2026-12-31', mode: 'on-site' }],
  consentToContact: true,
  ...over,
});
const query = (over: Partial<RegisterQuery> = {}): RegisterQuery => ({ skills: [], languages: [], limit: 25, ...over });

/** An index over a list: every partition holds the experts with that skill, sector or country. */
function indexOf(experts: IndexedExpert[]): RegisterIndex & { reads: IndexPartition[] } {
  const reads: IndexPartition[] = [];
  return {
    reads,
    candidates: (p) => {
      reads.push(p);
      return Promise.resolve(
        experts.filter((e) => (p.criterion === 'skill' ? e.skills : p.criterion === 'sector' ? e.sectors : [e.country]).includes(p.value)),
      );
    },
  };
}

describe('fit', () => {
  it('counts skills, languages, availability and mode, each with its reason', () => {
    const fits = fit(
      expert(1, { skills: ['a', 'b'], languages: ['fr', 'ar'] }),
      query({ skills: ['a', 'b', 'c'], languages: ['ar'], from: '2026-08-01', to: '2026-08-31', mode: 'on-site' }),
    );
    expect(fits).toEqual({
      score: 200 + 10 + 5 + 1,
      reasons: [
        { criterion: 'skill', value: 'a' },
        { criterion: 'skill', value: 'b' },
        { criterion: 'language', value: 'ar' },
        { criterion: 'availability', value: '2026-07-01/2026-12-31', days: 31 },
        { criterion: 'mode', value: 'on-site' },
      ],
    });
  });
  it('leaves out an expert whose availability does not overlap the window, or in a mode that does not serve it', () => {
    expect(fit(expert(1), query({ skills: ['chirurgie pediatrique'], from: '2027-01-01', to: '2027-01-31' }))).toBeUndefined();
    expect(
      fit(expert(1), query({ skills: ['chirurgie pediatrique'], from: '2026-08-01', to: '2026-08-31', mode: 'remote' })),
    ).toBeUndefined();
    expect(
      fit(
        expert(1, { windows: [{ from: '2026-07-01', to: '2026-12-31', mode: 'hybrid' }] }),
        query({ skills: ['chirurgie pediatrique'], mode: 'remote' }),
      ),
    ).toMatchObject({ score: 100 });
  });
  it('requires the sector and country given, and one of the skills and languages', () => {
    expect(fit(expert(1), query({ sector: 'ict' }))).toBeUndefined();
    expect(fit(expert(1), query({ country: 'CA' }))).toBeUndefined();
    expect(fit(expert(1), query({ skills: ['cybersecurite'] }))).toBeUndefined();
    expect(fit(expert(1), query({ sector: 'health', languages: ['en'] }))).toBeUndefined();
    expect(fit(expert(1), query({ sector: 'health', country: 'FR' }))?.reasons).toEqual([
      { criterion: 'sector', value: 'health' },
      { criterion: 'country', value: 'FR' },
    ]);
  });
  it('counts a partial overlap by the share of the window covered', () => {
    const partial = fit(expert(1), query({ skills: ['chirurgie pediatrique'], from: '2026-06-01', to: '2026-07-30' }));
    expect(partial?.score).toBe(100 + 3);
    expect(overlapDays({ from: '2026-06-01', to: '2026-07-30' }, { from: '2026-07-01', to: '2026-12-31' })).toBe(30);
  });
});

describe('partitionsFor', () => {
  it('reads the skills first, else the country, else the sector', () => {
    expect(partitionsFor(query({ skills: ['a', 'b'], country: 'FR', sector: 'health' }))).toEqual([
      { criterion: 'skill', value: 'a' },
      { criterion: 'skill', value: 'b' },
    ]);
    expect(partitionsFor(query({ country: 'FR', sector: 'health' }))).toEqual([{ criterion: 'country', value: 'FR' }]);
    expect(partitionsFor(query({ sector: 'health' }))).toEqual([{ criterion: 'sector', value: 'health' }]);
    expect(() => partitionsFor(query())).toThrow();
  });
});

describe('searchRegister', () => {
  const experts = [
    expert(1, { skills: ['a'], languages: ['fr'] }),
    expert(2, { skills: ['a', 'b'], languages: ['fr', 'ar'] }),
    expert(3, { skills: ['a', 'b'], languages: ['fr'] }),
    expert(4, { skills: ['b'], languages: ['en'] }),
    expert(5, { skills: ['a'], windows: [{ from: '2027-06-01', to: '2027-06-30', mode: 'remote' }] }),
  ];
  const q = query({ skills: ['a', 'b'], languages: ['fr', 'ar'], from: '2026-09-01', to: '2026-09-30' });

  it('ranks the best fit first with its reasons, and leaves out who does not fit', async () => {
    const page = await searchRegister(q, indexOf(experts));
    expect(page.items.map((e) => e.expertId)).toEqual([id(2), id(3), id(1)]);
    expect(page.items[0]?.reasons.map((r) => `${r.criterion}:${r.value}`)).toEqual([
      'skill:a',
      'skill:b',
      'language:fr',
      'language:ar',
      'availability:2026-07-01/2026-12-31',
    ]);
    expect(page.next).toBeUndefined();
  });

  it('pages with a cursor bound to the query: every expert once, in order', async () => {
    const index = indexOf(experts);
    const first = await searchRegister({ ...q, limit: 2 }, index);
    expect(first.items.map((e) => e.expertId)).toEqual([id(2), id(3)]);
    expect(first.next).toBeDefined();
    const second = await searchRegister({ ...q, limit: 2, cursor: first.next! }, index);
    expect(second.items.map((e) => e.expertId)).toEqual([id(1)]);
    expect(second.next).toBeUndefined();
  });

  it('refuses a cursor that is not one of this query', async () => {
    const first = await searchRegister({ ...q, limit: 1 }, indexOf(experts));
    const other = { ...q, skills: ['a'] };
    await expect(searchRegister({ ...other, cursor: first.next! }, indexOf(experts))).rejects.toMatchObject({ name: 'InvalidCursor' });
    for (const bad of ['not a cursor', 'e30', Buffer.from('[]').toString('base64url'), Buffer.from('{"v":1}').toString('base64url')])
      expect(() => decodeCursor(q, bad)).toThrow(expect.objectContaining({ name: 'InvalidCursor' }));
    const forged = Buffer.from(
      JSON.stringify({ ...JSON.parse(Buffer.from(encodeCursor(q, { score: 1, expertId: id(1) }), 'base64url').toString()), e: 'x' }),
    ).toString('base64url');
    expect(() => decodeCursor(q, forged)).toThrow(expect.objectContaining({ name: 'InvalidCursor' }));
  });
});

describe('the query string', () => {
  it('normalises skills and splits repeated parameters', () => {
    const parsed = registerQuerySchema.parse({
      skill: 'Chirurgie Pédiatrique,Cybersécurité',
      language: 'fr,ar',
      from: '2026-07-01',
      to: '2026-07-31',
    });
    expect(toRegisterQuery(parsed)).toMatchObject({
      skills: ['chirurgie pediatrique', 'cybersecurite'],
      languages: ['fr', 'ar'],
      limit: 25,
    });
  });
  it('lists every error: a criterion is required, both dates or neither, a known mode', () => {
    const result = registerQuerySchema.safeParse({ from: '2026-07-01', mode: 'teleport', limit: '0' });
    expect(result.success).toBe(false);
    const paths = result.error!.issues.map((i) => i.path.join('.')).sort();
    expect(paths).toEqual(['', 'limit', 'mode', 'to']);
  });
});

describe('newEntry', () => {
  it('projects codes only from the case facts, the first window opened for a year', () => {
    const entry = newEntry({
      expertId: id(9),
      facts: {
        sectors: ['health'],
        countryOfResidence: 'FR',
        availableFrom: '2026-07-01',
        availabilityMode: 'on-site',
        consentFollowUpContact: true,
      },
      skills: ['chirurgie pediatrique'],
      languages: ['ar', 'fr'],
      at: '2026-05-01T10:00:00.000Z',
    });
    expect(entry).toMatchObject({
      expertId: id(9),
      country: 'FR',
      windows: [{ from: '2026-07-01', to: '2027-06-30', mode: 'on-site' }],
      consentToContact: true,
      status: 'listed',
      version: 1,
    });
  });
});

describe('the entry’s consent to be contacted', () => {
  it('follows the case’s follow-up contact consent: a new version when it changes, nothing when it already says so', () => {
    const entry = newEntry({
      expertId: id(1),
      facts: { consentFollowUpContact: true, countryOfResidence: 'FR' },
      skills: ['chirurgie pediatrique'],
      languages: ['fr'],
      at: '2026-07-01T10:00:00.000Z',
    });
    expect(withConsentToContact(entry, true, '2026-08-01T10:00:00.000Z')).toBeUndefined();
    const revoked = withConsentToContact(entry, false, '2026-08-01T10:00:00.000Z');
    expect(revoked).toEqual({ ...entry, consentToContact: false, updatedAt: '2026-08-01T10:00:00.000Z', version: 2 });
    expect(withConsentToContact(revoked!, true, '2026-09-01T10:00:00.000Z')).toMatchObject({ consentToContact: true, version: 3 });
  });
});
