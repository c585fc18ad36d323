// One-off, run by an operator after deploying the partner lists (GSI2): cases a partner's own staff
// submitted, and cases with shares, written before, get their list entries, `partnerAccess` and
// partner queue entries. A Scan, so never on a request path: run it with the operator's own
// credentials, e.g. `TABLE_NAME=... npx tsx scripts/backfill-partner-access.ts`. Idempotent.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { DynamoShareStore } from '../functions/adapters/dynamodb/share-store.ts';

/** Refreshes every case with a partner or a share; answers how many. */
export async function backfillPartnerAccess(client: DynamoDBDocumentClient, tableName: string, now: Date): Promise<number> {
  const caseIds = new Set<string>();
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await client.send(
      new ScanCommand({
        TableName: tableName,
        FilterExpression: '(#entity = :case AND attribute_exists(partnerId)) OR #entity = :share',
        ExpressionAttributeNames: { '#entity': 'entity' },
        ExpressionAttributeValues: { ':case': 'Case', ':share': 'CaseShare' },
        ProjectionExpression: 'caseId',
        ExclusiveStartKey,
      }),
    );
    for (const item of page.Items ?? []) caseIds.add(item.caseId as string);
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  const shares = new DynamoShareStore(client, tableName);
  for (const caseId of caseIds) await shares.refreshAccess(caseId, now);
  return caseIds.size;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const tableName = process.env.TABLE_NAME;
  if (!tableName) throw new Error('TABLE_NAME is required');
  const client = DynamoDBDocumentClient.from(new DynamoDBClient({}), { marshallOptions: { removeUndefinedValues: true } });
  const count = await backfillPartnerAccess(client, tableName, new Date());
  console.log(`partner access refreshed for ${count} cases`);
}
