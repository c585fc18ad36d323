// A transaction sent again with its ClientRequestToken, on DynamoDB Local (transactions.ts): the
// same token is the same transaction, answered as applied, nothing written twice; the same items
// under a new token are a new transaction, and their conditions fail on what the first one wrote.
import { beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { GetCommand, TransactWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { freshTable } from '../support/table.ts';
import { transact } from '../../functions/adapters/dynamodb/transactions.ts';

let documentClient: DynamoDBDocumentClient;
let tableName: string;

beforeAll(async () => {
  ({ documentClient, tableName } = await freshTable());
});

const counted = (pk: string) => [
  { Put: { TableName: tableName, Item: { PK: pk, SK: 'ONE' }, ConditionExpression: 'attribute_not_exists(PK)' } },
  {
    Update: {
      TableName: tableName,
      Key: { PK: pk, SK: 'COUNT' },
      UpdateExpression: 'ADD #n :one',
      ExpressionAttributeNames: { '#n': 'n' },
      ExpressionAttributeValues: { ':one': 1 },
    },
  },
];

describe('a transaction sent again', () => {
  it('with its token: answered as applied, applied once', async () => {
    const pk = `T#${randomUUID()}`;
    const input = { ClientRequestToken: randomUUID(), TransactItems: counted(pk) };
    await documentClient.send(new TransactWriteCommand(input));
    await documentClient.send(new TransactWriteCommand(input));
    const { Item } = await documentClient.send(new GetCommand({ TableName: tableName, Key: { PK: pk, SK: 'COUNT' } }));
    expect(Item?.n).toBe(1);
  });

  it('with another token: a new transaction, cancelled by its condition', async () => {
    const pk = `T#${randomUUID()}`;
    await transact(documentClient, counted(pk));
    await expect(transact(documentClient, counted(pk))).rejects.toMatchObject({ name: 'TransactionCanceledException' });
    const { Item } = await documentClient.send(new GetCommand({ TableName: tableName, Key: { PK: pk, SK: 'COUNT' } }));
    expect(Item?.n).toBe(1);
  });
});
