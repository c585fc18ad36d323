// A fresh casework table in the run's DynamoDB Local, created from the CDK definition.
import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { inject } from 'vitest';
import { synthesizeLocalAssembly } from '../../local/cloud-assembly.ts';
import { LOCAL_CREDENTIALS } from '../../local/dynamodb-local.ts';
import { ensureTables } from '../../local/tables.ts';
import { DynamoAssociationStore } from '../../functions/adapters/dynamodb/association-store.ts';
import { associationCreateSchema, exampleAssociation, newAssociation } from '../../domain/associations/association.ts';

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

/**
 * Registers a partner association, active, in the table (as `POST /associations` would): a case of an
 * association is written only while it is one (the intake transaction checks it). Nothing if it exists.
 */
export async function registeredAssociation(
  documentClient: DynamoDBDocumentClient,
  tableName: string,
  associationId: string,
): Promise<void> {
  const record = newAssociation(associationCreateSchema.parse({ ...exampleAssociation, associationId }), 'registrar', new Date());
  await new DynamoAssociationStore(documentClient, tableName).create(record);
}
