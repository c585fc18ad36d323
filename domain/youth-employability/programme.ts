// Youth employability with partner associations, and the associations' capacity building, declared.
// Forms only for now (every version, older first): no steps, no process.
import { associationCapacityAssessment, associationCapacityAssessmentV1 } from '../forms/association-capacity-assessment.ts';
import { youthEnrolment, youthEnrolmentV1 } from '../forms/youth-enrolment.ts';
import { defineProgramme } from '../programmes/types.ts';

export const youthEmployabilityProgramme = defineProgramme({
  programme: 'youth-employability',
  title: { fr: 'Employabilité des jeunes', ar: 'قابلية تشغيل الشباب', en: 'Youth employability' },
  forms: [youthEnrolmentV1, youthEnrolment, associationCapacityAssessmentV1, associationCapacityAssessment],
  firstPhase: {},
  steps: [],
  phases: [],
});
