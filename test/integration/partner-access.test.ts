// A partner association's case list and task queue follow the case's shares, against DynamoDB
// Local: GSI2 lists the cases it sees now (its own, and those shared with it by an active share),
// full pages with the cursor scheme; a share opens the case's partner tasks to it, its revocation
// or the consent's takes them away in the same transaction, its end takes them out of the reads.
import { beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { GetCommand, PutCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { getForm } from '../../domain/forms/index.ts';
import { submitForm } from '../../domain/intake/submit-form.ts';
import { openTask } from '../../domain/tasks/open-task.ts';
import { setStage } from '../../domain/cases/case-actions.ts';
import { newShare, revocationEvent, shareStillAllowed, type ShareRequest } from '../../domain/sharing/shares.ts';
import { changeConsent } from '../../domain/consent/consents.ts';
import type { Caller } from '../../domain/access/roles.ts';
import { DynamoIntakeStore } from '../../functions/adapters/dynamodb/intake-store.ts';
import { DynamoTaskStore } from '../../functions/adapters/dynamodb/task-store.ts';
import { DynamoCaseStore } from '../../functions/adapters/dynamodb/case-store.ts';
import { DynamoShareStore } from '../../functions/adapters/dynamodb/share-store.ts';
import { DynamoWorkQueues } from '../../functions/adapters/dynamodb/work-queues.ts';
import { DynamoCaseReader } from '../../functions/adapters/dynamodb/case-reader.ts';
import { keys } from '../../functions/adapters/dynamodb/keys.ts';
import { shareItem } from '../../functions/adapters/dynamodb/items.ts';
import { backfillPartnerAccess } from '../../scripts/backfill-partner-access.ts';
import { freshTable, registeredAssociation } from '../support/table.ts';
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

beforeAll(async () => {
  ({ tableName, documentClient } = await freshTable());
  tasks = new DynamoTaskStore(documentClient, tableName);
  casesStore = new DynamoCaseStore(documentClient, tableName, localFieldCipher());
  shares = new DynamoShareStore(documentClient, tableName);
  queues = new DynamoWorkQueues(documentClient, tableName);
});

/** A protection referral (its example consents to sharing with UNICEF), at `stage`. */
async function referral(options: { partnerId?: string } = {}): Promise<string> {
  const body = getForm('protection-referral')!.examples[0];
  if (options.partnerId) await registeredAssociation(documentClient, tableName, options.partnerId);
  const { receipt } = await submitForm(
    {
      formId: 'protection-referral',
      rawBody: JSON.stringify(body),
      body,
      idempotencyKey: `it-${randomUUID()}`,
      language: 'fr',
      notice: testNotice,
      ...(options.partnerId ? { partnerId: options.partnerId, submittedBy: `staff-of-${options.partnerId}` } : {}),
    },
    { store: new DynamoIntakeStore(documentClient, tableName, localFieldCipher()), now: () => start },
  );
  return receipt.caseId;
}

async function share(caseId: string, request: Partial<ShareRequest> & { partnerId: string }, now = start) {
  const found = (await casesStore.getCase(caseId))!;
  const created = newShare(
    found,
    { scope: 'case', purpose: 'referral', until: at(30).toISOString(), overrideReason: 'vital-interests', ...request },
    amina,
    now,
  );
  expect(await shares.createShare(created.share, created.event, (current) => shareStillAllowed(created.share, current))).toBe('created');
  return created.share;
}

async function revoke(shareId: string, caseId: string, now = at(1)) {
  const found = (await shares.sharesOfCase(caseId, true)).find((s) => s.shareId === shareId)!;
  return shares.revokeShare(found, now.toISOString(), 'amina', revocationEvent(found, amina, now));
}

/** Every case of the partner's list at a stage, page by page; the sizes of the pages. */
async function listed(partnerId: string, stage: string, now: Date, limit = 100): Promise<{ ids: string[]; pages: number[] }> {
  const ids: string[] = [];
  const pages: number[] = [];
  let cursor: string | undefined;
  do {
    const page = await queues.partnerCases(partnerId, 'protection', stage, { limit, now, ...(cursor ? { cursor } : {}) });
    ids.push(...page.items.map((c) => c.caseId));
    pages.push(page.items.length);
    cursor = page.next;
  } while (cursor);
  return { ids, pages };
}

async function queued(partnerId: string, now: Date): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await queues.tasks('PARTNER', partnerId, { limit: 100, now, ...(cursor ? { cursor } : {}) });
    ids.push(...page.items.map((item) => item.taskId));
    cursor = page.next;
  } while (cursor);
  return ids;
}

