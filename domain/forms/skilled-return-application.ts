// Return of qualified nationals: Moroccans trained or working abroad who come back to work or
// start a business, with support for placement, housing and their children's schooling.
import * as z from 'zod';
import { defineForm } from './define.ts';
import { CONSENT_FOR_EVERY_PURPOSE } from '../consent/legal-basis.ts';
import { highestDegree } from './diaspora-expert-registration.ts';
import {
  L,
  ageGroup,
  ageOn,
  compact,
  consent,
  consentFacts,
  contact,
  countryCode,
  declarationDate,
  declarationDateLabel,
  familyMembers,
  identity,
  isoDate,
  labelled,
  notAfter,
  notBefore,
  qualifications,
  uniqueList,
  yearNotAfter,
  MOROCCAN_REGIONS,
  SECTORS,
  withRules,
  type ReferenceDate,
} from './fields.ts';
import type { SplitPerson } from './types.ts';

export const SUPPORT_NEEDS = ['job-placement', 'business-creation', 'housing', 'schooling'] as const;

const shape = z
  .object({
    applicant: identity(L('Demandeur', 'مقدم الطلب', 'Applicant')),
    currentCountry: countryCode(L('Pays de résidence actuel', 'بلد الإقامة الحالي', 'Current country of residence')),
    qualifications,
    experienceYears: labelled(
      z.int().min(0).max(60),
      L("Années d'expérience professionnelle", 'سنوات الخبرة المهنية', 'Years of professional experience'),
    ),
    sector: labelled(z.enum(SECTORS), L("Secteur d'activité", 'قطاع النشاط', 'Sector of activity')),
    intendedReturnDate: isoDate(L('Date de retour prévue', 'تاريخ العودة المتوقع', 'Intended return date')),
    regionOfReturn: labelled(z.enum(MOROCCAN_REGIONS), L('Région de retour', 'جهة العودة', 'Region of return')),
    familyMembers: familyMembers(
      L(
        'Membres de la famille qui accompagnent le demandeur',
        'أفراد الأسرة المرافقون لمقدم الطلب',
        'Family members accompanying the applicant',
      ),
    ),
    supportNeeded: uniqueList(
      labelled(z.enum(SUPPORT_NEEDS), L('Soutien', 'دعم', 'Support')),
      SUPPORT_NEEDS.length,
      L('Soutien souhaité', 'الدعم المطلوب', 'Support needed'),
    ),
    contact,
    consent,
    declarationDate,
  })
  .strict();

const ref = (s: z.output<typeof shape>): ReferenceDate => ({ date: s.declarationDate, label: declarationDateLabel });

const schema = withRules(shape, [
  {
    reads: [['applicant', 'dateOfBirth'], ['declarationDate']],
    check: (s, ctx) => notAfter(ctx, ['applicant', 'dateOfBirth'], s.applicant.dateOfBirth, ref(s)),
  },
  {
    reads: [['familyMembers'], ['declarationDate']],
    check: (s, ctx) => s.familyMembers.forEach((m, i) => notAfter(ctx, ['familyMembers', i, 'dateOfBirth'], m.dateOfBirth, ref(s))),
  },
  {
    reads: [['qualifications'], ['declarationDate']],
    check: (s, ctx) => s.qualifications.forEach((q, i) => yearNotAfter(ctx, ['qualifications', i, 'year'], q.year, ref(s))),
  },
  {
    reads: [['intendedReturnDate'], ['declarationDate']],
    check: (s, ctx) => notBefore(ctx, ['intendedReturnDate'], s.intendedReturnDate, ref(s)),
  },
]);

export const skilledReturnApplication = defineForm({
  id: 'skilled-return-application',
  version: 1,
  programme: 'migration-development',
  caseType: 'skilled-return',
  title: L('Demande de retour de compétences', 'طلب عودة الكفاءات', 'Skilled return application'),
  description: L(
    'Pour les ressortissants qualifiés vivant à l’étranger qui souhaitent revenir au Maroc et s’y insérer professionnellement.',
    'للمواطنين ذوي الكفاءات المقيمين بالخارج الراغبين في العودة إلى المغرب والاندماج المهني فيه.',
    'For qualified nationals living abroad who wish to return to Morocco and settle into work there.',
  ),
  schema,
  personalDataPaths: ['/applicant', '/contact', '/familyMembers', '/qualifications'],
  legalBasis: CONSENT_FOR_EVERY_PURPOSE,
  examples: [
    {
      applicant: {
        givenNames: 'Karim',
        familyName: 'Bennani',
        sex: 'male',
        dateOfBirth: '1986-03-27',
        nationality: 'MA',
        identityDocument: { type: 'national-id', number: 'BK228190' },
      },
      currentCountry: 'DE',
      qualifications: [
        { degree: 'master', field: 'Génie mécanique', year: 2011 },
        { degree: 'bachelor', field: 'Physique', year: 2008 },
      ],
      experienceYears: 12,
      sector: 'renewable-energy',
      intendedReturnDate: '2026-09-01',
      regionOfReturn: 'souss-massa',
      familyMembers: [
        { givenNames: 'Leila', familyName: 'Bennani', sex: 'female', dateOfBirth: '1989-08-14', nationality: 'MA', relationship: 'spouse' },
        { givenNames: 'Adam', familyName: 'Bennani', sex: 'male', dateOfBirth: '2017-05-02', nationality: 'MA', relationship: 'child' },
      ],
      supportNeeded: ['business-creation', 'schooling'],
      contact: { email: 'karim.bennani@example.de', phone: '+4915123456789' },
      consent: { processing: true, sharingWithPartners: [], followUpContact: true },
      declarationDate: '2026-04-20',
    },
  ],
  split(s) {
    const persons: SplitPerson[] = [
      { role: 'applicant', pointer: '/applicant', data: compact({ ...s.applicant, contact: s.contact, qualifications: s.qualifications }) },
      ...s.familyMembers.map((m, i): SplitPerson => ({ role: 'family-member', pointer: `/familyMembers/${i}`, data: { ...m } })),
    ];
    return {
      persons,
      facts: {
        nationality: s.applicant.nationality,
        sex: s.applicant.sex,
        ageGroup: ageGroup(ageOn(s.applicant.dateOfBirth, s.declarationDate)),
        currentCountry: s.currentCountry,
        highestDegree: highestDegree(s.qualifications.map((q) => q.degree)),
        experienceYears: s.experienceYears,
        sector: s.sector,
        intendedReturnDate: s.intendedReturnDate,
        regionOfReturn: s.regionOfReturn,
        familyMemberCount: s.familyMembers.length,
        supportNeeded: [...s.supportNeeded],
        declarationDate: s.declarationDate,
        ...consentFacts(s.consent),
      },
    };
  },
});
