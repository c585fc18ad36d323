// POST /cases/{caseId}/shares/{shareId}/accept — a user of the partner association a service is
// referred to accepts it: the association then sees the case (the person is needed to deliver the
// service) and works on that service's tasks only; the referrer is told; recorded in the history.
import { httpHandler } from '../commons/http.ts';
import { answerReferralRequest } from '../commons/referral-answers.ts';

export const handler = httpHandler(async (event) => answerReferralRequest(event, () => ({ answer: 'accept' })));
