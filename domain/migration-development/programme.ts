// Migration and development, declared: the diaspora experts' register, host institutions' needs and
// the return of skilled nationals. The experts' verification and register (expert-steps.ts,
// register.ts, expert-actions.ts, phase `expert`); a need validated by staff (need-steps.ts, phase
// `need`); both in workflows/migration-development-definitions.ts. Skilled return: forms only for now.
import { diasporaExpertRegistration } from '../forms/diaspora-expert-registration.ts';
import { skilledReturnApplication } from '../forms/skilled-return-application.ts';
import { hostInstitutionNeed } from '../forms/host-institution-need.ts';
import { needSteps } from './need-steps.ts';
import { defineProgramme } from '../programmes/types.ts';
import { expertSteps } from './expert-steps.ts';
import { assignmentSteps } from './assignment-steps.ts';

export const migrationDevelopmentProgramme = defineProgramme({
  programme: 'migration-development',
  title: { fr: 'Migration et développement', ar: 'الهجرة والتنمية', en: 'Migration and development' },
  forms: [diasporaExpertRegistration, skilledReturnApplication, hostInstitutionNeed],
  firstPhase: { 'diaspora-expert': 'expert', 'host-need': 'need' },
  steps: [...expertSteps, ...needSteps, ...assignmentSteps],
  phases: [
    {
      phase: 'expert',
      description:
        "A diaspora expert's verification by mission staff (identity, qualifications, the skills and languages listed); a verified expert is listed in the experts' register (the case stays open at stage `listed`), a rejected one closed.",
      startedBy: ['outbox'],
    },
    {
      phase: 'need',
      description:
        "A host institution's need: its validation by staff (questions to the institution answered to staff, bounded), then recorded and open for matching; or rejected.",
      startedBy: ['outbox'],
    },
    {
      phase: 'assignment',
      description:
        "An expert's assignment to a matched need: preparation (travel and stay, or the online set-up), the start, a mid-term check, the end, then the expert's report and the host institution's feedback, each reminded and reopened until received (bounded), and closure.",
      // Started by matching (phase `matching`, on the same need case) once it confirms an expert:
      // `['phase']` when merged with it. Until then no sibling starts it, which programmeProblems
      // refuses for a phase declared started by a phase.
      startedBy: ['outbox'],
    },
  ],
});
