// Who may see and act on a task.
import { ActionForbidden } from '../errors.ts';
import type { PartnerAccess } from '../cases/model.ts';
import type { TaskRecord, TaskShare } from '../tasks/model.ts';
import { isActive, type ShareRecord } from '../sharing/shares.ts';
import { hasAnyRole, isStaff, missionRolesOf, partnerOf, type Caller } from './roles.ts';

type TaskAccessView = Pick<TaskRecord, 'caseId' | 'roles' | 'partnerId'>;

/**
 * Whether a partner association works on a task: a partner step (a task with the role `partner`) of
 * a case its own staff submitted (the task's `partnerId`), or of a case shared whole with it by an
 * active, unexpired share (on the system clock). A one-service share gives no task: tasks name no
 * service. Decided from the case's shares on every read and action, never from queue entries.
 */
export function partnerWorksOn(task: TaskAccessView, partnerId: string, shares: readonly ShareRecord[], now: Date): boolean {
  if (!task.roles.includes('partner')) return false;
  if (task.partnerId === partnerId) return true;
  return shares.some(
    (share) => share.caseId === task.caseId && share.partnerId === partnerId && share.scope === 'case' && isActive(share, now),
  );
}

/** Staff with one of the task's roles; a partner on the partner tasks of its own or shared cases (`shares`: the task's case's). */
export function mayAct(task: TaskAccessView, actor: Caller, shares: readonly ShareRecord[], now: Date): boolean {
  if (actor.groups.includes('admin')) return true;
  if (missionRolesOf(actor).some((role) => task.roles.includes(role))) return true;
  const partnerId = partnerOf(actor);
  return partnerId !== undefined && partnerWorksOn(task, partnerId, shares, now);
}

/** Whether the actor may see the task at all (seeing it is needed to be told "not yours"). */
export function maySee(task: TaskAccessView, actor: Caller, shares: readonly ShareRecord[], now: Date): boolean {
  if (isStaff(actor)) return true;
  const partnerId = partnerOf(actor);
  return partnerId !== undefined && partnerWorksOn(task, partnerId, shares, now);
}

export function assertMayAct(task: TaskRecord, actor: Caller, shares: readonly ShareRecord[], now: Date): void {
  if (!mayAct(task, actor, shares, now)) throw new ActionForbidden('role', task.roles.join(','));
}

/**
 * Whether a partner user's claim ends when the partners a task is shared with become `sharedWith`:
 * it was claimed for an association that is neither the case's own nor still shared with.
 */
export function claimEndsWithAccess(
  task: Pick<TaskRecord, 'claimedFor' | 'partnerId' | 'assignee'>,
  sharedWith: readonly TaskShare[],
): boolean {
  if (task.assignee === undefined || task.claimedFor === undefined || task.claimedFor === task.partnerId) return false;
  return !sharedWith.some((share) => share.partnerId === task.claimedFor);
}

/**
 * The partner associations, beyond the case's own, whose work queue lists a task: those its case is
 * shared with whole, until that share ends (`access`: the case's `partnerAccess`).
 */
export function taskSharing(task: Pick<TaskRecord, 'roles' | 'partnerId'>, access: PartnerAccess | undefined, now: Date): TaskShare[] {
  if (!task.roles.includes('partner')) return [];
  return Object.entries(access ?? {})
    .filter(([partnerId, grant]) => partnerId !== task.partnerId && grant.tasksUntil !== undefined && grant.tasksUntil > now.toISOString())
    .map(([partnerId, grant]) => ({ partnerId, until: grant.tasksUntil! }))
    .sort((a, b) => a.partnerId.localeCompare(b.partnerId));
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
