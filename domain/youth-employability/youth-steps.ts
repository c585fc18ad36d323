// The human steps of the youth track (case type `youth-enrolment`): the orientation interview, the
// monthly record of the track's progress (dated milestones with their evidence, or the exit), and
// the follow-ups about 3 and 6 months after the exit. The partner association's own staff do them
// on their own youth (`partner` with the case's partnerId: domain/access/tasks.ts), mission staff
// alongside. Free text only in `notes` and an evidence's `details` (both stay on the task item);
// reasons are codes.
import * as z from 'zod';
import type { Localized } from '../i18n/index.ts';
import { fieldMessages } from '../i18n/field-messages.ts';
import { labelled } from '../forms/fields.ts';
import type { ContextIssue, StepDefinition } from '../tasks/step-definition.ts';
import { EDUCATION_LEVELS, TRACKS } from '../forms/youth-enrolment.ts';
import { missionDate } from '../calendar.ts';

const t = (fr: string, ar: string, en: string): Localized => ({ fr, ar, en });
const notes = labelled(z.string().trim().max(2000).optional(), t('Notes', 'ملاحظات', 'Notes'));
const isoDate = z.iso.date();
const dated = (label: Localized) => labelled(isoDate, label);

export { TRACKS };
export type Track = (typeof TRACKS)[number];

/** The kinds of activity a plan may hold, by track: an activity must suit the chosen track. */
export const ACTIVITIES_BY_TRACK = {
  community: ['life-skills-workshop', 'volunteering', 'community-project', 'sports-and-culture', 'civic-engagement', 'mentoring'],
  education: ['school-reintegration', 'remedial-classes', 'literacy', 'vocational-training-enrolment', 'tutoring', 'mentoring'],
  'professional-insertion': [
    'vocational-training',
    'soft-skills-training',
    'internship',
    'job-search-coaching',
    'entrepreneurship-training',
    'job-placement',
    'mentoring',
  ],
} as const satisfies Record<Track, readonly string[]>;
export const ACTIVITIES = [...new Set(Object.values(ACTIVITIES_BY_TRACK).flat())] as [string, ...string[]];

export const NOT_CONTINUING_REASONS = [
  'not-interested',
  'moved-away',
  'found-work',
  'family-reasons',
  'health',
  'unreachable',
  'other',
] as const;
export const DROP_OUT_REASONS = [
  'lost-interest',
  'moved-away',
  'family-reasons',
  'health',
  'took-informal-work',
  'financial-constraints',
  'unreachable',
  'other',
] as const;
export const EVIDENCE_KINDS = [
  'contract',
  'payslip',
  'attestation',
  'certificate',
  'enrolment-proof',
  'assessment-sheet',
  'business-registration',
  'declaration',
] as const;
export const SECTORS = [
  'agriculture',
  'manufacturing',
  'construction',
  'trade',
  'hospitality-tourism',
  'transport-logistics',
  'information-communication',
  'health-social',
  'education',
  'services',
  'crafts',
  'other',
] as const;
export const EMPLOYMENT_KINDS = ['wage-employment', 'self-employment'] as const;
export const CONTRACT_KINDS = ['permanent', 'fixed-term', 'seasonal', 'apprenticeship', 'informal', 'not-applicable'] as const;
export const SOFT_SKILLS = ['communication', 'teamwork', 'problem-solving', 'self-confidence', 'reliability'] as const;
export const MILESTONE_TYPES = [
  'training-started',
  'training-completed',
  'internship-started',
  'internship-completed',
  'job-found',
  'back-in-school-or-training',
  'soft-skills-assessment',
] as const;
export type MilestoneType = (typeof MILESTONE_TYPES)[number];

/** The codes of the youth decisions' own rules (messages in domain/i18n/field-messages.ts). */
export const YOUTH_RULE_CODES = [
  'activity_not_in_track',
  'planned_end_before_start',
  'date_before_enrolment',
  'date_in_future',
  'soft_skills_before_missing',
  'soft_skills_after_too_early',
  'exit_required',
] as const;
export type YouthRuleCode = (typeof YOUTH_RULE_CODES)[number];

