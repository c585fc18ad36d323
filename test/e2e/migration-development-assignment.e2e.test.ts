// An expert's assignments over HTTP on the local system, with the movable clock: a remote need
// matched to one of several experts (the search ranks those who fit, leaves out the one who withdrew
// and the one whose availability does not overlap) → confirmed → online set-up → started → mid-term
// check → end → the expert's report and the institution's feedback → closed `assignment-completed`,
// the expert's assignment `completed`; then the same expert's second assignment, whose report nobody
// records by its due date: reminded, escalated to supervisors, reopened, then received; the expert's
// assignments list holds both.
import { describe, expect, it } from 'vitest';
import { normaliseSkill } from '../../domain/migration-development/skills.ts';
import { matchingScenario } from '../support/matching-driver.ts';
import { http } from '../support/local-system.ts';

const driver = matchingScenario();
const TIMEOUT = 300_000;
let expert = '';
let skills: string[] = [];

/** Available online from today for a long while (the register's availability, version 1 after listing). */
async function remoteFromToday(caseId: string): Promise<void> {
  const moved = await driver.availability(caseId, [{ from: await driver.today(), to: await driver.today(400), mode: 'remote' }], 1);
  expect(moved.status, moved.text).toBe(200);
}

const facts = async (caseId: string) =>
  (await driver.view(caseId)) as unknown as { facts: { assignment?: Record<string, unknown>; need: Record<string, unknown> } };

describe('an expert’s assignments', () => {
  it(
    'a remote need matched to the expert who fits best, through the report and the feedback: closed assignment-completed, listed completed',
    async () => {
      const n = Date.now();
      const [one, two] = [`Telemedecine rurale ${n}`, `Dossier patient ${n}`];
      skills = [normaliseSkill(one), normaliseSkill(two)];
      expert = await driver.listed([one, two], ['fr', 'ar']);
      await remoteFromToday(expert);
      const second = await driver.listed([one], ['fr']);
      await remoteFromToday(second);
      const withdrawn = await driver.listed([one, two], ['fr', 'ar']);
      await remoteFromToday(withdrawn);
      expect((await driver.withdraw(withdrawn)).status).toBe(200);
      const unavailable = await driver.listed([one, two], ['fr', 'ar']);
      const later = await driver.availability(unavailable, [{ from: '2029-01-01', to: '2029-06-30', mode: 'remote' }], 1);
      expect(later.status, later.text).toBe(200);

      const needId = await driver.validatedNeed(skills, { mode: 'remote', durationWeeks: 4 });
      const { candidates } = await driver.shortlistContext(needId);
      expect(candidates.map((c) => c.candidateCaseId)).toEqual([expert, second]);
      expect(candidates[0]!.score).toBeGreaterThan(candidates[1]!.score);
      expect(candidates[0]!.reasons.map((r) => r.criterion)).toEqual(expect.arrayContaining(['skill', 'language', 'availability', 'mode']));

      await driver.matched(needId, expert);
      expect(await driver.assignments(expert)).toMatchObject([{ needCaseId: needId, status: 'confirmed', mode: 'remote' }]);
      await driver.remoteAssignmentToItsEnd(needId);
      expect(await driver.assignments(expert)).toMatchObject([{ needCaseId: needId, status: 'completed' }]);

      await driver.report(await driver.openTask(needId, 'assignment-expert-report'));
      await driver.feedback(await driver.openTask(needId, 'assignment-institution-feedback'));
      await driver.closed(needId, 'assignment-completed');
      // The report's document reference, typed by hand, stays on its task item.
      expect(JSON.stringify(await driver.history(needId))).not.toContain('MD-0142');
      expect((await facts(needId)).facts.assignment).toMatchObject({
        expertCaseId: expert,
        end: 'completed',
        report: { status: 'received', rounds: 1 },
        feedback: { status: 'received', rounds: 1 },
      });
      const [listed] = await driver.assignments(expert);
      expect(listed).toMatchObject({ expertCaseId: expert, needCaseId: needId, status: 'completed' });
      expect(listed!.startedOn! < listed!.endedOn!).toBe(true);
      expect(listed).not.toHaveProperty('version');
    },
    TIMEOUT,
  );

  it(
    'the same expert’s second assignment: a report not recorded by its due date is reminded, escalated, reopened, then received; two entries listed',
    async () => {
      expect(expert).not.toBe('');
      const needId = await driver.validatedNeed(skills, { mode: 'remote', durationWeeks: 4 });
      const { candidates } = await driver.shortlistContext(needId);
      expect(candidates.map((c) => c.candidateCaseId)).toContain(expert);
      await driver.matched(needId, expert);
      await driver.remoteAssignmentToItsEnd(needId);
      await driver.feedback(await driver.openTask(needId, 'assignment-institution-feedback'));
      const missed = await driver.openTask(needId, 'assignment-expert-report');

      // Due in 14 days: reminded before and at its due date, escalated 3 days after, timed out 10 days after.
      await driver.advance('P25D');
      const reopened = await driver.waitUntil(
        needId,
        (v) => v.tasks.some((t) => t.step === 'assignment-expert-report' && t.status === 'open' && t.taskId !== missed),
        'the report reopened',
      );
      const sent = (await http(driver.system, 'GET', '/_local/outbox')).body as {
        messages: { taskId?: string; template: string; recipient: { kind: string; role?: string } }[];
      };
      const ofMissed = (template: string) =>
        sent.messages.filter((m) => m.taskId === missed && m.template === template).map((m) => m.recipient);
      expect(ofMissed('task-due-soon').length).toBeGreaterThan(0);
      expect(ofMissed('task-overdue').length).toBeGreaterThan(0);
      expect(ofMissed('task-escalated')).toContainEqual({ kind: 'role', role: 'supervisor' });
      expect((await driver.history(needId)).map((e) => e.type)).toContain('task.escalated');

      const second = reopened.tasks.find((t) => t.step === 'assignment-expert-report' && t.status === 'open')!;
      await driver.report(second.taskId);
      await driver.closed(needId, 'assignment-completed');
      expect((await facts(needId)).facts.assignment).toMatchObject({
        report: { status: 'received', rounds: 2 },
        feedback: { status: 'received', rounds: 1 },
      });
      const held = await driver.assignments(expert);
      expect(held.map((a) => [a.needCaseId, a.status])).toEqual([
        [needId, 'completed'],
        [expect.any(String), 'completed'],
      ]);
      expect(new Set(held.map((a) => a.needCaseId)).size).toBe(2);
    },
    TIMEOUT,
  );
});
