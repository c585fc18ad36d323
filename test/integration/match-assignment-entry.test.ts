// One assignment entry on DynamoDB Local: the entry matching writes in the confirmation's transaction
// (the need case's store, `extra.assignments`) is the one the assignment workflow reads and moves over
// its version, and the one GET /experts/{caseId}/assignments maps from the expert's partition.
import { beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { getForm } from '../../domain/forms/index.ts';
import { submitForm } from '../../domain/intake/submit-form.ts';
import { event, system } from '../../domain/cases/case-actions.ts';
import type { NeedFacts } from '../../domain/migration-development/need-case-actions.ts';
import { confirmedAssignment, moveEntry } from '../../domain/migration-development/assignment-case-actions.ts';
import { DynamoIntakeStore } from '../../functions/adapters/dynamodb/intake-store.ts';
import { DynamoCaseStore } from '../../functions/adapters/dynamodb/case-store.ts';
import { DynamoAssignmentStore } from '../../functions/adapters/dynamodb/assignment-store.ts';
import { assignmentFromItem } from '../../functions/adapters/dynamodb/items.ts';
import { keys } from '../../functions/adapters/dynamodb/keys.ts';
import { queryAll } from '../../functions/adapters/dynamodb/query.ts';
import { freshTable } from '../support/table.ts';
import { localFieldCipher } from '../support/field-key.ts';
import { testNotice } from '../support/notice.ts';

let documentClient: DynamoDBDocumentClient;
let tableName: string;
let cases: DynamoCaseStore;
let assignments: DynamoAssignmentStore;
const clock = new Date('2026-08-03T09:00:00Z');
const now = () => clock;

beforeAll(async () => {
  ({ tableName, documentClient } = await freshTable());
  cases = new DynamoCaseStore(documentClient, tableName, localFieldCipher());
  assignments = new DynamoAssignmentStore(documentClient, tableName);
});

/** A submitted host need, validated (open for matching), as the need workflow leaves it. */
async function needOpenForMatching(): Promise<{ caseId: string; need: NeedFacts }> {
  const body = getForm('host-institution-need')!.examples[0];
  const { receipt } = await submitForm(
    {
      formId: 'host-institution-need',
      rawBody: JSON.stringify(body),
      body,
      idempotencyKey: `it-${randomUUID()}`,
      language: 'fr',
      notice: testNotice,
    },
    { store: new DynamoIntakeStore(documentClient, tableName, localFieldCipher()), now },
  );
  const found = (await cases.getCase(receipt.caseId))!;
  const at = clock.toISOString();
  const need: NeedFacts = {
    status: 'open-for-matching',
    validationTaskId: `task-${randomUUID()}`,
    validatedAt: at,
    validatedOn: at.slice(0, 10),
    sector: 'health',
    skillKeys: ['cybersecurite'],
    languages: ['fr'],
    mode: 'remote',
    durationWeeks: 6,
    window: { from: '2026-09-01', to: '2026-10-12' },
  };
  await cases.updateCase(
    found,
    { facts: { ...found.facts, need }, stage: 'open-for-matching', updatedAt: at },
    event(found.caseId, at, 'need.validated', system, {}),
  );
  return { caseId: receipt.caseId, need };
}

describe('an expert’s assignment entry', () => {
  it('written by the confirmation’s transaction, moved by the workflow through to completed, listed as moved', async () => {
    const { caseId, need } = await needOpenForMatching();
    const expertCaseId = randomUUID();
    const found = (await cases.getCase(caseId))!;
    const at = '2026-08-03T10:00:00.000Z';
    // What confirmMatch writes: the need matched and, in the same transaction, the expert's entry.
    const written = await cases.updateCase(
      found,
      { facts: { ...found.facts, need: { ...need, status: 'matched' } }, stage: 'matched', updatedAt: at },
      event(caseId, at, 'match.confirmed', system, { candidateKind: 'expert', candidateCaseId: expertCaseId }),
      { assignments: [confirmedAssignment(need, found, expertCaseId, at)] },
    );
    expect(written).toBe(true);

    const deps = { store: cases, assignments, now: () => new Date('2026-09-01T08:00:00Z') };
    await moveEntry(deps, expertCaseId, caseId, 'in-progress', { startedOn: '2026-09-01' });
    await moveEntry({ ...deps, now: () => new Date('2026-10-12T17:00:00Z') }, expertCaseId, caseId, 'completed', { endedOn: '2026-10-12' });

    const listed = (await queryAll(documentClient, tableName, keys.assignmentsOfExpert(expertCaseId))).map(assignmentFromItem);
    expect(listed).toEqual([
      {
        expertCaseId,
        needCaseId: caseId,
        needReference: found.reference,
        status: 'completed',
        mode: 'remote',
        window: { from: '2026-09-01', to: '2026-10-12' },
        durationWeeks: 6,
        sector: 'health',
        confirmedAt: at,
        startedOn: '2026-09-01',
        endedOn: '2026-10-12',
        updatedAt: '2026-10-12T17:00:00.000Z',
        version: 3,
      },
    ]);
  });
});
