// npm run bench:bundles — every function of the synthesized stacks bundled as CDK bundles it
// (FUNCTION_BUNDLING of infra/constructs/casework-function.ts: esbuild, ESM, minified, node24, the
// AWS SDK v3 and @smithy external because the nodejs24.x runtime provides them), then:
//   * its size, raw and gzip (the deployment package holds the minified bundle; its source map is
//     left out here, it is read only when an error's stack is printed),
//   * its cold import: a fresh Node process importing the bundle, the SDK resolved from
//     node_modules as the runtime resolves its own copy; median of BENCH_IMPORTS runs,
//   * what weighs most in the largest bundle (from esbuild's metafile).
// Largest first. Last line: `largest bundle / median: X` (a ratio: one function should not carry
// what the others do not need). Times vary with the machine; sizes do not.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { build, type Metafile } from 'esbuild';
import { FUNCTION_BUNDLING, REPO_ROOT } from '../infra/constructs/casework-function.ts';
import { synthesizeLocalAssembly } from '../local/cloud-assembly.ts';

const QUICK = process.env.BENCH_QUICK === '1';
const IMPORTS = Number(process.env.BENCH_IMPORTS ?? (QUICK ? 1 : 3));
const out = (line: string) => process.stdout.write(`${line}\n`);
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor((values.length - 1) / 2)]!;

// Inside the repository, so that a bare `@aws-sdk/...` import resolves from its node_modules.
const bundleDir = path.join(REPO_ROOT, 'node_modules', '.cache', 'casework-bench-bundles');
rmSync(bundleDir, { recursive: true, force: true });

const assembly = synthesizeLocalAssembly({ region: 'eu-west-3', accountId: '000000000000', tablePrefix: 'bench-' });
// One bundle per handler source (several functions may share one).
const byEntry = new Map<string, { name: string; environment: Record<string, string> }>();
for (const fn of assembly.functions) if (!byEntry.has(fn.entry)) byEntry.set(fn.entry, { name: fn.logicalId, environment: fn.environment });

interface Measured {
  name: string;
  raw: number;
  gzip: number;
  importMs: number | undefined;
  error?: string;
  metafile: Metafile;
}
const measured: Measured[] = [];
try {
  for (const [entry, { name, environment }] of byEntry) {
    const outfile = path.join(bundleDir, name, 'index.mjs');
    mkdirSync(path.dirname(outfile), { recursive: true });
    const { externalModules, sourceMap: _map, sourcesContent: _content, metafile: _meta, ...options } = FUNCTION_BUNDLING;
    const result = await build({
      entryPoints: [path.join(REPO_ROOT, entry)],
      outfile,
      bundle: true,
      platform: 'node',
      ...options,
      banner: { js: options.banner },
      external: externalModules,
      metafile: true,
      logLevel: 'silent',
    });
    const code = readFileSync(outfile);
    const times: number[] = [];
    let error: string | undefined;
    for (let i = 0; i < IMPORTS && error === undefined; i++) {
      try {
        const ms = execFileSync(
          process.execPath,
          [
            '--input-type=module',
            '-e',
            `const t = performance.now(); await import(${JSON.stringify(outfile)}); process.stdout.write(String(performance.now() - t));`,
          ],
          {
            // The function's environment as CDK sets it (names resolved locally), in the region of a deployment.
            env: {
              PATH: process.env.PATH,
              ...environment,
              AWS_REGION: 'eu-west-3',
              FIELD_KEY_ARN: 'arn:aws:kms:eu-west-3:000000000000:key/bench',
            },
            encoding: 'utf8',
            stdio: ['ignore', 'pipe', 'pipe'],
          },
        );
        times.push(Number(ms));
      } catch (failure) {
        const stderr = String((failure as { stderr?: string }).stderr ?? failure);
        error = (/^\w*Error\b.*$/m.exec(stderr)?.[0] ?? stderr.split('\n').find((line) => line.trim() !== '') ?? 'failed').slice(0, 200);
      }
    }
    measured.push({
      name,
      raw: statSync(outfile).size,
      gzip: gzipSync(code).length,
      importMs: times.length ? median(times) : undefined,
      ...(error !== undefined ? { error } : {}),
      metafile: result.metafile,
    });
  }
} finally {
  rmSync(bundleDir, { recursive: true, force: true });
}

measured.sort((a, b) => b.raw - a.raw);
const kib = (bytes: number) => `${(bytes / 1024).toFixed(0).padStart(5)} KiB`;
out(
  `${measured.length} bundles (${assembly.functions.length} functions), as CDK builds them: external ${FUNCTION_BUNDLING.externalModules.join(', ')}`,
);
out(`cold import: median of ${IMPORTS} fresh Node ${process.version} processes`);
for (const m of measured) {
  out(
    `  ${m.name.padEnd(30)} ${kib(m.raw)} raw ${kib(m.gzip)} gzip   cold import ${m.importMs === undefined ? `failed: ${m.error}` : `${m.importMs.toFixed(1)} ms`}`,
  );
}
const largest = measured[0]!;
const packages = new Map<string, number>();
for (const [input, { bytesInOutput }] of Object.entries(largest.metafile.outputs[Object.keys(largest.metafile.outputs)[0]!]!.inputs)) {
  const name = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input)?.[1] ?? input.split('/').slice(0, 2).join('/');
  packages.set(name, (packages.get(name) ?? 0) + bytesInOutput);
}
out(`what weighs most in ${largest.name}:`);
for (const [name, bytes] of [...packages].sort((a, b) => b[1] - a[1]).slice(0, 8)) out(`  ${name.padEnd(40)} ${kib(bytes)}`);
const imports = measured.flatMap((m) => (m.importMs === undefined ? [] : [m.importMs]));
out(`median bundle ${kib(median(measured.map((m) => m.raw)))}, median cold import ${imports.length ? median(imports).toFixed(1) : '-'} ms`);
out(`largest bundle / median: ${(largest.raw / median(measured.map((m) => m.raw))).toFixed(2)}`);
if (measured.some((m) => m.importMs === undefined)) process.exitCode = 1;
