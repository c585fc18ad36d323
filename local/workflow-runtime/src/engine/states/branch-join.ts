import type { SfnError } from '../errors.ts';
import type { Gen, Scheduler } from '../scheduler.ts';

export type BranchOutcome = ReturnType<Scheduler['fiberOutcome']>;

export interface BranchJoin {
  /** Spawns the next branch when there is one and room for it (`running` are still running), else undefined. */
  start(running: number): number | undefined;
  /** A branch finished (done or failed); called in spawn order. */
  finished(fiber: number, outcome: BranchOutcome): void;
  /** After each round: the error that ends the state and the event chain to continue from, or undefined to go on. */
  failure(): { error: SfnError; last: number } | undefined;
}

/**
 * The join Parallel and Map share: start branches, wait until any of them finishes, hand the
 * finished ones over in spawn order, and on a failure the state does not tolerate cancel the
 * branches still running (and everything they wait for) and throw.
 */
export function* joinBranches(s: Scheduler, join: BranchJoin): Gen<void> {
  // Insertion order is spawn order. Only the branches that finished are looked at after a wake-up,
  // so a Map of n iterations costs O(n) here, not O(n²).
  const running = new Set<number>();
  for (;;) {
    for (let f = join.start(running.size); f !== undefined; f = join.start(running.size)) running.add(f);
    if (running.size === 0) return;
    yield { k: 'children' };
    for (const f of s.takeFinishedChildren()) {
      if (!running.delete(f)) continue;
      join.finished(f, s.fiberOutcome(f));
    }
    const failure = join.failure();
    if (failure) {
      s.cancelFibers([...running]);
      s.last = failure.last;
      throw failure.error;
    }
  }
}
