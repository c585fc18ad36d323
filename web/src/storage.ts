// What the intake keeps on the device: the language, each form's draft (answers and, once sent, the
// attempt's idempotency key), and the last receipt. A draft is removed once its case is created.
import { isLanguage, type Language } from './i18n.ts';

export interface Draft {
  values: Record<string, unknown>;
  /** Counts of each repeated group, by pointer. */
  counts: Record<string, number>;
  /** The key of the attempt in flight: kept across retries and reloads until the case is created. */
  idempotencyKey?: string;
  /** The answers last sent under that key (an earlier send may have been recorded, its answer lost). */
  sentBody?: unknown;
  savedAt: string;
}

const LANGUAGE_KEY = 'intake:language';
const draftKey = (formId: string) => `intake:draft:${formId}`;
const receiptKey = (formId: string) => `intake:receipt:${formId}`;

function read<T>(storage: Storage, key: string): T | undefined {
  try {
    const raw = storage.getItem(key);
    return raw === null ? undefined : (JSON.parse(raw) as T);
  } catch {
    return undefined;
  }
}

function write(storage: Storage, key: string, value: unknown): void {
  try {
    storage.setItem(key, JSON.stringify(value));
  } catch {
    // Storage full or refused (private browsing): the form still works, without a kept draft.
  }
}

export function savedLanguage(): Language | undefined {
  const value = read<string>(localStorage, LANGUAGE_KEY);
  return isLanguage(value) ? value : undefined;
}

export function saveLanguage(language: Language): void {
  write(localStorage, LANGUAGE_KEY, language);
}

export function loadDraft(formId: string): Draft | undefined {
  return read<Draft>(localStorage, draftKey(formId));
}

export function saveDraft(formId: string, draft: Draft): void {
  write(localStorage, draftKey(formId), draft);
}

export function clearDraft(formId: string): void {
  localStorage.removeItem(draftKey(formId));
}

export function saveReceipt(formId: string, receipt: unknown): void {
  write(sessionStorage, receiptKey(formId), receipt);
}

export function loadReceipt<T>(formId: string): T | undefined {
  return read<T>(sessionStorage, receiptKey(formId));
}
