// The words the console shows for where a case stands: its programme's title and its workflow
// phase's label, in the caller's language (GET /cases/{caseId}: `programmeTitle`, `workflow.title`,
// `workflow.phases`). From the programmes' declarations and the history's stage labels, never a
// table of the client's own.
import type { Language } from '../i18n/index.ts';
import { programmes } from '../programmes/index.ts';
import { STAGE_LABELS } from '../history/summaries.ts';
import { stepDefinition } from '../tasks/steps.ts';

const PHASE_LABELS: Record<string, Record<Language, string>> = {
  travel: { fr: 'Voyage', ar: 'السفر', en: 'Travel' },
  main: { fr: 'Protection et assistance', ar: 'الحماية والمساعدة', en: 'Protection and assistance' },
  expert: { fr: 'Expert de la diaspora', ar: 'خبير من الجالية', en: 'Diaspora expert' },
  need: { fr: 'Besoin d’une institution', ar: 'حاجة مؤسسة', en: 'Institution’s need' },
  assignment: { fr: 'Mission', ar: 'المهمة', en: 'Assignment' },
  'return-follow-up': { fr: 'Suivi après le retour', ar: 'التتبع بعد العودة', en: 'Follow-up after return' },
  youth: { fr: 'Parcours du jeune', ar: 'مسار الشاب', en: 'Youth track' },
  'youth-follow-up': { fr: 'Suivi du jeune', ar: 'تتبع الشاب', en: 'Youth follow-up' },
  capacity: { fr: 'Évaluation de l’association', ar: 'تقييم الجمعية', en: 'Association assessment' },
};

/** A phase's label in `language` (its own, else the stage or step of the same name, else its code). */
export function phaseTitle(phase: string, language: Language): string {
  return PHASE_LABELS[phase]?.[language] ?? STAGE_LABELS[phase]?.[language] ?? stepDefinition(phase)?.title[language] ?? phase;
}

/** The programme's title in `language` (its code when no programme declares it). */
export function programmeTitle(programme: string, language: Language): string {
  return programmes.find((declared) => declared.programme === programme)?.title[language] ?? programme;
}

/** The programme's phases in their declared order, each with its label: the console's diagram. */
export function programmePhases(programme: string, language: Language): { phase: string; title: string }[] {
  const declared = programmes.find((candidate) => candidate.programme === programme);
  return (declared?.phases ?? []).map(({ phase }) => ({ phase, title: phaseTitle(phase, language) }));
}

/** Every phase any programme declares (a test checks each has its own label in every language). */
export function declaredPhases(): string[] {
  return [...new Set(programmes.flatMap((declared) => declared.phases.map(({ phase }) => phase)))];
}
