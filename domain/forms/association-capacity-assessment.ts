// Organisational self-assessment of a partner association, the starting point of its capacity
// plan. Versions 1 and 2 are on instrument 1 (five domains scored 1 to 5); version 3 is on
// instrument 2 (the OCA's seven domains, sub-items scored 1 to 4: domain/youth-employability/
// capacity-instrument.ts) and records `instrumentVersion: 2` in the facts (absent: instrument 1). The association is a legal entity; only its focal person is personal data. Version 1 had an
// optional `association.partnerId` (recorded as a fact, deciding nothing); version 2 has none: the
// case is an association's only when its own staff submit it through the partner route.
import * as z from 'zod';
import { defineForm } from './define.ts';
import { CONSENT_FOR_EVERY_PURPOSE } from '../consent/legal-basis.ts';
import type { SubmissionSplit } from './types.ts';
import { domainScores, INSTRUMENT_2, overallScore, scoresSchema } from '../youth-employability/capacity-instrument.ts';
import {
  L,
  compact,
  consent,
  consentFacts,
  contactPerson,
  count,
  freeText,
  isoDate,
  labelled,
  shortText,
  uniqueList,
  violate,
  yearNotAfter,
  MOROCCAN_CITIES,
  YOUTH_PARTNER_ASSOCIATIONS,
  withRules,
  type ReferenceDate,
  type Rule,
} from './fields.ts';

export const TRAINING_NEEDS = [
  'governance',
  'financial-management',
  'project-cycle-management',
  'monitoring-and-evaluation',
  'fundraising',
  'safeguarding',
  'communication',
  'digital-tools',
  'other',
] as const;

const assessmentDateLabel = L("Date de l'évaluation", 'تاريخ التقييم', 'Assessment date');

const score = (label: ReturnType<typeof L>) =>
  labelled(
    z.int().min(1).max(5),
    label,
    L('De 1 (à construire) à 5 (solide).', 'من 1 (في طور البناء) إلى 5 (متين).', 'From 1 (to be built) to 5 (strong).'),
  );

const associationLabel = L('Association', 'الجمعية', 'Association');

const associationV2 = z
  .object({
    name: shortText(L("Nom de l'association", 'اسم الجمعية', 'Association name')),
    registrationNumber: shortText(L("Numéro d'enregistrement", 'رقم التسجيل', 'Registration number')),
    city: labelled(z.enum(MOROCCAN_CITIES), L('Ville du siège', 'مدينة المقر', 'City of the head office')),
    foundedYear: labelled(z.int().min(1900).max(2100), L('Année de création', 'سنة التأسيس', 'Year founded')),
    staffCount: count(L('Nombre de salariés', 'عدد الأجراء', 'Number of paid staff'), 10000),
    volunteerCount: count(L('Nombre de bénévoles', 'عدد المتطوعين', 'Number of volunteers'), 100000),
  })
  .strict();
const associationV1 = associationV2
  .extend({
    partnerId: labelled(z.enum(YOUTH_PARTNER_ASSOCIATIONS), L('Identifiant partenaire', 'معرّف الشريك', 'Partner identifier')).optional(),
  })
  .strict();

const shapeV2 = z
  .object({
    association: labelled(associationV2, associationLabel),
    focalPerson: contactPerson(L('Personne référente', 'الشخص المرجعي', 'Focal person'), { position: true }),
    assessmentDate: isoDate(assessmentDateLabel),
    scores: labelled(
      z
        .object({
          governance: score(L('Gouvernance', 'الحكامة', 'Governance')),
          financialManagement: score(L('Gestion financière', 'التدبير المالي', 'Financial management')),
          projectManagement: score(L('Gestion de projet', 'تدبير المشاريع', 'Project management')),
          monitoringEvaluation: score(L('Suivi et évaluation', 'التتبع والتقييم', 'Monitoring and evaluation')),
          partnerships: score(L('Partenariats', 'الشراكات', 'Partnerships')),
        })
        .strict(),
      L('Auto-évaluation', 'التقييم الذاتي', 'Self-assessment'),
    ),
    priorityTrainingNeeds: uniqueList(
      labelled(z.enum(TRAINING_NEEDS), L('Besoin de formation', 'حاجة تكوينية', 'Training need')),
      5,
      L('Besoins de formation prioritaires', 'الحاجيات التكوينية ذات الأولوية', 'Priority training needs'),
      L('Cinq au plus.', 'خمسة على الأكثر.', 'Five at most.'),
    ).min(1),
    otherTrainingNeed: freeText(
      L('Autre besoin de formation (préciser)', 'حاجة تكوينية أخرى (يرجى التحديد)', 'Other training need (specify)'),
    ).optional(),
    consent,
  })
  .strict();
