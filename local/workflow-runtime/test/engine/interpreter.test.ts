import { describe, it, expect } from 'vitest';
import type { Effect, Signal, StepResult } from '../../src/contract.ts';
import { DefinitionError } from '../../src/contract.ts';
import { createInterpreter } from '../../src/engine/index.ts';
import { executionMeta as meta, LAMBDA, roundTrip, T0 } from '../fixtures.ts';

const interp = createInterpreter();

let tokens = 0;
const newToken = (): string => `tok-${++tokens}`;
const at = (secs: number): Date => new Date(T0.getTime() + secs * 1000);
const def = (d: unknown): string => JSON.stringify(d);
const types = (r: StepResult): string[] => r.events.map((e) => e.type);
const only = <K extends Effect['kind']>(r: StepResult, kind: K): (Effect & { kind: K })[] =>
  r.effects.filter((e): e is Effect & { kind: K } => e.kind === kind);

const callbackDef = def({
  StartAt: 'Wait',
  States: {
    Wait: {
      Type: 'Task',
      Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken',
      Parameters: { FunctionName: LAMBDA, Payload: { 'token.$': '$$.Task.Token' } },
      Catch: [{ ErrorEquals: ['Rejected'], Next: 'Handled' }],
      End: true,
    },
    Handled: { Type: 'Pass', End: true },
  },
});

describe('task tokens', () => {
  it('a task token task waits until invokeSucceeded', () => {
    const r = interp.start(callbackDef, meta({ a: 1 }), T0, newToken);
    expect(r.status).toBe('RUNNING');
    const [inv] = only(r, 'invoke');
    expect(inv?.taskToken).toMatch(/^tok-/);
    expect(inv?.parameters).toEqual({ FunctionName: LAMBDA, Payload: { token: inv?.taskToken } });
    const done = interp.resume(r.snapshot, { kind: 'invokeSucceeded', effectId: inv?.id ?? '', output: { ok: true } }, at(5), newToken);
    expect(done.status).toBe('SUCCEEDED');
    expect(done.output).toEqual({ ok: true });
    expect(types(done)).toEqual(['TaskSucceeded', 'TaskStateExited', 'ExecutionSucceeded']);
  });

  it('invokeFailed with a matching Catch routes to the catcher', () => {
    const r = interp.start(callbackDef, meta(), T0, newToken);
    const [inv] = only(r, 'invoke');
    const done = interp.resume(
      r.snapshot,
      { kind: 'invokeFailed', effectId: inv?.id ?? '', error: 'Rejected', cause: 'no' },
      at(1),
      newToken,
    );
    expect(done.status).toBe('SUCCEEDED');
    expect(done.output).toEqual({ Error: 'Rejected', Cause: 'no' });
    expect(types(done)).toContain('PassStateEntered');
  });
});

