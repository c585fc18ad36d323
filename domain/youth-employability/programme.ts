// Youth employability with partner associations, and the associations' capacity building, declared.
// Forms (every version, older first); the youth track's steps (youth-steps.ts) and its two phases
// (workflows/youth-definitions.ts).
import { associationCapacityAssessment, associationCapacityAssessmentV1 } from '../forms/association-capacity-assessment.ts';
import { youthEnrolment, youthEnrolmentV1 } from '../forms/youth-enrolment.ts';
import { defineProgramme } from '../programmes/types.ts';
import { youthSteps } from './youth-steps.ts';

export const youthEmployabilityProgramme = defineProgramme({
  programme: 'youth-employability',
  title: { fr: 'Employabilité des jeunes', ar: 'قابلية تشغيل الشباب', en: 'Youth employability' },
  forms: [youthEnrolmentV1, youthEnrolment, associationCapacityAssessmentV1, associationCapacityAssessment],
  firstPhase: { 'youth-enrolment': 'youth' },
  steps: [...youthSteps],
  phases: [
    {
      phase: 'youth',
      description:
        'Youth track: orientation interview (track and plan of activities), about-monthly progress records with dated milestones and their evidence (a bounded loop, continued in a fresh execution when long), the exit; then one-time schedules start the follow-ups 3 and 6 months after the exit.',
      startedBy: ['outbox'],
    },
    {
      phase: 'youth-follow-up',
      description:
        "One execution per follow-up after the exit, started by its schedule: the young person's situation (employed, studying, neither; a job kept at 90 days) or a missed follow-up; the 6-month one closes the case.",
      startedBy: ['schedule'],
    },
  ],
});
