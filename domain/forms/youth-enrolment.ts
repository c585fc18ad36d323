// Youth employability: a partner association enrols a young person into one of the programme's
// tracks. The case is then shared with that association, and only with it.
import { z } from 'zod';
import { defineForm } from './define.ts';
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
} from './fields.ts';
import type { SplitPerson } from './types.ts';

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

const shape = z
  .object({
    partnerId: labelled(z.enum(YOUTH_PARTNER_ASSOCIATIONS), L('Association partenaire', 'الجمعية الشريكة', 'Partner association')),
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

const ref = (s: z.output<typeof shape>): ReferenceDate => ({ date: s.enrolmentDate, label: enrolmentDateLabel });

const schema = withRules(shape, [
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
]);

export const youthEnrolment = defineForm({
  id: 'youth-enrolment',
  version: 1,
  programme: 'youth-employability',
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
  schema,
  personalDataPaths: ['/youth', '/contact', '/guardian', '/location', '/counsellorName'],
  examples: [
    {
      partnerId: 'asso-jeunesse-avenir-sale',
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
      partnerId: 'association-tadamoun-oujda',
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
  ],
  split(s) {
    const persons: SplitPerson[] = [
      { role: 'youth', pointer: '/youth', data: compact({ ...s.youth, contact: s.contact, location: s.location }) },
      ...(s.guardian ? [{ role: 'guardian' as const, pointer: '/guardian', data: compact({ ...s.guardian }) }] : []),
    ];
    const age = ageOn(s.youth.dateOfBirth, s.enrolmentDate);
    return {
      persons,
      partnerId: s.partnerId,
      facts: {
        partnerId: s.partnerId,
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
});
