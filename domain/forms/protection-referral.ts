// Protection referral: a partner organisation, a health facility or an outreach team refers a
// vulnerable migrant to the mission for assessment and assistance.
import * as z from 'zod';
import { defineForm } from './define.ts';
import {
  L,
  ageGroup,
  ageOn,
  compact,
  consentFacts,
  contactPerson,
  freeText,
  guardian,
  identityWithEstimatedAge,
  isoDate,
  labelled,
  languageCode,
  locationInMorocco,
  notAfter,
  shortText,
  uniqueList,
  referralConsent,
  sensitive,
  violate,
  withRules,
  type ReferenceDate,
} from './fields.ts';
import type { SplitPerson } from './types.ts';

export const VULNERABILITY_CATEGORIES = [
  'unaccompanied-or-separated-child',
  'victim-of-trafficking',
  'elderly',
  'medical',
  'other',
] as const;

export const URGENT_NEEDS = ['medical', 'shelter', 'food', 'psychosocial', 'legal'] as const;

const referralDateLabel = L("Date de l'orientation", 'تاريخ الإحالة', 'Referral date');

const shape = z
  .object({
    referringOrganisation: labelled(
      z
        .object({
          name: shortText(L("Nom de l'organisation", 'اسم المنظمة', 'Organisation name')),
          type: labelled(
            z.enum(['ngo', 'un-agency', 'government', 'health-facility', 'community-organisation', 'other']),
            L("Type d'organisation", 'نوع المنظمة', 'Organisation type'),
          ),
          contactPerson: contactPerson(L('Personne de contact', 'الشخص المسؤول عن التواصل', 'Contact person'), { position: true }),
        })
        .strict(),
      L('Organisation qui oriente', 'المنظمة المُحيلة', 'Referring organisation'),
    ),
    referralDate: isoDate(referralDateLabel),
    person: identityWithEstimatedAge(L('Personne orientée', 'الشخص المُحال', 'Person referred')),
    vulnerability: labelled(
      z
        .object({
          category: labelled(z.enum(VULNERABILITY_CATEGORIES), L('Catégorie de vulnérabilité', 'فئة الهشاشة', 'Vulnerability category')),
          // The medical details or the trafficking victim's account.
          details: sensitive(
            freeText(
              L('Description de la situation', 'وصف الوضعية', 'Description of the situation'),
              L(
                'Information confidentielle : décrivez uniquement ce qui est utile à la prise en charge.',
                'معلومة سرية: يرجى وصف ما هو ضروري للتكفل فقط.',
                'Confidential: describe only what is needed for the assistance.',
              ),
            ),
          ),
        })
        .strict(),
      L('Vulnérabilité', 'الهشاشة', 'Vulnerability'),
    ),
    urgentNeeds: uniqueList(
      labelled(z.enum(URGENT_NEEDS), L('Besoin', 'حاجة', 'Need')),
      URGENT_NEEDS.length,
      L('Besoins urgents', 'الاحتياجات العاجلة', 'Urgent needs'),
    ),
    guardian: guardian.optional(),
    location: locationInMorocco,
    preferredLanguage: languageCode(L('Langue de communication', 'لغة التواصل', 'Language of communication')),
    consent: referralConsent,
  })
  .strict();

type Referral = z.output<typeof shape>;

const ref = (s: Referral): ReferenceDate => ({ date: s.referralDate, label: referralDateLabel });

function personAge(s: Referral): number | undefined {
  return s.person.dateOfBirth !== undefined ? ageOn(s.person.dateOfBirth, s.referralDate) : s.person.ageEstimate;
}

function isChild(s: Referral): boolean {
  const age = personAge(s);
  return age !== undefined && age < 18;
}

const schema = withRules(shape, [
  {
    reads: [['person']],
    check: (s, ctx) => {
      if (s.person.dateOfBirth === undefined && s.person.ageEstimate === undefined) {
        violate(ctx, ['person', 'dateOfBirth'], 'birth_date_or_age_required');
      }
    },
  },
  {
    reads: [['person', 'dateOfBirth'], ['referralDate']],
    check: (s, ctx) => notAfter(ctx, ['person', 'dateOfBirth'], s.person.dateOfBirth, ref(s)),
  },
  {
    reads: [['person'], ['referralDate'], ['guardian'], ['vulnerability']],
    check: (s, ctx) => {
      if (isChild(s) && !s.guardian && s.vulnerability.category !== 'unaccompanied-or-separated-child') {
        violate(ctx, ['guardian'], 'guardian_required');
      }
    },
  },
  // A child may be referred without their own consent, but then someone must justify it.
  {
    reads: [['person'], ['referralDate'], ['consent']],
    check: (s, ctx) => {
      const child = isChild(s);
      if (!s.consent.processing && !(child && s.consent.bestInterestsJustification)) {
        violate(ctx, ['consent', 'processing'], child ? 'consent_or_best_interests_required' : 'consent_required');
      }
      if (s.consent.bestInterestsJustification && !child) {
        violate(ctx, ['consent', 'bestInterestsJustification'], 'not_applicable', {
          condition: L('la personne est un enfant', 'كان الشخص طفلًا', 'the person is a child'),
        });
      }
    },
  },
]);

