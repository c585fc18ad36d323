// GET /cases/{caseId}/access-log — every read of one case's data (staff and partners), oldest first,
// for the data-protection officer only.
import { documentClient } from '../commons/clients.ts';
import { requiredEnv } from '../commons/config.ts';
import { principalOf } from '../commons/auth.ts';
import { mayReadAccessLog } from '../../domain/access/access-log.ts';
import { httpHandler, json, pathParameters } from '../commons/http.ts';
import { HttpProblem, invalidRequest } from '../commons/problems.ts';
import { caseAccessLogQuerySchema, casePathSchema } from '../commons/api-schemas.ts';
import { cursorBinding, pageCursors } from '../commons/cursor.ts';
import { logger } from '../commons/powertools.ts';
import { DynamoAccessLog } from '../adapters/dynamodb/access-log.ts';

const accessLog = new DynamoAccessLog(documentClient, requiredEnv('TABLE_NAME'));
const cursors = pageCursors();

export const handler = httpHandler(async (event, { language }) => {
  const principal = principalOf(event);
  if (!mayReadAccessLog(principal)) throw new HttpProblem(403, 'forbidden');
  const { caseId } = pathParameters(event, casePathSchema);
  const parsed = caseAccessLogQuerySchema.safeParse(event.queryStringParameters ?? {});
  if (!parsed.success) throw invalidRequest(400, parsed.error.issues, language);
  const binding = cursorBinding('GET /cases/{caseId}/access-log', { caseId });
  const cursor = await cursors.open(parsed.data.cursor, binding, language);
  const page = await accessLog.ofCase(caseId, { limit: parsed.data.limit, ...(cursor !== undefined ? { cursor } : {}) });
  logger.info('case access log read', { caseId, count: page.items.length, by: principal.sub });
  const next = await cursors.seal(page.next, binding);
  return json(200, { items: page.items, ...(next ? { next } : {}) }, { 'cache-control': 'no-store' });
});
