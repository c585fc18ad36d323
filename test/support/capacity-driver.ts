// Drives an association's capacity building over HTTP as its own staff (partner users of the
// association), caseworkers and supervisors would, on the local system (the AVRR driver's plumbing:
// clock, tasks, history).
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect } from 'vitest';
import { capacitySteps } from '../../domain/youth-employability/capacity-steps.ts';
import { getForm } from '../../domain/forms/index.ts';
import { AvrrDriver, people, type CaseView } from './avrr-driver.ts';
import { createAssociation } from './associations.ts';
import { devToken, http, startTestSystem } from './local-system.ts';

export const ASSOCIATION = 'asso-tadamoun-oujda';
export const OTHER_ASSOCIATION = 'asso-nour-sale';

export const capacityPeople = {
  ...people,
  associationStaff: { sub: 'samira.tadamoun', groups: ['partner'], partnerId: ASSOCIATION },
  otherAssociationStaff: { sub: 'hicham.nour', groups: ['partner'], partnerId: OTHER_ASSOCIATION },
  admin: { sub: 'nadia.admin', groups: ['admin'] },
} as const;
export type CapacityPerson = keyof typeof capacityPeople;

export interface CapacityCaseView extends CaseView {
  partnerId?: string;
  facts: Record<string, unknown>;
}

/** A decision for a capacity step, from the step's own published examples (one per outcome). */
export function capacityDecision(step: string, outcome?: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const example = capacitySteps.find((s) => s.step === step)?.examples.find((e) => outcome === undefined || e.outcome === outcome);
  if (!example) throw new Error(`no example of ${step} with outcome ${outcome}`);
  return { ...structuredClone(example), ...overrides };
}

/** Call at the top of a scenario file: a driver on a local system started before the file's tests. */
export function capacityScenario(): CapacityDriver {
  const driver = new CapacityDriver();
  beforeAll(async () => {
    driver.attach(await startTestSystem());
    const admin = await driver.tokenOf('admin');
    for (const association of [ASSOCIATION, OTHER_ASSOCIATION]) await createAssociation(driver.system, admin, association);
  });
  afterAll(async () => {
    await driver.detach()?.stop();
  });
  return driver;
}

export class CapacityDriver extends AvrrDriver {
  async tokenOf(person: CapacityPerson): Promise<string> {
    const who = capacityPeople[person];
    return devToken(this.system, who.sub, [...who.groups], 'partnerId' in who ? who.partnerId : undefined);
  }

  /** The association's own staff submit its assessment (form version 3 unless told); answers the case id. */
  async assess(
    body = getForm('association-capacity-assessment')!.examples[0] as Record<string, unknown>,
    version?: number,
  ): Promise<string> {
    const response = await http(
      this.system,
      'POST',
      `/partner/forms/association-capacity-assessment/submissions${version ? `?version=${version}` : ''}`,
      { body, headers: { 'idempotency-key': randomUUID() }, token: await this.tokenOf('associationStaff') },
    );
    expect(response.status, response.text).toBe(201);
    return (response.body as { caseId: string }).caseId;
  }

  override async view(caseId: string): Promise<CapacityCaseView> {
    return (await super.view(caseId)) as CapacityCaseView;
  }

  override async waitUntil(caseId: string, predicate: (view: CapacityCaseView) => boolean, what: string): Promise<CapacityCaseView> {
    return (await super.waitUntil(caseId, (view) => predicate(view as CapacityCaseView), what)) as CapacityCaseView;
  }

  override async closed(caseId: string, reason: string): Promise<CapacityCaseView> {
    return (await super.closed(caseId, reason)) as CapacityCaseView;
  }

  async completeAs(taskId: string, as: CapacityPerson, body: Record<string, unknown>, language = 'fr') {
    return http(this.system, 'POST', `/tasks/${taskId}/complete`, {
      body: { decision: body },
      token: await this.tokenOf(as),
      headers: { 'accept-language': language },
    });
  }

  /** Opens the step's task, completes it as this person and expects success; answers the task id. */
  async stepAs(caseId: string, step: string, as: CapacityPerson, body: Record<string, unknown>): Promise<string> {
    const taskId = await this.openTask(caseId, step);
    const response = await this.completeAs(taskId, as, body);
    expect(response.status, `${step}: ${response.text}`).toBe(200);
    return taskId;
  }

  async getAs(path: string, as: CapacityPerson) {
    return http(this.system, 'GET', path, { token: await this.tokenOf(as) });
  }

  /** The local clock's date (YYYY-MM-DD), this many days from now. */
  async today(offsetDays = 0): Promise<string> {
    const { body } = await http(this.system, 'GET', '/_local/clock');
    const now = Date.parse((body as { now: string }).now);
    return new Date(now + offsetDays * 86_400_000).toISOString().slice(0, 10);
  }

  /** The plan by the association's staff, approved by a supervisor (reassessment after `months`). */
  async planApproved(caseId: string, months = 3): Promise<void> {
    await this.stepAs(caseId, 'capacity-plan', 'associationStaff', capacityDecision('capacity-plan'));
    await this.stepAs(
      caseId,
      'capacity-plan-approval',
      'supervisor',
      capacityDecision('capacity-plan-approval', 'approved', { reassessmentAfterMonths: months }),
    );
  }
}
