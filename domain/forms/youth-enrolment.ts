// Youth employability: a partner association enrols a young person into one of the programme's
// tracks. The case is that association's when its own staff submit it through the authenticated
// partner route; a public body never chooses the partner. Version 1 had a `partnerId` field (kept
// readable, recorded as a fact, but it decides nothing); version 2 has none.
import * as z from 'zod';
import { defineForm } from './define.ts';
import { CONSENT_FOR_EVERY_PURPOSE } from '../consent/legal-basis.ts';
import {
  L,
  ageGroup,
  ageOn,
  compact,
  consent,
  consentFacts,
  contact,
  flag,
  guardian,
  identity,
  isoDate,
  labelled,
  locationInMorocco,
  nameText,
  notAfter,
  violate,
  YOUTH_PARTNER_ASSOCIATIONS,
  withRules,
  type ReferenceDate,
  type Rule,
} from './fields.ts';
import type { SplitPerson, SubmissionSplit } from './types.ts';

export const MIN_AGE = 15;
export const MAX_AGE = 35;

export const EDUCATION_LEVELS = [
  'none',
  'primary',
  'lower-secondary',
  'upper-secondary',
  'vocational-training',
  'higher-education',
] as const;
export const EMPLOYMENT_STATUSES = [
  'unemployed',
  'in-education',
  'informal-work',
  'formal-employment',
  'self-employed',
  'inactive',
] as const;
export const TRACKS = ['community', 'education', 'professional-insertion'] as const;

const enrolmentDateLabel = L("Date d'inscription", 'تاريخ التسجيل', 'Enrolment date');

const partnerField = labelled(z.enum(YOUTH_PARTNER_ASSOCIATIONS), L('Association partenaire', 'الجمعية الشريكة', 'Partner association'));

const shapeV2 = z
  .object({
    counsellorName: nameText(L('Nom du conseiller ou de la conseillère', 'اسم المستشار أو المستشارة', 'Counsellor name')),
    enrolmentDate: isoDate(enrolmentDateLabel),
    youth: identity(L('Jeune', 'الشاب أو الشابة', 'Young person')),
    educationLevel: labelled(z.enum(EDUCATION_LEVELS), L("Niveau d'études", 'المستوى الدراسي', 'Education level')),
    employmentStatus: labelled(z.enum(EMPLOYMENT_STATUSES), L('Situation professionnelle', 'الوضعية المهنية', 'Employment status')),
    trackPreference: labelled(z.enum(TRACKS), L('Parcours souhaité', 'المسار المرغوب', 'Preferred track')),
    location: locationInMorocco,
    guardian: guardian.optional(),
    guardianConsent: flag(
      L(
        'Le tuteur consent à l’inscription du jeune mineur',
        'يوافق الوصي على تسجيل القاصر',
        'The guardian consents to the minor’s enrolment',
      ),
    ).optional(),
    contact,
    consent,
  })
  .strict();
const shapeV1 = shapeV2.extend({ partnerId: partnerField }).strict();

type Enrolment = z.output<typeof shapeV2> & { partnerId?: string };

const ref = (s: Enrolment): ReferenceDate => ({ date: s.enrolmentDate, label: enrolmentDateLabel });

const rules: Rule<Enrolment>[] = [
  {
    reads: [['youth', 'dateOfBirth'], ['enrolmentDate']],
    check: (s, ctx) => notAfter(ctx, ['youth', 'dateOfBirth'], s.youth.dateOfBirth, ref(s)),
  },
  {
    reads: [['youth', 'dateOfBirth'], ['enrolmentDate']],
    check: (s, ctx) => {
      const age = ageOn(s.youth.dateOfBirth, s.enrolmentDate);
      if (age < MIN_AGE || age > MAX_AGE) {
        violate(ctx, ['youth', 'dateOfBirth'], 'age_out_of_range', { min: MIN_AGE, max: MAX_AGE, date: s.enrolmentDate });
      }
    },
  },
  {
    reads: [['youth', 'dateOfBirth'], ['enrolmentDate'], ['guardian'], ['guardianConsent']],
    check: (s, ctx) => {
      if (ageOn(s.youth.dateOfBirth, s.enrolmentDate) >= 18) return;
      if (!s.guardian) violate(ctx, ['guardian'], 'guardian_required');
      if (s.guardianConsent !== true) violate(ctx, ['guardianConsent'], 'guardian_consent_required');
    },
  },
];

