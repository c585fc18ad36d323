// Races against a whole local system over HTTP: one Idempotency-Key submitted a hundred times at
// once, one task completed by twenty callers at once (the same caseworker, then different ones),
// two supervisors reassigning one task at once. Counts are printed; every caller must be told the
// truth, and the workflow moves on exactly once.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getForm } from '../../domain/forms/index.ts';
import { AvrrDriver, decision, type CaseView } from '../support/avrr-driver.ts';
import { devToken, http, startTestSystem } from '../support/local-system.ts';

// API Gateway's route throttling off: every one of the concurrent requests reaches its function
// (with it on, most of a hundred at once are 429 before any function runs).
const avrr = new AvrrDriver();
beforeAll(async () => avrr.attach(await startTestSystem({ throttling: false })));
afterAll(async () => avrr.detach()?.stop());

// RACES_TRIALS: fewer trials for a quick look (the suite runs 50).
const TRIALS = Number(process.env.RACES_TRIALS ?? 50);
const CALLERS = 20;
const REASSIGN_TRIALS = 20;

type Reply = { status: number; body: unknown; text: string };

/** Counts of answers by status, printed after each race. */
function tally(replies: Reply[]): Record<number, number> {
  const counts: Record<number, number> = {};
  for (const { status } of replies) counts[status] = (counts[status] ?? 0) + 1;
  return counts;
}

function add(into: Record<string, number>, counts: Record<number, number>): void {
  for (const [status, n] of Object.entries(counts)) into[status] = (into[status] ?? 0) + n;
}

/** After a race on the screening task: completed, the workflow moved on exactly once, nothing expired. */
async function movedOnOnce(caseId: string, taskId: string): Promise<CaseView> {
  const view = await avrr.waitUntil(caseId, (v) => v.tasks.some((t) => t.step === 'approval'), 'the approval task opened');
  await avrr.settle();
  const after = await avrr.view(caseId);
  expect(after.tasks.find((t) => t.taskId === taskId)?.status).toBe('completed');
  expect(after.tasks.filter((t) => t.step === 'approval')).toHaveLength(1);
  expect(after.tasks.filter((t) => t.status === 'expired')).toEqual([]);
  const completed = (await avrr.history(caseId)).filter((e) => e.type === 'task.completed' && e.details.taskId === taskId);
  expect(completed).toHaveLength(1);
  const task = await http(avrr.system, 'GET', `/tasks/${taskId}`, { token: await avrr.token('supervisor') });
  expect((task.body as { task: { status: string } }).task.status).toBe('completed');
  return view;
}

describe('one Idempotency-Key submitted a hundred times at once', () => {
  it('makes one case: every answer names it', { timeout: 300_000 }, async () => {
    const body = getForm('avrr-application')!.examples[0];
    const key = randomUUID();
    const submit = () => http(avrr.system, 'POST', '/forms/avrr-application/submissions', { body, headers: { 'idempotency-key': key } });
    const first = await Promise.all(Array.from({ length: 100 }, submit));
    // A 503 acknowledges nothing (DynamoDB Local answers InternalServerError to some of a hundred
    // transactions at once): its client tries again after Retry-After, as told, with the same key.
    const replies = await Promise.all(
      first.map(async (reply) => {
        for (let retry = 0; reply.status === 503 && retry < 5; retry++) {
          await new Promise((resolve) => setTimeout(resolve, Number(reply.headers.get('retry-after') ?? '1') * 1000));
          reply = await submit();
        }
        return reply;
      }),
    );
    const caseIds = new Set(replies.filter((r) => r.status < 300).map((r) => (r.body as { caseId: string }).caseId));
    const replayed = replies.filter((r) => r.headers.get('idempotent-replayed') === 'true').length;
    console.log(
      `idempotency race: 100 submissions, one key → at once ${JSON.stringify(tally(first))}; after the 503s' retries ${JSON.stringify(tally(replies))}, ${replayed} replayed, ${caseIds.size} case(s)`,
    );
    expect(first.filter((r) => r.status !== 201 && r.status !== 503).map((r) => r.text)).toEqual([]);
    expect(replies.filter((r) => r.status !== 201).map((r) => r.text)).toEqual([]);
    expect(caseIds.size).toBe(1);
  });
});

