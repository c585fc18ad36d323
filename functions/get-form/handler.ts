// GET /forms/{formId}[?version=N] — one form: its JSON Schema (generated from zod), labels, examples.
import { httpHandler, json } from '../commons/http.ts';
import { HttpProblem } from '../commons/problems.ts';
import { getForm } from '../../domain/forms/index.ts';
import { formDocument } from '../commons/form-documents.ts';

export const handler = httpHandler(async (event, { language }) => {
  const formId = event.pathParameters?.formId ?? '';
  const versionParam = event.queryStringParameters?.version;
  if (!getForm(formId)) throw new HttpProblem(404, 'formNotFound', { formId });
  const version = versionParam === undefined ? undefined : /^[1-9]\d{0,5}$/.test(versionParam) ? Number(versionParam) : -1;
  const form = getForm(formId, version);
  if (!form) throw new HttpProblem(404, 'formVersionNotFound', { formId, version: versionParam ?? '' });
  return json(200, formDocument(form, language), { 'cache-control': 'public, max-age=300', 'content-language': language });
});
