// Every human step of every programme, by id.
import { avrrSteps, type StepDefinition } from '../avrr/steps.ts';

const steps = new Map<string, StepDefinition>(avrrSteps.map((step) => [step.step, step]));

export function stepDefinition(step: string): StepDefinition | undefined {
  return steps.get(step);
}

export function allSteps(): StepDefinition[] {
  return [...steps.values()];
}

export type { StepDefinition };
