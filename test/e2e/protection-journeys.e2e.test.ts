// Protection journeys across programmes, on the local system over HTTP with the clock and the real
// protection workflow: an unaccompanied child through BIA and BID referred to AVRR (the AVRR return
// approved only once the protection workflow's BID step is recorded); a closed case reopened (the
// process runs again from the assistance plan); a withdrawal from AVRR back to protection follow-up.
// Stage names are not asserted (they are the stages' own business): status, closure reasons, tasks,
// links, history event types and HTTP answers are.
import { describe, expect, it } from 'vitest';
import { decision } from '../support/avrr-driver.ts';
import { http } from '../support/local-system.ts';
import { protectionDecision, protectionScenario, referrals, type ProtectionCaseView } from '../support/protection-driver.ts';

const protection = protectionScenario();

type Linked = ProtectionCaseView & {
  links?: { caseId: string; programme: string; relation: string }[];
  persons: { personId: string; role: string; subjectId?: string; data: Record<string, unknown> }[];
};

async function referToAvrr(caseId: string, body: Record<string, unknown> = { programme: 'avrr' }, language = 'fr') {
  return http(protection.system, 'POST', `/cases/${caseId}/referrals`, {
    body,
    token: await protection.token('caseworker'),
    headers: { 'accept-language': language },
  });
}

const openTasks = async (caseId: string, step: string) =>
  (await protection.view(caseId)).tasks.filter((t) => t.step === step && t.status === 'open');

