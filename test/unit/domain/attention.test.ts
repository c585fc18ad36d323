// A case whose workflow failed (domain/cases/attention.ts): flagged once per state entry with the
// state and the error's name only, resolved by a supervisor (the flag cleared, the decision and a
// retry counted), and the step refusing a retry once none is left.
import { describe, expect, it } from 'vitest';
import { attentionStep, errorCode, flagAttention, MAX_ATTENTION_RETRIES, resolveAttention } from '../../../domain/cases/attention.ts';
import type { CaseRecord } from '../../../domain/cases/model.ts';
import { stepDefinition } from '../../../domain/tasks/steps.ts';
import { MemoryCaseStore } from '../../support/memory-case-store.ts';

const caseId = '6f1d2c3b-4a5e-4f60-9a7b-8c9d0e1f2a3b';
const NOW = new Date('2026-12-02T10:00:00.000Z');
const open: CaseRecord = {
  caseId,
  reference: 'PROT-2026-000001',
  programme: 'protection',
  caseType: 'protection',
  formId: 'protection-referral',
  formVersion: 1,
  stage: 'assessment',
  status: 'open',
  facts: {},
  createdAt: NOW.toISOString(),
  updatedAt: NOW.toISOString(),
  version: 1,
};
const deps = (store: MemoryCaseStore) => ({ store, now: () => NOW });
const flag = { caseId, state: 'Record assessment', error: 'CaseConflict', flagId: 'exec-1#Needs attention#2026-12-02T10:00:00Z' };

describe('needs attention', () => {
  it('flags the case with the state and the error name, once per state entry', async () => {
    const store = new MemoryCaseStore(structuredClone(open));
    expect(await flagAttention(flag, deps(store))).toEqual({
      retriesLeft: MAX_ATTENTION_RETRIES,
      stage: 'assessment',
      programme: 'protection',
      flagged: true,
    });
    expect(store.record.attention).toEqual({
      state: 'Record assessment',
      error: 'CaseConflict',
      at: NOW.toISOString(),
      flagId: flag.flagId,
    });
    expect(store.record.stage).toBe('assessment');
    expect(store.events.map((e) => [e.type, e.details])).toEqual([
      ['case.needs-attention', { state: 'Record assessment', error: 'CaseConflict', retriesLeft: MAX_ATTENTION_RETRIES }],
    ]);
    // The same invocation retried: nothing more written, no second metric.
    expect((await flagAttention(flag, deps(store))).flagged).toBe(false);
    expect(store.events).toHaveLength(1);
  });

  it('records an error name as a code: anything else in its place (a message) is recorded as Unknown', async () => {
    expect(errorCode('States.TaskFailed')).toBe('States.TaskFailed');
    expect(errorCode('Amina Benali, born 2010')).toBe('Unknown');
    expect(errorCode('x'.repeat(200))).toBe('Unknown');
    expect(errorCode('')).toBe('Unknown');
    const store = new MemoryCaseStore(structuredClone(open));
    await flagAttention({ ...flag, error: 'Amina Benali, born 2010' }, deps(store));
    expect(JSON.stringify(store.record)).not.toContain('Amina');
    expect(JSON.stringify(store.events)).not.toContain('Amina');
  });

  it('a retry clears the flag, is recorded and counted; a second resolution writes nothing', async () => {
    const store = new MemoryCaseStore(structuredClone(open));
    await flagAttention(flag, deps(store));
    await resolveAttention({ caseId, outcome: 'retry', taskId: 'task-1', completedBy: 'supervisor-1' }, deps(store));
    expect(store.record.attention).toBeUndefined();
    expect(store.record.attentionRetries).toBe(1);
    expect(store.events.at(-1)).toMatchObject({
      type: 'case.attention-resolved',
      actor: { kind: 'staff', id: 'supervisor-1' },
      details: { state: 'Record assessment', error: 'CaseConflict', outcome: 'retry', taskId: 'task-1' },
    });
    await resolveAttention({ caseId, outcome: 'retry', taskId: 'task-1', completedBy: 'supervisor-1' }, deps(store));
    expect(store.events).toHaveLength(2);
    expect(store.record.attentionRetries).toBe(1);
  });

  it('after the last retry only closing is left', async () => {
    const store = new MemoryCaseStore({ ...structuredClone(open), attentionRetries: MAX_ATTENTION_RETRIES });
    expect((await flagAttention(flag, deps(store))).retriesLeft).toBe(0);
    await resolveAttention({ caseId, outcome: 'close', taskId: 'task-2' }, deps(store));
    expect(store.record.attentionRetries).toBe(MAX_ATTENTION_RETRIES);
    expect(store.record.attention).toBeUndefined();
    const check = attentionStep.checkInContext!;
    expect(check({ outcome: 'retry' }, { retriesLeft: 0 }, NOW).map((issue) => issue.code)).toEqual(['no_retry_left']);
    expect(check({ outcome: 'retry' }, { retriesLeft: 1 }, NOW)).toEqual([]);
    expect(check({ outcome: 'close' }, { retriesLeft: 0 }, NOW)).toEqual([]);
  });

  it('is a step of every programme: for supervisors, retry or close', () => {
    const step = stepDefinition('attention-resolve')!;
    expect(step.roles).toEqual(['supervisor']);
    expect(step.decision.safeParse({ outcome: 'retry' }).success).toBe(true);
    expect(step.decision.safeParse({ outcome: 'close' }).success).toBe(true);
    expect(step.decision.safeParse({ outcome: 'ignore' }).success).toBe(false);
  });
});