describe(`${CALLERS} completions of one task at once, ${TRIALS} trials`, () => {
  it(
    'by the same caseworker: the same decision is 200 for every caller (one body), another decision 409',
    { timeout: 1_800_000 },
    async () => {
      const totals: Record<string, number> = {};
      let otherWon = 0;
      const token = await avrr.token('caseworker');
      const same = decision('screening', 'eligible');
      const other = decision('screening', 'eligible', { escortRequired: true });
      for (let trial = 0; trial < TRIALS; trial++) {
        const caseId = await avrr.apply();
        const taskId = await avrr.openTask(caseId, 'screening');
        // One caller in twenty sends another decision (a second tab with another answer).
        const decisions = Array.from({ length: CALLERS }, (_, i) => (i === CALLERS / 2 ? other : same));
        const replies = await Promise.all(
          decisions.map((d) => http(avrr.system, 'POST', `/tasks/${taskId}/complete`, { body: { decision: d }, token })),
        );
        add(totals, tally(replies));
        const winners = replies.filter((r) => r.status === 200);
        expect(winners.length, JSON.stringify(tally(replies))).toBeGreaterThan(0);
        const won = (winners[0]!.body as { decision: { escortRequired: boolean } }).decision.escortRequired ? other : same;
        if (won === other) otherWon++;
        replies.forEach((reply, i) => {
          expect(reply.status, `trial ${trial}, caller ${i}: ${reply.text}`).toBe(decisions[i] === won ? 200 : 409);
        });
        // Every 200 is the same task, whoever delivered it.
        for (const reply of winners) expect(reply.body).toEqual(winners[0]!.body);
        await movedOnOnce(caseId, taskId);
      }
      console.log(
        `same caseworker, ${TRIALS} trials × ${CALLERS} callers (one with another decision) → ${JSON.stringify(totals)}; the other decision won ${otherWon} time(s)`,
      );
    },
  );

  it('by different caseworkers: exactly one 200, every other 409', { timeout: 1_800_000 }, async () => {
    const totals: Record<string, number> = {};
    const tokens = await Promise.all(
      Array.from({ length: CALLERS }, (_, i) => devToken(avrr.system, `race.caseworker.${i}`, ['caseworker'])),
    );
    const body = { decision: decision('screening', 'eligible') };
    for (let trial = 0; trial < TRIALS; trial++) {
      const caseId = await avrr.apply();
      const taskId = await avrr.openTask(caseId, 'screening');
      const replies = await Promise.all(tokens.map((token) => http(avrr.system, 'POST', `/tasks/${taskId}/complete`, { body, token })));
      const counts = tally(replies);
      add(totals, counts);
      expect(counts, `trial ${trial}`).toEqual({ 200: 1, 409: CALLERS - 1 });
      await movedOnOnce(caseId, taskId);
    }
    console.log(`different caseworkers, ${TRIALS} trials × ${CALLERS} callers → ${JSON.stringify(totals)}`);
  });
});

describe(`two supervisors reassigning one task at once, ${REASSIGN_TRIALS} trials`, () => {
  it('one wins (200), the other is told 409', { timeout: 600_000 }, async () => {
    const totals: Record<string, number> = {};
    const [first, second] = await Promise.all([
      devToken(avrr.system, 'race.supervisor.a', ['supervisor']),
      devToken(avrr.system, 'race.supervisor.b', ['supervisor']),
    ]);
    const caseId = await avrr.apply();
    const taskId = await avrr.openTask(caseId, 'screening');
    // A task goes only to a member of the team who may do its step: each assignee is a caseworker the
    // dev issuer's directory knows (it issued them a token).
    for (let trial = 0; trial < REASSIGN_TRIALS; trial++)
      await Promise.all([
        devToken(avrr.system, `race.a.${trial}`, ['caseworker']),
        devToken(avrr.system, `race.b.${trial}`, ['caseworker']),
      ]);
    for (let trial = 0; trial < REASSIGN_TRIALS; trial++) {
      // Both supervisors look at the task, then hand it to someone at once (the console sends the
      // version it showed).
      const seen = await http(avrr.system, 'GET', `/tasks/${taskId}`, { token: first });
      const { version } = (seen.body as { task: { version: number } }).task;
      const replies = await Promise.all([
        http(avrr.system, 'POST', `/tasks/${taskId}/reassign`, { body: { assignee: `race.a.${trial}`, version }, token: first }),
        http(avrr.system, 'POST', `/tasks/${taskId}/reassign`, { body: { assignee: `race.b.${trial}`, version }, token: second }),
      ]);
      const counts = tally(replies);
      add(totals, counts);
      expect(counts, `trial ${trial}: ${replies.map((r) => r.text).join(' | ')}`).toEqual({ 200: 1, 409: 1 });
      // The task is the winner's.
      const winner = replies[0].status === 200 ? `race.a.${trial}` : `race.b.${trial}`;
      const task = await http(avrr.system, 'GET', `/tasks/${taskId}`, { token: first });
      expect((task.body as { task: { assignee: string } }).task.assignee).toBe(winner);
    }
    const reassigned = (await avrr.history(caseId)).filter((e) => e.type === 'task.reassigned');
    expect(reassigned).toHaveLength(REASSIGN_TRIALS);
    console.log(`two supervisors, ${REASSIGN_TRIALS} trials → ${JSON.stringify(totals)}`);
  });
});