describe('timeouts', () => {
  const hb = def({
    StartAt: 'T',
    States: {
      T: {
        Type: 'Task',
        Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken',
        HeartbeatSeconds: 10,
        TimeoutSeconds: 100,
        Parameters: { FunctionName: LAMBDA },
        End: true,
      },
    },
  });

  it('heartbeat expiry fails the task with States.Timeout (as AWS records it), and a heartbeat re-arms the timer', () => {
    const r = interp.start(hb, meta(), T0, newToken);
    const [inv] = only(r, 'invoke');
    const timers = only(r, 'timer');
    expect(timers.map((t) => t.dueAt).sort()).toEqual([at(10).toISOString(), at(100).toISOString()]);
    const hbTimer = timers.find((t) => t.dueAt === at(10).toISOString());
    const beat = interp.resume(r.snapshot, { kind: 'heartbeat', effectId: inv?.id ?? '' }, at(8), newToken);
    expect(only(beat, 'cancel').map((c) => c.id)).toEqual([hbTimer?.id]);
    const [rearmed] = only(beat, 'timer');
    expect(rearmed?.dueAt).toBe(at(18).toISOString());
    const out = interp.resume(beat.snapshot, { kind: 'timerFired', effectId: rearmed?.id ?? '' }, at(18), newToken);
    expect(out.status).toBe('FAILED');
    expect(out.error).toBe('States.Timeout');
    expect(types(out)).toEqual(['TaskTimedOut', 'ExecutionFailed']);
  });

  it('a heartbeat expiry is still caught by name as States.HeartbeatTimeout, a task timeout is not', () => {
    const caught = def({
      StartAt: 'T',
      States: {
        T: {
          Type: 'Task',
          Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken',
          HeartbeatSeconds: 10,
          TimeoutSeconds: 100,
          Parameters: { FunctionName: LAMBDA },
          Catch: [{ ErrorEquals: ['States.HeartbeatTimeout'], Next: 'Beat' }],
          End: true,
        },
        Beat: { Type: 'Pass', End: true },
      },
    });
    const r = interp.start(caught, meta(), T0, newToken);
    const timer = (secs: number): string => only(r, 'timer').find((t) => t.dueAt === at(secs).toISOString())?.id ?? '';
    const byBeat = interp.resume(r.snapshot, { kind: 'timerFired', effectId: timer(10) }, at(10), newToken);
    expect(byBeat.status).toBe('SUCCEEDED');
    expect(byBeat.output).toEqual({ Error: 'States.Timeout', Cause: '' });
    const byTimeout = interp.resume(r.snapshot, { kind: 'timerFired', effectId: timer(100) }, at(100), newToken);
    expect(byTimeout.status).toBe('FAILED');
  });

  it('task TimeoutSeconds expiry fails with States.Timeout and cancels the invoke', () => {
    const r = interp.start(hb, meta(), T0, newToken);
    const [inv] = only(r, 'invoke');
    const t = only(r, 'timer').find((x) => x.dueAt === at(100).toISOString());
    const out = interp.resume(r.snapshot, { kind: 'timerFired', effectId: t?.id ?? '' }, at(100), newToken);
    expect(out.error).toBe('States.Timeout');
    expect(only(out, 'cancel').map((c) => c.id)).toContain(inv?.id);
  });

  it('execution TimeoutSeconds produces ExecutionTimedOut', () => {
    const d = def({ TimeoutSeconds: 5, StartAt: 'W', States: { W: { Type: 'Wait', Seconds: 60, End: true } } });
    const r = interp.start(d, meta(), T0, newToken);
    const execTimer = only(r, 'timer').find((t) => t.dueAt === at(5).toISOString());
    const out = interp.resume(r.snapshot, { kind: 'timerFired', effectId: execTimer?.id ?? '' }, at(5), newToken);
    expect(out.status).toBe('TIMED_OUT');
    expect(types(out)).toEqual(['ExecutionTimedOut']);
  });
});

describe('wait', () => {
  it('a 365-day Wait yields one timer 365 days ahead and nothing else until timerFired', () => {
    const d = def({ StartAt: 'W', States: { W: { Type: 'Wait', Seconds: 365 * 86400, End: true } } });
    const r = interp.start(d, meta({ x: 1 }), T0, newToken);
    expect(r.effects).toEqual([{ kind: 'timer', id: expect.any(String) as string, dueAt: at(365 * 86400).toISOString() }]);
    expect(types(r)).toEqual(['ExecutionStarted', 'WaitStateEntered']);
    const timer = only(r, 'timer')[0];
    const stray = interp.resume(r.snapshot, { kind: 'timerFired', effectId: 'not-this-one' }, at(10), newToken);
    expect(stray.events).toEqual([]);
    expect(stray.status).toBe('RUNNING');
    const done = interp.resume(stray.snapshot, { kind: 'timerFired', effectId: timer?.id ?? '' }, at(365 * 86400), newToken);
    expect(done.status).toBe('SUCCEEDED');
    expect(done.output).toEqual({ x: 1 });
  });
});

describe('retry', () => {
  it('IntervalSeconds 2, BackoffRate 2, MaxAttempts 3 yields timers at +2s, +4s, +8s', () => {
    const d = def({
      StartAt: 'T',
      States: {
        T: {
          Type: 'Task',
          Resource: LAMBDA,
          Retry: [{ ErrorEquals: ['States.ALL'], IntervalSeconds: 2, BackoffRate: 2, MaxAttempts: 3 }],
          End: true,
        },
      },
    });
    let r = interp.start(d, meta(), T0, newToken);
    let now = 0;
    const delays: number[] = [];
    for (let i = 0; i < 4; i++) {
      const [inv] = only(r, 'invoke');
      r = interp.resume(r.snapshot, { kind: 'invokeFailed', effectId: inv?.id ?? '', error: 'Boom' }, at(now), newToken);
      const [t] = only(r, 'timer');
      if (!t) break;
      const due = (new Date(t.dueAt).getTime() - T0.getTime()) / 1000;
      delays.push(due - now);
      now = due;
      r = interp.resume(r.snapshot, { kind: 'timerFired', effectId: t.id }, at(now), newToken);
    }
    expect(delays).toEqual([2, 4, 8]);
    expect(r.status).toBe('FAILED');
    expect(r.error).toBe('Boom');
  });
});

