// POST /remittances/sessions — a caseworker or supervisor records a financial-literacy session on
// remittances: its day in Morocco (not after today), city, venue, the association that co-organised
// it (a registered one, checked in the same transaction), the facilitator's position, the topics and
// how many people attended by sex and age group. No attendee is named. docs/remittances.md
import { randomUUID } from 'node:crypto';
import { documentClient } from '../commons/clients.ts';
import { clock } from '../commons/clock.ts';
import { requiredEnv } from '../commons/config.ts';
import { principalOf } from '../commons/auth.ts';
import { httpHandler, json, readJsonBody } from '../commons/http.ts';
import { HttpProblem } from '../commons/problems.ts';
import { logger } from '../commons/powertools.ts';
import { DynamoRemittanceStore } from '../adapters/dynamodb/remittance-store.ts';
import { missionDate } from '../../domain/calendar.ts';
import { mayRecordSessions } from '../../domain/remittances/access.ts';
import { checkSession, newSession, sessionFieldLabel } from '../../domain/remittances/sessions.ts';
import { t } from '../../domain/i18n/index.ts';

const store = new DynamoRemittanceStore(documentClient, requiredEnv('TABLE_NAME'));

export const handler = httpHandler(async (event, { language }) => {
  const principal = principalOf(event);
  if (!mayRecordSessions(principal)) throw new HttpProblem(403, 'remittanceSessionRecordingNotAllowed');
  const now = clock.now();
  const checked = checkSession(readJsonBody(event, 16 * 1024, language).value, missionDate(now), language);
  if (!checked.ok) throw new HttpProblem(422, 'requestInvalid', { count: checked.errors.length }, checked.errors);
  const record = newSession(checked.value, randomUUID(), principal.sub, now);
  if ((await store.recordSession(record)) === 'unknown-association') {
    const label = sessionFieldLabel('/partnerId')!;
    const field = t('field.subject.labelled', language, { label: label[language] });
    const message = t('field.custom.association_unknown', language, { field });
    throw new HttpProblem(422, 'requestInvalid', { count: 1 }, [{ pointer: '/partnerId', code: 'association_unknown', message }]);
  }
  logger.info('remittance session recorded', { sessionId: record.sessionId, attendees: record.attendees });
  return json(201, record);
});
