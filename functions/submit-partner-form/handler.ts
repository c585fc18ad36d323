// POST /partner/forms/{formId}/submissions — a partner association's own staff submit a form for
// their association: the case is the association's (from the caller's token, never the body).
import { documentClient } from '../commons/clients.ts';
import { clock } from '../commons/clock.ts';
import { requiredEnv } from '../commons/config.ts';
import { principalOf } from '../commons/auth.ts';
import { header, httpHandler, json, readJsonBody } from '../commons/http.ts';
import { HttpProblem } from '../commons/problems.ts';
import { MAX_SUBMISSION_BYTES, formVersionSchema, idempotencyKeySchema } from '../commons/api-schemas.ts';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { logger, metrics } from '../commons/powertools.ts';
import { DynamoIntakeStore } from '../adapters/dynamodb/intake-store.ts';
import { submitForm } from '../../domain/intake/submit-form.ts';
import { partnerOf } from '../../domain/access/roles.ts';

const store = new DynamoIntakeStore(documentClient, requiredEnv('TABLE_NAME'));

export const handler = httpHandler(async (event, { language }) => {
  const principal = principalOf(event);
  const partnerId = partnerOf(principal);
  if (partnerId === undefined) throw new HttpProblem(403, 'roleNotAllowed');
  const idempotencyKey = header(event, 'idempotency-key');
  if (idempotencyKey === undefined) throw new HttpProblem(400, 'idempotencyKeyMissing');
  if (!idempotencyKeySchema.safeParse(idempotencyKey).success) throw new HttpProblem(400, 'idempotencyKeyInvalid');
  const { raw, value } = readJsonBody(event, MAX_SUBMISSION_BYTES, language);
  const formId = event.pathParameters?.formId ?? '';
  const versionParam = event.queryStringParameters?.version;

  const { receipt, replayed } = await submitForm(
    {
      formId,
      ...(versionParam !== undefined ? { version: formVersionSchema.safeParse(versionParam).data ?? -1 } : {}),
      rawBody: raw,
      body: value,
      idempotencyKey,
      language,
      partnerId,
      submittedBy: principal.sub,
    },
    { store, now: clock.now },
  );

  logger.info('partner submission accepted', { caseId: receipt.caseId, formId: receipt.formId, partnerId, replayed });
  metrics.addMetric(replayed ? 'SubmissionReplayed' : 'SubmissionAccepted', MetricUnit.Count, 1);
  return json(201, receipt, {
    location: `/cases/${receipt.caseId}`,
    ...(replayed ? { 'idempotent-replayed': 'true' } : {}),
  });
});
