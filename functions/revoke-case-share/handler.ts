// POST /cases/{caseId}/shares/{shareId}/revoke — mission staff end a share (or a service referral,
// pending or accepted): the partner no longer sees the case, a claim of its users on the service's
// task ends (the task is back with staff); the revocation is in the history.
import { documentClient } from '../commons/clients.ts';
import { clock } from '../commons/clock.ts';
import { requiredEnv } from '../commons/config.ts';
import { principalOf } from '../commons/auth.ts';
import { hasAnyRole } from '../../domain/access/roles.ts';
import { httpHandler, json, pathParameters } from '../commons/http.ts';
import { HttpProblem } from '../commons/problems.ts';
import { sharePathSchema } from '../commons/api-schemas.ts';
import { logger } from '../commons/powertools.ts';
import { DynamoShareStore } from '../adapters/dynamodb/share-store.ts';
import { revocationEvent } from '../../domain/sharing/shares.ts';

const shares = new DynamoShareStore(documentClient, requiredEnv('TABLE_NAME'));

export const handler = httpHandler(async (event) => {
  const principal = principalOf(event);
  if (!hasAnyRole(principal, 'caseworker', 'supervisor')) throw new HttpProblem(403, 'roleNotAllowed');
  const { caseId, shareId } = pathParameters(event, sharePathSchema);
  const share = (await shares.sharesOfCase(caseId)).find((s) => s.shareId === shareId);
  if (!share) throw new HttpProblem(404, 'notFound');
  // A rejected referral granted nothing to end; a pending one may be withdrawn, an accepted one ended.
  if (share.revokedAt !== undefined || share.status === 'rejected') throw new HttpProblem(409, 'shareAlreadyEnded');
  const now = clock.now();
  const at = now.toISOString();
  const outcome = await shares.revokeShare(share, at, principal.sub, revocationEvent(share, principal, now));
  if (outcome === 'already-ended') throw new HttpProblem(409, 'shareAlreadyEnded');
  logger.info('case share revoked', { caseId, shareId, by: principal.sub });
  return json(200, { ...share, revokedAt: at, revokedBy: principal.sub, active: false });
});
