// Referral to AVRR, the linked cases' reactions and reopening, as transactions on DynamoDB Local.
import { beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { GetCommand, QueryCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { getForm } from '../../domain/forms/index.ts';
import { submitForm } from '../../domain/intake/submit-form.ts';
import { referCase, ReferralRefused } from '../../domain/cases/referral.ts';
import { reopenCase } from '../../domain/cases/reopening.ts';
import { setStage, withdrawCase } from '../../domain/cases/case-actions.ts';
import { DynamoIntakeStore } from '../../functions/adapters/dynamodb/intake-store.ts';
import { DynamoReferralStore } from '../../functions/adapters/dynamodb/referral-store.ts';
import { DynamoCaseStore } from '../../functions/adapters/dynamodb/case-store.ts';
import { DynamoCaseReader } from '../../functions/adapters/dynamodb/case-reader.ts';
import type { FieldCipher } from '../../functions/adapters/encryption/field-cipher.ts';
import { freshTable } from '../support/table.ts';
import { localFieldCipher } from '../support/field-key.ts';
import { testNotice } from '../support/notice.ts';
import { stoppablePhases } from '../../domain/programmes/index.ts';

let documentClient: DynamoDBDocumentClient;
let tableName: string;
let cipher: FieldCipher;
let referrals: DynamoReferralStore;
let cases: DynamoCaseStore;
let reader: DynamoCaseReader;
const now = () => new Date('2026-12-01T09:00:00Z');
const amina = { sub: 'amina', groups: ['caseworker' as const] };

beforeAll(async () => {
  ({ tableName, documentClient } = await freshTable());
  cipher = localFieldCipher();
  referrals = new DynamoReferralStore(documentClient, tableName, cipher);
  cases = new DynamoCaseStore(documentClient, tableName, cipher);
  reader = new DynamoCaseReader(documentClient, tableName, cipher);
});

/** A protection referral as submitted: example 1 is an adult who consents, example 0 a child referred on her best interests. */
async function protectionCase(example = 1): Promise<string> {
  const body = getForm('protection-referral')!.examples[example];
  const { receipt } = await submitForm(
    {
      formId: 'protection-referral',
      rawBody: JSON.stringify(body),
      body,
      idempotencyKey: `it-${randomUUID()}`,
      language: 'fr',
      notice: testNotice,
    },
    { store: new DynamoIntakeStore(documentClient, tableName, cipher), now },
  );
  return receipt.caseId;
}

const item = async (PK: string, SK: string) =>
  (await documentClient.send(new GetCommand({ TableName: tableName, Key: { PK, SK }, ConsistentRead: true }))).Item;
const partition = async (caseId: string) =>
  (
    await documentClient.send(
      new QueryCommand({
        TableName: tableName,
        KeyConditionExpression: 'PK = :pk',
        ExpressionAttributeValues: { ':pk': `CASE#${caseId}` },
        ConsistentRead: true,
      }),
    )
  ).Items ?? [];
const historyOf = async (caseId: string) => (await reader.getHistory(caseId)).map((e) => ({ type: e.type, details: e.details }));

describe('referring a protection case to AVRR', () => {
  it('stores the linked AVRR case, its person sealed again under it, its workflow start and both histories in one transaction', async () => {
    const sourceId = await protectionCase();
    const target = await referCase({ caseId: sourceId, programme: 'avrr', actor: amina }, { store: referrals, now });

    const source = await cases.getCase(sourceId);
    expect(source).toMatchObject({
      stage: 'referred-to-avrr',
      links: [{ caseId: target.caseId, programme: 'avrr', relation: 'referred-to' }],
    });
    expect(await cases.getCase(target.caseId)).toMatchObject({
      programme: 'avrr',
      caseType: 'avrr',
      reference: expect.stringMatching(/^AVRR-2026-\d{6}$/) as unknown,
      links: [{ caseId: sourceId, programme: 'protection', relation: 'referred-from' }],
      workflow: { phase: 'return' },
    });
    // The person, carried over: the same data (the sensitive answer opened under the new case), one subject.
    const [before] = (await reader.getPersons(sourceId)).filter((p) => p.role === 'applicant');
    const after = await reader.getPersons(target.caseId);
    expect(after.map((p) => p.role)).toEqual(['applicant']);
    expect(after[0]).toMatchObject({ data: before!.data, subjectId: before!.personId, caseId: target.caseId });
    const raw = await item(`CASE#${target.caseId}`, `PERSON#${after[0]!.personId}`);
    expect((raw!.data as Record<string, unknown>).vulnerabilityDetails).toBeInstanceOf(Uint8Array);
    // Both records under one subject, the source's written explicitly (as a confirmed match does): the
    // officer's search, export and erasure of the subject reach both cases.
    expect(await item(`CASE#${sourceId}`, `PERSON#${before!.personId}`)).toMatchObject({ subjectId: before!.personId });
    const subject = await documentClient.send(
      new QueryCommand({
        TableName: tableName,
        KeyConditionExpression: 'PK = :pk',
        ExpressionAttributeValues: { ':pk': `SUBJECT#${before!.personId}` },
        ConsistentRead: true,
      }),
    );
    expect((subject.Items ?? []).map((entry) => String(entry.caseId)).sort()).toEqual([sourceId, target.caseId].sort());
    // The reference is the case's, its workflow is requested, the person is found by the data-protection officer.
    expect(await item(`CASEREF#${target.reference}`, 'CASEREF')).toMatchObject({ caseId: target.caseId });
    expect(await item(`CASE#${target.caseId}`, 'WORKFLOW#return')).toMatchObject({
      entity: 'WorkflowStart',
      executionName: `${target.caseId}-return`,
      input: { caseType: 'avrr', phase: 'return' },
    });
    expect((await historyOf(sourceId)).map((e) => e.type)).toContain('case.referred');
    expect(await historyOf(target.caseId)).toEqual([
      { type: 'case.referred-in', details: expect.objectContaining({ fromCaseId: sourceId, basis: 'consent', personCount: 1 }) as unknown },
    ]);
  });

  it('of two referrals at once, one opens the AVRR case; the other is refused naming it', async () => {
    const sourceId = await protectionCase();
    const results = await Promise.allSettled([
      referCase({ caseId: sourceId, programme: 'avrr', actor: amina }, { store: referrals, now }),
      referCase({ caseId: sourceId, programme: 'avrr', actor: amina }, { store: referrals, now }),
    ]);
    const created = results.filter((r) => r.status === 'fulfilled');
    const refused = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(created).toHaveLength(1);
    expect(refused[0]!.reason).toBeInstanceOf(ReferralRefused);
    expect(refused[0]!.reason).toMatchObject({ reason: 'already-referred', existing: { caseId: created[0]!.value.caseId } });
    expect((await cases.getCase(sourceId))!.links).toHaveLength(1);
  });
});

describe('the protection case follows its AVRR case', () => {
  it('a withdrawal tells the protection case, whose own execution runs until closure: no second execution', async () => {
    // Its execution is recorded on it (each records itself as it starts): it is the running one.
    const sourceId = await protectionCase();
    const target = await referCase({ caseId: sourceId, programme: 'avrr', actor: amina }, { store: referrals, now });
    await withdrawCase(
      { caseId: target.caseId, reasonCode: 'family-reasons', actor: { kind: 'staff', id: 'amina' } },
      { store: cases, now, stoppablePhases },
    );

    // Back at the stage its workflow had reached (here none yet beyond intake's), no second execution.
    expect(await cases.getCase(sourceId)).toMatchObject({ status: 'open', stage: 'submitted' });
    expect(await cases.getCase(sourceId)).not.toHaveProperty('followUpCount');
    expect(await historyOf(sourceId)).toContainEqual({
      type: 'case.linked-case-closed',
      details: expect.objectContaining({ linkedCaseId: target.caseId, reason: 'withdrawn', followUp: 'in-running-workflow' }) as unknown,
    });
    expect(await item(`CASE#${sourceId}`, `WORKFLOW#main#${sourceId}-follow-up-1`)).toBeUndefined();
  });

  it('with no workflow known to run for it, a withdrawal requests its follow-up execution, in the withdrawal’s transaction', async () => {
    const sourceId = await protectionCase();
    const target = await referCase({ caseId: sourceId, programme: 'avrr', actor: amina }, { store: referrals, now });
    await documentClient.send(
      new UpdateCommand({ TableName: tableName, Key: { PK: `CASE#${sourceId}`, SK: 'CASE' }, UpdateExpression: 'REMOVE workflow' }),
    );
    await withdrawCase(
      { caseId: target.caseId, reasonCode: 'family-reasons', actor: { kind: 'staff', id: 'amina' } },
      { store: cases, now, stoppablePhases },
    );

    expect(await cases.getCase(sourceId)).toMatchObject({ status: 'open', stage: 'follow-up', followUpCount: 1 });
    expect(await historyOf(sourceId)).toContainEqual({
      type: 'case.linked-case-closed',
      details: expect.objectContaining({
        linkedCaseId: target.caseId,
        reason: 'withdrawn',
        followUp: `${sourceId}-follow-up-1`,
      }) as unknown,
    });
    expect(await item(`CASE#${sourceId}`, `WORKFLOW#main#${sourceId}-follow-up-1`)).toMatchObject({
      entity: 'WorkflowStart',
      input: { entry: 'follow-up', phase: 'main', caseType: 'protection' },
    });
  });

  it('the departure closes the protection case as returned-home-avrr and asks its execution to stop; a reopening opens it again', async () => {
    const sourceId = await protectionCase();
    const target = await referCase({ caseId: sourceId, programme: 'avrr', actor: amina }, { store: referrals, now });
    await setStage({ caseId: target.caseId, stage: 'arrival', departed: true }, { store: cases, now });

    const closed = await cases.getCase(sourceId);
    expect(closed).toMatchObject({ status: 'closed', closureReason: 'returned-home-avrr' });
    expect(await item(`CASE#${sourceId}`, `WORKFLOWSTOP#${sourceId}-main`)).toMatchObject({
      entity: 'WorkflowStop',
      caseType: 'protection',
      phase: 'main',
      cause: 'returned-home-avrr',
    });
    expect(await item('CLOSED#protection', `${closed!.closedAt}#${sourceId}`)).toBeDefined();

    const reopened = await reopenCase({ caseId: sourceId, need: 'psychosocial', actor: amina }, { store: cases, now });
    expect(reopened.reopenCount).toBe(1);
    const stored = await cases.getCase(sourceId);
    expect(stored).toMatchObject({ status: 'open', stage: 'reopened', reopenCount: 1 });
    expect(stored!.closureReason).toBeUndefined();
    expect(stored!.closedAt).toBeUndefined();
    // Out of the retention index, its main phase requested under its own name.
    expect(await item('CLOSED#protection', `${closed!.closedAt}#${sourceId}`)).toBeUndefined();
    expect(await item(`CASE#${sourceId}`, `WORKFLOW#main#${sourceId}-reopened-1`)).toMatchObject({
      input: { entry: 'reopened', need: 'psychosocial' },
    });
    expect((await historyOf(sourceId)).at(-1)).toMatchObject({ type: 'case.reopened', details: { need: 'psychosocial', reopenCount: 1 } });
    expect((await partition(sourceId)).filter((i) => i.entity === 'WorkflowStart')).toHaveLength(2);
  });
});
