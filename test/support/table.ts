// A fresh casework table in the run's DynamoDB Local, created from the CDK definition.
import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { inject } from 'vitest';
import { synthesizeLocalAssembly } from '../../local/cloud-assembly.ts';
import { LOCAL_CREDENTIALS } from '../../local/dynamodb-local.ts';
import { ensureTables } from '../../local/tables.ts';

export async function freshTable(): Promise<{ tableName: string; client: DynamoDBClient; documentClient: DynamoDBDocumentClient }> {
  const assembly = synthesizeLocalAssembly({
    region: 'eu-west-3',
    accountId: '000000000000',
    tablePrefix: `it${randomUUID().slice(0, 8)}-`,
  });
  const client = new DynamoDBClient({ endpoint: inject('dynamodbEndpoint'), region: 'eu-west-3', credentials: LOCAL_CREDENTIALS });
  await ensureTables(client, assembly.tables);
  const documentClient = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
  return { tableName: assembly.tables[0]!.tableName, client, documentClient };
}
