// Diaspora expert registration: Moroccans abroad (and friends of Morocco) offering their skills for
// short missions with public institutions, universities and cooperatives.
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
  identity,
  isoDate,
  labelled,
  languages,
  notAfter,
  notBefore,
  qualifications,
  shortText,
  uniqueList,
  yearNotAfter,
  SECTORS,
  DEGREES,
  withRules,
  type ReferenceDate,
} from './fields.ts';

const availabilityFromLabel = L('Disponible à partir du', 'متاح ابتداءً من', 'Available from');

const shape = z
  .object({
    expert: identity(L('Expert', 'الخبير', 'Expert')),
    countryOfResidence: countryCode(L('Pays de résidence', 'بلد الإقامة', 'Country of residence')),
    skills: uniqueList(
      shortText(L('Compétence', 'مهارة', 'Skill')),
      30,
      L('Compétences', 'المهارات', 'Skills'),
      L(
        'Par exemple : chirurgie pédiatrique, irrigation goutte-à-goutte, cybersécurité.',
        'مثلًا: جراحة الأطفال، الري بالتنقيط، الأمن السيبراني.',
        'For example: paediatric surgery, drip irrigation, cybersecurity.',
      ),
    ).min(1),
    sectors: uniqueList(
      labelled(z.enum(SECTORS), L('Secteur', 'القطاع', 'Sector')),
      SECTORS.length,
      L("Secteurs d'intervention", 'قطاعات التدخل', 'Sectors'),
    ).min(1),
    qualifications,
    languages,
    availability: labelled(
      z
        .object({
          missionLength: labelled(
            z.enum(['up-to-2-weeks', '2-weeks-to-1-month', '1-to-3-months', 'over-3-months']),
            L('Durée de mission souhaitée', 'مدة المهمة المرغوبة', 'Preferred mission length'),
          ),
          from: isoDate(availabilityFromLabel),
          mode: labelled(z.enum(['remote', 'on-site', 'hybrid']), L('Modalité', 'صيغة العمل', 'Mode')),
        })
        .strict(),
      L('Disponibilité', 'التوفر', 'Availability'),
    ),
    contact,
    consent,
    declarationDate,
  })
  .strict();

const ref = (s: z.output<typeof shape>): ReferenceDate => ({ date: s.declarationDate, label: declarationDateLabel });

const schema = withRules(shape, [
  {
    reads: [['expert', 'dateOfBirth'], ['declarationDate']],
    check: (s, ctx) => notAfter(ctx, ['expert', 'dateOfBirth'], s.expert.dateOfBirth, ref(s)),
  },
  {
    reads: [['availability', 'from'], ['declarationDate']],
    check: (s, ctx) => notBefore(ctx, ['availability', 'from'], s.availability.from, ref(s)),
  },
  {
    reads: [['qualifications'], ['declarationDate']],
    check: (s, ctx) => s.qualifications.forEach((q, i) => yearNotAfter(ctx, ['qualifications', i, 'year'], q.year, ref(s))),
  },
]);

export const diasporaExpertRegistration = defineForm({
  id: 'diaspora-expert-registration',
  version: 1,
  programme: 'migration-development',
  caseType: 'diaspora-expert',
  title: L('Inscription des experts de la diaspora', 'تسجيل خبراء الجالية', 'Diaspora expert registration'),
  description: L(
    'Mettez vos compétences au service de projets de développement au Maroc, à distance ou sur place.',
    'ضع كفاءاتك في خدمة مشاريع التنمية في المغرب، عن بُعد أو حضوريًا.',
    'Put your skills to work for development projects in Morocco, remotely or on site.',
  ),
  schema,
  personalDataPaths: ['/expert', '/contact', '/languages', '/skills', '/qualifications'],
  legalBasis: CONSENT_FOR_EVERY_PURPOSE,
  examples: [
    {
      expert: {
        givenNames: 'Nadia',
        familyName: 'El Idrissi',
        sex: 'female',
        dateOfBirth: '1981-04-09',
        nationality: 'MA',
        placeOfBirth: 'Fès',
        identityDocument: { type: 'passport', number: 'UZ4452109' },
      },
      countryOfResidence: 'FR',
      skills: ['Chirurgie pédiatrique', 'Formation de personnel soignant'],
      sectors: ['health', 'education'],
      qualifications: [{ degree: 'doctorate', field: 'Médecine', year: 2008 }],
      languages: { spoken: ['ar', 'fr', 'en'], preferred: 'fr' },
      availability: { missionLength: '2-weeks-to-1-month', from: '2026-07-01', mode: 'on-site' },
      contact: { email: 'nadia.elidrissi@example.org', phone: '+33612345678' },
      consent: { processing: true, sharingWithPartners: [], followUpContact: true },
      declarationDate: '2026-04-15',
    },
    {
      expert: { givenNames: 'Youssef', familyName: 'Amrani', sex: 'male', dateOfBirth: '1990-12-01', nationality: 'MA' },
      countryOfResidence: 'CA',
      skills: ['Cybersécurité', 'Architecture cloud'],
      sectors: ['ict'],
      qualifications: [{ degree: 'master', field: 'Génie informatique', year: 2014 }],
      languages: { spoken: ['ar', 'fr', 'en'], preferred: 'en' },
      availability: { missionLength: 'over-3-months', from: '2026-09-01', mode: 'remote' },
      contact: { email: 'y.amrani@example.com' },
      consent: { processing: true, sharingWithPartners: [], followUpContact: false },
      declarationDate: '2026-05-02',
    },
  ],
  split(s) {
    return {
      persons: [
        {
          role: 'expert',
          pointer: '/expert',
          data: compact({ ...s.expert, contact: s.contact, languages: s.languages, skills: s.skills, qualifications: s.qualifications }),
        },
      ],
      facts: {
        nationality: s.expert.nationality,
        sex: s.expert.sex,
        ageGroup: ageGroup(ageOn(s.expert.dateOfBirth, s.declarationDate)),
        countryOfResidence: s.countryOfResidence,
        sectors: [...s.sectors],
        highestDegree: highestDegree(s.qualifications.map((q) => q.degree)),
        skillCount: s.skills.length,
        missionLength: s.availability.missionLength,
        availableFrom: s.availability.from,
        availabilityMode: s.availability.mode,
        preferredLanguage: s.languages.preferred,
        declarationDate: s.declarationDate,
        ...consentFacts(s.consent),
      },
    };
  },
});

const DEGREE_RANK = DEGREES;

export function highestDegree(degrees: readonly (typeof DEGREE_RANK)[number][]): string | null {
  const ranks = degrees.map((d) => DEGREE_RANK.indexOf(d));
  return ranks.length > 0 ? (DEGREE_RANK[Math.max(...ranks)] ?? null) : null;
}