const common = {
  // Its association's staff submit it, or mission staff on the association's behalf; never the public.
  submittedBy: 'association' as const,
  id: 'youth-enrolment',
  programme: 'youth-employability' as const,
  caseType: 'youth-enrolment',
  title: L(
    'Inscription au programme d’employabilité des jeunes',
    'التسجيل في برنامج تشغيل الشباب',
    'Youth employability programme enrolment',
  ),
  description: L(
    'Inscription d’un ou d’une jeune de 15 à 35 ans par une association partenaire dans un parcours communautaire, éducatif ou d’insertion professionnelle.',
    'تسجيل شاب أو شابة بين 15 و35 سنة من طرف جمعية شريكة في مسار مجتمعي أو تعليمي أو للإدماج المهني.',
    'Enrolment of a young person aged 15 to 35 by a partner association in a community, education or professional insertion track.',
  ),
  personalDataPaths: ['/youth', '/contact', '/guardian', '/location', '/counsellorName'],
  legalBasis: CONSENT_FOR_EVERY_PURPOSE,
  split(s: Enrolment): SubmissionSplit {
    const persons: SplitPerson[] = [
      { role: 'youth', pointer: '/youth', data: compact({ ...s.youth, contact: s.contact, location: s.location }) },
      ...(s.guardian ? [{ role: 'guardian' as const, pointer: '/guardian', data: compact({ ...s.guardian }) }] : []),
    ];
    const age = ageOn(s.youth.dateOfBirth, s.enrolmentDate);
    return {
      persons,
      ...(s.partnerId ? { partnerId: s.partnerId } : {}),
      facts: {
        ...(s.partnerId ? { partnerId: s.partnerId } : {}),
        enrolmentDate: s.enrolmentDate,
        nationality: s.youth.nationality,
        sex: s.youth.sex,
        ageGroup: age < 18 ? '15-17' : ageGroup(age),
        isMinor: age < 18,
        educationLevel: s.educationLevel,
        employmentStatus: s.employmentStatus,
        track: s.trackPreference,
        city: s.location.city,
        guardianConsent: s.guardianConsent ?? null,
        ...consentFacts(s.consent),
      },
    };
  },
};

/** Version 1: a `partnerId` field that is recorded as a fact but decides nothing (see the partner route). */
const v2Examples: [z.input<typeof shapeV2>, z.input<typeof shapeV2>] = [
  {
    counsellorName: 'Hajar Ouazzani',
    enrolmentDate: '2026-03-16',
    youth: { givenNames: 'Mehdi', familyName: 'Alaoui', sex: 'male', dateOfBirth: '2003-10-05', nationality: 'MA' },
    educationLevel: 'upper-secondary',
    employmentStatus: 'unemployed',
    trackPreference: 'professional-insertion',
    location: { city: 'sale' },
    contact: { phone: '+212661234567' },
    consent: { processing: true, sharingWithPartners: [], followUpContact: true },
  },
  {
    counsellorName: 'Rachid Haddaoui',
    enrolmentDate: '2026-04-07',
    youth: { givenNames: 'Mariam', familyName: 'Sow', sex: 'female', dateOfBirth: '2010-01-19', nationality: 'SN' },
    educationLevel: 'lower-secondary',
    employmentStatus: 'in-education',
    trackPreference: 'education',
    location: { city: 'oujda' },
    guardian: { givenNames: 'Khady', familyName: 'Sow', relationship: 'parent', phone: '+212677889900' },
    guardianConsent: true,
    contact: { reachableViaCounsellor: true },
    consent: { processing: true, sharingWithPartners: [], followUpContact: true },
  },
];
const [saleExample, oujdaExample] = v2Examples;

export const youthEnrolmentV1 = defineForm({
  ...common,
  version: 1,
  schema: withRules(shapeV1, rules),
  // The same people, as version 1 carried them: with the association named in the body.
  examples: [
    { partnerId: 'asso-jeunesse-avenir-sale', ...saleExample },
    { partnerId: 'association-tadamoun-oujda', ...oujdaExample },
  ],
});

export const youthEnrolment = defineForm({
  ...common,
  version: 2,
  schema: withRules(shapeV2, rules),
  examples: v2Examples,
});
