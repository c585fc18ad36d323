// The protection process on the local system over HTTP with the clock: an adult medical case to
// closure; a high-risk referral nobody picks up, escalated within hours; an unaccompanied child
// through BIA and BID; a supervisor approving their own plan refused; bad decisions refused (422).
import { describe, expect, it } from 'vitest';
import { protectionDecision, protectionScenario, referrals } from '../support/protection-driver.ts';

const protection = protectionScenario();

describe('protection', () => {
  // The whole journey (13 s alone) took more than 30 s on CI's shared cores with the suites around it.
  it('an adult medical case goes from referral to closure, each service due by its urgency and recorded', { timeout: 90_000 }, async () => {
    const caseId = await protection.refer();
    await protection.assessed(caseId);
    const tasks = await protection.planApproved(caseId);
    expect(tasks).toHaveLength(3);
    const view = await protection.view(caseId);
    expect(view.facts).toMatchObject({ provisionalRiskLevel: 'high', riskLevel: 'high', vulnerabilityCategories: ['medical'] });
    expect(view.services?.map((s) => [s.type, s.urgency, s.status])).toEqual([
      ['medical', '3-hours', 'planned'],
      ['shelter', '1-day', 'planned'],
      ['psychosocial', '2-weeks', 'planned'],
    ]);
    expect(new Set(tasks.map((t) => t.serviceId))).toEqual(new Set(view.services!.map((s) => s.serviceId)));
    await protection.deliverAll(tasks);
    await protection.step(caseId, 'follow-up-visit', 'caseworker', protectionDecision('follow-up-visit', 'close'));
    const closed = await protection.closed(caseId, 'needs-met');
    // The workflow moved it through its stages, each in the history (codes only).
    const moves = (await protection.history(caseId)).filter((e) => e.type === 'case.stage-changed').map((e) => e.details);
    expect(moves).toEqual([
      { from: 'submitted', to: 'registration' },
      { from: 'registration', to: 'assessment' },
      { from: 'assessment', to: 'case-plan' },
      { from: 'case-plan', to: 'service-provision' },
      { from: 'service-provision', to: 'follow-up' },
    ]);
    expect((closed as Awaited<ReturnType<typeof protection.view>>).services?.every((s) => s.status === 'delivered')).toBe(true);
    const types = (await protection.history(caseId)).map((e) => e.type);
    expect(types).toEqual(
      expect.arrayContaining([
        'protection.risk-level-provisional',
        'protection.risk-level-confirmed',
        'protection.assessment-recorded',
        'protection.services-planned',
        'protection.service-recorded',
        'case.closed',
      ]),
    );
  });

  it('a high-risk referral nobody registers is escalated to supervisors within hours', async () => {
    const caseId = await protection.refer(referrals.unaccompaniedChild());
    await protection.openTask(caseId, 'registration');
    const [task] = (await protection.view(caseId)).tasks;
    expect(Date.parse(task!.dueAt) - Date.parse((await protection.view(caseId)).createdAt)).toBe(3 * 3_600_000);
    await protection.advance('PT7H');
    const escalated = (await protection.outbox(caseId)).filter((m) => m.template === 'task-escalated');
    expect(escalated.length).toBeGreaterThanOrEqual(1);
  });

  it('an unaccompanied child: BIA approved by another person, BID recorded on the case before the plan', async () => {
    const caseId = await protection.refer(referrals.unaccompaniedChild());
    await protection.assessed(caseId, { outcome: 'assessed', categories: ['unaccompanied-child'] });
    const biaTask = await protection.step(caseId, 'bia', 'screenerSupervisor', protectionDecision('bia'));
    expect(biaTask).toBeDefined();
    // Whoever did the BIA may not approve it.
    const approval = await protection.openTask(caseId, 'bia-approval');
    expect((await protection.complete(approval, 'screenerSupervisor', protectionDecision('bia-approval', 'approved'))).status).toBe(403);
    expect((await protection.complete(approval, 'supervisor', protectionDecision('bia-approval', 'approved'))).status).toBe(200);
    await protection.step(caseId, 'bid', 'supervisor', protectionDecision('bid'));
    await protection.openTask(caseId, 'assistance-plan');
    const view = await protection.view(caseId);
    expect(view.facts).toMatchObject({ childNeedsBid: true, bestInterests: { bidRecommendation: 'repatriation' } });
    expect(view.facts.bestInterests).toHaveProperty('biaApprovedAt');
    expect(view.facts.bestInterests).toHaveProperty('bidRecordedAt');
  });

  it('a supervisor may not approve a plan they wrote (403); bad decisions are 422 with every field error, localized', async () => {
    const caseId = await protection.refer();
    await protection.step(caseId, 'registration', 'caseworker', protectionDecision('registration', 'confirmed'));
    const assessment = await protection.openTask(caseId, 'vulnerability-assessment');
    const bad = await protection.complete(assessment, 'caseworker', {
      outcome: 'assessed',
      categories: ['victim-of-trafficking'],
      notes: 'x'.repeat(2001),
    });
    expect(bad.status).toBe(422);
    const problem = bad.body as { errors: { pointer: string; code: string; message: string }[] };
    expect(problem.errors.map((e) => [e.pointer, e.code])).toEqual([
      ['/decision/notes', 'too_big'],
      ['/decision/trafficking', 'trafficking_required'],
    ]);
    expect((await protection.complete(assessment, 'caseworker', { outcome: 'assessed', categories: ['elderly'] })).status).toBe(200);
    await protection.step(caseId, 'assistance-plan', 'screenerSupervisor', protectionDecision('assistance-plan', 'proposed'));
    const planApproval = await protection.openTask(caseId, 'assistance-plan-approval');
    expect(
      (await protection.complete(planApproval, 'screenerSupervisor', protectionDecision('assistance-plan-approval', 'approved'))).status,
    ).toBe(403);
    expect((await protection.complete(planApproval, 'supervisor', protectionDecision('assistance-plan-approval', 'approved'))).status).toBe(
      200,
    );
  });
});
