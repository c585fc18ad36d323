// GET /experts/{caseId}/assignments — the assignments an expert was confirmed for (mission staff):
// one per need, written by matching's confirmation and moved on by the assignment workflow. One Query
// of the expert's partition (EXPERT#{caseId}, ASSIGNMENT#…), never a Scan; ids, codes and dates only.
import { documentClient } from '../commons/clients.ts';
import { requiredEnv } from '../commons/config.ts';
import { principalOf } from '../commons/auth.ts';
import { missionRolesOf } from '../../domain/access/roles.ts';
import { httpHandler, json, pathParameters } from '../commons/http.ts';
import { HttpProblem } from '../commons/problems.ts';
import { expertPathSchema } from '../commons/api-schemas.ts';
import { logger } from '../commons/powertools.ts';
import { queryAll } from '../adapters/dynamodb/query.ts';
import { keys } from '../adapters/dynamodb/keys.ts';
import { assignmentFromItem } from '../adapters/dynamodb/items.ts';

const tableName = requiredEnv('TABLE_NAME');
/** An expert holds a handful of assignments over the years: one read, bounded. */
const MAX_ASSIGNMENTS = 200;

export const handler = httpHandler(async (event) => {
  const principal = principalOf(event);
  if (missionRolesOf(principal).length === 0) throw new HttpProblem(403, 'registerSearchNotAllowed');
  const { caseId } = pathParameters(event, expertPathSchema);
  const items = await queryAll(documentClient, tableName, { ...keys.assignmentsOfExpert(caseId), max: MAX_ASSIGNMENTS });
  const assignments = items
    .map(assignmentFromItem)
    .sort((a, b) => (a.confirmedAt < b.confirmedAt ? 1 : -1))
    // The version serves the workflow's conditional writes only.
    .map(({ version: _version, ...entry }) => entry);
  logger.info('expert assignments read', { caseId, count: assignments.length, by: principal.sub });
  return json(200, { items: assignments }, { 'cache-control': 'no-store' });
});
