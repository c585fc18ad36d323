// POST /cases/{caseId}/shares — mission staff share a case (or one service of it) with a partner
// association until a date, under the person's consent to share with that partner; without it,
// only with a legal ground (overrideReason), recorded on the share and in the history. One service
// only: a referral, pending until the partner association (told) accepts or rejects it.
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
import { isActive, newShare, serviceReferredElsewhere, shareStillAllowed, ShareRefused } from '../../domain/sharing/shares.ts';

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
    if (error.reason === 'unknown-service') throw new HttpProblem(422, 'unknownService');
    throw new HttpProblem(422, 'shareUntilInPast');
  }
  // One partner at a time for a service: a referral pending or accepted stands in the way. (Two made
  // at once: both writes are conditional on the case's version, the second is a 409 conflict.)
  if (created.share.scope !== 'case') {
    const existing = await shares.sharesOfCase(caseId, true);
    if (serviceReferredElsewhere(existing, created.share, now)) throw new HttpProblem(409, 'serviceAlreadyReferred');
  }
  // Closed or the consent revoked meanwhile: the client reads the case again. Other changes of the
  // case meanwhile (its workflow moving on) do not matter: the consent is checked again on a fresh read.
  const stored = await shares.createShare(
    created.share,
    created.event,
    (current, all) => shareStillAllowed(created.share, current) && !serviceReferredElsewhere(all, created.share, now),
    created.messages,
  );
  if (stored === 'case-changed') throw new HttpProblem(409, 'conflict');
  logger.info('case shared', { caseId, shareId: created.share.shareId, partnerId: created.share.partnerId, by: principal.sub });
  return json(
    201,
    { ...created.share, active: isActive(created.share, now) },
    { location: `/cases/${caseId}/shares/${created.share.shareId}` },
  );
});
