// The human steps of the AVRR process: who may do each, how long they have, and the decision
// each must record (a zod schema: validation, types, JSON Schema for the console, examples).
import * as z from 'zod';
import type { Localized } from '../i18n/index.ts';
import type { ContextIssue, StepDefinition, StepRefusal } from '../tasks/step-definition.ts';
import { sustainabilitySurvey } from './survey.ts';
import { bestInterestsGate } from './best-interests.ts';
import { missionDate } from '../calendar.ts';

export type { ContextIssue, StepDefinition, StepRefusal };

const reason = z.string().trim().min(3).max(1000);
const notes = z.string().trim().max(2000).optional();
const isoDate = z.iso.date();

const screening = z.discriminatedUnion('outcome', [
  z.strictObject({
    outcome: z.literal('eligible'),
    counsellingDone: z.literal(true),
    fitToTravelCheckRequired: z.boolean(),
    escortRequired: z.boolean(),
    notes,
  }),
  z.strictObject({ outcome: z.literal('ineligible'), reason, notes }),
  z.strictObject({
    outcome: z.literal('more-information-needed'),
    requestedInformation: z
      .array(z.enum(['identity-document', 'proof-of-nationality', 'medical-report', 'family-consent', 'other']))
      .min(1)
      .max(5),
    details: z.string().trim().max(1000).optional(),
    notes,
  }),
]);

const additionalInformation = z.discriminatedUnion('outcome', [
  z.strictObject({ outcome: z.literal('received'), receivedOn: isoDate, notes }),
  z.strictObject({ outcome: z.literal('withdrawn-by-applicant'), reason }),
]);

const approval = z.discriminatedUnion('outcome', [
  z.strictObject({ outcome: z.literal('approved'), notes }),
  z.strictObject({ outcome: z.literal('rejected'), reason }),
]);

const travelDocument = z.discriminatedUnion('outcome', [
  z.strictObject({
    outcome: z.literal('obtained'),
    documentType: z.enum(['passport', 'laissez-passer', 'emergency-travel-document']),
    validUntil: isoDate,
  }),
  z.strictObject({ outcome: z.literal('cannot-obtain'), reason }),
]);

const fitToTravel = z.discriminatedUnion('outcome', [
  z.strictObject({ outcome: z.literal('fit'), conditions: z.string().trim().max(500).optional() }),
  z.strictObject({ outcome: z.literal('unfit'), reason }),
]);

const escort = z.strictObject({
  outcome: z.literal('arranged'),
  escortType: z.enum(['operational-staff', 'medical', 'social-worker', 'guardian-accompanied']),
  notes,
});

const ticket = z.strictObject({
  outcome: z.literal('booked'),
  departureDate: isoDate,
  departureAirport: z.string().regex(/^[A-Z]{3}$/),
  arrivalAirport: z.string().regex(/^[A-Z]{3}$/),
  notes,
});

const departure = z.discriminatedUnion('outcome', [
  z.strictObject({ outcome: z.literal('departed'), departedOn: isoDate }),
  z.strictObject({ outcome: z.literal('no-show'), reason }),
]);

const arrival = z.strictObject({
  outcome: z.literal('received'),
  arrivedOn: isoDate,
  receivedBy: z.enum(['mission-staff', 'partner-organisation', 'family']),
  notes,
});

const planItem = z.strictObject({
  category: z.enum(['business', 'education', 'vocational-training', 'housing', 'medical', 'psychosocial', 'other']),
  description: z.string().trim().min(3).max(500),
  amountEUR: z.number().nonnegative().max(100_000),
});

const reintegrationPlan = z.strictObject({
  outcome: z.literal('proposed'),
  items: z.array(planItem).min(1).max(20),
  notes,
});

const planApproval = z.discriminatedUnion('outcome', [
  z.strictObject({ outcome: z.literal('approved'), notes }),
  z.strictObject({ outcome: z.literal('rejected'), reason }),
]);

const assistanceDelivery = z.strictObject({
  outcome: z.literal('delivered'),
  deliveredOn: isoDate,
  notes,
});

const checkIn = z.discriminatedUnion('outcome', [
  z.strictObject({
    outcome: z.literal('completed'),
    conductedOn: isoDate,
    mode: z.enum(['in-person', 'phone', 'video']),
    survey: sustainabilitySurvey,
    notes,
  }),
  z.strictObject({ outcome: z.literal('unreachable'), attempts: z.number().int().min(1).max(20), notes }),
]);

const t = (fr: string, ar: string, en: string): Localized => ({ fr, ar, en });

/** A date the caseworker records as having happened: not after today in Morocco. */
function notInFuture(field: string, date: string, now: Date): ContextIssue[] {
  const today = missionDate(now);
  return date > today
    ? [
        {
          path: [field],
          code: 'date_in_future',
          message: t(
            `La date ${date} est dans le futur (nous sommes le ${today}) : enregistrez ce qui a eu lieu.`,
            `التاريخ ${date} في المستقبل (اليوم هو ${today}): سجّل ما حدث فعلاً.`,
            `The date ${date} is in the future (today is ${today}): record what has happened.`,
          ),
        },
      ]
    : [];
}

