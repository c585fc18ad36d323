// POST /cases/{caseId}/referrals — a caseworker refers the case to another programme (protection →
// AVRR): a new case of that programme opens, linked to this one both ways, with the person's data
// carried over (sealed again under the new case), the consent it needs checked, and its first
// workflow phase requested in the same transaction.
import { documentClient } from '../commons/clients.ts';
import { clock } from '../commons/clock.ts';
import { requiredEnv } from '../commons/config.ts';
import { fieldCipherFromEnv } from '../commons/sensitive-fields.ts';
import { principalOf } from '../commons/auth.ts';
import { hasAnyRole } from '../../domain/access/roles.ts';
import { httpHandler, json, pathParameters, readJsonBody } from '../commons/http.ts';
import { HttpProblem, invalidRequest } from '../commons/problems.ts';
import { casePathSchema, referralRequestSchema } from '../commons/api-schemas.ts';
import { logger } from '../commons/powertools.ts';
import { DynamoReferralStore } from '../adapters/dynamodb/referral-store.ts';
import { referCase, ReferralRefused } from '../../domain/cases/referral.ts';

// Opens the person's sensitive answers and seals them again under the new case.
const store = new DynamoReferralStore(documentClient, requiredEnv('TABLE_NAME'), fieldCipherFromEnv());

export const handler = httpHandler(async (event, { language }) => {
  const principal = principalOf(event);
  if (!hasAnyRole(principal, 'caseworker', 'supervisor')) throw new HttpProblem(403, 'roleNotAllowed');
  const { caseId } = pathParameters(event, casePathSchema);
  const body = referralRequestSchema.safeParse(readJsonBody(event, 8192, language).value);
  if (!body.success) throw invalidRequest(422, body.error.issues, language);

  let created;
  try {
    created = await referCase(
      {
        caseId,
        programme: body.data.programme,
        ...(body.data.overrideReason ? { overrideReason: body.data.overrideReason } : {}),
        actor: principal,
      },
      { store, now: clock.now },
    );
  } catch (error) {
    if (!(error instanceof ReferralRefused)) throw error;
    if (error.reason === 'no-consent') throw new HttpProblem(409, 'referralWithoutConsent');
    if (error.reason === 'case-closed') throw new HttpProblem(409, 'caseClosed');
    if (error.reason === 'not-accepted') throw new HttpProblem(409, 'referralNotAccepted', { programme: body.data.programme });
    throw new HttpProblem(409, 'alreadyReferred', {
      programme: body.data.programme,
      reference: error.existing?.reference ?? '',
      caseId: error.existing?.caseId ?? '',
    });
  }
  logger.info('case referred', { caseId, to: created.caseId, programme: created.programme, by: principal.sub });
  return json(
    201,
    {
      caseId: created.caseId,
      reference: created.reference,
      programme: created.programme,
      caseType: created.caseType,
      referredFrom: caseId,
    },
    { location: `/cases/${created.caseId}` },
  );
});
