// The case-actions function flags a case "needs attention" (one conditional write on the case) and
// emits CaseNeedsAttention (the shared Metrics' namespace Casework, the programme and the stage as its dimensions),
// once per flag: a retried invocation writes and counts nothing. Nothing personal in it.
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { mockClient } from 'aws-sdk-client-mock';
import { DynamoDBDocumentClient, GetCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { CaseRecord } from '../../../domain/cases/model.ts';
import { keys } from '../../../functions/adapters/dynamodb/keys.ts';
import { lambdaContext } from '../../support/events.ts';
import { metrics } from '../../../functions/commons/powertools.ts';

process.env.TABLE_NAME = 'casework-test';
process.env.STAGE = 'dev';
process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';

const caseId = '6f1d2c3b-4a5e-4f60-9a7b-8c9d0e1f2a3b';
const ddb = mockClient(DynamoDBDocumentClient);
let handler: (event: unknown, context: unknown) => Promise<unknown>;
/** What the handler put on the single-metric emitter (its namespace is the shared Metrics' own: Casework). */
let emitted: { dimensions: [string, string][]; metrics: [string, string, number][] };

const record: CaseRecord = {
  caseId,
  reference: 'YOUTH-2026-000007',
  programme: 'youth-employability',
  caseType: 'youth',
  formId: 'youth-enrolment',
  formVersion: 1,
  stage: 'track',
  status: 'open',
  facts: {},
  createdAt: '2026-12-01T09:00:00.000Z',
  updatedAt: '2026-12-01T09:00:00.000Z',
  version: 3,
};
const flag = {
  action: 'flag-attention',
  caseId,
  state: 'Record milestone',
  error: 'CaseConflict',
  flagId: '0b8f5e0e-1c7a-4a53-9a43-3f0d7e4c2b11',
  entry: `${caseId}-youth#Needs attention#2026-12-02T10:00:00.000Z`,
};

beforeAll(async () => {
  ({ handler } = (await import('../../../functions/case-actions/handler.ts')) as unknown as { handler: typeof handler });
});

beforeEach(() => {
  emitted = { dimensions: [], metrics: [] };
  vi.spyOn(metrics, 'singleMetric').mockImplementation(
    () =>
      ({
        addDimension: (name: string, value: string) => void emitted.dimensions.push([name, value]),
        addMetric: (name: string, unit: string, value: number) => void emitted.metrics.push([name, unit, value]),
      }) as unknown as ReturnType<typeof metrics.singleMetric>,
  );
  ddb.on(QueryCommand).resolves({ Items: [] });
  ddb.on(TransactWriteCommand).resolves({});
});

afterEach(() => {
  ddb.reset();
  vi.restoreAllMocks();
});

describe('flag-attention', () => {
  it('flags the case in one conditional write and emits CaseNeedsAttention by programme and stage', async () => {
    ddb.on(GetCommand, { Key: keys.case(caseId) }).resolves({ Item: { ...keys.case(caseId), entity: 'Case', ...record } });
    expect(await handler(flag, lambdaContext)).toEqual({ retriesLeft: 3, stage: 'track' });
    const writes = ddb.commandCalls(TransactWriteCommand);
    expect(writes).toHaveLength(1);
    const update = writes[0]!.args[0].input.TransactItems!.find((item) => item.Update)!.Update!;
    expect(update.ConditionExpression).toContain('#version');
    expect(Object.values(update.ExpressionAttributeNames!)).toContain('attention');
    expect(emitted).toEqual({
      dimensions: [
        ['programme', 'youth-employability'],
        ['stage', 'dev'],
      ],
      metrics: [['CaseNeedsAttention', 'Count', 1]],
    });
  });

  it('a retried invocation of the same flag writes and counts nothing', async () => {
    ddb.on(GetCommand, { Key: keys.case(caseId) }).resolves({
      Item: {
        ...keys.case(caseId),
        entity: 'Case',
        ...record,
        attention: { [flag.flagId]: { state: flag.state, error: flag.error, at: 'x', entry: flag.entry } },
      },
    });
    expect(await handler(flag, lambdaContext)).toEqual({ retriesLeft: 3, stage: 'track' });
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(0);
    expect(emitted).toEqual({ dimensions: [], metrics: [] });
  });
});

describe('resolve-attention', () => {
  it('resolves only the flag named, in one conditional write, and answers the outcome granted', async () => {
    const second = '5d1c0a7e-2b3f-4c8d-8e9f-0a1b2c3d4e5f';
    ddb.on(GetCommand, { Key: keys.case(caseId) }).resolves({
      Item: {
        ...keys.case(caseId),
        entity: 'Case',
        ...record,
        attentionRetries: 3,
        attention: {
          [flag.flagId]: { state: flag.state, error: flag.error, at: 'x', entry: flag.entry },
          [second]: { state: 'Record service', error: 'States.TaskFailed', at: 'x', entry: 'y' },
        },
      },
    });
    const resolution = { action: 'resolve-attention', caseId, flagId: second, outcome: 'retry', taskId: 'task-2' };
    // No retry left on the case: closed, whatever was asked.
    expect(await handler(resolution, lambdaContext)).toEqual({ outcome: 'close' });
    const writes = ddb.commandCalls(TransactWriteCommand);
    expect(writes).toHaveLength(1);
    const update = writes[0]!.args[0].input.TransactItems!.find((item) => item.Update)!.Update!;
    expect(update.ConditionExpression).toContain('#version');
    const attention = Object.values(update.ExpressionAttributeValues!).find(
      (value) => typeof value === 'object' && value !== null && flag.flagId in value,
    ) as Record<string, { resolution?: unknown }>;
    expect(attention[flag.flagId]!.resolution).toBeUndefined();
    expect(attention[second]!.resolution).toMatchObject({ outcome: 'close', taskId: 'task-2' });
  });
});
