// Drives qualified nationals' returns (case type `skilled-return`) over HTTP as the web form,
// caseworkers and supervisors would, on the local system with its clock (the AVRR driver's plumbing).
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect } from 'vitest';
import { getForm } from '../../domain/forms/index.ts';
import { missionDate } from '../../domain/calendar.ts';
import { returnSteps } from '../../domain/migration-development/return-steps.ts';
import type { ReturnFacts } from '../../domain/migration-development/return-case-actions.ts';
import { AvrrDriver, type CaseView, type Person } from './avrr-driver.ts';
import { http, startTestSystem } from './local-system.ts';

export interface ReturnCaseView extends CaseView {
  facts: Record<string, unknown> & { return?: ReturnFacts };
}

/** A decision for a return step, from the step's own published examples (one per outcome). */
export function returnDecision(step: string, outcome?: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const definition = returnSteps.find((candidate) => candidate.step === step);
  if (!definition) throw new Error(`no return step ${step}`);
  const example = definition.examples.find((e) => outcome === undefined || e.outcome === outcome);
  if (!example) throw new Error(`no example of ${step} with outcome ${outcome}`);
  return { ...structuredClone(example), ...overrides };
}

/** Call at the top of a scenario file: a driver on a local system started before the file's tests. */
export function returnScenario(): ReturnDriver {
  const driver = new ReturnDriver();
  beforeAll(async () => {
    driver.attach(await startTestSystem());
  });
  afterAll(async () => {
    await driver.detach()?.stop();
  });
  return driver;
}

export class ReturnDriver extends AvrrDriver {
  /** Today in Morocco on the local clock (domain/calendar.ts), plus some days. */
  async today(plusDays = 0): Promise<string> {
    const { now } = (await http(this.system, 'GET', '/_local/clock')).body as { now: string };
    return missionDate(new Date(Date.parse(now) + plusDays * 86_400_000));
  }

  /** The web form submits the published example (with these changes), declared today; answers the new case's id. */
  async applyForReturn(overrides: Record<string, unknown> = {}): Promise<string> {
    const body = {
      ...(getForm('skilled-return-application')!.examples[0] as Record<string, unknown>),
      declarationDate: await this.today(),
      intendedReturnDate: await this.today(30),
      ...overrides,
    };
    const response = await http(this.system, 'POST', '/forms/skilled-return-application/submissions', {
      body,
      headers: { 'idempotency-key': randomUUID() },
    });
    expect(response.status, response.text).toBe(201);
    return (response.body as { caseId: string }).caseId;
  }

  override async view(caseId: string): Promise<ReturnCaseView> {
    return (await super.view(caseId)) as ReturnCaseView;
  }

  async returnFacts(caseId: string): Promise<ReturnFacts> {
    return (await this.view(caseId)).facts.return ?? {};
  }

  /** Completes the step's open task in a given language (for the problem's messages). */
  async completeIn(taskId: string, as: Person, body: Record<string, unknown>, language: string) {
    return http(this.system, 'POST', `/tasks/${taskId}/complete`, {
      body: { decision: body },
      token: await this.token(as),
      headers: { 'accept-language': language },
    });
  }

  async getAs(path: string, as: Person) {
    return http(this.system, 'GET', path, { token: await this.token(as) });
  }

  /** Found eligible: the case waits at stage `opportunity` (listed for job offers). */
  async atOpportunity(caseId: string): Promise<void> {
    await this.step(caseId, 'return-eligibility', 'caseworker', returnDecision('return-eligibility', 'eligible'));
    await this.openTask(caseId, 'return-opportunity');
    await this.waitUntil(caseId, (v) => v.stage === 'opportunity', 'stage opportunity');
  }

  /** Through eligibility and a business project to the plan. */
  async withBusinessProject(caseId: string): Promise<void> {
    await this.step(caseId, 'return-eligibility', 'caseworker', returnDecision('return-eligibility', 'eligible'));
    await this.step(caseId, 'return-opportunity', 'caseworker', returnDecision('return-opportunity', 'business-project'));
  }
}
