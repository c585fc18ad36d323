// Matching a need to an expert over HTTP on the local system: an expert-mission need validated →
// matching's shortlist context ranks the registered experts who fit (and omits one who withdrew and
// one whose availability does not overlap) → shortlist → both answers → confirmed: the need
// `matched` and unlisted, the expert's assignment listed; and a 409 when the confirmed expert
// withdrew between the proposal and the confirmation, or when a shortlisted expert revoked their consent
// to be contacted after the search.
import { describe, expect, it } from 'vitest';
import { normaliseSkill } from '../../domain/migration-development/skills.ts';
import { accepted, matchingScenario } from '../support/matching-driver.ts';
import { http } from '../support/local-system.ts';

const driver = matchingScenario();
const TIMEOUT = 180_000;
const validatedNeed = (skills: string[]) => driver.validatedNeed(skills);
const shortlistContext = (needId: string) => driver.shortlistContext(needId);

describe('matching a need to an expert', () => {
  it(
    'ranks the experts who fit, leaves out the withdrawn and the unavailable, and confirms one: the need matched, the assignment listed',
    async () => {
      const n = Date.now();
      const [one, two] = [`Hydrologie urbaine ${n}`, `Gestion des crues ${n}`];
      const keys = [normaliseSkill(one), normaliseSkill(two)];
      const best = await driver.listed([one, two], ['fr', 'ar']);
      const second = await driver.listed([one], ['fr']);
      const withdrawn = await driver.listed([one, two], ['fr', 'ar']);
      expect((await driver.withdraw(withdrawn)).status).toBe(200);
      const unavailable = await driver.listed([one, two], ['fr', 'ar']);
      const moved = await driver.availability(unavailable, [{ from: '2029-01-01', to: '2029-06-30', mode: 'on-site' }], 1);
      expect(moved.status, moved.text).toBe(200);

      const needId = await validatedNeed(keys);
      const { taskId, candidates } = await shortlistContext(needId);
      expect(candidates.map((c) => [c.candidateCaseId, c.score])).toEqual([
        [best, 200 + 20 + 5 + 1],
        [second, 100 + 10 + 5 + 1],
      ]);
      expect(candidates[0]!.reasons.map((r) => r.criterion)).toEqual(
        expect.arrayContaining(['sector', 'skill', 'language', 'availability', 'mode']),
      );
      // Ids, scores and codes only: nothing of the experts' registrations (the form's example person).
      const context = JSON.stringify(candidates).toLowerCase();
      for (const personal of ['nadia', 'idrissi', 'example.org', '+33612345678']) expect(context).not.toContain(personal);

      // Only listed candidates may be shortlisted (422, localized).
      const stranger = await driver.complete(taskId, 'caseworker', { outcome: 'shortlisted', candidateCaseIds: [withdrawn] });
      expect(stranger.status, stranger.text).toBe(422);
      expect(stranger.headers.get('content-type')).toContain('application/problem+json');
      expect((await driver.complete(taskId, 'caseworker', { outcome: 'shortlisted', candidateCaseIds: [best, second] })).status).toBe(200);

      const answersTask = await driver.openTask(needId, 'match-answers');
      const notBoth = await driver.complete(answersTask, 'caseworker', {
        outcome: 'confirmed',
        candidateCaseId: best,
        answers: [{ candidateCaseId: best, candidate: 'accepted', institution: 'no-answer' }],
      });
      expect(notBoth.status, notBoth.text).toBe(422);
      const done = await driver.complete(answersTask, 'caseworker', {
        outcome: 'confirmed',
        candidateCaseId: best,
        answers: [accepted(best), { candidateCaseId: second, candidate: 'declined', institution: 'accepted' }],
      });
      expect(done.status, done.text).toBe(200);

      // The need's status, not its stage: the assignment phase moves the stage on as soon as it starts.
      const view = await driver.waitUntil(
        needId,
        (v) => (v as unknown as { facts: { need?: { status?: string } } }).facts.need?.status === 'matched',
        'matched',
      );
      expect((view as unknown as { facts: { need: Record<string, unknown> } }).facts.need).toMatchObject({
        status: 'matched',
        match: { candidateKind: 'expert', candidateCaseId: best },
      });
      const listed = await http(driver.system, 'GET', '/needs?status=open-for-matching', { token: await driver.token('caseworker') });
      expect((listed.body as { items: { caseId: string }[] }).items.map((i) => i.caseId)).not.toContain(needId);
      const assignments = await http(driver.system, 'GET', `/experts/${best}/assignments`, { token: await driver.token('caseworker') });
      expect(assignments.status, assignments.text).toBe(200);
      expect((assignments.body as { items: unknown[] }).items).toMatchObject([
        { expertCaseId: best, needCaseId: needId, status: 'confirmed', mode: 'on-site' },
      ]);
      expect((await driver.history(best)).map((e) => e.type)).toEqual(expect.arrayContaining(['match.proposed', 'match.confirmed']));
      expect((await driver.history(second)).map((e) => e.type)).toContain('match.proposed');
    },
    TIMEOUT,
  );

  it(
    'an expert who withdrew between the proposal and the confirmation cannot be confirmed (409)',
    async () => {
      const skill = `Agroecologie ${Date.now()}`;
      const expert = await driver.listed([skill], ['fr']);
      const needId = await validatedNeed([normaliseSkill(skill)]);
      const { candidates } = await shortlistContext(needId);
      expect(candidates.map((c) => c.candidateCaseId)).toEqual([expert]);
      await driver.step(needId, 'match-shortlist', 'caseworker', { outcome: 'shortlisted', candidateCaseIds: [expert] });
      const answersTask = await driver.openTask(needId, 'match-answers');
      expect((await driver.withdraw(expert)).status).toBe(200);
      const refused = await http(driver.system, 'POST', `/tasks/${answersTask}/complete`, {
        token: await driver.token('caseworker'),
        headers: { 'accept-language': 'ar' },
        body: { decision: { outcome: 'confirmed', candidateCaseId: expert, answers: [accepted(expert)] } },
      });
      expect(refused.status, refused.text).toBe(409);
      expect(refused.headers.get('content-type')).toContain('application/problem+json');
      expect(refused.body).toMatchObject({ type: 'urn:casework:problem:candidateNoLongerAvailable' });
      expect((await driver.view(needId)).stage).toBe('answers');
    },
    TIMEOUT,
  );

  it(
    'an expert who revoked their consent to be contacted after the search cannot be shortlisted (409)',
    async () => {
      const skill = `Irrigation goutte a goutte ${Date.now()}`;
      const expert = await driver.listed([skill], ['fr']);
      const needId = await validatedNeed([normaliseSkill(skill)]);
      const { taskId, candidates } = await shortlistContext(needId);
      expect(candidates.map((c) => c.candidateCaseId)).toEqual([expert]);
      const revoked = await http(driver.system, 'POST', `/cases/${expert}/consents`, {
        token: await driver.token('caseworker'),
        body: { action: 'revoke', purpose: 'follow-up-contact' },
      });
      expect(revoked.status, revoked.text).toBe(200);
      const refused = await driver.complete(taskId, 'caseworker', { outcome: 'shortlisted', candidateCaseIds: [expert] });
      expect(refused.status, refused.text).toBe(409);
      expect(refused.body).toMatchObject({ type: 'urn:casework:problem:candidateNoLongerAvailable' });
      expect((await driver.view(needId)).stage).toBe('matching');
    },
    TIMEOUT,
  );
});
