// Assisted voluntary return and reintegration: the application a migrant (or a counsellor with
// them) fills in to ask for help going home.
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
  countryCode,
  declarationDate,
  declarationDateLabel,
  familyMembers,
  flag,
  freeText,
  guardian,
  identity,
  labelled,
  languages,
  locationInMorocco,
  notAfter,
  sensitive,
  shortText,
  violate,
  withRules,
  type ReferenceDate,
} from './fields.ts';
import type { SplitPerson } from './types.ts';

export const VULNERABILITY_INDICATORS = [
  'unaccompanied-or-separated-child',
  'victim-of-trafficking',
  'elderly',
  'medical-condition',
  'disability',
  'pregnant',
  'single-parent',
  'other',
] as const;

export const RETURN_REASONS = [
  'family-reasons',
  'health',
  'no-prospects-in-morocco',
  'end-of-migration-project',
  'difficult-living-conditions',
  'failed-onward-journey',
  'other',
] as const;

const applicantLabel = L('Demandeur', 'مقدم الطلب', 'Applicant');

const shape = z
  .object({
    applicant: identity(applicantLabel),
    languages,
    location: locationInMorocco,
    contact,
    intendedReturn: labelled(
      z
        .object({
          country: countryCode(L('Pays de retour', 'بلد العودة', 'Country of return')),
          regionOrCity: shortText(L('Région ou ville de retour', 'منطقة أو مدينة العودة', 'Region or city of return')),
        })
        .strict(),
      L('Retour envisagé', 'العودة المزمعة', 'Intended return'),
    ),
    familyMembers: familyMembers(
      L(
        'Membres de la famille qui voyagent avec le demandeur',
        'أفراد الأسرة المسافرون مع مقدم الطلب',
        'Family members travelling with the applicant',
      ),
    ),
    guardian: guardian.optional(),
    vulnerabilities: labelled(
      z
        .object({
          indicators: labelled(
            z.array(labelled(z.enum(VULNERABILITY_INDICATORS), L('Indicateur', 'مؤشر', 'Indicator'))).max(VULNERABILITY_INDICATORS.length),
            L('Indicateurs de vulnérabilité', 'مؤشرات الهشاشة', 'Vulnerability indicators'),
          ),
          otherDetails: sensitive(
            freeText(L('Autre vulnérabilité (préciser)', 'هشاشة أخرى (يرجى التحديد)', 'Other vulnerability (specify)')),
          ).optional(),
        })
        .strict(),
      L('Vulnérabilités', 'أوجه الهشاشة', 'Vulnerabilities'),
    ),
    medicalNeeds: flag(L('Besoins médicaux', 'احتياجات طبية', 'Medical needs')),
    medicalDescription: sensitive(
      freeText(
        L('Description des besoins médicaux', 'وصف الاحتياجات الطبية', 'Description of medical needs'),
        L(
          'Information confidentielle, partagée uniquement avec le personnel médical.',
          'معلومة سرية لا تُشارك إلا مع الطاقم الطبي.',
          'Confidential, shared with medical staff only.',
        ),
      ),
    ).optional(),
    escortNeeded: flag(L("Besoin d'un accompagnateur pendant le voyage", 'الحاجة إلى مرافق أثناء السفر', 'Escort needed during travel')),
    returnReasons: labelled(
      z
        .object({
          reasons: labelled(
            z
              .array(labelled(z.enum(RETURN_REASONS), L('Motif', 'سبب', 'Reason')))
              .min(1)
              .max(RETURN_REASONS.length),
            L('Motifs', 'الأسباب', 'Reasons'),
          ),
          // Why someone goes home often tells of illness, violence or exploitation.
          details: sensitive(freeText(L('Précisions sur les motifs', 'تفاصيل حول الأسباب', 'Details about the reasons'))).optional(),
        })
        .strict(),
      L('Motifs du retour', 'أسباب العودة', 'Reasons for return'),
    ),
    previousAvrrAssistance: flag(
      L(
        "A déjà bénéficié d'une aide au retour volontaire",
        'سبق أن استفاد من مساعدة العودة الطوعية',
        'Has received assisted voluntary return before',
      ),
    ),
    consent,
    declarationDate,
    channel: labelled(
      z.discriminatedUnion('type', [
        z.object({ type: labelled(z.literal('public-web'), L('Canal', 'القناة', 'Channel')) }).strict(),
        z
          .object({
            type: labelled(z.literal('counsellor-assisted'), L('Canal', 'القناة', 'Channel')),
            counsellorId: shortText(L('Identifiant du conseiller', 'معرّف المستشار', 'Counsellor identifier')),
          })
          .strict(),
      ]),
      L('Canal de soumission', 'قناة تقديم الطلب', 'Submission channel'),
    ),
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
    reads: [['applicant', 'dateOfBirth'], ['declarationDate'], ['guardian'], ['vulnerabilities']],
    check: (s, ctx) => {
      const unaccompanied = s.vulnerabilities.indicators.includes('unaccompanied-or-separated-child');
      if (ageOn(s.applicant.dateOfBirth, s.declarationDate) < 18 && !s.guardian && !unaccompanied) {
        violate(ctx, ['guardian'], 'guardian_required');
      }
    },
  },
  // The workflow books escorts and fit-to-travel checks from these flags, so they must not contradict the indicators.
  {
    reads: [['vulnerabilities'], ['escortNeeded']],
    check: (s, ctx) => {
      if (s.vulnerabilities.indicators.includes('unaccompanied-or-separated-child') && !s.escortNeeded) {
        violate(ctx, ['escortNeeded'], 'escort_required');
      }
    },
  },
  {
    reads: [['vulnerabilities'], ['medicalNeeds']],
    check: (s, ctx) => {
      if (s.vulnerabilities.indicators.includes('medical-condition') && !s.medicalNeeds) {
        violate(ctx, ['medicalNeeds'], 'medical_needs_implied');
      }
    },
  },
  {
    reads: [['medicalDescription'], ['medicalNeeds']],
    check: (s, ctx) => {
      if (s.medicalDescription && !s.medicalNeeds) {
        violate(ctx, ['medicalDescription'], 'not_applicable', {
          condition: L('« Besoins médicaux » est coché', 'تم تحديد «احتياجات طبية»', '“Medical needs” is ticked'),
        });
      }
    },
  },
  {
    reads: [['vulnerabilities']],
    check: (s, ctx) => {
      if (s.vulnerabilities.indicators.includes('other') && !s.vulnerabilities.otherDetails) {
        violate(ctx, ['vulnerabilities', 'otherDetails'], 'details_required');
      }
    },
  },
  {
    reads: [['returnReasons']],
    check: (s, ctx) => {
      if (s.returnReasons.reasons.includes('other') && !s.returnReasons.details) {
        violate(ctx, ['returnReasons', 'details'], 'details_required');
      }
    },
  },
]);

