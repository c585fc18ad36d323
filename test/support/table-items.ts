// Every item of a local system's table (a test-only Scan): to check what was, or was not, stored.
import { DynamoDBClient, paginateScan } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { LocalSystem } from '../../local/system.ts';

export async function itemsOfTable(system: Pick<LocalSystem, 'endpoints' | 'assembly'>): Promise<Record<string, unknown>[]> {
  const client = new DynamoDBClient({
    endpoint: system.endpoints.dynamodb,
    region: 'eu-west-3',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  try {
    const items: Record<string, unknown>[] = [];
    for await (const page of paginateScan({ client }, { TableName: system.assembly.tables[0]!.tableName, ConsistentRead: true })) {
      items.push(...(page.Items ?? []).map((item) => unmarshall(item)));
    }
    return items;
  } finally {
    client.destroy();
  }
}
