// A service referral to a partner association against DynamoDB Local: pending, the case is in the
// partner's list (GSI2) with the referral and nothing is in its queue; accepted, that service's
// open task (and no other) enters its queue in the same transaction as the answer; rejected, the
// list entry goes and its words are a sealed case note; revoked, the claim on the service's task
// ends and the task is back with staff. Each answer once.
import { beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { GetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { getForm } from '../../domain/forms/index.ts';
import { submitForm } from '../../domain/intake/submit-form.ts';
import { openTask } from '../../domain/tasks/open-task.ts';
import { answerReferral, newShare, revocationEvent, shareStillAllowed, type ReferralAnswer } from '../../domain/sharing/shares.ts';
import type { Caller } from '../../domain/access/roles.ts';
import { DynamoIntakeStore } from '../../functions/adapters/dynamodb/intake-store.ts';
import { DynamoTaskStore } from '../../functions/adapters/dynamodb/task-store.ts';
import { DynamoCaseStore } from '../../functions/adapters/dynamodb/case-store.ts';
import { DynamoShareStore } from '../../functions/adapters/dynamodb/share-store.ts';
import { DynamoWorkQueues } from '../../functions/adapters/dynamodb/work-queues.ts';
import { DynamoCaseReader } from '../../functions/adapters/dynamodb/case-reader.ts';
import { keys } from '../../functions/adapters/dynamodb/keys.ts';
import { freshTable } from '../support/table.ts';
import { testNotice } from '../support/notice.ts';
import { localFieldCipher } from '../support/field-key.ts';
import { DynamoOutbox } from '../../functions/adapters/dynamodb/outbox.ts';

let documentClient: DynamoDBDocumentClient;
let tableName: string;
let tasks: DynamoTaskStore;
let casesStore: DynamoCaseStore;
let shares: DynamoShareStore;
let queues: DynamoWorkQueues;

const start = new Date('2026-12-01T09:00:00.000Z');
const at = (days: number) => new Date(start.getTime() + days * 86_400_000);
const amina: Caller = { sub: 'amina', groups: ['caseworker'] };
const partnerUser = (partnerId: string): Caller => ({ sub: `user-of-${partnerId}`, groups: ['partner'], partnerId });

beforeAll(async () => {
  ({ tableName, documentClient } = await freshTable());
  tasks = new DynamoTaskStore(documentClient, tableName);
  casesStore = new DynamoCaseStore(documentClient, tableName, localFieldCipher());
  shares = new DynamoShareStore(documentClient, tableName, localFieldCipher());
  queues = new DynamoWorkQueues(documentClient, tableName);
});

async function protectionCase(): Promise<string> {
  const body = getForm('protection-referral')!.examples[0];
  const { receipt } = await submitForm(
    {
      formId: 'protection-referral',
      rawBody: JSON.stringify(body),
      body,
      idempotencyKey: `it-${randomUUID()}`,
      language: 'fr',
      notice: testNotice,
    },
    { store: new DynamoIntakeStore(documentClient, tableName, localFieldCipher()), now: () => start },
  );
  return receipt.caseId;
}

/** A partner step (caseworkers and partners), of one service or of none. */
async function partnerTask(caseId: string, serviceId?: string, now = start): Promise<string> {
  const { taskId } = await openTask(
    {
      token: `token-${randomUUID()}`,
      stateEntry: `arn:execution:${caseId}#Service#${randomUUID()}`,
      caseId,
      phase: 'main',
      step: 'check-in',
      ...(serviceId ? { serviceId } : {}),
    },
    { store: tasks, reminders: { schedule: async () => undefined }, now: () => now },
  );
  return taskId;
}

async function refer(caseId: string, partnerId: string, service: string, until = at(30)) {
  const found = (await casesStore.getCase(caseId))!;
  const created = newShare(
    found,
    { partnerId, scope: { service }, purpose: 'service-delivery', until: until.toISOString(), overrideReason: 'vital-interests' },
    amina,
    at(1),
  );
  expect(
    await shares.createShare(created.share, created.event, (current) => shareStillAllowed(created.share, current), created.messages),
  ).toBe('created');
  return created.share;
}

async function answer(caseId: string, shareId: string, partnerId: string, response: ReferralAnswer, now = at(2)) {
  const found = (await casesStore.getCase(caseId))!;
  const share = (await shares.sharesOfCase(caseId, true)).find((s) => s.shareId === shareId)!;
  const answered = answerReferral(found, share, response, partnerUser(partnerId), now);
  return { outcome: await shares.answerReferral(answered.share, answered.event, answered.message, answered.note), ...answered };
}

async function queued(partnerId: string, now: Date): Promise<string[]> {
  const page = await queues.tasks('PARTNER', partnerId, { limit: 100, now });
  return page.items.map((item) => item.taskId);
}

async function listEntry(caseId: string, partnerId: string, now: Date) {
  const stage = (await casesStore.getCase(caseId))!.stage;
  return (await queues.partnerCases(partnerId, 'protection', stage, { limit: 100, now })).items.find((c) => c.caseId === caseId);
}

const outbox = async (caseId: string) =>
  (await new DynamoOutbox(documentClient, tableName).listOutbox({ from: '2026-11-30', to: '2027-01-05' })).filter(
    (item) => item.caseId === caseId,
  );

describe('a service referral in the table', () => {
  it('pending: in the partner’s list with the referral, the association told, no task; accepted: that service’s task only, at once', async () => {
    const caseId = await protectionCase();
    const service = randomUUID();
    const serviceTask = await partnerTask(caseId, service);
    const otherService = await partnerTask(caseId, randomUUID());
    const caseTask = await partnerTask(caseId);
    const made = await refer(caseId, 'p-ref-accept', service);

    expect(await listEntry(caseId, 'p-ref-accept', at(1))).toMatchObject({
      referrals: [{ shareId: made.shareId, service, status: 'pending', until: made.until }],
    });
    expect(await queued('p-ref-accept', at(1))).toEqual([]);
    expect(await outbox(caseId)).toContainEqual(
      expect.objectContaining({
        template: 'referral-received',
        recipient: { kind: 'role', role: 'partner', partnerId: 'p-ref-accept' },
        params: expect.objectContaining({ shareId: made.shareId, service }),
      }),
    );

    const accepted = await answer(caseId, made.shareId, 'p-ref-accept', { answer: 'accept' });
    expect(accepted.outcome).toBe('answered');
    expect(await queued('p-ref-accept', at(2))).toEqual([serviceTask]);
    expect((await tasks.getTask(serviceTask))!.sharedWith).toEqual([{ partnerId: 'p-ref-accept', until: made.until }]);
    for (const taskId of [otherService, caseTask]) expect((await tasks.getTask(taskId))!.sharedWith ?? []).toEqual([]);
    expect((await listEntry(caseId, 'p-ref-accept', at(2)))!.referrals).toEqual([
      { shareId: made.shareId, service, status: 'accepted', until: made.until },
    ]);
    expect((await shares.sharesOfCase(caseId)).find((s) => s.shareId === made.shareId)).toMatchObject({
      status: 'accepted',
      respondedBy: 'user-of-p-ref-accept',
    });
    expect(await outbox(caseId)).toContainEqual(
      expect.objectContaining({ template: 'referral-answered', recipient: { kind: 'user', sub: 'amina' } }),
    );
    const history = await new DynamoCaseReader(documentClient, tableName).getHistory(caseId);
    expect(history.find((e) => e.type === 'case.referral-accepted')).toMatchObject({
      actor: { kind: 'partner', id: 'user-of-p-ref-accept' },
      details: { shareId: made.shareId, partnerId: 'p-ref-accept', scope: `service:${service}` },
    });

    // Answered once: a second answer, whatever it is, finds it answered.
    const found = (await casesStore.getCase(caseId))!;
    const stale = answerReferral(found, made, { answer: 'reject', reasonCode: 'other' }, partnerUser('p-ref-accept'), at(3));
    expect(await shares.answerReferral(stale.share, stale.event, stale.message, stale.note)).toBe('already-answered');
    // A task of that service opened later is in the queue at once.
    const later = await partnerTask(caseId, service, at(3));
    expect(await queued('p-ref-accept', at(3))).toContain(later);
  });

  it('rejected: out of the list, nothing in the queue, the code in the history and the words in a sealed note', async () => {
    const caseId = await protectionCase();
    const service = randomUUID();
    const serviceTask = await partnerTask(caseId, service);
    const made = await refer(caseId, 'p-ref-reject', service);
    const rejected = await answer(caseId, made.shareId, 'p-ref-reject', {
      answer: 'reject',
      reasonCode: 'no-capacity',
      reason: 'Notre infirmière est absente.',
    });
    expect(rejected.outcome).toBe('answered');
    expect(await listEntry(caseId, 'p-ref-reject', at(2))).toBeUndefined();
    expect(await queued('p-ref-reject', at(2))).toEqual([]);
    expect((await tasks.getTask(serviceTask))!.sharedWith ?? []).toEqual([]);
    const history = await new DynamoCaseReader(documentClient, tableName).getHistory(caseId);
    const event = history.find((e) => e.type === 'case.referral-rejected')!;
    expect(event.details).toMatchObject({ reasonCode: 'no-capacity', noteId: rejected.note!.noteId });
    expect(JSON.stringify(history)).not.toContain('infirmière');
    const note = (await documentClient.send(new GetCommand({ TableName: tableName, Key: keys.note(caseId, rejected.note!.noteId) }))).Item!;
    expect(note).toMatchObject({ entity: 'CaseNote', kind: 'referral-rejection-reason', author: 'user-of-p-ref-reject' });
    expect(JSON.stringify(note)).not.toContain('infirmière');

    // Another partner may be asked for the same service.
    const again = await refer(caseId, 'p-ref-second', service);
    expect((await answer(caseId, again.shareId, 'p-ref-second', { answer: 'accept' })).outcome).toBe('answered');
    expect(await queued('p-ref-second', at(2))).toEqual([serviceTask]);
  });

  it('revoked after acceptance: the claim on the service’s task ends, back to staff; the list entry and the queue entry go', async () => {
    const caseId = await protectionCase();
    const service = randomUUID();
    const serviceTask = await partnerTask(caseId, service);
    const made = await refer(caseId, 'p-ref-revoke', service);
    await answer(caseId, made.shareId, 'p-ref-revoke', { answer: 'accept' });
    const task = (await tasks.getTask(serviceTask))!;
    const claimed = { caseId, eventId: randomUUID(), at: at(2).toISOString(), type: 'task.claimed', details: { taskId: serviceTask } };
    expect(
      await tasks.assignTask(
        task,
        'user-of-p-ref-revoke',
        at(2).toISOString(),
        { ...claimed, actor: { kind: 'partner', id: 'user-of-p-ref-revoke' } },
        'p-ref-revoke',
      ),
    ).toBe(true);

    const current = (await shares.sharesOfCase(caseId, true)).find((s) => s.shareId === made.shareId)!;
    expect(await shares.revokeShare(current, at(3).toISOString(), 'amina', revocationEvent(current, amina, at(3)))).toBe('revoked');
    const released = (await tasks.getTask(serviceTask))!;
    expect(released).not.toHaveProperty('assignee');
    expect(released.sharedWith).toEqual([]);
    expect(await queued('p-ref-revoke', at(3))).toEqual([]);
    expect((await queues.tasks('USER', 'user-of-p-ref-revoke', { limit: 10 })).items).toEqual([]);
    expect(await listEntry(caseId, 'p-ref-revoke', at(3))).toBeUndefined();
    const history = await new DynamoCaseReader(documentClient, tableName).getHistory(caseId);
    expect(history.map((e) => e.type)).toEqual(
      expect.arrayContaining(['case.referral-accepted', 'case.share-revoked', 'task.claim-ended']),
    );
    // Revoked: no answer any more.
    const found = (await casesStore.getCase(caseId))!;
    expect(() =>
      answerReferral(found, { ...current, revokedAt: at(3).toISOString() }, { answer: 'accept' }, partnerUser('p-ref-revoke'), at(3)),
    ).toThrow();
  });

  it('a pending referral nobody answers ends with its `until`: out of the list, and no answer then', async () => {
    const caseId = await protectionCase();
    const made = await refer(caseId, 'p-ref-expire', randomUUID(), at(5));
    expect(await listEntry(caseId, 'p-ref-expire', at(4))).toBeDefined();
    expect(await listEntry(caseId, 'p-ref-expire', at(6))).toBeUndefined();
    const found = (await casesStore.getCase(caseId))!;
    expect(() => answerReferral(found, made, { answer: 'accept' }, partnerUser('p-ref-expire'), at(6))).toThrow(/ended/);
  });
});
