// POST /cases/{caseId}/shares/{shareId}/reject — a user of the partner association a service is
// referred to rejects it, with a reason code (in the history) and, optionally, its own words (a case
// note, never the history): nothing is granted, the service stays with staff, the referrer is told.
import { httpHandler, readJsonBody } from '../commons/http.ts';
import { invalidRequest } from '../commons/problems.ts';
import { referralRejectionSchema } from '../commons/api-schemas.ts';
import { answerReferralRequest } from '../commons/referral-answers.ts';

export const handler = httpHandler(async (event, { language }) =>
  answerReferralRequest(event, () => {
    const body = referralRejectionSchema.safeParse(readJsonBody(event, 8192, language).value);
    if (!body.success) throw invalidRequest(422, body.error.issues, language);
    return {
      answer: 'reject',
      reasonCode: body.data.reasonCode,
      ...(body.data.reason !== undefined ? { reason: body.data.reason } : {}),
    };
  }),
);
