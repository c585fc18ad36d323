// Drives youth cases over HTTP as partner associations' staff, caseworkers and supervisors would, on
// the local system with its clock (the AVRR driver's plumbing: tokens, clock, tasks, history).
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect } from 'vitest';
import { getForm } from '../../domain/forms/index.ts';
import { missionDate } from '../../domain/calendar.ts';
import { youthSteps } from '../../domain/youth-employability/youth-steps.ts';
import type { YouthFacts } from '../../domain/youth-employability/youth-case-actions.ts';
import { AvrrDriver, type CaseView } from './avrr-driver.ts';
import { createAssociation } from './associations.ts';
import { devToken, http, startTestSystem } from './local-system.ts';

export const SALE = 'asso-jeunesse-avenir-sale';
export const OUJDA = 'association-tadamoun-oujda';

export interface YouthCaseView extends CaseView {
  partnerId?: string;
  facts: Record<string, unknown> & { youth?: YouthFacts };
}

/** A decision for a youth step, from the step's own published examples (one per outcome). */
export function youthDecision(step: string, outcome?: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const definition = youthSteps.find((candidate) => candidate.step === step);
  if (!definition) throw new Error(`no youth step ${step}`);
  const example = definition.examples.find((e) => outcome === undefined || e.outcome === outcome);
  if (!example) throw new Error(`no example of ${step} with outcome ${outcome}`);
  return { ...example, ...overrides };
}

/** A milestone of the track, with its evidence. */
export const milestone = (m: Record<string, unknown>, evidence: Record<string, unknown> = { kind: 'attestation' }) => ({
  outcome: 'milestone',
  milestone: { ...m, evidence },
});

export const softSkills = (moment: 'before' | 'after', date: string, n: number) => ({
  type: 'soft-skills-assessment',
  date,
  moment,
  scores: { communication: n, teamwork: n, 'problem-solving': n, 'self-confidence': n, reliability: n },
});

/** The enrolment form's examples (an adult in Salé, a minor with her guardian in Oujda), enrolled on a given day. */
export const enrolments = {
  adult: (enrolmentDate: string): Record<string, unknown> => ({
    ...(getForm('youth-enrolment')!.examples[0] as Record<string, unknown>),
    enrolmentDate,
  }),
  /** Sixteen on the day of enrolment, whenever the clock has moved to. */
  minor: (enrolmentDate: string): Record<string, unknown> => {
    const example = getForm('youth-enrolment')!.examples[1] as Record<string, unknown> & { youth: Record<string, unknown> };
    const sixteen = `${Number(enrolmentDate.slice(0, 4)) - 16}${enrolmentDate.slice(4, 8)}01`;
    return { ...example, youth: { ...example.youth, dateOfBirth: sixteen }, enrolmentDate };
  },
};

/** Call at the top of a scenario file: a driver on a local system started before the file's tests. */
export function youthScenario(): YouthDriver {
  const driver = new YouthDriver();
  beforeAll(async () => {
    driver.attach(await startTestSystem());
    const admin = await devToken(driver.system, 'admin-1', ['admin']);
    for (const association of [SALE, OUJDA]) await createAssociation(driver.system, admin, association);
  });
  afterAll(async () => {
    await driver.detach()?.stop();
  });
  return driver;
}

export class YouthDriver extends AvrrDriver {
  /** A staff user of this association (a fresh token: the clock moves by months). */
  async partner(partnerId: string = SALE): Promise<string> {
    return devToken(this.system, `staff-of-${partnerId}`, ['partner'], partnerId);
  }

  /** Today in Morocco on the local clock (domain/calendar.ts), plus some days. */
  async today(plusDays = 0): Promise<string> {
    const { now } = (await http(this.system, 'GET', '/_local/clock')).body as { now: string };
    return missionDate(new Date(Date.parse(now) + plusDays * 86_400_000));
  }

  /** The association's staff enrol a young person through the partner route. */
  async submit(body: Record<string, unknown>, partnerId: string = SALE) {
    return http(this.system, 'POST', '/partner/forms/youth-enrolment/submissions', {
      body,
      headers: { 'idempotency-key': randomUUID() },
      token: await this.partner(partnerId),
    });
  }

  /** Enrols and answers the new case's id. */
  async enrol(body: Record<string, unknown>, partnerId: string = SALE): Promise<string> {
    const response = await this.submit(body, partnerId);
    expect(response.status, response.text).toBe(201);
    return (response.body as { caseId: string }).caseId;
  }

  override async view(caseId: string): Promise<YouthCaseView> {
    return (await super.view(caseId)) as YouthCaseView;
  }

  async youth(caseId: string): Promise<YouthFacts> {
    return (await this.view(caseId)).facts.youth ?? {};
  }

  /** Completes the case's open task of this step as the association's staff; answers the response. */
  async byPartner(caseId: string, step: string, decision: Record<string, unknown>, partnerId: string = SALE) {
    const taskId = await this.openTask(caseId, step);
    const response = await http(this.system, 'POST', `/tasks/${taskId}/complete`, {
      body: { decision },
      token: await this.partner(partnerId),
    });
    return { taskId, ...response };
  }

  /** The same, expecting success, and waiting until the workflow has moved past that task. */
  async recorded(caseId: string, step: string, decision: Record<string, unknown>, partnerId: string = SALE): Promise<string> {
    const { taskId, status, text } = await this.byPartner(caseId, step, decision, partnerId);
    expect(status, `${step}: ${text}`).toBe(200);
    await this.waitUntil(caseId, (v) => v.tasks.find((t) => t.taskId === taskId)?.status !== 'open', `${step} done`);
    return taskId;
  }

  /** Oriented into a track with the published plan (or not continuing). */
  async oriented(caseId: string, decision = youthDecision('youth-orientation', 'oriented')): Promise<void> {
    await this.recorded(caseId, 'youth-orientation', decision);
    await this.waitUntil(caseId, (v) => (v as YouthCaseView).facts.youth?.orientation !== undefined, 'orientation recorded');
  }

  /** A progress record; waits until the workflow has recorded it and opened the next one (or moved on). */
  async progress(caseId: string, decision: Record<string, unknown>, partnerId: string = SALE): Promise<void> {
    await this.recorded(caseId, 'youth-track-progress', decision, partnerId);
  }
}
