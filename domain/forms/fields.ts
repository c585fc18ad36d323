// Field builders shared by every form. A field's labels travel with its schema (zod metadata), so
// the JSON Schema, the label table and the error messages can never disagree.
import * as z from 'zod';
import type { Localized } from '../i18n/index.ts';
import type { CaseFacts } from './types.ts';

export const MAX_NAME = 100;
export const MAX_TEXT = 2000;
export const MAX_SHORT = 200;

export function L(fr: string, ar: string, en: string): Localized {
  return { fr, ar, en };
}

/** Attaches trilingual label and help to a schema; they surface as `x-labels` / `x-help`. */
export function labelled<T extends z.ZodType>(schema: T, label: Localized, help?: Localized): T {
  return schema.meta(help ? { 'x-labels': label, 'x-help': help } : { 'x-labels': label });
}

/**
 * Marks one of the most sensitive answers (health, trafficking, a child's situation): it surfaces
 * in the JSON Schema as `x-sensitive: true`, and the adapters store it encrypted under a key of its
 * own (envelope encryption), so that read access to the table alone does not reveal it.
 */
export function sensitive<T extends z.ZodType>(schema: T): T {
  return schema.meta({ 'x-sensitive': true });
}

// Rule reporting lives in rules.ts; re-exported here so that a form imports its building blocks from one module.
export { RULE_CODES, readsValid, violate, withRules, type Rule, type RuleCode } from './rules.ts';
import { violate, type RefinementCtx } from './rules.ts';

// --- Scalars --------------------------------------------------------------------------------------

export const nameText = (label: Localized, help?: Localized) => labelled(z.string().trim().min(1).max(MAX_NAME), label, help);
export const shortText = (label: Localized, help?: Localized) => labelled(z.string().trim().min(1).max(MAX_SHORT), label, help);
export const freeText = (label: Localized, help?: Localized) => labelled(z.string().trim().min(1).max(MAX_TEXT), label, help);
export const isoDate = (label: Localized, help?: Localized) => labelled(z.iso.date(), label, help);
export const flag = (label: Localized, help?: Localized) => labelled(z.boolean(), label, help);
export const count = (label: Localized, max: number) => labelled(z.int().min(0).max(max), label);

const regionNames = new Intl.DisplayNames(['en'], { type: 'region', fallback: 'code' });
const languageNames = new Intl.DisplayNames(['en'], { type: 'language', fallback: 'code' });

/** ISO 3166-1 alpha-2, checked against the runtime's ICU data so 'XX' is refused. */
export const countryCode = (label: Localized, help?: Localized) =>
  labelled(
    z
      .string()
      .regex(/^[A-Z]{2}$/)
      // A malformed code is already reported by the regex; only a well-formed unknown one is judged here.
      .refine((code) => !/^[A-Z]{2}$/.test(code) || regionNames.of(code) !== code, { params: { code: 'unknown_country' } }),
    label,
    help ??
      L(
        'Code pays ISO 3166-1 alpha-2, par exemple GN pour la Guinée.',
        'رمز البلد وفق معيار ISO 3166-1 alpha-2، مثل GN لغينيا.',
        'ISO 3166-1 alpha-2 country code, e.g. GN for Guinea.',
      ),
  );

/** ISO 639-1 two-letter language code. */
export const languageCode = (label: Localized, help?: Localized) =>
  labelled(
    z
      .string()
      .regex(/^[a-z]{2}$/)
      .refine((code) => !/^[a-z]{2}$/.test(code) || languageNames.of(code) !== code, { params: { code: 'unknown_language' } }),
    label,
    help ??
      L(
        'Code de langue ISO 639-1, par exemple fr, ar, en, wo.',
        'رمز اللغة وفق معيار ISO 639-1، مثل fr أو ar أو en أو wo.',
        'ISO 639-1 language code, e.g. fr, ar, en, wo.',
      ),
  );

export function uniqueList<T extends z.ZodType>(item: T, max: number, label: Localized, help?: Localized) {
  return labelled(
    z
      .array(item)
      .max(max)
      .refine((xs) => new Set(xs).size === xs.length, { params: { code: 'duplicate' } }),
    label,
    help,
  );
}

// --- Enumerations ---------------------------------------------------------------------------------

export const SEXES = ['female', 'male', 'other'] as const;

export const MOROCCAN_CITIES = [
  'rabat',
  'sale',
  'casablanca',
  'tangier',
  'tetouan',
  'oujda',
  'nador',
  'fes',
  'meknes',
  'marrakech',
  'agadir',
  'laayoune',
  'dakhla',
  'beni-mellal',
  'other',
] as const;

