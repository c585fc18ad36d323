// A protection service referred to a partner association, on the local system over HTTP with the
// clock and the real protection workflow: a trafficking victim's service delivered by the partner
// (which sees that case and that service's task only); a referral refused without consent to share
// (409, localized) unless a ground is recorded; a rejected referral (staff deliver) and a revoked one
// (the partner loses the case and its claim at once).
import { describe, expect, it } from 'vitest';
import { http } from '../support/local-system.ts';
import { protectionDecision, protectionScenario, referrals } from '../support/protection-driver.ts';
import { registeredPartnerToken } from '../support/associations.ts';

const protection = protectionScenario();

const B = 'association-b-tanger';
const partner = (partnerId: string) => registeredPartnerToken(protection.system, `user-of-${partnerId}`, partnerId);

async function now(): Promise<Date> {
  return new Date(((await http(protection.system, 'GET', '/_local/clock')).body as { now: string }).now);
}

async function referService(caseId: string, partnerId: string, service: string, options: { override?: boolean; language?: string } = {}) {
  const until = new Date((await now()).getTime() + 30 * 86_400_000).toISOString();
  return http(protection.system, 'POST', `/cases/${caseId}/shares`, {
    body: {
      partnerId,
      scope: { service },
      purpose: 'service-delivery',
      until,
      ...(options.override ? { overrideReason: 'vital-interests' } : {}),
    },
    token: await protection.token('caseworker'),
    ...(options.language ? { headers: { 'accept-language': options.language } } : {}),
  });
}

const answer = async (caseId: string, shareId: string, verb: 'accept' | 'reject', body?: unknown) =>
  http(protection.system, 'POST', `/cases/${caseId}/shares/${shareId}/${verb}`, {
    token: await partner(B),
    ...(body !== undefined ? { body } : {}),
  });

async function queue(which: 'partner' | 'mine' = 'partner'): Promise<string[]> {
  const response = await http(protection.system, 'GET', `/tasks?queue=${which}&limit=100`, { token: await partner(B) });
  expect(response.status, response.text).toBe(200);
  return (response.body as { items: { taskId: string }[] }).items.map((t) => t.taskId);
}

/** A trafficking victim assessed with the HTCDS lists, her plan approved: the services' tasks. */
async function traffickingVictimWithPlan() {
  const caseId = await protection.refer(referrals.traffickingVictim());
  await protection.assessed(caseId, protectionDecision('vulnerability-assessment', 'assessed'));
  const tasks = await protection.planApproved(caseId);
  return { caseId, tasks };
}

