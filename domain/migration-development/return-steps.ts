// The human steps of a qualified national's return (case type `skilled-return`, phases `return` and
// `return-follow-up`): eligibility (more information asked a bounded number of times), the
// opportunity (a job offer from a need matched to this returnee, the returnee's own business project,
// or none), the reintegration plan within the ceiling of its support kind and its approval by a
// supervisor who did not write it, the return itself, and the follow-ups at about 3 and 12 months.
// Free text only in `notes` (it stays on the task item); reasons and situations are codes.
import * as z from 'zod';
import type { Localized } from '../i18n/index.ts';
import { labelled, SECTORS } from '../forms/fields.ts';
import type { CaseRecord } from '../cases/model.ts';
import type { ContextIssue, StepDefinition, StepRefusal } from '../tasks/step-definition.ts';
import { missionDate } from '../calendar.ts';

const t = (fr: string, ar: string, en: string): Localized => ({ fr, ar, en });
const notes = labelled(z.string().trim().max(2000).optional(), t('Notes', 'ملاحظات', 'Notes'));

/** How many times eligibility may wait for more information from the applicant before it must be decided. */
export const MAX_RETURN_INFORMATION_REQUESTS = 1;
/** How many times a rejected plan goes back to be rewritten before the case closes. */
export const MAX_RETURN_PLAN_ROUNDS = 1;

/**
 * The reintegration budget's ceiling, in MAD, per kind of support: the one place it is written. The
 * workflow gives it to the plan's task in its context (`budgetCeilingMAD`), read from the recorded
 * opportunity (domain/migration-development/return-case-actions.ts).
 */
export const RETURN_BUDGET_CEILING_MAD = { 'job-offer': 30_000, 'business-project': 100_000 } as const;
export type ReturnSupportKind = keyof typeof RETURN_BUDGET_CEILING_MAD;

export const RETURN_INELIGIBILITY_REASONS = [
  'not-a-national',
  'qualification-not-recognised',
  'insufficient-experience',
  'already-returned',
  'duplicate-application',
  'other',
] as const;
export const RETURN_INFORMATION_REQUESTS = [
  'diploma-copies',
  'employment-certificates',
  'identity-document',
  'return-plans',
  'other',
] as const;
export const PROJECT_CATEGORIES = ['services', 'manufacturing', 'agriculture', 'trade', 'digital', 'health-practice', 'other'] as const;
/**
 * No opportunity: the case closes (`no-opportunity`, the reason's code in the history). The
 * reintegration budget is the support of a job or a project (its ceiling is per support kind): with
 * neither, there is nothing to plan; the applicant may apply again when one appears.
 */
export const NO_OPPORTUNITY_REASONS = [
  'no-matching-offer',
  'offers-declined',
  'return-postponed',
  'applicant-unreachable',
  'other',
] as const;
export const BUDGET_CATEGORIES = [
  'equipment',
  'premises',
  'training',
  'certification',
  'housing',
  'schooling',
  'transport',
  'working-capital',
] as const;
export const SUPPLIER_KINDS = ['company', 'training-institute', 'landlord', 'school', 'public-body', 'cooperative'] as const;
export const NOT_RETURNED_REASONS = ['return-cancelled', 'return-postponed', 'unreachable', 'other'] as const;
export const RETURN_SITUATIONS = [
  'in-post',
  'business-running',
  'job-seeking',
  'other-employment',
  'business-closed',
  'left-morocco',
  'other',
] as const;
export const INCOME_BANDS = ['none', 'under-5000', '5000-10000', '10000-20000', 'over-20000'] as const;

const mad = (label: Localized) => labelled(z.int().min(1).max(10_000_000), label);

const eligibility = z.discriminatedUnion('outcome', [
  z.strictObject({ outcome: z.literal('eligible'), notes }),
  z.strictObject({
    outcome: z.literal('not-eligible'),
    reasonCode: labelled(z.enum(RETURN_INELIGIBILITY_REASONS), t('Motif', 'السبب', 'Reason')),
    notes,
  }),
  z.strictObject({
    outcome: z.literal('information-requested'),
    requestCode: labelled(z.enum(RETURN_INFORMATION_REQUESTS), t('Information demandée', 'المعلومات المطلوبة', 'Information requested')),
    notes,
  }),
]);

