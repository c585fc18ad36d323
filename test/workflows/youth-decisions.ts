// Decisions for the youth state machine tests: the published example of each step's outcome.
import { youthSteps } from '../../domain/youth-employability/youth-steps.ts';

export function decision(step: string, outcome?: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const example = youthSteps
    .find((candidate) => candidate.step === step)
    ?.examples.find((e) => outcome === undefined || e.outcome === outcome);
  if (!example) throw new Error(`no example of ${step} with outcome ${outcome}`);
  return { ...example, ...overrides };
}

export const exit = (outcome: 'completed' | 'dropped-out', date: string) =>
  decision('youth-track-progress', 'exit', {
    exit: outcome === 'completed' ? { outcome, date } : { outcome, date, reasonCode: 'moved-away' },
  });