describe('a protection service referred to a partner association', () => {
  it(
    'a trafficking victim: consent checked (409 localized, or a recorded ground), accepted, delivered by the partner, who sees nothing else',
    { timeout: 90_000 },
    async () => {
      const other = await protection.refer();
      const { caseId, tasks } = await traffickingVictimWithPlan();
      const view = await protection.view(caseId);
      expect(view.facts).toMatchObject({ vulnerabilityCategories: ['victim-of-trafficking', 'medical'] });
      expect((await protection.history(caseId)).map((e) => e.type)).toContain('protection.assessment-recorded');
      // The trafficking details (closed lists) stay on the task, out of the case's facts and history.
      expect(JSON.stringify(view.facts)).not.toContain('debt-bondage');
      expect(JSON.stringify(await protection.history(caseId))).not.toContain('debt-bondage');
      const [referred, ...rest] = tasks;
      const serviceId = referred!.serviceId;

      // She consented to share with two organisations, not with B: 409 with the reason, in her caseworker's language.
      const refused = await referService(caseId, B, serviceId, { language: 'ar' });
      expect(refused.status, refused.text).toBe(409);
      expect(refused.headers.get('content-type')).toContain('application/problem+json');
      expect(refused.headers.get('content-language')).toBe('ar');
      expect(refused.body).toMatchObject({ type: expect.stringContaining('shareWithoutConsent') });
      expect((refused.body as { title: string }).title).toMatch(/[\u0600-\u06FF]/);
      expect((await protection.history(caseId)).map((e) => e.type)).not.toContain('case.shared');

      // With a ground: recorded.
      const made = await referService(caseId, B, serviceId, { override: true });
      expect(made.status, made.text).toBe(201);
      const shareId = (made.body as { shareId: string }).shareId;
      expect((await protection.history(caseId)).find((e) => e.type === 'case.shared')?.details).toMatchObject({
        basis: 'override:vital-interests',
      });

      const accepted = await answer(caseId, shareId, 'accept');
      expect(accepted.status, accepted.text).toBe(200);
      expect(await queue()).toContain(referred!.taskId);
      for (const { taskId } of rest) expect(await queue()).not.toContain(taskId);

      // The partner claims and completes its service's delivery.
      expect((await http(protection.system, 'POST', `/tasks/${referred!.taskId}/claim`, { token: await partner(B) })).status).toBe(200);
      expect(await queue('mine')).toEqual([referred!.taskId]);
      const delivered = await http(protection.system, 'POST', `/tasks/${referred!.taskId}/complete`, {
        body: { decision: protectionDecision('service-delivery', 'delivered', { deliveredBy: 'partner' }) },
        token: await partner(B),
      });
      expect(delivered.status, delivered.text).toBe(200);
      const recorded = await protection.waitUntil(
        caseId,
        (v) => (v as typeof view).services?.find((s) => s.serviceId === serviceId)?.status === 'delivered',
        'service delivered',
      );
      expect((recorded as typeof view).services?.find((s) => s.serviceId === serviceId)).toMatchObject({
        status: 'delivered',
        deliveredBy: 'partner',
      });
      expect((recorded as typeof view).services?.filter((s) => s.serviceId !== serviceId).every((s) => s.status === 'planned')).toBe(true);

      // Every other case and every other task: told nothing exists.
      expect((await http(protection.system, 'GET', `/cases/${other}`, { token: await partner(B) })).status).toBe(404);
      expect((await http(protection.system, 'GET', `/cases/${other}/history`, { token: await partner(B) })).status).toBe(404);
      for (const { taskId } of rest) {
        expect((await http(protection.system, 'GET', `/tasks/${taskId}`, { token: await partner(B) })).status).toBe(404);
        expect((await http(protection.system, 'POST', `/tasks/${taskId}/claim`, { token: await partner(B) })).status).toBe(404);
        const completed = await http(protection.system, 'POST', `/tasks/${taskId}/complete`, {
          body: { decision: protectionDecision('service-delivery', 'delivered', { deliveredBy: 'partner' }) },
          token: await partner(B),
        });
        expect(completed.status).toBe(404);
      }
      const otherTask = await protection.openTask(other, 'registration');
      expect((await http(protection.system, 'GET', `/tasks/${otherTask}`, { token: await partner(B) })).status).toBe(404);
      expect((await http(protection.system, 'POST', `/tasks/${otherTask}/claim`, { token: await partner(B) })).status).toBe(404);

      const types = (await protection.history(caseId)).map((e) => e.type);
      expect(types).toEqual(expect.arrayContaining(['case.shared', 'case.referral-accepted', 'protection.service-recorded']));
    },
  );

  it(
    'a rejected referral leaves the service with staff, who deliver it; a revoked one takes the case and the claim from the partner at once',
    {
      timeout: 90_000,
    },
    async () => {
      const { caseId, tasks } = await traffickingVictimWithPlan();
      const [first, second] = tasks;

      // Rejected: nothing granted; staff deliver the service themselves.
      const toReject = await referService(caseId, B, first!.serviceId, { override: true });
      expect(toReject.status, toReject.text).toBe(201);
      const rejected = await answer(caseId, (toReject.body as { shareId: string }).shareId, 'reject', { reasonCode: 'no-capacity' });
      expect(rejected.status, rejected.text).toBe(200);
      expect((await http(protection.system, 'GET', `/cases/${caseId}`, { token: await partner(B) })).status).toBe(404);
      expect(await queue()).not.toContain(first!.taskId);
      await protection.deliverAll([first!]);
      const afterStaff = await protection.waitUntil(
        caseId,
        (v) =>
          (v as Awaited<ReturnType<typeof protection.view>>).services?.find((s) => s.serviceId === first!.serviceId)?.status ===
          'delivered',
        'first service delivered',
      );
      expect(
        (afterStaff as Awaited<ReturnType<typeof protection.view>>).services?.find((s) => s.serviceId === first!.serviceId),
      ).toMatchObject({
        deliveredBy: 'staff',
      });

      // Accepted and claimed, then revoked: the case, the task and the claim gone at once.
      const toRevoke = await referService(caseId, B, second!.serviceId, { override: true });
      const shareId = (toRevoke.body as { shareId: string }).shareId;
      expect((await answer(caseId, shareId, 'accept')).status).toBe(200);
      expect((await http(protection.system, 'POST', `/tasks/${second!.taskId}/claim`, { token: await partner(B) })).status).toBe(200);
      const revoked = await http(protection.system, 'POST', `/cases/${caseId}/shares/${shareId}/revoke`, {
        token: await protection.token('caseworker'),
      });
      expect(revoked.status, revoked.text).toBe(200);
      expect((await http(protection.system, 'GET', `/cases/${caseId}`, { token: await partner(B) })).status).toBe(404);
      expect(await queue()).not.toContain(second!.taskId);
      expect(await queue('mine')).not.toContain(second!.taskId);
      const late = await http(protection.system, 'POST', `/tasks/${second!.taskId}/complete`, {
        body: { decision: protectionDecision('service-delivery', 'delivered', { deliveredBy: 'partner' }) },
        token: await partner(B),
      });
      expect(late.status).toBe(404);
      const task = await http(protection.system, 'GET', `/tasks/${second!.taskId}`, { token: await protection.token('caseworker') });
      expect(task.body).toMatchObject({ task: { status: 'open' } });
      expect((task.body as { task: { assignee?: string } }).task.assignee).toBeUndefined();
      await protection.deliverAll([second!]);

      const types = (await protection.history(caseId)).map((e) => e.type);
      expect(types).toEqual(
        expect.arrayContaining(['case.referral-rejected', 'case.referral-accepted', 'case.share-revoked', 'task.claim-ended']),
      );
    },
  );
});
