/**
 * Drives many concurrent executions of a representative definition (Pass, Choice, Lambda Task,
 * Wait, Parallel) to completion on the virtual clock, and compares the cost of one state
 * transition with one raw single-row write to the same sqlite store, measured in the same run.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import {
  createInterpreter,
  LocalClock,
  LocalWorkflowRuntime,
  type Durability,
  type Interpreter,
  type LambdaInvoker,
} from 'local-workflow-runtime';

const EXECUTIONS = Number(process.env.BENCH_EXECUTIONS ?? (process.env.BENCH_QUICK === '1' ? 40 : 200));
const RAW_WRITES = 2000;
const FN = 'arn:aws:lambda:us-east-1:123456789012:function:work';

const definition = JSON.stringify({
  QueryLanguage: 'JSONata',
  StartAt: 'Init',
  States: {
    Init: { Type: 'Pass', Output: { caseId: '{% $states.input.caseId %}', n: '{% $states.input.n %}' }, Next: 'Route' },
    Route: { Type: 'Choice', Choices: [{ Condition: '{% $states.input.n % 2 = 0 %}', Next: 'Even' }], Default: 'Odd' },
    Even: {
      Type: 'Task',
      Resource: 'arn:aws:states:::lambda:invoke',
      Arguments: { FunctionName: FN, Payload: '{% $states.input %}' },
      Output: '{% $states.result.Payload %}',
      Next: 'Pause',
    },
    Odd: { Type: 'Pass', Next: 'Pause' },
    Pause: { Type: 'Wait', Seconds: 5, Next: 'Fan' },
    Fan: {
      Type: 'Parallel',
      Branches: [
        { StartAt: 'Left', States: { Left: { Type: 'Pass', End: true } } },
        {
          StartAt: 'Right',
          States: {
            Right: {
              Type: 'Task',
              Resource: 'arn:aws:states:::lambda:invoke',
              Arguments: { FunctionName: FN, Payload: '{% $states.input %}' },
              Output: '{% $states.result.Payload %}',
              End: true,
            },
          },
        },
      ],
      Next: 'Done',
    },
    Done: { Type: 'Succeed' },
  },
});

/** Wraps the interpreter to tell how much of a transition is interpretation and how much is the runtime. */
function timed(inner: Interpreter): { interpreter: Interpreter; ms: () => number } {
  let ms = 0;
  const time = <T>(fn: () => T): T => {
    const t = performance.now();
    try {
      return fn();
    } finally {
      ms += performance.now() - t;
    }
  };
  return {
    ms: () => ms,
    interpreter: {
      validate: (d) => inner.validate(d),
      start: (d, meta, now, tok) => time(() => inner.start(d, meta, now, tok)),
      resume: (s, sig, now, tok) => time(() => inner.resume(s, sig, now, tok)),
      // Read after the timed part (to count transitions), as GetExecutionHistory derives it.
      history: (s) => inner.history?.(s) ?? [],
    },
  };
}

interface Figures {
  transitions: number;
  events: number;
  elapsedMs: number;
  interpreterMs: number;
  perTransitionMs: number;
  perWriteMs: number;
}

