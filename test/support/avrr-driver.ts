// Drives AVRR cases over HTTP as a web form, caseworkers and supervisors would, on the local system.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect } from 'vitest';
import { avrrSteps } from '../../domain/avrr/steps.ts';
import { getForm } from '../../domain/forms/index.ts';
import { missionDate } from '../../domain/calendar.ts';
import { devToken, http, startTestSystem, type TestSystem } from './local-system.ts';

export interface CaseView {
  caseId: string;
  reference: string;
  stage: string;
  status: 'open' | 'closed';
  closureReason?: string;
  departedAt?: string;
  departedOn?: string;
  arrivedOn?: string;
  workflow?: { phase: string; executionName: string; lastPhase?: string };
  checkIns?: Record<string, { outcome: string; score?: { overall: number; economic: number; social: number; psychosocial: number } }>;
  tasks: { taskId: string; step: string; status: string; dueAt: string }[];
}

export const people = {
  caseworker: { sub: 'amina.caseworker', groups: ['caseworker'] },
  secondCaseworker: { sub: 'youssef.caseworker', groups: ['caseworker'] },
  supervisor: { sub: 'karim.supervisor', groups: ['supervisor'] },
  screenerSupervisor: { sub: 'salma.both', groups: ['caseworker', 'supervisor'] },
} as const;

export type Person = keyof typeof people;

/** A decision for a step, from the step's own published examples (one per outcome). */
export function decision(step: string, outcome?: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const definition = avrrSteps.find((candidate) => candidate.step === step);
  if (!definition) throw new Error(`no step ${step}`);
  const example = definition.examples.find((e) => outcome === undefined || e.outcome === outcome);
  if (!example) throw new Error(`no example of ${step} with outcome ${outcome}`);
  return { ...example, ...overrides };
}

/** The day the published departure and arrival examples name: a scenario's decisions stand it for "today". */
export const EXAMPLE_TRAVEL_DAY = '2027-01-15';

/**
 * The decision with the published example's travel day (departure, arrival) replaced by `day`: the
 * system refuses a day in the future, or before the approval or the departure.
 */
export function onDay(body: Record<string, unknown>, day: string): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(body).map(([key, value]) => [
      key,
      (key === 'departedOn' || key === 'arrivedOn') && value === EXAMPLE_TRAVEL_DAY ? day : value,
    ]),
  );
}

/** Today in Morocco on the local system's clock. */
export async function localToday(system: TestSystem): Promise<string> {
  const response = await http(system, 'GET', '/_local/clock');
  return missionDate(new Date((response.body as { now: string }).now));
}

/**
 * Call at the top of a scenario file: a driver on a local system started before the file's tests
 * and stopped after them.
 */
export function avrrScenario(): AvrrDriver {
  const driver = new AvrrDriver();
  beforeAll(async () => {
    driver.attach(await startTestSystem());
  });
  afterAll(async () => {
    await driver.detach()?.stop();
  });
  return driver;
}

export class AvrrDriver {
  #system: TestSystem | undefined;

  constructor(system?: TestSystem) {
    this.#system = system;
  }

