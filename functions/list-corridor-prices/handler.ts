// GET /remittances/corridor-prices?from=FR[&to=MA][&quarter=2026Q3] — mission staff read a corridor's
// prices in a quarter (the latest imported by default), cheapest first by total cost, each flagged
// against the SDG 10.c target (less than 3 %): what they show people. Queries on keys only.
import { documentClient } from '../commons/clients.ts';
import { requiredEnv } from '../commons/config.ts';
import { principalOf } from '../commons/auth.ts';
import { httpHandler, json } from '../commons/http.ts';
import { HttpProblem, invalidRequest } from '../commons/problems.ts';
import { corridorPriceQuerySchema } from '../commons/api-schemas.ts';
import { DynamoRemittanceStore } from '../adapters/dynamodb/remittance-store.ts';
import { mayReadRemittanceInformation } from '../../domain/remittances/access.ts';
import { SDG_TARGET_PERCENT, cheapestFirst } from '../../domain/remittances/corridor-prices.ts';

const store = new DynamoRemittanceStore(documentClient, requiredEnv('TABLE_NAME'));

export const handler = httpHandler(async (event, { language }) => {
  const principal = principalOf(event);
  if (!mayReadRemittanceInformation(principal)) throw new HttpProblem(403, 'remittanceInformationNotAllowed');
  const parsed = corridorPriceQuerySchema.safeParse(event.queryStringParameters ?? {});
  if (!parsed.success) throw invalidRequest(400, parsed.error.issues, language);
  const { from, to } = parsed.data;
  const quarter = parsed.data.quarter ?? (await store.latestQuarter(from, to));
  const items = quarter === undefined ? [] : cheapestFirst(await store.prices(from, to, quarter));
  return json(200, { from, to, quarter: quarter ?? null, sdgTargetPercent: SDG_TARGET_PERCENT, items }, { 'cache-control': 'no-store' });
});
