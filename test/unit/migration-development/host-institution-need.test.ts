// The host institution need form: its examples, the window's rules (end after start, the duration
// fits, the start not before the declaration), the mission city by mode, every error localized, and
// the split: the contact person apart, facts of codes, numbers, dates and skills' search keys only.
import { describe, expect, it } from 'vitest';
import { splitSubmission } from '../../../domain/forms/index.ts';
import { normaliseSkill } from '../../../domain/migration-development/skills.ts';
import { codesOf, errorsOf, example, form, remove, set } from '../forms/helpers.ts';

const id = 'host-institution-need';

describe('host institution need form', () => {
  it('is a public form of migration and development, case type host-need, with the contact person and the description as personal data', () => {
    const f = form(id);
    expect(f).toMatchObject({ programme: 'migration-development', caseType: 'host-need', version: 2 });
    expect(f.submittedBy).toBeUndefined();
    expect(f.personalDataPaths).toEqual(['/contactPerson', '/termsOfReference/description']);
  });

  it('refuses an end not after the start, in every language', () => {
    const body = set(example(id, 0), '/termsOfReference/latestEnd', '2026-09-01');
    expect(codesOf(id, body)).toEqual(['/termsOfReference/latestEnd date_order']);
    expect(errorsOf(id, body, 'en')[0]?.message).toBe('The field “Latest end” must be later than 2026-09-01 (Earliest start).');
    expect(errorsOf(id, body, 'fr')[0]?.message).toContain('doit être postérieur au 2026-09-01');
    expect(errorsOf(id, body, 'ar')[0]?.message).toMatch(/[\u0600-\u06FF]/);
  });

  it('refuses a duration longer than the window; a window exactly long enough is accepted', () => {
    const body = set(example(id, 0), '/termsOfReference/latestEnd', '2026-09-21');
    expect(codesOf(id, body)).toEqual(['/termsOfReference/durationWeeks duration_exceeds_window']);
    expect(errorsOf(id, body, 'en')[0]?.message).toContain('3 weeks do not fit between 2026-09-01 and 2026-09-21');
    set(body, '/termsOfReference/latestEnd', '2026-09-22');
    expect(() => errorsOf(id, body)).toThrow('expected the submission to be rejected');
  });

  it('bounds the duration to one week .. six months and the skills to one .. ten, distinct', () => {
    const body = set(example(id, 1), '/termsOfReference/durationWeeks', 27);
    set(body, '/termsOfReference/skills', []);
    set(body, '/termsOfReference/languages', ['fr', 'fr']);
    expect(codesOf(id, body)).toEqual([
      '/termsOfReference/skills too_small',
      '/termsOfReference/languages duplicate',
      '/termsOfReference/durationWeeks too_big',
    ]);
    set(
      body,
      '/termsOfReference/skills',
      Array.from({ length: 11 }, (_, i) => `Skill ${i}`),
    );
    expect(codesOf(id, body)).toContain('/termsOfReference/skills too_big');
  });

  it('the earliest start is not before the declaration', () => {
    const body = set(example(id, 1), '/termsOfReference/earliestStart', '2026-06-30');
    expect(codesOf(id, body)).toEqual(['/termsOfReference/earliestStart date_order']);
  });

  it('an on-site or hybrid mission needs its city; a remote one has none', () => {
    const onSite = remove(example(id, 0), '/termsOfReference/missionCity');
    expect(codesOf(id, onSite)).toEqual(['/termsOfReference/missionCity mission_city_required']);
    expect(errorsOf(id, onSite, 'en')[0]?.message).toContain('required for an on-site or hybrid mission');
    const remote = set(example(id, 1), '/termsOfReference/missionCity', 'rabat');
    expect(codesOf(id, remote)).toEqual(['/termsOfReference/missionCity not_applicable']);
  });

  it('lists every error at once: a typo does not hide the window rule', () => {
    const body = set(example(id, 0), '/termsOfReference/latestEnd', '2026-08-01');
    set(body, '/institution/kind', 'embassy');
    set(body, '/contactPerson', { givenNames: 'Karima', familyName: 'Benjelloun', position: 'Directrice' });
    expect(codesOf(id, body)).toEqual([
      '/institution/kind invalid_value',
      '/contactPerson contact_required',
      '/termsOfReference/latestEnd date_order',
    ]);
  });

  it('splits the contact person apart; the facts hold no name, title, typed skill or description', () => {
    const body = example(id, 0);
    const split = splitSubmission(form(id), body);
    expect(split.persons).toEqual([
      {
        role: 'contact-person',
        pointer: '/contactPerson',
        data: { givenNames: 'Karima', familyName: 'Benjelloun', position: 'Directrice des soins', email: 'k.benjelloun@example.ma' },
      },
    ]);
    expect(split.facts).toMatchObject({
      institutionKind: 'hospital',
      institutionCity: 'fes',
      sector: 'health',
      skillKeys: ['chirurgie pediatrique', 'formation de personnel soignant'],
      skillCount: 2,
      languagesRequired: ['fr', 'ar'],
      mode: 'on-site',
      durationWeeks: 3,
      earliestStart: '2026-09-01',
      latestEnd: '2026-11-30',
      missionCity: 'fes',
    });
    const facts = JSON.stringify(split.facts);
    for (const text of ['Benjelloun', 'Hassan II', 'mini-invasive', 'Chirurgie', 'cœlioscopiques']) expect(facts).not.toContain(text);
  });

  it('normalises skills to search keys: lower case, accents folded, spaces trimmed and collapsed', () => {
    expect(normaliseSkill('  Chirurgie   Pédiatrique ')).toBe('chirurgie pediatrique');
    expect(normaliseSkill('CYBERSÉCURITÉ')).toBe('cybersecurite');
    // Punctuation other than + # . becomes a space (the register's rule, domain/migration-development/skills.ts).
    expect(normaliseSkill('Irrigation goutte-à-goutte')).toBe('irrigation goutte a goutte');
  });
});
