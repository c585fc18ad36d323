// What the engine's replay tests share: a Parallel of a retried Map and a callback, followed by a
// JSONata Pass with $random/$uuid, and a world that answers its effects by a fixed policy.
import type { Effect, Signal, StepResult } from '../../src/contract.ts';
import { LAMBDA, T0 } from '../fixtures.ts';

export const FAN_DEFINITION = {
  StartAt: 'Fan',
  States: {
    Fan: {
      Type: 'Parallel',
      Branches: [
        {
          StartAt: 'Items',
          States: {
            Items: {
              Type: 'Map',
              ItemsPath: '$.items',
              MaxConcurrency: 2,
              ItemProcessor: {
                StartAt: 'Work',
                States: {
                  Work: {
                    Type: 'Task',
                    Resource: LAMBDA,
                    Retry: [{ ErrorEquals: ['Flaky'], IntervalSeconds: 2, MaxAttempts: 2, JitterStrategy: 'FULL' }],
                    End: true,
                  },
                },
              },
              End: true,
            },
          },
        },
        {
          StartAt: 'Pause',
          States: {
            Pause: { Type: 'Wait', Seconds: 30, Next: 'Callback' },
            Callback: {
              Type: 'Task',
              Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken',
              HeartbeatSeconds: 60,
              Parameters: { FunctionName: LAMBDA, Payload: { 'token.$': '$$.Task.Token' } },
              End: true,
            },
          },
        },
      ],
      Next: 'Shape',
    },
    Shape: {
      Type: 'Pass',
      QueryLanguage: 'JSONata',
      Assign: { picked: '{% $states.input[1] %}' },
      Output: '{% {"n": $count($states.input[0]), "r": $random(), "u": $uuid(), "lit": 42} %}',
      End: true,
    },
  },
} as const;

export type Invoke = Effect & { kind: 'invoke' };
export type Timer = Effect & { kind: 'timer' };

/** A fixed policy: every invoke fails once with Flaky, callbacks get a heartbeat first, timers fire in due order. */
export class World {
  invokes: Invoke[] = [];
  timers: Timer[] = [];
  tried = new Set<string>();
  beaten = new Set<string>();
  now = T0;

  absorb(r: StepResult): void {
    for (const e of r.effects) {
      if (e.kind === 'invoke') this.invokes.push(e);
      else if (e.kind === 'timer') this.timers.push(e);
      else {
        this.invokes = this.invokes.filter((x) => x.id !== e.id);
        this.timers = this.timers.filter((x) => x.id !== e.id);
      }
    }
  }

  /** The next outcome; a stop at step `stop.at` when asked for. */
  next(stop?: { at: number; step: number }): Signal | null {
    if (stop && stop.step === stop.at) return { kind: 'stop', error: 'Stopped', cause: 'by the property' };
    const inv = this.invokes[0];
    if (inv) {
      this.now = new Date(this.now.getTime() + 1000);
      if (inv.taskToken && !this.beaten.has(inv.id)) {
        this.beaten.add(inv.id);
        return { kind: 'heartbeat', effectId: inv.id };
      }
      this.invokes.shift();
      if (!inv.taskToken && !this.tried.has(JSON.stringify(inv.parameters))) {
        this.tried.add(JSON.stringify(inv.parameters));
        return { kind: 'invokeFailed', effectId: inv.id, error: 'Flaky', cause: 'try again' };
      }
      return { kind: 'invokeSucceeded', effectId: inv.id, output: { done: inv.parameters } };
    }
    this.timers.sort((a, b) => a.dueAt.localeCompare(b.dueAt));
    const t = this.timers.shift();
    if (!t) return null;
    if (new Date(t.dueAt) > this.now) this.now = new Date(t.dueAt);
    return { kind: 'timerFired', effectId: t.id };
  }
}

export const tokensFor = (step: number): (() => string) => {
  let n = 0;
  return () => `tok-${step}-${++n}`;
};
