// The local system's web files: only `/`, `/index.html` and `/assets/<file>` are ever read, from the
// built client's folder, each with the client's security headers.
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isWebPath, serveWebFile } from '../../../local/static-files.ts';
import { CONTENT_SECURITY_POLICY } from '../../../web/src/csp.ts';

const root = mkdtempSync(path.join(tmpdir(), 'casework-static-'));
mkdirSync(path.join(root, 'assets'));
writeFileSync(path.join(root, 'index.html'), '<!doctype html>');
writeFileSync(path.join(root, 'assets', 'app-ABC123.js'), 'export {};');
afterAll(() => rmSync(root, { recursive: true, force: true }));

async function serve(method: string, pathname: string) {
  const answer: { status?: number; headers: Record<string, string>; body?: string } = { headers: {} };
  const res = {
    writeHead(status: number, headers: Record<string, string>) {
      answer.status = status;
      answer.headers = headers;
      return this;
    },
    end(body?: Buffer | string) {
      answer.body = body === undefined ? undefined : String(body);
    },
  } as unknown as ServerResponse;
  await serveWebFile(root, method, pathname, res);
  return answer;
}

describe('the web client’s files on the local system', () => {
  it('are only the index and the flat assets folder: no other path, no way out of the folder', () => {
    for (const pathname of ['/', '/index.html', '/assets/app-ABC123.js', '/assets/app-X.css'])
      expect(isWebPath(pathname), pathname).toBe(true);
    for (const pathname of ['/forms', '/assets/', '/assets/a/b.js', '/assets/..%2Fpackage.json', '/index.htm', '/package.json'])
      expect(isWebPath(pathname), pathname).toBe(false);
  });

  it('serve the index, revalidated, and hashed assets, immutable, each with the CSP', async () => {
    const index = await serve('GET', '/');
    expect(index.status).toBe(200);
    expect(index.body).toBe('<!doctype html>');
    expect(index.headers['cache-control']).toBe('no-cache');
    expect(index.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
    const asset = await serve('GET', '/assets/app-ABC123.js');
    expect(asset.headers['content-type']).toMatch(/^text\/javascript/);
    expect(asset.headers['cache-control']).toContain('immutable');
    expect((await serve('HEAD', '/assets/app-ABC123.js')).body).toBeUndefined();
  });

  it('answer 404 for a missing asset, with the same headers', async () => {
    const missing = await serve('GET', '/assets/app-NOPE.js');
    expect(missing.status).toBe(404);
    expect(missing.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
  });
});
