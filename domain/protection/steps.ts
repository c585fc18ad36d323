// The human steps of the protection process (Primero's stages, UNHCR's best interests procedure,
// IOM's trafficking case data standard): who may do each, how long they have, and the decision each
// records (a strict zod schema, discriminated by `outcome`, closed lists; free text only in `notes`).
import * as z from 'zod';
import type { Localized } from '../i18n/index.ts';
import type { StepDefinition } from '../avrr/steps.ts';
import { readsValid } from '../forms/rules.ts';
import { RISK_LEVELS } from './risk.ts';
import { MAX_SERVICE_LEAD_DAYS, NOT_DELIVERED_REASONS, SERVICE_TYPES, SERVICE_URGENCIES } from './services.ts';
import { traffickingDetails, uniqueCodes } from './trafficking.ts';
import { fieldMessages } from '../i18n/field-messages.ts';

const t = (fr: string, ar: string, en: string): Localized => ({ fr, ar, en });
const notes = z.string().trim().max(2000).optional();
const isoDate = z.iso.date();

/** An issue of a decision's own rule: a stable code with its message under `field.custom.<code>`. */
function issue(ctx: z.core.$RefinementCtx, path: PropertyKey[], code: ProtectionRuleCode): void {
  ctx.addIssue({ code: 'custom', path, message: code, params: { code } });
}

/** The codes of the protection decisions' own rules (messages in domain/i18n/field-messages.ts). */
export const PROTECTION_RULE_CODES = [
  'trafficking_required',
  'trafficking_not_applicable',
  'unaccompanied_or_separated',
  'region_only_in_morocco',
  'bid_required',
  'bid_already_recorded',
  'implementation_before_panel',
] as const;
export type ProtectionRuleCode = (typeof PROTECTION_RULE_CODES)[number];

// --- registration -----------------------------------------------------------------------------

export const NOT_IN_SCOPE_REASONS = [
  'no-protection-need',
  'outside-mandate',
  'outside-area',
  'served-by-another-agency',
  'person-declined',
  'other',
] as const;

const registration = z.discriminatedUnion('outcome', [
  z.strictObject({ outcome: z.literal('confirmed'), riskLevel: z.enum(RISK_LEVELS), notes }),
  z.strictObject({ outcome: z.literal('duplicate'), duplicateOf: z.string().regex(/^PROT-\d{4}-\d{6}$/), notes }),
  z.strictObject({ outcome: z.literal('not-in-scope'), reasonCode: z.enum(NOT_IN_SCOPE_REASONS), notes }),
]);

// --- vulnerability assessment -------------------------------------------------------------------

export const VULNERABILITY_CATEGORIES = [
  'unaccompanied-child',
  'separated-child',
  'victim-of-trafficking',
  'elderly',
  'medical',
  'other',
] as const;
export type VulnerabilityCategory = (typeof VULNERABILITY_CATEGORIES)[number];

/** Categories whose child needs a best interests assessment, and a determination before a durable solution. */
export const CHILD_CATEGORIES: readonly VulnerabilityCategory[] = ['unaccompanied-child', 'separated-child'];

const vulnerabilityAssessment = z
  .strictObject({
    outcome: z.literal('assessed'),
    categories: uniqueCodes(VULNERABILITY_CATEGORIES),
    trafficking: traffickingDetails.optional(),
    notes,
  })
  .superRefine(
    (value, ctx) => {
      const victim = value.categories.includes('victim-of-trafficking');
      if (victim && !value.trafficking) issue(ctx, ['trafficking'], 'trafficking_required');
      if (!victim && value.trafficking) issue(ctx, ['trafficking'], 'trafficking_not_applicable');
      if (value.categories.includes('unaccompanied-child') && value.categories.includes('separated-child'))
        issue(ctx, ['categories'], 'unaccompanied_or_separated');
    },
    { when: readsValid([['categories'], ['trafficking']]) },
  );

