import { createHash } from 'node:crypto';

/** JSON with object keys sorted at every level, so that key order and whitespace do not matter. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return Object.fromEntries(entries.map(([k, v]) => [k, sortKeys(v)]));
  }
  return value;
}

/**
 * What makes two submissions "the same request" for idempotency: the form, its version, the body,
 * and the association submitting it (so a key replayed by anyone else gets no one's receipt).
 */
export function submissionFingerprint(formId: string, formVersion: number, body: unknown, partnerId?: string): string {
  const base = `${formId}\n${formVersion}\n${canonicalJson(body)}`;
  return createHash('sha256')
    .update(partnerId === undefined ? base : `${base}\npartner:${partnerId}`)
    .digest('base64url');
}
