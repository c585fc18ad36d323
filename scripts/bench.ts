// npm run bench — runs every benchmark of the project (each `bench:*` script of package.json, found
// there, not listed here) one after the other, then writes docs/benchmarks.md: the machine, each
// bench's figures as it printed them, its headline (its last line, a ratio where it has one), and
// how to read it (the header comment of its source file).
//
//   npm run bench                      every bench, real settings; rewrites docs/benchmarks.md
//   npm run bench -- --only intake,bundles
//                                      those benches only; their sections of the file are replaced,
//                                      the others kept as they were (with their own dates)
//   npm run bench -- --quick           every bench with BENCH_QUICK=1 (fewer samples): a check that
//                                      they run; prints only, never writes the file
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';

const ROOT = path.resolve(import.meta.dirname, '..');
const DOC = path.join(ROOT, 'docs', 'benchmarks.md');

const { values } = parseArgs({ options: { quick: { type: 'boolean', default: false }, only: { type: 'string' } } });
const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
const all = Object.keys(pkg.scripts)
  .filter((name) => name.startsWith('bench:'))
  .sort();
const wanted = values.only?.split(',').map((name) => (name.startsWith('bench:') ? name : `bench:${name}`));
const unknown = wanted?.filter((name) => !all.includes(name)) ?? [];
if (unknown.length > 0) {
  process.stderr.write(`No such bench: ${unknown.join(', ')} (there are: ${all.join(', ')})\n`);
  process.exit(2);
}
const benches = wanted ?? all;

interface Run {
  name: string;
  lines: string[];
  exitCode: number;
  seconds: number;
  date: string;
}

function runBench(name: string): Promise<Run> {
  const started = performance.now();
  const date = new Date().toISOString();
  process.stdout.write(`\n== ${name}\n`);
  return new Promise((resolve) => {
    const child = spawn('npm', ['run', '--silent', name], {
      cwd: ROOT,
      env: { ...process.env, ...(values.quick ? { BENCH_QUICK: '1' } : {}) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString('utf8');
      process.stdout.write(chunk);
    });
    child.stderr.on('data', (chunk: Buffer) => process.stderr.write(chunk));
    child.on('close', (code) =>
      resolve({
        name,
        lines: stdout.split('\n').filter((line) => line.trim() !== ''),
        exitCode: code ?? 1,
        seconds: (performance.now() - started) / 1000,
        date,
      }),
    );
  });
}

/** The bench's own explanation: the leading `//` comment of the source file its script runs. */
function howToRead(name: string): string {
  const source = /\b(bench\/[\w./-]+\.ts|scripts\/[\w./-]+\.ts)\b/.exec(pkg.scripts[name] ?? '')?.[1];
  if (!source || !existsSync(path.join(ROOT, source))) return `(no source file found in \`${pkg.scripts[name]}\`)`;
  const comment: string[] = [];
  for (const line of readFileSync(path.join(ROOT, source), 'utf8').split('\n')) {
    if (!line.startsWith('//')) break;
    comment.push(line.replace(/^\/\/ ?/, ''));
  }
  return comment.length > 0 ? `From \`${source}\`:\n\n> ${comment.join('\n> ')}` : `See \`${source}\`.`;
}

function section(run: Run): string {
  const headline = run.lines.at(-1) ?? '(nothing printed)';
  return [
    `<!-- ${run.name} -->`,
    `## \`npm run ${run.name}\``,
    '',
    `${run.exitCode === 0 ? '' : `**Failed (exit code ${run.exitCode}).** `}Run ${run.date.slice(0, 16).replace('T', ' ')} UTC, ${run.seconds.toFixed(0)} s. Headline: \`${headline}\``,
    '',
    '```text',
    ...run.lines,
    '```',
    '',
    howToRead(run.name),
    `<!-- /${run.name} -->`,
  ].join('\n');
}

function machine(): string {
  const cpus = os.cpus();
  const [one, five] = os.loadavg();
  return [
    `- cores: ${cpus.length} (${cpus[0]?.model.trim() ?? 'unknown'}), memory ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB, ${os.type()} ${os.release()} ${os.arch()}`,
    `- Node ${process.version} (the \`node\` devDependency, as \`npm run\` puts it first)`,
    `- load average when the run started: ${one!.toFixed(1)} (1 min), ${five!.toFixed(1)} (5 min): the machine is shared; a load above the core count slows every figure, ratios less than times`,
    `- date: ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC`,
  ].join('\n');
}

const HEADER = `# Benchmarks

Written by \`npm run bench\` (scripts/bench.ts), which runs every \`bench:*\` script of package.json;
do not edit by hand. \`npm run bench -- --only intake\` re-runs one and replaces its section;
\`npm run bench -- --quick\` checks that they all run (fewer samples) without writing this file:
the figures here always come from the real settings.

## How to read these figures

- Each bench measures two things **in one run, interleaved, on the same machine** and prints their
  **ratio** last (its headline). The machine is shared and its load moves every time by tens of
  percent from one minute to the next; a ratio of two paths measured side by side cancels most of
  that, a time alone does not. Targets are therefore ratios, never milliseconds, and no test
  asserts a time (\`test/faults\` prints figures only).
- p50 is the median, p99 the 99th percentile of the samples; a p99 on a loaded machine says more
  about the neighbours than about the code.
- Sizes (bundles, items, bytes) do not depend on the load and are exact.
- Each section below says what its bench compares and its target, in its author's words.
`;

const startedAt = machine();
const runs: Run[] = [];
for (const name of benches) runs.push(await runBench(name));

process.stdout.write('\n== summary\n');
for (const run of runs)
  process.stdout.write(
    `${run.name.padEnd(22)} ${run.exitCode === 0 ? 'ok    ' : 'FAILED'} ${run.seconds.toFixed(0).padStart(5)} s  ${run.lines.at(-1) ?? ''}\n`,
  );

if (values.quick) {
  process.stdout.write('\n(quick mode: docs/benchmarks.md not written)\n');
} else {
  const kept = new Map<string, string>();
  if (wanted && existsSync(DOC)) {
    for (const match of readFileSync(DOC, 'utf8').matchAll(/<!-- (bench:[\w-]+) -->[\s\S]*?<!-- \/\1 -->/g)) kept.set(match[1]!, match[0]);
  }
  for (const run of runs) kept.set(run.name, section(run));
  const sections = all.flatMap((name) => (kept.has(name) ? [kept.get(name)!] : []));
  const machineLine = wanted ? `## Machine (of the last run: ${benches.join(', ')})` : '## Machine';
  writeFileSync(DOC, `${HEADER}\n${machineLine}\n\n${startedAt}\n\n${sections.join('\n\n')}\n`);
  process.stdout.write(`\nwrote ${path.relative(ROOT, DOC)}\n`);
}
if (runs.some((run) => run.exitCode !== 0)) process.exitCode = 1;
