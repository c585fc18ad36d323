// The staff directory: who the members of the team are and which roles they hold. In AWS it is the
// Cognito user pool (its groups are the roles, `custom:partnerId` a partner user's association);
// locally, the dev issuer's directory (the users it issued tokens for and a seed list of staff).
// A task goes only to a member who may do its step: reassignment checks it, and the console lists
// the candidates from the same rule.
import type { TaskRecord } from '../tasks/model.ts';
import type { ShareRecord } from '../sharing/shares.ts';
import { isStaffRole, type Caller, type StaffRole } from './roles.ts';
import { mayAct } from './tasks.ts';

/** A member of the team, as the directory knows them (enabled accounts only). */
export interface StaffMember extends Caller {
  /** The name the person goes by (staff, never a beneficiary), when the directory has one. */
  name?: string;
}

/** The port: one adapter per directory (functions/adapters/cognito, local/staff-directory.ts). */
export interface StaffDirectory {
  /** The enabled member whose tokens carry this `sub`, with their roles; undefined when there is none. */
  member(sub: string): Promise<StaffMember | undefined>;
  /** The enabled members holding a role. */
  membersOf(role: StaffRole): Promise<StaffMember[]>;
}

/** Why a task may not go to someone. */
export type AssignmentRefusal = 'assignee-unknown' | 'assignee-not-eligible' | 'assignee-excluded';

type AssignedTask = Pick<TaskRecord, 'caseId' | 'roles' | 'partnerId' | 'serviceId' | 'forbiddenActors'>;

/**
 * Whether `member` (undefined: no such member) may be given the task: a member of the team, who
 * may act on its step (one of its roles; a partner user, on a partner step of its association's
 * case, or of a case or service shared with it: `shares`, the case's), and not excluded by four
 * eyes. The roles are the directory's now, not those of a token the person once had.
 */
export function assignmentRefusal(
  task: AssignedTask,
  assignee: string,
  member: StaffMember | undefined,
  shares: readonly ShareRecord[],
  now: Date,
): AssignmentRefusal | undefined {
  if (!member) return 'assignee-unknown';
  if (!mayAct(task, member, shares, now)) return 'assignee-not-eligible';
  if (task.forbiddenActors.includes(assignee)) return 'assignee-excluded';
  return undefined;
}

/** Whether the case's shares matter to this member's eligibility (a partner user): read them only then. */
export function needsShares(member: StaffMember | undefined): boolean {
  return member !== undefined && member.groups.includes('partner');
}

/**
 * The members who may be given the task: the holders of its roles whom reassignment would accept,
 * each once, by name then id. An administrator, who may act on any step, is listed only if they
 * also hold one of its roles.
 */
export async function candidatesFor(
  task: AssignedTask,
  directory: StaffDirectory,
  shares: readonly ShareRecord[],
  now: Date,
): Promise<StaffMember[]> {
  const roles = task.roles.filter(isStaffRole);
  const lists = await Promise.all(roles.map((role) => directory.membersOf(role)));
  const bySub = new Map<string, StaffMember>();
  for (const member of lists.flat()) if (!bySub.has(member.sub)) bySub.set(member.sub, member);
  return [...bySub.values()]
    .filter((member) => assignmentRefusal(task, member.sub, member, shares, now) === undefined)
    .sort((a, b) => (a.name ?? a.sub).localeCompare(b.name ?? b.sub) || a.sub.localeCompare(b.sub));
}
