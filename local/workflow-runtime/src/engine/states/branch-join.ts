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
  const running: number[] = [];
  for (;;) {
    for (let f = join.start(running.length); f !== undefined; f = join.start(running.length)) running.push(f);
    if (running.length === 0) return;
    yield { k: 'join', fibers: [...running], mode: 'any' };
    for (const f of [...running]) {
      const o = s.fiberOutcome(f);
      if (o.status === 'running' || o.status === 'ready' || o.status === 'waiting') continue;
      running.splice(running.indexOf(f), 1);
      join.finished(f, o);
    }
    const failure = join.failure();
    if (failure) {
      s.cancelFibers(running);
      s.last = failure.last;
      throw failure.error;
    }
  }
}
