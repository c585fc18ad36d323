// The words the console shows for where a case stands: its programme's title and its workflow
// phase's label, in the caller's language (GET /cases/{caseId}: `programmeTitle`, `workflow.title`,
// `workflow.phases`). From the programmes' declarations and the history's stage labels, never a
// table of the client's own.
import type { Language } from '../i18n/index.ts';
import { programmes } from '../programmes/index.ts';
import { STAGE_LABELS } from '../history/summaries.ts';
import { stepDefinition } from '../tasks/steps.ts';

/** A phase's label in `language` (the history's label of that stage, else the step of the same name, else its code). */
export function phaseTitle(phase: string, language: Language): string {
  return STAGE_LABELS[phase]?.[language] ?? stepDefinition(phase)?.title[language] ?? phase;
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
