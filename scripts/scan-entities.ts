// The operator-run maintenance scripts' one way of reading the table whole: every item of an entity,
// page by page (a Scan: never on a request path; the scripts run once, by hand, on a quiet table).
import { paginateScan, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/** Every item whose `entity` is `entity` (and that meets `alsoWhere`, a filter on the item), one page at a time. */
export async function* scanEntities(
  client: DynamoDBDocumentClient,
  tableName: string,
  entity: string,
  alsoWhere?: string,
): AsyncGenerator<Record<string, unknown>> {
  const pages = paginateScan(
    { client },
    {
      TableName: tableName,
      FilterExpression: alsoWhere ? `#entity = :entity AND ${alsoWhere}` : '#entity = :entity',
      ExpressionAttributeNames: { '#entity': 'entity' },
      ExpressionAttributeValues: { ':entity': entity },
    },
  );
  for await (const page of pages) yield* page.Items ?? [];
}
