// GET /forms/{formId}[?version=N] — one form: its JSON Schema (generated from zod), labels, examples.
import { httpHandler, json } from '../commons/http.ts';
import { HttpProblem } from '../commons/problems.ts';
import { getForm } from '../../domain/forms/index.ts';
import { formDocument } from '../commons/form-documents.ts';
import { formVersionSchema } from '../commons/api-schemas.ts';

export const handler = httpHandler(async (event, { language }) => {
  const formId = event.pathParameters?.formId ?? '';
  const versionParam = event.queryStringParameters?.version;
  if (!getForm(formId)) throw new HttpProblem(404, 'formNotFound', { formId });
  // A version that is not a positive integer names no version (404, not 400).
  const version = versionParam === undefined ? undefined : (formVersionSchema.safeParse(versionParam).data ?? -1);
  const form = getForm(formId, version);
  if (!form) throw new HttpProblem(404, 'formVersionNotFound', { formId, version: versionParam ?? '' });
  return json(200, formDocument(form, language), { 'cache-control': 'public, max-age=300', 'content-language': language });
});
