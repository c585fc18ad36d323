// Drives diaspora experts over HTTP as the public form, caseworkers and supervisors would, on the
// local system: registration, verification, availability, withdrawal and the register's search.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect } from 'vitest';
import { getForm } from '../../domain/forms/index.ts';
import { expertSteps } from '../../domain/migration-development/expert-steps.ts';
import { AvrrDriver, type Person } from './avrr-driver.ts';
import { http, startTestSystem } from './local-system.ts';

export interface RankedExpertView {
  expertId: string;
  score: number;
  reasons: { criterion: string; value: string; days?: number }[];
  windows: { from: string; to: string; mode: string }[];
}

/** A registration from the form's first published example, with these changes. */
export function registration(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { ...(structuredClone(getForm('diaspora-expert-registration')!.examples[0]) as Record<string, unknown>), ...overrides };
}

export function verification(outcome: 'verified' | 'rejected', overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const example = expertSteps[0]!.examples.find((e) => e.outcome === outcome)!;
  return { ...example, ...overrides };
}

export function expertScenario(): ExpertDriver {
  const driver = new ExpertDriver();
  beforeAll(async () => {
    driver.attach(await startTestSystem());
  });
  afterAll(async () => {
    await driver.detach()?.stop();
  });
  return driver;
}

export class ExpertDriver extends AvrrDriver {
  async register(body: Record<string, unknown> = registration()): Promise<string> {
    const response = await http(this.system, 'POST', '/forms/diaspora-expert-registration/submissions', {
      body,
      headers: { 'idempotency-key': randomUUID() },
    });
    expect(response.status, response.text).toBe(201);
    return (response.body as { caseId: string }).caseId;
  }

  /** Registered and verified with these skills and languages; waits until the case is listed. */
  async listed(skills: string[], languages: string[], body: Record<string, unknown> = registration()): Promise<string> {
    const caseId = await this.register(body);
    await this.step(
      caseId,
      'expert-verification',
      'caseworker',
      verification('verified', { skillsConfirmed: skills, languagesConfirmed: languages }),
    );
    await this.stageIs(caseId, 'listed');
    return caseId;
  }

  async stageIs(caseId: string, stage: string): Promise<void> {
    for (let attempt = 0; attempt < 100; attempt++) {
      if ((await this.view(caseId)).stage === stage) return;
      await this.settle();
    }
    throw new Error(`case ${caseId} never reached stage ${stage}`);
  }

  async search(query: string, as: Person = 'caseworker', language = 'fr') {
    return http(this.system, 'GET', `/register/experts?${query}`, {
      token: await this.token(as),
      headers: { 'accept-language': language },
    });
  }

  async found(query: string): Promise<RankedExpertView[]> {
    const response = await this.search(query);
    expect(response.status, response.text).toBe(200);
    return (response.body as { items: RankedExpertView[] }).items;
  }

  async availability(caseId: string, windows: { from: string; to: string; mode: string }[], version: number, as: Person = 'caseworker') {
    return http(this.system, 'POST', `/experts/${caseId}/availability`, { token: await this.token(as), body: { windows, version } });
  }

  async withdraw(caseId: string, as: Person = 'caseworker') {
    return http(this.system, 'POST', `/experts/${caseId}/withdrawal`, {
      token: await this.token(as),
      body: { reasonCode: 'expert-request' },
    });
  }
}
