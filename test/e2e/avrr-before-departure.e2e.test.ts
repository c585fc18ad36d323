// AVRR scenarios up to departure, driven over HTTP with dev tokens and the local clock.
import { describe, expect, it } from 'vitest';
import { avrrScenario, decision } from '../support/avrr-driver.ts';
import { http } from '../support/local-system.ts';
import { itemsOfTable } from '../support/table-items.ts';

const avrr = avrrScenario();

describe('screening and approval', () => {
  it('an ineligible applicant has the case closed with the reason', async () => {
    const caseId = await avrr.apply();
    await avrr.step(caseId, 'screening', 'caseworker', decision('screening', 'ineligible'));
    const view = await avrr.closed(caseId, 'ineligible');
    expect(view.tasks.every((task) => task.status !== 'open')).toBe(true);
    const types = (await avrr.history(caseId)).map((event) => event.type);
    expect(types).toEqual(expect.arrayContaining(['case.submitted', 'task.opened', 'task.completed', 'case.closed']));
  });

  it('asks the applicant for more information, reminds, and screens again once it arrives', async () => {
    const caseId = await avrr.apply();
    await avrr.step(caseId, 'screening', 'caseworker', decision('screening', 'more-information-needed'));
    const infoTask = await avrr.openTask(caseId, 'additional-information');

    // The applicant consented to follow-up: told what to bring, in their language.
    const toApplicant = (await avrr.outbox(caseId)).filter((m) => m.recipient.kind === 'beneficiary');
    expect(toApplicant).toHaveLength(1);
    expect(toApplicant[0]).toMatchObject({ template: 'documents-requested', language: 'fr', channel: 'sms' });
    expect(String(toApplicant[0]!.params.documents)).toContain('proof-of-nationality');

    // Due in 14 days: the day before, the caseworkers are reminded.
    await avrr.advance('P13DT1H');
    const reminders = (await avrr.outbox(caseId)).filter((m) => m.template === 'task-due-soon');
    expect(reminders.length).toBeGreaterThanOrEqual(1);

    expect((await avrr.complete(infoTask, 'caseworker', decision('additional-information', 'received'))).status).toBe(200);
    await avrr.step(caseId, 'screening', 'secondCaseworker', decision('screening', 'eligible'));
    await avrr.openTask(caseId, 'approval');
  });

  it('a supervisor cannot approve a case they screened (four eyes), another supervisor can', async () => {
    const caseId = await avrr.apply();
    await avrr.step(caseId, 'screening', 'screenerSupervisor', decision('screening', 'eligible'));
    const approval = await avrr.openTask(caseId, 'approval');

    const refused = await avrr.complete(approval, 'screenerSupervisor', decision('approval', 'approved'));
    expect(refused.status).toBe(403);
    expect(refused.headers.get('content-type')).toBe('application/problem+json');

    expect((await avrr.complete(approval, 'supervisor', decision('approval', 'approved'))).status).toBe(200);
    await avrr.openTask(caseId, 'travel-document');
  });
});

describe('withdrawal', () => {
  const phone = '+212 6 12 34 56 78';

  it('the applicant withdraws during travel preparation: the case closes cleanly', async () => {
    const caseId = await avrr.apply();
    await avrr.approved(caseId);
    await avrr.openTask(caseId, 'ticket');

    const response = await import('../support/local-system.ts').then(({ http }) =>
      avrr.token('caseworker').then((token) =>
        http(avrr.system, 'POST', `/cases/${caseId}/withdrawal`, {
          body: { reasonCode: 'family-reasons', reason: `Wants to stay with family in Morocco; reachable on ${phone}.` },
          token,
        }),
      ),
    );
    expect(response.status, response.text).toBe(200);

    const view = await avrr.closed(caseId, 'withdrawn');
    expect(view.tasks.filter((task) => task.status === 'open')).toEqual([]);
    const travel = avrr.system.runtime.listExecutions({}).find((execution) => execution.name === `${caseId}-travel`);
    expect(travel?.status).toBe('ABORTED');

    // The free text (a phone number) is personal: the timeline keeps the reason code only.
    const history = await http(avrr.system, 'GET', `/cases/${caseId}/history`, { token: await avrr.token('caseworker') });
    expect(history.status).toBe(200);
    expect(history.text).not.toContain(phone);
    const events = (history.body as { events: { type: string; details: Record<string, unknown> }[] }).events;
    expect(events.find((event) => event.type === 'case.closed')?.details).toMatchObject({ withdrawalReasonCode: 'family-reasons' });
    // In the table, only the case's note item holds it, sealed: no item holds it in clear.
    const items = await itemsOfTable(avrr.system);
    expect(items.filter((item) => JSON.stringify(item).includes(phone))).toEqual([]);
    const note = items.find((item) => item.entity === 'CaseNote' && item.caseId === caseId)!;
    expect(note).toMatchObject({ kind: 'withdrawal-reason' });
    expect(note.text).toBeInstanceOf(Uint8Array);
  });
});

