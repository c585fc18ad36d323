// Migration and development, declared: the diaspora experts' register, host institutions' needs and
// the return of skilled nationals. A need is validated by staff (need-steps.ts, phase `need`:
// workflows/migration-development-definitions.ts); the other forms' cases open and wait.
import { diasporaExpertRegistration } from '../forms/diaspora-expert-registration.ts';
import { skilledReturnApplication } from '../forms/skilled-return-application.ts';
import { hostInstitutionNeed } from '../forms/host-institution-need.ts';
import { needSteps } from './need-steps.ts';
import { defineProgramme } from '../programmes/types.ts';

export const migrationDevelopmentProgramme = defineProgramme({
  programme: 'migration-development',
  title: { fr: 'Migration et développement', ar: 'الهجرة والتنمية', en: 'Migration and development' },
  forms: [diasporaExpertRegistration, skilledReturnApplication, hostInstitutionNeed],
  firstPhase: { 'host-need': 'need' },
  steps: [...needSteps],
  phases: [
    {
      phase: 'need',
      description:
        "A host institution's need: its validation by staff (questions to the institution answered to staff, bounded), then recorded and open for matching; or rejected.",
      startedBy: ['outbox'],
    },
  ],
});
