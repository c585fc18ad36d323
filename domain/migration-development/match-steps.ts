// The human steps of matching a host institution's need (case type `host-need`, phase `matching`):
// staff shortlist candidates from the ranked context (`match-shortlist`), then record each proposed
// candidate's and the institution's answer and confirm one whose both answers are `accepted`
// (`match-answers`). Candidates are named by their case ids; everything else is codes. Free text only
// in `notes` (it stays on the task item).
import * as z from 'zod';
import type { Localized } from '../i18n/index.ts';
import { labelled } from '../forms/fields.ts';
import type { ContextIssue, StepDefinition, StepRefusal } from '../tasks/step-definition.ts';
import type { CaseRecord } from '../cases/model.ts';

const t = (fr: string, ar: string, en: string): Localized => ({ fr, ar, en });
const notes = labelled(z.string().trim().max(2000).optional(), t('Notes', 'ملاحظات', 'Notes'));

/**
 * How many rounds a need's matching may go through before it must be decided. A round is one search
 * (`match-candidates`) and what follows it: its shortlist, the proposals (`facts.proposals[].round`)
 * and their answers; the steps' context shows it as `round`.
 */
export const MAX_MATCH_ROUNDS = 3;
/** At most this many candidates proposed at once. */
export const MAX_PROPOSALS = 5;

export const NO_CANDIDATE_REASONS = ['no-candidate-in-register', 'skills-not-available', 'window-not-covered', 'other'] as const;
export const NO_MATCH_REASONS = ['candidates-declined', 'institution-declined', 'no-answer', 'need-withdrawn', 'other'] as const;
export const ANSWERS = ['accepted', 'declined', 'no-answer'] as const;

/** A candidate as the shortlist's context lists it (codes and ids only). */
export interface CandidateInContext {
  candidateKind: 'expert' | 'returnee';
  candidateCaseId: string;
  score: number;
}

const candidateId = labelled(z.uuid(), t('Candidat (dossier)', 'المرشح (الملف)', 'Candidate (case)'));

const shortlist = z.discriminatedUnion('outcome', [
  z.strictObject({
    outcome: z.literal('shortlisted'),
    candidateCaseIds: labelled(
      z
        .array(candidateId)
        .min(1)
        .max(MAX_PROPOSALS)
        .refine((xs) => new Set(xs).size === xs.length, { params: { code: 'duplicate' } }),
      t('Candidats retenus', 'المرشحون المختارون', 'Candidates shortlisted'),
    ),
    notes,
  }),
  z.strictObject({ outcome: z.literal('search-again'), notes }),
  z.strictObject({
    outcome: z.literal('no-suitable-candidate'),
    reasonCode: labelled(z.enum(NO_CANDIDATE_REASONS), t('Motif', 'السبب', 'Reason')),
    notes,
  }),
]);

const answer = labelled(z.enum(ANSWERS), t('Réponse', 'الجواب', 'Answer'));
const answers = labelled(
  z
    .array(
      z.strictObject({
        candidateCaseId: candidateId,
        candidate: labelled(answer, t('Réponse du candidat', 'جواب المرشح', "The candidate's answer")),
        institution: labelled(answer, t("Réponse de l'institution", 'جواب المؤسسة', "The institution's answer")),
      }),
    )
    .min(1)
    .max(MAX_PROPOSALS),
  t('Réponses', 'الأجوبة', 'Answers'),
);

const answersDecision = z.discriminatedUnion('outcome', [
  z.strictObject({
    outcome: z.literal('confirmed'),
    candidateCaseId: labelled(z.uuid(), t('Candidat confirmé (dossier)', 'المرشح المؤكد (الملف)', 'Candidate confirmed (case)')),
    answers,
    notes,
  }),
  z.strictObject({ outcome: z.literal('shortlist-again'), answers, notes }),
  z.strictObject({
    outcome: z.literal('no-match'),
    reasonCode: labelled(z.enum(NO_MATCH_REASONS), t('Motif', 'السبب', 'Reason')),
    answers: answers.optional(),
    notes,
  }),
]);