/** A partner step (a reintegration check-in: caseworkers and partners) opened on the case. */
async function partnerTask(caseId: string, now = start): Promise<string> {
  const { taskId } = await openTask(
    {
      token: `token-${randomUUID()}`,
      stateEntry: `arn:execution:${caseId}#CheckIn#${randomUUID()}`,
      caseId,
      phase: 'checkin-3',
      step: 'check-in',
    },
    { store: tasks, reminders: { schedule: async () => undefined }, now: () => now },
  );
  return taskId;
}

const stageOf = async (caseId: string) => (await casesStore.getCase(caseId))!.stage;

describe("a partner association's case list (GSI2)", () => {
  it('lists a case shared with it (whole or one service) and its own; not the others’; not once revoked', async () => {
    const shared = await referral();
    const service = await referral();
    const own = await referral({ partnerId: 'p-list-a' });
    const other = await referral();
    const stage = await stageOf(shared);
    await share(shared, { partnerId: 'p-list-a' });
    await share(service, { partnerId: 'p-list-a', scope: { service: 'medical' } });
    await share(other, { partnerId: 'p-list-b' });

    const seen = await listed('p-list-a', stage, at(1));
    expect([...seen.ids].sort()).toEqual([shared, service, own].sort());
    // Own cases, which do not end, come last.
    expect(seen.ids[2]).toBe(own);
    expect((await listed('p-list-b', stage, at(1))).ids).toEqual([other]);

    const sharedShare = (await shares.sharesOfCase(shared)).find((s) => s.partnerId === 'p-list-a')!;
    expect(await revoke(sharedShare.shareId, shared)).toBe('revoked');
    expect((await listed('p-list-a', stage, at(1))).ids.sort()).toEqual([service, own].sort());
    const { Item } = await documentClient.send(new GetCommand({ TableName: tableName, Key: keys.partnerAccess(shared, 'p-list-a') }));
    expect(Item).toBeUndefined();
  });

  it("follows the case's stage and shows its summary only", async () => {
    const caseId = await referral();
    await share(caseId, { partnerId: 'p-stage' });
    const before = await stageOf(caseId);
    await setStage({ caseId, stage: 'assessment' }, { store: casesStore, now: () => at(2) });
    expect((await listed('p-stage', before, at(3))).ids).toEqual([]);
    const page = await queues.partnerCases('p-stage', 'protection', 'assessment', { limit: 10, now: at(3) });
    expect(page.items).toEqual([
      {
        caseId,
        reference: expect.any(String),
        programme: 'protection',
        caseType: expect.any(String),
        stage: 'assessment',
        status: 'open',
        createdAt: start.toISOString(),
        updatedAt: at(2).toISOString(),
      },
    ]);
  });

  it('an ended share is below the key condition: full pages, no empty page, the cursor across pages', async () => {
    const partnerId = 'p-pages';
    const ending: string[] = [];
    const lasting: string[] = [];
    for (let i = 0; i < 6; i++) {
      const caseId = await referral();
      ending.push(caseId);
      await share(caseId, { partnerId, until: at(2 + i / 100).toISOString() });
    }
    for (let i = 0; i < 5; i++) {
      const caseId = await referral();
      lasting.push(caseId);
      await share(caseId, { partnerId, until: at(10 + i).toISOString() });
    }
    const stage = await stageOf(lasting[0]!);

    const before = await listed(partnerId, stage, at(1), 4);
    expect(before.ids).toEqual([...ending, ...lasting]);
    expect(before.pages).toEqual([4, 4, 3]);

    // Three days later the first six have ended: never read, so the first page is full.
    const after = await listed(partnerId, stage, at(3), 2);
    expect(after.ids).toEqual(lasting);
    expect(after.pages).toEqual([2, 2, 1]);

    // A cursor taken before they ended still works: it restarts at the first access still running.
    const first = await queues.partnerCases(partnerId, 'protection', stage, { limit: 2, now: at(1) });
    const resumed = await queues.partnerCases(partnerId, 'protection', stage, { limit: 2, now: at(3), cursor: first.next! });
    expect(resumed.items.map((c) => c.caseId)).toEqual(lasting.slice(0, 2));
  });

  it('a cursor of another partner or of the staff queue is refused', async () => {
    const caseId = await referral();
    await share(caseId, { partnerId: 'p-cursor' });
    await share(await referral(), { partnerId: 'p-cursor' });
    const stage = await stageOf(caseId);
    const page = await queues.partnerCases('p-cursor', 'protection', stage, { limit: 1, now: at(1) });
    expect(page.next).toBeDefined();
    await expect(queues.partnerCases('p-other', 'protection', stage, { limit: 1, now: at(1), cursor: page.next! })).rejects.toThrow(
      'invalid cursor',
    );
    await expect(queues.cases('protection', stage, { limit: 1, cursor: page.next! })).rejects.toThrow('invalid cursor');
  });
});

