// A case whose workflow failed (domain/cases/attention.ts): flagged once per state entry with the
// state and the error's name only, each failure under its own flag id (two items of a Map failing at
// once: two flags), resolved by a supervisor one flag at a time (the decision and a retry counted),
// retries bounded per case however many flags are resolved at once, and the step refusing a retry
// once none is left.
import { describe, expect, it } from 'vitest';
import { attentionStep, errorCode, flagAttention, MAX_ATTENTION_RETRIES, resolveAttention } from '../../../domain/cases/attention.ts';
import { pendingAttention, type CaseRecord } from '../../../domain/cases/model.ts';
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
const flag = {
  caseId,
  state: 'Record assessment',
  error: 'CaseConflict',
  flagId: '0b8f5e0e-1c7a-4a53-9a43-3f0d7e4c2b11',
  entry: 'exec-1#Needs attention#2026-12-02T10:00:00Z',
};
/** A second failure at the same time: another item of the same Map. */
const other = {
  caseId,
  state: 'Record service',
  error: 'States.TaskFailed',
  flagId: '5d1c0a7e-2b3f-4c8d-8e9f-0a1b2c3d4e5f',
  entry: 'exec-1#Needs attention (Services)#2026-12-02T10:00:00Z',
};

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
      [flag.flagId]: { state: 'Record assessment', error: 'CaseConflict', at: NOW.toISOString(), entry: flag.entry },
    });
    expect(store.record.stage).toBe('assessment');
    expect(store.events.map((e) => [e.type, e.details])).toEqual([
      [
        'case.needs-attention',
        { state: 'Record assessment', error: 'CaseConflict', flagId: flag.flagId, retriesLeft: MAX_ATTENTION_RETRIES },
      ],
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
    const resolution = { caseId, flagId: flag.flagId, outcome: 'retry', taskId: 'task-1', completedBy: 'supervisor-1' } as const;
    expect(await resolveAttention(resolution, deps(store))).toEqual({ outcome: 'retry' });
    expect(pendingAttention(store.record.attention)).toEqual([]);
    expect(store.record.attentionRetries).toBe(1);
    expect(store.events.at(-1)).toMatchObject({
      type: 'case.attention-resolved',
      actor: { kind: 'staff', id: 'supervisor-1' },
      details: { state: 'Record assessment', error: 'CaseConflict', flagId: flag.flagId, outcome: 'retry', taskId: 'task-1' },
    });
    // Redelivered: the same answer, nothing written.
    expect(await resolveAttention(resolution, deps(store))).toEqual({ outcome: 'retry' });
    expect(store.events).toHaveLength(2);
    expect(store.record.attentionRetries).toBe(1);
  });

  it('after the last retry only closing is left', async () => {
    const store = new MemoryCaseStore({ ...structuredClone(open), attentionRetries: MAX_ATTENTION_RETRIES });
    expect((await flagAttention(flag, deps(store))).retriesLeft).toBe(0);
    // A retry asked for anyway (the step's check is made on the context of its opening): closed.
    expect(await resolveAttention({ caseId, flagId: flag.flagId, outcome: 'retry', taskId: 'task-2' }, deps(store))).toEqual({
      outcome: 'close',
    });
    expect(store.record.attentionRetries).toBe(MAX_ATTENTION_RETRIES);
    expect(pendingAttention(store.record.attention)).toEqual([]);
    expect(store.events.at(-1)?.details).toMatchObject({ outcome: 'close', requested: 'retry' });
    const check = attentionStep.checkInContext!;
    expect(check({ outcome: 'retry' }, { retriesLeft: 0 }, NOW).map((issue) => issue.code)).toEqual(['no_retry_left']);
    expect(check({ outcome: 'retry' }, { retriesLeft: 1 }, NOW)).toEqual([]);
    expect(check({ outcome: 'close' }, { retriesLeft: 0 }, NOW)).toEqual([]);
  });

  it('two failures at once (two items of a Map): two flags; resolving one leaves the other, whose resolution is recorded too', async () => {
    const store = new MemoryCaseStore(structuredClone(open));
    expect((await flagAttention(flag, deps(store))).flagged).toBe(true);
    expect((await flagAttention(other, deps(store))).flagged).toBe(true);
    expect(pendingAttention(store.record.attention).map((a) => [a.flagId, a.state, a.error])).toEqual([
      [flag.flagId, 'Record assessment', 'CaseConflict'],
      [other.flagId, 'Record service', 'States.TaskFailed'],
    ]);
    // The first resolved: its own state and error recorded; the second still needs attention.
    await resolveAttention({ caseId, flagId: flag.flagId, outcome: 'retry', taskId: 'task-1', completedBy: 'supervisor-1' }, deps(store));
    expect(store.events.at(-1)?.details).toMatchObject({ state: 'Record assessment', error: 'CaseConflict', taskId: 'task-1' });
    expect(pendingAttention(store.record.attention).map((a) => a.flagId)).toEqual([other.flagId]);
    // The first flag's invocation redelivered: nothing flagged again.
    expect((await flagAttention(flag, deps(store))).flagged).toBe(false);
    // The second resolved: recorded under its own task, with its own state and error.
    expect(
      await resolveAttention(
        { caseId, flagId: other.flagId, outcome: 'close', taskId: 'task-2', completedBy: 'supervisor-2' },
        deps(store),
      ),
    ).toEqual({ outcome: 'close' });
    expect(store.events.at(-1)).toMatchObject({
      type: 'case.attention-resolved',
      details: { state: 'Record service', error: 'States.TaskFailed', flagId: other.flagId, outcome: 'close', taskId: 'task-2' },
    });
    expect(pendingAttention(store.record.attention)).toEqual([]);
    expect(store.events.filter((e) => e.type === 'case.attention-resolved')).toHaveLength(2);
  });

  it('a failure flagged again after its task expired (a new entry of the flag state) is recorded again under the same flag', async () => {
    const store = new MemoryCaseStore(structuredClone(open));
    await flagAttention(flag, deps(store));
    expect((await flagAttention({ ...flag, entry: 'exec-1#Needs attention#2026-12-04T10:00:00Z' }, deps(store))).flagged).toBe(true);
    expect(Object.keys(store.record.attention ?? {})).toEqual([flag.flagId]);
    expect(store.events.filter((e) => e.type === 'case.needs-attention')).toHaveLength(2);
  });

  it('retries stay bounded per case when flags are resolved concurrently', async () => {
    const store = new MemoryCaseStore({ ...structuredClone(open), attentionRetries: MAX_ATTENTION_RETRIES - 1 });
    // Both flagged while one retry was left: both supervisors were offered it.
    expect((await flagAttention(flag, deps(store))).retriesLeft).toBe(1);
    expect((await flagAttention(other, deps(store))).retriesLeft).toBe(1);
    const outcomes = await Promise.all(
      [flag, other].map((f, i) => resolveAttention({ caseId, flagId: f.flagId, outcome: 'retry', taskId: `task-${i}` }, deps(store))),
    );
    expect(outcomes.map((o) => o.outcome).sort()).toEqual(['close', 'retry']);
    expect(store.record.attentionRetries).toBe(MAX_ATTENTION_RETRIES);
    expect(pendingAttention(store.record.attention)).toEqual([]);
  });

  it('is a step of every programme: for supervisors, retry or close', () => {
    const step = stepDefinition('attention-resolve')!;
    expect(step.roles).toEqual(['supervisor']);
    expect(step.decision.safeParse({ outcome: 'retry' }).success).toBe(true);
    expect(step.decision.safeParse({ outcome: 'close' }).success).toBe(true);
    expect(step.decision.safeParse({ outcome: 'ignore' }).success).toBe(false);
  });
});
