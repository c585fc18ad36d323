import { describe, it, expect } from 'vitest';
import {
  RULE_CODES,
  getForm,
  latestVersion,
  listForms,
  splitSubmission,
  toJsonSchema,
  validateSubmission,
} from '../../../domain/forms/index.ts';
import { walkProperties } from '../../../domain/forms/define.ts';
import { LANGUAGES, hasMessage, t, type MessageKey } from '../../../domain/i18n/index.ts';

const ARABIC = /[\u0600-\u06FF]/;
const FORM_IDS = [
  'avrr-application',
  'protection-referral',
  'diaspora-expert-registration',
  'skilled-return-application',
  'host-institution-need',
  'youth-enrolment',
  'association-capacity-assessment',
];

describe('form registry', () => {
  it('lists the seven forms, the two with a partner field and the host institution need at versions 1 and 2, the others at 1, the capacity form at 3 (latest)', () => {
    const forms = listForms();
    expect([...new Set(forms.map((f) => f.id))].sort()).toEqual([...FORM_IDS].sort());
    expect(forms.filter((f) => f.latest).map((f) => `${f.id}@${f.version}`)).toEqual(
      FORM_IDS.map(
        (id) =>
          `${id}@${id === 'association-capacity-assessment' ? 3 : id === 'youth-enrolment' || id === 'host-institution-need' ? 2 : 1}`,
      ),
    );
    expect(forms.filter((f) => !f.latest).map((f) => `${f.id}@${f.version}`)).toEqual([
      'host-institution-need@1',
      'youth-enrolment@1',
      'association-capacity-assessment@1',
      'association-capacity-assessment@2',
    ]);
    for (const f of forms) expect(f.title.ar).toMatch(ARABIC);
  });

  it('the latest youth and capacity forms have no partner field; version 1 keeps it', () => {
    expect(toJsonSchema(getForm('youth-enrolment')!).properties).not.toHaveProperty('partnerId');
    expect(toJsonSchema(getForm('youth-enrolment', 1)!).properties).toHaveProperty('partnerId');
    const association = (version?: number) =>
      (toJsonSchema(getForm('association-capacity-assessment', version)!).properties as Record<string, { properties: object }>).association!
        .properties;
    expect(association()).not.toHaveProperty('partnerId');
    expect(association(1)).toHaveProperty('partnerId');
  });

  it('finds a form by id, latest by default, and misses unknown ids and versions', () => {
    expect(getForm('avrr-application')?.version).toBe(1);
    expect(getForm('avrr-application', 1)?.caseType).toBe('avrr');
    expect(getForm('avrr-application', 2)).toBeUndefined();
    expect(getForm('nope')).toBeUndefined();
    expect(latestVersion('youth-enrolment')).toBe(2);
    expect(latestVersion('nope')).toBeUndefined();
  });

  it.each(FORM_IDS)('%s: every example is accepted and can be split', (id) => {
    const form = getForm(id)!;
    expect(form.examples.length).toBeGreaterThan(0);
    for (const example of form.examples) {
      const result = validateSubmission(form, example);
      expect(result.ok ? [] : result.errors).toEqual([]);
      expect(splitSubmission(form, example).persons.length).toBeGreaterThan(0);
    }
  });

  it.each(FORM_IDS)('%s: the JSON Schema is generated, labelled in fr/ar/en everywhere and carries the examples', (id) => {
    const form = getForm(id)!;
    for (const lang of LANGUAGES) {
      const schema = toJsonSchema(form, lang);
      expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
      expect(schema.title).toBe(form.title[lang]);
      expect(schema.examples).toEqual(form.examples);
      expect(schema.additionalProperties).toBe(false);
      const unlabelled: string[] = [];
      let properties = 0;
      walkProperties(schema, '', (node, pointer) => {
        properties += 1;
        const labels = node['x-labels'] as Record<string, unknown> | undefined;
        const ok =
          labels !== undefined &&
          LANGUAGES.every((l) => typeof labels[l] === 'string' && labels[l].length > 0) &&
          ARABIC.test(labels.ar as string) &&
          node.title === labels[lang];
        if (!ok) unlabelled.push(pointer);
      });
      expect(unlabelled).toEqual([]);
      expect(properties).toBeGreaterThan(5);
    }
  });

  it('carries help texts and generated constraints from zod, not hand-written ones', () => {
    const schema = toJsonSchema(getForm('avrr-application')!, 'en');
    const applicant = (schema.properties as Record<string, { properties: Record<string, Record<string, unknown>> }>).applicant;
    expect(applicant?.properties.givenNames?.maxLength).toBe(100);
    expect(applicant?.properties.dateOfBirth?.format).toBe('date');
    expect(applicant?.properties.nationality?.description).toBe('ISO 3166-1 alpha-2 country code, e.g. GN for Guinea.');
    expect(applicant?.properties.nationality?.['x-help']).toMatchObject({ ar: expect.stringMatching(ARABIC) as unknown });
  });

  it('exposes a label for every field pointer, list items included', () => {
    const fields = getForm('avrr-application')!.fields;
    expect(fields['/familyMembers/*/dateOfBirth']?.label.fr).toBe('Date de naissance');
    expect(fields['/consent/processing']?.label.ar).toMatch(ARABIC);
    expect(fields['/channel/counsellorId']?.label.en).toBe('Counsellor identifier');
  });
});

describe('rule codes', () => {
  it.each(RULE_CODES)('%s has a message in fr, ar and en', (code) => {
    expect(hasMessage(`field.custom.${code}`)).toBe(true);
    const messages = LANGUAGES.map((lang) => t(`field.custom.${code}` as MessageKey, lang, { field: '«x»' }));
    expect(messages[1]).toMatch(ARABIC);
    expect(new Set(messages).size).toBe(3);
  });
});

describe('form JSON Schemas, generated once per form', () => {
  it('gives each caller a copy of its own: localizing one language leaves the next document, and the notice, as they were', () => {
    const form = getForm('avrr-application')!;
    const arabic = toJsonSchema(form, 'ar');
    const french = toJsonSchema(form, 'fr');
    const titleOf = (schema: Record<string, unknown>) =>
      ((schema.properties as Record<string, Record<string, unknown>>).applicant as Record<string, unknown>).title;
    expect(ARABIC.test(String(titleOf(arabic)))).toBe(true);
    expect(ARABIC.test(String(titleOf(french)))).toBe(false);
    (arabic.properties as Record<string, unknown>).applicant = 'changed';
    expect(titleOf(toJsonSchema(form, 'fr'))).toBe(titleOf(french));
    const required = arabic.required as string[];
    required.push('not-a-field');
    expect(toJsonSchema(form, 'en').required).not.toContain('not-a-field');
  });
});
