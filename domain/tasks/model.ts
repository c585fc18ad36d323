// Human steps: each is a task item created by a workflow's .waitForTaskToken step and completed
// once by a person with the right role.

import type { StaffRole } from '../access/roles.ts';
import type { Language } from '../i18n/index.ts';

export const TASK_STATUSES = ['open', 'completing', 'completed', 'cancelled', 'expired'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

/** Task ids are UUIDs; anything else names no task (404 without a read). */
export const taskIdPattern = /^[0-9a-f-]{36}$/;

export interface TaskRecord {
  taskId: string;
  caseId: string;
  reference: string;
  programme: string;
  /** The step of the process, e.g. 'screening', 'approval', 'check-in'. */
  step: string;
  /** The execution phase that waits for it, e.g. 'return', 'reintegration', 'checkin-3'. */
  phase: string;
  /** Roles allowed to claim and complete it. */
  roles: StaffRole[];
  /**
   * The service of the case this step is about (a service delivery): a partner association works on
   * it only through an accepted referral of that service (domain/access/tasks.ts `partnerWorksOn`).
   */
  serviceId?: string;
  /** The case's own partner association (its staff submitted the case), for a partner step (check-ins, assistance delivery). */
  partnerId?: string;
  /**
   * Other partner associations whose queue lists it, by a whole-case share of its case (or, for a
   * service's task, an accepted referral of that service), until that share ends: queue bookkeeping only; who may see or act on it is decided from the shares themselves.
   */
  sharedWith?: TaskShare[];
  status: TaskStatus;
  assignee?: string;
  /** The partner association the assignee claimed it for (a partner user's own claim): the claim ends with that association's access. */
  claimedFor?: string;
  /** Users who may not complete this step (four eyes: the screener may not approve). */
  forbiddenActors: string[];
  /** Non-personal facts the decision is validated against (e.g. the budget ceiling). */
  context: Record<string, unknown>;
  dueAt: string;
  createdAt: string;
  updatedAt: string;
  /** Set once escalated to supervisors after a missed due date. */
  escalatedAt?: string;
  completedAt?: string;
  completedBy?: string;
  /** Who completed it: a partner association's user or mission staff (as the case history names them). */
  completedByKind?: 'staff' | 'partner';
  decision?: Record<string, unknown>;
  /** Optimistic concurrency. */
  version: number;
  /**
   * The message to the beneficiary this step carries (documents to bring, appointment), sent when
   * the step opens and once more as a reminder (`reminderAt`), each time only with their consent to
   * follow-up contact, not revoked since `plannedAt`. Template, codes and dates only.
   */
  beneficiaryMessage?: {
    template: string;
    params: Record<string, string | number>;
    language: Language;
    plannedAt: string;
    reminderAt?: string;
  };
}

/** A partner association a task is listed for by a share of its case, until the share ends. */
export interface TaskShare {
  partnerId: string;
  until: string;
}

/** Reminder kinds, each a one-time schedule created with the task. */
export type ReminderKind = 'due-soon' | 'overdue' | 'escalation' | 'beneficiary';

export function isOpen(task: Pick<TaskRecord, 'status'>): boolean {
  return task.status === 'open';
}