const opportunity = z.discriminatedUnion('outcome', [
  z.strictObject({
    outcome: z.literal('job-offer'),
    needCaseId: labelled(z.uuid(), t("Besoin de l'institution (dossier)", 'حاجة المؤسسة (الملف)', "The institution's need (case)")),
    notes,
  }),
  z.strictObject({
    outcome: z.literal('business-project'),
    sector: labelled(z.enum(SECTORS), t('Secteur du projet', 'قطاع المشروع', "The project's sector")),
    projectCategory: labelled(z.enum(PROJECT_CATEGORIES), t('Catégorie du projet', 'فئة المشروع', 'Project category')),
    estimatedCostMAD: mad(t('Coût estimé (MAD)', 'التكلفة التقديرية (درهم)', 'Estimated cost (MAD)')),
    notes,
  }),
  z.strictObject({
    outcome: z.literal('no-opportunity'),
    reasonCode: labelled(z.enum(NO_OPPORTUNITY_REASONS), t('Motif', 'السبب', 'Reason')),
    notes,
  }),
]);

const budgetLine = labelled(
  z.strictObject({
    category: labelled(z.enum(BUDGET_CATEGORIES), t('Catégorie', 'الفئة', 'Category')),
    amountMAD: mad(t('Montant (MAD)', 'المبلغ (درهم)', 'Amount (MAD)')),
    supplierKind: labelled(z.enum(SUPPLIER_KINDS), t('Type de fournisseur', 'نوع المورد', 'Supplier kind')),
  }),
  t('Ligne budgétaire', 'بند الميزانية', 'Budget line'),
);

const plan = z.discriminatedUnion('outcome', [
  z.strictObject({
    outcome: z.literal('proposed'),
    lines: labelled(z.array(budgetLine).min(1).max(20), t('Lignes budgétaires', 'بنود الميزانية', 'Budget lines')),
    notes,
  }),
]);

const planApproval = z.discriminatedUnion('outcome', [
  z.strictObject({ outcome: z.literal('approved'), notes }),
  z.strictObject({ outcome: z.literal('rejected'), notes }),
]);

const arrival = z.discriminatedUnion('outcome', [
  z.strictObject({
    outcome: z.literal('returned'),
    returnedOn: labelled(z.iso.date(), t('Date du retour', 'تاريخ العودة', 'Date of return')),
    notes,
  }),
  z.strictObject({
    outcome: z.literal('not-returned'),
    reasonCode: labelled(z.enum(NOT_RETURNED_REASONS), t('Motif', 'السبب', 'Reason')),
    notes,
  }),
]);

const followUp = z.discriminatedUnion('outcome', [
  z.strictObject({
    outcome: z.literal('recorded'),
    situation: labelled(z.enum(RETURN_SITUATIONS), t('Situation', 'الوضعية', 'Situation')),
    monthlyIncomeBand: labelled(z.enum(INCOME_BANDS), t('Revenu mensuel (MAD)', 'الدخل الشهري (درهم)', 'Monthly income (MAD)')),
    jobsCreated: labelled(z.int().min(0).max(1000), t('Emplois créés', 'مناصب الشغل المحدثة', 'Jobs created')),
    satisfaction: labelled(z.int().min(1).max(5), t('Satisfaction (1 à 5)', 'الرضا (من 1 إلى 5)', 'Satisfaction (1 to 5)')),
    notes,
  }),
  z.strictObject({
    outcome: z.literal('unreachable'),
    attempts: labelled(z.int().min(1).max(20), t('Tentatives de contact', 'محاولات الاتصال', 'Contact attempts')),
    notes,
  }),
]);

