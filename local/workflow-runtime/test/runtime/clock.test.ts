import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { LocalClock } from '../../src/clock.ts';
import { addIsoDuration, LocalWorkflowRuntime } from '../../src/index.ts';
import { createFakeInterpreter } from './fake-interpreter.ts';
import { definition, eventually, ROLE } from './harness.ts';

const dirs: string[] = [];
const tempDir = (): string => {
  const d = mkdtempSync(join(tmpdir(), 'clock-'));
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('LocalClock', () => {
  it('never goes backwards and persists its position across reopen', () => {
    const dir = tempDir();
    const start = new Date('2026-03-01T00:00:00Z');
    const clock = LocalClock.open(dir, { mode: 'manual', startAt: start });
    expect(clock.now().toISOString()).toBe(start.toISOString());
    clock.advanceTo(new Date('2026-06-01T00:00:00Z'));
    expect(() => clock.advanceTo(new Date('2026-05-01T00:00:00Z'))).toThrow(/backwards/);
    const reopened = LocalClock.open(dir, { mode: 'manual', startAt: start });
    expect(reopened.now().toISOString()).toBe('2026-06-01T00:00:00.000Z');
  });

  it('in real mode keeps flowing from the advanced position, and keeps the offset across reopen', () => {
    const dir = tempDir();
    const clock = LocalClock.open(dir);
    const target = new Date(Date.now() + 90 * 86_400_000);
    clock.advanceTo(target);
    const after = LocalClock.open(dir).now().getTime();
    expect(after).toBeGreaterThanOrEqual(target.getTime());
    expect(after - target.getTime()).toBeLessThan(5_000);
  });
});

describe('addIsoDuration', () => {
  const base = new Date('2026-01-31T10:00:00Z');
  it.each([
    ['P90D', '2026-05-01T10:00:00.000Z'],
    ['PT2H', '2026-01-31T12:00:00.000Z'],
    ['P1M', '2026-02-28T10:00:00.000Z'],
    ['P1Y2M3DT4H5M6S', '2027-04-03T14:05:06.000Z'],
    ['P2W', '2026-02-14T10:00:00.000Z'],
    ['PT0.5S', '2026-01-31T10:00:00.500Z'],
  ])('%s', (duration, expected) => {
    expect(addIsoDuration(base, duration).toISOString()).toBe(expected);
  });
  it('rejects what is not a duration', () => {
    expect(() => addIsoDuration(base, '90 days')).toThrow(RangeError);
    expect(() => addIsoDuration(base, 'P')).toThrow(RangeError);
    expect(() => addIsoDuration(base, 'PT')).toThrow(RangeError);
  });
});

describe('real-time loop', () => {
  it('fires a due timer on wall time, and notices a clock moved by someone else', async () => {
    const clock = LocalClock.inMemory({ mode: 'manual', startAt: new Date('2026-01-01T00:00:00Z') });
    const runtime = await LocalWorkflowRuntime.open({
      dataDir: tempDir(),
      clock,
      interpreter: createFakeInterpreter(),
      invokeLambda: () => Promise.resolve(null),
      invokeService: () => Promise.reject(new Error('none')),
    });
    try {
      const { stateMachineArn } = runtime.registerStateMachine({
        name: 'w',
        roleArn: ROLE,
        definition: definition({ W: { Type: 'Wait', Seconds: 40 * 86_400, End: true } }, 'W'),
      });
      runtime.startRealTimeLoop();
      const { executionArn } = runtime.startExecution({ stateMachineArn });
      await new Promise((r) => setTimeout(r, 300));
      expect(runtime.describeExecution(executionArn).status).toBe('RUNNING');
      clock.advanceTo(new Date('2026-03-01T00:00:00Z'));
      await eventually(() => runtime.describeExecution(executionArn).status === 'SUCCEEDED', 3000);
      expect(runtime.describeExecution(executionArn).stopDate?.toISOString()).toBe('2026-03-01T00:00:00.000Z');
    } finally {
      await runtime.close();
    }
  });

  it('runs short waits on a real-mode clock', async () => {
    const runtime = await LocalWorkflowRuntime.open({
      dataDir: tempDir(),
      clock: LocalClock.inMemory(),
      interpreter: createFakeInterpreter(),
      invokeLambda: () => Promise.resolve(null),
      invokeService: () => Promise.reject(new Error('none')),
      durability: 'normal',
    });
    try {
      const { stateMachineArn } = runtime.registerStateMachine({
        name: 'w',
        roleArn: ROLE,
        definition: definition({ W: { Type: 'Wait', Seconds: 1, End: true } }, 'W'),
      });
      runtime.startRealTimeLoop();
      const started = Date.now();
      const { executionArn } = runtime.startExecution({ stateMachineArn });
      await eventually(() => runtime.describeExecution(executionArn).status === 'SUCCEEDED', 4000);
      expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    } finally {
      await runtime.close();
    }
  });
});
