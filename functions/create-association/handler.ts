// POST /associations — an administrator or supervisor registers a partner association: its id (the
// one set on its users in the directory), name, city, registration number and contact people.
// 409 when the id is taken; nothing of its contact people is logged.
import { documentClient } from '../commons/clients.ts';
import { clock } from '../commons/clock.ts';
import { requiredEnv } from '../commons/config.ts';
import { principalOf } from '../commons/auth.ts';
import { httpHandler, json, readJsonBody } from '../commons/http.ts';
import { HttpProblem } from '../commons/problems.ts';
import { logger } from '../commons/powertools.ts';
import { DynamoAssociationStore } from '../adapters/dynamodb/association-store.ts';
import { mayManageAssociations } from '../../domain/associations/access.ts';
import { checkAssociationCreate, newAssociation } from '../../domain/associations/association.ts';

const associations = new DynamoAssociationStore(documentClient, requiredEnv('TABLE_NAME'));

export const handler = httpHandler(async (event, { language }) => {
  const principal = principalOf(event);
  if (!mayManageAssociations(principal)) throw new HttpProblem(403, 'associationManagementNotAllowed');
  const checked = checkAssociationCreate(readJsonBody(event, 16 * 1024, language).value, language);
  if (!checked.ok) throw new HttpProblem(422, 'requestInvalid', { count: checked.errors.length }, checked.errors);
  const record = newAssociation(checked.value, principal.sub, clock.now());
  if ((await associations.create(record)) === 'exists') throw new HttpProblem(409, 'associationExists');
  logger.info('association created', { associationId: record.associationId, by: principal.sub });
  return json(201, record, { location: `/associations/${record.associationId}` });
});
