// Who people are to the system: the groups of the staff directory, and the caller as the access
// rules (cases.ts, tasks.ts) see them.
import type { Actor } from '../cases/model.ts';

/**
 * The groups of the staff directory (Cognito user pool groups, also the roles a task names).
 * `data-protection` is the data-protection officer's role (law 09-08): the staff access log and the
 * data subjects' requests, not casework.
 */
export const STAFF_ROLES = ['caseworker', 'supervisor', 'partner', 'admin', 'data-protection'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

/** The mission's own staff: every role but partner associations. Each has a work queue. */
export const MISSION_ROLES = ['caseworker', 'supervisor', 'admin'] as const satisfies readonly StaffRole[];
export type MissionRole = (typeof MISSION_ROLES)[number];

export function isStaffRole(value: string): value is StaffRole {
  return (STAFF_ROLES as readonly string[]).includes(value);
}

/** The person calling, as verified by the staff directory. */
export interface Caller {
  sub: string;
  groups: StaffRole[];
  partnerId?: string;
}

/** The caller's casework roles as mission staff (none for a partner association's user or the data-protection officer alone). */
export function missionRolesOf(caller: Pick<Caller, 'groups'>): MissionRole[] {
  return caller.groups.filter((group): group is MissionRole => (MISSION_ROLES as readonly string[]).includes(group));
}

/** The data-protection officer: reads the staff access log and handles the data subjects' requests. */
export function isDataProtectionOfficer(caller: Pick<Caller, 'groups'>): boolean {
  return caller.groups.includes('data-protection');
}

/** Mission casework staff, as opposed to a partner association's users (and the data-protection officer alone). */
export function isStaff(caller: Pick<Caller, 'groups'>): boolean {
  return missionRolesOf(caller).length > 0;
}

/**
 * The partner association the caller acts for, if they are a partner user with one. The HTTP
 * plumbing gives the domain a partner user's association only while it is a registered, active
 * record (domain/associations/access.ts, actingCaller): otherwise none, and they see nothing.
 */
export function partnerOf(caller: Caller): string | undefined {
  return caller.groups.includes('partner') ? caller.partnerId : undefined;
}

/** A partner user who acts for no association now (none set, not registered, or deactivated): sees nothing, acts on nothing. */
export function isDetachedPartner(caller: Caller): boolean {
  return caller.groups.includes('partner') && !isStaff(caller) && partnerOf(caller) === undefined;
}

export function hasAnyRole(caller: Pick<Caller, 'groups'>, ...roles: StaffRole[]): boolean {
  return caller.groups.some((group) => roles.includes(group));
}

/** The caller as recorded in a case's history: ids only. */
export function historyActorOf(caller: Caller): Actor & { kind: 'staff' | 'partner' } {
  // A partner user is recorded as one even while their association is not an active record.
  const partner = (partnerOf(caller) !== undefined || isDetachedPartner(caller)) && !isStaff(caller);
  return { kind: partner ? 'partner' : 'staff', id: caller.sub };
}