describe('snapshots', () => {
  const d = def({
    StartAt: 'W',
    States: {
      W: { Type: 'Wait', Seconds: 30, Next: 'T' },
      T: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', Parameters: { FunctionName: LAMBDA, 'Payload.$': '$' }, End: true },
    },
  });

  it('resuming from a JSON round-tripped snapshot mid-wait and mid-task gives the same result', () => {
    const r0 = interp.start(d, meta({ v: 7 }), T0, newToken);
    const [timer] = only(r0, 'timer');
    const fire: Signal = { kind: 'timerFired', effectId: timer?.id ?? '' };
    const a = interp.resume(r0.snapshot, fire, at(30), newToken);
    const b = interp.resume(roundTrip(r0.snapshot), fire, at(30), newToken);
    expect(roundTrip(b)).toEqual(roundTrip(a));
    const [inv] = only(a, 'invoke');
    expect(inv?.parameters).toEqual({ FunctionName: LAMBDA, Payload: { v: 7 } });
    const ok: Signal = { kind: 'invokeSucceeded', effectId: inv?.id ?? '', output: { done: true } };
    const a2 = interp.resume(a.snapshot, ok, at(31), newToken);
    const b2 = interp.resume(roundTrip(b.snapshot), ok, at(31), newToken);
    expect(roundTrip(b2)).toEqual(roundTrip(a2));
    expect(a2.status).toBe('SUCCEEDED');
    // lambda:invoke output is wrapped in the Invoke API response shape.
    expect(a2.output).toMatchObject({ Payload: { done: true }, StatusCode: 200, ExecutedVersion: '$LATEST' });
  });
});

describe('validation', () => {
  const refuse = (d: unknown): DefinitionError => {
    try {
      interp.validate(def(d));
    } catch (e) {
      if (e instanceof DefinitionError) return e;
      throw e;
    }
    throw new Error('accepted');
  };

  it('refuses an Activity resource naming the state', () => {
    const e = refuse({
      StartAt: 'Act',
      States: { Act: { Type: 'Task', Resource: 'arn:aws:states:us-east-1:111111111111:activity:x', End: true } },
    });
    expect(e.stateName).toBe('Act');
    expect(e.message).toContain('Act');
  });

  it('refuses an unknown state type naming the state', () => {
    const e = refuse({ StartAt: 'X', States: { X: { Type: 'Teleport', End: true } } });
    expect(e.stateName).toBe('X');
  });

  it('refuses SQS/SNS task-token transports, which only the conformance harness accepts', () => {
    for (const resource of ['arn:aws:states:::sqs:sendMessage.waitForTaskToken', 'arn:aws:states:::sns:publish.waitForTaskToken']) {
      const d = { StartAt: 'Send', States: { Send: { Type: 'Task', Resource: resource, End: true } } };
      expect(refuse(d).stateName).toBe('Send');
      expect(() => createInterpreter({ harness: { tokenTransports: true } }).validate(def(d))).not.toThrow();
    }
  });

  it('refuses an unknown Next target', () => {
    expect(refuse({ StartAt: 'A', States: { A: { Type: 'Pass', Next: 'Nowhere' } } }).stateName).toBe('A');
  });
});

describe('stop', () => {
  it('a stop signal aborts the execution and cancels what is pending', () => {
    const d = def({ StartAt: 'W', States: { W: { Type: 'Wait', Seconds: 100, End: true } } });
    const r = interp.start(d, meta(), T0, newToken);
    const out = interp.resume(r.snapshot, { kind: 'stop', error: 'Stopped', cause: 'by user' }, at(1), newToken);
    expect(out.status).toBe('ABORTED');
    expect(types(out)).toEqual(['ExecutionAborted']);
    expect(only(out, 'cancel')).toHaveLength(1);
  });
});

describe('variables and JSONata', () => {
  it('Assign sees values from before the state, and Map iterations read outer variables', () => {
    const d = def({
      QueryLanguage: 'JSONata',
      StartAt: 'A',
      States: {
        A: { Type: 'Pass', Assign: { x: 1 }, Next: 'B' },
        B: { Type: 'Pass', Assign: { x: '{% $x + 1 %}', old: '{% $x %}' }, Next: 'M' },
        M: {
          Type: 'Map',
          Items: '{% [1, 2] %}',
          ItemProcessor: { StartAt: 'I', States: { I: { Type: 'Pass', Output: '{% $states.input * $x %}', End: true } } },
          Output: '{% {"r": $states.result, "old": $old} %}',
          End: true,
        },
      },
    });
    const r = interp.start(d, meta(), T0, newToken);
    expect(r.status).toBe('SUCCEEDED');
    expect(r.output).toEqual({ r: [2, 4], old: 1 });
  });
});
