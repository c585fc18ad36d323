import { DEFAULT_LANGUAGE, localizeIssues, type FieldError, type Language } from '../i18n/index.ts';
import { generateJsonSchema, localizeJsonSchema, type JsonSchema } from './define.ts';
import { programmes } from '../programmes/index.ts';
import type { FormDefinition, FormSummary, SubmissionSplit } from './types.ts';
import { labelOptions } from '../tasks/decision-schema.ts';

/**
 * Every version of every form, from the programmes' declarations (domain/<programme>/programme.ts);
 * a new version is added next to the old one, never in its place.
 */
const FORMS: readonly FormDefinition[] = programmes.flatMap((programme) => programme.forms);

export function latestVersion(id: string): number | undefined {
  const versions = FORMS.filter((f) => f.id === id).map((f) => f.version);
  return versions.length > 0 ? Math.max(...versions) : undefined;
}

export function listForms(): FormSummary[] {
  return FORMS.map((f) => ({
    id: f.id,
    version: f.version,
    programme: f.programme,
    caseType: f.caseType,
    title: f.title,
    description: f.description,
    ...(f.submittedBy ? { submittedBy: f.submittedBy } : {}),
    ...(f.retired ? { retired: f.retired } : {}),
    latest: latestVersion(f.id) === f.version,
  }));
}

/** The requested version, or the latest one when no version is given. */
export function getForm(id: string, version?: number): FormDefinition | undefined {
  const wanted = version ?? latestVersion(id);
  return FORMS.find((f) => f.id === id && f.version === wanted);
}

/**
 * JSON Schema (draft 2020-12) generated from the form's zod schema: trilingual `x-labels`/`x-help`
 * on every property, `title`/`description` in the requested language, the examples at the root.
 */
export function toJsonSchema(form: FormDefinition, lang: Language = DEFAULT_LANGUAGE): JsonSchema {
  // Options labelled as in the decision schemas: a `oneOf` of `{const, title}` (docs/web-client-api.md).
  const generated = labelOptions(localizeJsonSchema(generateJsonSchema(form.schema), lang), lang);
  const { $schema, ...body } = generated;
  return {
    $schema,
    $id: `urn:forms:${form.id}:${form.version}`,
    title: form.title[lang],
    description: form.description[lang],
    'x-labels': form.title,
    'x-descriptions': form.description,
    'x-form': { id: form.id, version: form.version, programme: form.programme, caseType: form.caseType },
    'x-personal-data': form.personalDataPaths,
    'x-sensitive-data': form.sensitivePaths,
    ...body,
    examples: form.examples,
  };
}

export type ValidationResult = { ok: true; data: unknown } | { ok: false; errors: FieldError[] };

/** Validates a body and, on failure, lists every field error in the caller's language. */
export function validateSubmission(form: FormDefinition, body: unknown, lang: Language = DEFAULT_LANGUAGE): ValidationResult {
  const parsed = form.schema.safeParse(body);
  if (parsed.success) return { ok: true, data: parsed.data };
  return { ok: false, errors: localizeIssues(parsed.error.issues, lang, (pointer) => form.fields[pointer]?.label, { value: body }) };
}

/** Persons (to be stored on their own items) and non-personal case facts of a valid submission. */
export function splitSubmission(form: FormDefinition, submission: unknown): SubmissionSplit {
  return form.split(submission);
}
