// The dimension values every programme reads the same way from a case's facts, and the indicators
// every programme declares the same way (days per stage, overdue tasks by team).
import { missionDate } from '../calendar.ts';
import type { CaseRecord } from '../cases/model.ts';
import { UNKNOWN, type Dimension, type LiveIndicator, type StageIndicator } from './types.ts';

const text = (value: unknown): string => (typeof value === 'string' && value !== '' ? value : UNKNOWN);

/**
 * The vulnerability category a case is counted under: one per case, so that the categories of a
 * figure add up to its total. A case with several is counted under the first of this order (the
 * most protective: a child first); `none` without any.
 */
export const VULNERABILITY_ORDER = [
  'unaccompanied-or-separated-child',
  'victim-of-trafficking',
  'medical',
  'disability',
  'elderly',
  'single-parent',
  'gbv-survivor',
  'other',
] as const;

export function vulnerabilityOf(facts: Record<string, unknown>): string {
  const listed = [facts.vulnerabilityCategories, facts.vulnerabilities].find(Array.isArray) as unknown[] | undefined;
  const categories = (listed ?? (typeof facts.vulnerabilityCategory === 'string' ? [facts.vulnerabilityCategory] : [])).filter(
    (c): c is string => typeof c === 'string',
  );
  if (categories.length === 0) return 'none';
  const ranked = [...categories].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
  return ranked[0]!;
}
const rank = (category: string) => {
  const index = (VULNERABILITY_ORDER as readonly string[]).indexOf(category);
  return index === -1 ? VULNERABILITY_ORDER.length : index;
};

/** The person's dimensions every case of a person carries in its facts (bands and codes only). */
export function personDims(found: CaseRecord): Partial<Record<Dimension, string>> {
  const f = found.facts;
  return {
    sex: text(f.sex),
    ageGroup: text(f.ageGroup),
    nationality: text(f.nationality),
    vulnerability: vulnerabilityOf(f),
    programme: found.programme,
    partner: text(found.partnerId ?? f.partnerId),
  };
}

/** A day (YYYY-MM-DD) as entered, or the day in Morocco of an instant; undefined for anything else. */
export function dayOf(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return value;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : missionDate(date);
}

/** Hundredths of a score (0..1 → 0..100), the bins of the score distributions. */
export const hundredths = (score: number) => Math.round(score * 100);

/** Median days per stage: declared by every programme with a process (one indicator id per programme). */
export function daysPerStage(programme: string): StageIndicator {
  return {
    id: `${programme}-days-per-stage`,
    title: { fr: 'Durée médiane par étape (jours)', ar: 'المدة الوسيطة لكل مرحلة (بالأيام)', en: 'Median days per stage' },
    unit: 'events',
    aggregation: 'median',
    valueUnit: 'whole days (rounded) between entering and leaving the stage',
    periodDate: 'the day (in Morocco) the case left the stage: the time of the change that moved it on, as recorded',
    filter: 'every case of the programme, each stage it left (a stage it is still at is not counted until it leaves it)',
    dimensions: ['stage'],
    source: 'stage-changes',
    limits:
      'Kept from the stage each new image of the case shows: a stage entered and left between two images the consumer saw (only after a redelivery out of order) is counted with the stage before it.',
  };
}

/** Overdue tasks by team, read when asked from the work queues by due date (no period: as of now). */
export function overdueTasks(programme: string): LiveIndicator {
  return {
    id: `${programme}-overdue-tasks`,
    title: { fr: 'Tâches en retard par équipe', ar: 'المهام المتأخرة حسب الفريق', en: 'Overdue tasks by team' },
    unit: 'events',
    aggregation: 'count',
    periodDate: 'none: the open tasks whose due date is past at the time of the request (the period is ignored)',
    filter: "the programme's open tasks in a mission role's work queue (caseworker, supervisor, admin) due before now",
    dimensions: ['team'],
    source: 'open-tasks',
    limits: 'A task open to two roles counts in both teams. Partner associations’ queues are not counted.',
  };
}