describe("a partner association's task queue", () => {
  it('a share puts the open partner tasks of the case in its queue; its revocation takes them out', async () => {
    const caseId = await referral();
    const taskId = await partnerTask(caseId);
    expect(await queued('p-tasks', at(1))).not.toContain(taskId);

    const made = await share(caseId, { partnerId: 'p-tasks' }, at(1));
    expect(await queued('p-tasks', at(1))).toContain(taskId);
    expect((await tasks.getTask(taskId))!.sharedWith).toEqual([{ partnerId: 'p-tasks', until: made.until }]);

    expect(await revoke(made.shareId, caseId, at(2))).toBe('revoked');
    expect(await queued('p-tasks', at(2))).not.toContain(taskId);
    expect((await tasks.getTask(taskId))!.sharedWith).toEqual([]);
  });

  it('a task opened on a shared case is in the queue at once; a one-service share gives none', async () => {
    const caseId = await referral();
    await share(caseId, { partnerId: 'p-open' });
    await share(caseId, { partnerId: 'p-service', scope: { service: 'medical' } });
    const taskId = await partnerTask(caseId, at(1));
    expect(await queued('p-open', at(1))).toContain(taskId);
    expect(await queued('p-service', at(1))).not.toContain(taskId);
  });

  it('an association a step reaches through a share is told, as the case’s own association is: when the step opens, and when the share comes', async () => {
    const told = async (taskId: string) =>
      (await new DynamoOutbox(documentClient, tableName).listOutbox({ from: '2026-11-30', to: '2027-01-05' }))
        .filter((item) => item.taskId === taskId && item.template === 'task-assigned')
        .map((item) => (item.recipient as { role: string; partnerId?: string }).partnerId ?? (item.recipient as { role: string }).role)
        .sort();
    const caseId = await referral();
    await share(caseId, { partnerId: 'p-told-early' });
    const taskId = await partnerTask(caseId, at(1));
    expect(await told(taskId)).toEqual(['caseworker', 'p-told-early']);
    await share(caseId, { partnerId: 'p-told-late' }, at(1));
    expect(await told(taskId)).toEqual(['caseworker', 'p-told-early', 'p-told-late']);
  });

  it('an ended share leaves the queue read; a consent revoked takes the entries out with the shares it ends', async () => {
    const caseId = await referral();
    const ending = await share(caseId, { partnerId: 'p-ending', until: at(3).toISOString() });
    await share(caseId, { partnerId: 'unicef', overrideReason: undefined });
    const taskId = await partnerTask(caseId, at(1));
    expect(await queued('p-ending', at(2))).toContain(taskId);
    expect(await queued('p-ending', new Date(ending.until))).not.toContain(taskId);
    expect(await queued('unicef', at(2))).toContain(taskId);

    const found = (await casesStore.getCase(caseId))!;
    const all = await shares.sharesOfCase(caseId, true);
    const change = changeConsent(found, { action: 'revoke', purpose: 'sharing', partnerId: 'unicef' }, all, amina, at(2));
    expect(change.endedShares).toHaveLength(1);
    expect(
      await shares.changeConsent(found, { facts: change.facts, consents: change.consents }, change.event, change.endedShares, all),
    ).toBe(true);
    expect(await queued('unicef', at(2))).not.toContain(taskId);
    expect((await tasks.getTask(taskId))!.sharedWith).toEqual([{ partnerId: 'p-ending', until: ending.until }]);
  });

  it("a claim by the partner's user ends with its access: out of that user's queue too, recorded", async () => {
    const caseId = await referral();
    const made = await share(caseId, { partnerId: 'p-claim' });
    const taskId = await partnerTask(caseId, at(1));
    const task = (await tasks.getTask(taskId))!;
    const claimed = { caseId, eventId: randomUUID(), at: at(1).toISOString(), type: 'task.claimed', details: { taskId } };
    expect(
      await tasks.assignTask(
        task,
        'p-claim-user',
        at(1).toISOString(),
        { ...claimed, actor: { kind: 'partner', id: 'p-claim-user' } },
        'p-claim',
      ),
    ).toBe(true);
    expect(await queues.tasks('USER', 'p-claim-user', { limit: 10 })).toMatchObject({ items: [{ taskId }] });

    expect(await revoke(made.shareId, caseId, at(2))).toBe('revoked');
    const released = (await tasks.getTask(taskId))!;
    expect(released.assignee).toBeUndefined();
    expect(released.claimedFor).toBeUndefined();
    expect((await queues.tasks('USER', 'p-claim-user', { limit: 10 })).items).toEqual([]);
    const caseworkers = await queues.tasks('ROLE', 'caseworker', { limit: 1000 });
    expect(caseworkers.items.find((entry) => entry.taskId === taskId)).not.toHaveProperty('assignee');
    const history = await new DynamoCaseReader(documentClient, tableName).getHistory(caseId);
    expect(history.find((e) => e.type === 'task.claim-ended')).toMatchObject({
      actor: { kind: 'staff', id: 'amina' },
      details: { taskId, from: 'p-claim-user', cause: 'access-ended' },
    });
  });

  it("a partner user's claim leaves the user's own queue read when the share ends, and follows its extension", async () => {
    const caseId = await referral();
    await share(caseId, { partnerId: 'p-claim-end', until: at(3).toISOString() });
    const taskId = await partnerTask(caseId, at(1));
    const claimed = {
      caseId,
      eventId: randomUUID(),
      at: at(1).toISOString(),
      type: 'task.claimed',
      actor: { kind: 'partner' as const, id: 'p-ce' },
      details: {},
    };
    expect(await tasks.assignTask((await tasks.getTask(taskId))!, 'p-ce', at(1).toISOString(), claimed, 'p-claim-end')).toBe(true);
    const mine = async (now: Date) => (await queues.tasks('USER', 'p-ce', { limit: 10, now })).items.map((e) => e.taskId);
    expect(await mine(at(2))).toEqual([taskId]);
    expect(await mine(at(4))).toEqual([]);

    await share(caseId, { partnerId: 'p-claim-end', until: at(10).toISOString() }, at(2));
    expect(await mine(at(4))).toEqual([taskId]);
  });

  it("a reassignment to staff of a partner user's claim stays when the share ends", async () => {
    const caseId = await referral();
    const made = await share(caseId, { partnerId: 'p-staff-claim' });
    const taskId = await partnerTask(caseId, at(1));
    const event = (actor: string) => ({
      caseId,
      eventId: randomUUID(),
      at: at(1).toISOString(),
      type: 'task.claimed',
      actor: { kind: 'staff' as const, id: actor },
      details: {},
    });
    expect(await tasks.assignTask((await tasks.getTask(taskId))!, 'p-user', at(1).toISOString(), event('p-user'), 'p-staff-claim')).toBe(
      true,
    );
    expect(await tasks.assignTask((await tasks.getTask(taskId))!, 'amina', at(1).toISOString(), event('salma'))).toBe(true);
    expect((await tasks.getTask(taskId))!.claimedFor).toBeUndefined();
    expect(await revoke(made.shareId, caseId, at(2))).toBe('revoked');
    expect((await tasks.getTask(taskId))!.assignee).toBe('amina');
  });

  it("a completed task leaves every partner's queue", async () => {
    const caseId = await referral();
    await share(caseId, { partnerId: 'p-done' });
    const taskId = await partnerTask(caseId, at(1));
    const task = (await tasks.getTask(taskId))!;
    expect(await tasks.beginCompletion(task, { outcome: 'unreachable' }, 'p-done-user', at(2).toISOString(), { kind: 'unclaimed' })).toBe(
      true,
    );
    expect(await queued('p-done', at(2))).not.toContain(taskId);
  });
});

