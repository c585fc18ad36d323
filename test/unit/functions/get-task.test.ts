// GET /tasks/{taskId} with a mocked DynamoDB: what a caseworker, a supervisor or a partner sees of one task.
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { mockClient } from 'aws-sdk-client-mock';
import { DynamoDBDocumentClient, GetCommand, QueryCommand, PutCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { keys } from '../../../functions/adapters/dynamodb/keys.ts';
import { httpEvent, lambdaContext } from '../../support/events.ts';
import {
  amina,
  callTask,
  karim,
  parse,
  storedTask,
  task,
  taskId,
  type Handler,
  registeredAssociations,
} from '../../support/task-handlers.ts';

process.env.TABLE_NAME = 'casework-test';
process.env.POWERTOOLS_METRICS_DISABLED = 'true';
process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';

const ddb = mockClient(DynamoDBDocumentClient);
let getTask: Handler;

beforeAll(async () => {
  getTask = ((await import('../../../functions/get-task/handler.ts')) as unknown as { handler: Handler }).handler;
});

beforeEach(() => {
  ddb.on(GetCommand).resolves({});
  // The case's shares, read for a partner caller: none unless a test says so.
  ddb.on(QueryCommand).resolves({ Items: [] });
  ddb.on(TransactWriteCommand).resolves({});
  registeredAssociations(ddb, 'assoc-oujda', 'assoc-tanger', 'assoc-nador');
});

afterEach(() => ddb.reset());

describe('a caseworker opens a task', () => {
  it('sees the step title in their language and the decision to record, as JSON Schema with one example per outcome', async () => {
    storedTask(ddb, task());

    const result = await callTask(getTask, 'GET', '', amina, { language: 'en' });

    expect(result.statusCode).toBe(200);
    const body = parse(result) as {
      task: Record<string, unknown>;
      title: string;
      decision: { oneOf?: unknown[]; anyOf?: unknown[]; examples: { outcome: string }[] };
      mayComplete: boolean;
    };
    expect(body.title).toBe('Eligibility screening and counselling');
    expect(body.task).toMatchObject({ taskId, step: 'screening', status: 'open' });
    expect(body.task).not.toHaveProperty('forbiddenActors');
    expect(body.decision.examples.map((example) => example.outcome)).toEqual(['eligible', 'ineligible', 'more-information-needed']);
    expect(JSON.stringify(body.decision)).toContain('counsellingDone');
    expect(body.mayComplete).toBe(true);
    expect(body).toMatchObject({ mayReassign: false });
  });

  it('a supervisor may hand an open task to someone else; nobody may hand a completed one', async () => {
    storedTask(ddb, task({ step: 'approval', roles: ['supervisor'], forbiddenActors: ['karim'] }));
    expect(parse(await callTask(getTask, 'GET', '', karim))).toMatchObject({ mayReassign: true });
    storedTask(ddb, task({ step: 'approval', roles: ['supervisor'], status: 'completed' }));
    expect(parse(await callTask(getTask, 'GET', '', karim))).toMatchObject({ mayReassign: false });
  });

  it('never reads the task token', async () => {
    storedTask(ddb, task());
    await callTask(getTask, 'GET', '', amina);
    const readKeys = ddb.commandCalls(GetCommand).map((c) => c.args[0].input.Key);
    expect(readKeys).toEqual([keys.task(taskId)]);
  });

  it('the supervisor who screened the case sees the approval but may not complete it (four eyes)', async () => {
    storedTask(ddb, task({ step: 'approval', roles: ['supervisor'], forbiddenActors: ['karim'] }));

    const body = parse(await callTask(getTask, 'GET', '', karim));

    expect(body).toMatchObject({ mayComplete: false, notAllowedBecause: 'four-eyes' });
  });

  it('a caseworker sees the approval but may not complete it (role)', async () => {
    storedTask(ddb, task({ step: 'approval', roles: ['supervisor'] }));
    expect(parse(await callTask(getTask, 'GET', '', amina))).toMatchObject({ mayComplete: false, notAllowedBecause: 'role' });
  });

  it("another association's task does not exist for a partner: 404", async () => {
    storedTask(ddb, task({ step: 'check-in', roles: ['partner'], partnerId: 'assoc-oujda' }));
    const result = await callTask(getTask, 'GET', '', { sub: 'p1', groups: '[partner]', partnerId: 'assoc-tanger' });
    expect(result.statusCode).toBe(404);
    expect(ddb.commandCalls(PutCommand)).toHaveLength(0);
  });

  it("a partner's read of its association's task is recorded in the case's history (ids only); staff reads are not", async () => {
    storedTask(ddb, task({ step: 'check-in', roles: ['partner'], partnerId: 'assoc-oujda' }));
    expect((await callTask(getTask, 'GET', '', { sub: 'p1', groups: '[partner]', partnerId: 'assoc-oujda' })).statusCode).toBe(200);
    // The case history's own record (the access log's is asserted in access-log.test.ts).
    const historyPuts = () =>
      ddb
        .commandCalls(PutCommand)
        .map((call) => call.args[0].input.Item!)
        .filter((item) => !String(item.PK).startsWith('ACCESS#'));
    expect(historyPuts()).toEqual([
      expect.objectContaining({
        type: 'case.read-by-partner',
        actor: { kind: 'partner', id: 'p1' },
        details: { partnerId: 'assoc-oujda', what: 'task' },
      }),
    ]);
    await callTask(getTask, 'GET', '', amina);
    expect(historyPuts()).toHaveLength(1);
  });

  it("a partner sees a partner step of a case shared whole with it, from the case's shares read with the request", async () => {
    storedTask(ddb, task({ step: 'check-in', roles: ['caseworker', 'partner'] }));
    const tanger = { sub: 'p2', groups: '[partner]', partnerId: 'assoc-tanger' };
    const shareItem = (overrides: Record<string, unknown>) => ({
      shareId: 's-1',
      caseId: task().caseId,
      partnerId: 'assoc-tanger',
      scope: 'case',
      purpose: 'referral',
      until: '2999-01-01T00:00:00.000Z',
      createdAt: '2026-01-01T00:00:00.000Z',
      createdBy: 'amina',
      ...overrides,
    });
    ddb.on(QueryCommand).resolves({ Items: [shareItem({})] });
    const seen = await callTask(getTask, 'GET', '', tanger);
    expect(seen.statusCode).toBe(200);
    expect(parse(seen)).toMatchObject({ mayComplete: true });
    expect(ddb.commandCalls(QueryCommand)[0]!.args[0].input.ExpressionAttributeValues).toEqual({
      ':pk': `CASE#${task().caseId}`,
      ':sk': 'SHARE#',
    });

    for (const ended of [
      { revokedAt: '2026-02-01T00:00:00.000Z' },
      { until: '2026-02-01T00:00:00.000Z' },
      { scope: { service: 'medical' } },
    ]) {
      ddb.on(QueryCommand).resolves({ Items: [shareItem(ended)] });
      expect((await callTask(getTask, 'GET', '', tanger)).statusCode).toBe(404);
    }
  });

  it('an id that is not a task id is 404 without a read', async () => {
    const result = await getTask(
      httpEvent({
        method: 'GET',
        path: '/tasks/..',
        routeKey: 'GET /tasks/{taskId}',
        pathParameters: { taskId: '..' },
        claims: { sub: 'amina', 'cognito:groups': '[caseworker]' },
      }),
      lambdaContext,
    );
    expect(result.statusCode).toBe(404);
    expect(ddb.commandCalls(GetCommand)).toHaveLength(0);
  });
});

describe('an approval shows what it approves', () => {
  const planTaskId = '0a1b2c3d-4e5f-4a6b-a7c8-000000000001';
  const plan = {
    outcome: 'proposed',
    actions: [{ domain: 'governance', description: 'Réunir le bureau chaque trimestre', owner: 'Président', dueDate: '2027-03-31' }],
  };
  const approval = (context: Record<string, unknown>) =>
    task({ step: 'capacity-plan-approval', programme: 'youth-employability', roles: ['caseworker', 'supervisor'], context });
  const storePlan = (overrides: Partial<ReturnType<typeof task>> = {}) =>
    ddb.on(GetCommand, { Key: keys.task(planTaskId) }).resolves({
      Item: {
        ...keys.task(planTaskId),
        entity: 'Task',
        ...task({
          taskId: planTaskId,
          step: 'capacity-plan',
          programme: 'youth-employability',
          roles: ['caseworker', 'partner'],
          status: 'completed',
          completedAt: '2026-12-02T09:00:00.000Z',
          decision: plan,
          ...overrides,
        }),
      },
    });

  it('the capacity plan’s approval carries the plan in full (actions with domain, owner and due date), its read logged', async () => {
    storedTask(ddb, approval({ planTaskId, instrumentVersion: 2, actions: [{ domain: 'governance', dueDate: '2027-03-31' }] }));
    storePlan();
    const body = parse(await callTask(getTask, 'GET', '', karim, { language: 'en' })) as { relatedTask: Record<string, unknown> };
    expect(body.relatedTask).toEqual({
      taskId: planTaskId,
      step: 'capacity-plan',
      title: 'Capacity-building plan',
      status: 'completed',
      completedAt: '2026-12-02T09:00:00.000Z',
      decision: plan,
      context: {},
    });
    const logged = ddb
      .commandCalls(PutCommand)
      .map((call) => call.args[0].input.Item!)
      .filter((item) => String(item.PK).startsWith('ACCESS#'));
    expect(logged.map((item) => String(item.taskId))).toEqual(expect.arrayContaining([taskId, planTaskId]));
  });

  it('a plan task of another case, or none, is not shown', async () => {
    storedTask(ddb, approval({ planTaskId }));
    storePlan({ caseId: '99999999-2222-4333-8444-555555555555' });
    expect(parse(await callTask(getTask, 'GET', '', karim))).not.toHaveProperty('relatedTask');
    storedTask(ddb, approval({ planTaskId: 'not-a-task' }));
    expect(parse(await callTask(getTask, 'GET', '', karim))).not.toHaveProperty('relatedTask');
  });
});

describe('a four-eyes approval shows what it approves and the decisions before it', () => {
  const planId = '0a1b2c3d-4e5f-4a6b-a7c8-000000000011';
  const firstPlanId = '0a1b2c3d-4e5f-4a6b-a7c8-000000000012';
  const firstApprovalId = '0a1b2c3d-4e5f-4a6b-a7c8-000000000013';
  const plan = { outcome: 'proposed', items: [{ category: 'business', description: 'Petit commerce', amountEUR: 1500 }] };
  const stored = (record: ReturnType<typeof task>) =>
    ddb.on(GetCommand, { Key: keys.task(record.taskId) }).resolves({ Item: { ...keys.task(record.taskId), entity: 'Task', ...record } });
  const links = (...records: ReturnType<typeof task>[]) =>
    ddb.on(QueryCommand).callsFake((input: { ExpressionAttributeValues: Record<string, string> }) =>
      input.ExpressionAttributeValues[':sk'] === 'TASK#'
        ? {
            Items: records.map((record) => ({
              ...keys.caseTask(record.caseId, record.taskId),
              taskId: record.taskId,
              caseId: record.caseId,
              step: record.step,
              status: record.status,
              dueAt: record.dueAt,
            })),
          }
        : { Items: [] },
    );

  it("the reintegration plan's approval carries the plan, its budget ceiling and the earlier round, newest first", async () => {
    const approval = task({ step: 'plan-approval', phase: 'reintegration', roles: ['supervisor'], forbiddenActors: ['amina'] });
    const current = task({
      taskId: planId,
      step: 'reintegration-plan',
      phase: 'reintegration',
      status: 'completed',
      completedAt: '2027-02-10T09:00:00.000Z',
      completedBy: 'amina',
      context: { budgetCeilingEUR: 2000, householdSize: 1 },
      decision: plan,
    });
    const first = task({
      taskId: firstPlanId,
      step: 'reintegration-plan',
      phase: 'reintegration',
      status: 'completed',
      completedAt: '2027-02-01T09:00:00.000Z',
      completedBy: 'amina',
      context: { budgetCeilingEUR: 2000, householdSize: 1 },
      decision: { ...plan, items: [{ category: 'business', description: 'Grand commerce', amountEUR: 1999 }] },
    });
    const rejected = task({
      taskId: firstApprovalId,
      step: 'plan-approval',
      phase: 'reintegration',
      status: 'completed',
      completedAt: '2027-02-05T09:00:00.000Z',
      completedBy: 'karim',
      decision: { outcome: 'rejected', reason: 'Budget trop serré pour le stock initial.' },
    });
    storedTask(ddb, approval);
    for (const record of [current, first, rejected]) stored(record);
    links(approval, first, rejected, current);

    const body = parse(await callTask(getTask, 'GET', '', karim, { language: 'ar' }));

    expect(body.relatedTask).toEqual({
      taskId: planId,
      step: 'reintegration-plan',
      title: 'خطة إعادة الإدماج',
      status: 'completed',
      completedAt: '2027-02-10T09:00:00.000Z',
      completedBy: 'amina',
      decision: plan,
      context: { budgetCeilingEUR: 2000, householdSize: 1 },
    });
    expect((body.previousDecisions as { taskId: string }[]).map((earlier) => earlier.taskId)).toEqual([firstApprovalId, firstPlanId]);
    expect(body.previousDecisions).toContainEqual(
      expect.objectContaining({
        step: 'plan-approval',
        decision: { outcome: 'rejected', reason: 'Budget trop serré pour le stock initial.' },
      }),
    );
    // Every task shown is in the access log.
    const logged = ddb
      .commandCalls(PutCommand)
      .map((call) => call.args[0].input.Item!)
      .filter((item) => String(item.PK).startsWith('ACCESS#'))
      .map((item) => String(item.taskId));
    expect(logged).toEqual(expect.arrayContaining([taskId, planId, firstPlanId, firstApprovalId]));
  });

  it('the return approval shows the screening it approves; a step that approves nothing shows none', async () => {
    const screening = task({
      taskId: planId,
      status: 'completed',
      completedAt: '2026-12-02T09:00:00.000Z',
      completedBy: 'amina',
      decision: { outcome: 'eligible', counsellingDone: true, fitToTravelCheckRequired: false, escortRequired: false },
    });
    storedTask(ddb, task({ step: 'approval', roles: ['supervisor'] }));
    stored(screening);
    links(screening);
    const body = parse(await callTask(getTask, 'GET', '', karim, { language: 'en' }));
    expect(body.relatedTask).toMatchObject({ taskId: planId, step: 'screening', title: 'Eligibility screening and counselling' });
    expect(body).not.toHaveProperty('previousDecisions');

    storedTask(ddb, task({ step: 'ticket' }));
    const ticket = parse(await callTask(getTask, 'GET', '', amina));
    expect(ticket).not.toHaveProperty('relatedTask');
  });
});
