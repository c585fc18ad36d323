// POST /cases/{caseId}/persons/{personId}/corrections — rectification (law 09-08, art. 8) by the
// data-protection officer or a supervisor: the new values stored, each checked by the form's schema
// for that field; the old ones kept on an audit item only; the history says which fields changed.
import { documentClient } from '../commons/clients.ts';
import { clock } from '../commons/clock.ts';
import { requiredEnv } from '../commons/config.ts';
import { fieldCipherFromEnv } from '../commons/sensitive-fields.ts';
import { principalOf } from '../commons/auth.ts';
import { hasAnyRole } from '../../domain/access/roles.ts';
import { httpHandler, json, pathParameters, readJsonBody } from '../commons/http.ts';
import { HttpProblem, invalidRequest } from '../commons/problems.ts';
import { correctionRequestSchema, personPathSchema } from '../commons/api-schemas.ts';
import { logger } from '../commons/powertools.ts';
import { DynamoPrivacyStore } from '../adapters/dynamodb/privacy-store.ts';
import { planCorrection } from '../../domain/privacy/correction.ts';
import { getForm } from '../../domain/forms/index.ts';

// The sensitive-fields key: an export opens the sensitive answers; a correction keeps them sealed.
const store = new DynamoPrivacyStore(documentClient, requiredEnv('TABLE_NAME'), fieldCipherFromEnv());

export const handler = httpHandler(async (event, { language }) => {
  const principal = principalOf(event);
  if (!hasAnyRole(principal, 'data-protection', 'supervisor')) throw new HttpProblem(403, 'roleNotAllowed');
  const { caseId, personId } = pathParameters(event, personPathSchema);
  const body = correctionRequestSchema.safeParse(readJsonBody(event, 16384, language).value);
  if (!body.success) throw invalidRequest(422, body.error.issues, language);
  const [found, persons] = await Promise.all([store.getCase(caseId), store.getPersons(caseId)]);
  const person = persons.find((p) => p.personId === personId);
  if (!found || !person) throw new HttpProblem(404, 'notFound');
  const plan = planCorrection({
    person,
    form: getForm(found.formId, found.formVersion),
    changes: body.data.changes,
    by: principal,
    now: clock.now(),
    language,
  });
  if (!(await store.saveCorrection(person, plan.person, plan.audit, plan.event))) throw new HttpProblem(409, 'conflict');
  logger.info('person corrected', { caseId, personId, by: principal.sub, fields: plan.audit.changes.length });
  return json(200, { caseId, personId, auditId: plan.audit.auditId, paths: plan.audit.changes.map((c) => c.path), data: plan.person.data });
});
