// Every human step of every programme, by id: read from the programmes' declarations, plus the
// platform's own steps that every programme's workflows open (PLATFORM_STEPS).
import { programmes } from '../programmes/index.ts';
import { attentionStep } from '../cases/attention.ts';
import type { StepDefinition } from './step-definition.ts';

/** Steps of no programme in particular, opened by the shared workflow builders (workflows/attention.ts). */
export const PLATFORM_STEPS: readonly StepDefinition[] = [attentionStep];

export function isPlatformStep(step: string): boolean {
  return PLATFORM_STEPS.some((definition) => definition.step === step);
}

const declared = [...programmes.flatMap((programme) => programme.steps), ...PLATFORM_STEPS];
const steps = new Map<string, StepDefinition>(declared.map((step) => [step.step, step]));
if (steps.size !== declared.length) throw new Error('two programmes declare the same step id');

export function stepDefinition(step: string): StepDefinition | undefined {
  return steps.get(step);
}

export function allSteps(): StepDefinition[] {
  return [...steps.values()];
}

export type { StepDefinition };
