// The web client's files, served at `/` of the local system's address as CloudFront serves them from
// the bucket: `/` (index.html, revalidated) and `/assets/<name>-<hash>.<ext>` (immutable). The client
// routes by the URL's hash (`#/forms/...`), so no client path can collide with an API route.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { ServerResponse } from 'node:http';
import { WEB_SECURITY_HEADERS } from '../web/src/csp.ts';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
};

/** True when the path is one of the client's files (whether or not it exists). */
export function isWebPath(pathname: string): boolean {
  return pathname === '/' || pathname === '/index.html' || /^\/assets\/[\w.-]+$/.test(pathname);
}

/** Answers a GET or HEAD of the client's files from `root` (web/dist); 404 for a missing asset. */
export async function serveWebFile(root: string, method: string, pathname: string, res: ServerResponse): Promise<void> {
  const relative = pathname === '/' ? 'index.html' : pathname.slice(1);
  // isWebPath admits no `..` segment nor separator inside the name: the file is inside root.
  const file = path.join(root, relative);
  let body: Buffer;
  try {
    body = await readFile(file);
  } catch {
    res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8', ...WEB_SECURITY_HEADERS });
    res.end(relative === 'index.html' ? 'The web client is not built: npm run build:web\n' : 'Not found\n');
    return;
  }
  res.writeHead(200, {
    'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream',
    'content-length': String(body.length),
    'cache-control': relative === 'index.html' ? 'no-cache' : 'public, max-age=31536000, immutable',
    ...WEB_SECURITY_HEADERS,
  });
  res.end(method === 'HEAD' ? undefined : body);
}
