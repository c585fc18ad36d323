// PUT /associations/{associationId} — an administrator or supervisor changes an association's
// details and contact people, or deactivates / reactivates it, from the version they read (409 on a
// stale one). Nothing of its contact people is logged.
import { documentClient } from '../commons/clients.ts';
import { clock } from '../commons/clock.ts';
import { requiredEnv } from '../commons/config.ts';
import { principalOf } from '../commons/auth.ts';
import { httpHandler, json, pathParameters, readJsonBody } from '../commons/http.ts';
import { HttpProblem } from '../commons/problems.ts';
import { logger } from '../commons/powertools.ts';
import { associationPathSchema } from '../commons/api-schemas.ts';
import { DynamoAssociationStore } from '../adapters/dynamodb/association-store.ts';
import { mayManageAssociations } from '../../domain/associations/access.ts';
import { changedAssociation, checkAssociationUpdate } from '../../domain/associations/association.ts';

const associations = new DynamoAssociationStore(documentClient, requiredEnv('TABLE_NAME'));

export const handler = httpHandler(async (event, { language }) => {
  const principal = principalOf(event);
  if (!mayManageAssociations(principal)) throw new HttpProblem(403, 'associationManagementNotAllowed');
  const { associationId } = pathParameters(event, associationPathSchema);
  const checked = checkAssociationUpdate(readJsonBody(event, 16 * 1024, language).value, language);
  if (!checked.ok) throw new HttpProblem(422, 'requestInvalid', { count: checked.errors.length }, checked.errors);
  const current = await associations.get(associationId, true);
  if (!current) throw new HttpProblem(404, 'notFound');
  const changed = changedAssociation(current, checked.value, principal.sub, clock.now());
  if (changed === 'stale' || (await associations.update(changed, current.version)) === 'stale')
    throw new HttpProblem(409, 'associationChanged');
  logger.info('association changed', { associationId, status: changed.status, version: changed.version, by: principal.sub });
  return json(200, changed);
});
