// The human steps of a host institution's need (case type `host-need`, phase `need`): a caseworker
// or supervisor validates the terms of reference (confirming or editing what matching will compare:
// sector, skills as search keys, languages, mode, duration and the window), rejects the need, or
// asks the institution a question; a question is answered to staff, who record the answer (the
// clarification step), and the need comes back to validation, a bounded number of times
// (MAX_NEED_CLARIFICATIONS). Free text only in `notes` (it stays on the task item); reasons and
// questions are codes.
import * as z from 'zod';
import type { Localized } from '../i18n/index.ts';
import { fieldMessages } from '../i18n/field-messages.ts';
import { labelled, languageCode, uniqueList, SECTORS, MOROCCAN_CITIES } from '../forms/fields.ts';
import {
  CONTRACT_KINDS,
  CONTRACT_MONTHS,
  ENGAGEMENTS,
  MAX_NEED_SKILLS,
  MISSION_MODES,
  NEED_DURATION_WEEKS,
} from '../forms/host-institution-need.ts';
import type { ContextIssue, StepDefinition } from '../tasks/step-definition.ts';
import { missionDate } from '../calendar.ts';
import { isSkillKey } from './skills.ts';

const t = (fr: string, ar: string, en: string): Localized => ({ fr, ar, en });
const notes = labelled(z.string().trim().max(2000).optional(), t('Notes', 'ملاحظات', 'Notes'));
const DAY = 86_400_000;

/** How many times a need may go back to the institution with a question before it must be decided. */
export const MAX_NEED_CLARIFICATIONS = 2;

export const NEED_REJECTION_REASONS = [
  'out-of-scope',
  'not-an-institution',
  'duplicate',
  'no-longer-needed',
  'insufficient-information',
  'other',
] as const;
export const NEED_QUESTIONS = [
  'skills-unclear',
  'dates-unclear',
  'mode-unclear',
  'duration-unclear',
  'institution-unverified',
  'other',
] as const;

/** The codes of the need decisions' own rules (messages in domain/i18n/field-messages.ts). */
export const NEED_RULE_CODES = [
  'skill_not_normalised',
  'window_end_before_start',
  'duration_exceeds_window',
  'mission_city_required',
  'window_ended',
  'window_start_too_far',
  'clarification_limit_reached',
  'engagement_terms_mismatch',
] as const;
export type NeedRuleCode = (typeof NEED_RULE_CODES)[number];

function issue(ctx: z.core.$RefinementCtx, path: PropertyKey[], code: NeedRuleCode, params: Record<string, unknown> = {}): void {
  ctx.addIssue({ code: 'custom', path, message: code, params: { code, ...params } });
}

const daysBetween = (from: string, to: string) => Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY);

const skillKey = labelled(
  z
    .string()
    .max(100)
    .superRefine((key, ctx) => {
      if (!isSkillKey(key)) issue(ctx, [], 'skill_not_normalised');
    }),
  t('Compétence (clé de recherche)', 'مهارة (مفتاح البحث)', 'Skill (search key)'),
);