// --- best interests -----------------------------------------------------------------------------

export const CARE_ARRANGEMENTS = [
  'family-based-care',
  'kinship-care',
  'foster-care',
  'residential-care',
  'supervised-independent-living',
  'no-care-arrangement',
] as const;

const bia = z.strictObject({
  outcome: z.literal('completed'),
  conductedOn: isoDate,
  currentCareArrangement: z.enum(CARE_ARRANGEMENTS),
  /** A durable solution (return, resettlement, local integration) is considered: a BID must come first. */
  durableSolutionConsidered: z.boolean(),
  notes,
});

const biaApproval = z.discriminatedUnion('outcome', [
  z.strictObject({ outcome: z.literal('approved'), notes }),
  z.strictObject({ outcome: z.literal('rejected'), reasonCode: z.enum(['incomplete', 'child-not-heard', 'inconsistent', 'other']), notes }),
]);

export const BID_RECOMMENDATIONS = [
  'local-integration',
  'keep-care-arrangement',
  'change-care-arrangement',
  'medical',
  'repatriation',
  'resettlement',
  'reunification',
] as const;

export const PANEL_ROLES = [
  'chair',
  'child-protection-officer',
  'protection-officer',
  'social-worker',
  'psychologist',
  'legal-officer',
  'medical-officer',
  'guardian',
  'other',
] as const;
export const PANEL_ORGANISATIONS = ['mission', 'unhcr', 'unicef', 'government', 'ngo', 'other'] as const;

const bid = z
  .strictObject({
    outcome: z.literal('determined'),
    panel: z
      .array(z.strictObject({ role: z.enum(PANEL_ROLES), organisation: z.enum(PANEL_ORGANISATIONS) }))
      .min(3)
      .max(10),
    panelDate: isoDate,
    recommendation: z.enum(BID_RECOMMENDATIONS),
    implementationPlan: z
      .array(z.enum(['family-tracing', 'care-arrangement', 'travel', 'reception', 'medical-care', 'education', 'monitoring', 'other']))
      .min(1)
      .max(8),
    implementationDate: isoDate,
    notes,
  })
  .superRefine(
    (value, ctx) => {
      if (value.implementationDate < value.panelDate) issue(ctx, ['implementationDate'], 'implementation_before_panel');
    },
    { when: readsValid([['panelDate'], ['implementationDate']]) },
  );

// --- assistance plan ------------------------------------------------------------------------------

export const DURABLE_SOLUTIONS = ['return', 'local-integration', 'resettlement', 'reunification'] as const;

const serviceItem = z.strictObject({
  type: z.enum(SERVICE_TYPES),
  urgency: z.enum(SERVICE_URGENCIES),
  appointmentDate: isoDate.optional(),
});

const assistancePlan = z.discriminatedUnion('outcome', [
  z.strictObject({
    outcome: z.literal('proposed'),
    services: z.array(serviceItem).min(1).max(20),
    /** A plan that includes a durable solution (e.g. return): a child's case needs a recorded BID. */
    durableSolution: z.enum(DURABLE_SOLUTIONS).optional(),
    notes,
  }),
  /** A child's durable solution must wait for the panel: the BID comes first, then the plan again. */
  z.strictObject({ outcome: z.literal('bid-needed'), notes }),
]);

const planApproval = z.discriminatedUnion('outcome', [
  z.strictObject({ outcome: z.literal('approved'), notes }),
  z.strictObject({
    outcome: z.literal('rejected'),
    reasonCode: z.enum(['needs-not-covered', 'urgency-inappropriate', 'bid-missing', 'budget', 'other']),
    notes,
  }),
]);

// --- service delivery and follow-up -------------------------------------------------------------

