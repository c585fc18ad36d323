import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import JSON5 from 'json5';
import type { ExecutionMeta, Interpreter, Signal } from '../src/contract.ts';
import { DefinitionError } from '../src/contract.ts';
import { compareHistories } from './compare.ts';
import { drive, recordedOutcomes } from './driver.ts';
import { outOfScopeReason } from './scope.ts';

type Ev = Record<string, unknown>;

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
export const RECORDINGS = resolve(REPO_ROOT, '../shared/conformance/aws-recorded');

export interface IndexEntry {
  case: string;
  snapshot: string;
  templates: string[];
  recorded: string;
}

export type CaseResult =
  | { name: string; category: string; verdict: 'pass' }
  | { name: string; category: string; verdict: 'fail'; detail: string }
  | { name: string; category: string; verdict: 'skip'; reason: string };

export function recordingsAvailable(): boolean {
  return existsSync(join(RECORDINGS, 'index.json'));
}

export function loadIndex(): IndexEntry[] {
  return JSON.parse(readFileSync(join(RECORDINGS, 'index.json'), 'utf8')) as IndexEntry[];
}

const snapCache = new Map<string, Record<string, { 'recorded-content'?: Record<string, unknown> }>>();
function loadSnapshot(file: string): Record<string, { 'recorded-content'?: Record<string, unknown> }> {
  let s = snapCache.get(file);
  if (!s) {
    s = JSON.parse(readFileSync(join(RECORDINGS, file), 'utf8')) as Record<string, { 'recorded-content'?: Record<string, unknown> }>;
    snapCache.set(file, s);
  }
  return s;
}

export function categoryOf(name: string): string {
  return /\/v2\/([^/]+)\//.exec(name)?.[1] ?? 'other';
}

/** Every recorded execution history (`get_execution_history`, `exec_hist_resp_N`, ...), in key order. */
function historiesOf(content: Record<string, unknown>): { key: string; events: Ev[] }[] {
  const out: { key: string; events: Ev[] }[] = [];
  for (const [key, v] of Object.entries(content)) {
    const events = isObj(v) ? v.events : undefined;
    if (Array.isArray(events)) out.push({ key, events: events as Ev[] });
  }
  return out.sort((a, b) => a.key.localeCompare(b.key, 'en', { numeric: true }));
}

function stateNames(def: unknown, acc = new Set<string>()): Set<string> {
  if (typeof def === 'object' && def !== null) {
    const states = (def as { States?: Record<string, unknown> }).States;
    if (states && typeof states === 'object') for (const k of Object.keys(states)) acc.add(k);
    for (const v of Object.values(def)) stateNames(v, acc);
  }
  return acc;
}

const asStr = (v: unknown): string => (typeof v === 'string' ? v : JSON.stringify(v ?? ''));

function detailsOf(e: Ev): Record<string, unknown> {
  for (const [k, v] of Object.entries(e))
    if (k.endsWith('EventDetails') && typeof v === 'object' && v !== null) return v as Record<string, unknown>;
  return {};
}

