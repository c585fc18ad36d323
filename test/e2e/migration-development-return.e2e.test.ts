// A qualified national's return over HTTP on the local system with its clock: the application,
// eligibility, a business project, a plan over its ceiling refused (422 in fr/ar/en) then within it,
// its approval refused to the supervisor who wrote it (403, four eyes) and given by another who reads
// the plan with the approval, a date of return in the future refused, the return, the 3-month
// follow-up recorded, the 12-month one missed (reminded, escalated, recorded missed), the case closed.
import { describe, expect, it } from 'vitest';
import { http } from '../support/local-system.ts';
import { returnDecision, returnScenario } from '../support/return-driver.ts';
import { RETURN_BUDGET_CEILING_MAD } from '../../domain/migration-development/return-steps.ts';

const driver = returnScenario();

describe('return of qualified nationals', () => {
  it(
    'a business project through plan, four-eyes approval, the return and follow-ups at 3 and 12 months (one missed) to closure',
    { timeout: 240_000 },
    async () => {
      const caseId = await driver.applyForReturn();
      expect((await driver.view(caseId)).reference).toMatch(/^SKRT-/);
      await driver.withBusinessProject(caseId);
      // Recorded by the workflow's case action after the step: waited for, not raced.
      await driver.waitUntil(
        caseId,
        (v) => (v as { facts?: { return?: { opportunity?: object } } }).facts?.return?.opportunity !== undefined,
        'opportunity recorded',
      );
      expect((await driver.returnFacts(caseId)).opportunity).toMatchObject({ kind: 'business-project', estimatedCostMAD: 250000 });

      // The plan: over the business ceiling, refused with every language's message; then within it.
      const planTask = await driver.openTask(caseId, 'return-plan');
      const ceiling = RETURN_BUDGET_CEILING_MAD['business-project'];
      const over = returnDecision('return-plan', 'proposed', {
        lines: [
          { category: 'equipment', amountMAD: ceiling, supplierKind: 'company' },
          { category: 'training', amountMAD: 1, supplierKind: 'training-institute' },
        ],
      });
      for (const language of ['fr', 'ar', 'en']) {
        const refused = await driver.completeIn(planTask, 'screenerSupervisor', over, language);
        expect(refused.status).toBe(422);
        expect(refused.headers.get('content-type')).toContain('application/problem+json');
        expect(refused.text).toContain(String(ceiling));
      }
      const written = await driver.complete(planTask, 'screenerSupervisor', returnDecision('return-plan', 'proposed'));
      expect(written.status, written.text).toBe(200);

      // Four eyes: the supervisor who wrote the plan may not approve it; another does, reading the plan.
      const approval = await driver.openTask(caseId, 'return-plan-approval');
      const own = await driver.complete(approval, 'screenerSupervisor', returnDecision('return-plan-approval', 'approved'));
      expect(own.status).toBe(403);
      const shown = (await driver.getAs(`/tasks/${approval}`, 'supervisor')).body as {
        relatedTask: { taskId: string; step: string; decision: { lines: unknown[]; notes?: string } };
      };
      expect(shown.relatedTask).toMatchObject({ taskId: planTask, step: 'return-plan' });
      expect(shown.relatedTask.decision.lines).toHaveLength(3);
      const approved = await driver.complete(approval, 'supervisor', returnDecision('return-plan-approval', 'approved'));
      expect(approved.status, approved.text).toBe(200);
      await driver.waitUntil(caseId, (v) => v.stage === 'return', 'stage return');
      expect((await driver.returnFacts(caseId)).plan).toMatchObject({ supportKind: 'business-project', totalMAD: 80000, lineCount: 3 });

      // The return: not in the future; today is fine.
      const arrival = await driver.openTask(caseId, 'return-arrival');
      const future = await driver.complete(arrival, 'caseworker', { outcome: 'returned', returnedOn: await driver.today(2) });
      expect(future.status).toBe(422);
      const returnedOn = await driver.today();
      expect((await driver.complete(arrival, 'caseworker', { outcome: 'returned', returnedOn })).status).toBe(200);
      await driver.waitUntil(caseId, (v) => v.stage === 'follow-up', 'stage follow-up');
      expect((await driver.returnFacts(caseId)).returnedOn).toBe(returnedOn);
      // Once returned, the application is no longer the applicant's to withdraw: a 409 that says so.
      const withdrawal = await http(driver.system, 'POST', `/cases/${caseId}/withdrawal`, {
        body: { reasonCode: 'changed-mind' },
        token: await driver.token('caseworker'),
        headers: { 'accept-language': 'fr' },
      });
      expect(withdrawal.status).toBe(409);
      expect((withdrawal.body as { title: string }).title).toBe('Retrait impossible à cette étape');

      // About 3 months after the return: the follow-up, recorded with its indicators.
      await driver.advance('P92D');
      await driver.step(caseId, 'return-follow-up', 'caseworker', returnDecision('return-follow-up', 'recorded'));
      await driver.waitUntil(
        caseId,
        (v) => (v as { facts?: { return?: { followUps?: object } } }).facts?.return?.followUps !== undefined,
        'follow-up-3',
      );
      expect((await driver.returnFacts(caseId)).followUps?.['follow-up-3']).toMatchObject({
        outcome: 'recorded',
        situation: 'business-running',
      });
      expect((await driver.view(caseId)).status).toBe('open');

      // About 12 months after: nobody records it. Reminded, overdue, escalated, then recorded missed; the case closes.
      await driver.advance('P274D');
      const last = await driver.openTask(caseId, 'return-follow-up');
      await driver.advance('P25D');
      await driver.closed(caseId, 'return-completed');
      expect((await driver.returnFacts(caseId)).followUps?.['follow-up-12']).toMatchObject({ outcome: 'missed' });
      const messages = (await http(driver.system, 'GET', '/_local/outbox')).body as {
        messages: { taskId?: string; template: string; recipient: { kind: string; role?: string } }[];
      };
      const sent = (template: string) =>
        messages.messages.filter((m) => m.taskId === last && m.template === template).map((m) => m.recipient);
      expect(sent('task-due-soon').length).toBeGreaterThan(0);
      expect(sent('task-overdue').length).toBeGreaterThan(0);
      expect(sent('task-escalated')).toEqual([{ kind: 'role', role: 'supervisor' }]);
      const history = await driver.history(caseId);
      expect(history.filter((e) => e.type.startsWith('return.')).map((e) => e.type)).toEqual([
        'return.opportunity-recorded',
        'return.plan-approved',
        'return.returned',
        'return.follow-up-recorded',
        'return.follow-up-missed',
      ]);
      expect(history.some((e) => e.type === 'task.escalated')).toBe(true);
      // Nothing personal in the history: the plan's and the project's notes stay on their tasks.
      expect(JSON.stringify(history)).not.toMatch(/Agadir|Taroudant|Bennani/);
    },
  );
});
