// GET /cases/{caseId} — one case with its persons and tasks, for staff, or for the partner association it is shared with.
import { documentClient } from '../commons/clients.ts';
import { requiredEnv } from '../commons/config.ts';
import { principalOf } from '../commons/auth.ts';
import { canSeeCase } from '../../domain/access/cases.ts';
import { httpHandler, json, pathParameters } from '../commons/http.ts';
import { casePathSchema } from '../commons/api-schemas.ts';
import { HttpProblem } from '../commons/problems.ts';
import { logger } from '../commons/powertools.ts';
import { DynamoCaseReader } from '../adapters/dynamodb/case-reader.ts';
import { DynamoTaskStore } from '../adapters/dynamodb/task-store.ts';

const cases = new DynamoCaseReader(documentClient, requiredEnv('TABLE_NAME'));
const casework = new DynamoTaskStore(documentClient, requiredEnv('TABLE_NAME'));

export const handler = httpHandler(async (event) => {
  const principal = principalOf(event);
  const { caseId } = pathParameters(event, casePathSchema);
  const found = await cases.getCase(caseId);
  // A case the caller may not see is answered like a missing one: its existence is itself sensitive.
  if (!found || !canSeeCase(principal, found.partnerId)) throw new HttpProblem(404, 'notFound');
  const [persons, tasks] = await Promise.all([cases.getPersons(caseId), casework.tasksOfCase(caseId)]);
  logger.info('case read', { caseId, by: principal.sub });
  return json(200, { ...found, persons, tasks }, { 'cache-control': 'no-store' });
});
