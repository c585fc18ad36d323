// Reassignment over HTTP on the local system: a task goes only to a member of the team who may do
// its step, as the staff directory knows them (locally the dev issuer's: its seed list, local/staff.json,
// and every user it issued a token for); the console lists those members for the step.
import { describe, expect, it } from 'vitest';
import { avrrScenario } from '../support/avrr-driver.ts';
import { devToken, http } from '../support/local-system.ts';

const avrr = avrrScenario();

describe('handing a task to someone', () => {
  it('only to a member of the team who may do the step; the candidates are those members', async () => {
    const caseId = await avrr.apply();
    const taskId = await avrr.openTask(caseId, 'screening');
    const supervisor = await avrr.token('supervisor');
    const reassign = (assignee: string, language = 'fr') =>
      http(avrr.system, 'POST', `/tasks/${taskId}/reassign`, {
        body: { assignee },
        token: supervisor,
        headers: { 'accept-language': language },
      });
    const problem = (response: Awaited<ReturnType<typeof reassign>>) => {
      const body = response.body as { type: string; errors: { pointer: string; code: string; message: string }[] };
      return { status: response.status, type: body.type, errors: body.errors.map((e) => [e.pointer, e.code, e.message]) };
    };

    // The screening is a caseworker's: the seed list's caseworkers are candidates, its supervisor-only member is not.
    const listed = await http(avrr.system, 'GET', `/tasks/${taskId}/candidates`, { token: supervisor });
    expect(listed.status, listed.text).toBe(200);
    const candidates = (listed.body as { candidates: { sub: string; name?: string; roles: string[] }[] }).candidates;
    expect(candidates).toEqual(
      expect.arrayContaining([
        { sub: 'amina', name: 'Amina El Idrissi', roles: ['caseworker'] },
        { sub: 'salma', name: 'Salma Tazi', roles: ['caseworker'] },
      ]),
    );
    expect(candidates.map((c) => c.sub)).not.toContain('karim');
    expect((await http(avrr.system, 'GET', `/tasks/${taskId}/candidates`, { token: await avrr.token('caseworker') })).status).toBe(403);

    // Nobody of that name in the directory: 422, the reason on /assignee, in the caller's language.
    const unknown = await reassign('ghost.user', 'en');
    expect(unknown.headers.get('content-type')).toContain('application/problem+json');
    expect(problem(unknown)).toEqual({
      status: 422,
      type: 'urn:casework:problem:assigneeUnknown',
      errors: [['/assignee', 'assignee_unknown', 'This person is not a member of the team (no active account in the staff directory).']],
    });
    // A member who holds no role of the step (a supervisor, for a caseworker's step).
    expect(problem(await reassign('karim', 'ar'))).toEqual({
      status: 422,
      type: 'urn:casework:problem:assigneeNotEligible',
      errors: [['/assignee', 'assignee_not_eligible', 'ليس لهذا الشخص دور يسمح له بإنجاز هذه المرحلة (الأدوار المطلوبة: caseworker).']],
    });
    expect((await avrr.view(caseId)).tasks.find((t) => t.taskId === taskId)).not.toHaveProperty('assignee');

    // A member who may: handed over. Someone the dev issuer issues a token for joins the team.
    expect((await reassign('youssef')).status).toBe(200);
    expect((await reassign('late.caseworker')).status).toBe(422);
    await devToken(avrr.system, 'late.caseworker', ['caseworker']);
    const handed = await reassign('late.caseworker');
    expect(handed.status, handed.text).toBe(200);
    expect(handed.body).toMatchObject({ assignee: 'late.caseworker' });
    const history = await avrr.history(caseId);
    expect(history.filter((e) => e.type === 'task.reassigned').map((e) => e.details.to)).toEqual(['youssef', 'late.caseworker']);
  }, 120_000);
});
