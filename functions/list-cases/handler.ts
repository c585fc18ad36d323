// GET /cases?programme=&stage= — a queue view: the cases of a programme at a stage, oldest first.
// Partner associations see only the cases shared with them.
import { documentClient } from '../commons/clients.ts';
import { requiredEnv } from '../commons/config.ts';
import { principalOf } from '../commons/auth.ts';
import { isStaff, partnerOf } from '../../domain/access/roles.ts';
import { httpHandler, json } from '../commons/http.ts';
import { HttpProblem, invalidRequest } from '../commons/problems.ts';
import { caseQueueQuerySchema } from '../commons/api-schemas.ts';
import { logger } from '../commons/powertools.ts';
import { DynamoWorkQueues } from '../adapters/dynamodb/work-queues.ts';

const queues = new DynamoWorkQueues(documentClient, requiredEnv('TABLE_NAME'));

export const handler = httpHandler(async (event, { language }) => {
  const principal = principalOf(event);
  const parsed = caseQueueQuerySchema.safeParse(event.queryStringParameters ?? {});
  if (!parsed.success) throw invalidRequest(400, parsed.error.issues, language);
  const query = parsed.data;

  let partnerId: string | undefined;
  if (!isStaff(principal)) {
    partnerId = partnerOf(principal);
    if (partnerId === undefined) throw new HttpProblem(403, 'queueNotAllowed');
  }
  const page = await queues.cases(query.programme, query.stage, {
    limit: query.limit,
    ...(query.cursor ? { cursor: query.cursor } : {}),
    ...(partnerId !== undefined ? { partnerId } : {}),
  });
  logger.info('case queue read', { programme: query.programme, stage: query.stage, count: page.items.length, by: principal.sub });
  return json(200, page, { 'cache-control': 'no-store' });
});
