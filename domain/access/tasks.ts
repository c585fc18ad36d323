// Who may see and act on a task.
import { ActionForbidden } from '../errors.ts';
import type { PartnerAccess } from '../cases/model.ts';
import type { TaskRecord, TaskShare } from '../tasks/model.ts';
import { isAcceptedReferral, isActive, type ShareRecord } from '../sharing/shares.ts';
import { hasAnyRole, isStaff, missionRolesOf, partnerOf, type Caller } from './roles.ts';

type TaskAccessView = Pick<TaskRecord, 'caseId' | 'roles' | 'partnerId' | 'serviceId'>;

/**
 * Whether a partner association works on a task: a partner step (a task with the role `partner`) of
 * a case its own staff submitted (the task's `partnerId`); else, for a task of one service (its
 * `serviceId`), by an accepted, active referral of that service to it; for any other task, by an
 * active whole-case share (on the system clock). A service referral gives that service's tasks
 * only, and a whole-case share no service's tasks (they follow whom the service was referred to).
 * Decided from the case's shares on every read and action, never from queue entries.
 */
export function partnerWorksOn(task: TaskAccessView, partnerId: string, shares: readonly ShareRecord[], now: Date): boolean {
  if (!task.roles.includes('partner')) return false;
  if (task.partnerId === partnerId) return true;
  const own = shares.filter((share) => share.caseId === task.caseId && share.partnerId === partnerId);
  if (task.serviceId !== undefined)
    return own.some((share) => share.scope !== 'case' && share.scope.service === task.serviceId && isAcceptedReferral(share, now));
  return own.some((share) => share.scope === 'case' && isActive(share, now));
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
 * The partner associations, beyond the case's own, whose work queue lists a task: for a service's
 * task, those that accepted its referral, until it ends; for any other, those its case is shared
 * with whole, until that share ends (`access`: the case's `partnerAccess`). As `partnerWorksOn`.
 */
export function taskSharing(
  task: Pick<TaskRecord, 'roles' | 'partnerId' | 'serviceId'>,
  access: PartnerAccess | undefined,
  now: Date,
): TaskShare[] {
  if (!task.roles.includes('partner')) return [];
  const untilOf = (grant: PartnerAccess[string]) => (task.serviceId !== undefined ? grant.services?.[task.serviceId] : grant.tasksUntil);
  return Object.entries(access ?? {})
    .map(([partnerId, grant]) => ({ partnerId, until: untilOf(grant) }))
    .filter(
      (share): share is TaskShare => share.partnerId !== task.partnerId && share.until !== undefined && share.until > now.toISOString(),
    )
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
