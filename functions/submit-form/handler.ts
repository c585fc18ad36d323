// POST /forms/{formId}/submissions — a web form submits; a case exists.
import { documentClient } from '../commons/clients.ts';
import { clock } from '../commons/clock.ts';
import { requiredEnv } from '../commons/config.ts';
import { header, httpHandler, json, readJsonBody } from '../commons/http.ts';
import { HttpProblem } from '../commons/problems.ts';
import { MAX_SUBMISSION_BYTES, formVersionSchema, idempotencyKeySchema } from '../commons/api-schemas.ts';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { logger, metrics } from '../commons/powertools.ts';
import { DynamoIntakeStore } from '../adapters/dynamodb/intake-store.ts';
import { submitForm } from '../../domain/intake/submit-form.ts';

const store = new DynamoIntakeStore(documentClient, requiredEnv('TABLE_NAME'));

export const handler = httpHandler(async (event, { language }) => {
  const idempotencyKey = header(event, 'idempotency-key');
  if (idempotencyKey === undefined) throw new HttpProblem(400, 'idempotencyKeyMissing');
  if (!idempotencyKeySchema.safeParse(idempotencyKey).success) throw new HttpProblem(400, 'idempotencyKeyInvalid');
  const { raw, value } = readJsonBody(event, MAX_SUBMISSION_BYTES, language);
  const formId = event.pathParameters?.formId ?? '';
  const versionParam = event.queryStringParameters?.version;

  const { receipt, replayed } = await submitForm(
    {
      formId,
      ...(versionParam !== undefined ? { version: parseVersion(versionParam) } : {}),
      rawBody: raw,
      body: value,
      idempotencyKey,
      language,
    },
    { store, now: clock.now },
  );

  logger.info('submission accepted', { caseId: receipt.caseId, formId: receipt.formId, replayed });
  metrics.addMetric(replayed ? 'SubmissionReplayed' : 'SubmissionAccepted', MetricUnit.Count, 1);
  return json(201, receipt, {
    location: `/cases/${receipt.caseId}`,
    ...(replayed ? { 'idempotent-replayed': 'true' } : {}),
  });
});

function parseVersion(value: string): number {
  // A version that is not a positive integer names no version: -1 makes the domain answer 404.
  return formVersionSchema.safeParse(value).data ?? -1;
}
