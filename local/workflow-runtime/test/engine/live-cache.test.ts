import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ExecutionMeta, Signal, StepResult } from '../../src/contract.ts';
import { createInterpreter } from '../../src/engine/index.ts';
import type { LocalInterpreter } from '../../src/engine/index.ts';
import { executionMeta, LAMBDA, roundTrip, T0 } from '../fixtures.ts';
import { FAN_DEFINITION, tokensFor, World } from './world.ts';

// The interpreter continues live executions between resumes and rebuilds them by replay when it
// has to; both must give exactly the same events, effects and snapshots.

const meta = (input: unknown): ExecutionMeta => executionMeta(input, 'live');

const definition = JSON.stringify(FAN_DEFINITION);

function run(
  live: LocalInterpreter,
  check: (snapshot: unknown, signal: Signal, now: Date, step: number, r: StepResult) => void,
): StepResult {
  const world = new World();
  let r = live.start(definition, meta({ items: [1, 2, 3] }), T0, tokensFor(0));
  world.absorb(r);
  for (let step = 1; step < 200 && r.status === 'RUNNING'; step++) {
    const signal = world.next();
    if (!signal) break;
    const snapshot = r.snapshot;
    r = live.resume(snapshot, signal, world.now, tokensFor(step));
    check(snapshot, signal, world.now, step, r);
    world.absorb(r);
  }
  return r;
}

