// npm run bench:web — the weight of the intake page: the web client built as `npm run build:web`
// builds it (esbuild, minified, hashed), then each file the page loads (index.html, its script and
// stylesheet), raw, gzip (level 9) and brotli (quality 11), as a CDN would serve them compressed.
// The budget is 150 KB of compressed JavaScript and CSS for the intake page. Sizes do not
// vary with the machine. Last line: `intake JS+CSS brotli / budget: X` (a ratio; under 1 is within it).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { buildWeb } from '../scripts/build-web.ts';

const BUDGET_BYTES = 150 * 1024;
const out = (line: string) => process.stdout.write(`${line}\n`);
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

const dir = mkdtempSync(path.join(tmpdir(), 'casework-web-bench-'));
try {
  const built = await buildWeb(dir);
  const files = ['index.html', built.script, built.stylesheet];
  let gzipTotal = 0;
  let brotliTotal = 0;
  out('file                          raw        gzip       brotli');
  for (const file of files) {
    const body = readFileSync(path.join(dir, file));
    const gzip = gzipSync(body, { level: 9 }).length;
    const brotli = brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
    if (file !== 'index.html') {
      gzipTotal += gzip;
      brotliTotal += brotli;
    }
    out(`${path.basename(file).padEnd(28)}  ${kb(body.length).padStart(9)}  ${kb(gzip).padStart(9)}  ${kb(brotli).padStart(9)}`);
  }
  out(`intake JS+CSS: gzip ${kb(gzipTotal)}, brotli ${kb(brotliTotal)} (budget ${kb(BUDGET_BYTES)})`);
  out(`intake JS+CSS gzip / budget: ${(gzipTotal / BUDGET_BYTES).toFixed(3)}`);
  out(`intake JS+CSS brotli / budget: ${(brotliTotal / BUDGET_BYTES).toFixed(3)}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
