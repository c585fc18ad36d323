// Every human step of every programme, by id: read from the programmes' declarations.
import { programmes } from '../programmes/index.ts';
import type { StepDefinition } from './step-definition.ts';

const steps = new Map<string, StepDefinition>(programmes.flatMap((programme) => programme.steps).map((step) => [step.step, step]));

export function stepDefinition(step: string): StepDefinition | undefined {
  return steps.get(step);
}

export function allSteps(): StepDefinition[] {
  return [...steps.values()];
}

export type { StepDefinition };
