// Every human step of every programme, by id.
import { avrrSteps, type StepDefinition } from '../avrr/steps.ts';
import { protectionSteps } from '../protection/steps.ts';

const steps = new Map<string, StepDefinition>([...avrrSteps, ...protectionSteps].map((step) => [step.step, step]));
if (steps.size !== avrrSteps.length + protectionSteps.length) throw new Error('two programmes declare the same step id');

export function stepDefinition(step: string): StepDefinition | undefined {
  return steps.get(step);
}

export function allSteps(): StepDefinition[] {
  return [...steps.values()];
}

export type { StepDefinition };
