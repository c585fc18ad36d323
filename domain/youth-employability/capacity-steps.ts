// The human steps of an association's capacity building: the plan drawn from its assessment, the
// plan's approval by mission staff (four eyes against the plan's author), the trainings and coaching
// recorded month by month, and the reassessment on the same instrument as the first assessment.
// Free text stays in `description`, `owner`, `reason` and `notes` (kept on the task item, never in
// the workflow: domain/tasks/complete-task.ts withoutFreeText).
import * as z from 'zod';
import type { Language, Localized } from '../i18n/index.ts';
import { missionDate } from '../calendar.ts';
import { labelled } from '../forms/fields.ts';
import type { ContextIssue, StepDefinition } from '../tasks/step-definition.ts';
import { TRAINING_NEEDS } from '../forms/association-capacity-assessment.ts';
import {
  CAPACITY_DOMAINS,
  CAPACITY_INSTRUMENTS,
  domainsOf,
  INSTRUMENT_VERSIONS,
  isInstrumentVersion,
  scoresSchema,
  type InstrumentVersion,
} from './capacity-instrument.ts';

const t = (fr: string, ar: string, en: string): Localized => ({ fr, ar, en });
const notes = labelled(z.string().trim().min(1).max(2000).optional(), t('Notes', 'ملاحظات', 'Notes'));
const isoDate = z.iso.date();
const dated = (label: Localized) => labelled(isoDate, label);
const shortText = (max: number) => z.string().trim().min(1).max(max);
const domainField = labelled(z.enum(CAPACITY_DOMAINS), t('Domaine de capacité', 'مجال القدرات', 'Capacity domain'));

/** A plan's actions are due at most this many months after the plan is drafted. */
export const MAX_PLAN_MONTHS = 18;
export const REASSESSMENT_MONTHS = { min: 3, max: 9, default: 6 } as const;
export const ACTIVITY_KINDS = ['training', 'coaching'] as const;

// --- plan ----------------------------------------------------------------------------------------

const planAction = z.strictObject({
  domain: domainField,
  /** What will be done (free text: stays on the task). */
  description: labelled(shortText(200), t('Action', 'الإجراء', 'Action')),
  /** Who in the association carries it: a position, not a person's name (free text: stays on the task). */
  owner: labelled(
    shortText(100),
    t('Responsable (fonction)', 'المسؤول (المهمة)', 'Owner (position)'),
    t(
      'Une fonction dans l’association, pas le nom d’une personne.',
      'مهمة داخل الجمعية، وليس اسم شخص.',
      'A position in the association, not a person’s name.',
    ),
  ),
  dueDate: dated(t('Échéance', 'الأجل', 'Due date')),
});

const capacityPlan = z.discriminatedUnion('outcome', [
  z.strictObject({
    outcome: z.literal('proposed'),
    actions: labelled(z.array(planAction).min(1).max(30), t('Actions du plan', 'إجراءات المخطط', 'Actions of the plan')),
    notes,
  }),
]);

const planApproval = z.discriminatedUnion('outcome', [
  z.strictObject({
    outcome: z.literal('approved'),
    reassessmentAfterMonths: labelled(
      z.int().min(REASSESSMENT_MONTHS.min).max(REASSESSMENT_MONTHS.max),
      t('Réévaluation après (mois)', 'إعادة التقييم بعد (أشهر)', 'Reassessment after (months)'),
    ).default(REASSESSMENT_MONTHS.default),
    notes,
  }),
  z.strictObject({
    outcome: z.literal('changes-requested'),
    reason: labelled(shortText(2000), t('Modifications demandées', 'التعديلات المطلوبة', 'Changes requested')),
  }),
]);

// --- activities ----------------------------------------------------------------------------------

const activity = z.strictObject({
  kind: labelled(z.enum(ACTIVITY_KINDS), t("Type d'activité", 'نوع النشاط', 'Kind of activity')),
  domain: domainField,
  /** A training-need code; `other` with a short title in `description`. */
  topic: labelled(z.enum(TRAINING_NEEDS), t('Thème', 'الموضوع', 'Topic')),
  description: labelled(shortText(200).optional(), t("Titre de l'activité", 'عنوان النشاط', 'Title of the activity')),
  date: dated(t("Date de l'activité", 'تاريخ النشاط', 'Date of the activity')),
  hours: labelled(z.number().positive().max(200).multipleOf(0.5), t('Heures', 'الساعات', 'Hours')),
  participants: labelled(z.int().min(1).max(200), t('Participants', 'المشاركون', 'Participants')),
});

