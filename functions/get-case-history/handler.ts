// GET /cases/{caseId}/history — the timeline of a case, for whoever may see the case.
import { documentClient } from '../commons/clients.ts';
import { requiredEnv } from '../commons/config.ts';
import { principalOf } from '../commons/auth.ts';
import { canSeeCase } from '../../domain/access/cases.ts';
import { httpHandler, json, pathParameters } from '../commons/http.ts';
import { HttpProblem } from '../commons/problems.ts';
import { casePathSchema } from '../commons/api-schemas.ts';
import { logger } from '../commons/powertools.ts';
import { DynamoCaseReader } from '../adapters/dynamodb/case-reader.ts';

const cases = new DynamoCaseReader(documentClient, requiredEnv('TABLE_NAME'));

export const handler = httpHandler(async (event) => {
  const principal = principalOf(event);
  const { caseId } = pathParameters(event, casePathSchema);
  const found = await cases.getCase(caseId);
  // Same visibility as the case itself: a case the caller may not see does not exist for them.
  if (!found || !canSeeCase(principal, found.partnerId)) throw new HttpProblem(404, 'notFound');
  const history = await cases.getHistory(caseId);
  logger.info('case history read', { caseId, by: principal.sub });
  return json(200, { caseId, events: history.map(({ caseId: _caseId, ...event }) => event) }, { 'cache-control': 'no-store' });
});
