// A partner association's answer to a service referral made to it (accept, reject): shared by the
// two routes. Only its own users answer; anyone else's referral is not found to them; staff are refused.
import { documentClient } from './clients.ts';
import { clock } from './clock.ts';
import { requiredEnv } from './config.ts';
import { fieldCipherFromEnv } from './sensitive-fields.ts';
import { principalOf } from './auth.ts';
import { json, pathParameters, type HttpEvent } from './http.ts';
import { HttpProblem } from './problems.ts';
import { sharePathSchema } from './api-schemas.ts';
import { logger } from './powertools.ts';
import { partnerOf } from '../../domain/access/roles.ts';
import { getCase } from '../adapters/dynamodb/case-reader.ts';
import { DynamoShareStore } from '../adapters/dynamodb/share-store.ts';
import { answerReferral, isActive, ReferralRefused, type ReferralAnswer } from '../../domain/sharing/shares.ts';

let store: DynamoShareStore | undefined;
// The sensitive-fields key seals a rejection's words in the partner's own terms (a case note).
const shares = () => (store ??= new DynamoShareStore(documentClient, requiredEnv('TABLE_NAME'), fieldCipherFromEnv()));

const refusals = {
  'not-yours': [404, 'notFound'],
  'not-a-referral': [409, 'notAReferral'],
  'already-answered': [409, 'referralAlreadyAnswered'],
  ended: [409, 'shareAlreadyEnded'],
  'case-closed': [409, 'caseClosed'],
} as const;

/** `answerOf`: the answer from the request, read once the caller is known to be a partner user (a 403 before a 422). */
export async function answerReferralRequest(event: HttpEvent, answerOf: () => ReferralAnswer) {
  const principal = principalOf(event);
  const partnerId = partnerOf(principal);
  if (partnerId === undefined) throw new HttpProblem(403, 'referralAnswerNotAllowed');
  const { caseId, shareId } = pathParameters(event, sharePathSchema);
  const answer = answerOf();
  const share = (await shares().sharesOfCase(caseId, true)).find((s) => s.shareId === shareId);
  // Another association's share (or none): not found, whatever it is.
  if (!share || share.partnerId !== partnerId) throw new HttpProblem(404, 'notFound');
  const found = await getCase(documentClient, requiredEnv('TABLE_NAME'), caseId, true);
  if (!found) throw new HttpProblem(404, 'notFound');
  const now = clock.now();
  let answered;
  try {
    answered = answerReferral(found, share, answer, principal, now);
  } catch (error) {
    if (!(error instanceof ReferralRefused)) throw error;
    const [status, problem] = refusals[error.reason];
    throw new HttpProblem(status, problem);
  }
  const outcome = await shares().answerReferral(answered.share, answered.event, answered.message, answered.note);
  if (outcome === 'already-answered') throw new HttpProblem(409, 'referralAlreadyAnswered');
  logger.info('referral answered', { caseId, shareId, partnerId, status: answered.share.status, by: principal.sub });
  return json(200, { ...answered.share, active: isActive(answered.share, now) });
}