const capacityActivity = z.discriminatedUnion('outcome', [
  z.strictObject({
    outcome: z.literal('recorded'),
    activities: labelled(z.array(activity).min(1).max(20), t('Activités du mois', 'أنشطة الشهر', "The month's activities")),
    notes,
  }),
  z.strictObject({ outcome: z.literal('none'), notes }),
]);

// --- reassessment --------------------------------------------------------------------------------

const reassessment = z.discriminatedUnion('outcome', [
  z
    .strictObject({
      outcome: z.literal('reassessed'),
      instrumentVersion: labelled(
        z.union(INSTRUMENT_VERSIONS.map((v) => z.literal(v))),
        t("Version de l'instrument", 'إصدار الأداة', 'Instrument version'),
      ),
      assessmentDate: dated(t('Date de la réévaluation', 'تاريخ إعادة التقييم', 'Date of the reassessment')),
      /** As the instrument of `instrumentVersion` scores them (checked below). */
      scores: labelled(z.record(z.string(), z.unknown()), t('Notes par domaine', 'التنقيط حسب المجال', 'Scores by domain')),
      notes,
    })
    .superRefine((value, ctx) => {
      if (!isInstrumentVersion(value.instrumentVersion)) return;
      const parsed = scoresSchema(value.instrumentVersion).safeParse(value.scores);
      if (parsed.success) return;
      for (const issue of parsed.error.issues) ctx.addIssue({ ...issue, path: ['scores', ...issue.path] });
    }),
]);

// --- rules needing the task's context or the clock ------------------------------------------------

/** `months` calendar months after `date` (YYYY-MM-DD); the 31st of a shorter month is its last day. */
export function addMonths(date: string, months: number): string {
  const [year, month, dayOfMonth] = date.split('-').map(Number) as [number, number, number];
  const lastDay = new Date(Date.UTC(year, month - 1 + months + 1, 0)).getUTCDate();
  return new Date(Date.UTC(year, month - 1 + months, Math.min(dayOfMonth, lastDay))).toISOString().slice(0, 10);
}

function instrumentOf(context: Record<string, unknown>): InstrumentVersion {
  return isInstrumentVersion(context.instrumentVersion) ? context.instrumentVersion : 1;
}

/** A domain's name in a language: as this instrument names it, else as the other instrument does (the code if none). */
function domainName(domain: string, version: InstrumentVersion, language: Language): string {
  const named =
    CAPACITY_INSTRUMENTS[version].domains.find((d) => d.domain === domain) ??
    INSTRUMENT_VERSIONS.flatMap((v) => CAPACITY_INSTRUMENTS[v].domains).find((d) => d.domain === domain);
  return named ? named.label[language] : domain;
}

function domainIssues(items: { domain: string }[], field: string, context: Record<string, unknown>): ContextIssue[] {
  const version = instrumentOf(context);
  const domains = domainsOf(version);
  const names = (language: Language) => domains.map((d) => domainName(d, version, language)).join(language === 'ar' ? '، ' : ', ');
  return items.flatMap((item, index) =>
    domains.includes(item.domain)
      ? []
      : [
          {
            path: [field, index, 'domain'],
            code: 'domain_not_in_instrument',
            message: t(
              `Le domaine « ${domainName(item.domain, version, 'fr')} » ne fait pas partie de l'instrument ${version} de cette évaluation (${names('fr')}).`,
              `المجال «${domainName(item.domain, version, 'ar')}» ليس من مجالات الأداة ${version} لهذا التقييم (${names('ar')}).`,
              `The domain "${domainName(item.domain, version, 'en')}" is not one of this assessment's instrument ${version} domains (${names('en')}).`,
            ),
          },
        ],
  );
}

const inFuture = (path: (string | number)[], date: string, today: string): ContextIssue => ({
  path,
  code: 'date_in_future',
  message: t(
    `La date ${date} est dans le futur (aujourd'hui : ${today}).`,
    `التاريخ ${date} في المستقبل (اليوم: ${today}).`,
    `The date ${date} is in the future (today is ${today}).`,
  ),
});

