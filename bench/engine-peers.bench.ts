/**
 * The interpreter against a peer: aws-local-stepfunctions (in-process, no durability), on the four
 * JSONPath definitions of issue 15, interleaved in one process, plus a JSONata twin of each run on
 * ours alone. Ours is the durable runtime (sqlite, durability 'full' unless BENCH_DURABILITY says
 * otherwise), driven through StartExecution as the API takes it (startExecutionGrouped: the starts of
 * one turn of the event loop are committed together, each answered once committed). Prints transitions per second for each, and
 * `engine peer ratio: X` last: the lowest ratio ours/theirs over the four definitions (medians of
 * the rounds).
 *
 * Where ours spent its time on the chain of 200 Pass (cpu-prof, durability 'full', starts grouped,
 * 2026-12-03, about 1.1–1.2 ms an execution against the peer's 0.5 ms on a quiet machine; now
 * 0.13–0.2 ms):
 *  - fixed: each start was its own sqlite transaction and fsync (the bench started its ten
 *    executions one synchronous call after another). StartExecution through the API now commits
 *    the starts of one turn of the event loop together (startExecutionGrouped): the chain's ratio
 *    went from 0.17–0.30 to 0.43–0.78, and 'full' is now within the noise of 'normal' (one run each,
 *    back to back on a quiet machine: 0.54 and 0.34; 9 rounds of 20: 0.43). The history's encoding no longer runs JSON.stringify
 *    on its own keys and types (200 → 120 µs for 402 events).
 *  - fixed, the history: storing the 402 events (building their details, encoding, deflating,
 *    inserting) was about 36% of the time and most of the garbage collection (16%). Histories are
 *    now derived when read (createInterpreter({ history: 'derived' }), the local system's mode): a
 *    step counts its events, and GetExecutionHistory replays the snapshot's log and stores them
 *    (a property test checks the replay gives the very events of the live run). Ratio 0.45 → 0.79–1.32.
 *  - fixed, the allocations: each state built six closures and three objects (enterState); it is
 *    one object with methods now (StateRun), garbage collection from 30% to about 4%.
 *  - fixed, the snapshot: a closed execution awaiting its derived history keeps its snapshot, and
 *    the snapshot carried the 12 KB definition: stored once now (table definitions). Chain 1.9–3.1
 *    times the peer; `engine peer ratio` 1.34–1.74, the Parallel of 10 × 5 Pass the lowest.
 *  - left: the commit's fsync (a quarter of the chain's time, shared by the group's ten starts),
 *    JSON (the snapshot; `$states.input` copied out of each JSONata evaluation).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { StateMachine } from 'aws-local-stepfunctions';
import { createInterpreter, LocalClock, LocalWorkflowRuntime, type Durability } from 'local-workflow-runtime';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const EXECUTIONS = Number(process.env.BENCH_EXECUTIONS ?? (process.env.BENCH_QUICK === '1' ? 3 : 10));
const DURABILITY = (process.env.BENCH_DURABILITY ?? 'full') as Durability;

type Def = Record<string, unknown>;
const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i);

function chain(jsonata: boolean): Def {
  const states: Record<string, unknown> = {};
  for (const i of range(200)) {
    states[`S${i}`] = jsonata
      ? { Type: 'Pass', Output: '{% $states.input %}', ...(i === 199 ? { End: true } : { Next: `S${i + 1}` }) }
      : { Type: 'Pass', ...(i === 199 ? { End: true } : { Next: `S${i + 1}` }) };
  }
  return { ...(jsonata ? { QueryLanguage: 'JSONata' } : {}), StartAt: 'S0', States: states };
}

function choiceLoop(jsonata: boolean): Def {
  if (jsonata) {
    return {
      QueryLanguage: 'JSONata',
      StartAt: 'Init',
      States: {
        Init: { Type: 'Pass', Output: { i: 0 }, Next: 'Loop' },
        Loop: { Type: 'Choice', Choices: [{ Condition: '{% $states.input.i < 500 %}', Next: 'Inc' }], Default: 'Done' },
        Inc: { Type: 'Pass', Output: { i: '{% $states.input.i + 1 %}' }, Next: 'Loop' },
        Done: { Type: 'Succeed' },
      },
    };
  }
  return {
    StartAt: 'Init',
    States: {
      Init: { Type: 'Pass', Result: { i: 0 }, Next: 'Loop' },
      Loop: { Type: 'Choice', Choices: [{ Variable: '$.i', NumericLessThan: 500, Next: 'Inc' }], Default: 'Done' },
      Inc: { Type: 'Pass', Parameters: { 'i.$': 'States.MathAdd($.i, 1)' }, Next: 'Loop' },
      Done: { Type: 'Succeed' },
    },
  };
}

function inlineMap(jsonata: boolean): Def {
  const processor = {
    StartAt: 'A',
    States: { A: { Type: 'Pass', Next: 'B' }, B: { Type: 'Pass', End: true } },
  };
  return jsonata
    ? {
        QueryLanguage: 'JSONata',
        StartAt: 'Map',
        States: { Map: { Type: 'Map', Items: '{% $states.input.items %}', ItemProcessor: processor, End: true } },
      }
    : { StartAt: 'Map', States: { Map: { Type: 'Map', ItemsPath: '$.items', ItemProcessor: processor, End: true } } };
}

function parallel(jsonata: boolean): Def {
  const branch = (b: number): Def => {
    const states: Record<string, unknown> = {};
    for (const i of range(5)) states[`B${b}S${i}`] = { Type: 'Pass', ...(i === 4 ? { End: true } : { Next: `B${b}S${i + 1}` }) };
    return { StartAt: `B${b}S0`, States: states };
  };
  return {
    ...(jsonata ? { QueryLanguage: 'JSONata' } : {}),
    StartAt: 'Fan',
    States: { Fan: { Type: 'Parallel', Branches: range(10).map(branch), End: true } },
  };
}

// The same input for both engines; only the Map needs the items (the history records every
// state's input and output, so a large input costs ours, which keeps a history, and not the peer).
const small = { x: 1 };
const cases = [
  { name: 'chain of 200 Pass', make: chain, input: small },
  { name: 'Choice loop to 500 (States.MathAdd)', make: choiceLoop, input: small },
  { name: 'inline Map 200 x 2 Pass', make: inlineMap, input: { items: range(200), x: 1 } },
  { name: 'Parallel 10 x 5 Pass', make: parallel, input: small },
];

interface Ours {
  runtime: LocalWorkflowRuntime;
  arns: Map<string, string>;
  transitions: Map<string, number>;
  dataDir: string;
}

async function openOurs(): Promise<Ours> {
  const dataDir = mkdtempSync(join(tmpdir(), 'engine-peers-'));
  const clock = LocalClock.inMemory({ mode: 'manual', startAt: new Date('2026-01-01T00:00:00Z') });
  const runtime = await LocalWorkflowRuntime.open({
    dataDir,
    clock,
    interpreter: createInterpreter({ history: 'derived' }),
    durability: DURABILITY,
    invokeLambda: () => Promise.reject(new Error('no Lambda in the bench')),
    invokeService: () => Promise.reject(new Error('no services in the bench')),
  });
  return { runtime, arns: new Map(), transitions: new Map(), dataDir };
}

let seq = 0;
/** Runs `n` executions on our durable runtime; returns the elapsed ms and transitions per execution. */
async function runOurs(o: Ours, key: string, def: Def, input: unknown, n: number): Promise<{ ms: number; transitions: number }> {
  let arn = o.arns.get(key);
  if (!arn) {
    arn = o.runtime.registerStateMachine({
      name: key.replace(/[^A-Za-z0-9-]+/g, '-'),
      definition: JSON.stringify(def),
      roleArn: 'arn:aws:iam::123456789012:role/bench',
    }).stateMachineArn;
    o.arns.set(key, arn);
  }
  const names: string[] = [];
  const text = JSON.stringify(input);
  const t0 = performance.now();
  // The n starts arrive together, as StartExecution calls through the API do: each is answered once
  // committed, and those of one turn of the event loop share one commit (one fsync).
  const starts: Promise<unknown>[] = [];
  for (let i = 0; i < n; i++) {
    const name = `e${++seq}`;
    names.push(name);
    starts.push(o.runtime.startExecutionGrouped({ stateMachineArn: arn, name, input: text }));
  }
  await Promise.all(starts);
  await o.runtime.settle();
  const ms = performance.now() - t0;
  const execArn = (name: string): string => `${arn.replace(':stateMachine:', ':execution:')}:${name}`;
  for (const name of names) {
    const d = o.runtime.describeExecution(execArn(name));
    if (d.status !== 'SUCCEEDED') throw new Error(`${key} ${name}: ${d.status}`);
  }
  let transitions = o.transitions.get(key);
  if (transitions === undefined) {
    const first = names[0] ?? '';
    transitions = o.runtime.getHistory(execArn(first), { limit: 1_000_000 }).filter((e) => e.type.endsWith('StateEntered')).length;
    o.transitions.set(key, transitions);
  }
  return { ms, transitions };
}

