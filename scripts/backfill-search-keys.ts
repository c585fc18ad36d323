// One-off, run by an operator after deploying the person search (docs/search.md): persons written
// before it get their search entries (names' tokens, phone). Identity documents need nothing: the
// search reads the identity index, written since intake first stored persons. A Scan, so never on a
// request path: run it with the operator's own credentials, e.g.
// `TABLE_NAME=... npx tsx scripts/backfill-search-keys.ts`. Idempotent (entries are put again as they
// are), and safe beside live traffic: each person's entries are written in one transaction conditional
// on the person as read (not erased, not corrected since), so an erasure or a correction meanwhile
// wins and the person is skipped (a correction writes the entries itself).
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { scanEntities } from './scan-entities.ts';
import { personFromItem, searchEntryItems } from '../functions/adapters/dynamodb/items.ts';
import { keys } from '../functions/adapters/dynamodb/keys.ts';
import { isConditionFailure, transact } from '../functions/adapters/dynamodb/transactions.ts';

export interface BackfillCount {
  /** Persons given their entries. */
  indexed: number;
  /** Persons changed or erased between the read and the write: left to the change itself. */
  skipped: number;
}

export async function backfillSearchKeys(client: DynamoDBDocumentClient, tableName: string): Promise<BackfillCount> {
  const count: BackfillCount = { indexed: 0, skipped: 0 };
  for await (const item of scanEntities(client, tableName, 'Person', 'attribute_not_exists(erasedAt)')) {
    // Without the field key: sealed answers stay sealed and are dropped; names and phone are not sealed.
    const person = await personFromItem(item);
    const entries = searchEntryItems(person);
    if (entries.length === 0) continue;
    const asRead = person.updatedAt !== undefined ? 'updatedAt = :read' : 'attribute_not_exists(updatedAt)';
    try {
      await transact(client, [
        {
          ConditionCheck: {
            TableName: tableName,
            Key: keys.person(person.caseId, person.personId),
            ConditionExpression: `attribute_exists(PK) AND attribute_not_exists(erasedAt) AND ${asRead}`,
            ...(person.updatedAt !== undefined ? { ExpressionAttributeValues: { ':read': person.updatedAt } } : {}),
          },
        },
        ...entries.map((Item) => ({ Put: { TableName: tableName, Item } })),
      ]);
      count.indexed++;
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      count.skipped++;
    }
  }
  return count;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const tableName = process.env.TABLE_NAME;
  if (!tableName) throw new Error('TABLE_NAME is required');
  const client = DynamoDBDocumentClient.from(new DynamoDBClient({}), { marshallOptions: { removeUndefinedValues: true } });
  const { indexed, skipped } = await backfillSearchKeys(client, tableName);
  console.log(`search entries written for ${indexed} persons (${skipped} changed meanwhile, left to their change)`);
}
