// Protection and assistance of vulnerable migrants, declared: its referral form, its human steps,
// and its process in one phase (workflows/protection-definitions.ts) whose executions are also
// started again for a re-entry: a reopened case, or follow-up after a linked AVRR case ended.
import { protectionReferral } from '../forms/protection-referral.ts';
import { defineProgramme } from '../programmes/types.ts';
import { protectionIndicators } from './indicators.ts';
import { protectionSteps } from './steps.ts';

export const protectionProgramme = defineProgramme({
  programme: 'protection',
  title: {
    fr: 'Protection et assistance des migrants vulnérables',
    ar: 'حماية ومساعدة المهاجرين في وضعية هشاشة',
    en: 'Protection and assistance of vulnerable migrants',
  },
  forms: [protectionReferral],
  firstPhase: { protection: 'main' },
  steps: protectionSteps,
  phases: [
    {
      phase: 'main',
      description:
        'Registration and risk level (a high risk due within hours), vulnerability assessment (trafficking details on closed lists), best interests for an unaccompanied or separated child (BIA with its approval, BID before a durable solution), assistance plan with four-eyes approval, each service delivered by staff or the partner it was referred to, follow-up visits, closure with a reason. Started by intake, and again by a reopening; it runs until the case closes (a linked AVRR case ending before departure leaves it running), continuing itself in a fresh execution before its year runs out.',
      startedBy: ['outbox'],
      stoppedByLinkedCase: true,
    },
  ],
  indicators: protectionIndicators,
});
