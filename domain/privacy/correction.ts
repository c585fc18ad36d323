// Rectification (law 09-08, art. 8): a person's field changed on request. The new value is stored on
// the person; the old one is kept only on an audit item of the case (personal, exported with the
// person, emptied by an erasure); the history records which fields changed, by whom and when, never
// a value. Each new value is checked by the form's own schema for that field where the form has one.
import { randomUUID } from 'node:crypto';
import type * as z from 'zod';
import type { Caller } from '../access/roles.ts';
import { newEventId } from '../cases/event-id.ts';
import type { CaseEvent, PersonRecord } from '../cases/model.ts';
import type { FormDefinition } from '../forms/types.ts';
import { fromPointer, localizeIssues, type FieldError, type Language } from '../i18n/index.ts';
import { PersonErased } from './errors.ts';

export interface FieldChange {
  /** JSON Pointer into the person's data, e.g. `/familyName`, `/contact/phone`. */
  path: string;
  /** The new value; `null` removes an optional field. */
  value: unknown;
}

/** The audit trail of one correction: the values it replaced. Personal; erased with the person. */
export interface CorrectionAudit {
  auditId: string;
  caseId: string;
  personId: string;
  at: string;
  by: string;
  changes: { path: string; previous?: unknown }[];
  /** Set by an erasure, which removes the previous values. */
  erasedAt?: string;
}

export class CorrectionInvalid extends Error {
  constructor(readonly errors: FieldError[]) {
    super(`correction has ${errors.length} invalid change(s)`);
    this.name = 'CorrectionInvalid';
  }
}

/** Where each role's data sits in the forms' submissions (the data of its person item). */
const ROLE_POINTERS: Record<string, string[]> = {
  applicant: ['/applicant', '/person'],
  'family-member': ['/familyMembers/*'],
  guardian: ['/guardian'],
  youth: ['/youth'],
  expert: ['/expert'],
  'contact-person': ['/focalPerson', '/referringOrganisation/contactPerson'],
};

type Def = {
  type: string;
  shape?: Record<string, z.ZodType>;
  innerType?: z.ZodType;
  element?: z.ZodType;
  in?: z.ZodType;
  options?: z.ZodType[];
};
const defOf = (schema: z.ZodType) => (schema as unknown as { _zod: { def: Def } })._zod.def;

/** Every property schema of a form with its pointer (array items as `*`). */
export function schemasByPointer(schema: z.ZodType): Map<string, z.ZodType[]> {
  const found = new Map<string, z.ZodType[]>();
  const add = (pointer: string, s: z.ZodType) => found.set(pointer, [...(found.get(pointer) ?? []), s]);
  const walk = (s: z.ZodType, pointer: string, depth: number): void => {
    if (depth > 12) return;
    const def = defOf(s);
    switch (def.type) {
      case 'object':
        for (const [key, child] of Object.entries(def.shape ?? {})) {
          add(`${pointer}/${key}`, child);
          walk(child, `${pointer}/${key}`, depth + 1);
        }
        return;
      case 'optional':
      case 'nullable':
      case 'default':
      case 'readonly':
        if (def.innerType) walk(def.innerType, pointer, depth + 1);
        return;
      case 'array':
        if (def.element) {
          add(`${pointer}/*`, def.element);
          walk(def.element, `${pointer}/*`, depth + 1);
        }
        return;
      case 'pipe':
        if (def.in) walk(def.in, pointer, depth + 1);
        return;
      case 'union':
        for (const option of def.options ?? []) walk(option, pointer, depth + 1);
        return;
      default:
        return;
    }
  };
  walk(schema, '', 0);
  return found;
}

/** The form's schema for a field of a person with this role, when the form has one. */
export function fieldSchema(form: FormDefinition | undefined, role: string, path: string): z.ZodType | undefined {
  if (!form) return undefined;
  const all = schemasByPointer(form.schema);
  const generic = path.replace(/\/\d+(?=\/|$)/g, '/*');
  for (const prefix of [...(ROLE_POINTERS[role] ?? []), '']) {
    const candidates = all.get(`${prefix}${generic}`);
    if (candidates?.[0]) return candidates[0];
  }
  return undefined;
}

