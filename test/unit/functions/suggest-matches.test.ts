// The stream consumer that makes a new case's match suggestions, off the submission's request path:
// from the case's `case.submitted` event only, index queries under hashes (never a Scan, never a
// name), the suggestion written conditionally, a failure retried by the mapping.
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { mockClient } from 'aws-sdk-client-mock';
import { DynamoDBDocumentClient, GetCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { ProvisionedThroughputExceededException } from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';

process.env.TABLE_NAME = 'casework-test';
process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';

const ddb = mockClient(DynamoDBDocumentClient);
let handler: (event: DynamoDBStreamEvent) => Promise<DynamoDBBatchResponse>;

beforeAll(async () => {
  ({ handler } = await import('../../../functions/suggest-matches/handler.ts'));
});

afterEach(() => ddb.reset());

function streamOf(...items: Record<string, unknown>[]): DynamoDBStreamEvent {
  return {
    Records: items.map((item, i) => ({
      eventName: 'INSERT',
      dynamodb: { SequenceNumber: String(100 + i), NewImage: marshall(item) as never },
    })),
  };
}

const NEW_CASE = '11111111-1111-4111-8111-111111111111';
const OLD_CASE = '22222222-2222-4222-8222-222222222222';
const submitted = { entity: 'CaseEvent', caseId: NEW_CASE, eventId: 'e1', type: 'case.submitted', at: '2026-12-01T08:00:00.000Z' };
const applicant = {
  entity: 'Person',
  caseId: NEW_CASE,
  personId: 'p-new',
  role: 'applicant',
  data: { givenNames: 'Mamadou Aliou', familyName: 'Diallo', dateOfBirth: '1994-06-12' },
};

const pkOf = (input: { ExpressionAttributeValues?: Record<string, unknown> }) => String(input.ExpressionAttributeValues?.[':pk']);

describe('match suggestions from the stream', () => {
  it('a new case’s event: its persons read consistently, the identity index queried under hashes, a suggestion written once per pair', async () => {
    ddb.on(QueryCommand).callsFake((input: { ExpressionAttributeValues?: Record<string, unknown> }) => {
      const pk = pkOf(input);
      if (pk === `CASE#${NEW_CASE}`) return { Items: [applicant] };
      if (pk.startsWith('IDENTITY#'))
        return { Items: [{ entity: 'IdentityEntry', caseId: OLD_CASE, personId: 'p-old', kind: 'name-birth-year' }] };
      return { Items: [] };
    });
    ddb
      .on(GetCommand)
      .callsFake((input: { Key: { PK: string; SK: string } }) =>
        input.Key.SK === 'CASE'
          ? { Item: { PK: input.Key.PK, SK: 'CASE', entity: 'Case', caseId: OLD_CASE, programme: 'protection', version: 1 } }
          : { Item: { personId: 'p-old' } },
      );
    ddb.on(TransactWriteCommand).resolves({});

    const result = await handler(streamOf({ entity: 'Outbox', messageId: 'm1' }, submitted, { ...submitted, type: 'case.withdrawn' }));
    expect(result.batchItemFailures).toEqual([]);

    const queries = ddb.commandCalls(QueryCommand).map((call) => call.args[0].input);
    expect(queries[0]).toMatchObject({ ConsistentRead: true });
    // Names with the date of birth, names with the year of birth (no document).
    expect(queries.map(pkOf)).toEqual([
      `CASE#${NEW_CASE}`,
      expect.stringMatching(/^IDENTITY#[0-9a-f]{64}$/),
      expect.stringMatching(/^IDENTITY#[0-9a-f]{64}$/),
    ]);
    expect(JSON.stringify(queries.slice(1))).not.toMatch(/Diallo|1994/i);
    const writes = ddb.commandCalls(TransactWriteCommand);
    expect(writes).toHaveLength(1);
    const puts = writes[0]!.args[0].input.TransactItems!.map((item) => item.Put!);
    expect(puts.map((put) => String(put.Item!.entity))).toEqual(['MatchPair', 'MatchSuggestion', 'CaseEvent']);
    expect(puts.slice(0, 2).every((put) => put.ConditionExpression === 'attribute_not_exists(PK)')).toBe(true);
    expect(JSON.stringify(puts)).not.toMatch(/Diallo|1994|Mamadou/i);
  });

  it('a case whose person is found nowhere else: reads only, nothing written', async () => {
    ddb
      .on(QueryCommand)
      .callsFake((input: { ExpressionAttributeValues?: Record<string, unknown> }) =>
        pkOf(input) === `CASE#${NEW_CASE}` ? { Items: [applicant] } : { Items: [] },
      );
    expect((await handler(streamOf(submitted))).batchItemFailures).toEqual([]);
    expect(ddb.commandCalls(TransactWriteCommand)).toEqual([]);
  });

  it('a failure is reported for the record, for the mapping to retry', async () => {
    ddb.on(QueryCommand).rejects(new ProvisionedThroughputExceededException({ message: 'slow down', $metadata: {} }));
    const result = await handler(streamOf({ ...submitted, caseId: OLD_CASE }, submitted));
    expect(result.batchItemFailures).toEqual([{ itemIdentifier: '100' }, { itemIdentifier: '101' }]);
  });
});
