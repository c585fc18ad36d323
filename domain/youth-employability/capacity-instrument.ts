// The versioned organisational capacity instrument of partner associations. An assessment and its
// reassessment are compared only on the same instrument version (like with like).
//   instrument 1  the five domains scored 1 (to be built) to 5 (strong) of the capacity form's
//                 versions 1 and 2 (no sub-items: a domain is scored as a whole)
//   instrument 2  the seven domains of the organisational capacity assessment (USAID's OCA, NuPITA
//                 version), each with 3 to 5 sub-items scored 1 (nascent) to 4 (mature); a domain's
//                 score is the mean of its sub-items, to one decimal (form version 3)
// A case's instrument is its facts' `instrumentVersion` (absent: 1, the submissions made before it existed).
import * as z from 'zod';
import type { Localized } from '../i18n/index.ts';

const L = (fr: string, ar: string, en: string): Localized => ({ fr, ar, en });

export type InstrumentVersion = 1 | 2;
export const INSTRUMENT_VERSIONS = [1, 2] as const;

export interface InstrumentSubItem {
  item: string;
  label: Localized;
  /** One line saying what is looked at. */
  descriptor: Localized;
}

export interface InstrumentDomain {
  domain: string;
  label: Localized;
  /** Empty on instrument 1: the domain is scored as a whole. */
  subItems: InstrumentSubItem[];
}

export interface CapacityInstrument {
  version: InstrumentVersion;
  title: Localized;
  scale: { min: number; max: number };
  /** What each score means, from `min` up. */
  levels: Localized[];
  domains: InstrumentDomain[];
}

const sub = (item: string, label: Localized, descriptor: Localized): InstrumentSubItem => ({ item, label, descriptor });

export const INSTRUMENT_1: CapacityInstrument = {
  version: 1,
  title: L('Auto-évaluation en cinq domaines', 'تقييم ذاتي في خمسة مجالات', 'Five-domain self-assessment'),
  scale: { min: 1, max: 5 },
  levels: [
    L('À construire', 'في طور البناء', 'To be built'),
    L('Faible', 'ضعيف', 'Weak'),
    L('Moyen', 'متوسط', 'Fair'),
    L('Bon', 'جيد', 'Good'),
    L('Solide', 'متين', 'Strong'),
  ],
  domains: [
    { domain: 'governance', label: L('Gouvernance', 'الحكامة', 'Governance'), subItems: [] },
    { domain: 'financialManagement', label: L('Gestion financière', 'التدبير المالي', 'Financial management'), subItems: [] },
    { domain: 'projectManagement', label: L('Gestion de projet', 'تدبير المشاريع', 'Project management'), subItems: [] },
    { domain: 'monitoringEvaluation', label: L('Suivi et évaluation', 'التتبع والتقييم', 'Monitoring and evaluation'), subItems: [] },
    { domain: 'partnerships', label: L('Partenariats', 'الشراكات', 'Partnerships'), subItems: [] },
  ],
};

