// A conditional single-item write that the SDK sent again after a timeout, and whose first attempt
// had landed, fails its own condition on the very item it wrote (functions/adapters/dynamodb/conditional-put.ts).
// Each such write recognises its own item (DynamoDB returns it: ReturnValuesOnConditionCheckFailure
// ALL_OLD) and answers success; any other item in the way keeps the conflict outcome it had.
// The mock rejects as the SDK surfaces the retry's answer: ConditionalCheckFailedException with
// the item found, in DynamoDB's own format (the document client does not translate errors).
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { mockClient } from 'aws-sdk-client-mock';
import {
  ConditionalCheckFailedException,
  DynamoDBClient,
  TransactionCanceledException,
  TransactionInProgressException,
} from '@aws-sdk/client-dynamodb';
import {
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  type PutCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { keys } from '../../../functions/adapters/dynamodb/keys.ts';
import { sameItem } from '../../../functions/adapters/dynamodb/conditional-put.ts';
import { transact } from '../../../functions/adapters/dynamodb/transactions.ts';
import { isDependencyUnavailable } from '../../../functions/commons/http.ts';
import { DynamoAssociationStore } from '../../../functions/adapters/dynamodb/association-store.ts';
import { DynamoAssignmentStore } from '../../../functions/adapters/dynamodb/assignment-store.ts';
import { associationCreateSchema, exampleAssociation, newAssociation } from '../../../domain/associations/association.ts';
import { moveAssignment, type AssignmentEntry } from '../../../domain/migration-development/assignment-case-actions.ts';
import { useLocalFieldKeyFile } from '../../support/field-key.ts';
import '../../support/cursor-key.ts';
import { amina, caseId, caseItem, parse, request, type Handler } from '../../support/case-handlers.ts';
import { registeredAssociations } from '../../support/task-handlers.ts';

process.env.TABLE_NAME = 'casework-test';
process.env.POWERTOOLS_METRICS_DISABLED = 'true';
process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
useLocalFieldKeyFile();

const ddb = mockClient(DynamoDBDocumentClient);
const documentClient = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'eu-west-3' }), {
  marshallOptions: { removeUndefinedValues: true },
});

/** The retry's answer after its first attempt landed: the condition failed on `found` (marshalled as DynamoDB returns it). */
const conditionFailed = (found: Record<string, unknown> | undefined) =>
  new ConditionalCheckFailedException({
    message: 'The conditional request failed',
    $metadata: { httpStatusCode: 400 },
    ...(found ? { Item: marshall(found, { removeUndefinedValues: true }) } : {}),
  });

/** The write lands, then the SDK's retry finds it: the condition fails on the very item written. */
const ownWriteFound = () => ddb.on(PutCommand).callsFake((input: PutCommandInput) => Promise.reject(conditionFailed(input.Item)));

afterEach(() => ddb.reset());

describe('the access log record of a read, sent again by the SDK after a timeout', () => {
  let getHistory: Handler;
  beforeAll(async () => {
    getHistory = ((await import('../../../functions/get-case-history/handler.ts')) as { handler: Handler }).handler;
  });
  beforeEach(() => {
    ddb.on(GetCommand).resolves({});
    ddb.on(QueryCommand).resolves({ Items: [] });
    ddb.on(GetCommand, { Key: keys.case(caseId) }).resolves({ Item: caseItem(1, { caseId }) });
    registeredAssociations(ddb);
  });
  const readHistory = () =>
    request(getHistory, `/cases/${caseId}/history`, 'GET /cases/{caseId}/history', amina, { pathParameters: { caseId }, language: 'en' });

  it('finds its own record: the read answers 200 (it answered 500)', async () => {
    ownWriteFound();
    const result = await readHistory();
    expect(result.statusCode).toBe(200);
    expect(parse(result)).toMatchObject({ caseId, events: [] });
    const [put] = ddb.commandCalls(PutCommand).map((call) => call.args[0].input);
    expect(put).toMatchObject({ ConditionExpression: 'attribute_not_exists(PK)', ReturnValuesOnConditionCheckFailure: 'ALL_OLD' });
  });

  it('finds another record under its key: the read fails, its data not served', async () => {
    ddb
      .on(PutCommand)
      .callsFake((input: PutCommandInput) => Promise.reject(conditionFailed({ ...input.Item, by: 'someone-else', roles: ['supervisor'] })));
    const result = await readHistory();
    expect(result.statusCode).toBe(500);
    expect(result.body).not.toContain('events');
  });

  it('finds no item (the answer carries none): the read fails', async () => {
    ddb.on(PutCommand).rejects(conditionFailed(undefined));
    expect((await readHistory()).statusCode).toBe(500);
  });
});

describe('a partner association written again by the SDK after a timeout', () => {
  const associations = () => new DynamoAssociationStore(documentClient, 'casework-test');
  const record = newAssociation(associationCreateSchema.parse(exampleAssociation), 'karim', new Date('2026-12-01T09:00:00.000Z'));

  it('create: its own record found is created; another registration of the id is "exists"', async () => {
    ownWriteFound();
    expect(await associations().create(record)).toBe('created');
    ddb.reset();
    ddb
      .on(PutCommand)
      .rejects(conditionFailed({ ...keys.association(record.associationId), entity: 'Association', ...record, createdBy: 'nadia' }));
    expect(await associations().create(record)).toBe('exists');
  });

  it('update: its own version found is updated; another change of that version, or none, is "stale"', async () => {
    const changed: typeof record = { ...record, city: 'rabat', updatedBy: 'karim', updatedAt: '2026-12-02T09:00:00.000Z', version: 2 };
    ownWriteFound();
    expect(await associations().update(changed, 1)).toBe('updated');
    ddb.reset();
    ddb
      .on(PutCommand)
      .rejects(conditionFailed({ ...keys.association(record.associationId), entity: 'Association', ...changed, updatedBy: 'nadia' }));
    expect(await associations().update(changed, 1)).toBe('stale');
    ddb.reset();
    ddb.on(PutCommand).rejects(conditionFailed(undefined));
    expect(await associations().update(changed, 1)).toBe('stale');
  });
});

