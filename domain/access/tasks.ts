// Who may act on a task.
import { ActionForbidden } from '../errors.ts';
import type { TaskRecord } from '../tasks/model.ts';
import { hasAnyRole, isStaff, missionRolesOf, partnerOf, type Caller } from './roles.ts';

/** Staff with one of the task's roles; a partner only on tasks shared with its association. */
export function mayAct(task: Pick<TaskRecord, 'roles' | 'partnerId'>, actor: Caller): boolean {
  if (actor.groups.includes('admin')) return true;
  if (missionRolesOf(actor).some((role) => task.roles.includes(role))) return true;
  const partnerId = partnerOf(actor);
  return partnerId !== undefined && task.roles.includes('partner') && task.partnerId === partnerId;
}

/** Whether the actor may see the task at all (seeing it is needed to be told "not yours"). */
export function maySee(task: Pick<TaskRecord, 'roles' | 'partnerId'>, actor: Caller): boolean {
  if (isStaff(actor)) return true;
  // The association is the partner group's: a leftover partner_id claim without the group opens nothing.
  const partnerId = partnerOf(actor);
  return partnerId !== undefined && task.partnerId === partnerId;
}

export function assertMayAct(task: TaskRecord, actor: Caller): void {
  if (!mayAct(task, actor)) throw new ActionForbidden('role', task.roles.join(','));
}

/** Whose claim a completion goes through: none, the caller's own, or a supervisor taking it over. */
export type CompletionClaim = { kind: 'unclaimed' } | { kind: 'claimant' } | { kind: 'takeover'; from: string };

/**
 * A claim is binding: a claimed task is completed by its claimant, or taken over by a supervisor or
 * an admin (who must still be allowed to act on the task: a takeover widens neither roles nor four
 * eyes). Anyone else, another user of the same association included, is refused.
 */
export function completionClaim(task: Pick<TaskRecord, 'roles' | 'partnerId' | 'assignee'>, actor: Caller): CompletionClaim {
  if (task.assignee === undefined) return { kind: 'unclaimed' };
  if (task.assignee === actor.sub) return { kind: 'claimant' };
  if (hasAnyRole(actor, 'supervisor', 'admin')) return { kind: 'takeover', from: task.assignee };
  throw new ActionForbidden('claimed-by-other', 'claimed');
}
