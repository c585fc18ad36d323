// Creates the DynamoDB Local tables from the definitions CDK synthesized (idempotent).
import {
  CreateTableCommand,
  DescribeTableCommand,
  ResourceInUseException,
  UpdateTableCommand,
  UpdateTimeToLiveCommand,
  type CreateTableCommandInput,
  type DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import type { TableDefinition } from './cloud-assembly.ts';

export function createTableInput(table: TableDefinition): CreateTableCommandInput {
  const p = table.properties as unknown as CreateTableCommandInput & {
    GlobalSecondaryIndexes?: CreateTableCommandInput['GlobalSecondaryIndexes'];
  };
  return {
    TableName: table.tableName,
    KeySchema: p.KeySchema,
    AttributeDefinitions: p.AttributeDefinitions,
    BillingMode: 'PAY_PER_REQUEST',
    ...(p.StreamSpecification
      ? { StreamSpecification: { StreamEnabled: true, StreamViewType: p.StreamSpecification.StreamViewType } }
      : {}),
    ...(p.GlobalSecondaryIndexes?.length
      ? {
          GlobalSecondaryIndexes: p.GlobalSecondaryIndexes.map((index) => ({
            IndexName: index.IndexName,
            KeySchema: index.KeySchema,
            Projection: index.Projection,
          })),
        }
      : {}),
  };
}

export async function ensureTables(client: DynamoDBClient, tables: TableDefinition[]): Promise<void> {
  for (const table of tables) {
    try {
      await client.send(new CreateTableCommand(createTableInput(table)));
    } catch (error) {
      if (!(error instanceof ResourceInUseException)) throw error;
      // Kept from an earlier run (data persists between restarts): make sure its stream is on.
      const input = createTableInput(table);
      const existing = await client.send(new DescribeTableCommand({ TableName: table.tableName }));
      if (input.StreamSpecification && !existing.Table?.StreamSpecification?.StreamEnabled) {
        await client.send(new UpdateTableCommand({ TableName: table.tableName, StreamSpecification: input.StreamSpecification }));
      }
      // An index added since (one per update, as DynamoDB requires): the data kept is indexed too.
      const present = new Set((existing.Table?.GlobalSecondaryIndexes ?? []).map((index) => index.IndexName));
      for (const index of input.GlobalSecondaryIndexes ?? []) {
        if (present.has(index.IndexName)) continue;
        await client.send(
          new UpdateTableCommand({
            TableName: table.tableName,
            AttributeDefinitions: input.AttributeDefinitions,
            GlobalSecondaryIndexUpdates: [
              { Create: { IndexName: index.IndexName, KeySchema: index.KeySchema, Projection: index.Projection } },
            ],
          }),
        );
      }
      continue;
    }
    const ttl = (table.properties.TimeToLiveSpecification ?? undefined) as { AttributeName?: string; Enabled?: boolean } | undefined;
    if (ttl?.Enabled && ttl.AttributeName) {
      await client.send(
        new UpdateTimeToLiveCommand({
          TableName: table.tableName,
          TimeToLiveSpecification: { AttributeName: ttl.AttributeName, Enabled: true },
        }),
      );
    }
    await client.send(new DescribeTableCommand({ TableName: table.tableName }));
  }
}