describe('an expert’s assignment written again by the SDK after a timeout', () => {
  const assignments = () => new DynamoAssignmentStore(documentClient, 'casework-test');
  const entry: AssignmentEntry = {
    expertCaseId: 'e1',
    needCaseId: 'n1',
    needReference: 'NEED-2026-000001',
    status: 'confirmed',
    mode: 'remote',
    window: { from: '2026-09-01', to: '2026-11-30' },
    durationWeeks: 12,
    sector: 'health',
    confirmedAt: '2026-08-01T10:00:00.000Z',
    updatedAt: '2026-08-01T10:00:00.000Z',
    version: 1,
  };

  it('put: its own entry found is written; another entry is "exists"', async () => {
    ownWriteFound();
    expect(await assignments().putAssignment(entry)).toBe('written');
    ddb.reset();
    ddb.on(PutCommand).rejects(conditionFailed({ ...keys.assignment('e1', 'n1'), entity: 'Assignment', ...entry, sector: 'education' }));
    expect(await assignments().putAssignment(entry)).toBe('exists');
  });

  it('update: its own move found is updated; another move of that version is "stale"', async () => {
    const started = moveAssignment(entry, 'in-progress', {
      startedOn: '2026-09-01',
      updatedAt: '2026-09-01T08:00:00.000Z',
    }) as AssignmentEntry;
    ownWriteFound();
    expect(await assignments().updateAssignment(started, 1)).toBe('updated');
    ddb.reset();
    const endedEarly = moveAssignment(entry, 'ended-early', { updatedAt: '2026-09-01T08:00:00.001Z' }) as AssignmentEntry;
    ddb.on(PutCommand).rejects(conditionFailed({ ...keys.assignment('e1', 'n1'), entity: 'Assignment', ...endedEarly }));
    expect(await assignments().updateAssignment(started, 1)).toBe('stale');
  });
});

describe('the item found compared with the item written', () => {
  const written = { PK: 'A', SK: 'B', n: 1.5, list: [1, 'x', { deep: true }], tags: new Set(['b', 'a']), gone: undefined, empty: null };

  it('the same item as DynamoDB returns it: numbers normalised, sets in any order, attributes in any order', () => {
    const found = {
      tags: { SS: ['a', 'b'] },
      empty: { NULL: true },
      list: { L: [{ N: '1.0' }, { S: 'x' }, { M: { deep: { BOOL: true } } }] },
      n: { N: '1.50' },
      SK: { S: 'B' },
      PK: { S: 'A' },
    };
    expect(sameItem(written, found)).toBe(true);
  });

  it('any difference is another item: a value, its type, an attribute more or less', () => {
    const base = marshall(written, { removeUndefinedValues: true });
    expect(sameItem(written, { ...base, n: { N: '1.51' } })).toBe(false);
    expect(sameItem(written, { ...base, n: { S: '1.5' } })).toBe(false);
    expect(sameItem(written, { ...base, extra: { S: 'x' } })).toBe(false);
    const { empty: _empty, ...fewer } = base;
    expect(sameItem(written, fewer)).toBe(false);
    expect(sameItem(written, undefined)).toBe(false);
  });
});

describe('a transaction whose SDK retry reached DynamoDB while its first attempt was being applied', () => {
  const items = [{ Put: { TableName: 'casework-test', Item: { PK: 'X', SK: 'Y' }, ConditionExpression: 'attribute_not_exists(PK)' } }];
  const inProgress = () => new TransactionInProgressException({ message: 'in progress', $metadata: { httpStatusCode: 400 } });
  const tokens = () => ddb.commandCalls(TransactWriteCommand).map((call) => call.args[0].input.ClientRequestToken);

  it('TransactionInProgressException: sent once more with the same token, answered as applied', async () => {
    ddb.on(TransactWriteCommand).rejectsOnce(inProgress()).resolves({});
    await transact(documentClient, items);
    const [first, second, ...more] = tokens();
    expect(more).toEqual([]);
    expect(first).toEqual(expect.any(String));
    expect(second).toBe(first);
  });

  it('still in progress: the dependency is unavailable (503 with Retry-After), not a server error', async () => {
    ddb.on(TransactWriteCommand).rejects(inProgress());
    const error = await transact(documentClient, items).catch((e: unknown) => e);
    expect(isDependencyUnavailable(error)).toBe(true);
    expect(tokens()).toHaveLength(2);
  });

  it('a TransactionConflict (cancelled, not applied): sent again as a new transaction, with a new token', async () => {
    ddb
      .on(TransactWriteCommand)
      .rejectsOnce(
        new TransactionCanceledException({
          message: 'cancelled',
          $metadata: { httpStatusCode: 400 },
          CancellationReasons: [{ Code: 'TransactionConflict' }],
        }),
      )
      .resolves({});
    await transact(documentClient, items);
    const [first, second] = tokens();
    expect(second).not.toBe(first);
  });
});
