// The indicators' storage in memory, bucketed exactly as the DynamoDB adapter buckets it (a day item
// and a month item per delta, a period read as whole months plus its edge days), for unit tests.
import type { CaseIndicatorState, IndicatorCounters, NextState } from '../../domain/indicators/contributions.ts';
import type { CtdcRow } from '../../domain/indicators/ctdc.ts';
import type { BucketPlan } from '../../domain/indicators/figures.ts';
import type { IndicatorReads } from '../../domain/indicators/read.ts';

export class MemoryIndicatorStore implements IndicatorCounters, IndicatorReads {
  readonly states = new Map<string, CaseIndicatorState>();
  /** `${programme}|${D or M}#${bucket}|${indicator}` → cell → count. */
  readonly items = new Map<string, Map<string, number>>();
  readonly ctdc = new Map<string, CtdcRow>();
  overdue = new Map<string, number>();

  async stateOf(caseId: string): Promise<CaseIndicatorState | undefined> {
    const state = this.states.get(caseId);
    return state ? structuredClone(state) : undefined;
  }

  async apply(previous: CaseIndicatorState | undefined, next: NextState): Promise<'applied' | 'conflict'> {
    const stored = this.states.get(next.state.caseId);
    // As the DynamoDB adapter's condition: the revision read (the version for a state without one).
    const same = (a: CaseIndicatorState, b: CaseIndicatorState) => a.revision === b.revision && a.version === b.version;
    if ((previous === undefined) !== (stored === undefined) || (previous && stored && !same(previous, stored))) return 'conflict';
    this.states.set(next.state.caseId, structuredClone(next.state));
    for (const delta of next.deltas) {
      for (const bucket of [`D#${delta.date}`, `M#${delta.date.slice(0, 7)}`]) {
        const key = `${delta.programme}|${bucket}|${delta.indicator}`;
        const cells = this.items.get(key) ?? new Map<string, number>();
        cells.set(delta.cell, (cells.get(delta.cell) ?? 0) + delta.delta);
        this.items.set(key, cells);
      }
    }
    if (next.ctdc.removeYear !== undefined) this.ctdc.delete(`${next.ctdc.removeYear}|${next.state.caseId}`);
    if (next.ctdc.put) this.ctdc.set(`${next.ctdc.put.yearOfRegistration}|${next.state.caseId}`, next.ctdc.put);
    return 'applied';
  }

  async counters(programme: string, plan: BucketPlan, indicator?: string): Promise<Map<string, Map<string, number>>> {
    const sums = new Map<string, Map<string, number>>();
    const inRange = (bucket: string) =>
      (plan.months !== undefined && bucket.startsWith('M#') && bucket.slice(2) >= plan.months.from && bucket.slice(2) <= plan.months.to) ||
      plan.days.some((range) => bucket.startsWith('D#') && bucket.slice(2) >= range.from && bucket.slice(2) <= range.to);
    for (const [key, cells] of this.items) {
      const [p, bucket, id] = key.split('|') as [string, string, string];
      if (p !== programme || !inRange(bucket) || (indicator !== undefined && id !== indicator)) continue;
      const target = sums.get(id) ?? new Map<string, number>();
      for (const [cell, count] of cells) target.set(cell, (target.get(cell) ?? 0) + count);
      sums.set(id, target);
    }
    return sums;
  }

  async overdueTasks(): Promise<Map<string, number>> {
    return this.overdue;
  }

  /** Every counter item's cells, for comparing two stores. */
  snapshot(): Record<string, Record<string, number>> {
    return Object.fromEntries(
      [...this.items]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([key, cells]) => [key, Object.fromEntries([...cells].filter(([, n]) => n !== 0).sort())]),
    );
  }
}