/**
 * The departure: not in the future, not before the return was approved (the task's context
 * `approvedAt`, the approval's completion, as a day in Morocco).
 */
export function departureIssues(decision: Record<string, unknown>, context: Record<string, unknown>, now: Date): ContextIssue[] {
  const on = decision.departedOn;
  if (decision.outcome !== 'departed' || typeof on !== 'string') return [];
  const approvedAt = typeof context.approvedAt === 'string' ? Date.parse(context.approvedAt) : Number.NaN;
  const approvedOn = Number.isFinite(approvedAt) ? missionDate(new Date(approvedAt)) : undefined;
  return [
    ...notInFuture('departedOn', on, now),
    ...(approvedOn !== undefined && on < approvedOn
      ? [
          {
            path: ['departedOn'],
            code: 'departure_before_approval',
            message: t(
              `Le départ (${on}) ne peut pas précéder l'approbation du retour (${approvedOn}).`,
              `لا يمكن أن تسبق المغادرة (${on}) الموافقة على العودة (${approvedOn}).`,
              `The departure (${on}) cannot be before the return was approved (${approvedOn}).`,
            ),
          },
        ]
      : []),
  ];
}

/** The arrival: not in the future, not before the departure recorded (the task's context `departedOn`). */
export function arrivalIssues(decision: Record<string, unknown>, context: Record<string, unknown>, now: Date): ContextIssue[] {
  const on = decision.arrivedOn;
  if (typeof on !== 'string') return [];
  const departedOn = typeof context.departedOn === 'string' ? context.departedOn : undefined;
  return [
    ...notInFuture('arrivedOn', on, now),
    ...(departedOn !== undefined && on < departedOn
      ? [
          {
            path: ['arrivedOn'],
            code: 'arrival_before_departure',
            message: t(
              `L'arrivée (${on}) ne peut pas précéder le départ (${departedOn}).`,
              `لا يمكن أن يسبق الوصول (${on}) المغادرة (${departedOn}).`,
              `The arrival (${on}) cannot be before the departure (${departedOn}).`,
            ),
          },
        ]
      : []),
  ];
}

