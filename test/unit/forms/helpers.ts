import { getForm, validateSubmission, type FormDefinition } from '../../../domain/forms/index.ts';
import { fromPointer, type FieldError, type Language } from '../../../domain/i18n/index.ts';

export function form(id: string): FormDefinition {
  const found = getForm(id);
  if (!found) throw new Error(`no form ${id}`);
  return found;
}

/** A deep copy of one of the form's examples, to be changed by pointer. */
export function example(id: string, index = 0): Record<string, unknown> {
  const ex = form(id).examples[index];
  if (ex === undefined) throw new Error(`no example ${index} for ${id}`);
  return structuredClone(ex) as Record<string, unknown>;
}

function parentOf(doc: Record<string, unknown>, pointer: string): [Record<string, unknown> | unknown[], string] {
  const tokens = fromPointer(pointer);
  const last = tokens.pop();
  if (last === undefined) throw new Error('cannot change the root');
  let node: unknown = doc;
  for (const token of tokens) node = (node as Record<string, unknown>)[token];
  return [node as Record<string, unknown>, last];
}

export function set(doc: Record<string, unknown>, pointer: string, value: unknown): Record<string, unknown> {
  const [parent, key] = parentOf(doc, pointer);
  (parent as Record<string, unknown>)[key] = value;
  return doc;
}

export function remove(doc: Record<string, unknown>, pointer: string): Record<string, unknown> {
  const [parent, key] = parentOf(doc, pointer);
  delete (parent as Record<string, unknown>)[key];
  return doc;
}

export function errorsOf(id: string, body: unknown, lang: Language = 'fr'): FieldError[] {
  const result = validateSubmission(form(id), body, lang);
  if (result.ok) throw new Error('expected the submission to be rejected');
  return result.errors;
}

export function codesOf(id: string, body: unknown): string[] {
  return errorsOf(id, body).map((e) => `${e.pointer} ${e.code}`);
}
