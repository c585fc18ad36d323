// The API calls the intake makes, on the same origin (the CSP allows no other).
import type { Language } from './i18n.ts';
import type { JsonSchema } from './schema-form.ts';

export interface FormSummary {
  id: string;
  version: number;
  programme: string;
  submittedBy?: string;
  title: string;
  description: string;
}

export interface Notice {
  controller?: string;
  purposes?: string[];
  recipients?: string[];
  rights?: string[];
  howToExerciseRights?: string;
  mandatoryAnswersNote?: string;
  cndpStatement?: string;
}

export interface FormDocument {
  id: string;
  version: number;
  programme: string;
  title: string;
  description: string;
  language: Language;
  submitTo: string;
  schema: JsonSchema;
  notice?: Notice;
}

export interface FieldError {
  pointer: string;
  code?: string;
  message: string;
}

export interface Receipt {
  caseId: string;
  reference: string;
  formId: string;
  receivedAt: string;
}

export type SubmitOutcome =
  | { kind: 'created'; receipt: Receipt }
  | { kind: 'invalid'; type: string; title: string; errors: FieldError[] }
  | { kind: 'unavailable' }
  | { kind: 'network' };

async function getJson<T>(path: string, language: Language): Promise<T> {
  const response = await fetch(path, { headers: { accept: 'application/json', 'accept-language': language } });
  if (!response.ok) throw new Error(`GET ${path}: ${response.status}`);
  return (await response.json()) as T;
}

export async function listForms(language: Language): Promise<FormSummary[]> {
  const body = await getJson<{ forms: FormSummary[] }>('/forms', language);
  // An association's forms are submitted by its staff, never through the public route.
  return body.forms.filter((form) => form.submittedBy !== 'association');
}

export function getForm(formId: string, language: Language): Promise<FormDocument> {
  return getJson<FormDocument>(`/forms/${encodeURIComponent(formId)}`, language);
}

export async function submit(form: FormDocument, body: unknown, idempotencyKey: string, language: Language): Promise<SubmitOutcome> {
  let response: Response;
  try {
    response = await fetch(form.submitTo, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/json, application/problem+json',
        'accept-language': language,
        'idempotency-key': idempotencyKey,
        // The notice was shown in the page's language.
        'notice-language': language,
      },
      body: JSON.stringify(body),
    });
  } catch {
    return { kind: 'network' };
  }
  if (response.status === 201 || response.status === 200) return { kind: 'created', receipt: (await response.json()) as Receipt };
  if (response.status === 429 || response.status >= 500) return { kind: 'unavailable' };
  try {
    const problem = (await response.json()) as { type?: string; title?: string; detail?: string; errors?: FieldError[] };
    const errors = problem.errors?.length
      ? problem.errors
      : [{ pointer: '', message: problem.detail ?? problem.title ?? String(response.status) }];
    return { kind: 'invalid', type: problem.type ?? '', title: problem.title ?? '', errors };
  } catch {
    return { kind: 'unavailable' };
  }
}
