// From counters to figures: which buckets a period reads (months whole inside it, days at its
// edges), the sum of their cells projected on the disaggregations asked, medians and distributions
// from histograms, and small-cell suppression for anyone outside the mission.
import type { Localized } from '../i18n/index.ts';
import type { Dimension, IndicatorDeclaration } from './types.ts';

/** The buckets a period [from, to] (days, inclusive) reads: whole months, and the days of partial months at its edges. */
export interface BucketPlan {
  /** Inclusive month range (YYYY-MM), absent when no month is whole inside the period. */
  months?: { from: string; to: string };
  /** Inclusive day ranges (YYYY-MM-DD). */
  days: { from: string; to: string }[];
}

const pad = (n: number) => String(n).padStart(2, '0');
const lastDayOf = (month: string) => {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return `${month}-${pad(new Date(Date.UTC(y, m, 0)).getUTCDate())}`;
};
const monthAfter = (month: string) => {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return m === 12 ? `${y + 1}-01` : `${y}-${pad(m + 1)}`;
};
const monthBefore = (month: string) => {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return m === 1 ? `${y - 1}-12` : `${y}-${pad(m - 1)}`;
};

export function bucketPlan(from: string, to: string): BucketPlan {
  if (from > to) return { days: [] };
  const fromMonth = from.slice(0, 7);
  const toMonth = to.slice(0, 7);
  const firstWhole = from.endsWith('-01') ? fromMonth : monthAfter(fromMonth);
  const lastWhole = to === lastDayOf(toMonth) ? toMonth : monthBefore(toMonth);
  if (firstWhole > lastWhole) return { days: [{ from, to }] };
  const days: BucketPlan['days'] = [];
  if (firstWhole !== fromMonth) days.push({ from, to: lastDayOf(fromMonth) });
  if (lastWhole !== toMonth) days.push({ from: `${toMonth}-01`, to });
  return { months: { from: firstWhole, to: lastWhole }, days };
}

/** One figure: a cell of the disaggregation asked. */
export interface FigureRow {
  dims: Partial<Record<Dimension, string>>;
  /** count: the sum; median/distribution: how many values. Null when suppressed. */
  value: number | null;
  median?: number | null;
  distribution?: { value: number; count: number | null }[];
  suppressed?: true;
}

export interface Figure {
  id: string;
  title: string;
  unit: IndicatorDeclaration['unit'];
  aggregation: IndicatorDeclaration['aggregation'];
  periodDate: string;
  valueUnit?: string;
  /** The disaggregations asked that this indicator does not allow: its figure is not split by them. */
  notDisaggregatedBy?: Dimension[];
  rows: FigureRow[];
}

/** Sums counter cells (as stored: the JSON of the declared dimension values, and a value for histograms) into rows by `by`. */
export function figureOf(
  indicator: IndicatorDeclaration,
  cells: ReadonlyMap<string, number>,
  by: readonly Dimension[],
  language: keyof Localized,
  mapValue: (dimension: Dimension, value: string) => string = (_d, v) => v,
): Figure {
  const used = by.filter((dimension) => indicator.dimensions.includes(dimension));
  const notBy = by.filter((dimension) => !indicator.dimensions.includes(dimension));
  const groups = new Map<string, { dims: Partial<Record<Dimension, string>>; total: number; histogram: Map<number, number> }>();
  for (const [cell, count] of cells) {
    if (count === 0) continue;
    const parts = JSON.parse(cell) as (string | number)[];
    const dims: Partial<Record<Dimension, string>> = {};
    for (const dimension of used) dims[dimension] = mapValue(dimension, String(parts[indicator.dimensions.indexOf(dimension)]));
    const key = JSON.stringify(used.map((dimension) => dims[dimension]));
    const group = groups.get(key) ?? { dims, total: 0, histogram: new Map<number, number>() };
    group.total += count;
    if (indicator.aggregation !== 'count') {
      const value = Number(parts[indicator.dimensions.length]);
      group.histogram.set(value, (group.histogram.get(value) ?? 0) + count);
    }
    groups.set(key, group);
  }
  const rows = [...groups.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([, group]): FigureRow => {
      if (indicator.aggregation === 'count') return { dims: group.dims, value: group.total };
      const sorted = [...group.histogram.entries()].filter(([, n]) => n > 0).sort(([a], [b]) => a - b);
      return {
        dims: group.dims,
        value: group.total,
        median: medianOf(sorted),
        ...(indicator.aggregation === 'distribution' ? { distribution: sorted.map(([value, count]) => ({ value, count })) } : {}),
      };
    });
  return {
    id: indicator.id,
    title: indicator.title[language],
    unit: indicator.unit,
    aggregation: indicator.aggregation,
    periodDate: indicator.periodDate,
    ...(indicator.valueUnit ? { valueUnit: indicator.valueUnit } : {}),
    ...(notBy.length > 0 ? { notDisaggregatedBy: notBy } : {}),
    rows,
  };
}

/** The median of a histogram (value, count) sorted by value: the mean of the two middle values for an even count. */
export function medianOf(sorted: readonly (readonly [number, number])[]): number | null {
  const n = sorted.reduce((sum, [, count]) => sum + count, 0);
  if (n === 0) return null;
  const at = (rank: number) => {
    let seen = 0;
    for (const [value, count] of sorted) {
      seen += count;
      if (seen >= rank) return value;
    }
    return sorted[sorted.length - 1]![0];
  };
  return n % 2 === 1 ? at((n + 1) / 2) : (at(n / 2) + at(n / 2 + 1)) / 2;
}

/**
 * Small cells hidden from anyone outside the mission: every count from 1 to threshold − 1 is
 * suppressed (zero is shown: it describes nobody), and when a figure has exactly one suppressed cell
 * the smallest other non-zero cell is suppressed too, so that the hidden one cannot be recomputed
 * from the figure's total (which an undisaggregated request gives). A median or distribution row of
 * fewer values than the threshold is suppressed whole, and each bin under it.
 */
export function suppressSmallCells(figure: Figure, threshold: number): Figure {
  const small = (n: number | null) => n !== null && n > 0 && n < threshold;
  const rows = figure.rows.map((row): FigureRow => {
    if (!small(row.value)) {
      return row.distribution
        ? { ...row, distribution: row.distribution.map((bin) => (small(bin.count) ? { value: bin.value, count: null } : bin)) }
        : row;
    }
    return hidden(row);
  });
  const suppressed = rows.filter((row) => row.suppressed).length;
  if (suppressed === 1) {
    const candidates = rows
      .map((row, index) => ({ row, index }))
      .filter(({ row }) => !row.suppressed && row.value !== null && row.value > 0)
      .sort((a, b) => (a.row.value ?? 0) - (b.row.value ?? 0));
    const next = candidates[0];
    if (next) rows[next.index] = hidden(next.row);
  }
  return { ...figure, rows };
}

function hidden(row: FigureRow): FigureRow {
  return {
    dims: row.dims,
    value: null,
    ...(row.median !== undefined ? { median: null } : {}),
    ...(row.distribution ? { distribution: [] } : {}),
    suppressed: true,
  };
}
