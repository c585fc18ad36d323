// Youth employability with partner associations, and the associations' capacity building, declared.
// Forms (every version, older first); the capacity building of associations (capacity-*.ts,
// workflows/capacity-definitions.ts).
import {
  associationCapacityAssessment,
  associationCapacityAssessmentV1,
  associationCapacityAssessmentV3,
} from '../forms/association-capacity-assessment.ts';
import { capacitySteps } from './capacity-steps.ts';
import { youthEnrolment, youthEnrolmentV1 } from '../forms/youth-enrolment.ts';
import { defineProgramme } from '../programmes/types.ts';

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
  firstPhase: { 'association-capacity': 'capacity' },
  steps: [...capacitySteps],
  phases: [
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
});
