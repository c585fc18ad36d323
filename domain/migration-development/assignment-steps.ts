// The human steps of an expert's assignment (phase `assignment` of a matched host-need case, IOM's
// TRQN / Connecting Diaspora for Development practice): the preparation (travel and stay, or the
// online set-up; or the assignment cancelled), the date it actually started, the mid-term check, the
// end, then the expert's report and the host institution's feedback. Decisions hold codes, dates,
// numbers and flags; free text only in `notes` (it stays on the task item).
import * as z from 'zod';
import type { Localized } from '../i18n/index.ts';
import { fieldMessages } from '../i18n/field-messages.ts';
import { labelled, uniqueList } from '../forms/fields.ts';
import type { ContextIssue, StepDefinition } from '../tasks/step-definition.ts';
import { missionDate } from '../calendar.ts';

const t = (fr: string, ar: string, en: string): Localized => ({ fr, ar, en });
const notes = labelled(z.string().trim().max(2000).optional(), t('Notes', 'ملاحظات', 'Notes'));
const date = (label: Localized) => labelled(z.iso.date(), label);
const DAY = 86_400_000;

/** An assignment may start this many days before its window's start (an early arrival), not earlier. */
export const EARLY_START_DAYS = 5;

export const TRAVEL_MODES = ['air', 'road', 'rail', 'sea', 'local'] as const;
export const ONLINE_PLATFORMS = ['teams', 'zoom', 'google-meet', 'webex', 'institution-platform', 'other'] as const;
export const CANCELLATION_REASONS = [
  'expert-unavailable',
  'institution-withdrew',
  'travel-not-possible',
  'security',
  'funding',
  'other',
] as const;
export const MIDTERM_ISSUES = ['schedule', 'resources', 'access', 'communication', 'workload', 'health', 'security', 'other'] as const;
export const EARLY_END_REASONS = [
  'objectives-met-early',
  'expert-withdrew',
  'institution-request',
  'health',
  'security',
  'force-majeure',
  'other',
] as const;
export const DELIVERABLES = [
  'mission-report',
  'training-delivered',
  'procedure-written',
  'diagnosis',
  'curriculum',
  'equipment-set-up',
  'recommendations',
  'other',
] as const;
export const SATISFACTION_CRITERIA = ['objectivesMet', 'expertise', 'communication', 'knowledgeTransfer'] as const;

/** The codes of the assignment decisions' own rules (messages in domain/i18n/field-messages.ts). */
export const ASSIGNMENT_RULE_CODES = [
  'preparation_mode_mismatch',
  'arrival_before_departure',
  'start_before_window',
  'end_before_start',
  'date_in_future',
] as const;
export type AssignmentRuleCode = (typeof ASSIGNMENT_RULE_CODES)[number];

const preparation = z.discriminatedUnion('outcome', [
  // On site or hybrid: travel and stay arranged.
  z.strictObject({
    outcome: z.literal('travel-arranged'),
    travelMode: labelled(z.enum(TRAVEL_MODES), t('Moyen de transport', 'وسيلة السفر', 'Travel mode')),
    departureOn: date(t('Date de départ', 'تاريخ المغادرة', 'Departure date')),
    arrivalOn: date(t("Date d'arrivée", 'تاريخ الوصول', 'Arrival date')),
    lodgingArranged: labelled(z.boolean(), t('Hébergement réservé', 'تم ترتيب الإقامة', 'Lodging arranged')),
    notes,
  }),
  // Remote: the online set-up.
  z.strictObject({
    outcome: z.literal('online-set-up'),
    platform: labelled(z.enum(ONLINE_PLATFORMS), t('Plateforme', 'المنصة', 'Platform')),
    accessTested: labelled(z.boolean(), t('Accès testé', 'تم اختبار الولوج', 'Access tested')),
    notes,
  }),
  z.strictObject({
    outcome: z.literal('cancelled'),
    reasonCode: labelled(z.enum(CANCELLATION_REASONS), t("Motif de l'annulation", 'سبب الإلغاء', 'Reason for cancelling')),
    notes,
  }),
]);

const start = z.discriminatedUnion('outcome', [
  z.strictObject({
    outcome: z.literal('started'),
    startedOn: date(t('Date effective de début', 'تاريخ البدء الفعلي', 'Date it actually started')),
    notes,
  }),
]);

const earlyEnd = {
  outcome: z.literal('ended-early'),
  endedOn: date(t('Date de fin effective', 'تاريخ الانتهاء الفعلي', 'Date it actually ended')),
  reasonCode: labelled(z.enum(EARLY_END_REASONS), t('Motif de la fin anticipée', 'سبب الإنهاء المبكر', 'Reason for the early end')),
  notes,
};

