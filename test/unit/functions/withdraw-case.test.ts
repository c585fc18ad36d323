// An applicant withdraws before departure, recorded by a caseworker: the case closes, its open
// tasks are cancelled and the workflow phases before departure (return, travel) are stopped.
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { mockClient } from 'aws-sdk-client-mock';
import { DynamoDBDocumentClient, GetCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { ExecutionDoesNotExist, SFNClient, StopExecutionCommand } from '@aws-sdk/client-sfn';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { CaseRecord } from '../../../domain/cases/model.ts';
import type { TaskRecord } from '../../../domain/tasks/model.ts';
import { keys } from '../../../functions/adapters/dynamodb/keys.ts';
import { httpEvent, lambdaContext } from '../../support/events.ts';
import { caseId, task, taskId } from '../../support/task-handlers.ts';
import { useLocalFieldKeyFile } from '../../support/field-key.ts';
import { caseNoteFromItem } from '../../../functions/adapters/dynamodb/items.ts';
import { FieldCipher, localKeyring } from '../../../functions/adapters/encryption/field-cipher.ts';
import { readLocalFieldKey } from '../../../functions/adapters/encryption/local-key.ts';

process.env.TABLE_NAME = 'casework-test';
process.env.CASE_WORKFLOW_ARNS = JSON.stringify({
  avrr: 'arn:aws:states:eu-west-3:000000000000:stateMachine:AvrrReturn',
  'avrr:return': 'arn:aws:states:eu-west-3:000000000000:stateMachine:AvrrReturn',
  'avrr:travel': 'arn:aws:states:eu-west-3:000000000000:stateMachine:AvrrTravel',
  'avrr:reintegration': 'arn:aws:states:eu-west-3:000000000000:stateMachine:AvrrReintegration',
});
process.env.POWERTOOLS_METRICS_DISABLED = 'true';
process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
// The withdrawal reason note is sealed with the local field key.
const cipher = new FieldCipher(localKeyring(readLocalFieldKey(useLocalFieldKeyFile())));

const ddb = mockClient(DynamoDBDocumentClient);
const sfn = mockClient(SFNClient);
let handler: (event: unknown, context: unknown) => Promise<APIGatewayProxyStructuredResultV2>;

function caseRecord(overrides: Partial<CaseRecord> & Record<string, unknown> = {}): CaseRecord {
  return {
    caseId,
    reference: 'AVRR-2026-000042',
    programme: 'avrr',
    caseType: 'avrr',
    formId: 'avrr-application',
    formVersion: 1,
    stage: 'screening',
    status: 'open',
    facts: {},
    createdAt: '2026-12-01T09:00:00.000Z',
    updatedAt: '2026-12-01T09:00:00.000Z',
    version: 3,
    workflow: { phase: 'return', executionName: `${caseId}-return` },
    ...overrides,
  };
}

const openScreening: TaskRecord = task();

function storedCase(record: CaseRecord) {
  ddb.on(GetCommand, { Key: keys.case(caseId) }).resolves({ Item: { ...keys.case(caseId), entity: 'Case', ...record } });
}

function withdraw(body: unknown, who = { sub: 'amina', groups: '[caseworker]' }, language = 'fr') {
  return handler(
    httpEvent({
      method: 'POST',
      path: `/cases/${caseId}/withdrawal`,
      routeKey: 'POST /cases/{caseId}/withdrawal',
      pathParameters: { caseId },
      headers: { 'content-type': 'application/json', 'accept-language': language },
      body: JSON.stringify(body),
      claims: { sub: who.sub, 'cognito:groups': who.groups },
    }),
    lambdaContext,
  );
}

const parse = (result: APIGatewayProxyStructuredResultV2) => JSON.parse(result.body ?? 'null') as Record<string, unknown>;

beforeAll(async () => {
  ({ handler } = (await import('../../../functions/withdraw-case/handler.ts')) as unknown as { handler: typeof handler });
});

beforeEach(() => {
  ddb.on(GetCommand).resolves({});
  ddb.on(QueryCommand).resolves({ Items: [] });
  ddb.on(TransactWriteCommand).resolves({});
  sfn.on(StopExecutionCommand).resolves({ stopDate: new Date() });
});

afterEach(() => {
  ddb.reset();
  sfn.reset();
});

describe('an applicant withdraws during screening', () => {
  it('closes the case, cancels the open screening and stops the return and travel phases by their execution ARNs', async () => {
    storedCase(caseRecord());
    ddb
      .on(QueryCommand)
      .resolves({ Items: [{ ...keys.caseTask(caseId, taskId), taskId, status: 'open', step: 'screening', dueAt: openScreening.dueAt }] });
    ddb.on(GetCommand, { Key: keys.task(taskId) }).resolves({ Item: { ...keys.task(taskId), ...openScreening } });

    const result = await withdraw({ reasonCode: 'found-work-or-status', reason: 'The applicant found work in Casablanca.' });

    expect(result.statusCode).toBe(200);
    expect(parse(result)).toMatchObject({ caseId, status: 'closed', closureReason: 'withdrawn' });
    const items = ddb.commandCalls(TransactWriteCommand)[0]!.args[0].input.TransactItems!;
    const caseUpdate = items[0]!.Update!;
    expect(Object.values(caseUpdate.ExpressionAttributeValues!)).toEqual(expect.arrayContaining(['closed', 'withdrawn']));
    const closed = items.find((item) => item.Put?.Item?.type === 'case.closed')!.Put!.Item!;
    expect(closed.actor).toEqual({ kind: 'staff', id: 'amina' });
    expect(closed.details).toMatchObject({ reason: 'withdrawn', cancelledTasks: [taskId], withdrawalReasonCode: 'found-work-or-status' });
    expect(items.some((item) => item.Delete?.Key?.PK === 'TASKQ#ROLE#caseworker')).toBe(true);

    const stopped = sfn
      .commandCalls(StopExecutionCommand)
      .map((call) => call.args[0].input.executionArn)
      .sort();
    expect(stopped).toEqual([
      `arn:aws:states:eu-west-3:000000000000:execution:AvrrReturn:${caseId}-return`,
      `arn:aws:states:eu-west-3:000000000000:execution:AvrrTravel:${caseId}-travel`,
    ]);
    // The reintegration phase (after arrival) is not a withdrawal's business.
    expect(stopped.some((arn) => arn?.includes('Reintegration'))).toBe(false);
  });

  it('during travel preparation the travel phase is stopped too', async () => {
    storedCase(caseRecord({ stage: 'ticket', workflow: { phase: 'travel', executionName: `${caseId}-travel` } }));

    const result = await withdraw({ reasonCode: 'family-reasons' });

    expect(result.statusCode).toBe(200);
    expect(sfn.commandCalls(StopExecutionCommand).map((call) => call.args[0].input.executionArn)).toContain(
      `arn:aws:states:eu-west-3:000000000000:execution:AvrrTravel:${caseId}-travel`,
    );
  });

  it('a workflow that has already ended is fine', async () => {
    storedCase(caseRecord());
    sfn.on(StopExecutionCommand).rejects(new ExecutionDoesNotExist({ message: 'gone', $metadata: {} }));
    expect((await withdraw({ reasonCode: 'changed-mind', reason: 'No longer wishes to return.' })).statusCode).toBe(200);
  });

  it('when the workflow service is down the caseworker is told to retry (503), and the retry still stops the workflow', async () => {
    storedCase(caseRecord());
    sfn.on(StopExecutionCommand).rejects(new Error('socket hang up'));
    const first = await withdraw({ reasonCode: 'changed-mind', reason: 'No longer wishes to return.' });
    expect(first.statusCode).toBe(503);
    expect(first.headers?.['retry-after']).toBeDefined();

    storedCase(caseRecord({ status: 'closed', stage: 'closed', closureReason: 'withdrawn', version: 4 }));
    sfn.on(StopExecutionCommand).resolves({ stopDate: new Date() });
    const retry = await withdraw({ reasonCode: 'changed-mind', reason: 'No longer wishes to return.' });
    expect(retry.statusCode).toBe(409);
    // Both phases again on the retry.
    expect(sfn.commandCalls(StopExecutionCommand).length).toBeGreaterThanOrEqual(3);
    expect(
      sfn
        .commandCalls(StopExecutionCommand)
        .slice(-2)
        .map((call) => call.args[0].input.executionArn)
        .sort(),
    ).toEqual([
      `arn:aws:states:eu-west-3:000000000000:execution:AvrrReturn:${caseId}-return`,
      `arn:aws:states:eu-west-3:000000000000:execution:AvrrTravel:${caseId}-travel`,
    ]);
  });
});

describe('when a withdrawal is no longer possible', () => {
  it('a closed case: 409', async () => {
    storedCase(caseRecord({ status: 'closed', stage: 'closed', closureReason: 'rejected' }));
    const result = await withdraw({ reasonCode: 'changed-mind', reason: 'No longer wishes to return.' }, undefined, 'en');
    expect(result.statusCode).toBe(409);
    expect(parse(result).title).toBe('Case closed');
    expect(sfn.commandCalls(StopExecutionCommand)).toHaveLength(0);
  });

  it('after departure: 409, the return has happened', async () => {
    storedCase(caseRecord({ stage: 'arrival', departedAt: '2027-01-15T08:00:00.000Z' }));
    const result = await withdraw({ reasonCode: 'changed-mind', reason: 'No longer wishes to return.' });
    expect(result.statusCode).toBe(409);
    expect(parse(result).type).toBe('urn:casework:problem:caseDeparted');
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(0);
  });

  it('an unknown case: 404', async () => {
    expect((await withdraw({ reasonCode: 'changed-mind', reason: 'No longer wishes to return.' })).statusCode).toBe(404);
  });
});

describe('who and what', () => {
  it('a partner association cannot record a withdrawal: 403', async () => {
    storedCase(caseRecord());
    const result = await withdraw(
      { reasonCode: 'changed-mind', reason: 'No longer wishes to return.' },
      { sub: 'p1', groups: '[partner]' },
    );
    expect(result.statusCode).toBe(403);
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(0);
  });

  it('a missing reason code and a reason of fewer than 3 characters are both listed (422), in Arabic when asked', async () => {
    storedCase(caseRecord());
    const result = await withdraw({ reason: ' x ' }, undefined, 'ar');
    expect(result.statusCode).toBe(422);
    const errors = (parse(result) as { errors: { pointer: string; message: string }[] }).errors;
    expect(errors.map((e) => e.pointer).sort()).toEqual(['/reason', '/reasonCode']);
    expect(errors.every((e) => /[\u0600-\u06FF]/.test(e.message))).toBe(true);
  });

  it('a reason code outside the closed list is 422', async () => {
    storedCase(caseRecord());
    const result = await withdraw({ reasonCode: 'call me on +212 612 345 678' });
    expect(result.statusCode).toBe(422);
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(0);
  });
});

describe('the free-text reason is personal: never in the case history, logs or workflows', () => {
  const phone = '+212 6 12 34 56 78';

  it('the history event keeps the reason code; the text goes on a note item of the case, in the same write', async () => {
    storedCase(caseRecord());

    const result = await withdraw({ reasonCode: 'family-reasons', reason: `Her brother will call back on ${phone}.` });

    expect(result.statusCode).toBe(200);
    const items = ddb.commandCalls(TransactWriteCommand)[0]!.args[0].input.TransactItems!;
    const puts = items.flatMap((item) => (item.Put ? [item.Put] : []));
    const closed = puts.find((put) => put.Item?.entity === 'CaseEvent')!;
    expect(JSON.stringify(closed)).not.toContain(phone);
    expect(JSON.stringify(items.filter((item) => item.Put?.Item?.entity !== 'CaseNote'))).not.toContain(phone);
    const note = puts.find((put) => put.Item?.entity === 'CaseNote')!;
    expect(note.Item).toMatchObject({
      PK: `CASE#${caseId}`,
      SK: expect.stringMatching(/^NOTE#/) as string,
      caseId,
      kind: 'withdrawal-reason',
      author: 'amina',
    });
    expect(note.Item!.text).toBeInstanceOf(Uint8Array);
    expect((await caseNoteFromItem(note.Item!, cipher)).text).toBe(`Her brother will call back on ${phone}.`);
    expect(note.ConditionExpression).toBe('attribute_not_exists(PK)');
    expect(closed.Item!.details).toMatchObject({ withdrawalReasonCode: 'family-reasons', noteId: note.Item!.noteId });
  });

  it('without free text no note is written', async () => {
    storedCase(caseRecord());
    expect((await withdraw({ reasonCode: 'health' })).statusCode).toBe(200);
    const items = ddb.commandCalls(TransactWriteCommand)[0]!.args[0].input.TransactItems!;
    expect(items.some((item) => item.Put?.Item?.entity === 'CaseNote')).toBe(false);
  });
});
