// GET /needs?status=open-for-matching&sector=&engagement=&limit=&cursor= — host institutions' validated needs
// open for matching, oldest validation first, for mission staff (a partner association has no part
// in matching). Served by the needs' listing (a Query, never a Scan); the need's detail is its case
// (GET /cases/{caseId}).
import { documentClient } from '../commons/clients.ts';
import { requiredEnv } from '../commons/config.ts';
import { principalOf } from '../commons/auth.ts';
import { isStaff } from '../../domain/access/roles.ts';
import { httpHandler, json } from '../commons/http.ts';
import { HttpProblem, invalidRequest } from '../commons/problems.ts';
import { needListQuerySchema } from '../commons/api-schemas.ts';
import { cursorBinding, pageCursors } from '../commons/cursor.ts';
import { logger } from '../commons/powertools.ts';
import { DynamoNeedStore } from '../adapters/dynamodb/need-store.ts';

const needs = new DynamoNeedStore(documentClient, requiredEnv('TABLE_NAME'));
const cursors = pageCursors();

export const handler = httpHandler(async (event, { language }) => {
  const principal = principalOf(event);
  if (!isStaff(principal)) throw new HttpProblem(403, 'needsNotAllowed');
  const parsed = needListQuerySchema.safeParse(event.queryStringParameters ?? {});
  if (!parsed.success) throw invalidRequest(400, parsed.error.issues, language);
  const { status, sector, engagement, limit } = parsed.data;
  const binding = cursorBinding('GET /needs', parsed.data);
  const cursor = await cursors.open(parsed.data.cursor, binding, language);
  const page = await needs.list({
    status,
    limit,
    ...(sector ? { sector } : {}),
    ...(engagement ? { engagement } : {}),
    ...(cursor !== undefined ? { cursor } : {}),
  });
  logger.info('needs read', { status, sector, engagement, count: page.items.length, by: principal.sub });
  const next = await cursors.seal(page.next, binding);
  return json(200, { items: page.items, ...(next ? { next } : {}) }, { 'cache-control': 'no-store' });
});