const MESSAGES = {
  candidate_not_in_context: t(
    'Ce candidat ne figure pas dans la liste proposée par la recherche.',
    'هذا المرشح غير موجود في القائمة التي اقترحها البحث.',
    'This candidate is not among those the search listed.',
  ),
  match_rounds_exhausted: t(
    'Le nombre de recherches est épuisé : retenez un candidat ou clôturez.',
    'تم استنفاد عدد عمليات البحث: اختر مرشحًا أو أغلق الملف.',
    'No search is left: shortlist a candidate or close.',
  ),
  candidate_not_proposed: t(
    "Ce candidat n'a pas été proposé pour ce besoin.",
    'لم يتم اقتراح هذا المرشح لهذه الحاجة.',
    'This candidate was not proposed for this need.',
  ),
  candidate_gone: t(
    "Ce candidat n'est plus disponible : confirmez un autre candidat ou choisissez une autre issue.",
    'هذا المرشح لم يعد متاحًا: أكّد مرشحًا آخر أو اختر نتيجة أخرى.',
    'This candidate is no longer available: confirm another one or choose another outcome.',
  ),
  both_answers_required: t(
    "Le candidat et l'institution doivent avoir tous deux accepté.",
    'يجب أن يكون المرشح والمؤسسة قد وافقا كلاهما.',
    'Both the candidate and the institution must have accepted.',
  ),
} as const;
type MatchRuleCode = keyof typeof MESSAGES;
const issue = (path: (string | number)[], code: MatchRuleCode): ContextIssue => ({ path, code, message: MESSAGES[code] });

const listed = (context: Record<string, unknown>, key: string): string[] =>
  Array.isArray(context[key])
    ? (context[key] as Record<string, unknown>[]).map((c) => c.candidateCaseId).filter((id): id is string => typeof id === 'string')
    : [];

/** The context (from the workflow): `candidates` (the ranked search) and `roundsLeft`. */
export function shortlistIssues(decision: Record<string, unknown>, context: Record<string, unknown>): ContextIssue[] {
  if (decision.outcome === 'search-again' && context.roundsLeft === 0) return [issue(['outcome'], 'match_rounds_exhausted')];
  if (decision.outcome !== 'shortlisted' || !Array.isArray(decision.candidateCaseIds)) return [];
  const known = new Set(listed(context, 'candidates'));
  return (decision.candidateCaseIds as unknown[]).flatMap((id, index) =>
    typeof id === 'string' && !known.has(id) ? [issue(['candidateCaseIds', index], 'candidate_not_in_context')] : [],
  );
}

/**
 * The context: `proposals` (this round's), `roundsLeft` and `gone` (the candidates whose confirmation
 * failed in this round: no longer available). Answers name proposed candidates only; a gone candidate
 * cannot be confirmed.
 */
export function answersIssues(decision: Record<string, unknown>, context: Record<string, unknown>): ContextIssue[] {
  const proposed = new Set(listed(context, 'proposals'));
  const given = Array.isArray(decision.answers) ? (decision.answers as Record<string, unknown>[]) : [];
  const issues = given.flatMap((a, index) =>
    typeof a.candidateCaseId === 'string' && !proposed.has(a.candidateCaseId)
      ? [issue(['answers', index, 'candidateCaseId'], 'candidate_not_proposed')]
      : [],
  );
  if (decision.outcome === 'shortlist-again' && context.roundsLeft === 0) issues.push(issue(['outcome'], 'match_rounds_exhausted'));
  if (decision.outcome === 'confirmed' && typeof decision.candidateCaseId === 'string') {
    if (!proposed.has(decision.candidateCaseId)) issues.push(issue(['candidateCaseId'], 'candidate_not_proposed'));
    else if (Array.isArray(context.gone) && context.gone.includes(decision.candidateCaseId))
      issues.push(issue(['candidateCaseId'], 'candidate_gone'));
    else {
      const its = given.find((a) => a.candidateCaseId === decision.candidateCaseId);
      if (its?.candidate !== 'accepted' || its.institution !== 'accepted') issues.push(issue(['answers'], 'both_answers_required'));
    }
  }
  return issues;
}

/** The stage at which a candidate's case is open to a proposal: a listed expert, a returnee looking for an opportunity. */
export const AVAILABLE_STAGE: Record<string, string> = { 'diaspora-expert': 'listed', 'skilled-return': 'opportunity' };

