import { describe, it, expect } from 'vitest';
import { getForm, listForms, splitSubmission } from '../../../domain/forms/index.ts';
import { fromPointer } from '../../../domain/i18n/index.ts';
import { example, form, set } from './helpers.ts';

function at(doc: unknown, pointer: string): unknown {
  let node = doc;
  for (const token of fromPointer(pointer)) node = (node as Record<string, unknown> | undefined)?.[token];
  return node;
}

/** Every string found under the personal data paths: none of them may appear in the case facts. */
function personalStrings(doc: unknown, pointers: string[]): string[] {
  const out: string[] = [];
  const collect = (v: unknown): void => {
    if (typeof v === 'string' && v.length > 3 && !/^\d{4}-\d{2}-\d{2}$/.test(v)) out.push(v);
    else if (Array.isArray(v)) v.forEach(collect);
    else if (v && typeof v === 'object') Object.values(v).forEach(collect);
  };
  for (const p of pointers) collect(at(doc, p));
  return out;
}

describe('splitting a submission into persons and case facts', () => {
  it('AVRR: applicant, each family member and the guardian become persons; facts are statistics', () => {
    const body = set(example('avrr-application', 0), '/guardian', {
      givenNames: 'Thierno',
      familyName: 'Barry',
      relationship: 'relative',
    });
    const split = splitSubmission(form('avrr-application'), body);
    expect(split.persons.map((p) => [p.role, p.pointer])).toEqual([
      ['applicant', '/applicant'],
      ['family-member', '/familyMembers/0'],
      ['family-member', '/familyMembers/1'],
      ['guardian', '/guardian'],
    ]);
    expect(split.persons[0]?.data).toMatchObject({
      familyName: 'Diallo',
      contact: { phone: '+212612345678' },
      medicalDescription: expect.stringContaining('Diabète') as unknown,
    });
    expect(split.facts).toMatchObject({
      nationality: 'GN',
      countryOfReturn: 'GN',
      vulnerabilities: ['medical-condition'],
      medicalNeeds: true,
      familyMemberCount: 2,
      preferredLanguage: 'fr',
      consentProcessing: true,
      consentSharingWithPartners: ['croissant-rouge-marocain'],
      ageGroup: '25-59',
      isChild: false,
    });
    expect(JSON.stringify(split.facts)).not.toContain('Thierno');
  });

  it('AVRR: an unaccompanied or separated child needs a best interests determination; an adult does not', () => {
    // The second published example: a 16-year-old girl, unaccompanied.
    expect(splitSubmission(form('avrr-application'), example('avrr-application', 1)).facts).toMatchObject({
      isChild: true,
      childNeedsBid: true,
    });
    expect(splitSubmission(form('avrr-application'), example('avrr-application', 0)).facts).toMatchObject({ childNeedsBid: false });
  });

  it('youth enrolment: version 2 names no partner; version 1 reports the one its body names', () => {
    const split = splitSubmission(form('youth-enrolment'), example('youth-enrolment', 1));
    expect(split.partnerId).toBeUndefined();
    const v1 = getForm('youth-enrolment', 1)!;
    expect(splitSubmission(v1, v1.examples[1]).partnerId).toBe('association-tadamoun-oujda');
    expect(split.persons.map((p) => p.role)).toEqual(['youth', 'guardian']);
    expect(split.facts).toMatchObject({ track: 'education', isMinor: true, ageGroup: '15-17' });
  });

  it('refuses to split an invalid submission', () => {
    const body = set(example('youth-enrolment', 0), '/trackPreference', 'unknown');
    expect(() => splitSubmission(form('youth-enrolment'), body)).toThrow();
  });

  it.each(listForms().map((f) => f.id))('%s: no personal value leaks into the facts, dates of birth neither', (id) => {
    const definition = form(id);
    definition.examples.forEach((ex) => {
      const split = splitSubmission(definition, ex);
      const facts = JSON.stringify(split.facts);
      for (const value of personalStrings(ex, definition.personalDataPaths)) {
        if (/^[a-z-]+$/.test(value) || /^[A-Z]{2}$/.test(value)) continue; // enum codes (sex, city) are statistics
        expect(facts).not.toContain(value);
      }
      const persons = JSON.stringify(split.persons);
      const dob = at(ex, '/applicant/dateOfBirth') ?? at(ex, '/youth/dateOfBirth') ?? at(ex, '/expert/dateOfBirth');
      if (typeof dob === 'string') {
        expect(facts).not.toContain(dob);
        expect(persons).toContain(dob);
      }
    });
  });
});
