// GET /access-log?reader=&from=&to= — every read of case data by one person (mission staff or a
// partner's user) over a time window, oldest first, for the data-protection officer only.
import { documentClient } from '../commons/clients.ts';
import { requiredEnv } from '../commons/config.ts';
import { principalOf } from '../commons/auth.ts';
import { mayReadAccessLog } from '../../domain/access/access-log.ts';
import { httpHandler, json } from '../commons/http.ts';
import { HttpProblem, invalidRequest } from '../commons/problems.ts';
import { readerAccessLogQuerySchema } from '../commons/api-schemas.ts';
import { cursorBinding, pageCursors } from '../commons/cursor.ts';
import { logger } from '../commons/powertools.ts';
import { DynamoAccessLog } from '../adapters/dynamodb/access-log.ts';

const accessLog = new DynamoAccessLog(documentClient, requiredEnv('TABLE_NAME'));
const cursors = pageCursors();

export const handler = httpHandler(async (event, { language }) => {
  const principal = principalOf(event);
  if (!mayReadAccessLog(principal)) throw new HttpProblem(403, 'forbidden');
  const parsed = readerAccessLogQuerySchema.safeParse(event.queryStringParameters ?? {});
  if (!parsed.success) throw invalidRequest(400, parsed.error.issues, language);
  const { reader, from, to, limit } = parsed.data;
  const binding = cursorBinding('GET /access-log', parsed.data);
  const cursor = await cursors.open(parsed.data.cursor, binding, language);
  // Records are keyed by UTC instants: the window is compared in the same form.
  const page = await accessLog.ofReader(reader, new Date(from).toISOString(), new Date(to).toISOString(), {
    limit,
    ...(cursor !== undefined ? { cursor } : {}),
  });
  logger.info('reader access log read', { count: page.items.length, by: principal.sub });
  const next = await cursors.seal(page.next, binding);
  return json(200, { items: page.items, ...(next ? { next } : {}) }, { 'cache-control': 'no-store' });
});
