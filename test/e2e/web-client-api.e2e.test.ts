// What the web client reads, over HTTP on the local system: decision schemas labelled in the
// caller's language, an approval showing the plan it approves with its budget ceiling, a case's
// tasks by title, the history in one line per event, and an expired token told apart.
import { describe, expect, it } from 'vitest';
import { avrrScenario, decision } from '../support/avrr-driver.ts';
import { devToken, http } from '../support/local-system.ts';

const avrr = avrrScenario();
const ARABIC = /[\u0600-\u06FF]/;

describe('the console reads an AVRR case in Arabic', () => {
  it(
    'the plan approval: labelled schema, the plan and its ceiling, titled tasks, a readable history; then an expired token',
    { timeout: 300_000 },
    async () => {
      const caseId = await avrr.apply();
      await avrr.approved(caseId);
      await avrr.prepared(caseId);
      await avrr.step(caseId, 'departure', 'caseworker', decision('departure', 'departed'));
      await avrr.step(caseId, 'arrival', 'caseworker', decision('arrival'));
      const planTaskId = await avrr.step(caseId, 'reintegration-plan', 'caseworker', decision('reintegration-plan'));
      const approvalId = await avrr.openTask(caseId, 'plan-approval');
      const supervisor = await avrr.token('supervisor');
      const ar = { 'accept-language': 'ar' };

      // The approval's page: its decision form in Arabic, and what it approves.
      const page = await http(avrr.system, 'GET', `/tasks/${approvalId}`, { token: supervisor, headers: ar });
      expect(page.status, page.text).toBe(200);
      const body = page.body as {
        title: string;
        decision: { title: string; oneOf: { title: string; properties: Record<string, { title: string }> }[] };
        relatedTask: { taskId: string; step: string; title: string; decision: unknown; context: Record<string, unknown> };
      };
      expect(body.title).toBe('الموافقة على خطة إعادة الإدماج');
      expect(body.decision.oneOf.map((branch) => branch.title)).toEqual(['تمت الموافقة', 'مرفوض']);
      expect(body.decision.oneOf[1]!.properties.reason!.title).toBe('السبب');
      expect(JSON.stringify(body.decision)).not.toContain('"enum"');
      expect(body.relatedTask).toMatchObject({
        taskId: planTaskId,
        step: 'reintegration-plan',
        title: 'خطة إعادة الإدماج',
        decision: decision('reintegration-plan'),
        context: { budgetCeilingEUR: 4500, householdSize: 3 },
      });

      // The plan's own form: every category an option with its Arabic label.
      const plan = await http(avrr.system, 'GET', `/tasks/${planTaskId}`, { token: supervisor, headers: ar });
      expect(plan.text).toContain('{"const":"business","title":"نشاط مدر للدخل"}');

      // The intake form's options, labelled the same way.
      const form = await http(avrr.system, 'GET', '/forms/avrr-application', { headers: ar });
      expect(form.text).toContain('{"const":"female","title":"أنثى"}');

      // The case's tasks by their titles.
      const view = await http(avrr.system, 'GET', `/cases/${caseId}`, { token: supervisor, headers: ar });
      const tasks = (view.body as { tasks: { step: string; title: string }[] }).tasks;
      expect(tasks).toContainEqual(expect.objectContaining({ step: 'screening', title: 'فحص الأهلية والإرشاد' }));
      expect(tasks.every((task) => ARABIC.test(task.title))).toBe(true);

      // The history: one line per event, in Arabic.
      const history = await http(avrr.system, 'GET', `/cases/${caseId}/history`, { token: supervisor, headers: ar });
      const events = (history.body as { events: { type: string; summary: string }[] }).events;
      expect(events.length).toBeGreaterThan(10);
      for (const event of events) expect(event.summary, event.type).toMatch(ARABIC);
      expect(events.map((event) => event.summary)).toContainEqual(
        expect.stringContaining('أنهى amina.caseworker مرحلة «فحص الأهلية والإرشاد»: مؤهل'),
      );

      // A token past its expiry (12 hours of local clock): 401 tokenExpired, with API Gateway's challenge.
      const token = await devToken(avrr.system, 'karim.supervisor', ['supervisor']);
      await avrr.advance('PT13H');
      const expired = await http(avrr.system, 'GET', `/cases/${caseId}`, { token, headers: ar });
      expect(expired.status).toBe(401);
      expect(expired.headers.get('www-authenticate')).toBe(
        'Bearer scope="" error="invalid_token" error_description="the token has expired"',
      );
      expect(expired.headers.get('content-type')).toBe('application/problem+json');
      expect(expired.body).toMatchObject({ type: 'urn:casework:problem:tokenExpired', code: 'tokenExpired', title: 'انتهت صلاحية الجلسة' });
    },
  );
});
