// POST /remittances/sessions — a caseworker or supervisor records a financial-literacy session on
// remittances: its day in Morocco (not after today), city, venue, the association that co-organised
// it (a registered one, checked in the same transaction), the facilitator's position, the topics and
// how many people attended by sex and age group. No attendee is named. docs/remittances.md
import { randomUUID } from 'node:crypto';
import { documentClient } from '../commons/clients.ts';
import { clock } from '../commons/clock.ts';
import { requiredEnv } from '../commons/config.ts';
import { principalOf } from '../commons/auth.ts';
import { header, httpHandler, json, readJsonBody } from '../commons/http.ts';
import { idempotencyKeySchema } from '../commons/api-schemas.ts';
import { HttpProblem } from '../commons/problems.ts';
import { logger } from '../commons/powertools.ts';
import { DynamoRemittanceStore } from '../adapters/dynamodb/remittance-store.ts';
import { missionDate } from '../../domain/calendar.ts';
import { mayRecordSessions } from '../../domain/remittances/access.ts';
import { checkSession, recordSessionOnce, sessionFieldLabel } from '../../domain/remittances/sessions.ts';
import { t } from '../../domain/i18n/index.ts';

const store = new DynamoRemittanceStore(documentClient, requiredEnv('TABLE_NAME'));

export const handler = httpHandler(async (event, { language }) => {
  const principal = principalOf(event);
  if (!mayRecordSessions(principal)) throw new HttpProblem(403, 'remittanceSessionRecordingNotAllowed');
  // Optional: with it, the same key and body answer the first session again (no second one).
  const idempotencyKey = header(event, 'idempotency-key');
  if (idempotencyKey !== undefined && !idempotencyKeySchema.safeParse(idempotencyKey).success)
    throw new HttpProblem(400, 'idempotencyKeyInvalid');
  const now = clock.now();
  const body = readJsonBody(event, 16 * 1024, language).value;
  const checked = checkSession(body, missionDate(now), language);
  if (!checked.ok) throw new HttpProblem(422, 'requestInvalid', { count: checked.errors.length }, checked.errors);
  const result = await recordSessionOnce(
    { input: checked.value, body, by: principal.sub, sessionId: randomUUID(), ...(idempotencyKey !== undefined ? { idempotencyKey } : {}) },
    { store, now },
  );
  if (result.outcome === 'unknown-association') {
    const label = sessionFieldLabel('/partnerId')!;
    const field = t('field.subject.labelled', language, { label: label[language] });
    const message = t('field.custom.association_unknown', language, { field });
    throw new HttpProblem(422, 'requestInvalid', { count: 1 }, [{ pointer: '/partnerId', code: 'association_unknown', message }]);
  }
  const { session, replayed } = result;
  logger.info('remittance session recorded', { sessionId: session.sessionId, attendees: session.attendees, replayed });
  return json(201, session, replayed ? { 'idempotent-replayed': 'true' } : {});
});