const validated = z
  .strictObject({
    outcome: z.literal('validated'),
    sector: labelled(z.enum(SECTORS), t('Secteur', 'القطاع', 'Sector')),
    skills: uniqueList(skillKey, MAX_NEED_SKILLS, t('Compétences', 'المهارات', 'Skills')).min(1),
    languages: uniqueList(
      languageCode(t('Langue', 'اللغة', 'Language')),
      10,
      t('Langues requises', 'اللغات المطلوبة', 'Languages required'),
    ).min(1),
    mode: labelled(z.enum(MISSION_MODES), t('Modalité', 'صيغة العمل', 'Mode')),
    /** Absent: an expert's mission (the needs validated before job offers existed). */
    engagement: labelled(z.enum(ENGAGEMENTS), t("Type d'engagement", 'نوع الالتزام', 'Engagement')).optional(),
    durationWeeks: labelled(
      z.int().min(NEED_DURATION_WEEKS.min).max(NEED_DURATION_WEEKS.max),
      t('Durée (semaines)', 'المدة (بالأسابيع)', 'Duration (weeks)'),
    ).optional(),
    contractKind: labelled(z.enum(CONTRACT_KINDS), t('Type de contrat', 'نوع العقد', 'Contract kind')).optional(),
    contractMonths: labelled(
      z.int().min(CONTRACT_MONTHS.min).max(CONTRACT_MONTHS.max),
      t('Durée du contrat (mois)', 'مدة العقد (بالأشهر)', 'Contract length (months)'),
    ).optional(),
    window: labelled(
      z.strictObject({
        from: labelled(z.iso.date(), t('Début au plus tôt', 'أقرب تاريخ للبدء', 'Earliest start')),
        to: labelled(z.iso.date(), t('Fin au plus tard', 'أقصى تاريخ للانتهاء', 'Latest end')),
      }),
      t('Période', 'الفترة', 'Window'),
    ),
    missionCity: labelled(z.enum(MOROCCAN_CITIES), t('Ville de la mission', 'مدينة المهمة', 'City of the mission')).optional(),
    notes,
  })
  // Runs even when other fields failed (every error listed at once): reads only what is valid.
  .superRefine((value, ctx) => {
    const window = value.window as { from?: unknown; to?: unknown } | undefined;
    const from = typeof window?.from === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(window.from) ? window.from : undefined;
    const to = typeof window?.to === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(window.to) ? window.to : undefined;
    if (from && to) {
      if (to <= from) issue(ctx, ['window', 'to'], 'window_end_before_start');
      else if (typeof value.durationWeeks === 'number' && daysBetween(from, to) < value.durationWeeks * 7)
        issue(ctx, ['durationWeeks'], 'duration_exceeds_window', { weeks: value.durationWeeks, from, to });
    }
    if ((value.mode === 'on-site' || value.mode === 'hybrid') && value.missionCity === undefined)
      issue(ctx, ['missionCity'], 'mission_city_required');
    // An expert's mission has a duration in weeks; a job offer a contract kind, and months when fixed-term.
    if (value.engagement === 'job-offer') {
      if (value.durationWeeks !== undefined) issue(ctx, ['durationWeeks'], 'engagement_terms_mismatch');
      if (value.contractKind === undefined) issue(ctx, ['contractKind'], 'engagement_terms_mismatch');
      if ((value.contractKind === 'fixed-term') !== (value.contractMonths !== undefined))
        issue(ctx, ['contractMonths'], 'engagement_terms_mismatch');
    } else {
      if (value.durationWeeks === undefined) issue(ctx, ['durationWeeks'], 'engagement_terms_mismatch');
      if (value.contractKind !== undefined) issue(ctx, ['contractKind'], 'engagement_terms_mismatch');
      if (value.contractMonths !== undefined) issue(ctx, ['contractMonths'], 'engagement_terms_mismatch');
    }
  });

const validation = z.discriminatedUnion('outcome', [
  validated,
  z.strictObject({
    outcome: z.literal('rejected'),
    reasonCode: labelled(z.enum(NEED_REJECTION_REASONS), t('Motif', 'السبب', 'Reason')),
    notes,
  }),
  z.strictObject({
    outcome: z.literal('clarification-requested'),
    questionCode: labelled(z.enum(NEED_QUESTIONS), t('Question', 'السؤال', 'Question')),
    notes,
  }),
]);

const clarification = z.discriminatedUnion('outcome', [
  // The institution's answer, as staff heard it: in the notes, on the task item.
  z.strictObject({ outcome: z.literal('answered'), notes }),
  z.strictObject({ outcome: z.literal('no-answer'), notes }),
]);

const message = (code: NeedRuleCode): Localized => {
  const { fr, ar, en } = fieldMessages[`field.custom.${code}`];
  const field = { fr: 'Cette valeur', ar: 'هذه القيمة', en: 'This value' };
  return { fr: fr.replace('{field}', field.fr), ar: ar.replace('{field}', field.ar), en: en.replace('{field}', field.en) };
};

