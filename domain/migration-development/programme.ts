// Migration and development, declared: the diaspora experts' register and the return of skilled
// nationals. The experts' verification and register (expert-steps.ts, register.ts, expert-actions.ts,
// workflows/migration-development-definitions.ts); skilled return: forms only for now.
import { diasporaExpertRegistration } from '../forms/diaspora-expert-registration.ts';
import { skilledReturnApplication } from '../forms/skilled-return-application.ts';
import { defineProgramme } from '../programmes/types.ts';
import { expertSteps } from './expert-steps.ts';

export const migrationDevelopmentProgramme = defineProgramme({
  programme: 'migration-development',
  title: { fr: 'Migration et développement', ar: 'الهجرة والتنمية', en: 'Migration and development' },
  forms: [diasporaExpertRegistration, skilledReturnApplication],
  firstPhase: { 'diaspora-expert': 'expert' },
  steps: [...expertSteps],
  phases: [
    {
      phase: 'expert',
      description:
        "A diaspora expert's verification by mission staff (identity, qualifications, the skills and languages listed); a verified expert is listed in the experts' register (the case stays open at stage `listed`), a rejected one closed.",
      startedBy: ['outbox'],
    },
  ],
});
