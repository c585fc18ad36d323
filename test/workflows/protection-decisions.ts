// Decisions for the protection state machine tests: the published example of each step's outcome.
import { protectionSteps } from '../../domain/protection/steps.ts';

export function decision(step: string, outcome?: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const example = protectionSteps
    .find((candidate) => candidate.step === step)
    ?.examples.find((e) => outcome === undefined || e.outcome === outcome);
  if (!example) throw new Error(`no example of ${step} with outcome ${outcome}`);
  return { ...example, ...overrides };
}
