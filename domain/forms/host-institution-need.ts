// A host institution's need (terms of reference for a diaspora expert's mission): a ministry, a
// hospital, a university, an association… says what it needs: sector, skills, languages, mode,
// duration (one week to six months) and the window it can host the mission in. Staff validate it
// (step `need-validation`, workflows/migration-development-definitions.ts) before it is open for
// matching.
//
// Who submits it: the public route (`POST /forms/host-institution-need/submissions`), by the
// institution itself or by mission staff on its behalf. An institution is not a partner association
// (no `submittedBy: 'association'`: it has no account and no case of its own to follow), nothing it
// posts is acted on before a caseworker validated it, and the only personal data is its contact
// person's, shown the law 09-08 notice like any web form. The institution is a legal entity: its
// name is not personal data, but it is free text, so it stays on the submission, not in the facts.
// The description of the mission is free text too (it may name people): it stays on the submission.
import * as z from 'zod';
import { defineForm } from './define.ts';
import type { SubmissionSplit } from './types.ts';
import { CONSENT_FOR_EVERY_PURPOSE } from '../consent/legal-basis.ts';
import { skillKeys } from '../migration-development/skills.ts';
import {
  L,
  compact,
  consent,
  consentFacts,
  contactPerson,
  declarationDate,
  declarationDateLabel,
  freeText,
  isoDate,
  labelled,
  languageCode,
  notBefore,
  shortText,
  uniqueList,
  violate,
  withRules,
  type Rule,
  MOROCCAN_CITIES,
  SECTORS,
  type ReferenceDate,
} from './fields.ts';

export const INSTITUTION_KINDS = ['ministry', 'hospital', 'university', 'association', 'local-authority', 'company', 'other'] as const;
export const MISSION_MODES = ['remote', 'on-site', 'hybrid'] as const;
/** One week to six months. */
export const NEED_DURATION_WEEKS = { min: 1, max: 26 } as const;
export const MAX_NEED_SKILLS = 10;

const earliestStartLabel = L('Début au plus tôt', 'أقرب تاريخ للبدء', 'Earliest start');
const DAY = 86_400_000;

const torFields = {
  title: shortText(L('Intitulé de la mission', 'عنوان المهمة', 'Mission title')),
  sector: labelled(z.enum(SECTORS), L('Secteur', 'القطاع', 'Sector')),
  skills: uniqueList(
    shortText(L('Compétence', 'مهارة', 'Skill')),
    MAX_NEED_SKILLS,
    L('Compétences recherchées', 'المهارات المطلوبة', 'Skills needed'),
    L(
      'De 1 à 10 compétences, par exemple : chirurgie pédiatrique, cybersécurité.',
      'من 1 إلى 10 مهارات، مثلًا: جراحة الأطفال، الأمن السيبراني.',
      'One to ten skills, e.g. paediatric surgery, cybersecurity.',
    ),
  ).min(1),
  languages: uniqueList(
    languageCode(L('Langue', 'اللغة', 'Language')),
    10,
    L('Langues de travail requises', 'لغات العمل المطلوبة', 'Working languages required'),
  ).min(1),
  mode: labelled(z.enum(MISSION_MODES), L('Modalité', 'صيغة العمل', 'Mode')),
  durationWeeks: labelled(
    z.int().min(NEED_DURATION_WEEKS.min).max(NEED_DURATION_WEEKS.max),
    L('Durée (semaines)', 'المدة (بالأسابيع)', 'Duration (weeks)'),
    L('De 1 à 26 semaines (six mois).', 'من 1 إلى 26 أسبوعًا (ستة أشهر).', 'One to 26 weeks (six months).'),
  ),
  earliestStart: isoDate(earliestStartLabel),
  latestEnd: isoDate(L('Fin au plus tard', 'أقصى تاريخ للانتهاء', 'Latest end')),
  missionCity: labelled(
    z.enum(MOROCCAN_CITIES),
    L('Ville de la mission', 'مدينة المهمة', 'City of the mission'),
    L('Pour une mission sur place ou hybride.', 'لمهمة حضورية أو هجينة.', 'For an on-site or hybrid mission.'),
  ).optional(),
  description: freeText(L('Description de la mission', 'وصف المهمة', 'Description of the mission')).optional(),
};

