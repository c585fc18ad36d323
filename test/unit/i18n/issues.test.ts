import { describe, it, expect } from 'vitest';
import { z } from 'zod';
import { localizeIssues, toPointer, type FieldError, type Language, type Localized } from '../../../domain/i18n/index.ts';

const labels: Record<string, Localized> = {
  '/name': { fr: 'Nom', ar: 'الاسم', en: 'Name' },
  '/email': { fr: 'Courriel', ar: 'البريد الإلكتروني', en: 'Email' },
  '/children/*/age': { fr: 'Âge', ar: 'العمر', en: 'Age' },
};
const labelFor = (pointer: string) => labels[pointer];

const schema = z
  .object({
    name: z.string().min(1).max(5),
    email: z.email(),
    code: z.string().regex(/^[A-Z]{3}$/),
    phone: z.e164(),
    birth: z.iso.date(),
    when: z.date().min(new Date('2026-01-01T00:00:00Z')).optional(),
    count: z.int().min(1).max(3),
    step: z.number().multipleOf(5).optional(),
    flag: z.boolean(),
    kind: z.enum(['a', 'b']),
    yes: z.literal(true).optional(),
    tags: z.array(z.string()).min(1).max(2),
    children: z.array(z.object({ age: z.int().max(17) }).strict()).optional(),
    channel: z.union([z.object({ web: z.literal(true) }).strict(), z.object({ counsellorId: z.string().min(2) }).strict()]).optional(),
    scores: z.record(z.string().regex(/^[a-z]+$/), z.number()).optional(),
    'a/b~c': z.string().optional(),
  })
  .strict();

function errorsFor(body: unknown, lang: Language = 'fr'): FieldError[] {
  const parsed = schema.safeParse(body);
  if (parsed.success) throw new Error('expected the body to be rejected');
  return localizeIssues(parsed.error.issues, lang, labelFor);
}

const valid = {
  name: 'Awa',
  email: 'awa@example.org',
  code: 'ABC',
  phone: '+212612345678',
  birth: '2001-02-03',
  count: 2,
  flag: true,
  kind: 'a',
  tags: ['x'],
};