export const INSTRUMENT_2: CapacityInstrument = {
  version: 2,
  title: L(
    'Évaluation des capacités organisationnelles (OCA, sept domaines)',
    'تقييم القدرات التنظيمية (سبعة مجالات)',
    'Organisational capacity assessment (OCA, seven domains)',
  ),
  scale: { min: 1, max: 4 },
  levels: [
    L('Naissant : la pratique n’existe pas encore', 'ناشئ: الممارسة غير موجودة بعد', 'Nascent: the practice does not exist yet'),
    L('Émergent : la pratique existe en partie', 'في طور الظهور: الممارسة موجودة جزئيا', 'Emerging: the practice partly exists'),
    L(
      'En expansion : la pratique existe et est appliquée le plus souvent',
      'في طور التوسع: الممارسة موجودة ومطبقة في أغلب الأحيان',
      'Expanding: the practice exists and is mostly applied',
    ),
    L(
      'Mature : la pratique est établie, appliquée et revue',
      'ناضج: الممارسة راسخة ومطبقة وتتم مراجعتها',
      'Mature: the practice is established, applied and reviewed',
    ),
  ],
  domains: [
    {
      domain: 'governance',
      label: L('Gouvernance et statut juridique', 'الحكامة والوضع القانوني', 'Governance and legal structure'),
      subItems: [
        sub(
          'visionMission',
          L('Vision et mission', 'الرؤية والرسالة', 'Vision and mission'),
          L(
            'Une mission écrite, connue et qui guide les choix.',
            'رسالة مكتوبة ومعروفة توجه الاختيارات.',
            'A written mission, known and guiding choices.',
          ),
        ),
        sub(
          'legalStatus',
          L('Statut juridique', 'الوضع القانوني', 'Legal status'),
          L(
            'Enregistrement à jour et obligations légales respectées.',
            'تسجيل محين واحترام الالتزامات القانونية.',
            'Registration up to date and legal duties met.',
          ),
        ),
        sub(
          'board',
          L('Conseil d’administration', 'مجلس الإدارة', 'Board'),
          L(
            'Un bureau qui se réunit, décide et contrôle la direction.',
            'مكتب يجتمع ويقرر ويراقب الإدارة.',
            'A board that meets, decides and oversees management.',
          ),
        ),
        sub(
          'organisationalStructure',
          L('Structure organisationnelle', 'الهيكل التنظيمي', 'Organisational structure'),
          L('Rôles et lignes de responsabilité clairs.', 'أدوار وخطوط مسؤولية واضحة.', 'Clear roles and lines of responsibility.'),
        ),
      ],
    },
    {
      domain: 'financialManagement',
      label: L('Gestion financière et contrôle interne', 'التدبير المالي والمراقبة الداخلية', 'Financial management and internal control'),
      subItems: [
        sub(
          'accountingSystem',
          L('Système comptable', 'النظام المحاسبي', 'Accounting system'),
          L('Une comptabilité tenue à jour selon les normes.', 'محاسبة ممسوكة ومحينة وفق المعايير.', 'Books kept up to date to standard.'),
        ),
        sub(
          'budgeting',
          L('Budgétisation', 'إعداد الميزانية', 'Budgeting'),
          L('Des budgets préparés, suivis et révisés.', 'ميزانيات تُعد وتُتابع وتُراجع.', 'Budgets prepared, tracked and revised.'),
        ),
        sub(
          'internalControl',
          L('Contrôle interne', 'المراقبة الداخلية', 'Internal control'),
          L('Séparation des tâches et double signature.', 'فصل المهام والتوقيع المزدوج.', 'Segregation of duties and dual signatures.'),
        ),
        sub(
          'auditReporting',
          L('Audit et rapports financiers', 'التدقيق والتقارير المالية', 'Audit and financial reporting'),
          L(
            'Rapports fiables et audit externe régulier.',
            'تقارير موثوقة وتدقيق خارجي منتظم.',
            'Reliable reports and a regular external audit.',
          ),
        ),
      ],
    },
    {
      domain: 'administrationProcurement',
      label: L('Administration et achats', 'الإدارة والمشتريات', 'Administration and procurement'),
      subItems: [
        sub(
          'policiesProcedures',
          L('Procédures administratives', 'المساطر الإدارية', 'Administrative procedures'),
          L('Un manuel de procédures appliqué.', 'دليل مساطر مطبق.', 'A procedures manual that is followed.'),
        ),
        sub(
          'procurement',
          L('Achats', 'المشتريات', 'Procurement'),
          L('Mise en concurrence et pièces justificatives.', 'المنافسة والوثائق المثبتة.', 'Competitive quotes and supporting documents.'),
        ),
        sub(
          'assetManagement',
          L('Gestion des biens', 'تدبير الممتلكات', 'Asset management'),
          L('Un inventaire des biens tenu à jour.', 'جرد محين للممتلكات.', 'An up-to-date inventory of assets.'),
        ),
      ],
    },
    {
      domain: 'humanResources',
      label: L('Ressources humaines', 'الموارد البشرية', 'Human resources'),
      subItems: [
        sub(
          'jobDescriptions',
          L('Fiches de poste', 'بطاقات الوظائف', 'Job descriptions'),
          L('Chaque poste a sa fiche à jour.', 'لكل منصب بطاقة محينة.', 'Every position has an up-to-date description.'),
        ),
        sub(
          'recruitmentRetention',
          L('Recrutement et fidélisation', 'التوظيف والاحتفاظ', 'Recruitment and retention'),
          L('Recrutement transparent, équipe stable.', 'توظيف شفاف وفريق مستقر.', 'Transparent recruitment, a stable team.'),
        ),
        sub(
          'personnelPolicies',
          L('Politiques du personnel', 'سياسات المستخدمين', 'Personnel policies'),
          L(
            'Règlement intérieur et politique de protection connus.',
            'نظام داخلي وسياسة حماية معروفان.',
            'Staff rules and a safeguarding policy known to all.',
          ),
        ),
        sub(
          'performanceDevelopment',
          L('Évaluation et formation du personnel', 'تقييم وتكوين المستخدمين', 'Staff appraisal and development'),
          L('Entretiens annuels et plan de formation.', 'مقابلات سنوية ومخطط تكوين.', 'Yearly appraisals and a training plan.'),
        ),
      ],
    },
    {
      domain: 'programmeManagement',
      label: L('Gestion des programmes', 'تدبير البرامج', 'Programme management'),
      subItems: [
        sub(
          'programmeDesign',
          L('Conception des projets', 'تصميم المشاريع', 'Programme design'),
          L('Des projets fondés sur les besoins constatés.', 'مشاريع مبنية على الحاجيات المرصودة.', 'Projects built on the needs found.'),
        ),
        sub(
          'workPlanning',
          L('Plans de travail', 'مخططات العمل', 'Work planning'),
          L('Des plans de travail suivis et mis à jour.', 'مخططات عمل متتبعة ومحينة.', 'Work plans followed and updated.'),
        ),
        sub(
          'stakeholderInvolvement',
          L('Participation des bénéficiaires', 'مشاركة المستفيدين', 'Stakeholder involvement'),
          L('Les jeunes et la communauté sont consultés.', 'يُستشار الشباب والساكنة.', 'Youth and the community are consulted.'),
        ),
      ],
    },
    {
      domain: 'performanceManagement',
      label: L('Gestion de la performance des projets', 'تدبير أداء المشاريع', 'Project performance management'),
      subItems: [
        sub(
          'monitoringPlan',
          L('Plan de suivi et évaluation', 'مخطط التتبع والتقييم', 'Monitoring and evaluation plan'),
          L('Indicateurs, cibles et sources définis.', 'مؤشرات وأهداف ومصادر محددة.', 'Indicators, targets and sources defined.'),
        ),
        sub(
          'dataQuality',
          L('Qualité des données', 'جودة المعطيات', 'Data quality'),
          L('Données collectées, vérifiées et rangées.', 'معطيات مجمعة ومدققة ومرتبة.', 'Data collected, checked and filed.'),
        ),
        sub(
          'reporting',
          L('Rapports', 'التقارير', 'Reporting'),
          L('Rapports d’activité remis à temps.', 'تقارير النشاط تُسلم في وقتها.', 'Activity reports delivered on time.'),
        ),
        sub(
          'learning',
          L('Apprentissage', 'التعلم', 'Learning'),
          L('Les résultats servent à ajuster les projets.', 'تُستعمل النتائج لتعديل المشاريع.', 'Results are used to adjust projects.'),
        ),
      ],
    },
    {
      domain: 'sustainability',
      label: L(
        'Pérennité (mobilisation de ressources, relations extérieures, plaidoyer)',
        'الاستدامة (تعبئة الموارد، العلاقات الخارجية، الترافع)',
        'Organisational sustainability (resource mobilisation, external relations, advocacy)',
      ),
      subItems: [
        sub(
          'resourceMobilisation',
          L('Mobilisation de ressources', 'تعبئة الموارد', 'Resource mobilisation'),
          L('Plusieurs sources de financement.', 'مصادر تمويل متعددة.', 'Several sources of funding.'),
        ),
        sub(
          'externalRelations',
          L('Relations extérieures', 'العلاقات الخارجية', 'External relations'),
          L('Partenariats et réseaux actifs.', 'شراكات وشبكات نشطة.', 'Active partnerships and networks.'),
        ),
        sub(
          'advocacy',
          L('Plaidoyer', 'الترافع', 'Advocacy'),
          L(
            'Porte la voix des jeunes auprès des autorités.',
            'يحمل صوت الشباب لدى السلطات.',
            'Carries the voice of youth to the authorities.',
          ),
        ),
      ],
    },
  ],
};