const torLabel = L('Termes de référence', 'الاختصاصات', 'Terms of reference');
const termsOfReference = labelled(z.object(torFields).strict(), torLabel);

const shape = z
  .object({
    institution: labelled(
      z
        .object({
          name: shortText(L("Nom de l'institution", 'اسم المؤسسة', 'Name of the institution')),
          kind: labelled(z.enum(INSTITUTION_KINDS), L("Type d'institution", 'نوع المؤسسة', 'Kind of institution')),
          city: labelled(z.enum(MOROCCAN_CITIES), L('Ville', 'المدينة', 'City')),
        })
        .strict(),
      L("Institution d'accueil", 'المؤسسة المستضيفة', 'Host institution'),
    ),
    contactPerson: contactPerson(L('Personne de contact', 'الشخص المكلف بالتواصل', 'Contact person'), { position: true }),
    termsOfReference,
    consent,
    declarationDate,
  })
  .strict();

export type HostInstitutionNeed = z.output<typeof shape>;

const ref = (s: HostInstitutionNeed): ReferenceDate => ({ date: s.declarationDate, label: declarationDateLabel });
const daysBetween = (from: string, to: string) => Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY);
const tor = (...rest: string[]) => ['termsOfReference', ...rest];

const rules: Rule<HostInstitutionNeed>[] = [
  {
    reads: [tor('earliestStart'), ['declarationDate']],
    check: (s, ctx) => notBefore(ctx, tor('earliestStart'), s.termsOfReference.earliestStart, ref(s)),
  },
  {
    // The window: its end after its start…
    reads: [tor('earliestStart'), tor('latestEnd')],
    check: (s, ctx) => {
      const { earliestStart, latestEnd } = s.termsOfReference;
      if (latestEnd <= earliestStart)
        violate(ctx, tor('latestEnd'), 'date_order', { rule: 'after_reference', date: earliestStart, reference: earliestStartLabel });
    },
  },
  {
    // …and long enough for the mission.
    reads: [tor('earliestStart'), tor('latestEnd'), tor('durationWeeks')],
    check: (s, ctx) => {
      const { earliestStart, latestEnd, durationWeeks } = s.termsOfReference;
      if (latestEnd > earliestStart && daysBetween(earliestStart, latestEnd) < durationWeeks * 7)
        violate(ctx, tor('durationWeeks'), 'duration_exceeds_window', { weeks: durationWeeks, from: earliestStart, to: latestEnd });
    },
  },
  {
    reads: [tor('mode'), tor('missionCity')],
    check: (s, ctx) => {
      const { mode, missionCity } = s.termsOfReference;
      if (mode !== 'remote' && missionCity === undefined) violate(ctx, tor('missionCity'), 'mission_city_required');
      if (mode === 'remote' && missionCity !== undefined)
        violate(ctx, tor('missionCity'), 'not_applicable', {
          condition: L('la mission a lieu sur place ou en mode hybride', 'كانت المهمة حضورية أو هجينة', 'the mission is on site or hybrid'),
        });
    },
  },
];
const schema = withRules(shape, rules);

function splitV1(s: HostInstitutionNeed): SubmissionSplit {
  const t = s.termsOfReference;
  return {
    persons: [{ role: 'contact-person', pointer: '/contactPerson', data: compact({ ...s.contactPerson }) }],
    // Codes, numbers and dates only: the institution's name, the title, the skills as typed and the
    // description stay on the submission. The skills' search keys are what matching compares.
    facts: {
      institutionKind: s.institution.kind,
      institutionCity: s.institution.city,
      sector: t.sector,
      skillKeys: skillKeys(t.skills),
      skillCount: t.skills.length,
      languagesRequired: [...t.languages],
      mode: t.mode,
      durationWeeks: t.durationWeeks,
      earliestStart: t.earliestStart,
      latestEnd: t.latestEnd,
      ...(t.missionCity ? { missionCity: t.missionCity } : {}),
      declarationDate: s.declarationDate,
      ...consentFacts(s.consent),
    },
  };
}

