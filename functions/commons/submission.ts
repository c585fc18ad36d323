// The HTTP side of a submission, shared by the public route and the partner route: the
// Idempotency-Key, the strict body read, the form version, the intake use case and the 201 answer.
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { isLanguage, type Language } from '../../domain/i18n/index.ts';
import type { NoticeConfig } from '../../domain/forms/index.ts';
import { submitForm, type IntakeStore } from '../../domain/intake/submit-form.ts';
import { clock } from './clock.ts';
import { header, json, readJsonBody, type HttpEvent, type HttpResult } from './http.ts';
import { HttpProblem } from './problems.ts';
import { MAX_SUBMISSION_BYTES, formVersionSchema, idempotencyKeySchema } from './api-schemas.ts';
import { logger, metrics } from './powertools.ts';

/**
 * Who submits for an association: set only from an authenticated caller, never from the body: the
 * association's own staff (partner route), or mission staff on its behalf (`submitterKind: 'staff'`).
 */
export interface SubmittingPartner {
  partnerId: string;
  submittedBy: string;
  submitterKind?: 'partner' | 'staff';
}

export async function acceptSubmission(
  event: HttpEvent,
  language: Language,
  store: IntakeStore,
  noticeConfig: NoticeConfig,
  partner?: SubmittingPartner,
): Promise<HttpResult> {
  const idempotencyKey = header(event, 'idempotency-key');
  if (idempotencyKey === undefined) throw new HttpProblem(400, 'idempotencyKeyMissing');
  if (!idempotencyKeySchema.safeParse(idempotencyKey).success) throw new HttpProblem(400, 'idempotencyKeyInvalid');
  // Which language the form showed the notice in; without the header, the one this API would show.
  const noticeLanguage = header(event, 'notice-language');
  if (noticeLanguage !== undefined && !isLanguage(noticeLanguage)) throw new HttpProblem(400, 'noticeLanguageInvalid');
  const { raw, value } = readJsonBody(event, MAX_SUBMISSION_BYTES, language);
  const versionParam = event.queryStringParameters?.version;

  const { receipt, replayed } = await submitForm(
    {
      formId: event.pathParameters?.formId ?? '',
      ...(versionParam !== undefined ? { version: parseVersion(versionParam) } : {}),
      rawBody: raw,
      body: value,
      idempotencyKey,
      language,
      ...(partner ?? {}),
      notice: {
        config: noticeConfig,
        language: noticeLanguage ?? language,
        languageSource: noticeLanguage !== undefined ? 'notice-language-header' : 'accept-language',
      },
    },
    { store, now: clock.now },
  );

  logger.info('submission accepted', { caseId: receipt.caseId, formId: receipt.formId, partnerId: partner?.partnerId, replayed });
  metrics.addMetric(replayed ? 'SubmissionReplayed' : 'SubmissionAccepted', MetricUnit.Count, 1);
  return json(201, receipt, {
    location: `/cases/${receipt.caseId}`,
    ...(replayed ? { 'idempotent-replayed': 'true' } : {}),
  });
}

function parseVersion(value: string): number {
  // A version that is not a positive integer names no version: -1 makes the domain answer 404.
  return formVersionSchema.safeParse(value).data ?? -1;
}
