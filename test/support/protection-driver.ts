// Drives protection cases over HTTP as a referring organisation, caseworkers and supervisors would,
// on the local system (the AVRR driver's plumbing: tokens, clock, tasks, history).
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect } from 'vitest';
import { protectionSteps } from '../../domain/protection/steps.ts';
import { getForm } from '../../domain/forms/index.ts';
import { AvrrDriver, type CaseView, type Person } from './avrr-driver.ts';
import { http, startTestSystem } from './local-system.ts';

export interface ProtectionCaseView extends CaseView {
  createdAt: string;
  facts: Record<string, unknown>;
  services?: {
    serviceId: string;
    type: string;
    urgency: string;
    dueAt: string;
    status: string;
    deliveredBy?: string;
    notDeliveredReason?: string;
  }[];
}

/** A decision for a protection step, from the step's own published examples (one per outcome). */
export function protectionDecision(step: string, outcome?: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const definition = protectionSteps.find((candidate) => candidate.step === step);
  if (!definition) throw new Error(`no protection step ${step}`);
  const example = definition.examples.find((e) => outcome === undefined || e.outcome === outcome);
  if (!example) throw new Error(`no example of ${step} with outcome ${outcome}`);
  return { ...example, ...overrides };
}

/** Referrals from the form's published examples, and an adult medical one. */
export const referrals = {
  unaccompaniedChild: () => getForm('protection-referral')!.examples[0] as Record<string, unknown>,
  traffickingVictim: () => getForm('protection-referral')!.examples[1] as Record<string, unknown>,
  adultMedical: () => ({
    ...(getForm('protection-referral')!.examples[1] as Record<string, unknown>),
    vulnerability: { category: 'medical', details: 'Diabète non traité, sans domicile.' },
    urgentNeeds: ['medical', 'shelter'],
  }),
};

/** Call at the top of a scenario file: a driver on a local system started before the file's tests. */
export function protectionScenario(): ProtectionDriver {
  const driver = new ProtectionDriver();
  beforeAll(async () => {
    driver.attach(await startTestSystem());
  });
  afterAll(async () => {
    await driver.detach()?.stop();
  });
  return driver;
}

export class ProtectionDriver extends AvrrDriver {
  /** A referral submitted through the public form; answers the new case's id. */
  async refer(body: Record<string, unknown> = referrals.adultMedical()): Promise<string> {
    const response = await http(this.system, 'POST', '/forms/protection-referral/submissions', {
      body,
      headers: { 'idempotency-key': randomUUID() },
    });
    expect(response.status, response.text).toBe(201);
    return (response.body as { caseId: string }).caseId;
  }

  override async view(caseId: string): Promise<ProtectionCaseView> {
    return (await super.view(caseId)) as ProtectionCaseView;
  }

  /** The open service-delivery tasks of the case, each with its service. */
  async serviceTasks(caseId: string, count: number): Promise<{ taskId: string; serviceId: string; dueAt: string }[]> {
    for (let attempt = 0; attempt < 100; attempt++) {
      const open = (await this.view(caseId)).tasks.filter((t) => t.step === 'service-delivery' && t.status === 'open');
      if (open.length >= count) {
        const token = await this.token('caseworker');
        return Promise.all(
          open.map(async ({ taskId }) => {
            const response = await http(this.system, 'GET', `/tasks/${taskId}`, { token });
            expect(response.status, response.text).toBe(200);
            const { task } = response.body as { task: { serviceId: string; dueAt: string } };
            return { taskId, serviceId: task.serviceId, dueAt: task.dueAt };
          }),
        );
      }
      await this.settle();
    }
    throw new Error(`case ${caseId} never had ${count} open service-delivery tasks`);
  }

  /** Registration (risk confirmed) and the assessment with these categories. */
  async assessed(caseId: string, assessment: Record<string, unknown> = { outcome: 'assessed', categories: ['medical'] }) {
    await this.step(caseId, 'registration', 'caseworker', protectionDecision('registration', 'confirmed'));
    await this.step(caseId, 'vulnerability-assessment', 'caseworker', assessment);
  }

  /** A child's BIA (by one caseworker), its approval (by a supervisor) and the BID (by another supervisor). */
  async bestInterests(caseId: string, options: { durableSolutionConsidered?: boolean } = {}): Promise<void> {
    const considered = options.durableSolutionConsidered ?? true;
    await this.step(caseId, 'bia', 'caseworker', protectionDecision('bia', 'completed', { durableSolutionConsidered: considered }));
    await this.step(caseId, 'bia-approval', 'supervisor', protectionDecision('bia-approval', 'approved'));
    if (considered) await this.step(caseId, 'bid', 'screenerSupervisor', protectionDecision('bid'));
  }

  /** The plan by a caseworker, approved by a supervisor; answers the services' delivery tasks. */
  async planApproved(
    caseId: string,
    plan = protectionDecision('assistance-plan', 'proposed'),
    by: { author?: Person; approver?: Person } = {},
  ): Promise<{ taskId: string; serviceId: string; dueAt: string }[]> {
    await this.step(caseId, 'assistance-plan', by.author ?? 'caseworker', plan);
    await this.step(
      caseId,
      'assistance-plan-approval',
      by.approver ?? 'supervisor',
      protectionDecision('assistance-plan-approval', 'approved'),
    );
    return this.serviceTasks(caseId, (plan.services as unknown[]).length);
  }

  /** Every service delivered by staff. */
  async deliverAll(tasks: { taskId: string }[], as: Person = 'caseworker'): Promise<void> {
    for (const { taskId } of tasks) {
      const response = await this.complete(taskId, as, protectionDecision('service-delivery', 'delivered', { deliveredBy: 'staff' }));
      expect(response.status, response.text).toBe(200);
    }
  }

  /** An adult medical case from referral to closure (needs met). */
  async adultMedicalToClosure(): Promise<string> {
    const caseId = await this.refer();
    await this.assessed(caseId);
    await this.deliverAll(await this.planApproved(caseId));
    await this.step(caseId, 'follow-up-visit', 'caseworker', protectionDecision('follow-up-visit', 'continue', { nextVisitInDays: 14 }));
    await this.advance('P14D');
    await this.step(caseId, 'follow-up-visit', 'caseworker', protectionDecision('follow-up-visit', 'close'));
    await this.closed(caseId, 'needs-met');
    return caseId;
  }
}
