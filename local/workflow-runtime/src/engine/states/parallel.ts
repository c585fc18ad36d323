import { evalJsonataTemplate, evalPayloadTemplate } from '../dataflow.ts';
import { SfnError } from '../errors.ts';
import type { Gen } from '../scheduler.ts';
import { joinBranches } from './branch-join.ts';
import type { StateEnv } from './context.ts';

/** One attempt of a Parallel: every branch on the same input; the first failing branch fails the state. */
export function* runParallel(x: StateEnv, effInput: unknown): Gen<unknown> {
  const { c, def, jsonata, env } = x;
  const s = c.m.sched;
  let branchInput: unknown = effInput;
  if (jsonata) {
    if (def.Arguments !== undefined) branchInput = evalJsonataTemplate(def.Arguments, x.states(), env, 'Arguments');
  } else if (def.Parameters !== undefined) branchInput = evalPayloadTemplate(def.Parameters, effInput, env);
  const startedId = s.emit('ParallelStateStarted', {});
  const branches = def.Branches ?? [];
  const fibers: number[] = [];
  let failed: number | undefined;
  yield* joinBranches(s, {
    start: () => {
      const b = branches[fibers.length];
      if (!b) return undefined;
      const f = s.spawn(
        x.runBranch({ m: c.m, scope: { vars: {}, parent: c.scope }, ql: b.QueryLanguage ?? c.ql, parallelBranch: true }, b, branchInput),
        () => startedId,
      );
      fibers.push(f);
      return f;
    },
    finished: (f, o) => {
      if (o.status === 'failed') failed ??= f;
    },
    failure: () => {
      if (failed === undefined) return undefined;
      const o = s.fiberOutcome(failed);
      return { error: o.error ?? new SfnError('States.BranchFailed', undefined), last: o.last };
    },
  });
  s.last = s.eventCount;
  s.emit('ParallelStateSucceeded', {}, { advance: false });
  return fibers.map((f) => s.fiberOutcome(f).result);
}
