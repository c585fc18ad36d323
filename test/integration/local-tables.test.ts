// The local runtime's tables against DynamoDB Local: data kept from an earlier run gets the indexes
// added since (a partner's list, GSI2, on a table created before it).
import { randomUUID } from 'node:crypto';
import { CreateTableCommand, DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { inject, expect, it } from 'vitest';
import { synthesizeLocalAssembly } from '../../local/cloud-assembly.ts';
import { LOCAL_CREDENTIALS } from '../../local/dynamodb-local.ts';
import { createTableInput, ensureTables } from '../../local/tables.ts';

it('adds an index missing from a table kept from an earlier run', async () => {
  const assembly = synthesizeLocalAssembly({
    region: 'eu-west-3',
    accountId: '000000000000',
    tablePrefix: `lt${randomUUID().slice(0, 8)}-`,
  });
  const client = new DynamoDBClient({ endpoint: inject('dynamodbEndpoint'), region: 'eu-west-3', credentials: LOCAL_CREDENTIALS });
  const table = assembly.tables[0]!;
  const full = createTableInput(table);
  const older = full.GlobalSecondaryIndexes!.filter((index) => index.IndexName === 'GSI1');
  await client.send(
    new CreateTableCommand({
      ...full,
      GlobalSecondaryIndexes: older,
      AttributeDefinitions: full.AttributeDefinitions!.filter((a) => !a.AttributeName!.startsWith('GSI2')),
    }),
  );

  await ensureTables(client, assembly.tables);

  const { Table } = await client.send(new DescribeTableCommand({ TableName: table.tableName }));
  expect((Table?.GlobalSecondaryIndexes ?? []).map((index) => index.IndexName).sort()).toEqual(['GSI1', 'GSI2']);
});