function issue(ctx: z.core.$RefinementCtx, path: PropertyKey[], code: YouthRuleCode): void {
  ctx.addIssue({ code: 'custom', path, message: code, params: { code } });
}

// --- orientation ---------------------------------------------------------------------------------

const activity = z.strictObject({
  activity: labelled(z.enum(ACTIVITIES), t('Activité', 'النشاط', 'Activity')),
  plannedStart: dated(t('Début prévu', 'البداية المتوقعة', 'Planned start')),
  plannedEnd: dated(t('Fin prévue', 'النهاية المتوقعة', 'Planned end')).optional(),
});

const orientation = z.discriminatedUnion('outcome', [
  z
    .strictObject({
      outcome: z.literal('oriented'),
      track: labelled(z.enum(TRACKS), t('Parcours', 'المسار', 'Track')),
      plan: labelled(z.array(activity).min(1).max(10), t("Plan d'activités", 'خطة الأنشطة', 'Plan of activities')),
      notes,
    })
    // Runs even when other fields failed (every error listed at once): reads only what is there.
    .superRefine((value, ctx) => {
      const allowed: readonly string[] | undefined = (ACTIVITIES_BY_TRACK as Record<string, readonly string[]>)[value.track];
      (Array.isArray(value.plan) ? value.plan : []).forEach((item, index) => {
        if (typeof item !== 'object' || item === null) return;
        if (
          allowed &&
          typeof item.activity === 'string' &&
          (ACTIVITIES as string[]).includes(item.activity) &&
          !allowed.includes(item.activity)
        )
          issue(ctx, ['plan', index, 'activity'], 'activity_not_in_track');
        if (typeof item.plannedEnd === 'string' && typeof item.plannedStart === 'string' && item.plannedEnd < item.plannedStart)
          issue(ctx, ['plan', index, 'plannedEnd'], 'planned_end_before_start');
      });
    }),
  z.strictObject({
    outcome: z.literal('not-continuing'),
    reasonCode: labelled(z.enum(NOT_CONTINUING_REASONS), t('Motif', 'السبب', 'Reason')),
    notes,
  }),
]);

// --- track progress ------------------------------------------------------------------------------

const evidence = labelled(
  z.strictObject({
    kind: labelled(z.enum(EVIDENCE_KINDS), t('Type de justificatif', 'نوع الإثبات', 'Kind of evidence')),
    /** Its reference (a contract number, a certificate's title): short free text, kept on the task item. */
    details: labelled(z.string().trim().min(1).max(200).optional(), t('Référence du justificatif', 'مرجع الإثبات', 'Evidence reference')),
  }),
  t('Justificatif', 'الإثبات', 'Evidence'),
);
const milestoneDate = dated(t('Date', 'التاريخ', 'Date'));
const score = z.number().int().min(1).max(5);

const milestone = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('training-started'), date: milestoneDate, evidence }),
  z.strictObject({ type: z.literal('training-completed'), date: milestoneDate, evidence }),
  z.strictObject({ type: z.literal('internship-started'), date: milestoneDate, sector: z.enum(SECTORS), evidence }),
  z.strictObject({ type: z.literal('internship-completed'), date: milestoneDate, evidence }),
  z.strictObject({
    type: z.literal('job-found'),
    date: milestoneDate,
    sector: labelled(z.enum(SECTORS), t("Secteur de l'employeur", 'قطاع المشغل', "Employer's sector")),
    employment: labelled(z.enum(EMPLOYMENT_KINDS), t("Type d'emploi", 'نوع الشغل', 'Kind of employment')),
    contract: labelled(z.enum(CONTRACT_KINDS), t('Type de contrat', 'نوع العقد', 'Contract kind')),
    evidence,
  }),
  z.strictObject({
    type: z.literal('back-in-school-or-training'),
    date: milestoneDate,
    level: labelled(z.enum(EDUCATION_LEVELS), t('Niveau', 'المستوى', 'Level')),
    evidence,
  }),
  z.strictObject({
    type: z.literal('soft-skills-assessment'),
    date: milestoneDate,
    moment: labelled(z.enum(['before', 'after']), t('Moment', 'التوقيت', 'Moment')),
    scores: labelled(
      z.strictObject(Object.fromEntries(SOFT_SKILLS.map((skill) => [skill, score])) as Record<(typeof SOFT_SKILLS)[number], typeof score>),
      t('Scores (1 à 5)', 'النقاط (1 إلى 5)', 'Scores (1 to 5)'),
    ),
    evidence,
  }),
]);

