// How long a closed case keeps its people's data, per programme: after that many days from its
// closure, a daily sweep anonymises it (erasure.ts). Configured per deployment (CDK context
// `casework:retention`), checked when the app is synthesized and again at the sweep's cold start.
import { PROGRAMMES, type Programme } from '../cases/model.ts';
import { planCaseErasure, type CaseErasurePlan } from './erasure.ts';
import type { CaseHoldings } from './export.ts';

export type RetentionPolicy = Record<Programme, number>;

/** At most ten years; at least one day. */
export const MAX_RETENTION_DAYS = 3653;

/** Parses `{ "avrr": 1825, ... }`: every programme, whole days in range, nothing else. Throws with every problem listed. */
export function parseRetentionPolicy(value: unknown): RetentionPolicy {
  const problems: string[] = [];
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new Error('retention policy must be an object of days per programme');
  }
  const record = value as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    if (!(PROGRAMMES as readonly string[]).includes(key)) problems.push(`unknown programme ${key}`);
  }
  for (const programme of PROGRAMMES) {
    const days = record[programme];
    if (days === undefined) problems.push(`${programme}: missing`);
    else if (typeof days !== 'number' || !Number.isInteger(days) || days < 1 || days > MAX_RETENTION_DAYS) {
      problems.push(`${programme}: must be a whole number of days between 1 and ${MAX_RETENTION_DAYS}`);
    }
  }
  if (problems.length > 0) throw new Error(`invalid retention policy: ${problems.join('; ')}`);
  return Object.fromEntries(PROGRAMMES.map((p) => [p, record[p] as number])) as RetentionPolicy;
}

/** Cases of this programme closed at or before this instant are due. */
export function retentionCutoff(policy: RetentionPolicy, programme: Programme, now: Date): string {
  return new Date(now.getTime() - policy[programme] * 86_400_000).toISOString();
}

/** An entry of the index of closed cases. */
export interface ClosedCaseRef {
  caseId: string;
  programme: string;
  closedAt: string;
}

/** Secondary port: what a sweep reads and writes. */
export interface RetentionStore {
  closedCasesDue(programme: string, cutoff: string, limit: number): Promise<ClosedCaseRef[]>;
  holdings(caseId: string): Promise<CaseHoldings | undefined>;
  erase(holdings: CaseHoldings, plan: CaseErasurePlan, options: { closedEntry?: ClosedCaseRef }): Promise<boolean>;
  forgetClosedCase(entry: ClosedCaseRef): Promise<void>;
}

export interface SweepResult {
  anonymised: number;
  /** Already without personal data (erased on request): only their index entry went. */
  alreadyAnonymised: number;
  /** Changed meanwhile: left for the next sweep. */
  conflicts: number;
}

/**
 * Anonymises every closed case past its programme's retention period, oldest first, at most
 * `limit` per programme per run (the next run goes on). Each case is anonymised with its index entry
 * removed in the same write, conditional on the case still closed and unchanged: safe to repeat.
 */
export async function sweepRetention(policy: RetentionPolicy, store: RetentionStore, now: Date, limit = 1000): Promise<SweepResult> {
  const result: SweepResult = { anonymised: 0, alreadyAnonymised: 0, conflicts: 0 };
  for (const programme of PROGRAMMES) {
    const due = await store.closedCasesDue(programme, retentionCutoff(policy, programme, now), limit);
    for (const entry of due) {
      const held = await store.holdings(entry.caseId);
      const plan =
        held &&
        planCaseErasure({
          found: held.case,
          persons: held.persons,
          trigger: { kind: 'retention', retentionDays: policy[programme] },
          actor: { kind: 'system', id: 'retention' },
          now,
        });
      if (!held || !plan) {
        await store.forgetClosedCase(entry);
        result.alreadyAnonymised++;
      } else if (await store.erase(held, plan, { closedEntry: entry })) result.anonymised++;
      else result.conflicts++;
    }
  }
  return result;
}
