// Matching over HTTP on the local system, for the scenarios of experts and of qualified nationals: a
// host institution's need submitted (form version 2) and validated, and the shortlist's context
// (the ranked candidates) as a caseworker reads it. Any driver of the local system will do.
import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import { getForm } from '../../domain/forms/index.ts';
import { missionDate } from '../../domain/calendar.ts';
import { needSteps } from '../../domain/migration-development/need-steps.ts';
import type { AvrrDriver } from './avrr-driver.ts';
import { http } from './local-system.ts';

export type Engagement = 'expert-mission' | 'job-offer';

export interface Candidate {
  candidateKind: string;
  candidateCaseId: string;
  score: number;
  reasons: { criterion: string; value: string }[];
}

/** Today in Morocco on the local clock (domain/calendar.ts), plus some days. */
export async function today(driver: AvrrDriver, plusDays = 0): Promise<string> {
  const { now } = (await http(driver.system, 'GET', '/_local/clock')).body as { now: string };
  return missionDate(new Date(Date.parse(now) + plusDays * 86_400_000));
}

/**
 * A need validated with these skill keys; answers its case id. The form's first example of the
 * engagement (an expert mission: health, on site in Fès; a job offer: education, on site in Rabat),
 * declared today for a window from 30 to 120 days ahead; the validation's example of that engagement,
 * with `validation`'s changes (e.g. `{ mode: 'remote' }`).
 */
export async function validatedNeed(
  driver: AvrrDriver,
  skills: string[],
  engagement: Engagement = 'expert-mission',
  validation: Record<string, unknown> = {},
): Promise<string> {
  const examples = getForm('host-institution-need')!.examples as (Record<string, unknown> & {
    termsOfReference: Record<string, unknown>;
  })[];
  const body = structuredClone(examples.find((e) => e.termsOfReference.engagement === engagement)!);
  body.declarationDate = await today(driver);
  body.termsOfReference.earliestStart = await today(driver, 30);
  body.termsOfReference.latestEnd = await today(driver, 120);
  const response = await http(driver.system, 'POST', '/forms/host-institution-need/submissions', {
    body,
    headers: { 'idempotency-key': randomUUID() },
  });
  expect(response.status, response.text).toBe(201);
  const { caseId } = response.body as { caseId: string };
  const validated = structuredClone(
    needSteps[0]!.examples.find((e) => e.outcome === 'validated' && (e.engagement ?? 'expert-mission') === engagement)!,
  );
  await driver.step(caseId, 'need-validation', 'caseworker', {
    ...validated,
    skills,
    languages: body.termsOfReference.languages,
    window: { from: body.termsOfReference.earliestStart, to: body.termsOfReference.latestEnd },
    ...validation,
  });
  return caseId;
}

/** The need's open shortlist task and the candidates in its context, best first. */
export async function shortlistContext(driver: AvrrDriver, needId: string): Promise<{ taskId: string; candidates: Candidate[] }> {
  const taskId = await driver.openTask(needId, 'match-shortlist');
  const task = await http(driver.system, 'GET', `/tasks/${taskId}`, { token: await driver.token('caseworker') });
  expect(task.status, task.text).toBe(200);
  return { taskId, candidates: (task.body as { task: { context: { candidates: Candidate[] } } }).task.context.candidates };
}

/** A proposed candidate's answers, both accepted. */
export const accepted = (candidateCaseId: string) => ({ candidateCaseId, candidate: 'accepted', institution: 'accepted' });
