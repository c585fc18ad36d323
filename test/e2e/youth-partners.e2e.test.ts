// Youth cases and their associations on the local system over HTTP: each association's staff list
// only their own youth and tasks, are told nothing exists of another's (404 for its case, task and
// history) and cannot act for it; the history names them as partner, mission staff as staff; and
// the client's mistakes: a decision failing its schema (422 listing every field error in fr/ar/en),
// a milestone dated before the enrolment or in the future (422 with a clear message), both kinds of
// mistakes in one 422, a soft-skills "after" without a "before".
import { describe, expect, it } from 'vitest';
import { http } from '../support/local-system.ts';
import {
  enrolments,
  milestone,
  OUJDA,
  SALE,
  softSkills,
  youthDecision,
  youthScenario,
  type YouthCaseView,
} from '../support/youth-driver.ts';

const youth = youthScenario();

type Problem = { status: number; errors: { pointer: string; code: string; message: string }[] };

const complete = async (taskId: string, decision: Record<string, unknown>, partnerId: string = SALE, language = 'en') =>
  http(youth.system, 'POST', `/tasks/${taskId}/complete`, {
    body: { decision },
    token: await youth.partner(partnerId),
    headers: { 'accept-language': language },
  });

describe('each association sees and acts on its own youth only', () => {
  it(
    'lists, reads and completes its own; 404 for the other’s case, task and history, in the queue and by id',
    { timeout: 120_000 },
    async () => {
      const today = await youth.today();
      const ofSale = await youth.enrol(enrolments.adult(today), SALE);
      const ofOujda = await youth.enrol(enrolments.adult(today), OUJDA);
      const saleTask = await youth.openTask(ofSale, 'youth-orientation');
      const oujdaTask = await youth.openTask(ofOujda, 'youth-orientation');

      for (const [own, ownTask, other, otherTask, partnerId] of [
        [ofSale, saleTask, ofOujda, oujdaTask, SALE],
        [ofOujda, oujdaTask, ofSale, saleTask, OUJDA],
      ] as const) {
        const token = await youth.partner(partnerId);
        const cases = await http(youth.system, 'GET', '/cases?programme=youth-employability&stage=orientation&limit=100', { token });
        expect(cases.status, cases.text).toBe(200);
        const listed = (cases.body as { items: { caseId: string }[] }).items.map((c) => c.caseId);
        expect(listed).toContain(own);
        expect(listed).not.toContain(other);
        const tasks = await http(youth.system, 'GET', '/tasks?queue=partner&limit=100', { token });
        expect(tasks.status, tasks.text).toBe(200);
        const queued = (tasks.body as { items: { taskId: string; caseId: string }[] }).items;
        expect(queued.map((t) => t.taskId)).toContain(ownTask);
        expect(queued.map((t) => t.taskId)).not.toContain(otherTask);
        expect(queued.every((t) => t.caseId !== other)).toBe(true);

        expect((await http(youth.system, 'GET', `/cases/${own}`, { token })).status).toBe(200);
        expect((await http(youth.system, 'GET', `/tasks/${ownTask}`, { token })).status).toBe(200);
        for (const path of [`/cases/${other}`, `/cases/${other}/history`, `/tasks/${otherTask}`]) {
          const response = await http(youth.system, 'GET', path, { token });
          expect(response.status, path).toBe(404);
          expect(response.text).not.toContain(other === ofSale ? SALE : OUJDA);
        }
        expect((await http(youth.system, 'POST', `/tasks/${otherTask}/claim`, { token })).status).toBe(404);
        const acted = await complete(otherTask, youthDecision('youth-orientation', 'oriented'), partnerId);
        expect(acted.status, acted.text).toBe(404);
      }
      // Neither other association's attempt changed anything: each completes its own.
      expect((await complete(saleTask, youthDecision('youth-orientation', 'oriented'), SALE)).status).toBe(200);
      expect((await complete(oujdaTask, youthDecision('youth-orientation', 'not-continuing'), OUJDA)).status).toBe(200);
      await youth.closed(ofOujda, 'not-continuing');
      await youth.openTask(ofSale, 'youth-track-progress');
    },
  );
});

describe('who did it', () => {
  it('the association’s staff are named as partner, mission staff as staff, in the case history', { timeout: 90_000 }, async () => {
    const caseId = await youth.enrol(enrolments.adult(await youth.today(-3)));
    await youth.oriented(caseId);
    await youth.progress(caseId, milestone({ type: 'training-started', date: await youth.today() }));
    const taskId = await youth.openTask(caseId, 'youth-track-progress');
    const byStaff = await http(youth.system, 'POST', `/tasks/${taskId}/complete`, {
      body: { decision: milestone({ type: 'training-completed', date: await youth.today() }) },
      token: await youth.token('caseworker'),
    });
    expect(byStaff.status, byStaff.text).toBe(200);
    await youth.waitUntil(caseId, (v) => ((v as YouthCaseView).facts.youth?.milestones ?? []).length === 2, 'both milestones');
    const history = await youth.history(caseId);
    const actorOf = (type: string) => history.filter((e) => e.type === type).map((e) => e.actor);
    expect(actorOf('youth.orientation-recorded')).toEqual([{ kind: 'partner', id: `staff-of-${SALE}` }]);
    expect(actorOf('youth.milestone-recorded').map((a) => a.kind)).toEqual(['partner', 'staff']);
    expect(actorOf('task.completed').map((a) => a.kind)).toEqual(['partner', 'partner', 'staff']);
  });
});