const beforeApproval = (path: (string | number)[], date: string, approvedOn: string): ContextIssue => ({
  path,
  code: 'before_plan_approval',
  message: t(
    `La date ${date} précède l'approbation du plan de renforcement (${approvedOn}).`,
    `التاريخ ${date} سابق للموافقة على مخطط تعزيز القدرات (${approvedOn}).`,
    `The date ${date} is before the capacity plan was approved (${approvedOn}).`,
  ),
});

function checkPlan(decision: Record<string, unknown>, context: Record<string, unknown>, now: Date): ContextIssue[] {
  const actions = (decision.actions ?? []) as { domain: string; dueDate: string }[];
  const assessedOn = typeof context.assessmentDate === 'string' ? context.assessmentDate : undefined;
  const latest = addMonths(missionDate(now), MAX_PLAN_MONTHS);
  return [
    ...domainIssues(actions, 'actions', context),
    ...actions.flatMap((action, index): ContextIssue[] => {
      if (assessedOn && action.dueDate < assessedOn)
        return [
          {
            path: ['actions', index, 'dueDate'],
            code: 'due_before_assessment',
            message: t(
              `L'échéance ${action.dueDate} précède l'évaluation (${assessedOn}).`,
              `الأجل ${action.dueDate} سابق لتاريخ التقييم (${assessedOn}).`,
              `The due date ${action.dueDate} is before the assessment (${assessedOn}).`,
            ),
          },
        ];
      if (action.dueDate > latest)
        return [
          {
            path: ['actions', index, 'dueDate'],
            code: 'due_too_late',
            message: t(
              `L'échéance ${action.dueDate} dépasse ${MAX_PLAN_MONTHS} mois (au plus tard le ${latest}).`,
              `الأجل ${action.dueDate} يتجاوز ${MAX_PLAN_MONTHS} شهرا (في أقصى تقدير ${latest}).`,
              `The due date ${action.dueDate} is more than ${MAX_PLAN_MONTHS} months away (${latest} at the latest).`,
            ),
          },
        ];
      return [];
    }),
  ];
}

function checkActivities(decision: Record<string, unknown>, context: Record<string, unknown>, now: Date): ContextIssue[] {
  if (decision.outcome !== 'recorded') return [];
  const activities = (decision.activities ?? []) as { domain: string; topic: string; description?: string; date: string }[];
  const approvedOn = typeof context.approvedOn === 'string' ? context.approvedOn : undefined;
  const today = missionDate(now);
  return [
    ...domainIssues(activities, 'activities', context),
    ...activities.flatMap((a, index): ContextIssue[] => [
      ...(a.topic === 'other' && !a.description
        ? [
            {
              path: ['activities', index, 'description'],
              code: 'details_required',
              message: t(
                'Donnez un titre court à une activité sur un autre thème.',
                'أعط عنوانا قصيرا لنشاط حول موضوع آخر.',
                'Give a short title to an activity on another topic.',
              ),
            },
          ]
        : []),
      ...(a.date > today ? [inFuture(['activities', index, 'date'], a.date, today)] : []),
      ...(approvedOn && a.date < approvedOn ? [beforeApproval(['activities', index, 'date'], a.date, approvedOn)] : []),
    ]),
  ];
}

function checkReassessment(decision: Record<string, unknown>, context: Record<string, unknown>, now: Date): ContextIssue[] {
  const expected = instrumentOf(context);
  const given = decision.instrumentVersion as InstrumentVersion;
  const date = String(decision.assessmentDate);
  const approvedOn = typeof context.approvedOn === 'string' ? context.approvedOn : undefined;
  const today = missionDate(now);
  const title = (v: InstrumentVersion) => CAPACITY_INSTRUMENTS[v].title;
  return [
    ...(given !== expected
      ? [
          {
            path: ['instrumentVersion'],
            code: 'instrument_mismatch',
            message: t(
              `La première évaluation a été faite avec l'instrument ${expected} (${title(expected).fr}) : la réévaluation doit utiliser le même instrument pour comparer ce qui est comparable, pas l'instrument ${given}.`,
              `أُجري التقييم الأول بالأداة ${expected} (${title(expected).ar}): يجب أن تستعمل إعادة التقييم الأداة نفسها لمقارنة ما هو قابل للمقارنة، وليس الأداة ${given}.`,
              `The first assessment used instrument ${expected} (${title(expected).en}): the reassessment must use the same instrument, to compare like with like, not instrument ${given}.`,
            ),
          },
        ]
      : []),
    ...(date > today ? [inFuture(['assessmentDate'], date, today)] : []),
    ...(approvedOn && date < approvedOn ? [beforeApproval(['assessmentDate'], date, approvedOn)] : []),
  ];
}

