// The local system's stand-in for the cursors' Secrets Manager secret: a random key kept in the
// data folder, readable by its owner only. Kept apart from cursor.ts so that the local system can
// create it without loading the functions' Powertools instances before it has set their settings.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** Creates the local system's key file (mode 0600) if it does not exist yet. */
export function ensureLocalCursorKey(file: string): void {
  if (existsSync(file)) return;
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, randomBytes(32).toString('base64url'), { mode: 0o600, flag: 'wx' });
}
