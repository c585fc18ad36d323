// Protection and assistance of vulnerable migrants, declared. For now its referral form only: its
// steps and its process are declared here as they come (see docs/adding-a-programme.md); until then
// a referral opens a case whose WorkflowStart finds no state machine.
import { protectionReferral } from '../forms/protection-referral.ts';
import { defineProgramme } from '../programmes/types.ts';

export const protectionProgramme = defineProgramme({
  programme: 'protection',
  title: {
    fr: 'Protection et assistance des migrants vulnérables',
    ar: 'حماية ومساعدة المهاجرين في وضعية هشاشة',
    en: 'Protection and assistance of vulnerable migrants',
  },
  forms: [protectionReferral],
  firstPhase: {},
  steps: [],
  phases: [],
});