const serviceDelivery = z.discriminatedUnion('outcome', [
  z.strictObject({
    outcome: z.literal('delivered'),
    deliveredOn: isoDate,
    deliveredBy: z.enum(['staff', 'partner']),
    notes,
  }),
  z.strictObject({ outcome: z.literal('not-delivered'), reasonCode: z.enum(NOT_DELIVERED_REASONS), notes }),
]);

export const CLOSURE_REASONS = ['needs-met', 'referred-on', 'returned-home-avrr', 'lost-contact', 'transferred', 'other'] as const;
export const CLOSURE_DETAILS = ['death', 'moved-abroad', 'person-request', 'duplicate-found', 'not-seen-at-verification', 'other'] as const;
export const MAX_NEXT_VISIT_DAYS = 30;

const followUpVisit = z.discriminatedUnion('outcome', [
  z.strictObject({
    outcome: z.literal('continue'),
    visitedOn: isoDate,
    nextVisitInDays: z.int().min(1).max(MAX_NEXT_VISIT_DAYS),
    notes,
  }),
  z.strictObject({ outcome: z.literal('new-need'), visitedOn: isoDate, notes }),
  z.strictObject({
    outcome: z.literal('close'),
    visitedOn: isoDate.optional(),
    closureReason: z.enum(CLOSURE_REASONS),
    /** Codes only: a reason in words is personal and has no place in the history. */
    closureDetails: z.enum(CLOSURE_DETAILS).optional(),
    notes,
  }),
]);

const message = (code: ProtectionRuleCode): Localized => {
  const { fr, ar, en } = fieldMessages[`field.custom.${code}`];
  const field = { fr: 'Ce champ', ar: 'هذا الحقل', en: 'This field' };
  return { fr: fr.replace('{field}', field.fr), ar: ar.replace('{field}', field.ar), en: en.replace('{field}', field.en) };
};

