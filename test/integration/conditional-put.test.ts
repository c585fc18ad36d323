// A conditional single-item write on DynamoDB Local (functions/adapters/dynamodb/conditional-put.ts):
// sent again after it landed (as the SDK does after a timeout), it finds its own item, returned by
// DynamoDB with the failed condition (ALL_OLD), and answers 'written'; another item in the way is
// 'condition-failed' and stays as it was.
import { beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { GetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { conditionalPut } from '../../functions/adapters/dynamodb/conditional-put.ts';
import { freshTable } from '../support/table.ts';

let documentClient: DynamoDBDocumentClient;
let tableName: string;

beforeAll(async () => {
  ({ documentClient, tableName } = await freshTable());
});

const item = () => ({
  PK: `TEST#${randomUUID()}`,
  SK: 'ONE',
  at: '2026-12-03T01:00:00.000Z',
  amount: 1.5,
  roles: ['caseworker', 'supervisor'],
  nested: { list: [1, 'two', { three: true }], empty: null },
  version: 1,
});

describe('a conditional put sent again', () => {
  it('a create that landed, sent again: its own item found, written; the item unchanged', async () => {
    const written = item();
    const put = () =>
      conditionalPut(documentClient, { TableName: tableName, Item: written, ConditionExpression: 'attribute_not_exists(PK)' });
    expect(await put()).toBe('written');
    expect(await put()).toBe('written');
    const { Item } = await documentClient.send(new GetCommand({ TableName: tableName, Key: { PK: written.PK, SK: written.SK } }));
    expect(Item).toEqual(written);
  });

  it('a create over another item: condition-failed, the other item kept', async () => {
    const first = item();
    const other = { ...first, at: '2026-12-03T01:00:00.001Z' };
    expect(
      await conditionalPut(documentClient, { TableName: tableName, Item: first, ConditionExpression: 'attribute_not_exists(PK)' }),
    ).toBe('written');
    expect(
      await conditionalPut(documentClient, { TableName: tableName, Item: other, ConditionExpression: 'attribute_not_exists(PK)' }),
    ).toBe('condition-failed');
    const { Item } = await documentClient.send(new GetCommand({ TableName: tableName, Key: { PK: first.PK, SK: first.SK } }));
    expect(Item).toEqual(first);
  });

  it('a change over the version read, sent again: written; another change of that version: condition-failed', async () => {
    const first = item();
    await conditionalPut(documentClient, { TableName: tableName, Item: first, ConditionExpression: 'attribute_not_exists(PK)' });
    const overVersion = (changed: typeof first) =>
      conditionalPut(documentClient, {
        TableName: tableName,
        Item: changed,
        ConditionExpression: 'attribute_exists(PK) AND #version = :read',
        ExpressionAttributeNames: { '#version': 'version' },
        ExpressionAttributeValues: { ':read': 1 },
      });
    const mine = { ...first, amount: 2, version: 2 };
    expect(await overVersion(mine)).toBe('written');
    expect(await overVersion(mine)).toBe('written');
    expect(await overVersion({ ...first, amount: 3, version: 2 })).toBe('condition-failed');
    expect(await overVersion({ ...item(), version: 2 })).toBe('condition-failed');
  });
});