/** Applies the edits the recording test made: Lambda resources point at the function it created. */
function applyEdits(def: unknown, events: Ev[]): unknown {
  const lambdaArns = events.filter((e) => e.type === 'LambdaFunctionScheduled').map((e) => asStr(detailsOf(e).resource));
  const fallback = lambdaArns[0] ?? 'arn:aws:lambda:us-east-1:111111111111:function:fn';
  const byState = new Map<string, string>();
  // Map each Lambda state to the resource recorded right after it was entered.
  for (let i = 0; i < events.length; i++) {
    const e = events[i];
    if (e?.type !== 'TaskStateEntered') continue;
    const next = events[i + 1];
    if (next?.type === 'LambdaFunctionScheduled') byState.set(asStr(detailsOf(e).name), asStr(detailsOf(next).resource));
  }
  // Catchers the test completes from code (`ErrorEquals: []` or `<%Name%>`) caught the error recorded for that state.
  const caughtError = (state: string): string | undefined => {
    const at = events.findIndex((e) => String(e.type).endsWith('StateEntered') && detailsOf(e).name === state);
    for (const e of events.slice(at + 1)) {
      const err = detailsOf(e).error;
      if (typeof err === 'string') return err;
    }
    return undefined;
  };
  // Tests change literal TimeoutSeconds/HeartbeatSeconds from code; TaskScheduled shows what ran.
  const scheduledOf = (state: string): Record<string, unknown> | undefined => {
    const at = events.findIndex((e) => e.type === 'TaskStateEntered' && detailsOf(e).name === state);
    const next = at >= 0 ? events[at + 1] : undefined;
    return next?.type === 'TaskScheduled' ? detailsOf(next) : undefined;
  };
  const syncTimeouts = (name: string, s: Record<string, unknown>): void => {
    const rec = scheduledOf(name);
    if (!rec) return;
    for (const [field, key] of [
      ['TimeoutSeconds', 'timeoutInSeconds'],
      ['HeartbeatSeconds', 'heartbeatInSeconds'],
    ] as const) {
      if (s[field] !== undefined && typeof s[field] !== 'number') continue;
      if (typeof rec[key] === 'number' && s[`${field}Path`] === undefined) s[field] = rec[key];
      else if (rec[key] === undefined) delete s[field];
    }
  };
  const walk = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(walk);
    if (typeof v !== 'object' || v === null) return v;
    const o = v as Record<string, unknown>;
    if (o.States && typeof o.States === 'object') {
      const states = o.States as Record<string, Record<string, unknown>>;
      for (const [name, s] of Object.entries(states)) {
        if (s.Type === 'Task') syncTimeouts(name, s);
        if (Array.isArray(s.Catch)) {
          for (const c of s.Catch as { ErrorEquals?: unknown }[]) {
            const fromCode =
              Array.isArray(c.ErrorEquals) &&
              (c.ErrorEquals.length === 0 || c.ErrorEquals.some((x) => typeof x === 'string' && /^<%.*%>$/.test(x)));
            const err = fromCode ? caughtError(name) : undefined;
            if (err !== undefined) c.ErrorEquals = [err];
          }
        }
        const r = s.Resource;
        if (
          s.Type === 'Task' &&
          typeof r === 'string' &&
          (r === '__tbd__' || /:lambda:[^:]*:[^:]*:function:/.test(r) || !r.startsWith('arn:'))
        ) {
          s.Resource = (byState.get(name) ?? fallback).replace('<partition>', 'aws').replace('<region>', 'us-east-1');
        }
      }
    }
    for (const k of Object.keys(o)) o[k] = walk(o[k]);
    return o;
  };
  return walk(def);
}

/** The template whose states best match the recorded ones; null when none has every state the run entered. */
function pickTemplate(entry: IndexEntry, events: Ev[]): unknown {
  const entered = new Set(events.filter((e) => String(e.type).endsWith('Entered')).map((e) => asStr(detailsOf(e).name)));
  let best: unknown = null;
  let bestScore = -1;
  for (const t of entry.templates) {
    const def = JSON5.parse<unknown>(readFileSync(join(RECORDINGS, 'templates', t), 'utf8'));
    const names = stateNames(def);
    let score = 0;
    for (const n of entered) if (names.has(n)) score++;
    for (const n of names) if (!entered.has(n)) score -= 0.01;
    // Same state names in several folders: prefer the test's own folder.
    const flat = (x: string): string => x.replace(/_/g, '').toLowerCase();
    if (flat(t.split('/')[0] ?? '') === flat(categoryOf(entry.case))) score += 0.001;
    if (score > bestScore) {
      bestScore = score;
      best = def;
    }
  }
  return bestScore > entered.size - 1 ? best : null;
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function parseMaybeJson(v: unknown): unknown {
  if (typeof v !== 'string') return v;
  try {
    return JSON.parse(v);
  } catch {
    return v;
  }
}

/**
 * Recorded inputs carry placeholders where the test generated values (`<timestamp>`, or a whole
 * `date`/`timestamp` string for the Wait tests). When the run failed on that value, the recorded
 * cause quotes it: use it; otherwise any valid past timestamp gives the same history.
 */
function fillPlaceholders(v: unknown, events: Ev[]): unknown {
  if (typeof v === 'string') {
    if (v !== '<timestamp>' && v !== 'date' && v !== 'timestamp') return v;
    for (const e of events) {
      const cause = asText(detailsOf(e).cause) ?? '';
      const m = /(?:format string: (?:\$[\w.]+ == )?)(.*)$/.exec(cause);
      if (m?.[1] !== undefined) return m[1];
    }
    return '2024-11-04T11:00:05Z';
  }
  if (Array.isArray(v)) return v.map((x) => fillPlaceholders(x, events));
  if (typeof v === 'object' && v !== null) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, fillPlaceholders(x, events)]));
  return v;
}

