// GET /openapi.json — the API description, generated once per cold start.
import { httpHandler, json } from '../commons/http.ts';
import { buildOpenApiDocument } from './openapi.ts';

const document = buildOpenApiDocument();

export const handler = httpHandler(async () => json(200, document, { 'cache-control': 'public, max-age=300' }));
