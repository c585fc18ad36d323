import { MAP_RUN_CHILD_RESOURCE } from '../src/contract.ts';
import type {
  Effect,
  ExecutionMeta,
  HistoryEvent,
  Interpreter,
  MapRunChildParameters,
  MapRunEffect,
  Signal,
  StepResult,
} from '../src/contract.ts';

type Ev = Record<string, unknown>;

export interface RecordedOutcome {
  kind: 'succeeded' | 'failed' | 'timedout' | 'none';
  /** The transport's response of a `.waitForTaskToken` task (TaskSubmitted), when recorded. */
  submitted?: unknown;
  /** heartbeatInSeconds of the TaskScheduled event. */
  heartbeat?: number;
  output?: unknown;
  error?: string;
  cause?: string;
}

const SCHEDULED = new Set(['LambdaFunctionScheduled', 'TaskScheduled']);
const DONE: Record<string, RecordedOutcome['kind']> = {
  LambdaFunctionSucceeded: 'succeeded',
  TaskSucceeded: 'succeeded',
  LambdaFunctionFailed: 'failed',
  TaskFailed: 'failed',
  LambdaFunctionTimedOut: 'timedout',
  TaskTimedOut: 'timedout',
};

function detailsOf(e: Ev): Record<string, unknown> {
  for (const [k, v] of Object.entries(e))
    if (k.endsWith('EventDetails') && typeof v === 'object' && v !== null) return v as Record<string, unknown>;
  return {};
}

const asText = (v: unknown): string | undefined =>
  v === undefined || v === null ? undefined : typeof v === 'string' ? v : JSON.stringify(v);

/** The recorded outcome of each task invocation, in scheduling order. */
export function recordedOutcomes(events: Ev[]): RecordedOutcome[] {
  const out: RecordedOutcome[] = [];
  const claimed = new Set<number>();
  events.forEach((e, i) => {
    if (!SCHEDULED.has(String(e.type))) return;
    const lambdaArn = e.type === 'LambdaFunctionScheduled';
    const resource = asText(detailsOf(e).resource) ?? '';
    // The first later outcome of the same family, not yet claimed by an earlier task.
    let found: RecordedOutcome = { kind: 'none' };
    let submitted: { output: unknown } | undefined;
    for (let j = i + 1; j < events.length; j++) {
      const f = events[j];
      if (!f || claimed.has(j)) continue;
      if (f.type === 'TaskSubmitted' && !submitted && asText(detailsOf(f).resource) === resource) {
        claimed.add(j);
        submitted = { output: detailsOf(f).output };
        continue;
      }
      const kind = DONE[String(f.type)];
      if (!kind || String(f.type).startsWith('Lambda') !== lambdaArn) continue;
      const d = detailsOf(f);
      if (!lambdaArn && d.resource !== undefined && asText(d.resource) !== resource) continue;
      claimed.add(j);
      found = { kind, output: d.output, error: asText(d.error), cause: asText(d.cause) };
      break;
    }
    if (submitted) found.submitted = submitted.output;
    const hb = detailsOf(e).heartbeatInSeconds;
    if (typeof hb === 'number') found.heartbeat = hb;
    out.push(found);
  });
  return out;
}

export interface DriveResult {
  events: HistoryEvent[];
  final: StepResult;
}