const shapeV1 = shapeV2.extend({ association: labelled(associationV1, associationLabel) }).strict();

type Assessment = z.output<typeof shapeV2> & { association: { partnerId?: string | undefined } };

const ref = (s: Assessment): ReferenceDate => ({ date: s.assessmentDate, label: assessmentDateLabel });

const rules: Rule<Assessment>[] = [
  {
    reads: [['association', 'foundedYear'], ['assessmentDate']],
    check: (s, ctx) => yearNotAfter(ctx, ['association', 'foundedYear'], s.association.foundedYear, ref(s)),
  },
  {
    reads: [['priorityTrainingNeeds'], ['otherTrainingNeed']],
    check: (s, ctx) => {
      if (s.priorityTrainingNeeds.includes('other') && !s.otherTrainingNeed) violate(ctx, ['otherTrainingNeed'], 'details_required');
    },
  },
];

const common = {
  // Its association's staff submit it, or mission staff on the association's behalf; never the public.
  submittedBy: 'association' as const,
  id: 'association-capacity-assessment',
  programme: 'youth-employability' as const,
  caseType: 'association-capacity',
  title: L('Évaluation des capacités de l’association', 'تقييم قدرات الجمعية', 'Association capacity assessment'),
  description: L(
    'Auto-évaluation organisationnelle d’une association partenaire, base de son plan de renforcement des capacités.',
    'تقييم ذاتي تنظيمي لجمعية شريكة، يشكل أساس مخطط تعزيز قدراتها.',
    'Organisational self-assessment of a partner association, the basis of its capacity-building plan.',
  ),
  personalDataPaths: ['/focalPerson'],
  legalBasis: CONSENT_FOR_EVERY_PURPOSE,
  split(s: Assessment): SubmissionSplit {
    const scores = Object.values(s.scores);
    return {
      persons: [{ role: 'contact-person', pointer: '/focalPerson', data: compact({ ...s.focalPerson }) }],
      ...(s.association.partnerId ? { partnerId: s.association.partnerId } : {}),
      facts: {
        associationName: s.association.name,
        ...(s.association.partnerId ? { partnerId: s.association.partnerId } : {}),
        registrationNumber: s.association.registrationNumber,
        city: s.association.city,
        foundedYear: s.association.foundedYear,
        staffCount: s.association.staffCount,
        volunteerCount: s.association.volunteerCount,
        assessmentDate: s.assessmentDate,
        scoreGovernance: s.scores.governance,
        scoreFinancialManagement: s.scores.financialManagement,
        scoreProjectManagement: s.scores.projectManagement,
        scoreMonitoringEvaluation: s.scores.monitoringEvaluation,
        scorePartnerships: s.scores.partnerships,
        scoreAverage: Math.round((scores.reduce((a, b) => a + b, 0) / scores.length) * 10) / 10,
        priorityTrainingNeeds: [...s.priorityTrainingNeeds],
        ...consentFacts(s.consent),
      },
    };
  },
};