describe('live executions and replay', () => {
  it('resuming a live execution and replaying the same snapshot give identical results at every step', () => {
    const live = createInterpreter();
    const kinds = new Set<string>();
    const final = run(live, (snapshot, signal, now, step, r) => {
      kinds.add(signal.kind);
      // A fresh interpreter knows nothing: it must replay the JSON snapshot, as after a restart.
      const fresh = createInterpreter({ liveExecutions: 0 });
      const replayed = fresh.resume(roundTrip(snapshot), signal, now, tokensFor(step));
      expect(roundTrip(r)).toEqual(roundTrip(replayed));
    });
    expect(final.status).toBe('SUCCEEDED');
    expect(kinds).toEqual(new Set(['invokeFailed', 'invokeSucceeded', 'heartbeat', 'timerFired']));
    const s = live.stats();
    expect(s.replayed).toBe(0);
    expect(s.live).toBeGreaterThan(10);
    expect(s.cached).toBe(0);
  });

  it(
    'a cold resume (replay of the log, its events only counted) gives exactly what the live execution gives (fast-check)',
    { timeout: 120_000 },
    () => {
      fc.assert(
        fc.property(
          fc.array(fc.integer({ min: 0, max: 9 }), { maxLength: 5 }),
          fc.array(fc.nat(), { minLength: 1, maxLength: 20 }),
          (items, picks) => {
            const live = createInterpreter();
            const world = new World();
            let r = live.start(definition, meta({ items }), T0, tokensFor(0));
            world.absorb(r);
            for (let step = 1; step < 200 && r.status === 'RUNNING'; step++) {
              // Outcomes in an order the property chooses: any pending invoke may answer first.
              const k = (picks[step % picks.length] ?? 0) % Math.max(1, world.invokes.length);
              world.invokes = [...world.invokes.slice(k), ...world.invokes.slice(0, k)];
              const signal = world.next();
              if (!signal) break;
              const snapshot = roundTrip(r.snapshot);
              r = live.resume(r.snapshot, signal, world.now, tokensFor(step));
              const cold = createInterpreter({ liveExecutions: 0 }).resume(snapshot, signal, world.now, tokensFor(step));
              expect(roundTrip(cold)).toEqual(roundTrip(r));
              world.absorb(r);
            }
            expect(r.status).toBe('SUCCEEDED');
          },
        ),
        { numRuns: 25 },
      );
    },
  );

  it('a result the caller discarded does not leak into a later resume of the older snapshot', () => {
    const live = createInterpreter();
    const reference = createInterpreter({ liveExecutions: 0 });
    run(live, (snapshot, signal, now, step, r) => {
      // The runtime's transaction "failed": it resumes the same snapshot again, this time for real.
      const again = live.resume(snapshot, signal, now, tokensFor(step));
      expect(roundTrip(again)).toEqual(roundTrip(r));
      expect(roundTrip(again)).toEqual(roundTrip(reference.resume(roundTrip(snapshot), signal, now, tokensFor(step))));
      Object.assign(r, again);
    });
    expect(live.stats().replayed).toBeGreaterThan(10);
  });

  it('a forked history with the same step number is replayed, not taken from the other fork', () => {
    const interp = createInterpreter();
    const d = JSON.stringify({
      StartAt: 'First',
      States: {
        First: { Type: 'Task', Resource: LAMBDA, Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Caught' }], Next: 'Second' },
        Second: { Type: 'Task', Resource: LAMBDA, End: true },
        Caught: { Type: 'Task', Resource: LAMBDA, End: true },
      },
    });
    const s0 = interp.start(d, meta({}), T0, tokensFor(0));
    const first = s0.effects.find((e) => e.kind === 'invoke')?.id ?? '';
    const a = interp.resume(s0.snapshot, { kind: 'invokeFailed', effectId: first, error: 'Boom' }, T0, tokensFor(1));
    const b = interp.resume(s0.snapshot, { kind: 'invokeSucceeded', effectId: first, output: {} }, T0, tokensFor(1));
    expect(a.status).toBe('RUNNING');
    expect(b.status).toBe('RUNNING');
    const nextId = a.effects.find((e) => e.kind === 'invoke')?.id ?? '';
    expect(b.effects.find((e) => e.kind === 'invoke')?.id).toBe(nextId);
    // `b` is the cached one now; `a` has the same step number but another past.
    const replayedBefore = interp.stats().replayed;
    const a2 = interp.resume(a.snapshot, { kind: 'invokeSucceeded', effectId: nextId, output: 'a' }, T0, tokensFor(2));
    expect(interp.stats().replayed).toBe(replayedBefore + 1);
    expect(a2.events.find((e) => e.type === 'TaskStateExited')?.stateExitedEventDetails).toMatchObject({ name: 'Caught' });
  });
});

// A loop at the root: Wait, a retried Task, a callback, a Map and a Choice, with variables,
// $random/$uuid and task tokens; a checkpoint is taken at each Wait, Task and Map it enters.
const loop = JSON.stringify({
  QueryLanguage: 'JSONata',
  StartAt: 'Init',
  States: {
    Init: { Type: 'Pass', Assign: { n: 0, r: '{% $random() %}' }, Output: { i: 0 }, Next: 'Pause' },
    Pause: { Type: 'Wait', Seconds: 10, Next: 'Work' },
    Work: {
      Type: 'Task',
      Resource: LAMBDA,
      Arguments: { i: '{% $states.input.i %}', n: '{% $n %}' },
      Retry: [{ ErrorEquals: ['Flaky'], IntervalSeconds: 1, MaxAttempts: 2, JitterStrategy: 'FULL' }],
      Assign: { n: '{% $n + 1 %}' },
      Output: { i: '{% $states.input.i + 1 %}' },
      Next: 'Callback',
    },
    Callback: {
      Type: 'Task',
      Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken',
      Arguments: { FunctionName: LAMBDA, Payload: { token: '{% $states.context.Task.Token %}', u: '{% $uuid() %}' } },
      Output: { i: '{% $states.input.i %}' },
      Next: 'Fan',
    },
    Fan: {
      Type: 'Map',
      Items: '{% [$states.input.i, $n, $r] %}',
      ItemProcessor: {
        StartAt: 'W',
        States: { W: { Type: 'Task', Resource: LAMBDA, Retry: [{ ErrorEquals: ['Flaky'], IntervalSeconds: 1 }], End: true } },
      },
      Output: { i: '{% $states.input.i %}', c: '{% $count($states.result) %}' },
      Next: 'More',
    },
    More: { Type: 'Choice', Choices: [{ Condition: '{% $states.input.i < 3 %}', Next: 'Pause' }], Default: 'Done' },
    Done: { Type: 'Succeed' },
  },
});

describe('checkpoints', () => {
  it(
    'a cold resume from the last checkpoint gives what a replay of the whole log and the live execution give (fast-check)',
    { timeout: 120_000 },
    () => {
      let fromCheckpoint = 0;
      fc.assert(
        fc.property(fc.array(fc.nat(), { minLength: 1, maxLength: 20 }), (picks) => {
          const live = createInterpreter();
          const world = new World();
          let r = live.start(loop, meta({}), T0, tokensFor(0));
          world.absorb(r);
          for (let step = 1; step < 300 && r.status === 'RUNNING'; step++) {
            const k = (picks[step % picks.length] ?? 0) % Math.max(1, world.invokes.length);
            world.invokes = [...world.invokes.slice(k), ...world.invokes.slice(0, k)];
            const signal = world.next();
            if (!signal) break;
            const snapshot = roundTrip(r.snapshot) as { ckpt?: { log: number } };
            r = live.resume(r.snapshot, signal, world.now, tokensFor(step));
            const cold = createInterpreter({ liveExecutions: 0 }).resume(snapshot, signal, world.now, tokensFor(step));
            const whole = roundTrip(snapshot) as { ckpt?: unknown };
            delete whole.ckpt;
            const full = createInterpreter({ liveExecutions: 0 }).resume(whole, signal, world.now, tokensFor(step));
            if ((snapshot.ckpt?.log ?? 0) > 0) fromCheckpoint++;
            expect(roundTrip(cold)).toEqual(roundTrip(r));
            const { ckpt: _a, ...fullSnap } = roundTrip(full.snapshot) as Record<string, unknown>;
            const { ckpt: _b, ...liveSnap } = roundTrip(r.snapshot) as Record<string, unknown>;
            // A replay of the whole log finds the same checkpoints on its way.
            expect(_a).toEqual(_b);
            expect(fullSnap).toEqual(liveSnap);
            expect(roundTrip(full.events)).toEqual(roundTrip(r.events));
            expect(roundTrip(full.effects)).toEqual(roundTrip(r.effects));
            world.absorb(r);
          }
          expect([r.status, r.error, r.cause]).toEqual(['SUCCEEDED', undefined, undefined]);
        }),
        { numRuns: 15 },
      );
      expect(fromCheckpoint).toBeGreaterThan(100);
    },
  );
});

describe('JSONata without the worker', () => {
  it('gives what jsonata gives for literals and variable paths, and defers everything else', async () => {
    const { evaluateJsonata, evaluateJsonataFast } = await import('../../src/engine/jsonata-sync.ts');
    const bindings = {
      states: {
        input: { a: { b: [1, [2, 3]], c: null, d: 'x', z: -0 }, arr: [{ k: 1 }, { k: 2 }], n: 0 },
        context: { Execution: { Id: 'e' } },
      },
      v: [1, 2],
      o: { p: { q: true } },
    };
    const exprs = [
      '42',
      '-0',
      '1.5e3',
      '0.25',
      "'text'",
      '"te\'xt"',
      'true',
      'false',
      'null',
      '$states',
      '$states.input',
      '$states.input.a',
      '$states.input.a.b',
      '$states.input.a.c',
      '$states.input.a.d',
      '$states.input.a.z',
      '$states.input.missing',
      '$states.input.a.d.e',
      '$states.input.a.c.e',
      '$v',
      '$o.p.q',
      '$states.context.Execution.Id',
    ];
    for (const e of exprs) {
      const fast = evaluateJsonataFast(e, bindings);
      expect(fast, e).not.toBeNull();
      expect(fast, e).toEqual(evaluateJsonata(e, bindings.states.input, bindings, 1));
    }
    for (const e of [
      '$states.input.arr.k',
      '$count($v)',
      '$string',
      '$nope.x',
      '$states.input.and',
      '$o.constructor',
      "'a\\'b'",
      '1 + $v', // operators: only over numbers, strings and booleans (test/engine/jsonata-fast.test.ts)
      '$',
    ]) {
      expect(evaluateJsonataFast(e, bindings), e).toBeNull();
    }
  });
});