const exit = z.discriminatedUnion('outcome', [
  z.strictObject({ outcome: z.literal('completed'), date: milestoneDate }),
  z.strictObject({
    outcome: z.literal('dropped-out'),
    date: milestoneDate,
    reasonCode: labelled(z.enum(DROP_OUT_REASONS), t("Motif d'abandon", 'سبب الانقطاع', 'Reason for dropping out')),
  }),
]);

const trackProgress = z.discriminatedUnion('outcome', [
  z.strictObject({ outcome: z.literal('milestone'), milestone, notes }),
  z.strictObject({ outcome: z.literal('no-change'), notes }),
  z.strictObject({ outcome: z.literal('exit'), exit, notes }),
]);

// --- follow-up -------------------------------------------------------------------------------------

const since = dated(t('Depuis', 'منذ', 'Since'));
const situation = z.discriminatedUnion('status', [
  z.strictObject({
    status: z.literal('employed'),
    since,
    employment: labelled(z.enum(EMPLOYMENT_KINDS), t("Type d'emploi", 'نوع الشغل', 'Kind of employment')),
    sector: labelled(z.enum(SECTORS), t('Secteur', 'القطاع', 'Sector')),
  }),
  z.strictObject({ status: z.literal('studying'), since, level: labelled(z.enum(EDUCATION_LEVELS), t('Niveau', 'المستوى', 'Level')) }),
  z.strictObject({ status: z.literal('neither') }),
]);

const followUp = z.discriminatedUnion('outcome', [
  z.strictObject({ outcome: z.literal('reached'), situation, notes }),
  z.strictObject({ outcome: z.literal('unreachable'), attempts: z.number().int().min(1).max(20).optional(), notes }),
]);

// --- context rules ---------------------------------------------------------------------------------

const message = (code: YouthRuleCode, field: Localized = { fr: 'Cette date', ar: 'هذا التاريخ', en: 'This date' }): Localized => {
  const { fr, ar, en } = fieldMessages[`field.custom.${code}`];
  return { fr: fr.replace('{field}', field.fr), ar: ar.replace('{field}', field.ar), en: en.replace('{field}', field.en) };
};
/** Today in Morocco: a date typed by the association is a Moroccan date. */
const today = missionDate;

/** A date of the track: not before the enrolment, not after today. */
function dateIssues(date: unknown, path: (string | number)[], context: Record<string, unknown>, now: Date): ContextIssue[] {
  if (typeof date !== 'string') return [];
  const enrolmentDate = typeof context.enrolmentDate === 'string' ? context.enrolmentDate : undefined;
  if (enrolmentDate && date < enrolmentDate)
    return [{ path, code: 'date_before_enrolment', message: withDate(message('date_before_enrolment'), enrolmentDate) }];
  if (date > today(now)) return [{ path, code: 'date_in_future', message: message('date_in_future') }];
  return [];
}
const withDate = (text: Localized, date: string): Localized => ({
  fr: text.fr.replace('{date}', date),
  ar: text.ar.replace('{date}', date),
  en: text.en.replace('{date}', date),
});

type ProgressDecision = {
  outcome: string;
  milestone?: { type: string; date: string; moment?: string };
  exit?: { date: string };
};

/**
 * The task's context (from the workflow): `enrolmentDate` and `softSkillsBeforeOn` (the date of the
 * case's "before" soft-skills assessment, or null). An "after" assessment without a "before" one is
 * refused: the change could not be measured. `exitOnly: true` when the track has reached its time
 * limit (workflows/youth-definitions.ts): only the exit may be recorded, so the case still gets its
 * exit and its follow-ups.
 */
