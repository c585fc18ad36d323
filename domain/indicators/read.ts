// GET /indicators' use case: a programme's figures for a period, disaggregated as asked, exact for
// mission supervisors and administrators, small cells suppressed for everyone else (docs/indicators.md).
import type { Caller } from '../access/roles.ts';
import { hasAnyRole, isStaff, partnerOf } from '../access/roles.ts';
import type { Programme } from '../cases/model.ts';
import type { Language } from '../i18n/index.ts';
import { bucketPlan, figureOf, suppressSmallCells, type BucketPlan, type Figure } from './figures.ts';
import { indicatorsOf } from './index.ts';
import type { Dimension } from './types.ts';

/** The teams whose work queues the overdue tasks are counted in: the mission roles. */
export const TEAMS = ['caseworker', 'supervisor', 'admin'] as const;

export interface IndicatorReads {
  counters(programme: string, plan: BucketPlan, indicator?: string): Promise<Map<string, Map<string, number>>>;
  overdueTasks(programme: string, now: string, teams: readonly string[]): Promise<Map<string, number>>;
}

export type Audience = 'internal' | 'external';

/**
 * Who sees what: supervisors and administrators see exact figures (unless they ask for an external
 * export); caseworkers and partner associations' users see them with small cells suppressed, a
 * partner only the indicators disaggregated by partner association, and only its own association's
 * figures; anyone else (the data-protection officer alone, a partner user acting for no association)
 * none.
 */
export function audienceOf(caller: Caller, asked: Audience | undefined): { audience: Audience; partner?: string } | 'forbidden' {
  if (hasAnyRole(caller, 'supervisor', 'admin')) return { audience: asked ?? 'internal' };
  if (isStaff(caller)) return { audience: 'external' };
  const partner = partnerOf(caller);
  return partner !== undefined ? { audience: 'external', partner } : 'forbidden';
}

export interface IndicatorQuery {
  programme: Programme;
  from: string;
  to: string;
  by: Dimension[];
  indicator?: string;
  audience: Audience;
  /** Only this partner association's figures (a partner caller). */
  partner?: string;
  threshold: number;
  language: Language;
  now: string;
  /** Reporting age bands from the bands stored on cases (configuration): a stored band maps to a coarser one. */
  ageBands?: Readonly<Record<string, string>>;
}

export async function readIndicators(query: IndicatorQuery, reads: IndicatorReads): Promise<Figure[]> {
  const declared = indicatorsOf(query.programme).filter(
    (indicator) =>
      (query.indicator === undefined || indicator.id === query.indicator) &&
      (query.partner === undefined || indicator.dimensions.includes('partner')),
  );
  if (declared.length === 0) return [];
  const plan = bucketPlan(query.from, query.to);
  const needsCounters = declared.some((indicator) => indicator.source !== 'open-tasks');
  const needsTasks = declared.some((indicator) => indicator.source === 'open-tasks');
  const [counters, overdue] = await Promise.all([
    needsCounters ? reads.counters(query.programme, plan, query.indicator) : Promise.resolve(new Map<string, Map<string, number>>()),
    needsTasks ? reads.overdueTasks(query.programme, query.now, TEAMS) : Promise.resolve(new Map<string, number>()),
  ]);
  const mapValue = (dimension: Dimension, value: string) => (dimension === 'ageGroup' ? (query.ageBands?.[value] ?? value) : value);
  return declared.map((indicator) => {
    let cells = indicator.source === 'open-tasks' ? overdue : (counters.get(indicator.id) ?? new Map<string, number>());
    if (query.partner !== undefined) cells = onlyPartner(cells, indicator.dimensions.indexOf('partner'), query.partner);
    const figure = figureOf(indicator, cells, query.by, query.language, mapValue);
    return query.audience === 'external' ? suppressSmallCells(figure, query.threshold) : figure;
  });
}

function onlyPartner(cells: ReadonlyMap<string, number>, index: number, partner: string): Map<string, number> {
  return new Map([...cells].filter(([cell]) => (JSON.parse(cell) as unknown[])[index] === partner));
}