const asText = (v: unknown): string | undefined =>
  v === undefined || v === null ? undefined : typeof v === 'string' ? v : JSON.stringify(v);

/** Re-does the template edits the recording tests make from their parameters; null when unknowable. */
function testSpecificEdits(caseName: string, def: unknown, events: Ev[]): unknown {
  const param = /\[([^\]]*(?:\[[^\]]*\][^\]]*)*)\]$/.exec(caseName)?.[1];
  if (/test_json_path_array_/.test(caseName) && param !== undefined) {
    const text = JSON.stringify(def).replace('"$.items[0]"', JSON.stringify(param));
    return JSON.parse(text) as unknown;
  }
  if (/TestSnfBase::test_state_pass_result_jsonpaths$/.test(caseName)) {
    // The test makes Result an object with JSONPath-looking keys; Pass echoes Result literally,
    // so the recorded output is that object, and running it checks they are not evaluated.
    return {
      ...(def as object),
      States: { State_1: { Type: 'Pass', Result: { 'unsupported1.$': '$.jsonpath', 'unsupported2.$': '$$' }, End: true } },
    };
  }
  let text = JSON.stringify(def);
  if (text.includes('%CONTEXT_OBJECT_LITERAL_PLACEHOLDER%')) {
    // The parametrised tests put their parameter there; the others use a fixed path.
    const fixed: Record<string, string> = { test_result_selector: '$$.Execution.Input', test_variable: '$$.Execution.Input.input-value' };
    const path = param ?? fixed[/::(\w+)$/.exec(caseName)?.[1] ?? ''];
    if (path === undefined) return null;
    text = text.replaceAll('%CONTEXT_OBJECT_LITERAL_PLACEHOLDER%', () => path);
  }
  // Stands for the function the test created; the recording shows it as a placeholder ARN.
  text = text.replaceAll('%LAMBDA_FUNCTION_ARN_LITERAL_PLACEHOLDER%', 'arn:aws:lambda:us-east-1:111111111111:function:fn');
  const edited = fillTbd(caseName, nameChildFunctions(JSON.parse(text) as unknown), events, param);
  const withoutResources = JSON.stringify(edited, (k, v: unknown) => (k === 'Resource' ? undefined : v));
  if (/"_{1,2}tbd_{1,2}"/.test(withoutResources)) return null;
  return edited;
}

/**
 * Lambda functions inside a Distributed Map's children that the test names from code
 * (`FunctionName: "__tbd__"`): the recording shows no child history, and the harness answers them
 * by echoing their payload (driver.ts), so any name will do.
 */
function nameChildFunctions(def: unknown): unknown {
  const name = (v: unknown): void => {
    if (Array.isArray(v)) return v.forEach(name);
    if (!isObj(v)) return;
    if (isObj(v.Parameters) && isTbd(v.Parameters.FunctionName))
      v.Parameters.FunctionName = 'arn:aws:lambda:us-east-1:111111111111:function:fn';
    Object.values(v).forEach(name);
  };
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) return v.forEach(walk);
    if (!isObj(v)) return;
    const proc = isObj(v.ItemProcessor) ? v.ItemProcessor : isObj(v.Iterator) ? v.Iterator : undefined;
    if (v.Type === 'Map' && proc && isObj(proc.ProcessorConfig) && proc.ProcessorConfig.Mode === 'DISTRIBUTED') name(proc);
    Object.values(v).forEach(walk);
  };
  walk(def);
  return def;
}

