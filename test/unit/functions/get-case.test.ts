// GET /cases/{caseId} with a mocked DynamoDB: one case with its tasks and what the workflows recorded.
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { mockClient } from 'aws-sdk-client-mock';
import { DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { keys } from '../../../functions/adapters/dynamodb/keys.ts';
import { amina, caseId, caseItem, oujda, parse, request, taskId, type Handler } from '../../support/case-handlers.ts';
import { useLocalFieldKeyFile } from '../../support/field-key.ts';
import { registeredAssociations } from '../../support/task-handlers.ts';

process.env.TABLE_NAME = 'casework-test';
process.env.POWERTOOLS_METRICS_DISABLED = 'true';
process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
useLocalFieldKeyFile();

const ddb = mockClient(DynamoDBDocumentClient);
let getCase: Handler;

beforeAll(async () => {
  getCase = ((await import('../../../functions/get-case/handler.ts')) as unknown as { handler: Handler }).handler;
});

beforeEach(() => {
  ddb.on(GetCommand).resolves({});
  ddb.on(QueryCommand).resolves({ Items: [] });
  registeredAssociations(ddb, 'assoc-oujda', 'assoc-tanger', 'assoc-nador');
});

afterEach(() => ddb.reset());

describe('GET /cases/{caseId}: one case', () => {
  it('includes its tasks and what the workflow recorded: closure, departure, check-ins, sustainability score', async () => {
    const score = { economic: 0.8, social: 0.7, psychosocial: 0.6, overall: 0.7, sustainable: true };
    ddb.on(GetCommand, { Key: keys.case(caseId) }).resolves({
      Item: {
        ...caseItem(1, { caseId, programme: 'avrr' }),
        departedAt: '2027-01-15T08:00:00.000Z',
        checkIns: { 'checkin-3': { outcome: 'completed', at: '2027-04-15T09:00:00.000Z', score } },
        latestSustainabilityScore: score,
        closureReason: 'completed',
        closedAt: '2028-01-15T09:00:00.000Z',
      },
    });
    ddb.on(QueryCommand).callsFake((input: { ExpressionAttributeValues: Record<string, string> }) =>
      input.ExpressionAttributeValues[':sk'] === 'TASK#'
        ? {
            Items: [
              {
                ...keys.caseTask(caseId, taskId),
                taskId,
                caseId,
                step: 'screening',
                status: 'completed',
                dueAt: '2026-12-08T09:00:00.000Z',
              },
            ],
          }
        : { Items: [] },
    );

    const result = await request(getCase, `/cases/${caseId}`, 'GET /cases/{caseId}', amina, { pathParameters: { caseId } });

    expect(result.statusCode).toBe(200);
    const body = parse(result);
    expect(body).toMatchObject({
      departedAt: '2027-01-15T08:00:00.000Z',
      closureReason: 'completed',
      closedAt: '2028-01-15T09:00:00.000Z',
      latestSustainabilityScore: score,
    });
    expect(body.checkIns).toHaveProperty('checkin-3');
    expect(body.tasks).toEqual([
      { taskId, step: 'screening', title: "Examen d'éligibilité et conseil", status: 'completed', dueAt: '2026-12-08T09:00:00.000Z' },
    ]);
    expect(body).not.toHaveProperty('GSI1PK');
    // Each task's title in the caller's language.
    const arabic = parse(
      await request(getCase, `/cases/${caseId}`, 'GET /cases/{caseId}', amina, { pathParameters: { caseId }, language: 'ar' }),
    );
    expect(arabic.tasks).toEqual([expect.objectContaining({ step: 'screening', title: 'فحص الأهلية والإرشاد' })]);
  });

  it('says the phase the case is in: the one its running execution recorded, and `closed` (with the phase it closed in) once closed', async () => {
    const read = async (extra: Record<string, unknown>) => {
      ddb
        .on(GetCommand, { Key: keys.case(caseId) })
        .resolves({ Item: caseItem(1, { caseId, programme: 'avrr', caseType: 'avrr', ...extra }) });
      const result = await request(getCase, `/cases/${caseId}`, 'GET /cases/{caseId}', amina, { pathParameters: { caseId } });
      expect(result.statusCode).toBe(200);
      return parse(result).workflow;
    };
    const phases = [
      { phase: 'return', title: 'Retour' },
      { phase: 'travel', title: 'Voyage' },
      { phase: 'reintegration', title: 'Réintégration' },
      { phase: 'check-in', title: expect.any(String) },
    ];
    expect(await read({ stage: 'ticket', workflow: { phase: 'travel', executionName: `${caseId}-travel` } })).toEqual({
      phase: 'travel',
      executionName: `${caseId}-travel`,
      title: 'Voyage',
      phases,
    });
    expect(
      await read({
        status: 'closed',
        stage: 'closed',
        closureReason: 'reintegration-completed',
        closedAt: '2028-01-15T09:00:00.000Z',
        workflow: { phase: 'check-in', executionName: `${caseId}-checkin-12` },
      }),
    ).toEqual({ phase: 'closed', lastPhase: 'check-in', executionName: `${caseId}-checkin-12`, title: 'Clos', phases });
    expect(await read({})).toBeUndefined();
  });

  it('lists what needs attention: each failure not resolved yet, none once all are resolved', async () => {
    const waiting = { state: 'Record service', error: 'States.TaskFailed', at: '2026-12-02T10:00:01.000Z', entry: 'e-2' };
    const resolved = {
      state: 'Record assessment',
      error: 'CaseConflict',
      at: '2026-12-02T10:00:00.000Z',
      entry: 'e-1',
      resolution: { outcome: 'retry', taskId: 'task-1', at: '2026-12-02T11:00:00.000Z' },
    };
    const read = async (attention: Record<string, unknown>) => {
      ddb.on(GetCommand, { Key: keys.case(caseId) }).resolves({ Item: { ...caseItem(1, { caseId, programme: 'avrr' }), attention } });
      const result = await request(getCase, `/cases/${caseId}`, 'GET /cases/{caseId}', amina, { pathParameters: { caseId } });
      expect(result.statusCode).toBe(200);
      return parse(result);
    };
    expect((await read({ 'flag-1': resolved, 'flag-2': waiting })).attention).toEqual([
      { flagId: 'flag-2', state: 'Record service', error: 'States.TaskFailed', at: '2026-12-02T10:00:01.000Z' },
    ]);
    expect(await read({ 'flag-1': resolved })).not.toHaveProperty('attention');
    // A flag written as the single one of before: listed as it was.
    expect(
      (await read({ state: 'Close: ineligible', error: 'CaseStoreUnavailable', at: waiting.at, flagId: 'exec#Needs attention#t' }))
        .attention,
    ).toEqual([{ flagId: 'exec#Needs attention#t', state: 'Close: ineligible', error: 'CaseStoreUnavailable', at: waiting.at }]);
  });

  it('a partner asking for a case not shared with it is told it does not exist: 404, and neither persons nor tasks are read', async () => {
    ddb.on(GetCommand, { Key: keys.case(caseId) }).resolves({ Item: caseItem(1, { caseId, partnerId: 'assoc-tanger' }) });

    const result = await request(getCase, `/cases/${caseId}`, 'GET /cases/{caseId}', oujda, { pathParameters: { caseId } });

    expect(result.statusCode).toBe(404);
    // Only the case's shares are read, to decide: neither persons nor tasks.
    expect(ddb.commandCalls(QueryCommand).map((call) => call.args[0].input.ExpressionAttributeValues?.[':sk'] as unknown)).toEqual([
      'SHARE#',
    ]);
  });

  it('shows its links to the person’s cases in other programmes: all to staff, to a partner only those it may see', async () => {
    const visible = '22222222-3333-4444-8555-000000000001';
    const hidden = '22222222-3333-4444-8555-000000000002';
    const links = [
      { caseId: visible, programme: 'avrr', relation: 'referred-to' },
      { caseId: hidden, programme: 'avrr', relation: 'referred-to' },
    ];
    ddb.on(GetCommand, { Key: keys.case(caseId) }).resolves({ Item: caseItem(1, { caseId, partnerId: 'assoc-oujda', links }) });
    ddb.on(GetCommand, { Key: keys.case(visible) }).resolves({ Item: caseItem(2, { caseId: visible, partnerId: 'assoc-oujda' }) });
    ddb.on(GetCommand, { Key: keys.case(hidden) }).resolves({ Item: caseItem(3, { caseId: hidden }) });
    const asStaff = await request(getCase, `/cases/${caseId}`, 'GET /cases/{caseId}', amina, { pathParameters: { caseId } });
    expect(parse(asStaff).links).toEqual(links);
    const asPartner = await request(getCase, `/cases/${caseId}`, 'GET /cases/{caseId}', oujda, { pathParameters: { caseId } });
    expect(parse(asPartner).links).toEqual([links[0]]);
  });

  it('the partner it is shared with sees it', async () => {
    ddb.on(GetCommand, { Key: keys.case(caseId) }).resolves({ Item: caseItem(1, { caseId, partnerId: 'assoc-oujda' }) });
    const result = await request(getCase, `/cases/${caseId}`, 'GET /cases/{caseId}', oujda, { pathParameters: { caseId } });
    expect(result.statusCode).toBe(200);
    expect(parse(result)).toMatchObject({ caseId, partnerId: 'assoc-oujda', persons: [], tasks: [] });
  });

  describe('a case shared with a partner by a share', () => {
    const share = (extra: Record<string, unknown> = {}) => ({
      ...keys.caseShare(caseId, 'a0000000-0000-4000-a000-000000000001'),
      entity: 'CaseShare',
      shareId: 'a0000000-0000-4000-a000-000000000001',
      caseId,
      partnerId: 'assoc-oujda',
      scope: 'case',
      purpose: 'referral',
      until: '2999-01-01T00:00:00.000Z',
      createdAt: '2026-01-01T00:00:00.000Z',
      createdBy: 'amina',
      ...extra,
    });
    const read = () => request(getCase, `/cases/${caseId}`, 'GET /cases/{caseId}', oujda, { pathParameters: { caseId } });
    const sharesAre = (items: object[]) =>
      ddb.on(QueryCommand, { ExpressionAttributeValues: { ':pk': `CASE#${caseId}`, ':sk': 'SHARE#' } }).resolves({ Items: items });

    beforeEach(() => {
      ddb.on(GetCommand, { Key: keys.case(caseId) }).resolves({ Item: caseItem(1, { caseId }) });
    });

    it('an active share shows the case, the read is recorded, and the shares are not shown to the partner', async () => {
      sharesAre([share()]);
      const result = await read();
      expect(result.statusCode).toBe(200);
      expect(parse(result)).not.toHaveProperty('shares');
      // The case history's own record (the access log's is asserted in access-log.test.ts).
      const recorded = ddb
        .commandCalls(PutCommand)
        .map((call) => call.args[0].input.Item!)
        .filter((item) => !String(item.PK).startsWith('ACCESS#'));
      expect(recorded).toEqual([
        expect.objectContaining({ type: 'case.read-by-partner', details: { partnerId: 'assoc-oujda', what: 'case' } }),
      ]);
    });

    it('a revoked, an expired, or another partner’s share does not', async () => {
      for (const ended of [
        share({ revokedAt: '2026-02-01T00:00:00.000Z' }),
        share({ until: '2020-01-01T00:00:00.000Z' }),
        share({ partnerId: 'assoc-tanger' }),
      ]) {
        sharesAre([ended]);
        expect((await read()).statusCode).toBe(404);
      }
      expect(ddb.commandCalls(PutCommand)).toHaveLength(0);
    });

    it('a one-service share shows the case without its persons (which are not even read)', async () => {
      sharesAre([share({ scope: { service: 'medical' } })]);
      const result = await read();
      expect(result.statusCode).toBe(200);
      expect(parse(result)).toMatchObject({ persons: [] });
      const sks = ddb.commandCalls(QueryCommand).map((call) => call.args[0].input.ExpressionAttributeValues?.[':sk'] as unknown);
      expect(sks).not.toContain('PERSON#');
    });
  });
});

describe('GET /cases/{caseId}: consents by purpose and the notice shown', () => {
  const at = '2026-12-01T09:00:00.000Z';
  const consents = [
    {
      purpose: 'processing',
      basis: 'vital-interests',
      given: false,
      source: 'intake',
      at,
      justificationNoteId: '30000000-0000-4000-a000-000000000000',
    },
    { purpose: 'follow-up-contact', basis: 'consent', given: false, source: 'staff', at, givenAt: at, revokedAt: at, revokedBy: 'amina' },
    { purpose: 'sharing', partnerId: 'assoc-oujda', basis: 'consent', given: true, source: 'intake', at, givenAt: at },
    { purpose: 'sharing', partnerId: 'unicef', basis: 'consent', given: true, source: 'intake', at, givenAt: at },
  ];
  const notice = {
    formId: 'youth-enrolment',
    formVersion: 2,
    noticeVersion: 'a'.repeat(64),
    language: 'ar',
    languageSource: 'notice-language-header',
    cndpReference: 'D-GC-123/2026',
  };
  const stored = () =>
    ddb.on(GetCommand, { Key: keys.case(caseId) }).resolves({
      Item: caseItem(1, {
        caseId,
        partnerId: 'assoc-oujda',
        facts: { consentSharingWithPartners: ['assoc-oujda', 'unicef'], consentFollowUpContact: false },
        consents,
        notice,
      }),
    });

  it('staff see every consent record, with its basis, when and by whom, and the notice record', async () => {
    stored();
    const body = parse(await request(getCase, `/cases/${caseId}`, 'GET /cases/{caseId}', amina, { pathParameters: { caseId } }));
    expect(body.consents).toEqual(consents);
    expect(body.notice).toEqual(notice);
  });

  it('a partner sees processing, follow-up contact and its own sharing record, not whom else the case may go to, nor the notice', async () => {
    stored();
    ddb.on(PutCommand).resolves({});
    const body = parse(await request(getCase, `/cases/${caseId}`, 'GET /cases/{caseId}', oujda, { pathParameters: { caseId } }));
    expect((body.consents as { purpose: string; partnerId?: string }[]).map((c) => [c.purpose, c.partnerId])).toEqual([
      ['processing', undefined],
      ['follow-up-contact', undefined],
      ['sharing', 'assoc-oujda'],
    ]);
    expect(JSON.stringify(body)).not.toContain('unicef');
    expect(body).not.toHaveProperty('notice');
  });

  it('a case stored before consent records has them derived from its flags', async () => {
    ddb.on(GetCommand, { Key: keys.case(caseId) }).resolves({
      Item: caseItem(1, { caseId, facts: { consentProcessing: true, consentFollowUpContact: false, consentSharingWithPartners: [] } }),
    });
    const body = parse(await request(getCase, `/cases/${caseId}`, 'GET /cases/{caseId}', amina, { pathParameters: { caseId } }));
    expect((body.consents as { purpose: string; basis: string; given: boolean }[]).map((c) => [c.purpose, c.basis, c.given])).toEqual([
      ['processing', 'consent', true],
      ['follow-up-contact', 'consent', false],
      ['sharing', 'consent', false],
    ]);
  });
});