export const CAPACITY_INSTRUMENTS: Record<InstrumentVersion, CapacityInstrument> = { 1: INSTRUMENT_1, 2: INSTRUMENT_2 };

/** Which instrument each version of the `association-capacity-assessment` form is on. */
export const INSTRUMENT_OF_FORM_VERSION: Readonly<Record<number, InstrumentVersion>> = { 1: 1, 2: 1, 3: 2 };

/** Every domain of every instrument: what a plan's action or an activity may be about (checked against the case's instrument). */
export const CAPACITY_DOMAINS = [
  'governance',
  'financialManagement',
  'projectManagement',
  'monitoringEvaluation',
  'partnerships',
  'administrationProcurement',
  'humanResources',
  'programmeManagement',
  'performanceManagement',
  'sustainability',
] as const;
export type CapacityDomain = (typeof CAPACITY_DOMAINS)[number];

export function isInstrumentVersion(value: unknown): value is InstrumentVersion {
  return value === 1 || value === 2;
}

/** A case's instrument: its facts' `instrumentVersion`, absent on the submissions made before there was one (1). */
export function instrumentVersionOf(facts: Record<string, unknown>): InstrumentVersion {
  return isInstrumentVersion(facts.instrumentVersion) ? facts.instrumentVersion : 1;
}