/** The total of a plan's lines (also on a decision that failed its schema: only the valid amounts). */
export function planTotalMAD(decision: Record<string, unknown>): number {
  const lines: unknown[] = Array.isArray(decision.lines) ? decision.lines : [];
  return lines.reduce<number>((sum, line) => {
    const amount = (line as { amountMAD?: unknown } | null)?.amountMAD;
    return typeof amount === 'number' && Number.isFinite(amount) ? sum + amount : sum;
  }, 0);
}

/** Eligibility's context: `informationRequestsLeft`. None left: the request is refused. */
export function eligibilityIssues(decision: Record<string, unknown>, context: Record<string, unknown>): ContextIssue[] {
  return decision.outcome === 'information-requested' && context.informationRequestsLeft === 0
    ? [
        {
          path: ['outcome'],
          code: 'information_request_limit_reached',
          message: t(
            "Les informations ont déjà été demandées : décidez maintenant de l'éligibilité.",
            'سبق طلب المعلومات: يرجى البت في الأهلية الآن.',
            'Information has already been requested: decide eligibility now.',
          ),
        },
      ]
    : [];
}

/** The plan's context: `budgetCeilingMAD` (the support kind's ceiling). */
export function planIssues(decision: Record<string, unknown>, context: Record<string, unknown>): ContextIssue[] {
  const ceiling = Number(context.budgetCeilingMAD);
  const total = planTotalMAD(decision);
  return Number.isFinite(ceiling) && total > ceiling
    ? [
        {
          path: ['lines'],
          code: 'budget_exceeded',
          message: t(
            `Le total du plan (${total} MAD) dépasse le plafond de ${ceiling} MAD pour ce type de soutien.`,
            `مجموع الخطة (${total} درهم) يتجاوز السقف المحدد لهذا النوع من الدعم وهو ${ceiling} درهم.`,
            `The plan totals ${total} MAD, over this kind of support's ceiling of ${ceiling} MAD.`,
          ),
        },
      ]
    : [];
}

/** The return's date: not in the future (today in Morocco), not before the application (`context.appliedOn`). */
export function arrivalIssues(decision: Record<string, unknown>, context: Record<string, unknown>, now: Date): ContextIssue[] {
  const on = decision.returnedOn;
  if (decision.outcome !== 'returned' || typeof on !== 'string') return [];
  if (on > missionDate(now))
    return [
      {
        path: ['returnedOn'],
        code: 'date_in_future',
        message: t(
          'La date du retour ne peut pas être dans le futur.',
          'لا يمكن أن يكون تاريخ العودة في المستقبل.',
          'The date of return cannot be in the future.',
        ),
      },
    ];
  if (typeof context.appliedOn === 'string' && on < context.appliedOn)
    return [
      {
        path: ['returnedOn'],
        code: 'date_before_application',
        message: t(
          `La date du retour ne peut pas précéder la demande (${context.appliedOn}).`,
          `لا يمكن أن يسبق تاريخ العودة تاريخ الطلب (${context.appliedOn}).`,
          `The date of return cannot be before the application (${context.appliedOn}).`,
        ),
      },
    ];
  return [];
}

/**
 * A job offer names the need case it comes from: that need must have been matched to this returnee
 * (`facts.need.status` `matched`, `match.candidateKind` `returnee`, `match.candidateCaseId` this
 * case). An absent need, or one matched otherwise, is refused (409).
 */
export function opportunityGuard(
  decision: Record<string, unknown>,
  cases: { current: CaseRecord; named: CaseRecord[] },
): StepRefusal | undefined {
  if (decision.outcome !== 'job-offer') return undefined;
  const need = cases.named.find((c) => c.caseId === decision.needCaseId);
  const facts = need?.caseType === 'host-need' ? (need.facts.need as Record<string, unknown> | undefined) : undefined;
  const match = facts?.match as { candidateKind?: unknown; candidateCaseId?: unknown } | undefined;
  return facts?.status === 'matched' && match?.candidateKind === 'returnee' && match.candidateCaseId === cases.current.caseId
    ? undefined
    : 'need-not-matched-to-returnee';
}

