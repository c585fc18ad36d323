import type * as z from 'zod';
import { LANGUAGES, type Language, type Localized } from './language.ts';
import { hasMessage, t, type MessageKey, type MessageParams } from './messages.ts';

type Issue = z.core.$ZodIssue;
export type IssuePath = readonly PropertyKey[];

export interface FieldError {
  /** JSON Pointer (RFC 6901) to the offending field, '' for the whole document. */
  pointer: string;
  /** Stable machine code clients can switch on; never localized. */
  code: string;
  /** Human sentence in the negotiated language, naming the field when a label is known. */
  message: string;
}

// Receives a JSON Pointer. It is asked first with the concrete pointer ('/familyMembers/2/sex') and
// then, if that has no label, with array indices replaced by '*' ('/familyMembers/*/sex'), so a
// plain `fields[pointer]` lookup works for items of any list.
export type LabelLookup = (pointer: string) => Localized | undefined;

export function wildcardPointer(path: IssuePath): string {
  return toPointer(path.map((seg) => (typeof seg === 'number' || /^\d+$/.test(String(seg)) ? '*' : seg)));
}

export function toPointer(path: IssuePath): string {
  return path.map((seg) => '/' + String(seg).replace(/~/g, '~0').replace(/\//g, '~1')).join('');
}

export function fromPointer(pointer: string): string[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((seg) => seg.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function isLocalized(value: unknown): value is Localized {
  return typeof value === 'object' && value !== null && LANGUAGES.every((l) => typeof (value as Record<string, unknown>)[l] === 'string');
}

const QUOTES: Record<Language, [string, string]> = { fr: ['« ', ' »'], ar: ['«', '»'], en: ['“', '”'] };

function quote(value: unknown, lang: Language): string {
  const [open, close] = QUOTES[lang];
  return `${open}${String(value)}${close}`;
}

function isoDay(value: number | bigint): string {
  const d = new Date(Number(value));
  return Number.isNaN(d.getTime()) ? String(value) : d.toISOString().slice(0, 10);
}

/**
 * zod reports a missing key as invalid_type with an undefined input. The input is only kept when
 * parsing with `reportInput: true`, so the default English message is the fallback signal.
 */
function isMissing(issue: Issue): boolean {
  if (issue.code !== 'invalid_type') return false;
  if (issue.expected === 'nonoptional') return true;
  if ('input' in issue) return issue.input === undefined;
  return /received undefined$/.test(issue.message);
}

interface Ctx {
  lang: Language;
  labelFor: LabelLookup | undefined;
  out: FieldError[];
  /** The document that was parsed, where the caller gives it: tells a missing choice from a wrong one. */
  input?: { value: unknown };
}

/** True when the caller gave the parsed document and nothing is at `path` in it. */
function absentIn(ctx: Ctx, path: IssuePath): boolean {
  if (!ctx.input) return false;
  let value: unknown = ctx.input.value;
  for (const segment of path) {
    if (value === null || typeof value !== 'object') return true;
    value = (value as Record<PropertyKey, unknown>)[segment as keyof object];
  }
  return value === undefined;
}

function subject(path: IssuePath, ctx: Ctx): string {
  if (path.length === 0) return t('field.subject.root', ctx.lang);
  const label = ctx.labelFor?.(toPointer(path)) ?? ctx.labelFor?.(wildcardPointer(path));
  return label ? t('field.subject.labelled', ctx.lang, { label: label[ctx.lang] }) : t('field.subject.anonymous', ctx.lang);
}

function push(ctx: Ctx, path: IssuePath, code: string, key: MessageKey, params: MessageParams = {}): void {
  const message = t(key, ctx.lang, { field: subject(path, ctx), ...params });
  ctx.out.push({ pointer: toPointer(path), code, message });
}

function sizeKey(kind: 'too_small' | 'too_big', origin: string, exact: boolean, inclusive: boolean): MessageKey {
  switch (origin) {
    case 'string':
      return exact ? `field.${kind}.string.exact` : `field.${kind}.string`;
    case 'array':
    case 'set':
      return `field.${kind}.array`;
    case 'date':
      return `field.${kind}.date`;
    default:
      return inclusive ? `field.${kind}.number` : `field.${kind}.number.exclusive`;
  }
}

function customParams(params: Record<string, unknown>, lang: Language): MessageParams {
  const out: MessageParams = {};
  for (const [k, v] of Object.entries(params)) {
    if (typeof v === 'string' || typeof v === 'number') out[k] = v;
    else if (isLocalized(v)) out[k] = v[lang];
  }
  return out;
}

function visit(issue: Issue, base: IssuePath, ctx: Ctx): void {
  const path = [...base, ...issue.path];
  const { lang } = ctx;
  switch (issue.code) {
    case 'invalid_type': {
      if (isMissing(issue)) return push(ctx, path, 'required', 'field.required');
      const expectedKey = `field.expected.${issue.expected}`;
      const expected = t(hasMessage(expectedKey) ? expectedKey : 'field.expected.other', lang);
      return push(ctx, path, 'invalid_type', 'field.invalid_type', { expected });
    }
    case 'too_small': {
      const nonEmpty = issue.origin === 'string' && Number(issue.minimum) === 1 && !issue.exact;
      const key = nonEmpty
        ? 'field.too_small.string.nonempty'
        : sizeKey('too_small', issue.origin, issue.exact === true, issue.inclusive !== false);
      const minimum = issue.origin === 'date' ? isoDay(issue.minimum) : String(issue.minimum);
      return push(ctx, path, 'too_small', key, { minimum });
    }
    case 'too_big': {
      const key = sizeKey('too_big', issue.origin, issue.exact === true, issue.inclusive !== false);
      const maximum = issue.origin === 'date' ? isoDay(issue.maximum) : String(issue.maximum);
      return push(ctx, path, 'too_big', key, { maximum });
    }
    case 'invalid_format': {
      const key = `field.invalid_format.${issue.format}`;
      return push(ctx, path, 'invalid_format', hasMessage(key) ? key : 'field.invalid_format.regex');
    }
    case 'not_multiple_of':
      return push(ctx, path, 'not_multiple_of', 'field.not_multiple_of', { divisor: issue.divisor });
    case 'invalid_value': {
      // zod reports a missing closed-list answer (or literal) as a wrong value: it is a missing one.
      if (absentIn(ctx, path)) return push(ctx, path, 'required', 'field.required');
      // A box that must be ticked (an attestation such as "counselling given"): said as such.
      if (issue.values.length === 1 && issue.values[0] === true) return push(ctx, path, 'invalid_value', 'field.invalid_value.true');
      const values = issue.values.map((v) => quote(v, lang)).join(lang === 'ar' ? '، ' : ', ');
      const key = issue.values.length === 1 ? 'field.invalid_value.one' : 'field.invalid_value.many';
      return push(ctx, path, 'invalid_value', key, { values });
    }
    case 'unrecognized_keys':
      // One error per key so a form can highlight each stray field on its own.
      for (const key of issue.keys) {
        ctx.out.push({
          pointer: toPointer([...path, key]),
          code: 'unrecognized_key',
          message: t('field.unrecognized_key', lang, { key }),
        });
      }
      return;
    case 'invalid_union': {
      const branches = issue.errors.filter((b) => b.length > 0);
      if (branches.length > 0) {
        // The branch with the fewest complaints is almost always the one the client meant.
        const best = branches.reduce((a, b) => (b.length < a.length ? b : a));
        for (const inner of best) visit(inner, path, ctx);
        return;
      }
      const options = 'options' in issue ? issue.options : undefined;
      if (issue.discriminator !== undefined && options) {
        const values = options.map((v) => quote(v, lang)).join(lang === 'ar' ? '، ' : ', ');
        // zod already points at the discriminator in some versions; never name it twice.
        const at = path[path.length - 1] === issue.discriminator ? path : [...path, issue.discriminator];
        // The choice that decides the rest (a decision's outcome) left unanswered: a missing one.
        if (absentIn(ctx, at)) return push(ctx, at, 'required', 'field.required');
        return push(ctx, at, 'invalid_value', 'field.invalid_value.many', { values });
      }
      return push(ctx, path, 'invalid_union', 'field.invalid_union');
    }
    case 'invalid_key':
    case 'invalid_element':
      for (const inner of issue.issues) visit(inner, path, ctx);
      return;
    case 'custom': {
      const params = issue.params ?? {};
      const code = typeof params.code === 'string' ? params.code : 'invalid';
      const rule = typeof params.rule === 'string' ? params.rule : undefined;
      const specific = rule ? `field.custom.${code}.${rule}` : undefined;
      const general = `field.custom.${code}`;
      const key: MessageKey = specific && hasMessage(specific) ? specific : hasMessage(general) ? general : 'field.invalid';
      return push(ctx, path, code, key, customParams(params, lang));
    }
    default: {
      // A future zod issue code must still reach the client as an error, not vanish.
      const unknownIssue = issue as { path: PropertyKey[]; code?: string };
      return push(ctx, [...base, ...unknownIssue.path], unknownIssue.code ?? 'invalid', 'field.invalid');
    }
  }
}

/**
 * Turns every zod issue into a localized FieldError: nothing is dropped, so a 422 can list all
 * problems at once. Issue messages from zod are never forwarded (they are English and may echo input).
 * `input` (the parsed document, `{ value }`) lets a closed list left unanswered read as required.
 */
export function localizeIssues(issues: readonly Issue[], lang: Language, labelFor?: LabelLookup, input?: { value: unknown }): FieldError[] {
  const ctx: Ctx = { lang, labelFor, out: [], ...(input ? { input } : {}) };
  for (const issue of issues) visit(issue, [], ctx);
  const seen = new Set<string>();
  return ctx.out.filter((e) => {
    const id = `${e.pointer}\u0000${e.code}\u0000${e.message}`;
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
}
