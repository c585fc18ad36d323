// Assisted voluntary return and reintegration, declared: its application form, its human steps, and
// its process in four phases (each a state machine well under a year: workflows/avrr-definitions.ts).
import { avrrApplication } from '../forms/avrr-application.ts';
import { defineProgramme } from '../programmes/types.ts';
import { avrrIndicators } from './indicators.ts';
import { avrrSteps } from './steps.ts';

export const avrrProgramme = defineProgramme({
  programme: 'avrr',
  title: {
    fr: 'Aide au retour volontaire et à la réintégration (AVRR)',
    ar: 'المساعدة على العودة الطوعية وإعادة الإدماج',
    en: 'Assisted voluntary return and reintegration (AVRR)',
  },
  forms: [avrrApplication],
  firstPhase: { avrr: 'return' },
  steps: avrrSteps,
  phases: [
    {
      phase: 'return',
      description:
        'Application, eligibility screening and counselling (with a bounded loop for more information from the applicant), four-eyes approval; then starts the travel phase by name.',
      startedBy: ['outbox'],
      stoppable: true,
    },
    {
      phase: 'travel',
      description:
        'Travel preparation in parallel (document; fit-to-travel check if flagged; escort if vulnerable; ticket), departure with at most two rebookings after a no-show, arrival and reception; then starts the reintegration phase by name.',
      startedBy: ['phase'],
      stoppable: true,
    },
    {
      phase: 'reintegration',
      description:
        'Reintegration plan within the household budget ceiling, four-eyes approval, assistance delivered; then one-time schedules start the check-ins 3, 6 and 12 months after arrival.',
      startedBy: ['phase'],
    },
    {
      phase: 'check-in',
      description:
        'One execution per check-in, started by its schedule: the sustainability survey (scored on economic, social and psychosocial dimensions) or a missed check-in; the last one closes the case.',
      startedBy: ['schedule'],
    },
  ],
  indicators: avrrIndicators,
});
