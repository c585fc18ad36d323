// The law 09-08 notice of every form: every part present in fr, ar and en, and the mandatory answers
// are exactly the schema's required top-level fields, listed by their labels.
import { describe, expect, it } from 'vitest';
import { getForm, listForms, privacyNotice, topLevelFields } from '../../../domain/forms/index.ts';
import { LANGUAGES } from '../../../domain/i18n/index.ts';

const config = { controllerName: 'Mission test', dataProtectionContact: 'dpo@test.example', cndpReference: 'D-GC-123/2026' };
const forms = listForms().map((summary) => getForm(summary.id, summary.version)!);

describe.each(forms.map((form) => [`${form.id} v${form.version}`, form] as const))('the notice of %s', (_name, form) => {
  it.each(LANGUAGES)('has every part in %s', (lang) => {
    const notice = privacyNotice(form, config, lang);
    expect(notice.controller).toContain(config.controllerName);
    expect(notice.purposes.length).toBeGreaterThanOrEqual(2);
    expect(notice.recipients.length).toBeGreaterThan(0);
    expect(notice.rights).toHaveLength(3);
    expect(notice.howToExerciseRights).toContain(config.dataProtectionContact);
    expect(notice.cndpReference).toBe(config.cndpReference);
    expect(notice.cndpStatement).toContain(config.cndpReference);
    for (const text of [notice.controller, ...notice.purposes, ...notice.recipients, ...notice.rights, notice.mandatoryAnswersNote]) {
      expect(text.trim()).not.toBe('');
    }
  });

  it('is written in each language, not copied from another', () => {
    const [fr, ar, en] = LANGUAGES.map((lang) => privacyNotice(form, config, lang));
    expect(new Set([fr!.purposes[0], ar!.purposes[0], en!.purposes[0]]).size).toBe(3);
    for (const text of [...ar!.purposes, ...ar!.recipients, ...ar!.rights, ar!.mandatoryAnswersNote]) {
      expect(text).toMatch(/[\u0600-\u06FF]/);
    }
  });

  it.each(LANGUAGES)('lists exactly the required top-level fields as mandatory, by their %s labels', (lang) => {
    // Behaviour, not the JSON Schema: drop each top-level answer from a valid example and see
    // whether the schema then complains about it.
    const example = form.examples[0] as Record<string, unknown>;
    const keys = Object.keys((form.schema as unknown as { shape: Record<string, unknown> }).shape);
    const complainsWithout = (key: string) => {
      const { [key]: _dropped, ...rest } = example;
      const result = form.schema.safeParse(rest);
      return !result.success && result.error.issues.some((issue) => issue.path.length === 1 && issue.path[0] === key);
    };
    const missing = new Set(keys.filter(complainsWithout));
    const { required: requiredKeys, optional } = topLevelFields(form);
    expect(new Set(requiredKeys)).toEqual(missing);
    const notice = privacyNotice(form, config, lang);
    expect(notice.mandatoryAnswers).toEqual(requiredKeys.map((key) => form.fields[`/${key}`]!.label[lang]));
    expect(notice.optionalAnswers).toEqual(optional.map((key) => form.fields[`/${key}`]!.label[lang]));
  });
});