describe('localizeIssues', () => {
  it('accepts the valid baseline (so every rejection below is caused by the change it makes)', () => {
    expect(schema.safeParse(valid).success).toBe(true);
  });

  it('reports a missing field as required, with the label, in French by default', () => {
    const { name: _name, ...rest } = valid;
    expect(errorsFor(rest)).toEqual([{ pointer: '/name', code: 'required', message: 'Le champ « Nom » est obligatoire.' }]);
  });

  it('reports a closed list left unanswered as required when given the document (zod calls it a wrong value), and a wrong answer as one', () => {
    const { kind: _kind, ...rest } = valid;
    const missing = schema.safeParse(rest);
    expect(localizeIssues(missing.error!.issues, 'ar', labelFor, { value: rest })).toEqual([
      { pointer: '/kind', code: 'required', message: 'هذا الحقل مطلوب.' },
    ]);
    const wrong = { ...valid, kind: 'c' };
    expect(localizeIssues(schema.safeParse(wrong).error!.issues, 'en', labelFor, { value: wrong })).toEqual([
      { pointer: '/kind', code: 'invalid_value', message: 'This field must be one of: “a”, “b”.' },
    ]);
  });

  it('reports the choice that decides the rest (a discriminator) as required when left unanswered, and as a wrong value otherwise', () => {
    const decision = z.discriminatedUnion('outcome', [
      z.object({ outcome: z.literal('eligible'), notes: z.string().optional() }),
      z.object({ outcome: z.literal('ineligible'), reason: z.string() }),
    ]);
    expect(localizeIssues(decision.safeParse({}).error!.issues, 'ar', undefined, { value: {} })).toEqual([
      { pointer: '/outcome', code: 'required', message: 'هذا الحقل مطلوب.' },
    ]);
    const wrong = { outcome: 'maybe' };
    expect(localizeIssues(decision.safeParse(wrong).error!.issues, 'en', undefined, { value: wrong })).toEqual([
      { pointer: '/outcome', code: 'invalid_value', message: 'This field must be one of: “eligible”, “ineligible”.' },
    ]);
  });

  it('lists every problem of a body, one error each, in fr, ar and en', () => {
    const body = {
      ...valid,
      name: 'Aminata Fatoumata',
      email: 'not-an-email',
      count: 'three',
      kind: 'c',
      extra: 1,
      other: 2,
    };
    expect(errorsFor(body, 'fr')).toEqual([
      { pointer: '/name', code: 'too_big', message: 'Le champ « Nom » ne doit pas dépasser 5 caractères.' },
      { pointer: '/email', code: 'invalid_format', message: 'Le champ « Courriel » doit être une adresse électronique valide.' },
      { pointer: '/count', code: 'invalid_type', message: 'Ce champ doit être un nombre.' },
      { pointer: '/kind', code: 'invalid_value', message: 'Ce champ doit être l’une des valeurs suivantes : « a », « b ».' },
      { pointer: '/extra', code: 'unrecognized_key', message: 'Le champ « extra » n’est pas prévu par ce formulaire.' },
      { pointer: '/other', code: 'unrecognized_key', message: 'Le champ « other » n’est pas prévu par ce formulaire.' },
    ]);
    expect(errorsFor(body, 'ar').map((e) => e.message)).toEqual([
      'الحقل «الاسم» يجب ألا يتجاوز 5 حرفًا.',
      'الحقل «البريد الإلكتروني» يجب أن يكون عنوان بريد إلكتروني صالحًا.',
      'هذا الحقل يجب أن يكون رقمًا.',
      'هذا الحقل يجب أن يكون إحدى القيم التالية: «a»، «b».',
      'الحقل «extra» غير موجود في هذه الاستمارة.',
      'الحقل «other» غير موجود في هذه الاستمارة.',
    ]);
    expect(errorsFor(body, 'en').map((e) => e.message)).toEqual([
      'The field “Name” must be at most 5 characters long.',
      'The field “Email” must be a valid email address.',
      'This field must be a number.',
      'This field must be one of: “a”, “b”.',
      'The field “extra” is not part of this form.',
      'The field “other” is not part of this form.',
    ]);
  });

  it('covers sizes of strings, numbers, arrays and dates', () => {
    const errors = errorsFor({ ...valid, name: '', count: 0, tags: ['a', 'b', 'c'], when: new Date('2025-06-01T00:00:00Z') }, 'en');
    expect(errors).toEqual([
      { pointer: '/name', code: 'too_small', message: 'The field “Name” must not be empty.' },
      { pointer: '/when', code: 'too_small', message: 'This field must be on or after 2026-01-01.' },
      { pointer: '/count', code: 'too_small', message: 'This field must be at least 1.' },
      { pointer: '/tags', code: 'too_big', message: 'This field must contain at most 2 items.' },
    ]);
    expect(errorsFor({ ...valid, tags: [] }, 'fr')).toEqual([
      { pointer: '/tags', code: 'too_small', message: 'Ce champ doit contenir au moins 1 élément(s).' },
    ]);
    expect(errorsFor({ ...valid, count: 4 }, 'ar')).toEqual([
      { pointer: '/count', code: 'too_big', message: 'هذا الحقل يجب أن يكون أصغر من 3 أو مساويًا له.' },
    ]);
  });

  it('names formats: date, regex, phone', () => {
    expect(errorsFor({ ...valid, birth: '2001-02-30', code: 'abc', phone: '0612345678' }, 'fr')).toEqual([
      { pointer: '/code', code: 'invalid_format', message: "Ce champ n'a pas le format attendu." },
      {
        pointer: '/phone',
        code: 'invalid_format',
        message: 'Ce champ doit être un numéro de téléphone au format international, par exemple +212612345678.',
      },
      { pointer: '/birth', code: 'invalid_format', message: 'Ce champ doit être une date valide au format AAAA-MM-JJ.' },
    ]);
  });

  it('handles literals, multiples, nested lists and labels of list items', () => {
    expect(errorsFor({ ...valid, yes: false, step: 7, children: [{ age: 12 }, { age: 19 }] }, 'en')).toEqual([
      { pointer: '/step', code: 'not_multiple_of', message: 'This field must be a multiple of 5.' },
      { pointer: '/yes', code: 'invalid_value', message: 'This field must be ticked.' },
      { pointer: '/children/1/age', code: 'too_big', message: 'The field “Age” must be at most 17.' },
    ]);
  });

  it('explains a failed union by the closest branch', () => {
    expect(errorsFor({ ...valid, channel: { counsellorId: 'x' } }, 'en')).toEqual([
      { pointer: '/channel/counsellorId', code: 'too_small', message: 'This field must be at least 2 characters long.' },
    ]);
  });

  it('reports a bad record key at that key', () => {
    expect(errorsFor({ ...valid, scores: { Z9: 1 } }, 'en')).toEqual([
      { pointer: '/scores/Z9', code: 'invalid_format', message: 'This field is not in the expected format.' },
    ]);
  });

  it('uses params.code and params.rule of custom issues, and falls back to a generic message', () => {
    const refined = z.object({ from: z.string(), to: z.string() }).superRefine((v, ctx) => {
      ctx.addIssue({ code: 'custom', path: ['to'], message: 'x', params: { code: 'contact_required' } });
      ctx.addIssue({
        code: 'custom',
        path: ['from'],
        message: 'x',
        params: {
          code: 'date_order',
          rule: 'not_in_future',
          date: v.to,
          reference: { fr: 'Date de fin', ar: 'تاريخ النهاية', en: 'End date' },
        },
      });
      ctx.addIssue({ code: 'custom', path: ['to'], message: 'x', params: { code: 'something_new' } });
      ctx.addIssue({ code: 'custom', path: [], message: 'x' });
    });
    const parsed = refined.safeParse({ from: '2026-02-01', to: '2026-01-01' });
    expect(parsed.success).toBe(false);
    const errors = localizeIssues(parsed.error?.issues ?? [], 'ar');
    expect(errors).toEqual([
      {
        pointer: '/to',
        code: 'contact_required',
        message: 'يرجى ذكر وسيلة اتصال واحدة على الأقل (هاتف أو بريد إلكتروني)، أو الإشارة إلى أنه يمكن التواصل مع الشخص عبر مستشاره.',
      },
      { pointer: '/from', code: 'date_order', message: 'هذا الحقل لا يمكن أن يكون بعد 2026-01-01 (تاريخ النهاية).' },
      { pointer: '/to', code: 'something_new', message: 'هذا الحقل غير صالح.' },
      { pointer: '', code: 'invalid', message: 'نص الطلب غير صالح.' },
    ]);
  });

  it('escapes pointers per RFC 6901', () => {
    expect(toPointer(['a/b~c', 0, 'x'])).toBe('/a~1b~0c/0/x');
    expect(errorsFor({ ...valid, 'a/b~c': 3 })[0]?.pointer).toBe('/a~1b~0c');
  });

  it('recognises a missing field even when zod kept the input', () => {
    const parsed = z.object({ a: z.string() }).strict().safeParse({}, { reportInput: true });
    expect(localizeIssues(parsed.error?.issues ?? [], 'en')).toEqual([
      { pointer: '/a', code: 'required', message: 'This field is required.' },
    ]);
  });

  it('speaks of the request body when the whole document is wrong', () => {
    expect(errorsFor(null, 'fr')).toEqual([
      { pointer: '', code: 'invalid_type', message: 'Le corps de la requête doit être un ensemble de champs (objet).' },
    ]);
  });

  it('points at the discriminator of a discriminated union, once', () => {
    const union = z.object({
      channel: z.discriminatedUnion('type', [
        z.object({ type: z.literal('web') }),
        z.object({ type: z.literal('desk'), desk: z.string() }),
      ]),
    });
    const parsed = union.safeParse({ channel: { type: 'fax' } });
    expect(localizeIssues(parsed.error?.issues ?? [], 'en')).toEqual([
      { pointer: '/channel/type', code: 'invalid_value', message: 'This field must be one of: “web”, “desk”.' },
    ]);
  });
});
