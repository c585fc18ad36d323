// Migration and development, declared: the diaspora experts' register, host institutions' needs and
// the return of skilled nationals. The experts' verification and register (expert-steps.ts,
// register.ts, expert-actions.ts, phase `expert`); a need validated by staff (need-steps.ts, phase
// `need`); matching on the need's case (match-steps.ts, match-case-actions.ts, phase `matching`);
// all in workflows/migration-development-definitions.ts. Skilled return: forms only for now.
import { diasporaExpertRegistration } from '../forms/diaspora-expert-registration.ts';
import { skilledReturnApplication } from '../forms/skilled-return-application.ts';
import { hostInstitutionNeed, hostInstitutionNeedV1 } from '../forms/host-institution-need.ts';
import { needSteps } from './need-steps.ts';
import { defineProgramme } from '../programmes/types.ts';
import { expertSteps } from './expert-steps.ts';
import { matchSteps } from './match-steps.ts';

export const migrationDevelopmentProgramme = defineProgramme({
  programme: 'migration-development',
  title: { fr: 'Migration et développement', ar: 'الهجرة والتنمية', en: 'Migration and development' },
  forms: [diasporaExpertRegistration, skilledReturnApplication, hostInstitutionNeedV1, hostInstitutionNeed],
  firstPhase: { 'diaspora-expert': 'expert', 'host-need': 'need' },
  steps: [...expertSteps, ...needSteps, ...matchSteps],
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
      phase: 'matching',
      description:
        "A need open for matching: ranked candidates shortlisted by staff, proposed, the candidate's and the institution's answers recorded, and one candidate confirmed (the need `matched`; an expert's assignment entry written); bounded rounds, else closed.",
      startedBy: ['phase'],
    },
  ],
});
