// GET /remittances/sessions?from=&to=&city=&limit=&cursor= — mission staff read the financial-literacy
// sessions of a period (days in Morocco, inclusive; to defaults to today), by date, one page, with
// the attendance totals by sex and age group over the whole period (not only the page).
import { documentClient } from '../commons/clients.ts';
import { clock } from '../commons/clock.ts';
import { requiredEnv } from '../commons/config.ts';
import { principalOf } from '../commons/auth.ts';
import { httpHandler, json } from '../commons/http.ts';
import { HttpProblem, invalidRequest } from '../commons/problems.ts';
import { remittanceSessionQuerySchema } from '../commons/api-schemas.ts';
import { cursorBinding, pageCursors } from '../commons/cursor.ts';
import { DynamoRemittanceStore } from '../adapters/dynamodb/remittance-store.ts';
import { missionDate } from '../../domain/calendar.ts';
import { mayReadRemittanceInformation } from '../../domain/remittances/access.ts';
import { attendanceTotals } from '../../domain/remittances/sessions.ts';

const store = new DynamoRemittanceStore(documentClient, requiredEnv('TABLE_NAME'));
const cursors = pageCursors();
/** Before any session: the lower bound of a period given without a start. */
const EARLIEST = '0000-01-01';

export const handler = httpHandler(async (event, { language }) => {
  const principal = principalOf(event);
  if (!mayReadRemittanceInformation(principal)) throw new HttpProblem(403, 'remittanceInformationNotAllowed');
  const parsed = remittanceSessionQuerySchema.safeParse(event.queryStringParameters ?? {});
  if (!parsed.success) throw invalidRequest(400, parsed.error.issues, language);
  const { from, city, limit } = parsed.data;
  const to = parsed.data.to ?? missionDate(clock.now());
  // Bound to the period as read (a default end is today's): tomorrow's first page starts afresh.
  const binding = cursorBinding('GET /remittances/sessions', { from, to, city });
  const cursor = await cursors.open(parsed.data.cursor, binding, language);
  const period = { from: from ?? EARLIEST, to, ...(city !== undefined ? { city } : {}) };
  // A start after the default end (today): an empty period, not a key range DynamoDB refuses.
  const empty = period.from > period.to;
  const [page, attendance] = empty
    ? [{ items: [] }, []]
    : await Promise.all([store.listSessions(period, { limit, ...(cursor !== undefined ? { cursor } : {}) }), store.attendanceOf(period)]);
  const next = await cursors.seal(page.next, binding);
  return json(
    200,
    {
      items: page.items,
      ...(next ? { next } : {}),
      period: { ...(from !== undefined ? { from } : {}), to, ...(city !== undefined ? { city } : {}) },
      totals: attendanceTotals(attendance),
    },
    { 'cache-control': 'no-store' },
  );
});