export const MOROCCAN_REGIONS = [
  'tanger-tetouan-al-hoceima',
  'oriental',
  'fes-meknes',
  'rabat-sale-kenitra',
  'beni-mellal-khenifra',
  'casablanca-settat',
  'marrakech-safi',
  'draa-tafilalet',
  'souss-massa',
  'guelmim-oued-noun',
  'laayoune-sakia-el-hamra',
  'dakhla-oued-ed-dahab',
] as const;

/** Organisations a person may allow their data to be shared with (referrals, reintegration). */
export const DATA_SHARING_PARTNERS = [
  'unhcr',
  'unicef',
  'croissant-rouge-marocain',
  'caritas-maroc',
  'fondation-orient-occident',
  'amappe',
  'delegation-diocesaine-migrations-tanger',
  'entraide-nationale',
] as const;

/** Partner associations of the youth employability programme. */
export const YOUTH_PARTNER_ASSOCIATIONS = [
  'asso-jeunesse-avenir-sale',
  'espace-associatif-hay-mohammadi-casablanca',
  'association-tadamoun-oujda',
  'forum-initiatives-jeunes-tanger',
  'association-amal-fes',
  'reseau-solidarite-marrakech',
] as const;

// --- Composite blocks -----------------------------------------------------------------------------

export const identityLabels = {
  givenNames: L('Prénom(s)', 'الاسم الشخصي', 'Given name(s)'),
  familyName: L('Nom de famille', 'الاسم العائلي', 'Family name'),
  sex: L('Sexe', 'الجنس', 'Sex'),
  dateOfBirth: L('Date de naissance', 'تاريخ الميلاد', 'Date of birth'),
  nationality: L('Nationalité', 'الجنسية', 'Nationality'),
  placeOfBirth: L('Lieu de naissance', 'مكان الميلاد', 'Place of birth'),
  ageEstimate: L('Âge estimé (en années)', 'العمر التقديري (بالسنوات)', 'Estimated age (years)'),
  nameInArabicScript: L('Nom et prénom en écriture arabe', 'الاسم الكامل بالحروف العربية', 'Full name in Arabic script'),
};

const identityDocument = labelled(
  z
    .object({
      type: labelled(z.enum(['passport', 'national-id', 'none']), L('Type de document', 'نوع الوثيقة', 'Document type')),
      number: shortText(L('Numéro du document', 'رقم الوثيقة', 'Document number')).optional(),
    })
    .strict(),
  L("Document d'identité détenu", 'وثيقة الهوية المتوفرة', 'Identity document held'),
);

/** Who a person is; family members reuse it without identity documents. */
export function identityShape() {
  return {
    givenNames: nameText(identityLabels.givenNames),
    familyName: nameText(identityLabels.familyName),
    // The same name as the person writes it in Arabic script, when they give it: found by either (docs/search.md).
    nameInArabicScript: nameText(identityLabels.nameInArabicScript).optional(),
    sex: labelled(z.enum(SEXES), identityLabels.sex),
    dateOfBirth: isoDate(identityLabels.dateOfBirth),
    nationality: countryCode(identityLabels.nationality),
    placeOfBirth: shortText(identityLabels.placeOfBirth).optional(),
  };
}

export function identity(label: Localized) {
  return labelled(z.object({ ...identityShape(), identityDocument: identityDocument.optional() }).strict(), label);
}

/**
 * For referrals, where the date of birth is often unknown (separated children especially): an
 * estimated age may stand in, and the form's rules require one of the two.
 */
export function identityWithEstimatedAge(label: Localized) {
  return labelled(
    z
      .object({
        ...identityShape(),
        dateOfBirth: isoDate(identityLabels.dateOfBirth).optional(),
        ageEstimate: labelled(z.int().min(0).max(120), identityLabels.ageEstimate).optional(),
        identityDocument: identityDocument.optional(),
      })
      .strict(),
    label,
  );
}

export const contact = labelled(
  z
    .object({
      phone: labelled(
        z.e164(),
        L('Téléphone', 'رقم الهاتف', 'Phone number'),
        L(
          'Format international, par exemple +212612345678.',
          'بالصيغة الدولية، مثل ‎+212612345678.',
          'International format, e.g. +212612345678.',
        ),
      ).optional(),
      email: labelled(z.email().max(254), L('Adresse électronique', 'البريد الإلكتروني', 'Email address')).optional(),
      reachableViaCounsellor: flag(
        L(
          "Pas de moyen de contact : joignable par l'intermédiaire du conseiller",
          'لا توجد وسيلة اتصال: يمكن التواصل عبر المستشار',
          'No means of contact: reachable through the counsellor',
        ),
      ).optional(),
    })
    .strict()
    .superRefine((c, ctx) => {
      if (!c.phone && !c.email && c.reachableViaCounsellor !== true) violate(ctx, [], 'contact_required');
    }),
  L('Coordonnées', 'معلومات الاتصال', 'Contact details'),
);

