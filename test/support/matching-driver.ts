// Drives matching and an expert's assignment over HTTP on the local system: a host need validated,
// matching's shortlist context, the confirmation, then the assignment's steps and the expert's
// assignments list. Built on the expert driver (registration, verification, availability).
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect } from 'vitest';
import { getForm } from '../../domain/forms/index.ts';
import { missionDate } from '../../domain/calendar.ts';
import { needSteps } from '../../domain/migration-development/need-steps.ts';
import { ExpertDriver } from './expert-driver.ts';
import { http, startTestSystem } from './local-system.ts';

export interface Candidate {
  candidateKind: string;
  candidateCaseId: string;
  score: number;
  reasons: { criterion: string; value: string }[];
}

export interface AssignmentView {
  expertCaseId: string;
  needCaseId: string;
  status: string;
  mode: string;
  startedOn?: string;
  endedOn?: string;
}

export const accepted = (candidateCaseId: string) => ({ candidateCaseId, candidate: 'accepted', institution: 'accepted' });

export function matchingScenario(): MatchingDriver {
  const driver = new MatchingDriver();
  beforeAll(async () => {
    driver.attach(await startTestSystem());
  });
  afterAll(async () => {
    await driver.detach()?.stop();
  });
  return driver;
}

export class MatchingDriver extends ExpertDriver {
  /** The mission's day on the local clock, plus some days. */
  async today(plusDays = 0): Promise<string> {
    const { now } = (await http(this.system, 'GET', '/_local/clock')).body as { now: string };
    return missionDate(new Date(Date.parse(now) + plusDays * 86_400_000));
  }

  /**
   * A need (the form's first example: health, on site in Fès, its terms from 30 to 120 days ahead)
   * validated with these skill keys and the validation's changes (e.g. `{ mode: 'remote' }`); answers its case id.
   */
  async validatedNeed(skills: string[], validation: Record<string, unknown> = {}): Promise<string> {
    const body = structuredClone(getForm('host-institution-need')!.examples[0]) as Record<string, unknown> & {
      termsOfReference: Record<string, unknown>;
    };
    body.declarationDate = await this.today();
    body.termsOfReference.earliestStart = await this.today(30);
    body.termsOfReference.latestEnd = await this.today(120);
    const response = await http(this.system, 'POST', '/forms/host-institution-need/submissions', {
      body,
      headers: { 'idempotency-key': randomUUID() },
    });
    expect(response.status, response.text).toBe(201);
    const { caseId } = response.body as { caseId: string };
    const validated = structuredClone(needSteps[0]!.examples.find((e) => e.outcome === 'validated')!);
    await this.step(caseId, 'need-validation', 'caseworker', {
      ...validated,
      skills,
      languages: ['fr', 'ar'],
      window: { from: body.termsOfReference.earliestStart, to: body.termsOfReference.latestEnd },
      ...validation,
    });
    return caseId;
  }

  /** The open shortlist task of the need and the ranked candidates in its context. */
  async shortlistContext(needId: string): Promise<{ taskId: string; candidates: Candidate[] }> {
    const taskId = await this.openTask(needId, 'match-shortlist');
    const task = await http(this.system, 'GET', `/tasks/${taskId}`, { token: await this.token('caseworker') });
    expect(task.status, task.text).toBe(200);
    return { taskId, candidates: (task.body as { task: { context: { candidates: Candidate[] } } }).task.context.candidates };
  }

  /** Shortlists `expert` alone, both answers accepted, confirmed: waits until the need is matched. */
  async matched(needId: string, expert: string): Promise<void> {
    await this.step(needId, 'match-shortlist', 'caseworker', { outcome: 'shortlisted', candidateCaseIds: [expert] });
    await this.step(needId, 'match-answers', 'caseworker', { outcome: 'confirmed', candidateCaseId: expert, answers: [accepted(expert)] });
    await this.stageIs(needId, 'preparation');
  }

  async assignments(expertCaseId: string): Promise<AssignmentView[]> {
    const response = await http(this.system, 'GET', `/experts/${expertCaseId}/assignments`, { token: await this.token('caseworker') });
    expect(response.status, response.text).toBe(200);
    return (response.body as { items: AssignmentView[] }).items;
  }

  /**
   * A remote assignment from its preparation to its end, completed (the need's window starts 30 days
   * ahead, four weeks long): online set-up, started on the window's first day, on track at mid-term,
   * completed at the planned end. Leaves the need at stage `reporting`.
   */
  async remoteAssignmentToItsEnd(needId: string): Promise<void> {
    await this.step(needId, 'assignment-preparation', 'caseworker', { outcome: 'online-set-up', platform: 'teams', accessTested: true });
    await this.openTask(needId, 'assignment-start');
    await this.advance('P30D');
    await this.step(needId, 'assignment-start', 'caseworker', { outcome: 'started', startedOn: await this.today() });
    await this.stageIs(needId, 'in-progress');
    await this.advance('P14D');
    await this.step(needId, 'assignment-midterm-check', 'caseworker', { outcome: 'on-track' });
    await this.advance('P14D');
    await this.step(needId, 'assignment-end', 'caseworker', { outcome: 'completed', endedOn: await this.today() });
    await this.stageIs(needId, 'reporting');
  }

  async report(taskId: string): Promise<void> {
    const response = await this.complete(taskId, 'caseworker', {
      outcome: 'received',
      receivedOn: await this.today(),
      deliverables: ['mission-report', 'training-delivered'],
      documentReference: 'GED/2026/MD-0142',
    });
    expect(response.status, response.text).toBe(200);
  }

  async feedback(taskId: string): Promise<void> {
    const response = await this.complete(taskId, 'caseworker', {
      outcome: 'received',
      receivedOn: await this.today(),
      satisfaction: { objectivesMet: 4, expertise: 5, communication: 4, knowledgeTransfer: 3 },
      wouldHostAgain: true,
    });
    expect(response.status, response.text).toBe(200);
  }
}
