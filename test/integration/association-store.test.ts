// Partner associations on DynamoDB Local: a create never overwrites, an update only the version it
// read, the list pages through one partition, and an association's cases are those intake listed
// under it (read with their stage and status).
import { beforeAll, describe, expect, it } from 'vitest';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { getForm } from '../../domain/forms/index.ts';
import { submitForm } from '../../domain/intake/submit-form.ts';
import { changedAssociation, newAssociation, exampleAssociation, type AssociationCreate } from '../../domain/associations/association.ts';
import { DynamoAssociationStore } from '../../functions/adapters/dynamodb/association-store.ts';
import { DynamoIntakeStore } from '../../functions/adapters/dynamodb/intake-store.ts';
import { freshTable, registeredAssociation } from '../support/table.ts';
import { localFieldCipher } from '../support/field-key.ts';
import { testNotice } from '../support/notice.ts';

let tableName: string;
let documentClient: DynamoDBDocumentClient;
let associations: DynamoAssociationStore;
const NOW = new Date('2026-12-01T09:00:00Z');
const input = (associationId: string): AssociationCreate => ({ ...exampleAssociation, associationId });

beforeAll(async () => {
  ({ tableName, documentClient } = await freshTable());
  associations = new DynamoAssociationStore(documentClient, tableName);
});

describe('an association record', () => {
  it('is created once: a second create of the id changes nothing', async () => {
    const first = newAssociation(input('asso-create-once'), 'admin-1', NOW);
    expect(await associations.create(first)).toBe('created');
    const second = newAssociation({ ...input('asso-create-once'), name: 'Autre nom' }, 'admin-2', NOW);
    expect(await associations.create(second)).toBe('exists');
    expect(await associations.get('asso-create-once', true)).toEqual(first);
  });

  it('is updated only from the version read: two changes from one read, the second is stale', async () => {
    const created = newAssociation(input('asso-update-race'), 'admin-1', NOW);
    await associations.create(created);
    const { associationId: _id, ...details } = input('asso-update-race');
    const one = changedAssociation(created, { ...details, status: 'inactive', version: 1 }, 'sup-1', NOW);
    const two = changedAssociation(created, { ...details, name: 'Nouveau nom', status: 'active', version: 1 }, 'sup-2', NOW);
    if (one === 'stale' || two === 'stale') throw new Error('both from the current version');
    expect(await associations.update(one, 1)).toBe('updated');
    expect(await associations.update(two, 1)).toBe('stale');
    expect(await associations.get('asso-update-race', true)).toMatchObject({ status: 'inactive', version: 2, updatedBy: 'sup-1' });
  });

  it('is listed by id, page by page, without a repeat or a gap', async () => {
    const ids = Array.from({ length: 7 }, (_, i) => `asso-list-${String(i).padStart(2, '0')}`);
    for (const id of ids) await associations.create(newAssociation(input(id), 'admin-1', NOW));
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await associations.list({ limit: 3, ...(cursor ? { cursor } : {}) });
      expect(page.items.length).toBeLessThanOrEqual(3);
      seen.push(...page.items.map((a) => a.associationId));
      cursor = page.next;
      pages++;
    } while (cursor && pages < 20);
    expect(seen.filter((id) => id.startsWith('asso-list-'))).toEqual(ids);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).toEqual([...seen].sort());
  });
});

describe('the cases of an association', () => {
  it('are the ones opened for it, with their stage and status, page by page', async () => {
    const intake = new DynamoIntakeStore(documentClient, tableName, localFieldCipher());
    const submit = async (key: string, partnerId?: string) => {
      if (partnerId) await registeredAssociation(documentClient, tableName, partnerId);
      return submitForm(
        {
          formId: 'youth-enrolment',
          rawBody: '{}',
          body: getForm('youth-enrolment')!.examples[0],
          idempotencyKey: key,
          language: 'fr',
          notice: testNotice,
          ...(partnerId ? { partnerId, submittedBy: 'u-1' } : {}),
        },
        { store: intake, now: () => NOW },
      );
    };
    const mine = [
      (await submit('it-asso-case-1', 'asso-with-cases')).receipt,
      (await submit('it-asso-case-2', 'asso-with-cases')).receipt,
      (await submit('it-asso-case-3', 'asso-with-cases')).receipt,
    ];
    await submit('it-asso-case-4', 'asso-other');
    const first = await associations.cases('asso-with-cases', { limit: 2 });
    expect(first.items).toHaveLength(2);
    expect(first.next).toBeDefined();
    const second = await associations.cases('asso-with-cases', { limit: 2, cursor: first.next! });
    const listed = [...first.items, ...second.items];
    expect(listed.map((c) => c.caseId).sort()).toEqual(mine.map((r) => r.caseId).sort());
    expect(second.next).toBeUndefined();
    for (const item of listed) {
      expect(Object.keys(item).sort()).toEqual(['caseId', 'caseType', 'createdAt', 'programme', 'reference', 'stage', 'status']);
      expect(item).toMatchObject({ caseType: 'youth-enrolment', stage: 'submitted', status: 'open' });
    }
    expect((await associations.cases('asso-without-cases', { limit: 10 })).items).toEqual([]);
  });
});
