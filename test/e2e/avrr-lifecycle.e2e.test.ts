// A whole AVRR case, from the web form to the last reintegration check-in (more than a year of case
// time, in seconds), with the local runtime restarted in the middle; and a missed check-in.
import { describe, expect, it } from 'vitest';
import { avrrScenario, decision } from '../support/avrr-driver.ts';

const avrr = avrrScenario();

const survey = (level: number) => ({
  economic: { employment: 'self-employed', incomeSatisfaction: level, foodSecurity: level, debtBurden: 6 - level },
  social: { housing: level, healthcareAccess: level, documentationAccess: 5, childrenInSchool: 'all' },
  psychosocial: { wellbeing: level, senseOfBelonging: level, feelsSafe: level, wishesToMigrateAgain: 6 - level },
});

describe('an AVRR case from application to closure', () => {
  it('runs through every phase and check-in, survives a restart, and closes after the 12-month check-in', async () => {
    const caseId = await avrr.apply();
    expect((await avrr.view(caseId)).workflow).toEqual({ phase: 'return', executionName: `${caseId}-return` });
    await avrr.approved(caseId);
    // During travel the case says it is in the travel phase (it said `return` before).
    await avrr.openTask(caseId, 'ticket');
    expect((await avrr.view(caseId)).workflow).toEqual({ phase: 'travel', executionName: `${caseId}-travel` });
    await avrr.prepared(caseId);
    await avrr.step(caseId, 'departure', 'caseworker', decision('departure', 'departed'));
    await avrr.step(caseId, 'arrival', 'caseworker', decision('arrival'));

    // The whole local runtime stops and starts again from its data folder while the plan is awaited.
    await avrr.openTask(caseId, 'reintegration-plan');
    await avrr.restart();

    // The household is three people (applicant + two family members): ceiling 4,500 EUR.
    const overBudget = await avrr.complete(await avrr.openTask(caseId, 'reintegration-plan'), 'caseworker', {
      outcome: 'proposed',
      items: [{ category: 'business', description: 'Grocery shop: stock and fittings', amountEUR: 5000 }],
    });
    expect(overBudget.status).toBe(422);
    expect(JSON.stringify(overBudget.body)).toContain('budget_exceeded');
    await avrr.step(caseId, 'reintegration-plan', 'caseworker', decision('reintegration-plan'));
    // The plan's author may not approve it, even as a supervisor: another supervisor does.
    await avrr.step(caseId, 'plan-approval', 'supervisor', decision('plan-approval', 'approved'));
    await avrr.step(caseId, 'assistance-delivery', 'caseworker', decision('assistance-delivery'));
    await avrr.waitUntil(caseId, (v) => v.stage === 'monitoring', 'monitoring');

    // Check-ins 3, 6 and 12 months after arrival, each started by its schedule.
    for (const [checkIn, advanceBy, level] of [
      ['checkin-3', 'P92D', 3],
      ['checkin-6', 'P91D', 4],
      ['checkin-12', 'P184D', 5],
    ] as const) {
      await avrr.advance(advanceBy);
      await avrr.step(caseId, 'check-in', 'caseworker', decision('check-in', 'completed', { survey: survey(level) }));
      await avrr.waitUntil(caseId, (v) => v.checkIns?.[checkIn] !== undefined, `${checkIn} recorded`);
    }

    const closed = await avrr.closed(caseId, 'reintegration-completed');
    // Closed: the case says so (it said `reintegration` before), and names the phase it closed in.
    expect(closed.workflow).toEqual({ phase: 'closed', lastPhase: 'check-in', executionName: `${caseId}-checkin-12` });
    expect(Object.keys(closed.checkIns ?? {}).sort()).toEqual(['checkin-12', 'checkin-3', 'checkin-6']);
    const scores = ['checkin-3', 'checkin-6', 'checkin-12'].map((key) => closed.checkIns![key]!.score!.overall);
    expect(scores[0]).toBeLessThan(scores[2]!);
    expect(closed.checkIns!['checkin-12']!.score).toMatchObject({
      economic: expect.any(Number),
      social: expect.any(Number),
      psychosocial: expect.any(Number),
    });

    // Case time: more than a year from application to closure.
    const history = await avrr.history(caseId);
    const types = history.map((event) => event.type);
    expect(types[0]).toBe('case.submitted');
    expect(types.at(-1), JSON.stringify(history.slice(-12).map((e) => [e.type, (e as unknown as { at: string }).at]))).toBe('case.closed');
    expect(types.filter((type) => type === 'checkin.recorded')).toHaveLength(3);
    const at = (history as unknown as { at: string }[]).map((event) => Date.parse(event.at));
    expect(at.at(-1)! - at[0]!).toBeGreaterThan(365 * 24 * 3600 * 1000);

    // Every phase ran as its own execution, each named after the case, all finished.
    const executions = avrr.system.runtime.listExecutions({}).filter((execution) => execution.name.startsWith(caseId));
    expect(executions.map((execution) => execution.name.slice(caseId.length + 1)).sort()).toEqual([
      'checkin-12',
      'checkin-3',
      'checkin-6',
      'reintegration',
      'return',
      'travel',
    ]);
    expect(executions.every((execution) => execution.status === 'SUCCEEDED')).toBe(true);
    // More than a year of case time and a restart: about 25 s alone, longer on a shared machine.
  }, 90_000);
});

describe('a check-in nobody does', () => {
  it('is reminded, escalated to supervisors, recorded as missed; the last one still closes the case', async () => {
    const caseId = await avrr.apply();
    await avrr.approved(caseId);
    await avrr.prepared(caseId);
    await avrr.step(caseId, 'departure', 'caseworker', decision('departure', 'departed'));
    await avrr.step(caseId, 'arrival', 'caseworker', decision('arrival'));
    await avrr.step(caseId, 'reintegration-plan', 'caseworker', decision('reintegration-plan'));
    await avrr.step(caseId, 'plan-approval', 'supervisor', decision('plan-approval', 'approved'));
    await avrr.step(caseId, 'assistance-delivery', 'caseworker', decision('assistance-delivery'));
    await avrr.waitUntil(caseId, (v) => v.stage === 'monitoring', 'monitoring');

    // Nobody does any check-in: each is due 14 days after it opens, escalated 3 days later,
    // and given up 10 days after its due date.
    await avrr.advance('P400D');
    const closed = await avrr.closed(caseId, 'reintegration-completed');
    expect(Object.values(closed.checkIns ?? {}).map((c) => c.outcome)).toEqual(['missed', 'missed', 'missed']);
    const outbox = (await avrr.outbox(caseId)).map((m) => m.template);
    expect(outbox.filter((t) => t === 'task-escalated').length).toBeGreaterThanOrEqual(3);
    expect(outbox.filter((t) => t === 'task-timed-out').length).toBeGreaterThanOrEqual(3);
    // 400 days of timers at once: about 3 s alone, over 30 s when the machine is shared.
  }, 90_000);
});
