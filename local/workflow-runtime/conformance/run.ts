import { createInterpreter } from '../src/engine/index.ts';
import { loadIndex, recordingsAvailable, RECORDINGS, runCase } from './cases.ts';
import type { CaseResult } from './cases.ts';

const out = (s: string): void => {
  process.stdout.write(s + '\n');
};

if (!recordingsAvailable()) {
  out(`Recordings not found at ${RECORDINGS}: skipping conformance.`);
  out('0 passed, 0 failed');
  process.exit(0);
}

const filter = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const verbose = process.argv.includes('-v');
// Harness-only: SQS/SNS token transports answered from the recording (see InterpreterOptions.harness).
// --replay: no live executions, every resume replays the snapshot's log (the path after a restart).
const replay = process.argv.includes('--replay') ? { liveExecutions: 0 } : {};
const interp = createInterpreter({ harness: { tokenTransports: true }, ...replay });
// AWS chained a Distributed Map's MapStateExited to MapRunSucceeded until Nov 2024, to MapRunStarted since.
const legacyInterp = createInterpreter({ harness: { tokenTransports: true, legacyMapRunExit: true }, ...replay });
const LEGACY_MAP_RUN_BEFORE = Date.UTC(2024, 10, 15);
const recordedAt = (entry: { recorded: string }): number => {
  const m = /^(\d{2})-(\d{2})-(\d{4})/.exec(entry.recorded);
  return m ? Date.UTC(Number(m[3]), Number(m[2]) - 1, Number(m[1])) : Number.POSITIVE_INFINITY;
};
const results: CaseResult[] = [];
for (const entry of loadIndex()) {
  if (filter.length && !filter.some((f) => entry.case.toLowerCase().includes(f.toLowerCase()))) continue;
  results.push(runCase(recordedAt(entry) < LEGACY_MAP_RUN_BEFORE ? legacyInterp : interp, entry));
}

const cats = new Map<string, { pass: number; fail: number; skip: number }>();
for (const r of results) {
  const c = cats.get(r.category) ?? { pass: 0, fail: 0, skip: 0 };
  c[r.verdict]++;
  cats.set(r.category, c);
}
const skipReasons = new Map<string, number>();
for (const r of results)
  if (r.verdict === 'skip')
    skipReasons.set(r.reason.replace(/State '[^']*': /, ''), (skipReasons.get(r.reason.replace(/State '[^']*': /, '')) ?? 0) + 1);

out('Out of scope:');
for (const [reason, n] of [...skipReasons].sort((a, b) => b[1] - a[1])) out(`  ${String(n).padStart(4)}  ${reason}`);
if (verbose) for (const r of results) if (r.verdict === 'skip') out(`  skip ${r.name}: ${r.reason}`);
out('');
out('category              pass  fail  out-of-scope');
for (const [cat, c] of [...cats].sort())
  out(`${cat.padEnd(20)} ${String(c.pass).padStart(5)} ${String(c.fail).padStart(5)} ${String(c.skip).padStart(13)}`);
out('');
const failed = results.filter((r): r is CaseResult & { verdict: 'fail' } => r.verdict === 'fail');
if (failed.length) {
  out('Failing cases:');
  for (const f of failed) out(`  ${f.name}${verbose ? `\n    ${f.detail}` : ''}`);
  out('');
}
const passed = results.filter((r) => r.verdict === 'pass').length;
out(`${passed} passed, ${failed.length} failed`);
process.exitCode = failed.length > 0 ? 1 : 0;