/** Staff or partner contact: a named person who must be reachable directly. */
export function contactPerson(label: Localized, extra: { position?: boolean } = {}) {
  return labelled(
    z
      .object({
        givenNames: nameText(identityLabels.givenNames),
        familyName: nameText(identityLabels.familyName),
        ...(extra.position ? { position: shortText(L('Fonction', 'المنصب', 'Position')) } : {}),
        phone: labelled(z.e164(), L('Téléphone', 'رقم الهاتف', 'Phone number')).optional(),
        email: labelled(z.email().max(254), L('Adresse électronique', 'البريد الإلكتروني', 'Email address')).optional(),
      })
      .strict()
      .superRefine((c, ctx) => {
        if (!c.phone && !c.email) violate(ctx, [], 'contact_required');
      }),
    label,
  );
}

export const languages = labelled(
  z
    .object({
      spoken: uniqueList(
        languageCode(L('Langue', 'اللغة', 'Language')),
        10,
        L('Langues parlées', 'اللغات المتحدث بها', 'Languages spoken'),
      ).min(1),
      preferred: languageCode(L('Langue préférée pour le contact', 'اللغة المفضلة للتواصل', 'Preferred language for contact')),
    })
    .strict(),
  L('Langues', 'اللغات', 'Languages'),
);

export const locationInMorocco = labelled(
  z
    .object({
      city: labelled(z.enum(MOROCCAN_CITIES), L('Ville', 'المدينة', 'City')),
      cityOther: shortText(L('Autre ville (préciser)', 'مدينة أخرى (يرجى التحديد)', 'Other city (specify)')).optional(),
    })
    .strict()
    .superRefine((loc, ctx) => {
      if (loc.city === 'other' && !loc.cityOther) violate(ctx, ['cityOther'], 'details_required');
    }),
  L('Lieu de résidence actuel au Maroc', 'مكان الإقامة الحالي في المغرب', 'Current location in Morocco'),
);

const consentLabels = {
  processing: L(
    "J'accepte le traitement de mes données pour l'examen de ma demande",
    'أوافق على معالجة بياناتي لدراسة طلبي',
    'I agree to my data being processed to examine my request',
  ),
  sharing: L(
    'Partenaires avec lesquels mes données peuvent être partagées',
    'الشركاء الذين يمكن مشاركة بياناتي معهم',
    'Partners my data may be shared with',
  ),
  followUp: L("J'accepte d'être recontacté(e) pour le suivi", 'أوافق على التواصل معي للمتابعة', 'I agree to be contacted for follow-up'),
  partner: L('Partenaire', 'الشريك', 'Partner'),
  title: L('Consentements', 'الموافقات', 'Consents'),
};

function consentShape() {
  return {
    processing: labelled(z.boolean(), consentLabels.processing),
    sharingWithPartners: uniqueList(
      labelled(z.enum(DATA_SHARING_PARTNERS), consentLabels.partner),
      DATA_SHARING_PARTNERS.length,
      consentLabels.sharing,
    ),
    followUpContact: flag(consentLabels.followUp),
  };
}

/** Consent by purpose; processing is the one without which nothing can be done. */
export const consent = labelled(
  z
    .object(consentShape())
    .strict()
    .superRefine((c, ctx) => {
      if (!c.processing) violate(ctx, ['processing'], 'consent_required');
    }),
  consentLabels.title,
);

/**
 * For referrals: a child who cannot consent is referred on a best-interests justification instead,
 * so `processing` may be false there and the form's own rule decides.
 */
export const referralConsent = labelled(
  z
    .object({
      ...consentShape(),
      // Describes a child's situation: as sensitive as the referral's own account.
      bestInterestsJustification: sensitive(
        freeText(
          L(
            "Justification fondée sur l'intérêt supérieur de l'enfant",
            'مبرر قائم على المصلحة الفضلى للطفل',
            "Justification based on the child's best interests",
          ),
          L(
            "À remplir uniquement lorsqu'un enfant ne peut pas consentir lui-même.",
            'يُملأ فقط عندما لا يستطيع الطفل إعطاء موافقته بنفسه.',
            'Only when a child cannot consent themselves.',
          ),
        ),
      ).optional(),
    })
    .strict(),
  consentLabels.title,
);

export const RELATIONSHIPS = ['spouse', 'child', 'parent', 'sibling', 'grandparent', 'other-relative'] as const;

export const familyMember = labelled(
  z
    .object({
      ...identityShape(),
      relationship: labelled(z.enum(RELATIONSHIPS), L('Lien de parenté', 'صلة القرابة', 'Relationship')),
    })
    .strict(),
  L('Membre de la famille', 'فرد من الأسرة', 'Family member'),
);

