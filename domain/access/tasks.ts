// Who may act on a task.
import { ActionForbidden } from '../errors.ts';
import type { TaskRecord } from '../tasks/model.ts';
import { isStaff, missionRolesOf, partnerOf, type Caller } from './roles.ts';

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
  return task.partnerId !== undefined && task.partnerId === actor.partnerId;
}

export function assertMayAct(task: TaskRecord, actor: Caller): void {
  if (!mayAct(task, actor)) throw new ActionForbidden('role', task.roles.join(','));
}
