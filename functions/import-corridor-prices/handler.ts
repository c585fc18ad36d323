// POST /remittances/corridor-prices (content-type: text/csv) — a supervisor or administrator imports a
// corridor price snapshot file (World Bank Remittance Prices Worldwide columns). Every row is
// checked first: one bad row and nothing is stored (422 listing every bad row and column). Each
// price replaces the one of the same quarter, corridor, provider and instrument. docs/remittances.md
import { documentClient } from '../commons/clients.ts';
import { clock } from '../commons/clock.ts';
import { requiredEnv } from '../commons/config.ts';
import { principalOf } from '../commons/auth.ts';
import { header, httpHandler, json } from '../commons/http.ts';
import { HttpProblem } from '../commons/problems.ts';
import { logger } from '../commons/powertools.ts';
import { DynamoRemittanceStore } from '../adapters/dynamodb/remittance-store.ts';
import { missionDate } from '../../domain/calendar.ts';
import { mayImportCorridorPrices } from '../../domain/remittances/access.ts';
import { MAX_CSV_BYTES, corridorsOf, notUtf8Error, parseCorridorPrices } from '../../domain/remittances/corridor-prices.ts';

const store = new DynamoRemittanceStore(documentClient, requiredEnv('TABLE_NAME'));
const csvMediaType = /^text\/csv\s*(;.*)?$/i;
const utf8 = new TextDecoder('utf-8', { fatal: true });

export const handler = httpHandler(async (event, { language }) => {
  const principal = principalOf(event);
  if (!mayImportCorridorPrices(principal)) throw new HttpProblem(403, 'corridorPricesImportNotAllowed');
  const contentType = header(event, 'content-type');
  if (!contentType || !csvMediaType.test(contentType.trim())) throw new HttpProblem(415, 'csvRequired');
  const bytes = Buffer.from(event.body ?? '', event.isBase64Encoded ? 'base64' : 'utf8');
  if (bytes.length > MAX_CSV_BYTES) throw new HttpProblem(413, 'payloadTooLarge', { limit: MAX_CSV_BYTES });
  // A body API Gateway hands over as text was already decoded: bytes that were not UTF-8 are
  // replacement characters by then (U+FFFD), which no price file holds.
  let text: string | undefined;
  try {
    text = utf8.decode(bytes);
  } catch {
    text = undefined;
  }
  if (text === undefined || text.includes('\uFFFD'))
    throw new HttpProblem(422, 'corridorPricesInvalid', { count: 1 }, [notUtf8Error(language)]);
  const now = clock.now();
  const parsed = parseCorridorPrices(text, missionDate(now), language);
  if (!parsed.ok) throw new HttpProblem(422, 'corridorPricesInvalid', { count: parsed.errors.length }, parsed.errors);
  await store.importPrices(parsed.prices, principal.sub, now);
  const corridors = corridorsOf(parsed.prices);
  logger.info('corridor prices imported', { prices: parsed.prices.length, corridors: corridors.length, by: principal.sub });
  return json(200, { imported: parsed.prices.length, corridors });
});
