// A case's contributions to the indicators, and what changes in the counters when a new image of the
// case arrives. The consumer stores, per case, the contributions counted so far and the case version
// they reflect (CaseIndicatorState); a new image yields the deltas between the stored contributions
// and the image's, added to the counters in the same transaction that stores the new state, on the
// condition that the stored version is older than the image's: a redelivered or older image is a
// no-op ('stale'), so every figure stays the same however often, and in whatever order, the stream
// delivers.
import type { CaseRecord } from '../cases/model.ts';
import { dayOf } from './common.ts';
import { ctdcRowOf, traffickingColumns, withTrafficking, type CtdcCell, type CtdcRow } from './ctdc.ts';
import type { TraffickingDetails } from '../protection/trafficking.ts';
import { indicatorById, indicatorsOf } from './index.ts';
import type { Contribution, IndicatorDeclaration } from './types.ts';

/** The stage a case was at in the last image counted, and since when (an ISO instant). */
export interface StageState {
  stage: string;
  since: string;
}

/** What the consumer keeps per case (item `INDCASE#{caseId}`): ids, codes, dates and numbers only. */
export interface CaseIndicatorState {
  caseId: string;
  programme: string;
  /** The case version the state reflects. */
  version: number;
  /** The contributions computed from that image (replaced by each newer image's). */
  contributions: Contribution[];
  /** The stages the case left, each counted once (accumulated: never recomputed from an image). */
  stagesLeft: Contribution[];
  stage?: StageState;
  /** The year partition of the case's trafficking row (CTDC shape), while it has one. */
  ctdcYear?: number;
  /** That row as last written (codes only): an assessment's details rewrite it without reading the case. */
  ctdcRow?: CtdcRow;
  /**
   * The trafficking columns of the case's latest vulnerability assessment (HTCDS codes flattened,
   * `traffickingColumns`; `columns` absent when it recorded none) and when it was completed.
   */
  trafficking?: { at: string; columns?: Record<string, CtdcCell> };
  /** Bumped by every write of the state: the condition of the next one (an assessment keeps the version). */
  revision?: number;
}

/** One counter change: `delta` added to cell `cell` of the indicator's counters of day `date` (and of its month). */
export interface CounterDelta {
  programme: string;
  indicator: string;
  date: string;
  cell: string;
  delta: number;
}

/** The contributions of a case as it stands, from every `cases` indicator of its programme. */
export function contributionsOf(found: CaseRecord): Contribution[] {
  return indicatorsOf(found.programme).flatMap((indicator) => (indicator.source === 'cases' ? indicator.contributions(found) : []));
}

const MS_PER_DAY = 86_400_000;

/** The stage left between the last image counted and this one, if the stage changed. */
export function stageStep(previous: StageState | undefined, found: CaseRecord): { stage: StageState; left?: Contribution } {
  // A case first seen at its first version entered its stage when it was created; one first seen
  // later (the backfill of a case written before the consumer) is counted from its last change.
  const since = previous || found.version > 1 ? found.updatedAt : found.createdAt;
  const current: StageState = previous?.stage === found.stage ? previous : { stage: found.stage, since };
  if (!previous || previous.stage === found.stage) return { stage: current };
  const indicator = indicatorsOf(found.programme).find((candidate) => candidate.source === 'stage-changes');
  const date = dayOf(found.updatedAt);
  if (!indicator || !date) return { stage: current };
  const days = Math.max(0, Math.round((Date.parse(found.updatedAt) - Date.parse(previous.since)) / MS_PER_DAY));
  return { stage: current, left: { indicator: indicator.id, date, dims: { stage: previous.stage }, value: days } };
}

/**
 * The case's next state and the counter deltas it makes, or 'stale' when the stored state already
 * reflects this image or a newer one (a redelivery, a replay, an image delivered late).
 */
export interface NextState {
  state: CaseIndicatorState;
  deltas: CounterDelta[];
  /** The case's trafficking row to write, and the year partition of one to delete. */
  ctdc: { put?: CtdcRow; removeYear?: number };
}

export function nextState(previous: CaseIndicatorState | undefined, found: CaseRecord): NextState | 'stale' {
  if (previous && previous.version >= found.version) return 'stale';
  const contributions = contributionsOf(found);
  const step = stageStep(previous?.stage, found);
  const stagesLeft = [...(previous?.stagesLeft ?? []), ...(step.left ? [step.left] : [])];
  const state: CaseIndicatorState = {
    caseId: found.caseId,
    programme: found.programme,
    version: found.version,
    contributions,
    stagesLeft,
    stage: step.stage,
    revision: (previous?.revision ?? 0) + 1,
    ...(previous?.trafficking ? { trafficking: previous.trafficking } : {}),
  };
  const row = ctdcRowOf(found, previous?.trafficking?.columns);
  if (row) {
    state.ctdcYear = row.yearOfRegistration;
    state.ctdcRow = row;
  }
  const removeYear = previous?.ctdcYear !== undefined && previous.ctdcYear !== row?.yearOfRegistration ? previous.ctdcYear : undefined;
  const before = [...(previous?.contributions ?? [])];
  const after = [...contributions, ...(step.left ? [step.left] : [])];
  return {
    state,
    deltas: deltasBetween(found.programme, before, after),
    ctdc: { ...(row ? { put: row } : {}), ...(removeYear !== undefined ? { removeYear } : {}) },
  };
}

