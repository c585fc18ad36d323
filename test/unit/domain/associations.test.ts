// Partner associations as records: who reads which, who changes them, their schemas and errors.
import { describe, expect, it } from 'vitest';
import { associationScope, mayManageAssociations, mayReadAssociation, maySubmitFor } from '../../../domain/associations/access.ts';
import {
  changedAssociation,
  checkAssociationCreate,
  checkAssociationUpdate,
  exampleAssociation,
  newAssociation,
  submissionRefusal,
} from '../../../domain/associations/association.ts';
import type { Caller } from '../../../domain/access/roles.ts';

const A = 'asso-jeunesse-avenir-sale';
const B = 'association-tadamoun-oujda';
const caller = (groups: Caller['groups'], partnerId?: string): Caller => ({ sub: 'u', groups, ...(partnerId ? { partnerId } : {}) });
const NOW = new Date('2026-05-01T10:00:00Z');

describe('who reads an association', () => {
  it('mission staff read every one; a partner user its own only; a partner acting for none, nothing; others none', () => {
    for (const role of ['caseworker', 'supervisor', 'admin'] as const) {
      const scope = associationScope(caller([role]));
      expect(mayReadAssociation(scope, A) && mayReadAssociation(scope, B)).toBe(true);
    }
    const partnerA = associationScope(caller(['partner'], A));
    expect(partnerA).toEqual({ kind: 'own', associationId: A });
    expect(mayReadAssociation(partnerA, A)).toBe(true);
    expect(mayReadAssociation(partnerA, B)).toBe(false);
    expect(maySubmitFor(partnerA, B)).toBe(false);
    // The group makes a partner, not the claim; the data-protection officer is not casework staff.
    expect(associationScope(caller([], A))).toEqual({ kind: 'none' });
    expect(associationScope(caller(['data-protection']))).toEqual({ kind: 'none' });
    // A partner user acting for no association (none set, or not an active record): reads nothing, every association not found.
    const detached = associationScope(caller(['partner']));
    expect(detached).toEqual({ kind: 'nothing' });
    expect(mayReadAssociation(detached, A)).toBe(false);
  });

  it('administrators and supervisors create and change them; nobody else', () => {
    expect(mayManageAssociations(caller(['admin']))).toBe(true);
    expect(mayManageAssociations(caller(['supervisor']))).toBe(true);
    for (const groups of [['caseworker'], ['partner'], ['data-protection'], []] as Caller['groups'][])
      expect(mayManageAssociations(caller(groups, A))).toBe(false);
  });
});

describe('the association schemas', () => {
  it('accept the example and make it an active record at version 1', () => {
    const checked = checkAssociationCreate(exampleAssociation, 'fr');
    expect(checked.ok).toBe(true);
    if (!checked.ok) return;
    expect(newAssociation(checked.value, 'admin-1', NOW)).toMatchObject({
      associationId: A,
      status: 'active',
      version: 1,
      createdBy: 'admin-1',
    });
  });

  it('list every field error, localized with the field’s label', () => {
    const bad = {
      associationId: 'Asso Salé',
      name: '',
      city: 'paris',
      registrationNumber: 'R1',
      contactPeople: [{ givenNames: 'Naima', familyName: 'Bennani', position: 'Présidente', phone: '0661', email: 'nope' }],
      extra: true,
    };
    const fr = checkAssociationCreate(bad, 'fr');
    const ar = checkAssociationCreate(bad, 'ar');
    expect(fr.ok || ar.ok).toBe(false);
    if (fr.ok || ar.ok) return;
    expect(fr.errors.map((e) => e.pointer).sort()).toEqual(
      ['/associationId', '/city', '/contactPeople/0/email', '/contactPeople/0/phone', '/extra', '/name'].sort(),
    );
    expect(fr.errors.find((e) => e.pointer === '/city')!.message).toContain('Ville du siège');
    expect(ar.errors.find((e) => e.pointer === '/city')!.message).toContain('مدينة المقر');
    expect(checkAssociationCreate({ ...exampleAssociation, contactPeople: [] }, 'en')).toMatchObject({ ok: false });
    const six = Array.from({ length: 6 }, () => exampleAssociation.contactPeople[0]!);
    expect(checkAssociationCreate({ ...exampleAssociation, contactPeople: six }, 'en')).toMatchObject({ ok: false });
  });
});

describe('changing an association', () => {
  const valid = checkAssociationCreate(exampleAssociation, 'fr');
  if (!valid.ok) throw new Error('the example is valid');
  const current = newAssociation(valid.value, 'admin-1', NOW);
  const { associationId: _id, ...details } = exampleAssociation;

  it('from the current version: the next version, deactivated', () => {
    const input = checkAssociationUpdate({ ...details, status: 'inactive', version: 1 }, 'fr');
    expect(input.ok).toBe(true);
    if (!input.ok) return;
    const changed = changedAssociation(current, input.value, 'sup-1', new Date('2026-06-01T00:00:00Z'));
    expect(changed).toMatchObject({ associationId: A, status: 'inactive', version: 2, updatedBy: 'sup-1', createdBy: 'admin-1' });
    expect(submissionRefusal(changed === 'stale' ? undefined : changed)).toBe('inactive');
  });

  it('from a stale version: refused', () => {
    const input = checkAssociationUpdate({ ...details, status: 'active', version: 3 }, 'fr');
    if (!input.ok) throw new Error('valid');
    expect(changedAssociation(current, input.value, 'sup-1', NOW)).toBe('stale');
  });

  it('no association, or an inactive one, takes no submission', () => {
    expect(submissionRefusal(undefined)).toBe('unknown');
    expect(submissionRefusal(current)).toBeUndefined();
  });
});
