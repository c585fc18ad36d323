// Who may see and change an association record. Mission staff (caseworkers, supervisors,
// administrators) read every association; a partner user reads only its own (the one named by its
// `partnerId`), and is told nothing about the others: any other is "not found", never "forbidden".
// Administrators and supervisors create and change them.
import { hasAnyRole, isDetachedPartner, isStaff, partnerOf, type Caller } from '../access/roles.ts';
import type { AssociationRecord } from './association.ts';

/**
 * The caller as every access rule sees them. A partner user acts for their association only while
 * it is a registered, active record: a deactivated or unregistered association's users act for
 * none (`partnerId` absent), so they see nothing and act on nothing (its cases, tasks, queues,
 * record) until it is active again. `association` is the record named by the caller's `partnerId`
 * (undefined when there is none). Mission staff and other callers are unchanged.
 */
export function actingCaller(caller: Caller, association: Pick<AssociationRecord, 'associationId' | 'status'> | undefined): Caller {
  const claimed = partnerOf(caller);
  if (claimed === undefined) return caller;
  if (association?.associationId === claimed && association.status === 'active') return caller;
  const { partnerId: _detached, ...rest } = caller;
  return rest;
}

/**
 * What of the associations the caller may read: all of them, one, nothing (a partner user whose
 * association is not an active record: every association is "not found" to them), or none (a
 * refusal of role).
 */
export type AssociationScope = { kind: 'all' } | { kind: 'own'; associationId: string } | { kind: 'nothing' } | { kind: 'none' };

export function associationScope(caller: Caller): AssociationScope {
  if (isStaff(caller)) return { kind: 'all' };
  if (isDetachedPartner(caller)) return { kind: 'nothing' };
  const own = partnerOf(caller);
  return own === undefined ? { kind: 'none' } : { kind: 'own', associationId: own };
}

/** Whether the caller may read this association (false: answer as if it did not exist). */
export function mayReadAssociation(scope: AssociationScope, associationId: string): boolean {
  return scope.kind === 'all' || (scope.kind === 'own' && scope.associationId === associationId);
}

export function mayManageAssociations(caller: Caller): boolean {
  return hasAnyRole(caller, 'admin', 'supervisor');
}

/**
 * Who may submit an association's form on its behalf: mission staff, or the association's own
 * staff. Same scope as reading it: another association's user is told nothing (not found).
 */
export const maySubmitFor = mayReadAssociation;
