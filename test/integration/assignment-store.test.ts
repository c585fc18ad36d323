// Experts' assignments on DynamoDB Local: matching's entry written once, moved over the version read
// (a stale version refused, nothing written), an expert's assignments read with one Query beside
// their register entry, and the moves of the assignment's case actions end to end on the table.
import { beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { freshTable } from '../support/table.ts';
import { DynamoAssignmentStore } from '../../functions/adapters/dynamodb/assignment-store.ts';
import { moveAssignment, moveEntry, type AssignmentEntry } from '../../domain/migration-development/assignment-case-actions.ts';

let store: DynamoAssignmentStore;

beforeAll(async () => {
  const { documentClient, tableName } = await freshTable();
  store = new DynamoAssignmentStore(documentClient, tableName);
});

const entry = (expertCaseId: string, over: Partial<AssignmentEntry> = {}): AssignmentEntry => ({
  expertCaseId,
  needCaseId: randomUUID(),
  needReference: 'NEED-2026-000001',
  status: 'confirmed',
  mode: 'remote',
  window: { from: '2026-09-01', to: '2026-11-30' },
  durationWeeks: 12,
  sector: 'health',
  confirmedAt: '2026-08-01T10:00:00.000Z',
  updatedAt: '2026-08-01T10:00:00.000Z',
  version: 1,
  ...over,
});

describe('assignment store', () => {
  it('writes matching’s entry once and reads it back as written', async () => {
    const first = entry(randomUUID());
    expect(await store.putAssignment(first)).toBe('written');
    expect(await store.putAssignment({ ...first, status: 'completed' })).toBe('exists');
    expect(await store.getAssignment(first.expertCaseId, first.needCaseId)).toEqual(first);
  });

  it('moves an entry only over the version it read', async () => {
    const first = entry(randomUUID());
    await store.putAssignment(first);
    const started = moveAssignment(first, 'in-progress', { startedOn: '2026-09-01' }) as AssignmentEntry;
    expect(await store.updateAssignment(started, 1)).toBe('updated');
    const stale = moveAssignment(first, 'ended-early') as AssignmentEntry;
    expect(await store.updateAssignment(stale, 1)).toBe('stale');
    expect(await store.getAssignment(first.expertCaseId, first.needCaseId)).toMatchObject({
      status: 'in-progress',
      startedOn: '2026-09-01',
      version: 2,
    });
    expect(await store.updateAssignment(entry(randomUUID()), 1)).toBe('stale');
  });

  it('an expert holds several assignments over the years, one Query of their partition', async () => {
    const expertCaseId = randomUUID();
    const one = entry(expertCaseId, { status: 'completed', window: { from: '2025-03-01', to: '2025-04-30' } });
    const two = entry(expertCaseId);
    await store.putAssignment(one);
    await store.putAssignment(two);
    await store.putAssignment(entry(randomUUID()));
    const held = await store.assignmentsOf(expertCaseId);
    expect(held.map((a) => a.needCaseId).sort()).toEqual([one.needCaseId, two.needCaseId].sort());
  });

  it('the case actions’ move: confirmed → in-progress → completed, a retry writes nothing', async () => {
    const first = entry(randomUUID());
    await store.putAssignment(first);
    const deps = { store: undefined as never, assignments: store, now: () => new Date('2026-09-30T10:00:00Z') };
    await moveEntry(deps, first.expertCaseId, first.needCaseId, 'in-progress', { startedOn: '2026-09-01' });
    await moveEntry(deps, first.expertCaseId, first.needCaseId, 'completed', { endedOn: '2026-09-29' });
    await moveEntry(deps, first.expertCaseId, first.needCaseId, 'completed', { endedOn: '2026-09-29' });
    expect(await store.getAssignment(first.expertCaseId, first.needCaseId)).toMatchObject({
      status: 'completed',
      startedOn: '2026-09-01',
      endedOn: '2026-09-29',
      version: 3,
    });
  });
});
