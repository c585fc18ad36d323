// npm run build:web — bundles the web client (web/src) with the project's esbuild into web/dist:
// hashed assets (assets/app-<hash>.js, assets/app-<hash>.css) and an index.html naming them, with
// the Content-Security-Policy of web/src/csp.ts. `npm start` and the browser tests run it first.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildSync } from 'esbuild';
import { META_CONTENT_SECURITY_POLICY } from '../web/src/csp.ts';

export const WEB_ROOT = path.resolve(import.meta.dirname, '..', 'web');
export const WEB_DIST = path.join(WEB_ROOT, 'dist');

export interface WebBuild {
  outdir: string;
  /** Paths of the page's assets, relative to outdir (assets/app-<hash>.js, .css). */
  script: string;
  stylesheet: string;
}

export async function buildWeb(outdir: string = WEB_DIST): Promise<WebBuild> {
  return buildWebSync(outdir);
}

/** The same, synchronously: CDK's local bundling (infra/constructs/web-client.ts) cannot await. */
export function buildWebSync(outdir: string = WEB_DIST): WebBuild {
  rmSync(outdir, { recursive: true, force: true });
  mkdirSync(path.join(outdir, 'assets'), { recursive: true });
  const result = buildSync({
    entryPoints: { app: path.join(WEB_ROOT, 'src', 'main.ts') },
    bundle: true,
    format: 'esm',
    target: ['chrome111', 'firefox111', 'safari16.4'],
    minify: true,
    sourcemap: false,
    outdir: path.join(outdir, 'assets'),
    entryNames: '[name]-[hash]',
    assetNames: '[name]-[hash]',
    metafile: true,
    legalComments: 'none',
    logLevel: 'warning',
  });
  const outputs = Object.keys(result.metafile.outputs).map((file) => path.relative(outdir, path.resolve(file)));
  const script = outputs.find((file) => file.endsWith('.js'));
  const stylesheet = outputs.find((file) => file.endsWith('.css'));
  if (!script || !stylesheet) throw new Error(`the web build wrote no script or no stylesheet: ${outputs.join(', ')}`);
  writeFileSync(path.join(outdir, 'index.html'), indexHtml(script, stylesheet));
  return { outdir, script, stylesheet };
}

// The shell: no inline script or style (the CSP forbids both); the app fills <main>. French until the
// app reads the chosen language.
function indexHtml(script: string, stylesheet: string): string {
  return `<!doctype html>
<html lang="fr" dir="ltr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${META_CONTENT_SECURITY_POLICY}">
<meta name="referrer" content="no-referrer">
<title>Mission — formulaires</title>
<link rel="stylesheet" href="/${stylesheet}">
<script type="module" src="/${script}"></script>
</head>
<body>
<div id="app"><noscript>JavaScript est nécessaire pour remplir ce formulaire. / JavaScript is required to fill in this form.</noscript></div>
</body>
</html>
`;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const built = await buildWeb();
  process.stdout.write(`web client built in ${path.relative(process.cwd(), built.outdir)}: ${built.script}, ${built.stylesheet}\n`);
}