/** A contribution's cell: its dimension values in the declared order, and for a median or distribution its value. */
export function cellOf(indicator: IndicatorDeclaration, contribution: Contribution): { cell: string; amount: number } {
  const values = indicator.dimensions.map((dimension) => contribution.dims[dimension] ?? 'unknown');
  return indicator.aggregation === 'count'
    ? { cell: JSON.stringify(values), amount: contribution.value }
    : { cell: JSON.stringify([...values, contribution.value]), amount: 1 };
}

/** What the counters gain and lose when a case's contributions go from `before` to `after` (zero changes left out). */
export function deltasBetween(programme: string, before: readonly Contribution[], after: readonly Contribution[]): CounterDelta[] {
  const sums = new Map<string, CounterDelta>();
  const add = (contribution: Contribution, sign: 1 | -1) => {
    const indicator = indicatorById(contribution.indicator);
    if (!indicator) return; // an indicator no longer declared: its counters stay as they were
    const { cell, amount } = cellOf(indicator, contribution);
    const key = `${contribution.indicator}\u0000${contribution.date}\u0000${cell}`;
    const existing = sums.get(key) ?? { programme, indicator: contribution.indicator, date: contribution.date, cell, delta: 0 };
    existing.delta += sign * amount;
    sums.set(key, existing);
  };
  for (const contribution of before) add(contribution, -1);
  for (const contribution of after) add(contribution, 1);
  return [...sums.values()].filter((delta) => delta.delta !== 0);
}

/**
 * The state after a completed vulnerability assessment of the case (its task's image): the
 * trafficking details it recorded, as the export's columns, and the case's row rewritten with them.
 * 'stale' when the state already holds this assessment or a later one. The counters do not change.
 */
export function nextStateForAssessment(
  previous: CaseIndicatorState | undefined,
  assessment: { caseId: string; programme: string; completedAt: string; trafficking?: TraffickingDetails },
): NextState | 'stale' {
  if (previous?.trafficking && previous.trafficking.at >= assessment.completedAt) return 'stale';
  const trafficking = {
    at: assessment.completedAt,
    ...(assessment.trafficking ? { columns: traffickingColumns(assessment.trafficking) } : {}),
  };
  const base: CaseIndicatorState = previous ?? {
    // The case's own image not counted yet: version 0, so that any image of it comes after.
    caseId: assessment.caseId,
    programme: assessment.programme,
    version: 0,
    contributions: [],
    stagesLeft: [],
  };
  const state: CaseIndicatorState = { ...base, trafficking, revision: (previous?.revision ?? 0) + 1 };
  const row = previous?.ctdcRow ? withTrafficking(previous.ctdcRow, trafficking.columns) : undefined;
  if (row) state.ctdcRow = row;
  return { state, deltas: [], ctdc: row ? { put: row } : {} };
}

/** Where the consumer keeps its state and counters (functions/adapters/dynamodb/indicator-store.ts). */
export interface IndicatorCounters {
  stateOf(caseId: string): Promise<CaseIndicatorState | undefined>;
  /**
   * In one transaction: the counters' deltas, the case's trafficking row, and the new state, on the
   * condition that the stored state is still `previous` (its revision — its version for a state
   * written before revisions —, or none): 'conflict' otherwise.
   */
  apply(previous: CaseIndicatorState | undefined, next: NextState): Promise<'applied' | 'conflict'>;
}

/** Counts a new image of a case: at least once, idempotent, in any order ('stale': nothing to do). */
export async function countCase(found: CaseRecord, counters: IndicatorCounters): Promise<'applied' | 'stale'> {
  for (let attempt = 1; attempt <= 5; attempt++) {
    const previous = await counters.stateOf(found.caseId);
    const next = nextState(previous, found);
    if (next === 'stale') return 'stale';
    if ((await counters.apply(previous, next)) === 'applied') return 'applied';
  }
  throw Object.assign(new Error('indicator state kept changing'), { name: 'IndicatorStateConflict' });
}

/** Records a completed assessment's trafficking details: at least once, idempotent, in any order. */
export async function countAssessment(
  assessment: Parameters<typeof nextStateForAssessment>[1],
  counters: IndicatorCounters,
): Promise<'applied' | 'stale'> {
  for (let attempt = 1; attempt <= 5; attempt++) {
    const previous = await counters.stateOf(assessment.caseId);
    const next = nextStateForAssessment(previous, assessment);
    if (next === 'stale') return 'stale';
    if ((await counters.apply(previous, next)) === 'applied') return 'applied';
  }
  throw Object.assign(new Error('indicator state kept changing'), { name: 'IndicatorStateConflict' });
}