describe('protection journeys across programmes', () => {
  it(
    'an unaccompanied child through BIA and BID, referred to AVRR: the linked return is approved only after the BID step',
    { timeout: 90_000 },
    async () => {
      const protectionId = await protection.refer(referrals.unaccompaniedChild());
      await protection.assessed(protectionId, { outcome: 'assessed', categories: ['unaccompanied-child'] });
      await protection.step(protectionId, 'bia', 'caseworker', protectionDecision('bia', 'completed', { durableSolutionConsidered: true }));
      await protection.step(protectionId, 'bia-approval', 'supervisor', protectionDecision('bia-approval', 'approved'));
      // The panel has not sat yet: the BID step waits.
      const bidTask = await protection.openTask(protectionId, 'bid');

      // The child wishes to go home: referred to AVRR on her best interests (no consent of her own).
      const referred = await referToAvrr(protectionId, { programme: 'avrr', overrideReason: 'best-interests-of-child' });
      expect(referred.status, referred.text).toBe(201);
      const avrrId = (referred.body as { caseId: string }).caseId;
      const avrrView = (await protection.view(avrrId)) as Linked;
      const protectionView = (await protection.view(protectionId)) as Linked;
      expect(avrrView.links).toEqual([{ caseId: protectionId, programme: 'protection', relation: 'referred-from' }]);
      expect(protectionView.links).toEqual([{ caseId: avrrId, programme: 'avrr', relation: 'referred-to' }]);
      expect(avrrView.facts).toMatchObject({ childNeedsBid: true });
      // Carried over, never retyped: the same answers, one subject.
      const before = protectionView.persons.find((p) => p.role === 'applicant')!;
      const after = avrrView.persons.find((p) => p.role === 'applicant')!;
      expect(after.data).toEqual(before.data);
      expect(after.subjectId ?? after.personId).toBe(before.subjectId ?? before.personId);
      // The protection process goes on: its BID step still waits.
      expect((await openTasks(protectionId, 'bid')).map((t) => t.taskId)).toEqual([bidTask]);

      await protection.step(avrrId, 'screening', 'caseworker', decision('screening', 'eligible', { escortRequired: true }));
      const approval = await protection.openTask(avrrId, 'approval');
      const refused = await http(protection.system, 'POST', `/tasks/${approval}/complete`, {
        body: { decision: decision('approval', 'approved') },
        token: await protection.token('supervisor'),
        headers: { 'accept-language': 'ar' },
      });
      expect(refused.status, refused.text).toBe(409);
      expect(refused.headers.get('content-type')).toContain('application/problem+json');
      expect(refused.headers.get('content-language')).toBe('ar');
      expect(refused.body).toMatchObject({ type: 'urn:casework:problem:bestInterestsDeterminationRequired' });
      expect((refused.body as { title: string }).title).toMatch(/[\u0600-\u06FF]/);

      // The panel's determination, recorded through the protection workflow's own step.
      const bid = await protection.complete(bidTask, 'screenerSupervisor', protectionDecision('bid'));
      expect(bid.status, bid.text).toBe(200);
      await protection.waitUntil(
        protectionId,
        (v) => typeof ((v as ProtectionCaseView).facts.bestInterests as { bidRecordedAt?: string } | undefined)?.bidRecordedAt === 'string',
        'BID recorded',
      );
      expect((await protection.complete(approval, 'supervisor', decision('approval', 'approved'))).status).toBe(200);
      await protection.openTask(avrrId, 'travel-document');
      expect((await protection.history(protectionId)).map((e) => e.type)).toEqual(expect.arrayContaining(['case.referred']));
    },
  );

  it(
    'a closed protection case reopened for a new need: in the history, the process runs again from the assistance plan',
    { timeout: 90_000 },
    async () => {
      const caseId = await protection.adultMedicalToClosure();
      expect((await protection.view(caseId)).tasks.filter((t) => t.status === 'open')).toEqual([]);
      const reopened = await http(protection.system, 'POST', `/cases/${caseId}/reopening`, {
        body: { need: 'shelter' },
        token: await protection.token('caseworker'),
      });
      expect(reopened.status, reopened.text).toBe(200);
      expect(await protection.view(caseId)).toMatchObject({ status: 'open' });
      expect((await protection.history(caseId)).map((e) => e.type)).toContain('case.reopened');
      expect((await protection.history(caseId)).find((e) => e.type === 'case.reopened')).toMatchObject({
        actor: { kind: 'staff', id: 'amina.caseworker' },
        details: { need: 'shelter', reopenCount: 1, previousClosureReason: 'needs-met' },
      });

      // Again from the plan: no registration, no assessment this time.
      await protection.openTask(caseId, 'assistance-plan');
      const steps = (await protection.view(caseId)).tasks.filter((t) => t.status === 'open').map((t) => t.step);
      expect(steps).toEqual(['assistance-plan']);
      const plan = protectionDecision('assistance-plan', 'proposed', {
        services: [{ type: 'shelter', urgency: '1-day' }],
      });
      const [task] = await protection.planApproved(caseId, plan);
      await protection.deliverAll([task!]);
      await protection.step(caseId, 'follow-up-visit', 'caseworker', protectionDecision('follow-up-visit', 'close'));
      await protection.closed(caseId, 'needs-met');
      expect((await protection.history(caseId)).filter((e) => e.type === 'case.closed')).toHaveLength(2);
    },
  );

  it(
    'withdrawing from AVRR returns the protection case to its follow-up: the running workflow keeps its follow-up visit',
    { timeout: 90_000 },
    async () => {
      const caseId = await protection.refer();
      await protection.assessed(caseId);
      await protection.deliverAll(await protection.planApproved(caseId));
      const visit = await protection.openTask(caseId, 'follow-up-visit');

      const referred = await referToAvrr(caseId);
      expect(referred.status, referred.text).toBe(201);
      const avrrId = (referred.body as { caseId: string }).caseId;
      await protection.openTask(avrrId, 'screening');
      const withdrawn = await http(protection.system, 'POST', `/cases/${avrrId}/withdrawal`, {
        body: { reasonCode: 'changed-mind' },
        token: await protection.token('caseworker'),
      });
      expect(withdrawn.status, withdrawn.text).toBe(200);
      await protection.closed(avrrId, 'withdrawn');

      const told = (await protection.history(caseId)).find((e) => e.type === 'case.linked-case-closed');
      expect(told?.details).toMatchObject({ linkedCaseId: avrrId, reason: 'withdrawn', followUp: 'in-running-workflow' });
      // Its own workflow still runs: the same visit waits, no second one is opened.
      await protection.settle();
      expect((await openTasks(caseId, 'follow-up-visit')).map((t) => t.taskId)).toEqual([visit]);
      expect(await protection.view(caseId)).toMatchObject({ status: 'open' });
      await protection.step(caseId, 'follow-up-visit', 'caseworker', protectionDecision('follow-up-visit', 'close'));
      await protection.closed(caseId, 'needs-met');
    },
  );

  // Between two visits the workflow waits on its timer with no task open: its execution still runs,
  // so the withdrawal starts no second one (before the fix, `linkedReactions` took "no open task" for
  // "its workflow ended" and started `${caseId}-follow-up-1`: two follow-up visits, two executions).
  it(
    'withdrawing from AVRR while the protection workflow waits for its next visit: one follow-up visit at a time',
    { timeout: 90_000 },
    async () => {
      const caseId = await protection.refer();
      await protection.assessed(caseId);
      await protection.deliverAll(await protection.planApproved(caseId));
      await protection.step(
        caseId,
        'follow-up-visit',
        'caseworker',
        protectionDecision('follow-up-visit', 'continue', { nextVisitInDays: 14 }),
      );
      // Between two visits: no task open, the workflow waits on its timer.
      await protection.settle();
      expect((await protection.view(caseId)).tasks.filter((t) => t.status === 'open')).toEqual([]);

      const avrrId = ((await referToAvrr(caseId)).body as { caseId: string }).caseId;
      const withdrawn = await http(protection.system, 'POST', `/cases/${avrrId}/withdrawal`, {
        body: { reasonCode: 'changed-mind' },
        token: await protection.token('caseworker'),
      });
      expect(withdrawn.status, withdrawn.text).toBe(200);
      await protection.settle();
      const told = (await protection.history(caseId)).find((e) => e.type === 'case.linked-case-closed');
      expect(told?.details).toMatchObject({ linkedCaseId: avrrId, reason: 'withdrawn', followUp: 'in-running-workflow' });
      expect((await protection.view(caseId)).tasks.filter((t) => t.status === 'open')).toEqual([]);

      await protection.advance('P15D');
      await protection.openTask(caseId, 'follow-up-visit');
      await protection.settle();
      expect(await openTasks(caseId, 'follow-up-visit')).toHaveLength(1);
    },
  );
});