describe('data written before partners followed shares', () => {
  it('the one-off backfill gives own and shared cases their list entries, and open partner steps their queue entries', async () => {
    const own = await referral({ partnerId: 'p-old-own' });
    await documentClient.send(new UpdateCommand({ TableName: tableName, Key: keys.case(own), UpdateExpression: 'REMOVE GSI2PK, GSI2SK' }));
    const shared = await referral();
    const taskId = await partnerTask(shared);
    const found = (await casesStore.getCase(shared))!;
    const old = newShare(
      found,
      { partnerId: 'p-old-shared', scope: 'case', purpose: 'referral', until: at(30).toISOString(), overrideReason: 'vital-interests' },
      amina,
      start,
    );
    await documentClient.send(new PutCommand({ TableName: tableName, Item: shareItem(old.share) }));
    const stage = await stageOf(own);
    expect((await listed('p-old-own', stage, at(1))).ids).toEqual([]);
    expect((await listed('p-old-shared', await stageOf(shared), at(1))).ids).toEqual([]);

    expect(await backfillPartnerAccess(documentClient, tableName, at(1))).toBeGreaterThanOrEqual(2);

    expect((await listed('p-old-own', stage, at(1))).ids).toEqual([own]);
    expect((await listed('p-old-shared', await stageOf(shared), at(1))).ids).toEqual([shared]);
    expect(await queued('p-old-shared', at(1))).toContain(taskId);
    // Run again: nothing changes.
    await backfillPartnerAccess(documentClient, tableName, at(1));
    expect((await listed('p-old-shared', await stageOf(shared), at(1))).ids).toEqual([shared]);
  });
});
