// Bundles the runtime into dist/ for the local system and the benchmarks (`--conditions=local-bundle`).
// Under tsx every function is wrapped by esbuild's keepNames (__name), created at run time too:
// the interpreter creates many. A plain bundle, without keepNames, does not pay for the dev-time
// loader. Tests and typechecking use src/ directly.
import { copyFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const here = dirname(fileURLToPath(import.meta.url));
const dist = join(here, 'dist');
mkdirSync(dist, { recursive: true });
await build({
  entryPoints: [join(here, 'src/index.ts')],
  outfile: join(dist, 'index.mjs'),
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node24',
  packages: 'external',
  sourcemap: 'linked',
  logLevel: 'warning',
});
// The JSONata worker is started from a file next to the bundle (new URL('./jsonata-worker.mjs', import.meta.url)).
for (const f of ['jsonata-worker.mjs', 'prng.mjs']) copyFileSync(join(here, 'src/engine', f), join(dist, f));
