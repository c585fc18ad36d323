// One-off, run by an operator after deploying the indicators (docs/indicators.md): cases written
// before the consumer existed are counted once, as the consumer counts a new image (`countCase`: the
// contributions of the case as it stands, the counters' deltas and the case's state in one
// transaction conditioned on its version). A Scan, so never on a request path: run it with the
// operator's own credentials, e.g. `TABLE_NAME=... npm run maintenance:backfill-indicators`.
// Idempotent and safe beside the live consumer: a case the consumer has already counted at this
// version (or a newer one) is 'stale' and left as it is; one that changes meanwhile is counted again
// by the consumer from its new image. What it cannot recover: the days spent in the stages a case
// left before the consumer existed (only its current stage is known, counted from its last change).
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { scanEntities } from './scan-entities.ts';
import { caseFromItem } from '../functions/adapters/dynamodb/items.ts';
import { DynamoIndicatorStore } from '../functions/adapters/dynamodb/indicator-store.ts';
import { countCase } from '../domain/indicators/contributions.ts';

export interface IndicatorBackfillCount {
  /** Cases counted now. */
  counted: number;
  /** Cases the consumer had already counted at this version or later. */
  alreadyCounted: number;
}

export async function backfillIndicators(client: DynamoDBDocumentClient, tableName: string): Promise<IndicatorBackfillCount> {
  const store = new DynamoIndicatorStore(client, tableName);
  const count: IndicatorBackfillCount = { counted: 0, alreadyCounted: 0 };
  for await (const item of scanEntities(client, tableName, 'Case')) {
    if ((await countCase(caseFromItem(item), store)) === 'applied') count.counted++;
    else count.alreadyCounted++;
  }
  return count;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const tableName = process.env.TABLE_NAME;
  if (!tableName) throw new Error('TABLE_NAME is required');
  const client = DynamoDBDocumentClient.from(new DynamoDBClient({}), { marshallOptions: { removeUndefinedValues: true } });
  const { counted, alreadyCounted } = await backfillIndicators(client, tableName);
  console.log(`indicators: ${counted} cases counted (${alreadyCounted} already counted by the consumer)`);
}