async function runPeer(def: Def, input: unknown, n: number): Promise<number> {
  const sm = new StateMachine(def as never, { validationOptions: { checkPaths: false, checkArn: false } });
  const t0 = performance.now();
  for (let i = 0; i < n; i++) await sm.run(input as never).result;
  return performance.now() - t0;
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? NaN;
};

async function main(): Promise<void> {
  const out = (s: string): boolean => process.stdout.write(`${s}\n`);
  out(`loadavg ${readFileSync('/proc/loadavg', 'utf8').trim()}`);
  out(
    `${ROUNDS} rounds of ${EXECUTIONS} executions per definition and engine, interleaved; ours: durable runtime, durability '${DURABILITY}'`,
  );
  const ours = await openOurs();
  try {
    // Warm-up: JIT, prepared statements, caches.
    for (const c of cases) {
      await runOurs(ours, `${c.name}/jsonpath`, c.make(false), c.input, 1);
      await runOurs(ours, `${c.name}/jsonata`, c.make(true), c.input, 1);
      await runPeer(c.make(false), c.input, 1);
    }
    const rates = new Map<string, { ours: number[]; oursJsonata: number[]; peer: number[] }>();
    for (const c of cases) rates.set(c.name, { ours: [], oursJsonata: [], peer: [] });
    for (let r = 0; r < ROUNDS; r++) {
      for (const c of cases) {
        const rate = rates.get(c.name);
        if (!rate) continue;
        const a = await runOurs(ours, `${c.name}/jsonpath`, c.make(false), c.input, EXECUTIONS);
        const p = await runPeer(c.make(false), c.input, EXECUTIONS);
        const j = await runOurs(ours, `${c.name}/jsonata`, c.make(true), c.input, EXECUTIONS);
        const perSecond = (ms: number, t: number): number => (t * EXECUTIONS) / (ms / 1000);
        rate.ours.push(perSecond(a.ms, a.transitions));
        // The same definition: the same transitions.
        rate.peer.push(perSecond(p, a.transitions));
        rate.oursJsonata.push(perSecond(j.ms, j.transitions));
      }
    }
    let lowest = Infinity;
    for (const c of cases) {
      const rate = rates.get(c.name);
      if (!rate) continue;
      const o = median(rate.ours);
      const p = median(rate.peer);
      const j = median(rate.oursJsonata);
      const ratio = o / p;
      lowest = Math.min(lowest, ratio);
      out(
        `${c.name}: ours ${o.toFixed(0)} transitions/s, aws-local-stepfunctions ${p.toFixed(0)} transitions/s, ratio ${ratio.toFixed(2)}; ours JSONata twin ${j.toFixed(0)} transitions/s`,
      );
    }
    out(`loadavg ${readFileSync('/proc/loadavg', 'utf8').trim()}`);
    out(`engine peer ratio: ${lowest.toFixed(2)}`);
  } finally {
    await ours.runtime.close();
    rmSync(ours.dataDir, { recursive: true, force: true });
  }
}

await main();