const isTbd = (v: unknown): boolean => typeof v === 'string' && /^_{1,2}tbd_{1,2}$/.test(v);

/**
 * Fills `_tbd_` fields the test set from code where the recording shows what they were: an
 * assigned variable's value (assignedVariables of the state's exit), a JSONata expression quoted
 * by a recorded evaluation failure of that field, or, for the literal cases of
 * test_base_output_any_non_dict, the literal Output the state produced.
 */
function fillTbd(caseName: string, def: unknown, events: Ev[], param: string | undefined): unknown {
  const exitOf = (state: string): Record<string, unknown> | undefined => {
    const e = events.find((x) => String(x.type).endsWith('StateExited') && detailsOf(x).name === state);
    return e ? detailsOf(e) : undefined;
  };
  const quoted = (state: string, field: string): string | undefined => {
    for (const e of events) {
      if (e.type !== 'EvaluationFailed') continue;
      const d = detailsOf(e);
      if (d.state !== state || d.location !== field) continue;
      const m = /The JSONata expression '([\s\S]*)' specified for the field '([^']*)'/.exec(asText(d.cause) ?? '');
      if (m?.[2] === field && m[1] !== undefined) return `{% ${m[1]} %}`;
    }
    return undefined;
  };
  const literalOutput = /TestArgumentsBase::test_base_output_any_non_dict\[/.test(caseName) && param !== 'JSONATA_EXPR';
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) return v.forEach(walk);
    if (!isObj(v)) return;
    if (isObj(v.States)) {
      for (const [name, st] of Object.entries(v.States)) {
        if (!isObj(st)) continue;
        if (isObj(st.Assign)) {
          for (const [k, x] of Object.entries(st.Assign)) {
            const assigned = exitOf(name)?.assignedVariables;
            const text = isObj(assigned) ? assigned[k] : undefined;
            if (isTbd(x) && text !== undefined) st.Assign[k] = typeof text === 'string' ? (JSON.parse(text) as unknown) : text;
          }
        }
        for (const [k, x] of Object.entries(st)) {
          if (!isTbd(x) || k === 'Resource') continue;
          const expr = quoted(name, k);
          if (expr !== undefined) st[k] = expr;
          else if (k === 'Output' && literalOutput && exitOf(name)) st[k] = parseMaybeJson(exitOf(name)?.output);
        }
      }
    }
    Object.values(v).forEach(walk);
  };
  walk(def);
  return def;
}

export function runCase(interp: Interpreter, entry: IndexEntry): CaseResult {
  const name = entry.case.split('::').slice(1).join('::');
  const category = categoryOf(entry.case);
  const skip = (reason: string): CaseResult => ({ name, category, verdict: 'skip', reason });
  const reason = outOfScopeReason(entry.case);
  if (reason) return skip(reason);
  const snap = loadSnapshot(entry.snapshot);
  const content = (snap[entry.case] ?? snap[name])?.['recorded-content'];
  if (!content) return skip('no recorded content');
  const histories = historiesOf(content);
  if (histories.length === 0) {
    if (Array.isArray(content.cases)) return skip('only input/output pairs recorded, of a definition generated in test code');
    return skip('no execution history recorded (create/describe-only case)');
  }
  if (entry.templates.length === 0) return skip('definition built in test code, no template');
  // Several executions of the same definition (one per input): every one must match.
  const fails: string[] = [];
  for (const h of histories) {
    const r = runHistory(interp, entry, h.events);
    if (r.verdict === 'skip') return skip(r.reason);
    if (r.verdict === 'fail') fails.push(histories.length > 1 ? `${h.key}: ${r.detail}` : r.detail);
  }
  return fails.length ? { name, category, verdict: 'fail', detail: fails.join('\n    ') } : { name, category, verdict: 'pass' };
}

