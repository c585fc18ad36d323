// POST /cases/{caseId}/reopening — a caseworker records a new need on a closed case of a programme
// that allows it (protection): the case is open again and its workflow requested again, by name.
import { documentClient } from '../commons/clients.ts';
import { clock } from '../commons/clock.ts';
import { requiredEnv } from '../commons/config.ts';
import { principalOf } from '../commons/auth.ts';
import { hasAnyRole } from '../../domain/access/roles.ts';
import { httpHandler, json, pathParameters, readJsonBody } from '../commons/http.ts';
import { HttpProblem, invalidRequest } from '../commons/problems.ts';
import { casePathSchema, reopeningRequestSchema } from '../commons/api-schemas.ts';
import { logger } from '../commons/powertools.ts';
import { DynamoCaseStore } from '../adapters/dynamodb/case-store.ts';
import { reopenCase, ReopeningRefused } from '../../domain/cases/reopening.ts';

const store = new DynamoCaseStore(documentClient, requiredEnv('TABLE_NAME'));

export const handler = httpHandler(async (event, { language }) => {
  const principal = principalOf(event);
  if (!hasAnyRole(principal, 'caseworker')) throw new HttpProblem(403, 'roleNotAllowed');
  const { caseId } = pathParameters(event, casePathSchema);
  const body = reopeningRequestSchema.safeParse(readJsonBody(event, 4096, language).value);
  if (!body.success) throw invalidRequest(422, body.error.issues, language);
  let reopened;
  try {
    reopened = await reopenCase({ caseId, need: body.data.need, actor: principal }, { store, now: clock.now });
  } catch (error) {
    if (!(error instanceof ReopeningRefused)) throw error;
    throw new HttpProblem(409, error.reason === 'not-closed' ? 'caseNotClosed' : 'reopeningNotAllowed');
  }
  logger.info('case reopened', { caseId, by: principal.sub, need: body.data.need, reopenCount: reopened.reopenCount });
  return json(200, {
    caseId,
    reference: reopened.reference,
    status: 'open',
    stage: 'reopened',
    reopenCount: reopened.reopenCount ?? 1,
  });
});
