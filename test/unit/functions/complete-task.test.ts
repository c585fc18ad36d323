// Completing a human step through the HTTP handler, with mocked DynamoDB and Step Functions: what a
// caseworker or supervisor sees, and what the waiting workflow receives.
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { mockClient } from 'aws-sdk-client-mock';
import { DynamoDBDocumentClient, GetCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { SendTaskSuccessCommand, SFNClient, TaskTimedOut } from '@aws-sdk/client-sfn';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { keys } from '../../../functions/adapters/dynamodb/keys.ts';
import { httpEvent, lambdaContext } from '../../support/events.ts';
import { storedTask, task, taskId, registeredAssociations } from '../../support/task-handlers.ts';

process.env.TABLE_NAME = 'casework-test';
process.env.POWERTOOLS_METRICS_DISABLED = 'true';
process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';

const ddb = mockClient(DynamoDBDocumentClient);
const sfn = mockClient(SFNClient);
let handler: (event: unknown, context: unknown) => Promise<APIGatewayProxyStructuredResultV2>;

const TOKEN = 'the-secret-task-token';

const eligible = { outcome: 'eligible', counsellingDone: true, fitToTravelCheckRequired: false, escortRequired: false };

function complete(
  decision: unknown,
  who: { sub: string; groups: string; partnerId?: string } = { sub: 'amina', groups: '[caseworker]' },
  language = 'fr',
) {
  return handler(
    httpEvent({
      method: 'POST',
      path: `/tasks/${taskId}/complete`,
      routeKey: 'POST /tasks/{taskId}/complete',
      pathParameters: { taskId },
      headers: { 'content-type': 'application/json', 'accept-language': language },
      body: JSON.stringify({ decision }),
      claims: { sub: who.sub, 'cognito:groups': who.groups, ...(who.partnerId ? { partner_id: who.partnerId } : {}) },
    }),
    lambdaContext,
  );
}

const parse = (result: APIGatewayProxyStructuredResultV2) => JSON.parse(result.body ?? 'null') as Record<string, unknown>;
const conditionFailed = () =>
  new TransactionCanceledException({ message: 'cancelled', $metadata: {}, CancellationReasons: [{ Code: 'ConditionalCheckFailed' }] });

beforeAll(async () => {
  ({ handler } = (await import('../../../functions/complete-task/handler.ts')) as unknown as { handler: typeof handler });
});

beforeEach(() => {
  ddb.on(GetCommand).resolves({});
  // The case's shares, read for a partner caller: none unless a test says so.
  ddb.on(QueryCommand).resolves({ Items: [] });
  ddb.on(GetCommand, { Key: keys.taskToken(taskId) }).resolves({ Item: { ...keys.taskToken(taskId), token: TOKEN } });
  ddb.on(TransactWriteCommand).resolves({});
  sfn.on(SendTaskSuccessCommand).resolves({});
  registeredAssociations(ddb, 'assoc-oujda', 'assoc-tanger', 'assoc-nador');
});

afterEach(() => {
  ddb.reset();
  sfn.reset();
});

describe('a caseworker completes the screening in front of them', () => {
  it('answers 200 with the completed task, and never shows the task token', async () => {
    storedTask(ddb, task());

    const result = await complete(eligible);

    expect(result.statusCode).toBe(200);
    const body = parse(result);
    expect(body).toMatchObject({ taskId, status: 'completed', completedBy: 'amina', decision: eligible });
    expect(result.body).not.toContain(TOKEN);
    expect(body).not.toHaveProperty('forbiddenActors');
    expect(result.headers?.['idempotent-replayed']).toBeUndefined();
  });

  it('the workflow receives the decision exactly once, with the task token', async () => {
    storedTask(ddb, task());

    await complete(eligible);

    const calls = sfn.commandCalls(SendTaskSuccessCommand);
    expect(calls).toHaveLength(1);
    expect(calls[0]!.args[0].input.taskToken).toBe(TOKEN);
    expect(JSON.parse(calls[0]!.args[0].input.output!)).toMatchObject({
      taskId,
      step: 'screening',
      decision: eligible,
      completedBy: 'amina',
    });
  });

  it('marks the task completing with a write conditional on it being open at the version read, then completed', async () => {
    storedTask(ddb, task({ version: 7 }));

    await complete(eligible);

    const writes = ddb.commandCalls(TransactWriteCommand).map((call) => call.args[0].input.TransactItems!);
    expect(writes.length).toBeGreaterThanOrEqual(2);
    const begin = writes[0]![0]!.Update!;
    expect(begin.ConditionExpression).toBe('#version = :expected AND #status = :open AND attribute_not_exists(#assignee)');
    expect(begin.ExpressionAttributeValues).toMatchObject({ ':expected': 7, ':open': 'open' });
    expect(Object.values(begin.ExpressionAttributeValues!)).toContain('completing');
    const last = writes.at(-1)![0]!.Update!;
    expect(last.ConditionExpression).toContain('#status = :completing');
    expect(Object.values(last.ExpressionAttributeValues!)).toContain('completed');
    expect(writes.flat().filter((item) => item.Put?.Item?.type === 'task.completed')).toHaveLength(1);
  });

  it('a retry of the same decision by the same person answers 200 again, marked as replayed, without a second delivery', async () => {
    storedTask(
      ddb,
      task({ status: 'completed', completedBy: 'amina', completedAt: '2026-12-02T10:00:00.000Z', decision: eligible, version: 3 }),
    );

    const result = await complete(eligible);

    expect(result.statusCode).toBe(200);
    expect(result.headers?.['idempotent-replayed']).toBe('true');
    expect(parse(result)).toMatchObject({ status: 'completed', completedBy: 'amina' });
    expect(sfn.commandCalls(SendTaskSuccessCommand)).toHaveLength(0);
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(0);
  });
});

describe('a task completes once', () => {
  it('a task completes once: the second caseworker gets 409', async () => {
    storedTask(ddb, task({ status: 'completed', completedBy: 'amina', decision: eligible, version: 3 }));

    const result = await complete(eligible, { sub: 'youssef', groups: '[caseworker]' });

    expect(result.statusCode).toBe(409);
    expect(result.headers?.['content-type']).toBe('application/problem+json');
    expect(parse(result)).toMatchObject({ type: 'urn:casework:problem:taskAlreadyCompleted', status: 409 });
    expect(sfn.commandCalls(SendTaskSuccessCommand)).toHaveLength(0);
  });

  it('the same person with another decision also gets 409', async () => {
    storedTask(ddb, task({ status: 'completed', completedBy: 'amina', decision: eligible, version: 3 }));

    const result = await complete({ outcome: 'ineligible', reason: 'Holds a valid residence permit.' });

    expect(result.statusCode).toBe(409);
  });

  it('when two complete at the same moment, the one whose conditional write loses gets 409 and the workflow hears nothing from it', async () => {
    storedTask(ddb, task());
    ddb.on(TransactWriteCommand).rejects(conditionFailed());

    const result = await complete(eligible);

    expect(result.statusCode).toBe(409);
    expect(parse(result).type).toBe('urn:casework:problem:taskConcurrentUpdate');
    expect(sfn.commandCalls(SendTaskSuccessCommand)).toHaveLength(0);
  });

  it('a cancelled task (the case was closed) cannot be completed: 409', async () => {
    storedTask(ddb, task({ status: 'cancelled' }));

    const result = await complete(eligible);

    expect(result.statusCode).toBe(409);
    expect(parse(result).type).toBe('urn:casework:problem:taskNotOpen');
  });

  it(
    'told "closed", the task still completing after a bounded wait (begun a moment ago): 503 with Retry-After, never expired from here',
    { timeout: 30_000 },
    async () => {
      // The task as the first write left it: read again while the completion waits for whoever delivered it.
      ddb.on(GetCommand, { Key: keys.task(taskId) }).callsFake(() => {
        const begun = ddb.commandCalls(TransactWriteCommand)[0]?.args[0].input.TransactItems![0]!.Update;
        if (!begun) return { Item: { ...keys.task(taskId), entity: 'Task', ...task() } };
        const changes = Object.fromEntries(
          Object.entries(begun.ExpressionAttributeNames!)
            .filter(([alias]) => alias.startsWith('#a'))
            .map(([alias, name]) => [name, begun.ExpressionAttributeValues![`:v${alias.slice(2)}`]]),
        );
        return { Item: { ...keys.task(taskId), entity: 'Task', ...task(), ...changes, version: 2 } };
      });
      sfn.on(SendTaskSuccessCommand).rejects(new TaskTimedOut({ message: 'timed out', $metadata: {} }));

      const result = await complete(eligible, undefined, 'en');

      expect(result.statusCode).toBe(503);
      expect(result.headers?.['retry-after']).toBe('5');
      // Only the decision's begin was written: no expiry, no completion (the step's timeout path expires).
      expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(1);
      expect(JSON.stringify(ddb.commandCalls(TransactWriteCommand).map((c) => c.args[0].input))).not.toContain('expired');
    },
  );

  it('a SendTaskSuccess whose answer never came (timeout): 503 with Retry-After, nothing written after the begin', async () => {
    storedTask(ddb, task());
    sfn.on(SendTaskSuccessCommand).rejects(Object.assign(new Error('socket hang up'), { name: 'TimeoutError' }));
    const result = await complete(eligible, undefined, 'en');
    expect(result.statusCode).toBe(503);
    expect(result.headers?.['retry-after']).toBe('5');
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(1);
    expect(sfn.commandCalls(SendTaskSuccessCommand)).toHaveLength(1);
  });
});

describe('who may complete', () => {
  it('a supervisor cannot approve a case they screened', async () => {
    storedTask(ddb, task({ step: 'approval', roles: ['supervisor'], forbiddenActors: ['karim'] }));

    const result = await complete({ outcome: 'approved' }, { sub: 'karim', groups: '[supervisor caseworker]' });

    expect(result.statusCode).toBe(403);
    const problem = parse(result);
    expect(problem.type).toBe('urn:casework:problem:fourEyes');
    expect(problem.detail).toContain('un autre superviseur');
    expect(sfn.commandCalls(SendTaskSuccessCommand)).toHaveLength(0);
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(0);
  });

  it('the four-eyes refusal is explained in Arabic to an Arabic-speaking supervisor', async () => {
    storedTask(ddb, task({ step: 'approval', roles: ['supervisor'], forbiddenActors: ['karim'] }));

    const result = await complete({ outcome: 'approved' }, { sub: 'karim', groups: '[supervisor]' }, 'ar');

    expect(result.headers?.['content-language']).toBe('ar');
    expect(parse(result).detail).toContain('مشرف آخر');
  });

  it('another supervisor approves the same case', async () => {
    storedTask(ddb, task({ step: 'approval', roles: ['supervisor'], forbiddenActors: ['karim'] }));

    const result = await complete({ outcome: 'approved' }, { sub: 'leila', groups: '[supervisor]' });

    expect(result.statusCode).toBe(200);
  });

  it('a caseworker cannot complete the return approval: 403, the step is a supervisor’s', async () => {
    storedTask(ddb, task({ step: 'approval', roles: ['supervisor'] }));

    const result = await complete({ outcome: 'approved' });

    expect(result.statusCode).toBe(403);
    expect(parse(result).type).toBe('urn:casework:problem:roleNotAllowed');
  });

  it("a partner association does not even see another association's task: 404", async () => {
    storedTask(ddb, task({ step: 'check-in', roles: ['partner'], partnerId: 'assoc-oujda' }));

    const result = await complete({ outcome: 'unreachable', attempts: 3 }, { sub: 'p1', groups: '[partner]', partnerId: 'assoc-tanger' });

    expect(result.statusCode).toBe(404);
  });

  describe('a claimed task is completed by its claimant, or taken over by a supervisor', () => {
    const completions = () => ddb.commandCalls(TransactWriteCommand).map((call) => call.args[0].input.TransactItems!);

    it('another caseworker gets 403, told the task is claimed by someone else; nothing is written or sent', async () => {
      storedTask(ddb, task({ assignee: 'amina' }));

      const result = await complete(eligible, { sub: 'youssef', groups: '[caseworker]' }, 'en');

      expect(result.statusCode).toBe(403);
      expect(result.headers?.['content-type']).toBe('application/problem+json');
      const problem = parse(result);
      expect(problem.type).toBe('urn:casework:problem:taskClaimedByOther');
      expect(problem.detail).toMatch(/claimed/);
      expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(0);
      expect(sfn.commandCalls(SendTaskSuccessCommand)).toHaveLength(0);
    });

    it('in French and Arabic too', async () => {
      storedTask(ddb, task({ assignee: 'amina' }));
      expect(parse(await complete(eligible, { sub: 'youssef', groups: '[caseworker]' })).title).toMatch(/prise en charge/);
      expect(parse(await complete(eligible, { sub: 'youssef', groups: '[caseworker]' }, 'ar')).title).toMatch(/[\u0600-\u06FF]/);
    });

    it('the claimant completes it, with a write conditional on still being the claimant', async () => {
      storedTask(ddb, task({ assignee: 'amina' }));

      expect((await complete(eligible)).statusCode).toBe(200);

      const begin = completions()[0]![0]!.Update!;
      expect(begin.ConditionExpression).toBe('#version = :expected AND #status = :open AND #assignee = :claimant');
      expect(begin.ExpressionAttributeValues).toMatchObject({ ':claimant': 'amina' });
      expect(completions()[0]!.some((item) => item.Put?.Item?.type === 'task.taken-over')).toBe(false);
    });

    it('a supervisor who may do the step takes it over: recorded in the history, ids only, in the same write', async () => {
      storedTask(ddb, task({ assignee: 'amina' }));

      const result = await complete(eligible, { sub: 'salma', groups: '[caseworker supervisor]' });

      expect(result.statusCode).toBe(200);
      expect(parse(result)).toMatchObject({ completedBy: 'salma', assignee: 'salma' });
      const items = completions()[0]!;
      const begin = items[0]!.Update!;
      expect(begin.ConditionExpression).toBe('#version = :expected AND #status = :open AND #assignee = :claimant');
      expect(begin.ExpressionAttributeValues).toMatchObject({ ':claimant': 'amina' });
      expect(Object.values(begin.ExpressionAttributeValues!)).toContain('salma');
      const takenOver = items.find((item) => item.Put?.Item?.type === 'task.taken-over')!.Put!.Item!;
      expect(takenOver.actor).toEqual({ kind: 'staff', id: 'salma' });
      expect(takenOver.details).toEqual({ taskId, step: 'screening', from: 'amina' });
      expect(items.some((item) => item.Put?.Item?.type === 'task.completed')).toBe(true);
      // The claimant's queue entry goes with the others.
      expect(items.some((item) => item.Delete?.Key?.PK === 'TASKQ#USER#amina')).toBe(true);
    });

    it('an admin may take it over too', async () => {
      storedTask(ddb, task({ assignee: 'amina' }));
      expect((await complete(eligible, { sub: 'root', groups: '[admin]' })).statusCode).toBe(200);
    });

    it('a takeover does not widen the step’s roles, nor lift four eyes', async () => {
      storedTask(ddb, task({ assignee: 'amina' }));
      expect(parse(await complete(eligible, { sub: 'karim', groups: '[supervisor]' })).type).toBe('urn:casework:problem:roleNotAllowed');
      storedTask(ddb, task({ step: 'approval', roles: ['supervisor'], assignee: 'leila', forbiddenActors: ['karim'] }));
      expect(parse(await complete({ outcome: 'approved' }, { sub: 'karim', groups: '[supervisor]' })).type).toBe(
        'urn:casework:problem:fourEyes',
      );
    });

    it("a partner's task claimed by one of its users: another user of the same association gets 403", async () => {
      storedTask(ddb, task({ step: 'check-in', roles: ['caseworker', 'partner'], partnerId: 'assoc-oujda', assignee: 'p1' }));

      const result = await complete({ outcome: 'unreachable', attempts: 3 }, { sub: 'p2', groups: '[partner]', partnerId: 'assoc-oujda' });

      expect(result.statusCode).toBe(403);
      expect(parse(result).type).toBe('urn:casework:problem:taskClaimedByOther');
    });

    it('a claim that changes between the read and the write loses the conditional write: 409, nothing sent', async () => {
      storedTask(ddb, task({ assignee: 'amina' }));
      ddb.on(TransactWriteCommand).rejects(conditionFailed());

      const result = await complete(eligible);

      expect(result.statusCode).toBe(409);
      expect(sfn.commandCalls(SendTaskSuccessCommand)).toHaveLength(0);
    });
  });

  it('an unknown task is 404', async () => {
    const result = await complete(eligible);
    expect(result.statusCode).toBe(404);
  });
});

describe('the decision is checked against the step', () => {
  it('an invalid decision lists every field error in Arabic', async () => {
    storedTask(ddb, task());

    const result = await complete({ outcome: 'eligible', counsellingDone: false, notes: 42 }, undefined, 'ar');

    expect(result.statusCode).toBe(422);
    const problem = parse(result) as { type: string; title: string; errors: { pointer: string; code: string; message: string }[] };
    expect(problem.type).toBe('urn:casework:problem:decisionInvalid');
    expect(problem.title).toBe('يحتوي القرار على أخطاء');
    expect(problem.errors.map((error) => error.pointer).sort()).toEqual(
      ['/decision/counsellingDone', '/decision/escortRequired', '/decision/fitToTravelCheckRequired', '/decision/notes'].sort(),
    );
    for (const error of problem.errors) expect(error.message).toMatch(/[\u0600-\u06FF]/);
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(0);
    expect(sfn.commandCalls(SendTaskSuccessCommand)).toHaveLength(0);
  });

  it('each error names its field as the form labels it, and an attestation left unticked says so', async () => {
    storedTask(ddb, task());

    const result = await complete({ outcome: 'eligible', counsellingDone: false, fitToTravelCheckRequired: false }, undefined, 'fr');

    const problem = parse(result) as { errors: { pointer: string; message: string }[] };
    expect(Object.fromEntries(problem.errors.map((error) => [error.pointer, error.message]))).toEqual({
      '/decision/counsellingDone': 'Le champ « Conseil donné » doit être coché.',
      '/decision/escortRequired': 'Le champ « Escorte requise » est obligatoire.',
    });
  });

  it('a decision outside the budget ceiling of the task is refused with the field named', async () => {
    storedTask(ddb, task({ step: 'reintegration-plan', roles: ['caseworker'], context: { budgetCeilingEUR: 1500, householdSize: 1 } }));

    const result = await complete(
      { outcome: 'proposed', items: [{ category: 'business', description: 'Grocery shop', amountEUR: 4000 }] },
      undefined,
      'en',
    );

    expect(result.statusCode).toBe(422);
    const errors = (parse(result) as { errors: { pointer: string }[] }).errors;
    expect(errors.length).toBeGreaterThan(0);
    expect(errors.every((error) => error.pointer.startsWith('/decision'))).toBe(true);
  });

  it('a body without a decision is 422 naming /decision', async () => {
    storedTask(ddb, task());
    const result = await handler(
      httpEvent({
        method: 'POST',
        path: `/tasks/${taskId}/complete`,
        routeKey: 'POST /tasks/{taskId}/complete',
        pathParameters: { taskId },
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ outcome: 'eligible' }),
        claims: { sub: 'amina', 'cognito:groups': '[caseworker]' },
      }),
      lambdaContext,
    );
    expect(result.statusCode).toBe(422);
    expect((parse(result) as { errors: { pointer: string }[] }).errors.map((e) => e.pointer)).toContain('/decision');
  });

  it('a body giving a key twice is refused before anything is read: 400 with its pointer', async () => {
    storedTask(ddb, task());
    const result = await handler(
      httpEvent({
        method: 'POST',
        path: `/tasks/${taskId}/complete`,
        routeKey: 'POST /tasks/{taskId}/complete',
        pathParameters: { taskId },
        headers: { 'content-type': 'application/json', 'accept-language': 'en' },
        body: '{"decision":{"outcome":"ineligible","reason":"No counselling record.","outcome":"eligible"}}',
        claims: { sub: 'amina', 'cognito:groups': '[caseworker]' },
      }),
      lambdaContext,
    );
    expect(result.statusCode).toBe(400);
    expect(parse(result)).toMatchObject({ type: 'urn:casework:problem:duplicateJsonKey', errors: [{ pointer: '/decision/outcome' }] });
    expect(ddb.calls()).toHaveLength(0);
  });

  it('a body that is not JSON is refused before anything is read: 415', async () => {
    const result = await handler(
      httpEvent({
        method: 'POST',
        path: `/tasks/${taskId}/complete`,
        routeKey: 'POST /tasks/{taskId}/complete',
        pathParameters: { taskId },
        headers: { 'content-type': 'text/plain' },
        body: 'approved',
        claims: { sub: 'amina', 'cognito:groups': '[caseworker]' },
      }),
      lambdaContext,
    );
    expect(result.statusCode).toBe(415);
    expect(ddb.commandCalls(GetCommand)).toHaveLength(0);
  });
});