async function run(durability: Durability): Promise<Figures> {
  const dataDir = mkdtempSync(join(tmpdir(), 'engine-bench-'));
  const clock = LocalClock.inMemory({ mode: 'manual', startAt: new Date('2026-01-01T00:00:00Z') });
  // As the local system runs it: histories derived when read (they are read below, after the timing).
  const { interpreter, ms: interpreterMs } = timed(createInterpreter({ history: 'derived' }));
  const work: LambdaInvoker = (_fn, payload) => Promise.resolve({ ...(payload as object), worked: true });
  const runtime = await LocalWorkflowRuntime.open({
    dataDir,
    clock,
    interpreter,
    durability,
    invokeLambda: work,
    invokeService: () => Promise.reject(new Error('no services in the bench')),
  });
  try {
    const { stateMachineArn } = runtime.registerStateMachine({
      name: 'bench',
      definition,
      roleArn: 'arn:aws:iam::123456789012:role/bench',
    });

    // Warm up prepared statements, JIT and the interpreter's expression caches.
    for (let i = 0; i < 20; i++) {
      runtime.startExecution({ stateMachineArn, name: `warmup-${i}`, input: JSON.stringify({ caseId: 'w', n: i }) });
    }
    await runtime.advanceBy('PT10S');

    const t0 = performance.now();
    const i0 = interpreterMs();
    for (let i = 0; i < EXECUTIONS; i++) {
      runtime.startExecution({ stateMachineArn, name: `case-${i}`, input: JSON.stringify({ caseId: `c${i}`, n: i }) });
    }
    await runtime.advanceBy('PT10S');
    const elapsedMs = performance.now() - t0;
    const interp = interpreterMs() - i0;

    const row = (sql: string): number => Number((runtime.store.db.prepare(sql).get() as { n: number }).n);
    const succeeded = row(`SELECT count(*) AS n FROM executions WHERE status = 'SUCCEEDED' AND name NOT LIKE 'warmup-%'`);
    if (succeeded !== EXECUTIONS) throw new Error(`only ${succeeded}/${EXECUTIONS} executions succeeded`);
    // Counted through the history API (a large step's batch is stored deflated).
    let transitions = 0;
    let events = 0;
    for (let i = 0; i < EXECUTIONS; i++) {
      const history = runtime.getHistory(`${stateMachineArn.replace(':stateMachine:', ':execution:')}:case-${i}`, { limit: 1_000_000 });
      events += history.length;
      transitions += history.filter((e) => e.type.endsWith('StateEntered')).length;
    }

    for (let i = 0; i < 50; i++) runtime.rawWrite(`warm-${i}`);
    const writes = durability === 'full' ? RAW_WRITES / 4 : RAW_WRITES;
    const w0 = performance.now();
    for (let i = 0; i < writes; i++) runtime.rawWrite(`raw-${i}`);
    const perWriteMs = (performance.now() - w0) / writes;
    return { transitions, events, elapsedMs, interpreterMs: interp, perTransitionMs: elapsedMs / transitions, perWriteMs };
  } finally {
    await runtime.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/**
 * A cold resume: the execution is not in the interpreter's memory (a restart), so resuming it
 * rebuilds it from its snapshot: from its last checkpoint, the log after it replayed. An execution
 * with about 20,000 history events (a loop of Wait and Pass states, a timer signal per Wait) is
 * built with one interpreter, then resumed by a fresh one.
 */
function coldResume(): { events: number; signals: number; ms: number } {
  const loop = JSON.stringify({
    QueryLanguage: 'JSONata',
    StartAt: 'Pause',
    States: {
      Pause: { Type: 'Wait', Seconds: 60, Next: 'Count' },
      Count: { Type: 'Pass', Output: { i: '{% $states.input.i + 1 %}' }, Next: 'More' },
      More: { Type: 'Choice', Choices: [{ Condition: '{% $states.input.i < 1000000 %}', Next: 'Pause' }], Default: 'Done' },
      Done: { Type: 'Succeed' },
    },
  });
  const meta = {
    executionArn: 'arn:aws:states:us-east-1:123456789012:execution:loop:cold',
    name: 'cold',
    stateMachineArn: 'arn:aws:states:us-east-1:123456789012:stateMachine:loop',
    stateMachineName: 'loop',
    roleArn: 'arn:aws:iam::123456789012:role/bench',
    startTime: '2026-01-01T00:00:00.000Z',
    input: { i: 0 },
    inputText: '{"i":0}',
  };
  let n = 0;
  const token = (): string => `t${++n}`;
  let now = Date.parse('2026-01-01T00:00:00Z');
  const warm = createInterpreter();
  let r = warm.start(loop, meta, new Date(now), token);
  let events = r.events.length;
  let signals = 0;
  let timer = r.effects.find((e) => e.kind === 'timer')?.id;
  while (events < 20_000 && timer) {
    now += 60_000;
    r = warm.resume(r.snapshot, { kind: 'timerFired', effectId: timer }, new Date(now), token);
    events += r.events.length;
    signals++;
    timer = r.effects.find((e) => e.kind === 'timer')?.id;
  }
  if (!timer) throw new Error('the loop stopped');
  // As after a restart: the snapshot as stored (JSON text), a fresh interpreter; the median of 5.
  const stored = JSON.stringify(r.snapshot);
  const times: number[] = [];
  for (let k = 0; k < 5; k++) {
    const cold = createInterpreter();
    const t0 = performance.now();
    cold.resume(JSON.parse(stored) as unknown, { kind: 'timerFired', effectId: timer }, new Date(now + 60_000), token);
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return { events, signals, ms: times[2] ?? NaN };
}

function report(label: string, f: Figures): void {
  const out = (s: string): boolean => process.stdout.write(`${s}\n`);
  const us = (ms: number): string => `${(ms * 1000).toFixed(1)} µs`;
  out(`[${label}] ${EXECUTIONS} executions, all SUCCEEDED: ${f.transitions} state transitions, ${f.events} history events`);
  out(
    `[${label}] wall time ${f.elapsedMs.toFixed(1)} ms, of which interpreter ${f.interpreterMs.toFixed(1)} ms (${((100 * f.interpreterMs) / f.elapsedMs).toFixed(0)}%)`,
  );
  out(`[${label}] transitions per second: ${(f.transitions / (f.elapsedMs / 1000)).toFixed(0)}`);
  out(
    `[${label}] time per state transition: ${us(f.perTransitionMs)} (runtime alone, interpreter excluded: ${us((f.elapsedMs - f.interpreterMs) / f.transitions)})`,
  );
  out(`[${label}] time per raw write (single-row insert in its own transaction, same store): ${us(f.perWriteMs)}`);
  out(`[${label}] transition/write ratio: ${(f.perTransitionMs / f.perWriteMs).toFixed(2)}`);
}

async function main(): Promise<void> {
  const out = (s: string): boolean => process.stdout.write(`${s}\n`);
  out(`loadavg ${readFileSync('/proc/loadavg', 'utf8').trim()}`);
  // The non-default configuration first, for comparison; the default (durability 'full') last.
  const normal = await run('normal');
  report('synchronous=NORMAL', normal);
  const full = await run('full');
  report('synchronous=FULL, default', full);
  const cold = coldResume();
  out(
    `cold resume of an execution with ${cold.events} history events (${cold.signals} signals), snapshot parsed and resumed by a fresh interpreter, median of 5: ${cold.ms.toFixed(1)} ms (target < 50 ms)`,
  );
  const cpu = (f: Figures): number => f.interpreterMs / f.transitions;
  out(`engine interpreter CPU per transition / bare write without fsync: ${(cpu(normal) / normal.perWriteMs).toFixed(2)}`);
  out(`engine interpreter CPU per transition / bare write with fsync: ${(cpu(full) / full.perWriteMs).toFixed(2)}`);
  out(`loadavg ${readFileSync('/proc/loadavg', 'utf8').trim()}`);
  process.stdout.write(`engine transition/write ratio: ${(full.perTransitionMs / full.perWriteMs).toFixed(2)}\n`);
}

await main();