export const protectionReferral = defineForm({
  id: 'protection-referral',
  version: 1,
  programme: 'protection',
  caseType: 'protection',
  title: L('Fiche d’orientation – protection', 'استمارة الإحالة – الحماية', 'Protection referral'),
  description: L(
    'Orientation d’une personne migrante vulnérable vers la mission pour une évaluation et une assistance médicale, humanitaire ou psychosociale.',
    'إحالة مهاجر في وضعية هشاشة إلى البعثة من أجل التقييم والمساعدة الطبية أو الإنسانية أو النفسية والاجتماعية.',
    'Referral of a vulnerable migrant to the mission for assessment and medical, humanitarian or psychosocial assistance.',
  ),
  schema,
  personalDataPaths: [
    '/person',
    '/guardian',
    '/vulnerability/details',
    '/location',
    '/referringOrganisation/contactPerson',
    '/consent/bestInterestsJustification',
  ],
  // A child who cannot consent is referred on their vital interests (their best interests, law 09-08
  // art. 4 d), justified in the referral; sharing and follow-up contact need consent.
  legalBasis: {
    processing: { basis: 'consent', withoutConsent: { basis: 'vital-interests', justifiedBy: '/consent/bestInterestsJustification' } },
    'follow-up-contact': { basis: 'consent' },
    sharing: { basis: 'consent' },
  },
  examples: [
    {
      referringOrganisation: {
        name: 'Centre de santé Hay Al Qods',
        type: 'health-facility',
        contactPerson: { givenNames: 'Salma', familyName: 'Benjelloun', position: 'Assistante sociale', phone: '+212536681020' },
      },
      referralDate: '2026-02-14',
      person: {
        givenNames: 'Ibrahim',
        familyName: 'Traoré',
        sex: 'male',
        ageEstimate: 15,
        nationality: 'ML',
        identityDocument: { type: 'none' },
      },
      vulnerability: {
        category: 'unaccompanied-or-separated-child',
        details: 'Arrivé seul à Oujda, séparé de son oncle à la frontière, blessure au pied non soignée.',
      },
      urgentNeeds: ['medical', 'shelter', 'food'],
      location: { city: 'oujda' },
      preferredLanguage: 'bm',
      consent: {
        processing: false,
        sharingWithPartners: ['unicef'],
        followUpContact: false,
        bestInterestsJustification:
          'Enfant non accompagné sans représentant légal joignable ; une prise en charge immédiate est dans son intérêt supérieur.',
      },
    },
    {
      referringOrganisation: {
        name: 'Caritas Rabat',
        type: 'ngo',
        contactPerson: {
          givenNames: 'Jean-Baptiste',
          familyName: 'Mbarga',
          position: 'Chargé de protection',
          email: 'protection.rabat@example.org',
        },
      },
      referralDate: '2026-03-03',
      person: { givenNames: 'Grace', familyName: 'Nkemelu', sex: 'female', dateOfBirth: '1999-07-22', nationality: 'NG' },
      vulnerability: { category: 'victim-of-trafficking', details: 'Signes d’exploitation par un réseau, souhaite être mise à l’abri.' },
      urgentNeeds: ['shelter', 'psychosocial', 'legal'],
      location: { city: 'rabat' },
      preferredLanguage: 'en',
      consent: { processing: true, sharingWithPartners: ['unhcr', 'caritas-maroc'], followUpContact: true },
    },
  ],
  split(s) {
    const persons: SplitPerson[] = [
      {
        role: 'applicant',
        pointer: '/person',
        data: compact({
          ...s.person,
          location: s.location,
          preferredLanguage: s.preferredLanguage,
          vulnerabilityDetails: s.vulnerability.details,
        }),
        sensitive: ['vulnerabilityDetails', 'bestInterestsJustification'],
      },
      {
        role: 'contact-person',
        pointer: '/referringOrganisation/contactPerson',
        data: compact({ ...s.referringOrganisation.contactPerson }),
      },
      ...(s.guardian ? [{ role: 'guardian' as const, pointer: '/guardian', data: compact({ ...s.guardian }) }] : []),
    ];
    const age = personAge(s);
    return {
      persons,
      facts: {
        referringOrganisation: s.referringOrganisation.name,
        referringOrganisationType: s.referringOrganisation.type,
        referralDate: s.referralDate,
        nationality: s.person.nationality,
        sex: s.person.sex,
        ageGroup: ageGroup(age),
        ageIsEstimated: s.person.dateOfBirth === undefined,
        isChild: age !== undefined && age < 18,
        vulnerabilityCategory: s.vulnerability.category,
        urgentNeeds: [...s.urgentNeeds],
        medicalNeeds: s.urgentNeeds.includes('medical') || s.vulnerability.category === 'medical',
        hasGuardian: s.guardian !== undefined,
        city: s.location.city,
        preferredLanguage: s.preferredLanguage,
        bestInterestsBasis: s.consent.bestInterestsJustification !== undefined,
        ...consentFacts(s.consent),
      },
      // Personal free text: a note of the case, referred to by the processing consent record.
      ...(s.consent.bestInterestsJustification ? { justifications: { processing: s.consent.bestInterestsJustification } } : {}),
    };
  },
});
