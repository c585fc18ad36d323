// GET /associations/{associationId}/cases — the cases that hang off an association (youth
// enrolments, capacity assessments: those its staff submitted or mission staff submitted on its
// behalf), oldest first, paginated, ids and codes only: for mission staff, and for that association's
// own users (another association's: 404).
import { documentClient } from '../commons/clients.ts';
import { requiredEnv } from '../commons/config.ts';
import { principalOf } from '../commons/auth.ts';
import { httpHandler, json, pathParameters } from '../commons/http.ts';
import { HttpProblem, invalidRequest } from '../commons/problems.ts';
import { associationListQuerySchema, associationPathSchema } from '../commons/api-schemas.ts';
import { cursorBinding, pageCursors } from '../commons/cursor.ts';
import { logger } from '../commons/powertools.ts';
import { DynamoAssociationStore } from '../adapters/dynamodb/association-store.ts';
import { associationScope, mayReadAssociation } from '../../domain/associations/access.ts';

const associations = new DynamoAssociationStore(documentClient, requiredEnv('TABLE_NAME'));
const cursors = pageCursors();

export const handler = httpHandler(async (event, { language }) => {
  const principal = principalOf(event);
  const scope = associationScope(principal);
  if (scope.kind === 'none') throw new HttpProblem(403, 'associationsNotAllowed');
  const { associationId } = pathParameters(event, associationPathSchema);
  if (!mayReadAssociation(scope, associationId)) throw new HttpProblem(404, 'notFound');
  const parsed = associationListQuerySchema.safeParse(event.queryStringParameters ?? {});
  if (!parsed.success) throw invalidRequest(400, parsed.error.issues, language);
  const binding = cursorBinding('GET /associations/{associationId}/cases', { associationId });
  const cursor = await cursors.open(parsed.data.cursor, binding, language);
  if (!(await associations.get(associationId))) throw new HttpProblem(404, 'notFound');
  const { limit } = parsed.data;
  const page = await associations.cases(associationId, { limit, ...(cursor !== undefined ? { cursor } : {}) });
  logger.info('association cases read', { associationId, count: page.items.length, by: principal.sub });
  const next = await cursors.seal(page.next, binding);
  return json(200, { items: page.items, ...(next ? { next } : {}) }, { 'cache-control': 'no-store' });
});
