// GET /forms — the forms a web form can submit, with their versions.
import { httpHandler, json } from '../commons/http.ts';
import { formSummaries } from '../commons/form-documents.ts';

export const handler = httpHandler(async (_event, { language }) =>
  json(
    200,
    { forms: formSummaries(language) },
    { 'cache-control': 'public, max-age=300', 'content-language': language, vary: 'accept-language' },
  ),
);
