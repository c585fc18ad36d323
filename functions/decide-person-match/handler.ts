// POST /cases/{caseId}/persons/{personId}/matches/{matchId}/decisions {decision} — staff decide on a
// match suggested at intake (domain/identity/matches.ts): confirm (the person takes the candidate's
// subject), dismiss, or, for a supervisor, undo a confirmed link. One route for the three: one
// resource (the suggestion), one body validated by its schema, one row set in the authorization
// matrix; who may take which decision is the domain's rule. A partner is refused before any read:
// it never learns that a person has other cases.
import { documentClient } from '../commons/clients.ts';
import { clock } from '../commons/clock.ts';
import { requiredEnv } from '../commons/config.ts';
import { principalOf } from '../commons/auth.ts';
import { httpHandler, json, pathParameters, readJsonBody } from '../commons/http.ts';
import { invalidRequest } from '../commons/problems.ts';
import { matchDecisionSchema, matchPathSchema } from '../commons/api-schemas.ts';
import { logger } from '../commons/powertools.ts';
import { DynamoPersonLinks } from '../adapters/dynamodb/person-links.ts';
import { decideMatch } from '../../domain/identity/matches.ts';

const store = new DynamoPersonLinks(documentClient, requiredEnv('TABLE_NAME'));

export const handler = httpHandler(async (event, { language }) => {
  const caller = principalOf(event);
  const { caseId, personId, matchId } = pathParameters(event, matchPathSchema);
  const body = matchDecisionSchema.safeParse(readJsonBody(event, 1024, language).value);
  if (!body.success) throw invalidRequest(422, body.error.issues, language);
  const match = await decideMatch({ caller, caseId, personId, matchId, decision: body.data.decision }, { store, now: clock.now });
  logger.info('person match decided', { caseId, matchId, decision: body.data.decision, by: caller.sub });
  return json(200, match);
});
