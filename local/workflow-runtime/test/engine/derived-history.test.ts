import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { HistoryEvent, StepResult } from '../../src/contract.ts';
import { createInterpreter } from '../../src/engine/index.ts';
import { executionMeta, roundTrip, T0 } from '../fixtures.ts';
import { FAN_DEFINITION, tokensFor, World } from './world.ts';

// An interpreter that derives histories ('derived') only counts the events of each step; history()
// rebuilds them from the snapshot's log. They must be exactly the events an interpreter returning
// them ('returned') gives, step by step, whatever the order of outcomes, through cold resumes,
// failures, aborts and timeouts.

/** The replay tests' Parallel, with an execution timeout, then a Choice to a Fail state or a Succeed. */
const definition = JSON.stringify({
  ...FAN_DEFINITION,
  TimeoutSeconds: 100_000,
  States: {
    ...FAN_DEFINITION.States,
    Shape: { ...FAN_DEFINITION.States.Shape, End: undefined, Next: 'Decide' },
    Decide: {
      Type: 'Choice',
      QueryLanguage: 'JSONata',
      Choices: [{ Condition: '{% $states.input.n > 2 %}', Next: 'TooMany' }],
      Default: 'Done',
    },
    TooMany: { Type: 'Fail', Error: 'TooMany', Cause: 'more than two items' },
    Done: { Type: 'Succeed' },
  },
});

const withoutEvents = (r: StepResult): unknown => {
  const { events: _events, eventCount: _count, ...rest } = roundTrip(r);
  return rest;
};

describe('histories derived on demand', () => {
  it(
    'count what the returning interpreter returns, and history() rebuilds exactly those events at every step (fast-check)',
    { timeout: 120_000 },
    () => {
      const outcomes = new Set<string>();
      fc.assert(
        fc.property(
          fc.array(fc.integer({ min: 0, max: 9 }), { maxLength: 4 }),
          fc.array(fc.nat(), { minLength: 1, maxLength: 20 }),
          fc.integer({ min: 1, max: 60 }),
          fc.boolean(),
          (items, picks, stopAt, cold) => {
            const returned = createInterpreter();
            // Cold: every resume replays the snapshot (as after a restart), its events only counted.
            const derived = createInterpreter({ history: 'derived', liveExecutions: cold ? 0 : 1000 });
            const world = new World();
            const m = executionMeta({ items }, 'derived');
            let r = returned.start(definition, m, T0, tokensFor(0));
            let d = derived.start(definition, m, T0, tokensFor(0));
            const all: HistoryEvent[] = [...r.events];
            const check = (): void => {
              expect(d.events).toEqual([]);
              expect(d.eventCount).toBe(all.length);
              expect(withoutEvents(d)).toEqual(withoutEvents(r));
              expect(roundTrip(derived.history?.(roundTrip(d.snapshot)))).toEqual(roundTrip(all));
            };
            check();
            world.absorb(r);
            for (let step = 1; step < 300 && r.status === 'RUNNING'; step++) {
              const k = (picks[step % picks.length] ?? 0) % Math.max(1, world.invokes.length);
              world.invokes = [...world.invokes.slice(k), ...world.invokes.slice(0, k)];
              const signal = world.next({ at: stopAt, step });
              if (!signal) break;
              r = returned.resume(r.snapshot, signal, world.now, tokensFor(step));
              d = derived.resume(cold ? roundTrip(d.snapshot) : d.snapshot, signal, world.now, tokensFor(step));
              all.push(...r.events);
              check();
              world.absorb(r);
            }
            outcomes.add(r.status);
          },
        ),
        { numRuns: 40 },
      );
      // The property went through successes, Fail states and aborts.
      expect(outcomes).toEqual(new Set(['SUCCEEDED', 'FAILED', 'ABORTED']));
    },
  );

  it('an execution timing out, and one failing at its first step, are rebuilt too', () => {
    const timeout = JSON.stringify({ TimeoutSeconds: 5, StartAt: 'W', States: { W: { Type: 'Wait', Seconds: 60, End: true } } });
    const failing = JSON.stringify({
      QueryLanguage: 'JSONata',
      StartAt: 'P',
      States: { P: { Type: 'Pass', Output: '{% $error("x") %}', End: true } },
    });
    for (const def of [timeout, failing]) {
      const returned = createInterpreter();
      const derived = createInterpreter({ history: 'derived' });
      const m = executionMeta({ a: 1 }, 'edge');
      let r = returned.start(def, m, T0, tokensFor(0));
      let d = derived.start(def, m, T0, tokensFor(0));
      const all = [...r.events];
      const timer = r.effects.find((e) => e.kind === 'timer' && e.id === 'execution-timeout');
      if (timer) {
        const at = new Date(T0.getTime() + 5000);
        r = returned.resume(r.snapshot, { kind: 'timerFired', effectId: timer.id }, at, tokensFor(1));
        d = derived.resume(d.snapshot, { kind: 'timerFired', effectId: timer.id }, at, tokensFor(1));
        all.push(...r.events);
      }
      expect(r.status).not.toBe('RUNNING');
      expect(d.eventCount).toBe(all.length);
      expect(roundTrip(derived.history?.(roundTrip(d.snapshot)))).toEqual(roundTrip(all));
    }
  });
});