export function domainsOf(version: InstrumentVersion): string[] {
  return CAPACITY_INSTRUMENTS[version].domains.map((d) => d.domain);
}

/** The mean, to one decimal. */
export function mean1(values: readonly number[]): number {
  return Math.round((values.reduce((a, b) => a + b, 0) / values.length) * 10) / 10;
}

/** One score of an instrument's scale (labels for the form's JSON Schema). */
export function scoreSchema(instrument: CapacityInstrument) {
  return z.int().min(instrument.scale.min).max(instrument.scale.max);
}

/**
 * The scores an assessment on this instrument gives: instrument 1, a score per domain; instrument 2,
 * per domain an object of a score per sub-item. `decorate` labels each field (the form's JSON Schema).
 */
export function scoresSchema(
  version: InstrumentVersion,
  decorate: <T extends z.ZodType>(schema: T, label: Localized, help?: Localized) => T = (schema) => schema,
) {
  const instrument = CAPACITY_INSTRUMENTS[version];
  const help = L(
    `De ${instrument.scale.min} (${instrument.levels[0]!.fr}) à ${instrument.scale.max} (${instrument.levels.at(-1)!.fr}).`,
    `من ${instrument.scale.min} (${instrument.levels[0]!.ar}) إلى ${instrument.scale.max} (${instrument.levels.at(-1)!.ar}).`,
    `From ${instrument.scale.min} (${instrument.levels[0]!.en}) to ${instrument.scale.max} (${instrument.levels.at(-1)!.en}).`,
  );
  return z.strictObject(
    Object.fromEntries(
      instrument.domains.map((d) => [
        d.domain,
        d.subItems.length === 0
          ? decorate(scoreSchema(instrument), d.label, help)
          : decorate(
              z.strictObject(Object.fromEntries(d.subItems.map((s) => [s.item, decorate(scoreSchema(instrument), s.label, s.descriptor)]))),
              d.label,
            ),
      ]),
    ),
  );
}

export type Scores = Record<string, number | Record<string, number>>;

/** Per domain: its score (instrument 1) or the mean of its sub-items (instrument 2), to one decimal. */
export function domainScores(version: InstrumentVersion, scores: Scores): Record<string, number> {
  return Object.fromEntries(
    CAPACITY_INSTRUMENTS[version].domains.map((d) => {
      const value = scores[d.domain];
      return [d.domain, typeof value === 'number' ? value : mean1(d.subItems.map((s) => value?.[s.item] ?? 0))];
    }),
  );
}

/** The overall score: the mean of the domains' scores, to one decimal. */
export function overallScore(byDomain: Record<string, number>): number {
  return mean1(Object.values(byDomain));
}

/** Instrument 1's scores as the capacity form's versions 1 and 2 split them into facts. */
const V1_FACTS: Record<string, string> = {
  governance: 'scoreGovernance',
  financialManagement: 'scoreFinancialManagement',
  projectManagement: 'scoreProjectManagement',
  monitoringEvaluation: 'scoreMonitoringEvaluation',
  partnerships: 'scorePartnerships',
};

/** The first assessment's score per domain, read from the case's facts (either instrument). */
export function baselineOf(facts: Record<string, unknown>): { instrumentVersion: InstrumentVersion; domainScores: Record<string, number> } {
  const instrumentVersion = instrumentVersionOf(facts);
  if (instrumentVersion === 2) return { instrumentVersion, domainScores: { ...(facts.capacityDomainScores as Record<string, number>) } };
  return {
    instrumentVersion,
    domainScores: Object.fromEntries(Object.entries(V1_FACTS).map(([domain, fact]) => [domain, Number(facts[fact])])),
  };
}

export interface DomainComparison {
  domain: string;
  baseline: number;
  reassessment: number;
  change: number;
}

/** The baseline and the reassessment side by side, with the change, per domain of the instrument. */
export function compareScores(
  version: InstrumentVersion,
  baseline: Record<string, number>,
  reassessment: Record<string, number>,
): DomainComparison[] {
  return domainsOf(version).map((domain) => ({
    domain,
    baseline: baseline[domain]!,
    reassessment: reassessment[domain]!,
    change: Math.round((reassessment[domain]! - baseline[domain]!) * 10) / 10,
  }));
}