/**
 * A validated window starts at most this many days from its validation: an expert's assignment waits
 * for its window within its execution's timeout (workflows/assignment-definitions.ts, WORST_CASE_DAYS).
 */
export const NEED_WINDOW_MAX_LEAD_DAYS = 77;

/**
 * The task's context (from the workflow): `clarificationsLeft`, how many questions the need may
 * still go back with. A validated window that has already ended is refused (today in Morocco), and
 * one starting more than NEED_WINDOW_MAX_LEAD_DAYS from today.
 */
export function validationIssues(decision: Record<string, unknown>, context: Record<string, unknown>, now: Date): ContextIssue[] {
  if (decision.outcome === 'clarification-requested' && context.clarificationsLeft === 0)
    return [{ path: ['outcome'], code: 'clarification_limit_reached', message: message('clarification_limit_reached') }];
  const to = (decision.window as { to?: unknown } | undefined)?.to;
  if (decision.outcome === 'validated' && typeof to === 'string' && to < missionDate(now))
    return [{ path: ['window', 'to'], code: 'window_ended', message: message('window_ended') }];
  const from = (decision.window as { from?: unknown } | undefined)?.from;
  const latest = new Date(Date.parse(`${missionDate(now)}T00:00:00Z`) + NEED_WINDOW_MAX_LEAD_DAYS * DAY).toISOString().slice(0, 10);
  if (decision.outcome === 'validated' && typeof from === 'string' && from > latest) {
    const fill = (text: Localized) => ({
      fr: text.fr.replace('{date}', latest).replace('{days}', String(NEED_WINDOW_MAX_LEAD_DAYS)),
      ar: text.ar.replace('{date}', latest).replace('{days}', String(NEED_WINDOW_MAX_LEAD_DAYS)),
      en: text.en.replace('{date}', latest).replace('{days}', String(NEED_WINDOW_MAX_LEAD_DAYS)),
    });
    return [{ path: ['window', 'from'], code: 'window_start_too_far', message: fill(message('window_start_too_far')) }];
  }
  return [];
}

const roles: StepDefinition['roles'] = ['caseworker', 'supervisor'];

export const needSteps: StepDefinition[] = [
  {
    step: 'need-validation',
    title: t("Validation du besoin de l'institution", 'المصادقة على حاجة المؤسسة', "Validation of the institution's need"),
    roles,
    dueInDays: 7,
    decision: validation,
    checkInContext: validationIssues,
    examples: [
      {
        outcome: 'validated',
        sector: 'health',
        skills: ['chirurgie pediatrique', 'formation de personnel soignant'],
        languages: ['fr', 'ar'],
        mode: 'on-site',
        durationWeeks: 3,
        window: { from: '2026-09-01', to: '2026-11-30' },
        missionCity: 'fes',
        notes: 'Confirmed with the head of department by phone.',
      },
      { outcome: 'rejected', reasonCode: 'out-of-scope' },
      { outcome: 'clarification-requested', questionCode: 'dates-unclear', notes: 'Ask whether the mission can start in October.' },
      // A job offer a qualified national may take (form version 2).
      {
        outcome: 'validated',
        engagement: 'job-offer',
        sector: 'education',
        skills: ['science des donnees'],
        languages: ['fr', 'en'],
        mode: 'on-site',
        contractKind: 'fixed-term',
        contractMonths: 24,
        window: { from: '2026-09-01', to: '2027-08-31' },
        missionCity: 'rabat',
      },
    ],
  },
  {
    step: 'need-clarification',
    title: t("Réponse de l'institution", 'جواب المؤسسة', "The institution's answer"),
    roles,
    dueInDays: 14,
    decision: clarification,
    examples: [
      { outcome: 'answered', notes: 'The mission can start on 1 October; two weeks on site are enough.' },
      { outcome: 'no-answer', notes: 'Three calls, two emails, no answer.' },
    ],
  },
];
