// Which partner association sees a case follows its shares, over HTTP on the local system: a case
// shared with association B is in B's case list and its partner step in B's task queue; revoked or
// ended, both are gone and the task is refused to B; association A never sees any of it.
import { describe, expect, it } from 'vitest';
import { avrrScenario, decision } from '../support/avrr-driver.ts';
import { http } from '../support/local-system.ts';
import { registeredPartnerToken } from '../support/associations.ts';

const avrr = avrrScenario();

const B = 'association-b-tanger';
const A = 'association-a-nador';

const partner = (partnerId: string) => registeredPartnerToken(avrr.system, `user-of-${partnerId}`, partnerId);
const staff = () => avrr.token('caseworker');

async function caseList(partnerId: string, stage: string): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | undefined;
  do {
    const response = await http(avrr.system, 'GET', `/cases?programme=avrr&stage=${stage}&limit=2${cursor ? `&cursor=${cursor}` : ''}`, {
      token: await partner(partnerId),
    });
    expect(response.status, response.text).toBe(200);
    const page = response.body as { items: { caseId: string; persons?: unknown }[]; next?: string };
    for (const item of page.items) expect(item).not.toHaveProperty('persons');
    ids.push(...page.items.map((c) => c.caseId));
    cursor = page.next;
  } while (cursor);
  return ids;
}

async function taskQueue(partnerId: string): Promise<string[]> {
  const response = await http(avrr.system, 'GET', '/tasks?queue=partner&limit=100', { token: await partner(partnerId) });
  expect(response.status, response.text).toBe(200);
  return (response.body as { items: { taskId: string }[] }).items.map((t) => t.taskId);
}

async function mine(partnerId: string): Promise<string[]> {
  const response = await http(avrr.system, 'GET', '/tasks?queue=mine&limit=100', { token: await partner(partnerId) });
  expect(response.status, response.text).toBe(200);
  return (response.body as { items: { taskId: string }[] }).items.map((t) => t.taskId);
}

async function now(): Promise<Date> {
  return new Date(((await http(avrr.system, 'GET', '/_local/clock')).body as { now: string }).now);
}

async function share(caseId: string, days: number): Promise<string> {
  const until = new Date((await now()).getTime() + days * 86_400_000).toISOString();
  const response = await http(avrr.system, 'POST', `/cases/${caseId}/shares`, {
    body: { partnerId: B, purpose: 'reintegration-support', until, overrideReason: 'vital-interests' },
    token: await staff(),
  });
  expect(response.status, response.text).toBe(201);
  return (response.body as { shareId: string }).shareId;
}

describe("a partner association's case list and task queue follow the case's shares", () => {
  it('shared with B: in its list and queue, B may act; revoked or ended: gone, refused; A never sees it', async () => {
    const caseId = await avrr.apply();
    await avrr.approved(caseId);
    await avrr.prepared(caseId);
    await avrr.step(caseId, 'departure', 'caseworker', decision('departure', 'departed'));
    // The arrival is a partner step (caseworkers and partners); the case was submitted by no partner.
    const taskId = await avrr.openTask(caseId, 'arrival');
    const { stage } = await avrr.view(caseId);

    const bSeesNothing = async () => {
      expect(await caseList(B, stage)).not.toContain(caseId);
      expect(await taskQueue(B)).not.toContain(taskId);
      expect((await http(avrr.system, 'GET', `/tasks/${taskId}`, { token: await partner(B) })).status).toBe(404);
    };
    const aSeesNothing = async () => {
      expect(await caseList(A, stage)).not.toContain(caseId);
      expect(await taskQueue(A)).not.toContain(taskId);
      expect((await http(avrr.system, 'GET', `/tasks/${taskId}`, { token: await partner(A) })).status).toBe(404);
      expect((await http(avrr.system, 'GET', `/cases/${caseId}`, { token: await partner(A) })).status).toBe(404);
    };
    await bSeesNothing();

    // Shared with B while the step is open: the step enters B's queue.
    const shareId = await share(caseId, 30);
    expect(await caseList(B, stage)).toContain(caseId);
    expect(await taskQueue(B)).toContain(taskId);
    const read = await http(avrr.system, 'GET', `/tasks/${taskId}`, { token: await partner(B) });
    expect(read.status, read.text).toBe(200);
    expect(read.body).toMatchObject({ mayComplete: true });
    expect(read.body).not.toHaveProperty('task.sharedWith');
    await aSeesNothing();
    // B's user takes the step: it is in their own queue too.
    expect((await http(avrr.system, 'POST', `/tasks/${taskId}/claim`, { token: await partner(B) })).status).toBe(200);
    expect(await mine(B)).toContain(taskId);

    // Revoked: gone from both, and the task is refused to B, read or completed.
    const revoked = await http(avrr.system, 'POST', `/cases/${caseId}/shares/${shareId}/revoke`, { token: await staff() });
    expect(revoked.status, revoked.text).toBe(200);
    await bSeesNothing();
    // The claim ended with the access: out of the user's own queue, and the step is free for staff.
    expect(await mine(B)).not.toContain(taskId);
    expect((await avrr.view(caseId)).tasks.find((t) => t.taskId === taskId)).toMatchObject({ status: 'open' });
    const completed = await http(avrr.system, 'POST', `/tasks/${taskId}/complete`, {
      body: { decision: await avrr.dated(decision('arrival')) },
      token: await partner(B),
    });
    expect(completed.status).toBe(404);
    const claimed = await http(avrr.system, 'POST', `/tasks/${taskId}/claim`, { token: await partner(B) });
    expect(claimed.status).toBe(404);

    // Shared for two days, then the clock passes its end: gone again without any revocation.
    await share(caseId, 2);
    expect(await caseList(B, stage)).toContain(caseId);
    expect(await taskQueue(B)).toContain(taskId);
    await avrr.advance('P3D');
    await bSeesNothing();
    await aSeesNothing();

    // Shared again: B records the arrival itself.
    await share(caseId, 30);
    const done = await http(avrr.system, 'POST', `/tasks/${taskId}/complete`, {
      body: { decision: await avrr.dated(decision('arrival')) },
      token: await partner(B),
    });
    expect(done.status, done.text).toBe(200);
    expect(await taskQueue(B)).not.toContain(taskId);
    await aSeesNothing();
    // A whole AVRR case to arrival, then shares, revocations and an ending: tens of requests.
  }, 90_000);
});