const v2Example: z.input<typeof shapeV2> = {
  association: {
    name: 'Association Tadamoun pour le développement local',
    registrationNumber: 'OUJ-2011-0457',
    city: 'oujda',
    foundedYear: 2011,
    staffCount: 6,
    volunteerCount: 35,
  },
  focalPerson: { givenNames: 'Samira', familyName: 'Lahlou', position: 'Coordinatrice de projets', email: 'samira.lahlou@example.ma' },
  assessmentDate: '2026-02-25',
  scores: { governance: 3, financialManagement: 2, projectManagement: 3, monitoringEvaluation: 2, partnerships: 4 },
  priorityTrainingNeeds: ['financial-management', 'monitoring-and-evaluation', 'fundraising'],
  consent: { processing: true, sharingWithPartners: [], followUpContact: true },
};

/** Version 1: an optional `association.partnerId`, recorded as a fact but deciding nothing. */
export const associationCapacityAssessmentV1 = defineForm({
  ...common,
  version: 1,
  // Instrument 1: superseded by version 3 (instrument 2); its cases stay readable, no new one opens.
  retired: true,
  schema: withRules(shapeV1, rules),
  // The same assessment, as version 1 carried it: with the association's partner id in the body.
  examples: [{ ...v2Example, association: { ...v2Example.association, partnerId: 'association-tadamoun-oujda' } }],
});

/** Version 2: no partner field; the association is the authenticated partner caller's, or none. */
export const associationCapacityAssessment = defineForm({
  ...common,
  version: 2,
  retired: true,
  schema: withRules(shapeV2, rules),
  examples: [v2Example],
});

// --- Version 3: instrument 2 ----------------------------------------------------------------------

const shapeV3 = shapeV2
  .extend({
    scores: labelled(
      scoresSchema(2, labelled),
      L(
        'Auto-évaluation : chaque sous-critère de 1 (naissant) à 4 (mature)',
        'التقييم الذاتي: كل معيار فرعي من 1 (ناشئ) إلى 4 (ناضج)',
        'Self-assessment: each sub-item from 1 (nascent) to 4 (mature)',
      ),
    ),
  })
  .strict();

type AssessmentV3 = z.output<typeof shapeV3>;

const v3Common = {
  ...common,
  split(s: AssessmentV3): SubmissionSplit {
    const byDomain = domainScores(2, s.scores);
    const base = common.split(s as unknown as Assessment);
    // Instrument 1's score facts do not apply: instrument 2's take their place.
    const facts = Object.fromEntries(Object.entries(base.facts).filter(([key]) => !key.startsWith('score')));
    return {
      ...base,
      facts: {
        ...facts,
        instrumentVersion: INSTRUMENT_2.version,
        capacityItemScores: structuredClone(s.scores),
        capacityDomainScores: byDomain,
        capacityOverallScore: overallScore(byDomain),
      },
    };
  },
};

const v3Example: z.input<typeof shapeV3> = {
  ...v2Example,
  assessmentDate: '2026-11-20',
  scores: {
    governance: { visionMission: 3, legalStatus: 4, board: 2, organisationalStructure: 2 },
    financialManagement: { accountingSystem: 2, budgeting: 2, internalControl: 1, auditReporting: 1 },
    administrationProcurement: { policiesProcedures: 2, procurement: 1, assetManagement: 2 },
    humanResources: { jobDescriptions: 2, recruitmentRetention: 3, personnelPolicies: 1, performanceDevelopment: 1 },
    programmeManagement: { programmeDesign: 3, workPlanning: 2, stakeholderInvolvement: 3 },
    performanceManagement: { monitoringPlan: 1, dataQuality: 2, reporting: 2, learning: 1 },
    sustainability: { resourceMobilisation: 1, externalRelations: 3, advocacy: 2 },
  },
};

/**
 * Version 3: the same association block, focal person and needs as version 2, scored on instrument 2
 * (seven domains, sub-items 1 to 4). Versions 1 and 2 stay accepted and readable on instrument 1.
 */
export const associationCapacityAssessmentV3 = defineForm({
  ...v3Common,
  version: 3,
  schema: withRules(shapeV3, rules as unknown as Rule<AssessmentV3>[]),
  examples: [v3Example],
});