/**
 * A candidate's case is available when it is still open at the stage its kind is matched at, and for
 * an expert while they consent to be contacted (`facts.consentFollowUpContact`, which
 * POST /cases/{caseId}/consents changes with the register entry's `consentToContact`): an expert who
 * revoked it is never proposed nor confirmed (docs/data-protection.md). A withdrawn entry closes the case.
 */
export function candidateAvailable(record: Pick<CaseRecord, 'status' | 'stage' | 'caseType' | 'facts'> | undefined): boolean {
  return (
    record !== undefined &&
    record.status === 'open' &&
    AVAILABLE_STAGE[record.caseType] === record.stage &&
    (record.caseType !== 'diaspora-expert' || record.facts.consentFollowUpContact === true)
  );
}

/** Every shortlisted candidate's case must still be available when the shortlist completes (409 otherwise). */
export function shortlistGuard(decision: Record<string, unknown>, cases: { named: CaseRecord[] }): StepRefusal | undefined {
  if (decision.outcome !== 'shortlisted' || !Array.isArray(decision.candidateCaseIds)) return undefined;
  return (decision.candidateCaseIds as unknown[]).every((id) => candidateAvailable(cases.named.find((c) => c.caseId === id)))
    ? undefined
    : 'candidate-no-longer-available';
}

/** The confirmed candidate's case must still be available when the answers are recorded (409 otherwise). */
export function confirmationGuard(decision: Record<string, unknown>, cases: { named: CaseRecord[] }): StepRefusal | undefined {
  if (decision.outcome !== 'confirmed') return undefined;
  const candidate = cases.named.find((c) => c.caseId === decision.candidateCaseId);
  return candidateAvailable(candidate) ? undefined : 'candidate-no-longer-available';
}

const roles: StepDefinition['roles'] = ['caseworker', 'supervisor'];
const EXAMPLE_EXPERT = '3f2c1a9e-8b7d-4c6e-9a1b-2d3e4f5a6b7c';
const EXAMPLE_OTHER = '7a6b5c4d-3e2f-4a1b-8c9d-0e1f2a3b4c5d';

export const matchSteps: StepDefinition[] = [
  {
    step: 'match-shortlist',
    title: t('Présélection des candidats', 'الانتقاء الأولي للمرشحين', 'Shortlist of candidates'),
    roles,
    dueInDays: 7,
    decision: shortlist,
    checkInContext: shortlistIssues,
    namesCases: (decision) =>
      Array.isArray(decision.candidateCaseIds) ? decision.candidateCaseIds.filter((id): id is string => typeof id === 'string') : [],
    caseGuard: shortlistGuard,
    examples: [
      { outcome: 'shortlisted', candidateCaseIds: [EXAMPLE_EXPERT, EXAMPLE_OTHER], notes: 'Both already worked with the hospital.' },
      { outcome: 'search-again', notes: 'Two experts are being verified this week.' },
      { outcome: 'no-suitable-candidate', reasonCode: 'skills-not-available' },
    ],
  },
  {
    step: 'match-answers',
    title: t('Réponses aux propositions', 'الأجوبة على الاقتراحات', 'Answers to the proposals'),
    roles,
    dueInDays: 14,
    decision: answersDecision,
    checkInContext: answersIssues,
    namesCases: (decision) => (typeof decision.candidateCaseId === 'string' ? [decision.candidateCaseId] : []),
    caseGuard: confirmationGuard,
    examples: [
      {
        outcome: 'confirmed',
        candidateCaseId: EXAMPLE_EXPERT,
        answers: [
          { candidateCaseId: EXAMPLE_EXPERT, candidate: 'accepted', institution: 'accepted' },
          { candidateCaseId: EXAMPLE_OTHER, candidate: 'declined', institution: 'accepted' },
        ],
        notes: 'The expert can start on the first day of the window.',
      },
      {
        outcome: 'shortlist-again',
        answers: [{ candidateCaseId: EXAMPLE_EXPERT, candidate: 'declined', institution: 'accepted' }],
      },
      { outcome: 'no-match', reasonCode: 'institution-declined' },
    ],
  },
];
