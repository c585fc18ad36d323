// Migration and development, declared: the diaspora experts' register and the return of skilled
// nationals. Forms only for now: no steps, no process (their cases open and wait).
import { diasporaExpertRegistration } from '../forms/diaspora-expert-registration.ts';
import { skilledReturnApplication } from '../forms/skilled-return-application.ts';
import { defineProgramme } from '../programmes/types.ts';

export const migrationDevelopmentProgramme = defineProgramme({
  programme: 'migration-development',
  title: { fr: 'Migration et développement', ar: 'الهجرة والتنمية', en: 'Migration and development' },
  forms: [diasporaExpertRegistration, skilledReturnApplication],
  firstPhase: {},
  steps: [],
  phases: [],
});
