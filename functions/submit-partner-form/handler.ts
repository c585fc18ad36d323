// POST /partner/forms/{formId}/submissions — a partner association's own staff submit a form for
// their association: the case is the association's (from the caller's token, never the body). An
// association's form (youth enrolment, capacity assessment) only for an existing, active association.
import { documentClient } from '../commons/clients.ts';
import { noticeConfigFromEnv, requiredEnv } from '../commons/config.ts';
import { fieldCipherFromEnv } from '../commons/sensitive-fields.ts';
import { principalOf } from '../commons/auth.ts';
import { httpHandler } from '../commons/http.ts';
import { HttpProblem } from '../commons/problems.ts';
import { acceptSubmission } from '../commons/submission.ts';
import { DynamoIntakeStore } from '../adapters/dynamodb/intake-store.ts';
import { DynamoAssociationStore } from '../adapters/dynamodb/association-store.ts';
import { isDetachedPartner, partnerOf } from '../../domain/access/roles.ts';
import { getForm } from '../../domain/forms/index.ts';
import { submissionRefusal } from '../../domain/associations/association.ts';

const store = new DynamoIntakeStore(documentClient, requiredEnv('TABLE_NAME'), fieldCipherFromEnv());
// Read at cold start: each submission records the notice it was shown (version, language, CNDP reference).
const noticeConfig = noticeConfigFromEnv();
const associations = new DynamoAssociationStore(documentClient, requiredEnv('TABLE_NAME'));

export const handler = httpHandler(async (event, { language }) => {
  const principal = principalOf(event);
  const partnerId = partnerOf(principal);
  // A partner user whose association is not a registered, active record acts for none.
  if (isDetachedPartner(principal)) throw new HttpProblem(403, 'associationNotActive');
  if (partnerId === undefined) throw new HttpProblem(403, 'roleNotAllowed');
  // Every version of an association's form says so: the latest tells. Other forms (an AVRR referral
  // by a partner) need no association record.
  if (getForm(event.pathParameters?.formId ?? '')?.submittedBy === 'association') {
    if (submissionRefusal(await associations.get(partnerId, true)) !== undefined) throw new HttpProblem(403, 'associationNotActive');
  }
  return acceptSubmission(event, language, store, noticeConfig, { partnerId, submittedBy: principal.sub });
});
