// Handlers that page (functions/commons/cursor.ts) read their HMAC key at cold start: tests that
// import them in-process import this first, which gives them a fresh key file, as the local system does.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ensureLocalCursorKey } from '../../functions/commons/cursor-key-file.ts';

const file = path.join(mkdtempSync(path.join(tmpdir(), 'cursor-key-')), 'cursor-key');
ensureLocalCursorKey(file);
process.env.LOCAL_CURSOR_KEY_FILE = file;

/** The adapter's position a token carries (after the version byte and the 32-byte MAC), unverified. */
export function positionOf(token: string): string {
  return Buffer.from(token, 'base64url').subarray(33).toString('utf8');
}