const midterm = z.discriminatedUnion('outcome', [
  z.strictObject({ outcome: z.literal('on-track'), notes }),
  z.strictObject({
    outcome: z.literal('issues'),
    issueCodes: uniqueList(
      labelled(z.enum(MIDTERM_ISSUES), t('Difficulté', 'صعوبة', 'Issue')),
      MIDTERM_ISSUES.length,
      t('Difficultés', 'الصعوبات', 'Issues'),
    ).min(1),
    notes,
  }),
  z.strictObject(earlyEnd),
]);

const end = z.discriminatedUnion('outcome', [
  z.strictObject({
    outcome: z.literal('completed'),
    endedOn: date(t('Date de fin effective', 'تاريخ الانتهاء الفعلي', 'Date it actually ended')),
    notes,
  }),
  z.strictObject(earlyEnd),
]);

const report = z.discriminatedUnion('outcome', [
  z.strictObject({
    outcome: z.literal('received'),
    receivedOn: date(t('Reçu le', 'تاريخ الاستلام', 'Received on')),
    deliverables: uniqueList(
      labelled(z.enum(DELIVERABLES), t('Livrable', 'منجز', 'Deliverable')),
      DELIVERABLES.length,
      t('Livrables', 'المنجزات', 'Deliverables'),
    ).min(1),
    documentReference: labelled(
      z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._/-]{0,79}$/),
      t('Référence du document', 'مرجع الوثيقة', 'Document reference'),
    ),
    notes,
  }),
]);

const score = (label: Localized) => labelled(z.int().min(1).max(5), label);
const feedback = z.discriminatedUnion('outcome', [
  z.strictObject({
    outcome: z.literal('received'),
    receivedOn: date(t('Reçu le', 'تاريخ الاستلام', 'Received on')),
    satisfaction: labelled(
      z.strictObject({
        objectivesMet: score(t('Objectifs atteints (1 à 5)', 'تحقيق الأهداف (1 إلى 5)', 'Objectives met (1 to 5)')),
        expertise: score(t("Expertise de l'expert (1 à 5)", 'خبرة الخبير (1 إلى 5)', "The expert's expertise (1 to 5)")),
        communication: score(t('Communication (1 à 5)', 'التواصل (1 إلى 5)', 'Communication (1 to 5)')),
        knowledgeTransfer: score(t('Transfert de compétences (1 à 5)', 'نقل المعارف (1 إلى 5)', 'Knowledge transfer (1 to 5)')),
      }),
      t('Satisfaction', 'الرضا', 'Satisfaction'),
    ),
    wouldHostAgain: labelled(z.boolean(), t('Accueillerait à nouveau un expert', 'ستستقبل خبيرًا مرة أخرى', 'Would host again')),
    notes,
  }),
]);

/** The subject each rule's message starts with: the field it is about (a date unless said otherwise). */
const SUBJECTS: Record<string, Localized> = {
  outcome: t('La préparation', 'التحضير', 'The preparation'),
  arrivalOn: t("La date d'arrivée", 'تاريخ الوصول', 'The arrival date'),
};
const A_DATE = t('Cette date', 'هذا التاريخ', 'This date');
const message = (path: string, code: AssignmentRuleCode, params: Record<string, string> = {}): Localized => {
  const { fr, ar, en } = fieldMessages[`field.custom.${code}`];
  const subject = SUBJECTS[path] ?? A_DATE;
  const fill = (text: string, field: string) =>
    Object.entries(params).reduce((out, [key, value]) => out.replaceAll(`{${key}}`, value), text.replace('{field}', field));
  return { fr: fill(fr, subject.fr), ar: fill(ar, subject.ar), en: fill(en, subject.en) };
};
const issue = (path: string, code: AssignmentRuleCode, params: Record<string, string> = {}): ContextIssue => ({
  path: [path],
  code,
  message: message(path, code, params),
});
const shift = (day: string, days: number) => new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY).toISOString().slice(0, 10);
const inFuture = (decision: Record<string, unknown>, field: string, now: Date): ContextIssue[] =>
  typeof decision[field] === 'string' && decision[field] > missionDate(now) ? [issue(field, 'date_in_future')] : [];

/** The preparation fits the mode (task context `mode`): travel for on-site and hybrid, an online set-up when remote. */
export function preparationIssues(decision: Record<string, unknown>, context: Record<string, unknown>): ContextIssue[] {
  const issues: ContextIssue[] = [];
  const remote = context.mode === 'remote';
  if ((decision.outcome === 'travel-arranged' && remote) || (decision.outcome === 'online-set-up' && !remote && context.mode !== undefined))
    issues.push(issue('outcome', 'preparation_mode_mismatch'));
  if (decision.outcome === 'travel-arranged' && String(decision.arrivalOn) < String(decision.departureOn))
    issues.push(issue('arrivalOn', 'arrival_before_departure'));
  return issues;
}