type HistoryVerdict = { verdict: 'pass' } | { verdict: 'fail'; detail: string } | { verdict: 'skip'; reason: string };

function runHistory(interp: Interpreter, entry: IndexEntry, events: Ev[]): HistoryVerdict {
  const skip = (reason: string): HistoryVerdict => ({ verdict: 'skip', reason });
  const template = pickTemplate(entry, events);
  if (template === null) return skip('no template has every state the recording entered (definition built in test code)');
  const edited = testSpecificEdits(entry.case, template, events);
  if (edited === null) return skip('template has a _tbd_ placeholder the test fills in from code');
  const def = applyEdits(edited, events);
  const definition = JSON.stringify(def);
  try {
    interp.validate(definition);
  } catch (e) {
    if (e instanceof DefinitionError) return skip(`refused by validate: ${e.message}`);
    throw e;
  }
  const started = events[0];
  const input = fillPlaceholders(parseMaybeJson(detailsOf(started ?? {}).input), events);
  const meta: ExecutionMeta = {
    executionArn: 'arn:aws:states:us-east-1:111111111111:execution:sm:exec',
    name: 'exec',
    stateMachineArn: 'arn:aws:states:us-east-1:111111111111:stateMachine:sm',
    stateMachineName: 'sm',
    roleArn: 'arn:aws:iam::111111111111:role/sfn',
    startTime: '2024-11-04T11:00:00.000Z',
    input,
    inputText: JSON.stringify(input),
  };
  const boundary = /test_timestamp_too_far_in_future_boundary\[(\d+)\]/.exec(entry.case)?.[1];
  if (boundary !== undefined && isObj(input)) {
    // The test waits until now + N days; the recording blanks the date.
    input.start_at = new Date(Date.parse(meta.startTime) + Number(boundary) * 86_400_000).toISOString().replace('.000Z', 'Z');
    meta.inputText = JSON.stringify(input);
  }
  const outcomes = recordedOutcomes(events);
  const answer = (
    inv: { id: string; resource: string; taskToken?: string },
    n: number,
    attempt: number,
  ): { signal: Signal; final: boolean } | null => {
    const o = outcomes[n];
    if (!o) return null;
    // Harness protocol for token and .sync tasks: the call's response first, then the outcome.
    if ((inv.taskToken !== undefined || /\.sync(:2)?$/.test(inv.resource)) && attempt === 0) {
      if (o.submitted === undefined) return null;
      return { signal: { kind: 'invokeSucceeded', effectId: inv.id, output: parseMaybeJson(o.submitted) }, final: false };
    }
    if (o.kind === 'none' || o.kind === 'timedout') return null;
    if (o.kind === 'failed') {
      return {
        signal: { kind: 'invokeFailed', effectId: inv.id, error: o.error ?? '', ...(o.cause !== undefined ? { cause: o.cause } : {}) },
        final: true,
      };
    }
    let output = parseMaybeJson(o.output);
    if (/:states:::lambda:invoke$/.test(inv.resource) && typeof output === 'object' && output !== null)
      output = (output as { Payload?: unknown }).Payload;
    return { signal: { kind: 'invokeSucceeded', effectId: inv.id, output }, final: true };
  };
  try {
    // A recording that ends with the execution still running was taken mid-wait: do not fire timers.
    const finished = events.some((e) => /^Execution(Succeeded|Failed|TimedOut|Aborted)$/.test(String(e.type)));
    const { events: produced } = drive(interp, definition, meta, answer, { fireTimers: finished });
    const diff = compareHistories(events, produced);
    return diff ? { verdict: 'fail', detail: diff } : { verdict: 'pass' };
  } catch (e) {
    return { verdict: 'fail', detail: `crashed: ${(e as Error).stack ?? String(e)}` };
  }
}
