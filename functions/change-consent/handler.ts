// POST /cases/{caseId}/consents — mission staff record a consent revoked, or given later: the
// case's consent flags change with their effect (beneficiary messages stop; shares with the
// partner end), all in the history.
import { documentClient } from '../commons/clients.ts';
import { clock } from '../commons/clock.ts';
import { requiredEnv } from '../commons/config.ts';
import { principalOf } from '../commons/auth.ts';
import { hasAnyRole } from '../../domain/access/roles.ts';
import { httpHandler, json, pathParameters, readJsonBody } from '../commons/http.ts';
import { HttpProblem, invalidRequest } from '../commons/problems.ts';
import { casePathSchema, consentChangeSchema } from '../commons/api-schemas.ts';
import { logger } from '../commons/powertools.ts';
import { getCase } from '../adapters/dynamodb/case-reader.ts';
import { DynamoShareStore } from '../adapters/dynamodb/share-store.ts';
import { changeConsent } from '../../domain/consent/consents.ts';

const tableName = requiredEnv('TABLE_NAME');
const shares = new DynamoShareStore(documentClient, tableName);

export const handler = httpHandler(async (event, { language }) => {
  const principal = principalOf(event);
  if (!hasAnyRole(principal, 'caseworker', 'supervisor')) throw new HttpProblem(403, 'roleNotAllowed');
  const { caseId } = pathParameters(event, casePathSchema);
  const body = consentChangeSchema.safeParse(readJsonBody(event, 8192, language).value);
  if (!body.success) throw invalidRequest(422, body.error.issues, language);
  // The case first, then its shares: a share changed in between changes the case's version, and
  // the write below then fails rather than working from stale shares.
  const found = await getCase(documentClient, tableName, caseId, true);
  if (!found) throw new HttpProblem(404, 'notFound');
  const caseShares = await shares.sharesOfCase(caseId, true);
  const now = clock.now();
  const change = changeConsent(found, body.data, caseShares, principal, now);
  if (!(await shares.changeConsent(found, change.facts, change.event, change.endedShares, caseShares)))
    throw new HttpProblem(409, 'conflict');
  logger.info('consent changed', { caseId, action: body.data.action, purpose: body.data.purpose, sharesEnded: change.endedShares.length });
  return json(200, {
    caseId,
    consent: {
      followUpContact: change.facts.consentFollowUpContact ?? null,
      sharingWithPartners: change.facts.consentSharingWithPartners ?? [],
    },
    endedShares: change.endedShares.map(({ share }) => share.shareId),
  });
});
