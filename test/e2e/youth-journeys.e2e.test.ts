// Youth journeys on the local system over HTTP with the clock and the real youth workflows: a youth
// through professional insertion to a job kept at 90 days and both follow-ups; a dropout followed
// up; a job held since before the enrolment not counted as kept; a minor refused without a
// guardian's consent; missed follow-ups reminded to the association, escalated to supervisors,
// recorded as missed, and the case still closed.
import { describe, expect, it } from 'vitest';
import { http } from '../support/local-system.ts';
import { enrolments, milestone, SALE, softSkills, youthDecision, youthScenario, type YouthCaseView } from '../support/youth-driver.ts';

const youth = youthScenario();

/** Waits until the case has the follow-up's task open (its schedule fired): answers the task id. */
async function followUpOpens(caseId: string, days: number): Promise<string> {
  await youth.advance(`P${days}D`);
  return youth.openTask(caseId, 'youth-follow-up');
}

describe('youth journeys', () => {
  it(
    'professional insertion: orientation, training, soft skills before and after, a job, the exit, follow-ups at 3 and 6 months: the job kept at 90 days, the case closed',
    { timeout: 180_000 },
    async () => {
      const enrolledOn = await youth.today(-1);
      const caseId = await youth.enrol(enrolments.adult(enrolledOn));
      expect((await youth.view(caseId)).partnerId).toBe(SALE);
      await youth.oriented(caseId);
      expect((await youth.youth(caseId)).orientation).toMatchObject({ outcome: 'oriented', track: 'professional-insertion' });
      expect((await youth.view(caseId)).stage).toBe('track');

      await youth.progress(caseId, milestone(softSkills('before', await youth.today(), 2), { kind: 'assessment-sheet' }));
      await youth.progress(
        caseId,
        milestone(
          { type: 'training-started', date: await youth.today() },
          { kind: 'enrolment-proof', details: 'Inscription OFPPT n° 55-1' },
        ),
      );
      await youth.advance('P25D');
      await youth.progress(caseId, youthDecision('youth-track-progress', 'no-change'));
      await youth.advance('P25D');
      await youth.progress(caseId, milestone({ type: 'training-completed', date: await youth.today() }, { kind: 'certificate' }));
      await youth.progress(caseId, milestone(softSkills('after', await youth.today(), 4), { kind: 'assessment-sheet' }));
      const jobOn = await youth.today();
      await youth.progress(
        caseId,
        milestone(
          { type: 'job-found', date: jobOn, sector: 'hospitality-tourism', employment: 'wage-employment', contract: 'fixed-term' },
          { kind: 'contract', details: 'CDD Hôtel Atlas 12 mois' },
        ),
      );
      const exitOn = await youth.today();
      await youth.progress(caseId, { outcome: 'exit', exit: { outcome: 'completed', date: exitOn } });
      const track = await youth.waitUntil(caseId, (v) => v.stage === 'follow-up', 'follow-up stage');
      const facts = (track as Awaited<ReturnType<typeof youth.view>>).facts.youth!;
      expect(facts.milestones?.map((m) => m.type)).toEqual([
        'soft-skills-assessment',
        'training-started',
        'training-completed',
        'soft-skills-assessment',
        'job-found',
      ]);
      expect(facts.softSkillsChange).toBe(2);
      expect(facts.exit).toEqual({ outcome: 'completed', date: exitOn });
      // The evidence's reference stays on the task item.
      expect(JSON.stringify(await youth.history(caseId))).not.toContain('Atlas');
      expect(JSON.stringify(facts)).not.toContain('Atlas');

      // 3 months after the exit: employed in a job found a month after the exit: not yet kept at 90 days.
      await followUpOpens(caseId, 91);
      const newJobSince = new Date(Date.parse(exitOn) + 30 * 86_400_000).toISOString().slice(0, 10);
      const employed = { status: 'employed', since: newJobSince, employment: 'wage-employment', sector: 'hospitality-tourism' };
      await youth.recorded(caseId, 'youth-follow-up', { outcome: 'reached', situation: employed });
      const at3 = await youth.waitUntil(
        caseId,
        (v) => (v as never as { facts: { youth?: { followUps?: object } } }).facts.youth?.followUps !== undefined,
        'follow-up-3 recorded',
      );
      expect((at3 as Awaited<ReturnType<typeof youth.view>>).facts.youth?.followUps?.['follow-up-3']).toMatchObject({
        status: 'employed',
        jobKeptAt90Days: false,
      });
      expect(at3.status).toBe('open');

      // 6 months after the exit: the same job, held since more than 90 days: kept; the case closes.
      await followUpOpens(caseId, 91);
      await youth.recorded(caseId, 'youth-follow-up', { outcome: 'reached', situation: employed });
      const closed = await youth.closed(caseId, 'track-completed');
      const done = (closed as Awaited<ReturnType<typeof youth.view>>).facts.youth!;
      expect(done.followUps?.['follow-up-6']).toMatchObject({ status: 'employed', since: newJobSince, jobKeptAt90Days: true });
      expect(done.jobKeptAt90Days).toBe(true);
      const types = (await youth.history(caseId)).map((e) => e.type);
      expect(types.filter((t) => t === 'youth.follow-up-recorded')).toHaveLength(2);
      expect(types).toContain('youth.exit-recorded');
      // The association's staff did every step: the history says so.
      expect((await youth.history(caseId)).find((e) => e.type === 'youth.exit-recorded')?.actor).toMatchObject({ id: `staff-of-${SALE}` });
    },
  );

  it(
    'a dropout with its reason, followed up twice (unreachable, then neither working nor studying): closed as dropped out',
    { timeout: 180_000 },
    async () => {
      const caseId = await youth.enrol(enrolments.adult(await youth.today()));
      await youth.oriented(caseId, {
        outcome: 'oriented',
        track: 'education',
        plan: [{ activity: 'remedial-classes', plannedStart: await youth.today(7) }],
      });
      await youth.progress(
        caseId,
        milestone({ type: 'back-in-school-or-training', date: await youth.today(), level: 'upper-secondary' }, { kind: 'enrolment-proof' }),
      );
      await youth.advance('P20D');
      const exitOn = await youth.today();
      await youth.progress(caseId, {
        outcome: 'exit',
        exit: { outcome: 'dropped-out', date: exitOn, reasonCode: 'financial-constraints' },
      });
      await youth.waitUntil(caseId, (v) => v.stage === 'follow-up', 'follow-up stage');
      expect((await youth.youth(caseId)).exit).toEqual({ outcome: 'dropped-out', date: exitOn, reasonCode: 'financial-constraints' });

      await followUpOpens(caseId, 91);
      await youth.recorded(caseId, 'youth-follow-up', youthDecision('youth-follow-up', 'unreachable'));
      await followUpOpens(caseId, 91);
      await youth.recorded(caseId, 'youth-follow-up', { outcome: 'reached', situation: { status: 'neither' } });
      await youth.closed(caseId, 'dropped-out');
      const facts = await youth.youth(caseId);
      expect(facts.followUps?.['follow-up-3']).toMatchObject({ outcome: 'unreachable' });
      expect(facts.followUps?.['follow-up-6']).toMatchObject({ outcome: 'reached', status: 'neither', jobKeptAt90Days: false });
      expect(facts.jobKeptAt90Days).toBe(false);
    },
  );

  it(
    'a job held since before the enrolment: accepted at the follow-up as told, with the enrolment date in its task, but not counted as kept at 90 days',
    { timeout: 180_000 },
    async () => {
      const enrolledOn = await youth.today();
      const caseId = await youth.enrol(enrolments.adult(enrolledOn));
      await youth.oriented(caseId);
      await youth.progress(caseId, { outcome: 'exit', exit: { outcome: 'completed', date: await youth.today() } });
      await youth.waitUntil(caseId, (v) => v.stage === 'follow-up', 'follow-up stage');
      await followUpOpens(caseId, 91);
      const taskId = await youth.openTask(caseId, 'youth-follow-up');
      const task = await http(youth.system, 'GET', `/tasks/${taskId}`, { token: await youth.partner() });
      expect(task.status, task.text).toBe(200);
      expect((task.body as { task: { context: Record<string, unknown> } }).task.context).toMatchObject({
        followUp: 'follow-up-3',
        enrolmentDate: enrolledOn,
      });
      await youth.recorded(caseId, 'youth-follow-up', {
        outcome: 'reached',
        situation: { status: 'employed', since: '1990-01-01', employment: 'self-employment', sector: 'crafts' },
      });
      await youth.waitUntil(
        caseId,
        (v) => (v as YouthCaseView).facts.youth?.followUps?.['follow-up-3'] !== undefined,
        'follow-up recorded',
      );
      const facts = await youth.youth(caseId);
      expect(facts.followUps?.['follow-up-3']).toMatchObject({ status: 'employed', since: '1990-01-01', jobKeptAt90Days: false });
      expect(facts.jobKeptAt90Days).toBe(false);
    },
  );

  it('a minor without a guardian’s consent is refused: 422 listing the guardian and the consent, in French, Arabic and English', async () => {
    const { guardian: _guardian, guardianConsent: _consent, ...withoutGuardian } = enrolments.minor(await youth.today());
    for (const [language, pattern] of [
      ['fr', /tuteur|consentement/i],
      ['ar', /[\u0600-\u06FF]/],
      ['en', /guardian/i],
    ] as const) {
      const response = await http(youth.system, 'POST', '/partner/forms/youth-enrolment/submissions', {
        body: withoutGuardian,
        headers: { 'idempotency-key': crypto.randomUUID(), 'accept-language': language },
        token: await youth.partner(),
      });
      expect(response.status, response.text).toBe(422);
      expect(response.headers.get('content-type')).toContain('application/problem+json');
      const errors = (response.body as { errors: { pointer: string; code: string; message: string }[] }).errors;
      expect(errors.map((e) => [e.pointer, e.code])).toEqual([
        ['/guardian', 'guardian_required'],
        ['/guardianConsent', 'guardian_consent_required'],
      ]);
      for (const error of errors) expect(error.message).toMatch(pattern);
    }
    // With the guardian but no consent: still refused, on the consent alone.
    const noConsent = await youth.submit({ ...enrolments.minor(await youth.today()), guardianConsent: false });
    expect(noConsent.status).toBe(422);
    expect((noConsent.body as { errors: { pointer: string }[] }).errors.map((e) => e.pointer)).toEqual(['/guardianConsent']);
    // With it: enrolled, and the workflow starts.
    const caseId = await youth.enrol(enrolments.minor(await youth.today()));
    await youth.openTask(caseId, 'youth-orientation');
  });

  it(
    'missed follow-ups: reminded to the association’s users, escalated to supervisors, recorded as missed; the case still closes',
    { timeout: 180_000 },
    async () => {
      const caseId = await youth.enrol(enrolments.adult(await youth.today()));
      await youth.oriented(caseId);
      await youth.progress(caseId, { outcome: 'exit', exit: { outcome: 'completed', date: await youth.today() } });
      await youth.waitUntil(caseId, (v) => v.stage === 'follow-up', 'follow-up stage');

      const first = await followUpOpens(caseId, 91);
      // Due in 14 days: reminded the day before and at the due date, escalated 3 days after, given up 10 days after.
      await youth.advance('P25D');
      await youth.waitUntil(
        caseId,
        (v) => (v as never as { facts: { youth?: { followUps?: object } } }).facts.youth?.followUps !== undefined,
        'follow-up-3 missed',
      );
      const messages = (await http(youth.system, 'GET', '/_local/outbox')).body as {
        messages: { caseId?: string; taskId?: string; template: string; recipient: { kind: string; role?: string; partnerId?: string } }[];
      };
      const ofTask = messages.messages.filter((m) => m.taskId === first);
      const sent = (template: string) => ofTask.filter((m) => m.template === template).map((m) => m.recipient);
      expect(sent('task-assigned')).toContainEqual({ kind: 'role', role: 'partner', partnerId: SALE });
      expect(sent('task-due-soon')).toContainEqual({ kind: 'role', role: 'partner', partnerId: SALE });
      expect(sent('task-overdue')).toContainEqual({ kind: 'role', role: 'partner', partnerId: SALE });
      expect(sent('task-escalated')).toEqual([{ kind: 'role', role: 'supervisor' }]);
      expect(sent('task-timed-out')).toEqual([{ kind: 'role', role: 'supervisor' }]);
      // No other association is told anything.
      expect(ofTask.every((m) => m.recipient.partnerId === undefined || m.recipient.partnerId === SALE)).toBe(true);
      expect((await youth.youth(caseId)).followUps?.['follow-up-3']).toMatchObject({ outcome: 'missed' });
      expect((await youth.view(caseId)).status).toBe('open');

      // 182 days after the exit: 91 + 25 have passed.
      await followUpOpens(caseId, 66);
      await youth.advance('P25D');
      await youth.closed(caseId, 'track-completed');
      const facts = await youth.youth(caseId);
      expect(facts.followUps?.['follow-up-6']).toMatchObject({ outcome: 'missed' });
      const history = await youth.history(caseId);
      expect(history.filter((e) => e.type === 'youth.follow-up-missed').map((e) => e.details.followUp)).toEqual([
        'follow-up-3',
        'follow-up-6',
      ]);
      expect(history.filter((e) => e.type === 'task.escalated').length).toBeGreaterThanOrEqual(2);
    },
  );
});
