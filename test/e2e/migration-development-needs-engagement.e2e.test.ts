// GET /needs?engagement= over HTTP on the local system: a job offer and an expert mission, both
// validated and open for matching, each listed under its own engagement only; a bad engagement is a
// 400 problem naming the field.
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { getForm } from '../../domain/forms/index.ts';
import { needSteps } from '../../domain/migration-development/need-steps.ts';
import { normaliseSkill } from '../../domain/migration-development/skills.ts';
import { matchingScenario } from '../support/matching-driver.ts';
import { http } from '../support/local-system.ts';

const driver = matchingScenario();
const TIMEOUT = 180_000;

/** The form's job offer (a university's fixed-term post), dated from today, validated as a job offer. */
async function validatedJobOffer(): Promise<string> {
  const body = structuredClone(getForm('host-institution-need')!.examples.find((e) => JSON.stringify(e).includes('job-offer'))) as Record<
    string,
    unknown
  > & { termsOfReference: Record<string, unknown> };
  body.declarationDate = await driver.today();
  body.termsOfReference.earliestStart = await driver.today(30);
  body.termsOfReference.latestEnd = await driver.today(400);
  const response = await http(driver.system, 'POST', '/forms/host-institution-need/submissions', {
    body,
    headers: { 'idempotency-key': randomUUID() },
  });
  expect(response.status, response.text).toBe(201);
  const { caseId } = response.body as { caseId: string };
  const validated = needSteps[0]!.examples.find((e) => e.outcome === 'validated' && e.engagement === 'job-offer')!;
  await driver.step(caseId, 'need-validation', 'caseworker', {
    ...validated,
    window: { from: body.termsOfReference.earliestStart, to: body.termsOfReference.latestEnd },
  });
  return caseId;
}

async function listed(query: string): Promise<{ caseId: string; engagement?: string }[]> {
  const response = await http(driver.system, 'GET', `/needs?status=open-for-matching${query}`, { token: await driver.token('caseworker') });
  expect(response.status, response.text).toBe(200);
  return (response.body as { items: { caseId: string; engagement?: string }[] }).items;
}

describe('GET /needs?engagement=', () => {
  it(
    'lists each need under its own engagement only; 400 for an unknown engagement',
    async () => {
      const job = await validatedJobOffer();
      const mission = await driver.validatedNeed([normaliseSkill(`Anesthesie ${Date.now()}`)]);
      await driver.waitUntil(job, (v) => v.tasks.some((t) => t.step === 'match-shortlist' && t.status === 'open'), 'matching');
      await driver.openTask(mission, 'match-shortlist');

      const all = (await listed('&limit=100')).map((n) => n.caseId);
      expect(all).toEqual(expect.arrayContaining([job, mission]));
      const jobs = await listed('&engagement=job-offer&limit=100');
      expect(jobs.map((n) => n.caseId)).toEqual([job]);
      expect(jobs[0]).toMatchObject({ engagement: 'job-offer' });
      const missions = await listed('&engagement=expert-mission&limit=100');
      expect(missions.map((n) => n.caseId)).toEqual([mission]);

      const bad = await http(driver.system, 'GET', '/needs?status=open-for-matching&engagement=internship', {
        token: await driver.token('caseworker'),
        headers: { 'accept-language': 'ar' },
      });
      expect(bad.status, bad.text).toBe(400);
      expect(bad.headers.get('content-type')).toContain('application/problem+json');
      expect((bad.body as { errors: { pointer: string }[] }).errors.map((e) => e.pointer)).toEqual(['/engagement']);
    },
    TIMEOUT,
  );
});
