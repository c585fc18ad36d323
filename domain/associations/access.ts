// Who may see and change an association record. Mission staff (caseworkers, supervisors,
// administrators) read every association; a partner user reads only its own (the one named by its
// `partnerId`), and is told nothing about the others: any other is "not found", never "forbidden".
// Administrators and supervisors create and change them.
import { hasAnyRole, isStaff, partnerOf, type Caller } from '../access/roles.ts';

/** What of the associations the caller may read: all of them, one, or none (a refusal of role). */
export type AssociationScope = { kind: 'all' } | { kind: 'own'; associationId: string } | { kind: 'none' };

export function associationScope(caller: Caller): AssociationScope {
  if (isStaff(caller)) return { kind: 'all' };
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