export const avrrApplication = defineForm({
  id: 'avrr-application',
  version: 1,
  programme: 'avrr',
  caseType: 'avrr',
  title: L(
    "Demande d'aide au retour volontaire et à la réintégration",
    'طلب المساعدة على العودة الطوعية وإعادة الإدماج',
    'Application for assisted voluntary return and reintegration',
  ),
  description: L(
    "Pour les personnes migrantes au Maroc qui souhaitent rentrer dans leur pays d'origine avec un accompagnement au retour et à la réintégration.",
    'للمهاجرين في المغرب الراغبين في العودة إلى بلدهم الأصلي مع مواكبة في العودة وإعادة الإدماج.',
    'For migrants in Morocco who wish to return to their country of origin with support for the journey and reintegration.',
  ),
  schema,
  personalDataPaths: [
    '/applicant',
    '/contact',
    '/languages',
    '/location',
    '/familyMembers',
    '/guardian',
    '/medicalDescription',
    '/vulnerabilities/otherDetails',
    '/returnReasons/details',
    '/intendedReturn/regionOrCity',
  ],
  legalBasis: CONSENT_FOR_EVERY_PURPOSE,
  examples: [
    {
      applicant: {
        givenNames: 'Mamadou Aliou',
        familyName: 'Diallo',
        sex: 'male',
        dateOfBirth: '1994-06-12',
        nationality: 'GN',
        placeOfBirth: 'Labé',
        identityDocument: { type: 'national-id', number: 'GN-7781203' },
      },
      languages: { spoken: ['fr', 'ff'], preferred: 'fr' },
      location: { city: 'oujda' },
      contact: { phone: '+212612345678' },
      intendedReturn: { country: 'GN', regionOrCity: 'Labé' },
      familyMembers: [
        { givenNames: 'Fatoumata', familyName: 'Bah', sex: 'female', dateOfBirth: '1998-02-03', nationality: 'GN', relationship: 'spouse' },
        {
          givenNames: 'Aïssatou',
          familyName: 'Diallo',
          sex: 'female',
          dateOfBirth: '2022-11-20',
          nationality: 'GN',
          relationship: 'child',
        },
      ],
      vulnerabilities: { indicators: ['medical-condition'] },
      medicalNeeds: true,
      medicalDescription: 'Diabète de type 2, traitement par insuline à poursuivre pendant le voyage.',
      escortNeeded: false,
      returnReasons: { reasons: ['family-reasons', 'health'] },
      previousAvrrAssistance: false,
      consent: { processing: true, sharingWithPartners: ['croissant-rouge-marocain'], followUpContact: true },
      declarationDate: '2026-03-10',
      channel: { type: 'counsellor-assisted', counsellorId: 'CNS-OUJ-014' },
    },
    {
      applicant: {
        givenNames: 'Awa',
        familyName: 'Koné',
        sex: 'female',
        dateOfBirth: '2009-09-01',
        nationality: 'CI',
        identityDocument: { type: 'none' },
      },
      languages: { spoken: ['fr'], preferred: 'fr' },
      location: { city: 'casablanca' },
      contact: { reachableViaCounsellor: true },
      intendedReturn: { country: 'CI', regionOrCity: 'Abidjan, Yopougon' },
      familyMembers: [],
      vulnerabilities: { indicators: ['unaccompanied-or-separated-child'] },
      medicalNeeds: false,
      escortNeeded: true,
      returnReasons: { reasons: ['family-reasons'], details: 'Souhaite retrouver sa mère et reprendre l’école.' },
      previousAvrrAssistance: false,
      consent: { processing: true, sharingWithPartners: ['unicef'], followUpContact: true },
      declarationDate: '2026-04-02',
      channel: { type: 'counsellor-assisted', counsellorId: 'CNS-CAS-003' },
    },
    {
      applicant: {
        givenNames: 'Ousmane',
        familyName: 'Ndiaye',
        sex: 'male',
        dateOfBirth: '1958-01-15',
        nationality: 'SN',
        identityDocument: { type: 'passport', number: 'A01234567' },
      },
      languages: { spoken: ['wo', 'fr'], preferred: 'wo' },
      location: { city: 'other', cityOther: 'Kénitra' },
      contact: { phone: '+212700112233', email: 'ousmane.ndiaye@example.org' },
      intendedReturn: { country: 'SN', regionOrCity: 'Thiès' },
      familyMembers: [],
      vulnerabilities: { indicators: ['elderly'] },
      medicalNeeds: false,
      escortNeeded: false,
      returnReasons: { reasons: ['end-of-migration-project'] },
      previousAvrrAssistance: false,
      consent: { processing: true, sharingWithPartners: [], followUpContact: false },
      declarationDate: '2026-05-18',
      channel: { type: 'public-web' },
    },
  ],
  split(s) {
    const persons: SplitPerson[] = [
      {
        role: 'applicant',
        pointer: '/applicant',
        data: compact({
          ...s.applicant,
          contact: s.contact,
          languages: s.languages,
          location: s.location,
          medicalDescription: s.medicalDescription,
          vulnerabilityDetails: s.vulnerabilities.otherDetails,
          returnReasonDetails: s.returnReasons.details,
          returnRegionOrCity: s.intendedReturn.regionOrCity,
        }),
        sensitive: ['medicalDescription', 'vulnerabilityDetails', 'returnReasonDetails'],
      },
      ...s.familyMembers.map((m, i): SplitPerson => ({ role: 'family-member', pointer: `/familyMembers/${i}`, data: { ...m } })),
      ...(s.guardian ? [{ role: 'guardian' as const, pointer: '/guardian', data: compact({ ...s.guardian }) }] : []),
    ];
    const age = ageOn(s.applicant.dateOfBirth, s.declarationDate);
    return {
      persons,
      facts: {
        nationality: s.applicant.nationality,
        sex: s.applicant.sex,
        ageGroup: ageGroup(age),
        isChild: age < 18,
        // An unaccompanied or separated child's return needs a best interests determination (domain/avrr/best-interests.ts).
        childNeedsBid: age < 18 && s.vulnerabilities.indicators.includes('unaccompanied-or-separated-child'),
        countryOfReturn: s.intendedReturn.country,
        city: s.location.city,
        preferredLanguage: s.languages.preferred,
        vulnerabilities: [...s.vulnerabilities.indicators],
        medicalNeeds: s.medicalNeeds,
        escortNeeded: s.escortNeeded,
        familyMemberCount: s.familyMembers.length,
        hasGuardian: s.guardian !== undefined,
        returnReasons: [...s.returnReasons.reasons],
        previousAvrrAssistance: s.previousAvrrAssistance,
        identityDocument: s.applicant.identityDocument?.type ?? null,
        channel: s.channel.type,
        counsellorId: s.channel.type === 'counsellor-assisted' ? s.channel.counsellorId : null,
        declarationDate: s.declarationDate,
        ...consentFacts(s.consent),
      },
    };
  },
});
