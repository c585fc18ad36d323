// Every human step of every programme, by id: read from the programmes' declarations.
import { programmes } from '../programmes/index.ts';
import type { StepDefinition } from './step-definition.ts';

const declared = programmes.flatMap((programme) => programme.steps);
const steps = new Map<string, StepDefinition>(declared.map((step) => [step.step, step]));
if (steps.size !== declared.length) throw new Error('two programmes declare the same step id');

export function stepDefinition(step: string): StepDefinition | undefined {
  return steps.get(step);
}

export function allSteps(): StepDefinition[] {
  return [...steps.values()];
}

export type { StepDefinition };
