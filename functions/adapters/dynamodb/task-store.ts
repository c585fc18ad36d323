// DynamoDB adapter for the human steps: a task, its token, its entries in its case and in the work
// queues. Each change is one transaction with its history event and notifications (transactions.ts).
import { GetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { stageAfter, type CaseEvent } from '../../../domain/cases/model.ts';
import type { OutboxMessage } from '../../../domain/notifications/model.ts';
import type { TaskRecord } from '../../../domain/tasks/model.ts';
import type { TaskStore } from '../../../domain/tasks/complete-task.ts';
import type { CompletionClaim } from '../../../domain/access/tasks.ts';
import type { OpenTaskStore } from '../../../domain/tasks/open-task.ts';
import type { ReminderStore } from '../../../domain/tasks/remind.ts';
import { newEventId } from '../../../domain/cases/event-id.ts';
import { getCase } from './case-reader.ts';
import type { ShareRecord } from '../../../domain/sharing/shares.ts';
import { taskSharing } from '../../../domain/access/tasks.ts';
import {
  caseTaskFromItem,
  caseTaskItem,
  shareFromItem,
  taskFromItem,
  taskItem,
  taskTokenItem,
  tokenFromItem,
  type CaseTaskLink,
} from './items.ts';
import { keys } from './keys.ts';
import { queryAll } from './query.ts';
import { isConditionFailure, TableWrites, transact } from './transactions.ts';
import { sharedStepMessages } from '../../../domain/tasks/open-task.ts';

/** The task, read consistently: a conditional write usually follows. */
export async function getTask(client: DynamoDBDocumentClient, tableName: string, taskId: string): Promise<TaskRecord | undefined> {
  const { Item } = await client.send(new GetCommand({ TableName: tableName, Key: keys.task(taskId), ConsistentRead: true }));
  return Item ? taskFromItem(Item) : undefined;
}

/**
 * The tasks of one step of a case the workflow may still be waiting for: open, or completing (a
 * decision begun, not known delivered). A completing task's entry in the case's partition already
 * reads 'completed' (beginCompletion), so the step's entries are read whatever their status.
 */
export async function awaitedTasksOfCase(
  client: DynamoDBDocumentClient,
  tableName: string,
  caseId: string,
  step: string,
): Promise<TaskRecord[]> {
  const links = await tasksOfCase(client, tableName, caseId);
  const ofStep = links.filter(
    (link) => link.step === step && (link.status === 'open' || link.status === 'completing' || link.status === 'completed'),
  );
  const tasks = await Promise.all(ofStep.map((link) => getTask(client, tableName, link.taskId)));
  return tasks.filter((task): task is TaskRecord => task !== undefined && (task.status === 'open' || task.status === 'completing'));
}

/** The tasks of a case still open (read from their entries in the case's partition). */
export async function openTasksOfCase(client: DynamoDBDocumentClient, tableName: string, caseId: string): Promise<TaskRecord[]> {
  const links = await tasksOfCase(client, tableName, caseId);
  const open = links.filter((link) => link.status === 'open' || link.status === 'completing');
  const tasks = await Promise.all(open.map((link) => getTask(client, tableName, link.taskId)));
  return tasks.filter((task): task is TaskRecord => task !== undefined && task.status === 'open');
}

async function tasksOfCase(client: DynamoDBDocumentClient, tableName: string, caseId: string): Promise<CaseTaskLink[]> {
  const items = await queryAll(client, tableName, { ...keys.tasksOfCase(caseId), consistent: true });
  return items.map(caseTaskFromItem);
}

export class DynamoTaskStore implements OpenTaskStore, TaskStore, ReminderStore {
  private readonly writes: TableWrites;

  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {
    this.writes = new TableWrites(tableName);
  }

  // --- reads ------------------------------------------------------------------------------

  async getCase(caseId: string) {
    return getCase(this.client, this.tableName, caseId, true);
  }

  async getTask(taskId: string): Promise<TaskRecord | undefined> {
    return getTask(this.client, this.tableName, taskId);
  }

  async taskToken(taskId: string): Promise<string | undefined> {
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: keys.taskToken(taskId), ConsistentRead: true }),
    );
    return Item ? tokenFromItem(Item) : undefined;
  }

  async openTasksOfCase(caseId: string): Promise<TaskRecord[]> {
    return openTasksOfCase(this.client, this.tableName, caseId);
  }

  async sharesOfCase(caseId: string): Promise<ShareRecord[]> {
    const items = await queryAll(this.client, this.tableName, keys.sharesOfCase(caseId));
    return items.map(shareFromItem);
  }

  async tasksOfCase(caseId: string): Promise<{ taskId: string; step: string; status: string; dueAt: string }[]> {
    const links = await tasksOfCase(this.client, this.tableName, caseId);
    return links.map(({ taskId, step, status, dueAt }) => ({ taskId, step, status, dueAt }));
  }

  // --- writes -----------------------------------------------------------------------------

  async openTask(
    task: TaskRecord,
    token: string,
    stage: string,
    event: CaseEvent,
    messages: OutboxMessage[],
  ): Promise<'created' | 'exists'> {
    const w = this.writes;
    for (let attempt = 1; ; attempt++) {
      const found = await this.getCase(task.caseId);
      if (!found) throw new Error('case not found');
      // The partners the case is shared with whole, as of this version of the case (a share changes
      // the case's version, so a share made meanwhile fails this write and is read on the retry).
      const sharedWith = taskSharing(task, found.partnerAccess, new Date(task.createdAt));
      const listed: TaskRecord = { ...task, ...(sharedWith.length > 0 ? { sharedWith } : {}) };
      try {
        await transact(this.client, [
          w.put(taskItem(listed), 'attribute_not_exists(PK)'),
          w.put(taskTokenItem(task.taskId, token)),
          w.put(caseTaskItem(task)),
          // A stage another case's process set (referred to AVRR) stays: domain/cases/model.ts.
          ...w.caseUpdate(found, { stage: stageAfter(found.stage, stage), updatedAt: task.createdAt }),
          w.eventPut(event),
          ...w.queuePuts(listed),
          ...messages.map((message) => w.outboxPut(message)),
          // The associations the case is shared with are told too, as its own association is.
          ...sharedStepMessages(task, [], sharedWith, task.createdAt).map((message) => w.outboxPut(message)),
        ]);
        return 'created';
      } catch (error) {
        if (isConditionFailure(error, 0)) {
          // A retried invocation of the same step: the task exists; only its token is new.
          await transact(this.client, [w.put(taskTokenItem(task.taskId, token))]);
          return 'exists';
        }
        // The case changed between our read and our write (optimistic concurrency): read it again.
        if (isConditionFailure(error, 3) && attempt < 5) continue;
        throw error;
      }
    }
  }

  async beginCompletion(
    task: TaskRecord,
    decision: Record<string, unknown>,
    actor: string,
    at: string,
    claim: CompletionClaim,
    actorKind: 'staff' | 'partner' = 'staff',
  ): Promise<boolean> {
    const w = this.writes;
    // The claim as read holds at the write too: a task claimed meanwhile is not completed by another.
    const claimed = claim.kind === 'unclaimed' ? null : claim.kind === 'takeover' ? claim.from : actor;
    try {
      await transact(this.client, [
        w.taskUpdate(
          task,
          {
            status: 'completing',
            decision,
            completedBy: actor,
            completedByKind: actorKind,
            completedAt: at,
            updatedAt: at,
            ...(claim.kind === 'takeover' ? { assignee: actor } : {}),
          },
          '#status = :open',
          claimed,
        ),
        ...w.queueDeletes(task),
        // A supervisor taking over another's claim: recorded apart, ids only.
        ...(claim.kind === 'takeover'
          ? [
              w.eventPut({
                caseId: task.caseId,
                eventId: newEventId(),
                at,
                type: 'task.taken-over',
                actor: { kind: 'staff', id: actor },
                details: { taskId: task.taskId, step: task.step, from: claim.from },
              }),
            ]
          : []),
        // Recorded with the decision itself: who decided what, and when.
        w.eventPut({
          caseId: task.caseId,
          eventId: newEventId(),
          at,
          type: 'task.completed',
          actor: { kind: actorKind, id: actor },
          details: { taskId: task.taskId, step: task.step, outcome: typeof decision.outcome === 'string' ? decision.outcome : null },
        }),
        w.caseTaskStatus(task, 'completed'),
      ]);
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  /** Conditional on completing and the version read: false when finished by a concurrent retry or expired meanwhile. */
  async finishCompletion(task: TaskRecord, at: string): Promise<boolean> {
    try {
      await transact(this.client, [this.writes.taskUpdate(task, { status: 'completed', updatedAt: at }, '#status = :completing')]);
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  async recordReminder(task: TaskRecord, changes: Partial<TaskRecord>, event: CaseEvent, messages: OutboxMessage[]): Promise<boolean> {
    const w = this.writes;
    const updated = { ...task, ...changes };
    try {
      await transact(this.client, [
        w.taskUpdate(task, { ...changes, updatedAt: event.at }, '#status = :open'),
        // Escalation adds the supervisor queue and marks every queue entry as escalated.
        ...(changes.escalatedAt ? w.queuePuts(updated) : []),
        w.eventPut(event),
        ...messages.map((message) => w.outboxPut(message)),
      ]);
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  /** `claimedFor`: the partner association a partner user claims it for (none for staff, or a reassignment). */
  async assignTask(task: TaskRecord, assignee: string, at: string, event: CaseEvent, claimedFor?: string): Promise<boolean> {
    const w = this.writes;
    const { claimedFor: _previous, ...rest } = task;
    const updated: TaskRecord = { ...rest, assignee, ...(claimedFor ? { claimedFor } : {}), updatedAt: at, version: task.version + 1 };
    try {
      await transact(this.client, [
        w.taskUpdate(
          task,
          { assignee, updatedAt: at, ...(claimedFor ? { claimedFor } : {}) },
          '#status = :open',
          undefined,
          claimedFor ? [] : ['claimedFor'],
        ),
        ...(task.assignee ? [w.delete(keys.assigneeQueue(task.assignee, task.dueAt, task.taskId))] : []),
        ...w.queuePuts(updated),
        w.eventPut(event),
      ]);
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }
}