export function progressIssues(decision: Record<string, unknown>, context: Record<string, unknown>, now: Date): ContextIssue[] {
  const d = decision as ProgressDecision;
  // The track's time limit reached (the workflow's last record, `exitOnly`): only its exit.
  if (context.exitOnly === true && d.outcome !== 'exit')
    return [{ path: ['outcome'], code: 'exit_required', message: message('exit_required') }];
  if (d.outcome === 'milestone' && d.milestone) {
    const issues = dateIssues(d.milestone.date, ['milestone', 'date'], context, now);
    if (d.milestone.type === 'soft-skills-assessment' && d.milestone.moment === 'after') {
      const before = typeof context.softSkillsBeforeOn === 'string' ? context.softSkillsBeforeOn : undefined;
      if (!before)
        issues.push({ path: ['milestone', 'moment'], code: 'soft_skills_before_missing', message: message('soft_skills_before_missing') });
      else if (d.milestone.date < before && issues.length === 0)
        issues.push({
          path: ['milestone', 'date'],
          code: 'soft_skills_after_too_early',
          message: withDate(message('soft_skills_after_too_early'), before),
        });
    }
    return issues;
  }
  if (d.outcome === 'exit' && d.exit) return dateIssues(d.exit.date, ['exit', 'date'], context, now);
  return [];
}

/**
 * A follow-up's `since` is not in the future. One before the enrolment (the context's `enrolmentDate`)
 * is accepted, as the situation is: the young person may have held that work all along; it is only
 * not counted as a job kept at 90 days (`jobKeptAt90Days` in youth-case-actions.ts).
 */
export function followUpIssues(decision: Record<string, unknown>, _context: Record<string, unknown>, now: Date): ContextIssue[] {
  const since = (decision as { situation?: { since?: unknown } }).situation?.since;
  return typeof since === 'string' && since > today(now)
    ? [{ path: ['situation', 'since'], code: 'date_in_future', message: message('date_in_future') }]
    : [];
}

// --- the steps -------------------------------------------------------------------------------------

const roles: StepDefinition['roles'] = ['partner', 'caseworker', 'supervisor'];

export const youthSteps: StepDefinition[] = [
  {
    step: 'youth-orientation',
    title: t("Entretien d'orientation", 'مقابلة التوجيه', 'Orientation interview'),
    roles,
    dueInDays: 14,
    decision: orientation,
    examples: [
      {
        outcome: 'oriented',
        track: 'professional-insertion',
        plan: [
          { activity: 'soft-skills-training', plannedStart: '2027-01-04', plannedEnd: '2027-01-29' },
          { activity: 'vocational-training', plannedStart: '2027-02-01', plannedEnd: '2027-05-28' },
          { activity: 'internship', plannedStart: '2027-06-01' },
        ],
        notes: 'Wants to work in hospitality; good French.',
      },
      { outcome: 'not-continuing', reasonCode: 'moved-away' },
    ],
  },
  {
    step: 'youth-track-progress',
    title: t('Suivi du parcours', 'تتبع المسار', 'Track progress'),
    roles,
    dueInDays: 30,
    decision: trackProgress,
    checkInContext: progressIssues,
    examples: [
      {
        outcome: 'milestone',
        milestone: {
          type: 'job-found',
          date: '2026-11-20',
          sector: 'hospitality-tourism',
          employment: 'wage-employment',
          contract: 'fixed-term',
          evidence: { kind: 'contract', details: 'CDD 12 mois' },
        },
      },
      { outcome: 'no-change', notes: 'Training continues; attendance good.' },
      { outcome: 'exit', exit: { outcome: 'completed', date: '2026-11-25' } },
    ],
  },
  {
    step: 'youth-follow-up',
    title: t('Suivi après la sortie', 'المتابعة بعد الخروج', 'Follow-up after exit'),
    roles,
    dueInDays: 14,
    decision: followUp,
    checkInContext: followUpIssues,
    examples: [
      {
        outcome: 'reached',
        situation: { status: 'employed', since: '2026-08-01', employment: 'wage-employment', sector: 'hospitality-tourism' },
      },
      { outcome: 'unreachable', attempts: 3, notes: 'Phone off; the association will visit.' },
    ],
  },
];
