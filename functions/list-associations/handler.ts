// GET /associations — the partner associations by id, paginated: every one for mission staff; for a
// partner user, its own only (none if its association has no record).
import { documentClient } from '../commons/clients.ts';
import { requiredEnv } from '../commons/config.ts';
import { principalOf } from '../commons/auth.ts';
import { httpHandler, json } from '../commons/http.ts';
import { HttpProblem, invalidRequest } from '../commons/problems.ts';
import { associationListQuerySchema } from '../commons/api-schemas.ts';
import { cursorBinding, pageCursors } from '../commons/cursor.ts';
import { DynamoAssociationStore } from '../adapters/dynamodb/association-store.ts';
import { associationScope } from '../../domain/associations/access.ts';

const associations = new DynamoAssociationStore(documentClient, requiredEnv('TABLE_NAME'));
const cursors = pageCursors();

export const handler = httpHandler(async (event, { language }) => {
  const principal = principalOf(event);
  const scope = associationScope(principal);
  if (scope.kind === 'none') throw new HttpProblem(403, 'associationsNotAllowed');
  const parsed = associationListQuerySchema.safeParse(event.queryStringParameters ?? {});
  if (!parsed.success) throw invalidRequest(400, parsed.error.issues, language);
  const { limit } = parsed.data;
  const binding = cursorBinding('GET /associations', {});
  const cursor = await cursors.open(parsed.data.cursor, binding, language);
  // A partner user whose association is not an active record: nothing to list.
  if (scope.kind === 'nothing') return json(200, { items: [] }, { 'cache-control': 'no-store' });
  if (scope.kind === 'own') {
    // One item at most: a partner's own association, read by its key.
    const own = cursor === undefined ? await associations.get(scope.associationId) : undefined;
    return json(200, { items: own ? [own] : [] }, { 'cache-control': 'no-store' });
  }
  const page = await associations.list({ limit, ...(cursor !== undefined ? { cursor } : {}) });
  const next = await cursors.seal(page.next, binding);
  return json(200, { items: page.items, ...(next ? { next } : {}) }, { 'cache-control': 'no-store' });
});
