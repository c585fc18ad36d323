// GET /cases?programme=&stage= — a queue view: the cases of a programme at a stage, oldest first.
// A partner association sees the cases its own staff submitted and those shared with it by an active
// share (a one-service share too: the list shows no persons).
import { documentClient } from '../commons/clients.ts';
import { requiredEnv } from '../commons/config.ts';
import { clock } from '../commons/clock.ts';
import { principalOf } from '../commons/auth.ts';
import { isDetachedPartner, isStaff, partnerOf } from '../../domain/access/roles.ts';
import { httpHandler, json } from '../commons/http.ts';
import { HttpProblem, invalidRequest } from '../commons/problems.ts';
import { caseQueueQuerySchema } from '../commons/api-schemas.ts';
import { cursorBinding, pageCursors } from '../commons/cursor.ts';
import { logger } from '../commons/powertools.ts';
import { DynamoWorkQueues } from '../adapters/dynamodb/work-queues.ts';

const queues = new DynamoWorkQueues(documentClient, requiredEnv('TABLE_NAME'));
const cursors = pageCursors();

export const handler = httpHandler(async (event, { language }) => {
  const principal = principalOf(event);
  const parsed = caseQueueQuerySchema.safeParse(event.queryStringParameters ?? {});
  if (!parsed.success) throw invalidRequest(400, parsed.error.issues, language);
  const query = parsed.data;

  const binding = cursorBinding('GET /cases', { ...query, partner: isStaff(principal) ? undefined : partnerOf(principal) });
  const cursor = await cursors.open(query.cursor, binding, language);
  const paging = { limit: query.limit, ...(cursor !== undefined ? { cursor } : {}) };
  let page;
  if (isStaff(principal)) {
    page = await queues.cases(query.programme, query.stage, paging);
  } else {
    // A partner association's list: the cases it may see now (domain/access/cases.ts), served by
    // their own index, kept by every change of the case and of its shares.
    const partnerId = partnerOf(principal);
    // A partner user whose association is not an active record sees no case.
    if (isDetachedPartner(principal)) return json(200, { items: [] }, { 'cache-control': 'no-store' });
    if (partnerId === undefined) throw new HttpProblem(403, 'queueNotAllowed');
    page = await queues.partnerCases(partnerId, query.programme, query.stage, { ...paging, now: clock.now() });
  }
  logger.info('case queue read', { programme: query.programme, stage: query.stage, count: page.items.length, by: principal.sub });
  const next = await cursors.seal(page.next, binding);
  return json(200, { items: page.items, ...(next ? { next } : {}) }, { 'cache-control': 'no-store' });
});
