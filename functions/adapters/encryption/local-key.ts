// The local runtime's stand-in for the KMS key: a raw AES-256 key generated once per local data
// folder (git-ignored), readable by its owner only. Never used in AWS.
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';

/** Creates the key file if it is missing (mode 0600); an existing key is kept, or its data would no longer open. */
export function ensureLocalFieldKey(file: string): void {
  if (existsSync(file)) return;
  writeFileSync(file, `${randomBytes(32).toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
}

export function readLocalFieldKey(file: string): Uint8Array {
  const { mode } = statSync(file);
  if ((mode & 0o077) !== 0) throw new Error(`The local field key ${file} must be readable by its owner only (chmod 600)`);
  const key = Buffer.from(readFileSync(file, 'utf8').trim(), 'base64');
  if (key.length !== 32) throw new Error(`The local field key ${file} must hold 32 bytes in base64`);
  return new Uint8Array(key);
}