  /** The local system driven. */
  get system(): TestSystem {
    if (!this.#system) throw new Error('The local system is not started');
    return this.#system;
  }

  attach(system: TestSystem): void {
    this.#system = system;
  }

  /** Lets go of the system (if any), to be stopped by the caller. */
  detach(): TestSystem | undefined {
    const system = this.#system;
    this.#system = undefined;
    return system;
  }

  /** Stops the whole local system and starts it again from its data folder. */
  async restart(): Promise<void> {
    this.#system = await this.system.restart();
  }

  /** A fresh token each time: tokens expire on the local clock, which the scenarios move by months. */
  async token(person: Person): Promise<string> {
    const { sub, groups } = people[person];
    return devToken(this.system, sub, [...groups]);
  }

  /** A web form submits the published AVRR example; answers the new case's id. */
  async apply(overrides: Record<string, unknown> = {}): Promise<string> {
    const body = { ...(getForm('avrr-application')!.examples[0] as Record<string, unknown>), ...overrides };
    const response = await http(this.system, 'POST', '/forms/avrr-application/submissions', {
      body,
      headers: { 'idempotency-key': randomUUID() },
    });
    expect(response.status, response.text).toBe(201);
    return (response.body as { caseId: string }).caseId;
  }

  async view(caseId: string): Promise<CaseView> {
    const response = await http(this.system, 'GET', `/cases/${caseId}`, { token: await this.token('supervisor') });
    expect(response.status, response.text).toBe(200);
    return response.body as CaseView;
  }

  /** Lets the local runtime finish what is in flight (tasks opening, phases starting). */
  async settle(): Promise<void> {
    await http(this.system, 'POST', '/_local/clock', { body: { advanceBy: 'PT1S' } });
  }

  /** Moves the local clock to this time; everything due fires. */
  async clockTo(to: string): Promise<void> {
    const response = await http(this.system, 'POST', '/_local/clock', { body: { to } });
    expect(response.status, response.text).toBe(200);
  }

  /** Today in Morocco on the local clock. */
  async missionToday(): Promise<string> {
    return localToday(this.system);
  }

  async advance(duration: string): Promise<void> {
    const response = await http(this.system, 'POST', '/_local/clock', { body: { advanceBy: duration } });
    expect(response.status, response.text).toBe(200);
  }

  /** Waits until the case has an open task for this step, and answers its id. */
  async openTask(caseId: string, step: string): Promise<string> {
    for (let attempt = 0; attempt < 100; attempt++) {
      const found = (await this.view(caseId)).tasks.find((task) => task.step === step && task.status === 'open');
      if (found) return found.taskId;
      await this.settle();
    }
    throw new Error(`no open ${step} task on case ${caseId}: ${JSON.stringify((await this.view(caseId)).tasks)}`);
  }

  async complete(taskId: string, as: Person, body: Record<string, unknown>) {
    return http(this.system, 'POST', `/tasks/${taskId}/complete`, {
      body: { decision: await this.dated(body) },
      token: await this.token(as),
    });
  }

  /** The decision with the examples' travel day replaced by today on the local clock (`onDay`). */
  async dated(body: Record<string, unknown>): Promise<Record<string, unknown>> {
    return onDay(body, await localToday(this.system));
  }

  /** Opens the step's task, completes it and expects success. */
  async step(caseId: string, step: string, as: Person, body: Record<string, unknown>): Promise<string> {
    const taskId = await this.openTask(caseId, step);
    const response = await this.complete(taskId, as, body);
    expect(response.status, `${step}: ${response.text}`).toBe(200);
    return taskId;
  }

  async waitUntil(caseId: string, predicate: (view: CaseView) => boolean, what: string): Promise<CaseView> {
    for (let attempt = 0; attempt < 100; attempt++) {
      const view = await this.view(caseId);
      if (predicate(view)) return view;
      await this.settle();
    }
    throw new Error(`case ${caseId} never reached: ${what}; now ${JSON.stringify(await this.view(caseId))}`);
  }

  async closed(caseId: string, reason: string): Promise<CaseView> {
    const view = await this.waitUntil(caseId, (v) => v.status === 'closed', `closed (${reason})`);
    expect(view.closureReason).toBe(reason);
    return view;
  }

  async history(caseId: string): Promise<{ type: string; actor: { kind: string; id?: string }; details: Record<string, unknown> }[]> {
    const response = await http(this.system, 'GET', `/cases/${caseId}/history`, { token: await this.token('supervisor') });
    expect(response.status, response.text).toBe(200);
    const body = response.body as { events?: unknown[]; items?: unknown[] } | unknown[];
    return (Array.isArray(body) ? body : (body.events ?? body.items ?? [])) as never;
  }

  async outbox(
    caseId: string,
  ): Promise<
    { template: string; recipient: { kind: string; role?: string }; language: string; channel: string; params: Record<string, unknown> }[]
  > {
    const response = await http(this.system, 'GET', '/_local/outbox');
    return (response.body as { messages: (Record<string, unknown> & { caseId: string })[] }).messages.filter(
      (m) => m.caseId === caseId,
    ) as never;
  }

  /** Through screening and approval to the travel phase. */
  async approved(caseId: string, flags: { fitToTravelCheckRequired?: boolean; escortRequired?: boolean } = {}): Promise<void> {
    await this.step(caseId, 'screening', 'caseworker', decision('screening', 'eligible', flags));
    await this.step(caseId, 'approval', 'supervisor', decision('approval', 'approved'));
  }

  /** Travel preparation (document and ticket; medical and escort when flagged). */
  async prepared(caseId: string, flags: { fitToTravelCheckRequired?: boolean; escortRequired?: boolean } = {}): Promise<void> {
    await this.step(caseId, 'travel-document', 'caseworker', decision('travel-document', 'obtained'));
    if (flags.fitToTravelCheckRequired) await this.step(caseId, 'fit-to-travel', 'caseworker', decision('fit-to-travel', 'fit'));
    if (flags.escortRequired) await this.step(caseId, 'escort', 'caseworker', decision('escort'));
    await this.step(caseId, 'ticket', 'caseworker', decision('ticket'));
  }
}