export const protectionSteps: StepDefinition[] = [
  {
    step: 'registration',
    title: t('Enregistrement et niveau de risque', 'التسجيل ومستوى الخطر', 'Registration and risk level'),
    roles: ['caseworker'],
    // The workflow gives the due date: hours for a high provisional risk (domain/protection/risk.ts).
    dueInDays: 3,
    decision: registration,
    examples: [
      { outcome: 'confirmed', riskLevel: 'high', notes: 'Seen at the Oujda shelter; sleeping outside since Tuesday.' },
      { outcome: 'duplicate', duplicateOf: 'PROT-2026-000117' },
      { outcome: 'not-in-scope', reasonCode: 'served-by-another-agency' },
    ],
  },
  {
    step: 'vulnerability-assessment',
    title: t('Évaluation de la vulnérabilité', 'تقييم الهشاشة', 'Vulnerability assessment'),
    roles: ['caseworker'],
    dueInDays: 7,
    decision: vulnerabilityAssessment,
    examples: [
      {
        outcome: 'assessed',
        categories: ['victim-of-trafficking', 'medical'],
        trafficking: {
          recruitmentMethods: ['job-offer'],
          meansOfControl: ['debt-bondage', 'withholds-documents'],
          exploitationTypes: ['labour-domestic-work'],
          recruitmentLocations: [{ country: 'CI' }],
          exploitationLocations: [{ country: 'MA', region: 'casablanca-settat' }],
          recruiterRelationship: 'acquaintance',
        },
      },
      { outcome: 'assessed', categories: ['unaccompanied-child'], notes: 'Travelled alone from Conakry; no relatives in Morocco.' },
    ],
  },
  {
    step: 'bia',
    title: t("Évaluation de l'intérêt supérieur (EIS)", 'تقييم المصلحة الفضلى', 'Best interests assessment (BIA)'),
    roles: ['caseworker'],
    dueInDays: 10,
    decision: bia,
    examples: [
      { outcome: 'completed', conductedOn: '2026-12-08', currentCareArrangement: 'residential-care', durableSolutionConsidered: true },
    ],
  },
  {
    step: 'bia-approval',
    title: t("Approbation de l'EIS", 'الموافقة على تقييم المصلحة الفضلى', 'BIA approval'),
    roles: ['supervisor'],
    dueInDays: 3,
    decision: biaApproval,
    fourEyesAgainst: ['bia'],
    examples: [{ outcome: 'approved' }, { outcome: 'rejected', reasonCode: 'child-not-heard' }],
  },
  {
    step: 'bid',
    title: t("Détermination de l'intérêt supérieur (DIS)", 'تحديد المصلحة الفضلى', 'Best interests determination (BID)'),
    roles: ['supervisor'],
    dueInDays: 21,
    decision: bid,
    examples: [
      {
        outcome: 'determined',
        panel: [
          { role: 'chair', organisation: 'mission' },
          { role: 'child-protection-officer', organisation: 'unicef' },
          { role: 'social-worker', organisation: 'ngo' },
        ],
        panelDate: '2026-12-20',
        recommendation: 'repatriation',
        implementationPlan: ['family-tracing', 'travel', 'reception', 'monitoring'],
        implementationDate: '2027-01-15',
      },
    ],
  },
  {
    step: 'assistance-plan',
    title: t("Plan d'assistance", 'خطة المساعدة', 'Assistance plan'),
    roles: ['caseworker'],
    dueInDays: 5,
    decision: assistancePlan,
    examples: [
      {
        outcome: 'proposed',
        services: [
          { type: 'medical', urgency: '3-hours' },
          { type: 'shelter', urgency: '1-day' },
          { type: 'psychosocial', urgency: '2-weeks', appointmentDate: '2026-12-14' },
        ],
      },
      { outcome: 'bid-needed', notes: 'Wishes to go home; the panel must sit first.' },
    ],
    checkInContext: (decision, context) => {
      const childNeedsBid = context.childNeedsBid === true;
      const bidRecorded = typeof context.bidRecordedAt === 'string';
      if (decision.outcome === 'proposed' && decision.durableSolution !== undefined && childNeedsBid && !bidRecorded)
        return [{ path: ['durableSolution'], code: 'bid_required', message: message('bid_required') }];
      if (decision.outcome === 'bid-needed' && (!childNeedsBid || bidRecorded))
        return [{ path: ['outcome'], code: 'bid_already_recorded', message: message('bid_already_recorded') }];
      return [];
    },
  },
  {
    step: 'assistance-plan-approval',
    title: t("Approbation du plan d'assistance", 'الموافقة على خطة المساعدة', 'Assistance plan approval'),
    roles: ['supervisor'],
    dueInDays: 3,
    decision: planApproval,
    fourEyesAgainst: ['assistance-plan'],
    examples: [{ outcome: 'approved' }, { outcome: 'rejected', reasonCode: 'urgency-inappropriate' }],
  },
  {
    step: 'service-delivery',
    title: t('Prestation de service', 'تقديم الخدمة', 'Service delivery'),
    roles: ['caseworker', 'partner'],
    // The workflow gives each service's due date (its urgency, or its appointment).
    dueInDays: MAX_SERVICE_LEAD_DAYS,
    decision: serviceDelivery,
    examples: [
      { outcome: 'delivered', deliveredOn: '2026-12-09', deliveredBy: 'partner' },
      { outcome: 'not-delivered', reasonCode: 'person-unreachable' },
    ],
  },
  {
    step: 'follow-up-visit',
    title: t('Visite de suivi', 'زيارة المتابعة', 'Follow-up visit'),
    roles: ['caseworker'],
    dueInDays: 10,
    decision: followUpVisit,
    examples: [
      { outcome: 'continue', visitedOn: '2027-01-10', nextVisitInDays: 30 },
      { outcome: 'new-need', visitedOn: '2027-01-10', notes: 'Lost her room; needs shelter again.' },
      { outcome: 'close', visitedOn: '2027-02-10', closureReason: 'needs-met' },
    ],
  },
];