const roles: StepDefinition['roles'] = ['caseworker', 'supervisor'];

export const returnSteps: StepDefinition[] = [
  {
    step: 'return-eligibility',
    title: t('Éligibilité au retour des compétences', 'الأهلية لبرنامج عودة الكفاءات', 'Eligibility for skilled return'),
    roles,
    dueInDays: 14,
    decision: eligibility,
    checkInContext: eligibilityIssues,
    examples: [
      { outcome: 'eligible', notes: 'Master’s degree and twelve years in wind-farm engineering verified.' },
      { outcome: 'not-eligible', reasonCode: 'insufficient-experience' },
      { outcome: 'information-requested', requestCode: 'diploma-copies', notes: 'Ask for the master’s diploma.' },
    ],
  },
  {
    step: 'return-opportunity',
    title: t('Opportunité au Maroc', 'فرصة بالمغرب', 'Opportunity in Morocco'),
    roles,
    dueInDays: 60,
    decision: opportunity,
    namesCases: (decision) => (decision.outcome === 'job-offer' && typeof decision.needCaseId === 'string' ? [decision.needCaseId] : []),
    caseGuard: (decision, cases) => opportunityGuard(decision, cases),
    examples: [
      { outcome: 'job-offer', needCaseId: '5b0c9f3e-8a51-4c2d-9d0e-3f7a2b6c1e48' },
      {
        outcome: 'business-project',
        sector: 'renewable-energy',
        projectCategory: 'services',
        estimatedCostMAD: 250_000,
        notes: 'Solar-pump installation for farms around Taroudant.',
      },
      { outcome: 'no-opportunity', reasonCode: 'no-matching-offer' },
    ],
  },
  {
    step: 'return-plan',
    title: t('Plan de réinsertion', 'خطة إعادة الإدماج', 'Reintegration plan'),
    roles: ['caseworker'],
    dueInDays: 21,
    decision: plan,
    checkInContext: planIssues,
    examples: [
      {
        outcome: 'proposed',
        lines: [
          { category: 'equipment', amountMAD: 60_000, supplierKind: 'company' },
          { category: 'training', amountMAD: 8_000, supplierKind: 'training-institute' },
          { category: 'schooling', amountMAD: 12_000, supplierKind: 'school' },
        ],
        notes: 'Pumps and panels from a supplier in Agadir.',
      },
    ],
  },
  {
    step: 'return-plan-approval',
    title: t('Approbation du plan de réinsertion', 'الموافقة على خطة إعادة الإدماج', 'Reintegration plan approval'),
    roles: ['supervisor'],
    dueInDays: 7,
    decision: planApproval,
    fourEyesAgainst: ['return-plan'],
    showsTaskOf: 'planTaskId',
    examples: [{ outcome: 'approved' }, { outcome: 'rejected', notes: 'Quote the equipment from two suppliers.' }],
  },
  {
    step: 'return-arrival',
    title: t('Retour au Maroc', 'العودة إلى المغرب', 'Return to Morocco'),
    roles,
    dueInDays: 60,
    decision: arrival,
    checkInContext: arrivalIssues,
    examples: [
      { outcome: 'returned', returnedOn: '2026-09-03' },
      { outcome: 'not-returned', reasonCode: 'return-cancelled' },
    ],
  },
  {
    step: 'return-follow-up',
    title: t('Suivi après le retour', 'المتابعة بعد العودة', 'Follow-up after return'),
    roles,
    dueInDays: 14,
    decision: followUp,
    examples: [
      { outcome: 'recorded', situation: 'business-running', monthlyIncomeBand: '10000-20000', jobsCreated: 2, satisfaction: 4 },
      { outcome: 'unreachable', attempts: 3, notes: 'Phone off; email bounced.' },
    ],
  },
];

/** For tests and the diagrams: a step's due days. */
export const returnDueDays = (step: string): number => returnSteps.find((s) => s.step === step)!.dueInDays;
