// A whole AVRR case, from the web form to the last reintegration check-in (more than a year of case
// time, in seconds), with the local runtime restarted in the middle; and a missed check-in.
import { describe, expect, it } from 'vitest';
import { avrrScenario, decision } from '../support/avrr-driver.ts';
import { http } from '../support/local-system.ts';

const plusDays = (day: string, days: number) => new Date(Date.parse(`${day}T12:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
const problemErrors = (body: unknown) =>
  ((body as { errors?: { pointer: string; code: string }[] }).errors ?? []).map((e) => [e.pointer, e.code]);

const avrr = avrrScenario();

const survey = (level: number) => ({
  economic: { employment: 'self-employed', incomeSatisfaction: level, foodSecurity: level, debtBurden: 6 - level },
  social: { housing: level, healthcareAccess: level, documentationAccess: 5, childrenInSchool: 'all' },
  psychosocial: { wellbeing: level, senseOfBelonging: level, feelsSafe: level, wishesToMigrateAgain: 6 - level },
});

describe('an AVRR case from application to closure', () => {
  it('runs through every phase and check-in, survives a restart, and closes after the 12-month check-in', async () => {
    const caseId = await avrr.apply();
    expect((await avrr.view(caseId)).workflow).toMatchObject({ phase: 'return', executionName: `${caseId}-return`, title: 'Retour' });
    await avrr.approved(caseId);
    // During travel the case says it is in the travel phase (it said `return` before).
    await avrr.openTask(caseId, 'ticket');
    expect((await avrr.view(caseId)).workflow).toMatchObject({ phase: 'travel', executionName: `${caseId}-travel`, title: 'Voyage' });
    await avrr.prepared(caseId);
    const approvedOn = await avrr.missionToday();

    // Three days later the caseworker records the travel: the days they enter are what the case keeps.
    await avrr.advance('P3D');
    const departure = await avrr.openTask(caseId, 'departure');
    const refusedDeparture = await avrr.complete(
      departure,
      'caseworker',
      decision('departure', 'departed', { departedOn: plusDays(approvedOn, 4) }),
    );
    expect(refusedDeparture.status).toBe(422);
    expect(problemErrors(refusedDeparture.body)).toEqual([['/decision/departedOn', 'date_in_future']]);
    const beforeApproval = await avrr.complete(
      departure,
      'caseworker',
      decision('departure', 'departed', { departedOn: plusDays(approvedOn, -1) }),
    );
    expect(beforeApproval.status).toBe(422);
    expect(problemErrors(beforeApproval.body)).toEqual([['/decision/departedOn', 'departure_before_approval']]);
    await avrr.step(caseId, 'departure', 'caseworker', decision('departure', 'departed', { departedOn: plusDays(approvedOn, 1) }));
    const arrival = await avrr.openTask(caseId, 'arrival');
    const early = await http(avrr.system, 'POST', `/tasks/${arrival}/complete`, {
      body: { decision: decision('arrival', undefined, { arrivedOn: approvedOn, receivedBy: 'nobody' }) },
      token: await avrr.token('caseworker'),
      headers: { 'accept-language': 'en' },
    });
    expect(early.status).toBe(422);
    expect(early.headers.get('content-type')).toContain('application/problem+json');
    // Every field error at once, in the caller's language.
    expect(problemErrors(early.body)).toEqual(
      expect.arrayContaining([
        ['/decision/receivedBy', expect.any(String)],
        ['/decision/arrivedOn', 'arrival_before_departure'],
      ]),
    );
    expect(JSON.stringify(early.body)).toContain(
      `The arrival (${approvedOn}) cannot be before the departure (${plusDays(approvedOn, 1)}).`,
    );
    const arrivedOn = plusDays(approvedOn, 2);
    await avrr.step(caseId, 'arrival', 'caseworker', decision('arrival', undefined, { arrivedOn }));
    const travelled = await avrr.waitUntil(caseId, (v) => v.arrivedOn !== undefined, 'arrival recorded');
    expect(travelled).toMatchObject({ departedOn: plusDays(approvedOn, 1), arrivedOn });
    expect(travelled.departedAt!.slice(0, 10)).not.toBe(plusDays(approvedOn, 1));

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

    // Check-ins 3, 6 and 12 months after the arrival day entered (08:00 UTC), each started by its
    // schedule: not an hour before the 3-month one is due (counted from when the arrival was
    // recorded, it would come a day later).
    const dueAt = (days: number) => Date.parse(`${arrivedOn}T08:00:00Z`) + days * 86_400_000;
    await avrr.clockTo(new Date(dueAt(91) - 3_600_000).toISOString());
    expect((await avrr.view(caseId)).tasks.filter((task) => task.step === 'check-in')).toEqual([]);
    for (const [checkIn, days, level] of [
      ['checkin-3', 91, 3],
      ['checkin-6', 182, 4],
      ['checkin-12', 365, 5],
    ] as const) {
      await avrr.clockTo(new Date(dueAt(days) + 60_000).toISOString());
      await avrr.settle();
      expect((await avrr.view(caseId)).tasks.filter((task) => task.step === 'check-in' && task.status === 'open')).toHaveLength(1);
      await avrr.step(caseId, 'check-in', 'caseworker', decision('check-in', 'completed', { survey: survey(level) }));
      await avrr.waitUntil(caseId, (v) => v.checkIns?.[checkIn] !== undefined, `${checkIn} recorded`);
    }

    const closed = await avrr.closed(caseId, 'reintegration-completed');
    // Closed: the case says so (it said `reintegration` before), and names the phase it closed in.
    expect(closed.workflow).toMatchObject({ phase: 'closed', lastPhase: 'check-in', executionName: `${caseId}-checkin-12`, title: 'Clos' });
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
