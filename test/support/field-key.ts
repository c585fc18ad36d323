// Sensitive-field ciphers for tests: the local runtime's raw AES keyring with a fresh key.
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { FieldCipher, localKeyring } from '../../functions/adapters/encryption/field-cipher.ts';
import { ensureLocalFieldKey } from '../../functions/adapters/encryption/local-key.ts';

export function localFieldCipher(): FieldCipher {
  return new FieldCipher(localKeyring(randomBytes(32)));
}

/** For handlers that pick their cipher at cold start: a fresh local key file, named in LOCAL_FIELD_KEY_FILE. */
export function useLocalFieldKeyFile(): string {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'field-key-')), 'field-key');
  ensureLocalFieldKey(file);
  process.env.LOCAL_FIELD_KEY_FILE = file;
  return file;
}
