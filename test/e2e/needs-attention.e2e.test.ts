// A task Lambda of a workflow failing, over HTTP on a local system (the local host's fault injection,
// local/lambda-host.ts `injectFault`: the handlers know nothing of it): transiently, it is retried
// and the case goes on with nobody asked; permanently, the case is flagged "needs attention" with
// the failed state and the error's name, a supervisor finds the attention task in their queue, and
// their retry sends the workflow back to the failed state, or their closing closes the case.
import { describe, expect, it } from 'vitest';
import { avrrScenario, decision } from '../support/avrr-driver.ts';
import { http } from '../support/local-system.ts';

const avrr = avrrScenario();

/** The case-actions invocation that closes this case (after an ineligible screening). */
const closingOf = (caseId: string) => (event: unknown) => {
  const payload = event as { action?: string; caseId?: string; reason?: string };
  return payload.action === 'close' && payload.caseId === caseId && payload.reason === 'ineligible';
};

async function supervisorQueue(): Promise<{ taskId: string; caseId: string; step: string; title: string }[]> {
  const response = await http(avrr.system, 'GET', '/tasks?queue=role&role=supervisor&limit=100', { token: await avrr.token('supervisor') });
  expect(response.status, response.text).toBe(200);
  return (response.body as { items: { taskId: string; caseId: string; step: string; title: string }[] }).items;
}

interface Flagged {
  attention?: { flagId: string; state: string; error: string; at: string }[];
}

describe('a task Lambda failing', () => {
  it('transiently: retried, the case goes on, nobody is asked', { timeout: 180_000 }, async () => {
    const caseId = await avrr.apply();
    const fault = avrr.system.host.injectFault({
      function: 'case-actions',
      when: closingOf(caseId),
      times: 2,
      errorType: 'ThrottlingException',
    });
    try {
      await avrr.step(caseId, 'screening', 'caseworker', decision('screening', 'ineligible'));
      await avrr.advance('PT2M');
      const view = await avrr.closed(caseId, 'ineligible');
      expect(fault.failed()).toBe(2);
      expect((view as Flagged).attention).toBeUndefined();
      const types = (await avrr.history(caseId)).map((event) => event.type);
      expect(types).not.toContain('case.needs-attention');
      expect((await supervisorQueue()).filter((task) => task.caseId === caseId)).toEqual([]);
    } finally {
      fault.remove();
    }
  });

  it('permanently: the case needs attention, the supervisor sees it and retries, the case goes on', { timeout: 180_000 }, async () => {
    const caseId = await avrr.apply();
    const fault = avrr.system.host.injectFault({
      function: 'case-actions',
      when: closingOf(caseId),
      times: Number.POSITIVE_INFINITY,
      errorType: 'CaseStoreUnavailable',
    });
    try {
      await avrr.step(caseId, 'screening', 'caseworker', decision('screening', 'ineligible'));
      // Its own retries (5 + 15 + 45 + 135 seconds) spent.
      await avrr.advance('PT10M');
      const flagged = (await avrr.waitUntil(
        caseId,
        (view) => (view as Flagged).attention !== undefined,
        'needs attention',
      )) as CaseViewWith;
      expect(flagged.status).toBe('open');
      expect(flagged.attention).toEqual([
        expect.objectContaining({ flagId: expect.any(String), state: 'Close: ineligible', error: 'CaseStoreUnavailable' }),
      ]);
      expect(fault.failed()).toBe(5);

      const taskId = await avrr.openTask(caseId, 'attention-resolve');
      const queued = (await supervisorQueue()).filter((task) => task.caseId === caseId);
      expect(queued).toEqual([expect.objectContaining({ taskId, step: 'attention-resolve' })]);
      const task = await http(avrr.system, 'GET', `/tasks/${taskId}`, { token: await avrr.token('supervisor') });
      expect(task.status, task.text).toBe(200);
      expect(task.body).toMatchObject({ task: { context: { state: 'Close: ineligible', error: 'CaseStoreUnavailable', retriesLeft: 3 } } });
      // A caseworker may not resolve it.
      expect((await avrr.complete(taskId, 'caseworker', { outcome: 'retry' })).status).toBe(403);

      fault.remove();
      const resolved = await avrr.complete(taskId, 'supervisor', { outcome: 'retry' });
      expect(resolved.status, resolved.text).toBe(200);
      const closed = await avrr.closed(caseId, 'ineligible');
      expect((closed as Flagged).attention).toBeUndefined();
      const history = await avrr.history(caseId);
      expect(history.filter((event) => event.type.startsWith('case.') && event.type.includes('attention'))).toEqual([
        expect.objectContaining({
          type: 'case.needs-attention',
          details: { state: 'Close: ineligible', error: 'CaseStoreUnavailable', flagId: flagged.attention![0]!.flagId, retriesLeft: 3 },
        }),
        expect.objectContaining({
          type: 'case.attention-resolved',
          actor: expect.objectContaining({ kind: 'staff' }),
          details: expect.objectContaining({ state: 'Close: ineligible', flagId: flagged.attention![0]!.flagId, outcome: 'retry', taskId }),
        }),
      ]);
    } finally {
      fault.remove();
    }
  });

  it('permanently, and the supervisor closes the case: closed visibly as needing attention', { timeout: 180_000 }, async () => {
    const caseId = await avrr.apply();
    const fault = avrr.system.host.injectFault({ function: 'case-actions', when: closingOf(caseId), times: Number.POSITIVE_INFINITY });
    try {
      await avrr.step(caseId, 'screening', 'caseworker', decision('screening', 'ineligible'));
      await avrr.advance('PT10M');
      const taskId = await avrr.openTask(caseId, 'attention-resolve');
      expect((await avrr.complete(taskId, 'supervisor', { outcome: 'close' })).status).toBe(200);
      const closed = await avrr.closed(caseId, 'needs-attention-closed');
      expect((closed as Flagged).attention).toBeUndefined();
      expect((await supervisorQueue()).filter((task) => task.caseId === caseId)).toEqual([]);
    } finally {
      fault.remove();
    }
  });
});

type CaseViewWith = Flagged & { status: string };
