// An association's capacity building over HTTP with the clock: its own staff submit the assessment
// (form version 3, instrument 2) and draft the plan; a supervisor requests changes, then approves
// (never the plan's author); trainings and coaching are recorded month by month; the reassessment on
// the same instrument sets the change per domain beside the baseline and closes the case. A
// reassessment on another instrument is refused; another association's staff neither see nor act.
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { http } from '../support/local-system.ts';
import { getForm } from '../../domain/forms/index.ts';
import { capacityDecision, capacityScenario, ASSOCIATION } from '../support/capacity-driver.ts';

const driver = capacityScenario();

describe('capacity building of an association', () => {
  it('assessment → plan (changes requested, then approved) → months of trainings → reassessment: the change per domain, closed', async () => {
    const caseId = await driver.assess();
    const submitted = await driver.view(caseId);
    expect(submitted.partnerId).toBe(ASSOCIATION);
    expect(submitted.facts).toMatchObject({ instrumentVersion: 2, capacityDomainScores: { governance: 2.8 } });

    // The plan, by the association's own staff; its dates are checked against the assessment.
    const planTask = await driver.openTask(caseId, 'capacity-plan');
    const early = capacityDecision('capacity-plan');
    (early.actions as Record<string, unknown>[])[0]!.dueDate = '2026-10-01';
    const refused = await driver.completeAs(planTask, 'associationStaff', early, 'en');
    expect(refused.status).toBe(422);
    expect(refused.headers.get('content-type')).toContain('application/problem+json');
    expect(refused.text).toContain('before the assessment (2026-11-20)');
    expect((await driver.completeAs(planTask, 'associationStaff', capacityDecision('capacity-plan'))).status).toBe(200);

    // The association cannot approve its own plan (the approval is mission staff's: not even shown
    // to it); a supervisor asks for changes, seeing the plan in full with the approval itself.
    const approval = await driver.openTask(caseId, 'capacity-plan-approval');
    const byAssociation = await driver.completeAs(approval, 'associationStaff', capacityDecision('capacity-plan-approval', 'approved'));
    expect(byAssociation.status).toBe(404);
    const shown = await driver.getAs(`/tasks/${approval}`, 'supervisor');
    const detail = shown.body as {
      task: { context: { planTaskId: string; actions: unknown[] } };
      relatedTask: { taskId: string; step: string; title: string; decision: { actions: Record<string, unknown>[] } };
    };
    expect(detail.task.context.planTaskId).toBe(planTask);
    expect(detail.relatedTask).toMatchObject({ taskId: planTask, step: 'capacity-plan', title: 'Plan de renforcement des capacités' });
    expect(detail.relatedTask.decision.actions).toEqual([
      {
        domain: 'financialManagement',
        description: 'Adopter un manuel de procédures financières',
        owner: 'Trésorier',
        dueDate: '2027-03-31',
      },
      {
        domain: 'performanceManagement',
        description: 'Rédiger un plan de suivi avec des indicateurs',
        owner: 'Coordinatrice de projets',
        dueDate: '2027-05-31',
      },
      { domain: 'sustainability', description: 'Déposer deux demandes de financement', owner: 'Président', dueDate: '2027-06-30' },
    ]);
    await driver.stepAs(caseId, 'capacity-plan-approval', 'supervisor', capacityDecision('capacity-plan-approval', 'changes-requested'));

    // Round two: a caseworker redrafts the plan and may not approve it (four eyes); a supervisor does.
    await driver.stepAs(caseId, 'capacity-plan', 'caseworker', capacityDecision('capacity-plan'));
    const secondApproval = await driver.openTask(caseId, 'capacity-plan-approval');
    const own = await driver.completeAs(secondApproval, 'caseworker', capacityDecision('capacity-plan-approval', 'approved'));
    expect(own.status).toBe(403);
    const approved = capacityDecision('capacity-plan-approval', 'approved', { reassessmentAfterMonths: 3 });
    expect((await driver.completeAs(secondApproval, 'supervisor', approved)).status).toBe(200);
    const planned = await driver.waitUntil(caseId, (v) => v.stage === 'capacity-building', 'capacity building');
    expect(planned.facts.capacityPlan).toMatchObject({ actionCount: 3, reassessmentAfterMonths: 3, reassessmentDueOn: '2027-03-01' });

    // Month 1: nothing opens before the month ends; then the association records its trainings.
    expect((await driver.view(caseId)).tasks.filter((t) => t.step === 'capacity-activity')).toEqual([]);
    await driver.advance('P31D');
    const month1 = await driver.openTask(caseId, 'capacity-activity');
    const future = {
      outcome: 'recorded',
      activities: [
        { kind: 'training', domain: 'governance', topic: 'governance', date: await driver.today(3), hours: 3, participants: 4 },
        { kind: 'training', domain: 'governance', topic: 'governance', date: '2026-11-25', hours: 3, participants: 4 },
      ],
    };
    const wrongDates = await driver.completeAs(month1, 'associationStaff', future, 'ar');
    expect(wrongDates.status).toBe(422);
    const errors = (wrongDates.body as { errors: { pointer: string; code: string; message: string }[] }).errors;
    expect(errors.map((e) => [e.pointer, e.code])).toEqual([
      ['/decision/activities/0/date', 'date_in_future'],
      ['/decision/activities/1/date', 'before_plan_approval'],
    ]);
    expect(errors[0]!.message).toMatch(/[\u0600-\u06FF]/);
    expect((await driver.completeAs(month1, 'associationStaff', capacityDecision('capacity-activity', 'recorded'))).status).toBe(200);

    // Month 2: nothing to record. Month 3: a caseworker records coaching.
    await driver.advance('P31D');
    await driver.stepAs(caseId, 'capacity-activity', 'associationStaff', capacityDecision('capacity-activity', 'none'));
    await driver.advance('P28D');
    const month3 = await driver.stepAs(caseId, 'capacity-activity', 'caseworker', {
      outcome: 'recorded',
      activities: [
        { kind: 'coaching', domain: 'sustainability', topic: 'fundraising', date: await driver.today(-2), hours: 2, participants: 2 },
      ],
    });

    // The reassessment: instrument 1 is refused (like with like), instrument 2 accepted.
    const reassessment = await driver.openTask(caseId, 'capacity-reassessment');
    expect((await driver.view(caseId)).stage).toBe('reassessment');
    const onInstrument1 = {
      outcome: 'reassessed',
      instrumentVersion: 1,
      assessmentDate: await driver.today(),
      scores: { governance: 4, financialManagement: 3, projectManagement: 3, monitoringEvaluation: 3, partnerships: 4 },
    };
    const mismatch = await driver.completeAs(reassessment, 'associationStaff', onInstrument1, 'fr');
    expect(mismatch.status).toBe(422);
    expect((mismatch.body as { errors: { pointer: string; code: string; message: string }[] }).errors).toEqual([
      {
        pointer: '/decision/instrumentVersion',
        code: 'instrument_mismatch',
        message: expect.stringContaining('même instrument') as string,
      },
    ]);
    const same = capacityDecision('capacity-reassessment', 'reassessed', { assessmentDate: await driver.today() });
    expect((await driver.completeAs(reassessment, 'associationStaff', same)).status).toBe(200);

    const closed = await driver.closed(caseId, 'capacity-reassessed');
    expect(closed.facts.capacityComparison).toEqual([
      { domain: 'governance', baseline: 2.8, reassessment: 3.3, change: 0.5 },
      { domain: 'financialManagement', baseline: 1.5, reassessment: 2.5, change: 1 },
      { domain: 'administrationProcurement', baseline: 1.7, reassessment: 2.3, change: 0.6 },
      { domain: 'humanResources', baseline: 1.8, reassessment: 2.5, change: 0.7 },
      { domain: 'programmeManagement', baseline: 2.7, reassessment: 3, change: 0.3 },
      { domain: 'performanceManagement', baseline: 1.5, reassessment: 2.5, change: 1 },
      { domain: 'sustainability', baseline: 2, reassessment: 2.3, change: 0.3 },
    ]);
    expect(closed.facts.capacityActivities).toMatchObject({ trainings: 1, coachingSessions: 2, hours: 10 });
    expect(closed.facts.capacityOverallChange).toEqual({ baseline: 2, reassessment: 2.6, change: 0.6 });

    // The history holds ids, codes and numbers: never the plan's actions, owners or titles.
    const history = await driver.history(caseId);
    expect(history.map((e) => e.type)).toEqual(
      expect.arrayContaining(['capacity.plan-approved', 'capacity.activities-recorded', 'capacity.reassessed', 'case.closed']),
    );
    expect(JSON.stringify(history)).not.toMatch(/Trésorier|manuel|Indicateurs/);
    // Who did what, as they are: the association's staff as partners, mission staff as staff.
    const actorOf = (type: string, taskId?: string) =>
      history.filter((e) => e.type === type && (taskId === undefined || e.details.taskId === taskId)).map((e) => e.actor);
    const association = { kind: 'partner', id: 'samira.tadamoun' };
    expect(actorOf('task.completed', planTask)).toEqual([association]);
    expect(actorOf('capacity.activities-recorded', month1)).toEqual([association]);
    expect(actorOf('capacity.activities-recorded', month3)).toEqual([{ kind: 'staff', id: 'amina.caseworker' }]);
    expect(actorOf('capacity.reassessed')).toEqual([association]);
    expect(actorOf('capacity.plan-approved')).toEqual([expect.objectContaining({ kind: 'staff' })]);
    // Nor do the executions (two phases, each named after the case), which hold ids, codes and numbers.
    const executions = driver.system.runtime.listExecutions({}).filter((e) => e.name.startsWith(caseId));
    expect(executions.map((e) => e.name).sort()).toEqual([`${caseId}-capacity`, `${caseId}-capacity-building`]);
    for (const execution of executions) {
      const events = JSON.stringify(driver.system.runtime.getHistory(execution.executionArn, { limit: 100_000 }));
      expect(events).not.toMatch(/Trésorier|manuel|Indicateurs|Samira|Lahlou|Ajouter une action/);
    }
  }, 240_000);

  it('another association’s staff neither see the case nor act on its tasks (404); a retired version (2) opens no case', async () => {
    // Instrument 1's versions are retired: readable, but a submission on one is refused, naming version 3.
    const retired = await http(driver.system, 'POST', '/partner/forms/association-capacity-assessment/submissions?version=2', {
      body: structuredClone(getForm('association-capacity-assessment', 2)!.examples[0]),
      headers: { 'idempotency-key': randomUUID(), 'accept-language': 'en' },
      token: await driver.tokenOf('associationStaff'),
    });
    expect(retired.status, retired.text).toBe(410);
    expect(retired.body).toMatchObject({ type: 'urn:casework:problem:formVersionRetired', currentVersion: 3 });
    expect((await http(driver.system, 'GET', '/forms/association-capacity-assessment?version=2')).body).toMatchObject({
      version: 2,
      retired: true,
    });
    const caseId = await driver.assess();
    const planTask = await driver.openTask(caseId, 'capacity-plan');
    expect((await driver.getAs(`/cases/${caseId}`, 'otherAssociationStaff')).status).toBe(404);
    expect((await driver.getAs(`/tasks/${planTask}`, 'otherAssociationStaff')).status).toBe(404);
    expect((await driver.completeAs(planTask, 'otherAssociationStaff', capacityDecision('capacity-plan'))).status).toBe(404);
    const queue = await driver.getAs('/cases?programme=youth-employability&stage=assessment', 'otherAssociationStaff');
    expect(queue.status).toBe(200);
    expect(queue.text).not.toContain(caseId);
    const ownQueue = await driver.getAs('/cases?programme=youth-employability&stage=assessment', 'associationStaff');
    expect(ownQueue.text).toContain(caseId);
    const tasks = await driver.getAs('/tasks?queue=partner', 'otherAssociationStaff');
    expect(tasks.status).toBe(200);
    expect(tasks.text).not.toContain(caseId);
    // The same queue lists the plan's task to the association whose case it is.
    const ownTasks = await driver.getAs('/tasks?queue=partner', 'associationStaff');
    expect(ownTasks.status).toBe(200);
    expect(ownTasks.text).toContain(planTask);
    expect((await driver.getAs(`/cases/${caseId}`, 'associationStaff')).status).toBe(200);

    expect((await driver.completeAs(planTask, 'associationStaff', capacityDecision('capacity-plan'))).status).toBe(200);
  }, 120_000);
});
