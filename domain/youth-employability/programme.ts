// Youth employability with partner associations, and the associations' capacity building, declared.
// Forms (every version, older first); the youth track (youth-steps.ts, workflows/youth-definitions.ts)
// and the capacity building of associations (capacity-*.ts, workflows/capacity-definitions.ts).
import {
  associationCapacityAssessment,
  associationCapacityAssessmentV1,
  associationCapacityAssessmentV3,
} from '../forms/association-capacity-assessment.ts';
import { youthEnrolment, youthEnrolmentV1 } from '../forms/youth-enrolment.ts';
import { defineProgramme } from '../programmes/types.ts';
import { youthIndicators } from './indicators.ts';
import { capacitySteps } from './capacity-steps.ts';
import { youthSteps } from './youth-steps.ts';

export const youthEmployabilityProgramme = defineProgramme({
  programme: 'youth-employability',
  title: { fr: 'Employabilité des jeunes', ar: 'قابلية تشغيل الشباب', en: 'Youth employability' },
  forms: [
    youthEnrolmentV1,
    youthEnrolment,
    associationCapacityAssessmentV1,
    associationCapacityAssessment,
    associationCapacityAssessmentV3,
  ],
  firstPhase: { 'youth-enrolment': 'youth', 'association-capacity': 'capacity' },
  steps: [...youthSteps, ...capacitySteps],
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
    {
      phase: 'capacity',
      description:
        "An association's capacity assessment: the plan drawn from it, its approval by mission staff (changes requested: bounded rounds); starts capacity building once approved.",
      startedBy: ['outbox'],
    },
    {
      phase: 'capacity-building',
      description:
        'The months of trainings and coaching after the plan is approved, one record a month, then the reassessment on the same instrument, set beside the baseline per domain; closes the case.',
      startedBy: ['phase'],
    },
  ],
  indicators: youthIndicators,
});
