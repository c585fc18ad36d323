// The person search's reads of a key's entries (functions/adapters/dynamodb/person-search.ts): every
// page of a partition, and a crowded key read only in part (MAX_ENTRIES_PER_KEY), said so.
import { afterEach, describe, expect, it } from 'vitest';
import { mockClient } from 'aws-sdk-client-mock';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { DynamoPersonSearch, MAX_ENTRIES_PER_KEY } from '../../../functions/adapters/dynamodb/person-search.ts';
import type { SearchPlan } from '../../../domain/identity/search.ts';

const client = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'eu-west-3' }));
const ddb = mockClient(client);
afterEach(() => ddb.reset());

const entries = (from: number, count: number) => Array.from({ length: count }, (_, i) => ({ caseId: `case-${from + i}`, personId: 'p1' }));
const plan = { criterion: 'phone', keys: [{ hash: 'h1' }] } as unknown as SearchPlan;

describe('DynamoPersonSearch', () => {
  it('reads every page of a key', async () => {
    ddb
      .on(QueryCommand)
      .resolvesOnce({ Items: entries(0, 3), LastEvaluatedKey: { PK: 'x', SK: '3' } })
      .resolvesOnce({ Items: entries(3, 2) });
    const { hits, truncated } = await new DynamoPersonSearch(client, 'casework-test').hits(plan);
    expect(hits.map((hit) => hit.caseId)).toEqual(['case-0', 'case-1', 'case-2', 'case-3', 'case-4']);
    expect(truncated).toBe(false);
    expect(ddb.commandCalls(QueryCommand)[1]!.args[0].input.ExclusiveStartKey).toEqual({ PK: 'x', SK: '3' });
  });

  it('stops at the bound on a crowded key, and says the answer is partial', async () => {
    const half = MAX_ENTRIES_PER_KEY / 2;
    ddb
      .on(QueryCommand)
      .resolvesOnce({ Items: entries(0, half), LastEvaluatedKey: { PK: 'x', SK: 'a' } })
      .resolvesOnce({ Items: entries(half, half), LastEvaluatedKey: { PK: 'x', SK: 'b' } })
      .resolvesOnce({ Items: entries(2 * half, 10) });
    const { hits, truncated } = await new DynamoPersonSearch(client, 'casework-test').hits(plan);
    expect(hits).toHaveLength(MAX_ENTRIES_PER_KEY);
    expect(truncated).toBe(true);
    expect(ddb.commandCalls(QueryCommand)).toHaveLength(2);
  });

  it('a key with exactly the bound and no more pages is whole', async () => {
    ddb.on(QueryCommand).resolvesOnce({ Items: entries(0, MAX_ENTRIES_PER_KEY) });
    const { hits, truncated } = await new DynamoPersonSearch(client, 'casework-test').hits(plan);
    expect(hits).toHaveLength(MAX_ENTRIES_PER_KEY);
    expect(truncated).toBe(false);
  });
});