export const hostInstitutionNeedV1 = defineForm({
  id: 'host-institution-need',
  version: 1,
  programme: 'migration-development',
  caseType: 'host-need',
  title: L("Besoin d'une institution d'accueil", 'حاجة مؤسسة مستضيفة', 'Host institution need'),
  description: L(
    "Ministères, hôpitaux, universités, associations : décrivez la mission d'un expert de la diaspora dont vous avez besoin.",
    'وزارات، مستشفيات، جامعات، جمعيات: صِفوا مهمة خبير من الجالية تحتاجون إليها.',
    'Ministries, hospitals, universities, associations: describe the diaspora expert mission you need.',
  ),
  schema,
  personalDataPaths: ['/contactPerson', '/termsOfReference/description'],
  legalBasis: CONSENT_FOR_EVERY_PURPOSE,
  examples: [
    {
      institution: { name: 'Centre hospitalier universitaire Hassan II', kind: 'hospital', city: 'fes' },
      contactPerson: {
        givenNames: 'Karima',
        familyName: 'Benjelloun',
        position: 'Directrice des soins',
        email: 'k.benjelloun@example.ma',
      },
      termsOfReference: {
        title: 'Formation en chirurgie pédiatrique mini-invasive',
        sector: 'health',
        skills: ['Chirurgie pédiatrique', 'Formation de personnel soignant'],
        languages: ['fr', 'ar'],
        mode: 'on-site',
        durationWeeks: 3,
        earliestStart: '2026-09-01',
        latestEnd: '2026-11-30',
        missionCity: 'fes',
        description: "Former l'équipe du bloc pédiatrique aux techniques cœlioscopiques.",
      },
      consent: { processing: true, sharingWithPartners: [], followUpContact: true },
      declarationDate: '2026-06-10',
    },
    {
      institution: { name: 'Agence de développement du digital', kind: 'ministry', city: 'rabat' },
      contactPerson: { givenNames: 'Omar', familyName: 'Tazi', position: 'Chef de projet', phone: '+212661234567' },
      termsOfReference: {
        title: 'Audit de sécurité des services en ligne',
        sector: 'ict',
        skills: ['Cybersécurité', 'Architecture cloud'],
        languages: ['fr', 'en'],
        mode: 'remote',
        durationWeeks: 8,
        earliestStart: '2026-10-01',
        latestEnd: '2027-01-31',
      },
      consent: { processing: true, sharingWithPartners: [], followUpContact: false },
      declarationDate: '2026-07-01',
    },
  ],
  split: splitV1,
});

// --- Version 2: the engagement ---------------------------------------------------------------------
// A need is an expert's mission (one to 26 weeks, as in version 1) or a job offer a qualified national
// may take (a permanent or fixed-term contract, 3 to 36 months): the same needs and matching serve the
// diaspora experts and the return of qualified nationals. Version 1 submissions mean an expert mission.

export const ENGAGEMENTS = ['expert-mission', 'job-offer'] as const;
export type Engagement = (typeof ENGAGEMENTS)[number];
export const CONTRACT_KINDS = ['permanent', 'fixed-term'] as const;
export const CONTRACT_MONTHS = { min: 3, max: 36 } as const;

const contractMonthsLabel = L('Durée du contrat (mois)', 'مدة العقد (بالأشهر)', 'Contract length (months)');
const contractFields = {
  contractKind: labelled(z.enum(CONTRACT_KINDS), L('Type de contrat', 'نوع العقد', 'Contract kind')).optional(),
  contractMonths: labelled(
    z.int().min(CONTRACT_MONTHS.min).max(CONTRACT_MONTHS.max),
    contractMonthsLabel,
    L(
      'Pour un contrat à durée déterminée : de 3 à 36 mois.',
      'لعقد محدد المدة: من 3 إلى 36 شهرًا.',
      'For a fixed-term contract: 3 to 36 months.',
    ),
  ).optional(),
};
const termsOfReferenceV2 = labelled(
  z
    .object({
      ...torFields,
      engagement: labelled(
        z.enum(ENGAGEMENTS),
        L("Type d'engagement", 'نوع الالتزام', 'Engagement'),
        L(
          "Mission d'un expert de la diaspora (1 à 26 semaines) ou offre d'emploi pour un national qualifié.",
          'مهمة خبير من الجالية (من 1 إلى 26 أسبوعًا) أو عرض عمل لمواطن مؤهل.',
          "A diaspora expert's mission (1 to 26 weeks) or a job offer for a qualified national.",
        ),
      ),
      durationWeeks: torFields.durationWeeks.optional(),
      ...contractFields,
    })
    .strict(),
  torLabel,
);