describe('bad input', () => {
  it('a decision failing its schema: 422 listing every field error, in French, Arabic and English', { timeout: 60_000 }, async () => {
    const caseId = await youth.enrol(enrolments.adult(await youth.today()));
    const taskId = await youth.openTask(caseId, 'youth-orientation');
    const bad = {
      outcome: 'oriented',
      track: 'community',
      plan: [
        { activity: 'internship', plannedStart: '2027-01-04' },
        { activity: 'volunteering', plannedStart: 'next week' },
      ],
      mood: 'great',
    };
    const messages: string[] = [];
    for (const language of ['fr', 'ar', 'en']) {
      const response = await complete(taskId, bad, SALE, language);
      expect(response.status, response.text).toBe(422);
      expect(response.headers.get('content-type')).toContain('application/problem+json');
      expect(response.headers.get('content-language')).toBe(language);
      const errors = (response.body as Problem).errors;
      expect(errors.map((e) => [e.pointer, e.code]).sort()).toEqual(
        [
          ['/decision/mood', 'unrecognized_key'],
          ['/decision/plan/0/activity', 'activity_not_in_track'],
          ['/decision/plan/1/plannedStart', 'invalid_format'],
        ].sort(),
      );
      messages.push(errors.find((e) => e.code === 'activity_not_in_track')!.message);
    }
    expect(new Set(messages).size).toBe(3);
    expect(messages[2]).toMatch(/track/);
    // Nothing was recorded: the task is still open.
    expect((await youth.view(caseId)).tasks.find((t) => t.taskId === taskId)?.status).toBe('open');
  });

  it(
    'a schema error and a milestone dated in the future in one decision: one 422 listing both, in French, Arabic and English',
    { timeout: 90_000 },
    async () => {
      const caseId = await youth.enrol(enrolments.adult(await youth.today(-3)));
      await youth.oriented(caseId);
      const taskId = await youth.openTask(caseId, 'youth-track-progress');
      const bad = milestone({ type: 'job-found', date: await youth.today(5), sector: 'space-mining' }, { kind: 'contract' });
      const messages: string[] = [];
      for (const language of ['fr', 'ar', 'en']) {
        const response = await complete(taskId, bad, SALE, language);
        expect(response.status, response.text).toBe(422);
        expect(response.headers.get('content-type')).toContain('application/problem+json');
        const errors = (response.body as Problem).errors;
        expect(errors.map((e) => [e.pointer, e.code]).sort()).toEqual(
          [
            ['/decision/milestone/contract', 'required'],
            ['/decision/milestone/date', 'date_in_future'],
            ['/decision/milestone/employment', 'required'],
            ['/decision/milestone/sector', 'invalid_value'],
          ].sort(),
        );
        messages.push(errors.find((e) => e.code === 'date_in_future')!.message);
      }
      expect(messages).toEqual([
        'Cette date ne peut pas être dans le futur : enregistrez ce qui a eu lieu.',
        'هذا التاريخ لا يمكن أن يكون في المستقبل: سجّل ما حدث فعلًا.',
        'This date cannot be in the future: record what has happened.',
      ]);
      expect((await youth.view(caseId)).tasks.find((t) => t.taskId === taskId)?.status).toBe('open');
    },
  );

  it(
    'a milestone dated before the enrolment or in the future, an exit in the future, an "after" without a "before": 422 with a clear message',
    { timeout: 90_000 },
    async () => {
      const enrolledOn = await youth.today(-3);
      const caseId = await youth.enrol(enrolments.adult(enrolledOn));
      await youth.oriented(caseId);
      const taskId = await youth.openTask(caseId, 'youth-track-progress');
      const refused = async (decision: Record<string, unknown>, language = 'en') => {
        const response = await complete(taskId, decision, SALE, language);
        expect(response.status, response.text).toBe(422);
        return (response.body as Problem).errors;
      };

      const before = await refused(milestone({ type: 'training-started', date: await youth.today(-4) }));
      expect(before).toEqual([
        {
          pointer: '/decision/milestone/date',
          code: 'date_before_enrolment',
          message: `This date cannot be before the young person’s enrolment date (${enrolledOn}).`,
        },
      ]);
      const beforeFr = await refused(milestone({ type: 'training-started', date: await youth.today(-4) }), 'fr');
      expect(beforeFr[0]!.message).toContain(`date d’inscription du jeune (${enrolledOn})`);
      const beforeAr = await refused(milestone({ type: 'training-started', date: await youth.today(-4) }), 'ar');
      expect(beforeAr[0]!.message).toMatch(/[\u0600-\u06FF]/);

      const future = await refused(milestone({ type: 'training-started', date: await youth.today(1) }));
      expect(future).toEqual([
        {
          pointer: '/decision/milestone/date',
          code: 'date_in_future',
          message: 'This date cannot be in the future: record what has happened.',
        },
      ]);
      const exitLater = await refused({ outcome: 'exit', exit: { outcome: 'completed', date: await youth.today(30) } });
      expect(exitLater.map((e) => [e.pointer, e.code])).toEqual([['/decision/exit/date', 'date_in_future']]);
      const after = await refused(milestone(softSkills('after', await youth.today(), 3), { kind: 'assessment-sheet' }));
      expect(after.map((e) => [e.pointer, e.code])).toEqual([['/decision/milestone/moment', 'soft_skills_before_missing']]);

      // The enrolment day itself, and today, are fine; then the "after" is accepted.
      await youth.progress(caseId, milestone(softSkills('before', enrolledOn, 2), { kind: 'assessment-sheet' }));
      await youth.progress(caseId, milestone(softSkills('after', await youth.today(), 3), { kind: 'assessment-sheet' }));
      expect((await youth.youth(caseId)).softSkillsChange).toBe(1);
    },
  );
});
