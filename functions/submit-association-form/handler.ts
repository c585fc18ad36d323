// POST /associations/{associationId}/forms/{formId}/submissions — an association's form (youth
// enrolment, capacity assessment) submitted for that association: by mission staff on its behalf
// (the history's actor is the staff user), or by its own staff. The case is the association's.
// Unknown association (or another association's user): 404; deactivated: 409; a form that is not
// an association's: 404 (`associationFormNotFound`).
import { documentClient } from '../commons/clients.ts';
import { noticeConfigFromEnv, requiredEnv } from '../commons/config.ts';
import { fieldCipherFromEnv } from '../commons/sensitive-fields.ts';
import { principalOf } from '../commons/auth.ts';
import { httpHandler, pathParameters } from '../commons/http.ts';
import { HttpProblem } from '../commons/problems.ts';
import { acceptSubmission } from '../commons/submission.ts';
import { associationFormPathSchema } from '../commons/api-schemas.ts';
import { DynamoIntakeStore } from '../adapters/dynamodb/intake-store.ts';
import { DynamoAssociationStore } from '../adapters/dynamodb/association-store.ts';
import { getForm } from '../../domain/forms/index.ts';
import { isStaff } from '../../domain/access/roles.ts';
import { associationScope, maySubmitFor } from '../../domain/associations/access.ts';
import { submissionRefusal } from '../../domain/associations/association.ts';

const store = new DynamoIntakeStore(documentClient, requiredEnv('TABLE_NAME'), fieldCipherFromEnv());
const associations = new DynamoAssociationStore(documentClient, requiredEnv('TABLE_NAME'));
// Read at cold start: each submission records the notice it was shown (version, language, CNDP reference).
const noticeConfig = noticeConfigFromEnv();

export const handler = httpHandler(async (event, { language }) => {
  const principal = principalOf(event);
  const scope = associationScope(principal);
  if (scope.kind === 'none') throw new HttpProblem(403, 'associationsNotAllowed');
  const { associationId, formId } = pathParameters(event, associationFormPathSchema);
  if (!maySubmitFor(scope, associationId)) throw new HttpProblem(404, 'notFound');
  // Every version of an association's form says so: the latest tells.
  if (getForm(formId)?.submittedBy !== 'association') throw new HttpProblem(404, 'associationFormNotFound');
  const refusal = submissionRefusal(await associations.get(associationId, true));
  if (refusal === 'unknown') throw new HttpProblem(404, 'notFound');
  if (refusal === 'inactive') throw new HttpProblem(409, 'associationInactive');
  const submitterKind = isStaff(principal) ? 'staff' : 'partner';
  return acceptSubmission(event, language, store, noticeConfig, { partnerId: associationId, submittedBy: principal.sub, submitterKind });
});
