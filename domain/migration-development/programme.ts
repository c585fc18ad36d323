// Migration and development, declared: the diaspora experts' register, host institutions' needs and
// the return of skilled nationals. The experts' verification and register (expert-steps.ts,
// register.ts, expert-actions.ts, phase `expert`); a need validated by staff (need-steps.ts, phase
// `need`); matching on the need's case (match-steps.ts, match-case-actions.ts, phase `matching`);
// all in workflows/migration-development-definitions.ts. An expert's assignment (assignment-steps.ts,
// assignment-case-actions.ts, phase `assignment`, workflows/assignment-definitions.ts). The return
// of qualified nationals (return-steps.ts, return-case-actions.ts, phases `return` and
// `return-follow-up`, workflows/return-definitions.ts).
import { diasporaExpertRegistration } from '../forms/diaspora-expert-registration.ts';
import { skilledReturnApplication } from '../forms/skilled-return-application.ts';
import { hostInstitutionNeed, hostInstitutionNeedV1 } from '../forms/host-institution-need.ts';
import { needSteps } from './need-steps.ts';
import { defineProgramme } from '../programmes/types.ts';
import { migrationDevelopmentIndicators } from './indicators.ts';
import { expertSteps } from './expert-steps.ts';
import { assignmentSteps } from './assignment-steps.ts';
import { returnSteps } from './return-steps.ts';
import { matchSteps } from './match-steps.ts';

export const migrationDevelopmentProgramme = defineProgramme({
  programme: 'migration-development',
  title: { fr: 'Migration et développement', ar: 'الهجرة والتنمية', en: 'Migration and development' },
  forms: [diasporaExpertRegistration, skilledReturnApplication, hostInstitutionNeedV1, hostInstitutionNeed],
  firstPhase: { 'diaspora-expert': 'expert', 'host-need': 'need', 'skilled-return': 'return' },
  steps: [...expertSteps, ...needSteps, ...matchSteps, ...assignmentSteps, ...returnSteps],
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
    {
      phase: 'assignment',
      description:
        "An expert's assignment to a matched need: preparation (travel and stay, or the online set-up), the start, a mid-term check, the end, then the expert's report and the host institution's feedback, each reminded and reopened until received (bounded), and closure.",
      // Started by matching (phase `matching`, on the same need case) once it confirms an expert.
      startedBy: ['phase'],
    },
    {
      phase: 'return',
      description:
        "A qualified national's return: eligibility, an opportunity (a job offer from a need matched to them, or their own business project), a reintegration plan within its ceiling approved by another supervisor, the return; follow-ups scheduled at about 3 and 12 months.",
      startedBy: ['outbox'],
      // A withdrawal (POST /cases/{id}/withdrawal) stops it: possible until the first follow-up starts.
      stoppable: true,
    },
    {
      phase: 'return-follow-up',
      description:
        'A follow-up about 3 or 12 months after the return: the situation and a few indicators recorded, or missed (reminded, escalated); the 12-month one closes the case.',
      startedBy: ['schedule'],
    },
  ],
  indicators: migrationDevelopmentIndicators,
});
