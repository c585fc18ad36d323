// Every declared indicator, by programme and by id (each declared once, in its programme's
// declaration): what the consumer, GET /indicators and the docs read.
import type { Programme } from '../cases/model.ts';
import { programmes } from '../programmes/index.ts';
import type { ProgrammeDeclaration } from '../programmes/types.ts';
import type { IndicatorDeclaration } from './types.ts';

const declarations: readonly ProgrammeDeclaration[] = programmes;

export const indicatorsByProgramme: ReadonlyMap<Programme, readonly IndicatorDeclaration[]> = new Map(
  declarations.map((declaration) => [declaration.programme, declaration.indicators ?? []]),
);

export const allIndicators: readonly IndicatorDeclaration[] = declarations.flatMap((declaration) => declaration.indicators ?? []);

const byId = new Map(allIndicators.map((indicator) => [indicator.id, indicator]));

export function indicatorById(id: string): IndicatorDeclaration | undefined {
  return byId.get(id);
}

export function indicatorsOf(programme: Programme): readonly IndicatorDeclaration[] {
  return indicatorsByProgramme.get(programme) ?? [];
}

/** Ids that are not unique, and undeclared dimensions: a test keeps this empty. */
export function declarationProblems(): string[] {
  const seen = new Set<string>();
  const problems: string[] = [];
  for (const indicator of allIndicators) {
    if (seen.has(indicator.id)) problems.push(`indicator ${indicator.id} is declared twice`);
    seen.add(indicator.id);
    if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(indicator.id)) problems.push(`indicator ${indicator.id} is not kebab-case`);
  }
  return problems;
}

export type { Contribution, Dimension, IndicatorDeclaration, IndicatorUnit, Aggregation } from './types.ts';
export { DIMENSIONS, INDICATOR_UNITS, AGGREGATIONS, UNKNOWN } from './types.ts';