// --- the steps -----------------------------------------------------------------------------------

export const capacitySteps: StepDefinition[] = [
  {
    step: 'capacity-plan',
    title: t('Plan de renforcement des capacités', 'مخطط تعزيز القدرات', 'Capacity-building plan'),
    roles: ['caseworker', 'partner'],
    dueInDays: 30,
    decision: capacityPlan,
    examples: [
      {
        outcome: 'proposed',
        actions: [
          {
            domain: 'financialManagement',
            description: 'Adopter un manuel de procédures financières',
            owner: 'Trésorier',
            dueDate: '2027-03-31',
          },
          {
            domain: 'performanceManagement',
            description: 'Rédiger un plan de suivi avec des indicateurs',
            owner: 'Coordinatrice de projets',
            dueDate: '2027-05-31',
          },
          { domain: 'sustainability', description: 'Déposer deux demandes de financement', owner: 'Président', dueDate: '2027-06-30' },
        ],
      },
    ],
    checkInContext: checkPlan,
  },
  {
    step: 'capacity-plan-approval',
    title: t('Approbation du plan de renforcement', 'الموافقة على مخطط تعزيز القدرات', 'Capacity-building plan approval'),
    roles: ['caseworker', 'supervisor'],
    dueInDays: 7,
    decision: planApproval,
    fourEyesAgainst: ['capacity-plan'],
    // The approver is given the plan in full with the approval (`context.planTaskId`).
    showsTaskOf: 'planTaskId',
    examples: [
      { outcome: 'approved', reassessmentAfterMonths: 6 },
      { outcome: 'changes-requested', reason: 'Ajouter une action sur les ressources humaines.' },
    ],
  },
  {
    step: 'capacity-activity',
    title: t('Formations et accompagnement du mois', 'تكوينات ومواكبة الشهر', "The month's trainings and coaching"),
    roles: ['caseworker', 'partner'],
    dueInDays: 10,
    decision: capacityActivity,
    examples: [
      {
        outcome: 'recorded',
        activities: [
          { kind: 'training', domain: 'financialManagement', topic: 'financial-management', date: '2026-12-10', hours: 6, participants: 3 },
          {
            kind: 'coaching',
            domain: 'performanceManagement',
            topic: 'other',
            description: 'Indicateurs du projet jeunesse',
            date: '2026-12-18',
            hours: 2,
            participants: 2,
          },
        ],
      },
      { outcome: 'none', notes: 'Session reportée en janvier.' },
    ],
    checkInContext: checkActivities,
  },
  {
    step: 'capacity-reassessment',
    title: t('Réévaluation des capacités', 'إعادة تقييم القدرات', 'Capacity reassessment'),
    roles: ['caseworker', 'partner'],
    dueInDays: 30,
    decision: reassessment,
    examples: [
      {
        outcome: 'reassessed',
        instrumentVersion: 2,
        assessmentDate: '2027-06-05',
        scores: {
          governance: { visionMission: 3, legalStatus: 4, board: 3, organisationalStructure: 3 },
          financialManagement: { accountingSystem: 3, budgeting: 3, internalControl: 2, auditReporting: 2 },
          administrationProcurement: { policiesProcedures: 3, procurement: 2, assetManagement: 2 },
          humanResources: { jobDescriptions: 3, recruitmentRetention: 3, personnelPolicies: 2, performanceDevelopment: 2 },
          programmeManagement: { programmeDesign: 3, workPlanning: 3, stakeholderInvolvement: 3 },
          performanceManagement: { monitoringPlan: 3, dataQuality: 2, reporting: 3, learning: 2 },
          sustainability: { resourceMobilisation: 2, externalRelations: 3, advocacy: 2 },
        },
      },
    ],
    checkInContext: checkReassessment,
  },
];
