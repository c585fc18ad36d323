// The phase a case is in: each execution records itself as it starts (the `execution` case action),
// a retry writes nothing, a closed case keeps the execution it closed in and reads as `closed`.
import { describe, expect, it } from 'vitest';
import { closeCase, recordExecution } from '../../../domain/cases/case-actions.ts';
import { workflowView, type CaseRecord } from '../../../domain/cases/model.ts';
import { MemoryCaseStore } from '../../support/memory-case-store.ts';

const caseId = '30000000-0000-4000-a000-000000000001';
const NOW = new Date('2027-01-10T10:00:00.000Z');
const avrrCase = (): CaseRecord => ({
  caseId,
  reference: 'AVRR-2026-000001',
  programme: 'avrr',
  caseType: 'avrr',
  formId: 'avrr-application',
  formVersion: 1,
  stage: 'approval',
  status: 'open',
  facts: {},
  createdAt: '2026-12-01T08:00:00.000Z',
  updatedAt: '2026-12-01T08:00:00.000Z',
  version: 3,
  workflow: { phase: 'return', executionName: `${caseId}-return` },
});

describe('the phase a case is in', () => {
  it('the travel phase records itself as it starts, the stage unchanged; a retry writes nothing', async () => {
    const store = new MemoryCaseStore(avrrCase());
    const deps = { store, now: () => NOW };
    await recordExecution({ caseId, phase: 'travel', executionName: `${caseId}-travel` }, deps);
    await recordExecution({ caseId, phase: 'travel', executionName: `${caseId}-travel` }, deps);
    expect(store.record.workflow).toEqual({ phase: 'travel', executionName: `${caseId}-travel` });
    expect(store.record.stage).toBe('approval');
    expect(store.events.map((e) => [e.type, e.details])).toEqual([
      ['case.execution-started', { phase: 'travel', executionName: `${caseId}-travel`, stage: 'approval' }],
    ]);
    expect(workflowView(store.record)).toEqual({ phase: 'travel', executionName: `${caseId}-travel` });
  });

  it('once closed: `closed`, with the phase and execution it closed in; a late execution changes nothing', async () => {
    const store = new MemoryCaseStore(avrrCase());
    const deps = { store, now: () => NOW };
    await recordExecution({ caseId, phase: 'check-in', executionName: `${caseId}-checkin-12` }, deps);
    await closeCase({ caseId, reason: 'reintegration-completed' }, deps);
    await recordExecution({ caseId, phase: 'check-in', executionName: `${caseId}-checkin-99` }, deps);
    expect(store.record.workflow).toEqual({ phase: 'check-in', executionName: `${caseId}-checkin-12` });
    expect(workflowView(store.record)).toEqual({ phase: 'closed', lastPhase: 'check-in', executionName: `${caseId}-checkin-12` });
  });
});