/** Not in the future, not before the window's start (task context `windowFrom`) minus EARLY_START_DAYS. */
export function startIssues(decision: Record<string, unknown>, context: Record<string, unknown>, now: Date): ContextIssue[] {
  const issues = inFuture(decision, 'startedOn', now);
  if (typeof context.windowFrom === 'string' && typeof decision.startedOn === 'string') {
    const earliest = shift(context.windowFrom, -EARLY_START_DAYS);
    if (decision.startedOn < earliest) issues.push(issue('startedOn', 'start_before_window', { date: earliest }));
  }
  return issues;
}

/** An end (or an early end at mid-term) is not in the future, nor before the recorded start (task context `startedOn`). */
export function endIssues(decision: Record<string, unknown>, context: Record<string, unknown>, now: Date): ContextIssue[] {
  const issues = inFuture(decision, 'endedOn', now);
  if (typeof context.startedOn === 'string' && typeof decision.endedOn === 'string' && decision.endedOn < context.startedOn)
    issues.push(issue('endedOn', 'end_before_start', { date: context.startedOn }));
  return issues;
}

const receivedIssues = (decision: Record<string, unknown>, _context: Record<string, unknown>, now: Date) =>
  inFuture(decision, 'receivedOn', now);

const roles: StepDefinition['roles'] = ['caseworker', 'supervisor'];

export const assignmentSteps: StepDefinition[] = [
  {
    step: 'assignment-preparation',
    title: t("Préparation de l'affectation", 'التحضير للمهمة', 'Preparation of the assignment'),
    roles,
    // The workflow gives its own due date: before the window starts.
    dueInDays: 14,
    decision: preparation,
    checkInContext: preparationIssues,
    examples: [
      {
        outcome: 'travel-arranged',
        travelMode: 'air',
        departureOn: '2026-08-30',
        arrivalOn: '2026-08-30',
        lodgingArranged: true,
        notes: 'Hotel near the hospital, booked for three weeks.',
      },
      { outcome: 'online-set-up', platform: 'teams', accessTested: true },
      { outcome: 'cancelled', reasonCode: 'expert-unavailable', notes: 'The expert’s employer refused the leave.' },
    ],
  },
  {
    step: 'assignment-start',
    title: t("Début effectif de l'affectation", 'البدء الفعلي للمهمة', 'The assignment actually started'),
    roles,
    dueInDays: 7,
    decision: start,
    checkInContext: startIssues,
    examples: [{ outcome: 'started', startedOn: '2026-09-01' }],
  },
  {
    step: 'assignment-midterm-check',
    title: t('Point à mi-parcours', 'تتبع منتصف المدة', 'Mid-term check'),
    roles,
    dueInDays: 7,
    decision: midterm,
    checkInContext: endIssues,
    examples: [
      { outcome: 'on-track' },
      { outcome: 'issues', issueCodes: ['resources', 'schedule'], notes: 'The training room is available two days a week only.' },
      { outcome: 'ended-early', endedOn: '2026-09-10', reasonCode: 'health' },
    ],
  },
  {
    step: 'assignment-end',
    title: t("Fin de l'affectation", 'نهاية المهمة', 'End of the assignment'),
    roles,
    dueInDays: 7,
    decision: end,
    checkInContext: endIssues,
    examples: [
      { outcome: 'completed', endedOn: '2026-09-21' },
      { outcome: 'ended-early', endedOn: '2026-09-15', reasonCode: 'objectives-met-early' },
    ],
  },
  {
    step: 'assignment-expert-report',
    title: t("Rapport de fin de mission de l'expert", 'تقرير نهاية المهمة للخبير', "The expert's end-of-assignment report"),
    roles,
    dueInDays: 14,
    decision: report,
    checkInContext: receivedIssues,
    examples: [
      {
        outcome: 'received',
        receivedOn: '2026-09-28',
        deliverables: ['mission-report', 'training-delivered'],
        documentReference: 'GED/2026/MD-0142',
        notes: 'Twelve nurses trained; protocol drafted with the head of department.',
      },
    ],
  },
  {
    step: 'assignment-institution-feedback',
    title: t("Avis de l'institution d'accueil", 'رأي المؤسسة المستقبلة', "The host institution's feedback"),
    roles,
    dueInDays: 14,
    decision: feedback,
    checkInContext: receivedIssues,
    examples: [
      {
        outcome: 'received',
        receivedOn: '2026-09-30',
        satisfaction: { objectivesMet: 4, expertise: 5, communication: 4, knowledgeTransfer: 3 },
        wouldHostAgain: true,
        notes: 'Would like a follow-up mission on the surgical protocol.',
      },
    ],
  },
];
