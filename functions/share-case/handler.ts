// POST /cases/{caseId}/shares — mission staff share a case (or one service of it) with a partner
// association until a date, under the person's consent to share with that partner; without it,
// only with a legal ground (overrideReason), recorded on the share and in the history.
import { documentClient } from '../commons/clients.ts';
import { clock } from '../commons/clock.ts';
import { requiredEnv } from '../commons/config.ts';
import { principalOf } from '../commons/auth.ts';
import { hasAnyRole } from '../../domain/access/roles.ts';
import { httpHandler, json, pathParameters, readJsonBody } from '../commons/http.ts';
import { HttpProblem, invalidRequest } from '../commons/problems.ts';
import { casePathSchema, shareRequestSchema } from '../commons/api-schemas.ts';
import { logger } from '../commons/powertools.ts';
import { getCase } from '../adapters/dynamodb/case-reader.ts';
import { DynamoShareStore } from '../adapters/dynamodb/share-store.ts';
import { isActive, newShare, shareStillAllowed, ShareRefused } from '../../domain/sharing/shares.ts';

const shares = new DynamoShareStore(documentClient, requiredEnv('TABLE_NAME'));

export const handler = httpHandler(async (event, { language }) => {
  const principal = principalOf(event);
  if (!hasAnyRole(principal, 'caseworker', 'supervisor')) throw new HttpProblem(403, 'roleNotAllowed');
  const { caseId } = pathParameters(event, casePathSchema);
  const body = shareRequestSchema.safeParse(readJsonBody(event, 8192, language).value);
  if (!body.success) throw invalidRequest(422, body.error.issues, language);
  // Read consistently: the consent is checked on this read, and again on the store's read its write is conditional on.
  const found = await getCase(documentClient, requiredEnv('TABLE_NAME'), caseId, true);
  if (!found) throw new HttpProblem(404, 'notFound');

  const now = clock.now();
  let created;
  try {
    created = newShare(found, body.data, principal, now);
  } catch (error) {
    if (!(error instanceof ShareRefused)) throw error;
    if (error.reason === 'no-consent') throw new HttpProblem(409, 'shareWithoutConsent');
    if (error.reason === 'case-closed') throw new HttpProblem(409, 'caseClosed');
    throw new HttpProblem(422, 'shareUntilInPast');
  }
  // Closed or the consent revoked meanwhile: the client reads the case again. Other changes of the
  // case meanwhile (its workflow moving on) do not matter: the consent is checked again on a fresh read.
  const stored = await shares.createShare(created.share, created.event, (current) => shareStillAllowed(created.share, current));
  if (stored === 'case-changed') throw new HttpProblem(409, 'conflict');
  logger.info('case shared', { caseId, shareId: created.share.shareId, partnerId: created.share.partnerId, by: principal.sub });
  return json(
    201,
    { ...created.share, active: isActive(created.share, now) },
    { location: `/cases/${caseId}/shares/${created.share.shareId}` },
  );
});