export const avrrSteps: StepDefinition[] = [
  {
    step: 'screening',
    title: t("Examen d'éligibilité et conseil", 'فحص الأهلية والإرشاد', 'Eligibility screening and counselling'),
    roles: ['caseworker'],
    dueInDays: 7,
    decision: screening,
    examples: [
      {
        outcome: 'eligible',
        counsellingDone: true,
        fitToTravelCheckRequired: false,
        escortRequired: false,
        notes: 'Counselled in French; return to Conakry confirmed.',
      },
      { outcome: 'ineligible', reason: 'Holds a valid residence permit and does not wish to return.' },
      {
        outcome: 'more-information-needed',
        requestedInformation: ['proof-of-nationality'],
        details: 'Birth certificate or consular card.',
      },
    ],
  },
  {
    step: 'additional-information',
    title: t('Informations complémentaires du demandeur', 'معلومات إضافية من مقدم الطلب', 'Additional information from the applicant'),
    roles: ['caseworker'],
    dueInDays: 14,
    decision: additionalInformation,
    examples: [
      { outcome: 'received', receivedOn: '2026-12-10' },
      { outcome: 'withdrawn-by-applicant', reason: 'The applicant no longer wishes to return.' },
    ],
  },
  {
    step: 'approval',
    title: t('Approbation du retour', 'الموافقة على العودة', 'Return approval'),
    roles: ['supervisor'],
    dueInDays: 5,
    decision: approval,
    fourEyesAgainst: ['screening'],
    // An unaccompanied or separated child's return is a durable solution: it needs a recorded BID.
    caseGuard: bestInterestsGate,
    examples: [{ outcome: 'approved' }, { outcome: 'rejected', reason: 'Screening incomplete: no counselling record.' }],
  },
  {
    step: 'travel-document',
    title: t('Document de voyage', 'وثيقة السفر', 'Travel document'),
    roles: ['caseworker'],
    dueInDays: 21,
    decision: travelDocument,
    examples: [
      { outcome: 'obtained', documentType: 'laissez-passer', validUntil: '2027-03-01' },
      { outcome: 'cannot-obtain', reason: 'The consulate cannot confirm nationality.' },
    ],
  },
  {
    step: 'fit-to-travel',
    title: t('Contrôle médical avant voyage', 'الفحص الطبي للسفر', 'Fit-to-travel medical check'),
    roles: ['caseworker'],
    dueInDays: 14,
    decision: fitToTravel,
    examples: [
      { outcome: 'fit', conditions: 'Wheelchair assistance at both airports.' },
      { outcome: 'unfit', reason: 'Post-operative recovery needs six more weeks.' },
    ],
  },
  {
    step: 'escort',
    title: t('Escorte', 'المرافقة', 'Escort'),
    roles: ['caseworker'],
    dueInDays: 14,
    decision: escort,
    examples: [{ outcome: 'arranged', escortType: 'social-worker' }],
  },
  {
    step: 'ticket',
    title: t('Billet', 'تذكرة السفر', 'Ticket'),
    roles: ['caseworker'],
    dueInDays: 14,
    decision: ticket,
    examples: [{ outcome: 'booked', departureDate: '2027-01-15', departureAirport: 'CMN', arrivalAirport: 'CKY' }],
  },
  {
    step: 'departure',
    title: t('Confirmation du départ', 'تأكيد المغادرة', 'Departure confirmation'),
    roles: ['caseworker'],
    dueInDays: 2,
    decision: departure,
    checkInContext: departureIssues,
    examples: [
      { outcome: 'departed', departedOn: '2027-01-15' },
      { outcome: 'no-show', reason: 'Did not come to the airport; reachable by phone.' },
    ],
  },
  {
    step: 'arrival',
    title: t('Arrivée et accueil', 'الوصول والاستقبال', 'Arrival and reception'),
    roles: ['caseworker', 'partner'],
    dueInDays: 7,
    decision: arrival,
    checkInContext: arrivalIssues,
    examples: [{ outcome: 'received', arrivedOn: '2027-01-15', receivedBy: 'partner-organisation' }],
  },
  {
    step: 'reintegration-plan',
    title: t('Plan de réintégration', 'خطة إعادة الإدماج', 'Reintegration plan'),
    roles: ['caseworker', 'partner'],
    dueInDays: 30,
    decision: reintegrationPlan,
    examples: [
      {
        outcome: 'proposed',
        items: [
          { category: 'business', description: 'Tailoring workshop: two sewing machines and fabric stock', amountEUR: 1200 },
          { category: 'psychosocial', description: 'Six counselling sessions', amountEUR: 300 },
        ],
      },
    ],
    checkInContext: (decision, context) => {
      const ceiling = Number(context.budgetCeilingEUR);
      // Also run on a decision that failed its schema (every error at once): counts only the amounts there.
      const items: unknown[] = Array.isArray(decision.items) ? decision.items : [];
      const total = items.reduce<number>((sum, item) => {
        const amount = (item as { amountEUR?: unknown } | null)?.amountEUR;
        return typeof amount === 'number' && Number.isFinite(amount) ? sum + amount : sum;
      }, 0);
      return Number.isFinite(ceiling) && total > ceiling
        ? [
            {
              path: ['items'],
              code: 'budget_exceeded',
              message: t(
                `Le total du plan (${total} EUR) dépasse le plafond de ${ceiling} EUR pour ce foyer.`,
                `مجموع الخطة (${total} يورو) يتجاوز السقف المحدد لهذه الأسرة وهو ${ceiling} يورو.`,
                `The plan totals ${total} EUR, over this household's ceiling of ${ceiling} EUR.`,
              ),
            },
          ]
        : [];
    },
  },
  {
    step: 'plan-approval',
    title: t('Approbation du plan de réintégration', 'الموافقة على خطة إعادة الإدماج', 'Reintegration plan approval'),
    roles: ['supervisor'],
    dueInDays: 7,
    decision: planApproval,
    fourEyesAgainst: ['reintegration-plan'],
    examples: [{ outcome: 'approved' }, { outcome: 'rejected', reason: 'Business plan lacks a market assessment.' }],
  },
  {
    step: 'assistance-delivery',
    title: t("Remise de l'assistance", 'تقديم المساعدة', 'Assistance delivery'),
    roles: ['caseworker', 'partner'],
    dueInDays: 60,
    decision: assistanceDelivery,
    examples: [{ outcome: 'delivered', deliveredOn: '2027-03-20' }],
  },
  {
    step: 'check-in',
    title: t('Suivi de réintégration', 'متابعة إعادة الإدماج', 'Reintegration check-in'),
    roles: ['caseworker', 'partner'],
    dueInDays: 14,
    decision: checkIn,
    examples: [
      {
        outcome: 'completed',
        conductedOn: '2027-04-20',
        mode: 'phone',
        survey: {
          economic: { employment: 'self-employed', incomeSatisfaction: 3, foodSecurity: 4, debtBurden: 2 },
          social: { housing: 4, healthcareAccess: 3, documentationAccess: 5, childrenInSchool: 'all' },
          psychosocial: { wellbeing: 4, senseOfBelonging: 4, feelsSafe: 5, wishesToMigrateAgain: 2 },
        },
      },
      { outcome: 'unreachable', attempts: 3, notes: 'Phone off; partner visiting next week.' },
    ],
  },
];
