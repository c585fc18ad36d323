// GET /forms/{formId}[?version=N] — one form: its JSON Schema (generated from zod), labels, examples,
// and the notice law 09-08 requires at collection.
import { httpHandler, json } from '../commons/http.ts';
import { HttpProblem } from '../commons/problems.ts';
import { getForm } from '../../domain/forms/index.ts';
import { formDocument } from '../commons/form-documents.ts';
import { formVersionSchema } from '../commons/api-schemas.ts';
import { noticeConfigFromEnv } from '../commons/config.ts';

// Read at cold start: a deployment without the notice's configuration fails here, not per request.
const noticeConfig = noticeConfigFromEnv();

export const handler = httpHandler(async (event, { language }) => {
  const formId = event.pathParameters?.formId ?? '';
  const versionParam = event.queryStringParameters?.version;
  if (!getForm(formId)) throw new HttpProblem(404, 'formNotFound', { formId });
  // A version that is not a positive integer names no version (404, not 400).
  const version = versionParam === undefined ? undefined : (formVersionSchema.safeParse(versionParam).data ?? -1);
  const form = getForm(formId, version);
  if (!form) throw new HttpProblem(404, 'formVersionNotFound', { formId, version: versionParam ?? '' });
  return json(200, formDocument(form, language, noticeConfig), {
    'cache-control': 'public, max-age=300',
    'content-language': language,
    vary: 'accept-language',
  });
});