const shapeV2 = shape.extend({ termsOfReference: termsOfReferenceV2 }).strict();
export type HostInstitutionNeedV2 = z.output<typeof shapeV2>;

const jobOffer = L("il s'agit d'une offre d'emploi", 'تعلق الأمر بعرض عمل', 'it is a job offer');
const expertMission = L("il s'agit de la mission d'un expert", 'تعلق الأمر بمهمة خبير', "it is an expert's mission");
const fixedTerm = L('le contrat est à durée déterminée', 'كان العقد محدد المدة', 'the contract is fixed-term');

const rulesV2: Rule<HostInstitutionNeedV2>[] = [
  // Version 1's rules, the duration's only for an expert's mission.
  ...rules.map((rule) => ({
    reads: rule.reads,
    check: (s: HostInstitutionNeedV2, ctx: Parameters<Rule<HostInstitutionNeedV2>['check']>[1]) => {
      if (s.termsOfReference.durationWeeks === undefined && rule.reads.some((r) => r.at(-1) === 'durationWeeks')) return;
      rule.check(s as unknown as HostInstitutionNeed, ctx);
    },
  })),
  {
    reads: [tor('engagement'), tor('durationWeeks'), tor('contractKind'), tor('contractMonths')],
    check: (s, ctx) => {
      const { engagement, durationWeeks, contractKind, contractMonths } = s.termsOfReference;
      if (engagement === 'expert-mission') {
        if (durationWeeks === undefined) violate(ctx, tor('durationWeeks'), 'engagement_terms_required', { condition: expertMission });
        if (contractKind !== undefined) violate(ctx, tor('contractKind'), 'not_applicable', { condition: jobOffer });
        if (contractMonths !== undefined) violate(ctx, tor('contractMonths'), 'not_applicable', { condition: jobOffer });
        return;
      }
      if (durationWeeks !== undefined) violate(ctx, tor('durationWeeks'), 'not_applicable', { condition: expertMission });
      if (contractKind === undefined) violate(ctx, tor('contractKind'), 'engagement_terms_required', { condition: jobOffer });
      if (contractKind === 'fixed-term' && contractMonths === undefined)
        violate(ctx, tor('contractMonths'), 'engagement_terms_required', { condition: fixedTerm });
      if (contractKind === 'permanent' && contractMonths !== undefined)
        violate(ctx, tor('contractMonths'), 'not_applicable', { condition: fixedTerm });
    },
  },
];

const [surgery, cyber] = hostInstitutionNeedV1.examples as HostInstitutionNeed[];

export const hostInstitutionNeed = defineForm({
  ...hostInstitutionNeedV1,
  version: 2,
  schema: withRules(shapeV2, rulesV2),
  examples: [
    { ...surgery!, termsOfReference: { ...surgery!.termsOfReference, engagement: 'expert-mission' } },
    { ...cyber!, termsOfReference: { ...cyber!.termsOfReference, engagement: 'expert-mission' } },
    {
      institution: { name: 'Université Mohammed V', kind: 'university', city: 'rabat' },
      contactPerson: { givenNames: 'Nadia', familyName: 'Alaoui', position: 'Doyenne', email: 'n.alaoui@example.ma' },
      termsOfReference: {
        title: 'Professeur en science des données',
        sector: 'education',
        skills: ['Science des données', 'Apprentissage automatique'],
        languages: ['fr', 'en'],
        mode: 'on-site',
        engagement: 'job-offer',
        contractKind: 'fixed-term',
        contractMonths: 24,
        earliestStart: '2026-09-01',
        latestEnd: '2027-08-31',
        missionCity: 'rabat',
      },
      consent: { processing: true, sharingWithPartners: [], followUpContact: true },
      declarationDate: '2026-07-01',
    },
  ],
  split(s: HostInstitutionNeedV2) {
    const t = s.termsOfReference;
    const v1 = splitV1(s as unknown as HostInstitutionNeed);
    const { durationWeeks: _weeks, ...facts } = v1.facts;
    return {
      persons: v1.persons,
      facts: {
        ...facts,
        engagement: t.engagement,
        ...(t.durationWeeks !== undefined ? { durationWeeks: t.durationWeeks } : {}),
        ...(t.contractKind ? { contractKind: t.contractKind } : {}),
        ...(t.contractMonths !== undefined ? { contractMonths: t.contractMonths } : {}),
      },
    };
  },
});