function valueAt(data: unknown, segments: string[]): unknown {
  let node: unknown = data;
  for (const segment of segments) {
    if (typeof node !== 'object' || node === null) return undefined;
    node = (node as Record<string, unknown>)[segment];
  }
  return node;
}

function withValue(data: Record<string, unknown>, segments: string[], value: unknown): Record<string, unknown> {
  const [head, ...rest] = segments as [string, ...string[]];
  const copy: Record<string, unknown> = Array.isArray(data) ? ([...data] as unknown as Record<string, unknown>) : { ...data };
  if (rest.length === 0) {
    if (value === undefined) delete copy[head];
    else copy[head] = value;
    return copy;
  }
  const child = copy[head];
  copy[head] = withValue(typeof child === 'object' && child !== null ? (child as Record<string, unknown>) : {}, rest, value);
  return copy;
}

const segmentsOf = (path: string) => fromPointer(path).map(String);

/**
 * The corrected person, the audit item keeping the values replaced, and the history event (paths
 * only). Every invalid change is reported at once, with pointers into the request body.
 */
export function planCorrection(args: {
  person: PersonRecord;
  form: FormDefinition | undefined;
  changes: FieldChange[];
  by: Caller;
  now: Date;
  language: Language;
}): { person: PersonRecord; audit: CorrectionAudit; event: CaseEvent } {
  const { person, form, changes, by, now, language } = args;
  if (person.erasedAt) throw new PersonErased();
  const issues: z.core.$ZodIssue[] = [];
  const custom = (index: number, code: string, extra: string[] = []) =>
    issues.push({
      code: 'custom',
      path: ['changes', index, ...extra],
      params: { code },
      message: code,
      input: undefined,
    });
  let data = person.data;
  const audit: CorrectionAudit['changes'] = [];
  const seen = new Set<string>();
  changes.forEach((change, index) => {
    const segments = segmentsOf(change.path);
    if (segments.length === 0 || seen.has(change.path))
      return custom(index, segments.length === 0 ? 'unknown_field' : 'duplicate', ['path']);
    seen.add(change.path);
    const previous = valueAt(person.data, segments);
    const next = change.value === null ? undefined : change.value;
    const schema = fieldSchema(form, person.role, change.path);
    if (schema) {
      const parsed = schema.safeParse(next);
      if (!parsed.success) {
        for (const issue of parsed.error.issues) issues.push({ ...issue, path: ['changes', index, 'value', ...issue.path] });
        return;
      }
    } else if (previous === undefined) {
      // Neither on the person nor in the form: nothing that could be corrected.
      return custom(index, 'unknown_field', ['path']);
    } else if (
      next === undefined ||
      typeof next !== typeof previous ||
      (typeof next === 'string' && (next.trim() === '' || next.length > 2000)) ||
      typeof next === 'object'
    ) {
      // A field the form does not describe as such (a renamed one): same kind of value only.
      return custom(index, 'invalid', ['value']);
    }
    data = withValue(data, segments, next);
    audit.push({ path: change.path, ...(previous !== undefined ? { previous } : {}) });
  });
  // A change inside a block (`/contact/phone`) must leave the block valid as a whole (a contact still needed).
  if (issues.length === 0) {
    changes.forEach((change, index) => {
      const [head] = segmentsOf(change.path);
      if (head === undefined || segmentsOf(change.path).length < 2) return;
      const block = fieldSchema(form, person.role, `/${head}`);
      const parsed = block?.safeParse(data[head]);
      if (parsed && !parsed.success) for (const issue of parsed.error.issues) issues.push({ ...issue, path: ['changes', index, 'value'] });
    });
  }
  if (issues.length > 0) throw new CorrectionInvalid(localizeIssues(issues, language));
  const at = now.toISOString();
  const auditId = randomUUID();
  return {
    person: { ...person, data, updatedAt: at },
    audit: { auditId, caseId: person.caseId, personId: person.personId, at, by: by.sub, changes: audit },
    event: {
      caseId: person.caseId,
      eventId: newEventId(),
      at,
      type: 'person.corrected',
      actor: { kind: 'staff', id: by.sub },
      details: { personId: person.personId, auditId, paths: audit.map((c) => c.path) },
    },
  };
}