describe('departure', () => {
  it('no-show twice, then departure: rebooked twice and the case goes on to arrival', async () => {
    const caseId = await avrr.apply();
    await avrr.approved(caseId);
    await avrr.prepared(caseId);
    for (let attempt = 0; attempt < 2; attempt++) {
      await avrr.step(caseId, 'departure', 'caseworker', decision('departure', 'no-show'));
      await avrr.step(caseId, 'ticket', 'caseworker', decision('ticket', undefined, { departureDate: `2027-02-0${attempt + 1}` }));
    }
    await avrr.step(caseId, 'departure', 'caseworker', decision('departure', 'departed'));
    const view = await avrr.waitUntil(caseId, (v) => v.departedAt !== undefined, 'departed');
    expect(view.status).toBe('open');
    await avrr.openTask(caseId, 'arrival');
    // The applicant was told each departure appointment.
    expect((await avrr.outbox(caseId)).filter((m) => m.template === 'departure-appointment')).toHaveLength(3);
  });
});

describe('completing a task', () => {
  it('completes once: of two caseworkers at the same time one succeeds, the other gets 409, and the workflow hears it once', async () => {
    const caseId = await avrr.apply();
    const screening = await avrr.openTask(caseId, 'screening');
    const [a, b] = await Promise.all([
      avrr.complete(screening, 'caseworker', decision('screening', 'eligible')),
      avrr.complete(screening, 'secondCaseworker', decision('screening', 'ineligible')),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);

    // The same person retrying the same decision gets the same answer, marked as a replay.
    const winner = a.status === 200 ? 'caseworker' : 'secondCaseworker';
    const winning = a.status === 200 ? decision('screening', 'eligible') : decision('screening', 'ineligible');
    const retry = await avrr.complete(screening, winner, winning);
    expect(retry.status).toBe(200);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');

    await avrr.settle();
    const execution = avrr.system.runtime.listExecutions({}).find((e) => e.name === `${caseId}-return`)!;
    const screeningResults = avrr.system.runtime
      .getHistory(execution.executionArn)
      .filter((event) => event.type === 'TaskSucceeded' && JSON.stringify(event).includes(screening));
    expect(screeningResults).toHaveLength(1);
  });

  it('an invalid decision is refused with every field error', async () => {
    const caseId = await avrr.apply();
    const screening = await avrr.openTask(caseId, 'screening');
    const response = await avrr.complete(screening, 'caseworker', { outcome: 'eligible', counsellingDone: false });
    expect(response.status).toBe(422);
    expect(((response.body as { errors: unknown[] }).errors ?? []).length).toBeGreaterThanOrEqual(2);
  });

  it('a claim holds: another caseworker gets 403; a supervisor takes the task over, recorded in the history', async () => {
    const caseId = await avrr.apply();
    const screening = await avrr.openTask(caseId, 'screening');
    const claimed = await http(avrr.system, 'POST', `/tasks/${screening}/claim`, { token: await avrr.token('caseworker') });
    expect(claimed.status, claimed.text).toBe(200);

    const refused = await avrr.complete(screening, 'secondCaseworker', decision('screening', 'ineligible'));
    expect(refused.status).toBe(403);
    expect(refused.headers.get('content-type')).toBe('application/problem+json');
    expect((refused.body as { type: string }).type).toBe('urn:casework:problem:taskClaimedByOther');

    const takenOver = await avrr.complete(screening, 'screenerSupervisor', decision('screening', 'eligible'));
    expect(takenOver.status, takenOver.text).toBe(200);
    expect(takenOver.body).toMatchObject({ status: 'completed', completedBy: 'salma.both', assignee: 'salma.both' });

    const history = await avrr.history(caseId);
    const takeover = history.filter((event) => event.type === 'task.taken-over');
    expect(takeover).toEqual([
      expect.objectContaining({
        actor: { kind: 'staff', id: 'salma.both' },
        details: { taskId: screening, step: 'screening', from: 'amina.caseworker' },
      }),
    ]);
    expect(history.filter((event) => event.type === 'task.completed')).toEqual([
      expect.objectContaining({ actor: { kind: 'staff', id: 'salma.both' } }),
    ]);
    // Nobody's queue keeps it.
    const mine = await http(avrr.system, 'GET', '/tasks?queue=mine', { token: await avrr.token('caseworker') });
    expect(JSON.stringify(mine.body)).not.toContain(screening);
  });

  it('an overdue task is escalated to supervisors, who may then complete it', async () => {
    const caseId = await avrr.apply();
    const screening = await avrr.openTask(caseId, 'screening');
    // Due in 7 days; escalation 3 days later.
    await avrr.advance('P10DT1H');
    const outbox = await avrr.outbox(caseId);
    expect(outbox.map((m) => m.template)).toEqual(
      expect.arrayContaining(['task-assigned', 'task-due-soon', 'task-overdue', 'task-escalated']),
    );
    expect(outbox.find((m) => m.template === 'task-escalated')?.recipient).toMatchObject({ kind: 'role', role: 'supervisor' });
    expect((await avrr.complete(screening, 'supervisor', decision('screening', 'eligible'))).status).toBe(200);
  });

  it('a step nobody does times out: the task expires and the case closes as stalled', async () => {
    const caseId = await avrr.apply();
    await avrr.openTask(caseId, 'screening');
    await avrr.advance('P18D');
    const view = await avrr.closed(caseId, 'stalled-screening');
    expect(view.tasks.find((task) => task.step === 'screening')?.status).toBe('expired');
    expect((await avrr.outbox(caseId)).map((m) => m.template)).toContain('task-timed-out');
  });
});
