// GET /associations/{associationId} — one association: mission staff read any; a partner user only
// its own (any other is answered as missing: 404).
import { documentClient } from '../commons/clients.ts';
import { requiredEnv } from '../commons/config.ts';
import { principalOf } from '../commons/auth.ts';
import { httpHandler, json, pathParameters } from '../commons/http.ts';
import { HttpProblem } from '../commons/problems.ts';
import { associationPathSchema } from '../commons/api-schemas.ts';
import { DynamoAssociationStore } from '../adapters/dynamodb/association-store.ts';
import { associationScope, mayReadAssociation } from '../../domain/associations/access.ts';

const associations = new DynamoAssociationStore(documentClient, requiredEnv('TABLE_NAME'));

export const handler = httpHandler(async (event) => {
  const principal = principalOf(event);
  const scope = associationScope(principal);
  if (scope.kind === 'none') throw new HttpProblem(403, 'associationsNotAllowed');
  const { associationId } = pathParameters(event, associationPathSchema);
  if (!mayReadAssociation(scope, associationId)) throw new HttpProblem(404, 'notFound');
  const found = await associations.get(associationId);
  if (!found) throw new HttpProblem(404, 'notFound');
  return json(200, found, { 'cache-control': 'no-store' });
});
