// The human step of a diaspora expert's registration (case type `diaspora-expert`): mission staff
// verify the expert's identity and qualifications and confirm the skills and languages the register
// will list (docs/workflows/migration-development.md, "Experts"). The confirmed skills become search
// keys (skills.ts) on the register entry, written by the `list-expert` case action from the task item
// (never through the workflow); `notes` stay on the task item.
import * as z from 'zod';
import type { Localized } from '../i18n/index.ts';
import { labelled } from '../forms/fields.ts';
import type { ContextIssue, StepDefinition } from '../tasks/step-definition.ts';
import { normaliseSkill } from './skills.ts';

const t = (fr: string, ar: string, en: string): Localized => ({ fr, ar, en });
const notes = labelled(z.string().trim().min(1).max(2000).optional(), t('Notes', 'ملاحظات', 'Notes'));

export const EXPERT_REJECTION_REASONS = [
  'identity-not-verified',
  'qualifications-not-verified',
  'outside-programme-scope',
  'duplicate-registration',
  'unreachable',
  'other',
] as const;

const verification = z.discriminatedUnion('outcome', [
  z.strictObject({
    outcome: z.literal('verified'),
    identityChecked: labelled(z.literal(true), t('Identité vérifiée', 'تم التحقق من الهوية', 'Identity checked')),
    qualificationsChecked: labelled(z.literal(true), t('Qualifications vérifiées', 'تم التحقق من المؤهلات', 'Qualifications checked')),
    skillsConfirmed: labelled(
      z.array(z.string().trim().min(1).max(100)).min(1).max(30),
      t('Compétences confirmées', 'المهارات المؤكدة', 'Skills confirmed'),
      t(
        'Les compétences de l’inscription retenues pour le registre (telles que saisies ou normalisées).',
        'مهارات التسجيل المعتمدة في السجل (كما أُدخلت أو بعد توحيدها).',
        'The registration’s skills kept for the register (as typed or normalised).',
      ),
    ),
    languagesConfirmed: labelled(
      z
        .array(z.string().regex(/^[a-z]{2}$/))
        .min(1)
        .max(10),
      t('Langues confirmées', 'اللغات المؤكدة', 'Languages confirmed'),
    ),
    notes,
  }),
  z.strictObject({
    outcome: z.literal('rejected'),
    reasonCode: labelled(z.enum(EXPERT_REJECTION_REASONS), t('Motif', 'السبب', 'Reason')),
    notes,
  }),
]);

/** A confirmed skill must leave a key once normalised ("  --  " does not). */
function checkSkills(decision: Record<string, unknown>): ContextIssue[] {
  const skills = Array.isArray(decision.skillsConfirmed) ? (decision.skillsConfirmed as string[]) : [];
  return skills.flatMap((skill, index) =>
    normaliseSkill(skill).length > 0
      ? []
      : [
          {
            path: ['skillsConfirmed', index],
            code: 'skill_without_key',
            message: t(
              'Cette compétence ne contient ni lettre ni chiffre.',
              'هذه المهارة لا تحتوي على أي حرف أو رقم.',
              'This skill has no letter or digit.',
            ),
          },
        ],
  );
}

export const expertSteps: StepDefinition[] = [
  {
    step: 'expert-verification',
    title: t("Vérification de l'expert", 'التحقق من الخبير', 'Expert verification'),
    roles: ['caseworker', 'supervisor'],
    dueInDays: 14,
    decision: verification,
    checkInContext: checkSkills,
    examples: [
      {
        outcome: 'verified',
        identityChecked: true,
        qualificationsChecked: true,
        skillsConfirmed: ['Chirurgie pédiatrique', 'Formation de personnel soignant'],
        languagesConfirmed: ['ar', 'fr', 'en'],
      },
      { outcome: 'rejected', reasonCode: 'qualifications-not-verified' },
    ],
  },
];