export const familyMembers = (label: Localized) => labelled(z.array(familyMember).max(20), label);

export const guardian = labelled(
  z
    .object({
      givenNames: nameText(identityLabels.givenNames),
      familyName: nameText(identityLabels.familyName),
      relationship: labelled(
        z.enum(['parent', 'legal-guardian', 'relative', 'caregiver', 'other']),
        L("Lien avec l'enfant", 'صلة القرابة بالطفل', 'Relationship to the child'),
      ),
      phone: labelled(z.e164(), L('Téléphone', 'رقم الهاتف', 'Phone number')).optional(),
    })
    .strict(),
  L('Tuteur ou représentant légal', 'الوصي أو الممثل القانوني', 'Guardian or legal representative'),
);

export const declarationDateLabel = L('Date de la déclaration', 'تاريخ التصريح', 'Date of the declaration');

export const declarationDate = isoDate(
  declarationDateLabel,
  L(
    'Les autres dates du formulaire sont contrôlées par rapport à cette date.',
    'يتم التحقق من التواريخ الأخرى في الاستمارة بالنسبة إلى هذا التاريخ.',
    'The other dates in the form are checked against this one.',
  ),
);

// --- Date and age helpers (pure, deterministic: always relative to a date in the submission) ----

/** Full years between two ISO dates; a birthday on 29 February counts from 1 March in other years. */
export function ageOn(dateOfBirth: string, on: string): number {
  const [by, bm, bd] = dateOfBirth.split('-').map(Number) as [number, number, number];
  const [y, m, d] = on.split('-').map(Number) as [number, number, number];
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
}

/** Ages are kept on the case only as brackets, which statistics need and which identify nobody. */
export function ageGroup(age: number | undefined): string | null {
  if (age === undefined) return null;
  if (age < 18) return '0-17';
  if (age < 25) return '18-24';
  if (age < 60) return '25-59';
  return '60+';
}

/** The date other dates of a form are checked against, named so messages can say which one. */
export interface ReferenceDate {
  date: string;
  label: Localized;
}

/** Adds `date_order` when `date` is after the reference date (dates of birth, past events). */
export function notAfter(ctx: RefinementCtx, path: PropertyKey[], date: string | undefined, ref: ReferenceDate): void {
  if (date !== undefined && date > ref.date)
    violate(ctx, path, 'date_order', { rule: 'not_in_future', date: ref.date, reference: ref.label });
}

/** Adds `date_order` when `date` is before the reference date (planned events). */
export function notBefore(ctx: RefinementCtx, path: PropertyKey[], date: string | undefined, ref: ReferenceDate): void {
  if (date !== undefined && date < ref.date)
    violate(ctx, path, 'date_order', { rule: 'not_before_reference', date: ref.date, reference: ref.label });
}

/** Adds `date_order` when a year (foundation, graduation) lies after the reference date's year. */
export function yearNotAfter(ctx: RefinementCtx, path: PropertyKey[], year: number, ref: ReferenceDate): void {
  const refYear = Number(ref.date.slice(0, 4));
  if (year > refYear) violate(ctx, path, 'date_order', { rule: 'year_not_after', year: refYear, reference: ref.label });
}

export function consentFacts(c: { processing: boolean; sharingWithPartners: string[]; followUpContact: boolean }): CaseFacts {
  return {
    consentProcessing: c.processing,
    consentSharingWithPartners: [...c.sharingWithPartners],
    consentFollowUpContact: c.followUpContact,
  };
}

/** Drops undefined values so person items hold only what was given. */
export function compact<T extends Record<string, unknown>>(value: T): Record<string, unknown> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined));
}

// --- Migration and development -------------------------------------------------------------------

export const SECTORS = [
  'health',
  'education',
  'agriculture',
  'ict',
  'finance',
  'engineering',
  'renewable-energy',
  'water-and-sanitation',
  'tourism',
  'crafts',
  'public-administration',
  'research',
  'other',
] as const;

export const DEGREES = ['vocational', 'bachelor', 'master', 'doctorate'] as const;

export const qualifications = labelled(
  z
    .array(
      z
        .object({
          degree: labelled(z.enum(DEGREES), L('Niveau du diplôme', 'مستوى الشهادة', 'Degree level')),
          field: shortText(L("Domaine d'études", 'مجال الدراسة', 'Field of study')),
          year: labelled(z.int().min(1950).max(2100), L("Année d'obtention", 'سنة الحصول عليها', 'Year obtained')),
        })
        .strict()
        .meta({ 'x-labels': L('Diplôme', 'شهادة', 'Qualification') }),
    )
    .min(1)
    .max(10),
  L('Diplômes et qualifications', 'الشهادات والمؤهلات', 'Degrees and qualifications'),
);
