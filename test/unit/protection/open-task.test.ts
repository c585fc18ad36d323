// A protection step opened by the workflow: a high-risk registration due in 3 hours is reminded and
// escalated within hours; a service's delivery step carries its service.
import { describe, expect, it } from 'vitest';
import { openTask, type OpenTaskStore, type ReminderScheduler } from '../../../domain/tasks/open-task.ts';
import type { CaseEvent, CaseRecord } from '../../../domain/cases/model.ts';
import type { ReminderKind, TaskRecord } from '../../../domain/tasks/model.ts';

const caseId = '30000000-0000-4000-a000-000000000001';
const now = new Date('2026-12-01T08:00:00.000Z');
const found = {
  caseId,
  reference: 'PROT-2026-000001',
  programme: 'protection',
  caseType: 'protection',
  facts: {},
  consents: [],
} as unknown as CaseRecord;

function harness() {
  const stored: { task?: TaskRecord; event?: CaseEvent } = {};
  const scheduled: { kind: ReminderKind; at: string }[] = [];
  const store: OpenTaskStore = {
    getCase: async () => found,
    openTask: async (task, _token, _stage, event) => {
      Object.assign(stored, { task, event });
      return 'created';
    },
  };
  const reminders: ReminderScheduler = {
    schedule: async (_task, list) => void scheduled.push(...list.map((r) => ({ kind: r.kind, at: r.at.toISOString() }))),
  };
  return { stored, scheduled, deps: { store, reminders, now: () => now } };
}

describe('protection steps opened', () => {
  it('a registration due in 3 hours: reminded at 1 h 30, overdue at 3 h, escalated to supervisors at 6 h', async () => {
    const { stored, scheduled, deps } = harness();
    await openTask(
      { token: 't', stateEntry: 'exec#Registration#1', caseId, phase: 'main', step: 'registration', dueAt: '2026-12-01T11:00:00.000Z' },
      deps,
    );
    expect(stored.task).toMatchObject({ step: 'registration', roles: ['caseworker'], dueAt: '2026-12-01T11:00:00.000Z' });
    expect(scheduled).toEqual([
      { kind: 'due-soon', at: '2026-12-01T09:30:00.000Z' },
      { kind: 'overdue', at: '2026-12-01T11:00:00.000Z' },
      { kind: 'escalation', at: '2026-12-01T14:00:00.000Z' },
    ]);
  });

  it("a service's delivery step carries its service id, in the task and its history event", async () => {
    const { stored, deps } = harness();
    const serviceId = '11111111-1111-4111-a111-111111111111';
    await openTask(
      {
        token: 't',
        stateEntry: `exec#Service delivery#1#${serviceId}`,
        caseId,
        phase: 'main',
        step: 'service-delivery',
        serviceId,
        dueAt: '2026-12-01T11:00:00.000Z',
      },
      deps,
    );
    expect(stored.task).toMatchObject({ step: 'service-delivery', serviceId, roles: ['caseworker', 'partner'] });
    expect(stored.event?.details).toMatchObject({ step: 'service-delivery', serviceId });
  });
});