/** Drives an execution in memory: invokes answered from `answer`, timers fired by a virtual clock. */
export function drive(
  interp: Interpreter,
  definition: string,
  meta: ExecutionMeta,
  /** `attempt`: how many answers this invoke already had; `final: false` keeps it pending. */
  answer: (effect: Effect & { kind: 'invoke' }, n: number, attempt: number) => { signal: Signal; final: boolean } | null,
  opts: { fireTimers?: boolean; maxSteps?: number } = {},
): DriveResult {
  const maxSteps = opts.maxSteps ?? 10_000;
  let now = new Date(meta.startTime);
  let tokenN = 0;
  const newToken = (): string => `token-${++tokenN}`;
  let r = interp.start(definition, meta, now, newToken);
  const events = [...r.events];
  const invokes: (Effect & { kind: 'invoke' })[] = [];
  const timers: (Effect & { kind: 'timer' })[] = [];
  const mapRuns = new Map<string, MapRunEffect>();
  let invokeCount = 0;
  const absorb = (res: StepResult): void => {
    for (const e of res.effects) {
      if (e.kind === 'invoke') invokes.push(e);
      else if (e.kind === 'timer') timers.push(e);
      else if (e.kind === 'mapRun') mapRuns.set(e.mapRunArn, e);
      else {
        const i = invokes.findIndex((x) => x.id === e.id);
        if (i >= 0) invokes.splice(i, 1);
        const t = timers.findIndex((x) => x.id === e.id);
        if (t >= 0) timers.splice(t, 1);
      }
    }
  };
  absorb(r);
  const numbered = new Map<string, number>();
  const attempts = new Map<string, number>();
  for (let step = 0; step < maxSteps && r.status === 'RUNNING'; step++) {
    let signal: Signal | null = null;
    for (const inv of invokes) {
      if (inv.resource === MAP_RUN_CHILD_RESOURCE) {
        // A Map Run child: run it as an execution of its own, its own invokes echoing their input.
        signal = runMapRunChild(interp, meta, inv, mapRuns, opts.fireTimers);
        invokes.splice(invokes.indexOf(inv), 1);
        break;
      }
      let n = numbered.get(inv.id);
      if (n === undefined) {
        n = invokeCount++;
        numbered.set(inv.id, n);
      }
      const attempt = attempts.get(inv.id) ?? 0;
      const a = answer(inv, n, attempt);
      if (a) {
        signal = a.signal;
        attempts.set(inv.id, attempt + 1);
        if (a.final) invokes.splice(invokes.indexOf(inv), 1);
        break;
      }
    }
    if (!signal) {
      if (opts.fireTimers === false) break;
      timers.sort((a, b) => a.dueAt.localeCompare(b.dueAt));
      const t = timers.shift();
      if (!t) break;
      const due = new Date(t.dueAt);
      if (due > now) now = due;
      signal = { kind: 'timerFired', effectId: t.id };
    }
    r = interp.resume(r.snapshot, signal, now, newToken);
    events.push(...r.events);
    absorb(r);
  }
  return { events, final: r };
}

/**
 * The recordings show a Map Run's children only through the Map's output: the tests' functions
 * inside them echo their input (which that output confirms), so a child's invokes are answered
 * with their own payload.
 */
export function echoAnswer(inv: Effect & { kind: 'invoke' }): { signal: Signal; final: boolean } {
  const params = inv.parameters as { Payload?: unknown } | undefined;
  const output = /:states:::lambda:invoke$/.test(inv.resource) ? (params?.Payload ?? {}) : inv.parameters;
  return { signal: { kind: 'invokeSucceeded', effectId: inv.id, output }, final: true };
}

function runMapRunChild(
  interp: Interpreter,
  parent: ExecutionMeta,
  inv: Effect & { kind: 'invoke' },
  mapRuns: Map<string, MapRunEffect>,
  fireTimers: boolean | undefined,
): Signal {
  const p = inv.parameters as MapRunChildParameters;
  const run = mapRuns.get(p.MapRunArn);
  if (!run) throw new Error(`child of an unknown Map Run ${p.MapRunArn}`);
  const smName = run.stateMachineArn.split(':').pop() ?? '';
  const meta: ExecutionMeta = {
    executionArn: `${run.stateMachineArn.replace(':stateMachine:', ':execution:')}:${p.Name}`,
    name: p.Name,
    stateMachineArn: run.stateMachineArn,
    stateMachineName: smName,
    roleArn: parent.roleArn,
    startTime: parent.startTime,
    input: p.Input,
    inputText: JSON.stringify(p.Input),
  };
  const { final } = drive(interp, run.definition, meta, echoAnswer, { fireTimers });
  if (final.status === 'SUCCEEDED') return { kind: 'invokeSucceeded', effectId: inv.id, output: final.output };
  const failed: Signal = { kind: 'invokeFailed', effectId: inv.id, error: final.error ?? 'States.Runtime' };
  if (final.cause !== undefined) failed.cause = final.cause;
  return failed;
}
