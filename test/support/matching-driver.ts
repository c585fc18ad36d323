// Drives matching and an expert's assignment over HTTP on the local system: a host need validated,
// matching's shortlist context, the confirmation, then the assignment's steps and the expert's
// assignments list. Built on the expert driver (registration, verification, availability).
import { afterAll, beforeAll, expect } from 'vitest';
import { ExpertDriver } from './expert-driver.ts';
import { http, startTestSystem } from './local-system.ts';
import { accepted, shortlistContext, today, validatedNeed, type Candidate } from './matching.ts';

export interface AssignmentView {
  expertCaseId: string;
  needCaseId: string;
  status: string;
  mode: string;
  startedOn?: string;
  endedOn?: string;
}

export { accepted, type Candidate };

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
  today(plusDays = 0): Promise<string> {
    return today(this, plusDays);
  }

  /**
   * An expert-mission need (the form's example: health, on site in Fès, its terms from 30 to 120 days
   * ahead, languages fr and ar) validated with these skill keys and the validation's changes (e.g.
   * `{ mode: 'remote' }`); answers its case id.
   */
  validatedNeed(skills: string[], validation: Record<string, unknown> = {}): Promise<string> {
    return validatedNeed(this, skills, 'expert-mission', { languages: ['fr', 'ar'], ...validation });
  }

  /** The open shortlist task of the need and the ranked candidates in its context. */
  shortlistContext(needId: string): Promise<{ taskId: string; candidates: Candidate[] }> {
    return shortlistContext(this, needId);
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
    // The start step opens EARLY_START_DAYS before the window (the workflow waits until then).
    await this.advance('P30D');
    await this.openTask(needId, 'assignment-start');
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
