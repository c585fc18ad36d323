// DynamoDB adapter for cases and their human steps: tasks, work queues, history, outbox.
// Every change of a case or a task is conditional on the version read (optimistic concurrency)
// and written in one transaction with its history event and notifications.
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { GetCommand, QueryCommand, TransactWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { CaseEvent, CaseRecord } from '../../../domain/cases/model.ts';
import type { CaseActionStore } from '../../../domain/cases/case-actions.ts';
import type { OutboxMessage } from '../../../domain/notifications/model.ts';
import type { TaskRecord } from '../../../domain/tasks/model.ts';
import type { TaskStore } from '../../../domain/tasks/complete-task.ts';
import type { OpenTaskStore } from '../../../domain/tasks/open-task.ts';
import type { ReminderStore } from '../../../domain/tasks/remind.ts';
import { keys, type ItemKey } from './keys.ts';
import { newEventId } from '../../../domain/cases/event-id.ts';

type TransactItem = NonNullable<ConstructorParameters<typeof TransactWriteCommand>[0]['TransactItems']>[number];

const taskFields = [
  'taskId', 'caseId', 'reference', 'programme', 'step', 'phase', 'roles', 'partnerId', 'status', 'assignee', 'forbiddenActors',
  'context', 'dueAt', 'createdAt', 'updatedAt', 'escalatedAt', 'completedAt', 'completedBy', 'decision', 'version',
] as const;
const internalAttributes = new Set(['PK', 'SK', 'GSI1PK', 'GSI1SK', 'entity']);

export interface QueueEntry {
  taskId: string;
  caseId: string;
  reference: string;
  programme: string;
  step: string;
  dueAt: string;
  roles: string[];
  assignee?: string;
  escalatedAt?: string;
}

export class DynamoCaseworkStore implements OpenTaskStore, TaskStore, ReminderStore, CaseActionStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  // --- reads ------------------------------------------------------------------------------

  async getCase(caseId: string): Promise<CaseRecord | undefined> {
    const { Item } = await this.client.send(new GetCommand({ TableName: this.tableName, Key: keys.case(caseId), ConsistentRead: true }));
    return Item ? (strip(Item) as unknown as CaseRecord) : undefined;
  }

  async getTask(taskId: string): Promise<TaskRecord | undefined> {
    const { Item } = await this.client.send(new GetCommand({ TableName: this.tableName, Key: keys.task(taskId), ConsistentRead: true }));
    if (!Item) return undefined;
    return Object.fromEntries(taskFields.filter((f) => Item[f] !== undefined).map((f) => [f, Item[f]])) as unknown as TaskRecord;
  }

  async taskToken(taskId: string): Promise<string | undefined> {
    const { Item } = await this.client.send(new GetCommand({ TableName: this.tableName, Key: keys.taskToken(taskId), ConsistentRead: true }));
    return Item?.token as string | undefined;
  }

  async openTasksOfCase(caseId: string): Promise<TaskRecord[]> {
    const links = await this.queryPrefix(keys.tasksOfCase(caseId).PK, keys.tasksOfCase(caseId).skPrefix);
    const open = links.filter((link) => link.status === 'open' || link.status === 'completing');
    const tasks = await Promise.all(open.map((link) => this.getTask(link.taskId as string)));
    return tasks.filter((task): task is TaskRecord => task !== undefined && task.status === 'open');
  }

  async tasksOfCase(caseId: string): Promise<{ taskId: string; step: string; status: string; dueAt: string }[]> {
    const links = await this.queryPrefix(keys.tasksOfCase(caseId).PK, keys.tasksOfCase(caseId).skPrefix);
    return links.map((link) => ({ taskId: link.taskId as string, step: link.step as string, status: link.status as string, dueAt: link.dueAt as string }));
  }

  async listOutbox(limit = 1000): Promise<OutboxMessage[]> {
    const items = await this.queryPrefix(keys.outbox().PK, '', limit);
    return items.map((item) => strip(item) as unknown as OutboxMessage);
  }

  private async queryPrefix(PK: string, skPrefix: string, max = Infinity): Promise<Record<string, unknown>[]> {
    const items: Record<string, unknown>[] = [];
    let ExclusiveStartKey: Record<string, unknown> | undefined;
    do {
      const page = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: skPrefix ? 'PK = :pk AND begins_with(SK, :sk)' : 'PK = :pk',
          ExpressionAttributeValues: skPrefix ? { ':pk': PK, ':sk': skPrefix } : { ':pk': PK },
          ExclusiveStartKey,
          ConsistentRead: true,
        }),
      );
      items.push(...(page.Items ?? []));
      ExclusiveStartKey = page.LastEvaluatedKey;
    } while (ExclusiveStartKey && items.length < max);
    return items;
  }

  // --- writes -----------------------------------------------------------------------------

  async openTask(task: TaskRecord, token: string, stage: string, event: CaseEvent, messages: OutboxMessage[]): Promise<'created' | 'exists'> {
    for (let attempt = 1; ; attempt++) {
      const found = await this.getCase(task.caseId);
      if (!found) throw new Error('case not found');
      try {
        await this.transact([
          { Put: { TableName: this.tableName, Item: { ...keys.task(task.taskId), entity: 'Task', ...task }, ConditionExpression: 'attribute_not_exists(PK)' } },
          { Put: { TableName: this.tableName, Item: { ...keys.taskToken(task.taskId), entity: 'TaskToken', token } } },
          { Put: { TableName: this.tableName, Item: { ...keys.caseTask(task.caseId, task.taskId), entity: 'CaseTask', ...link(task) } } },
          this.caseUpdate(found, { stage, updatedAt: task.createdAt }),
          this.eventPut(event),
          ...this.queuePuts(task),
          ...messages.map((message) => this.outboxPut(message)),
        ]);
        return 'created';
      } catch (error) {
        if (isConditionFailure(error, 0)) {
          // A retried invocation of the same step: the task exists; only its token is new.
          await this.transact([{ Put: { TableName: this.tableName, Item: { ...keys.taskToken(task.taskId), entity: 'TaskToken', token } } }]);
          return 'exists';
        }
        // The case changed between our read and our write (optimistic concurrency): read it again.
        if (isConditionFailure(error, 3) && attempt < 5) continue;
        throw error;
      }
    }
  }

  async beginCompletion(task: TaskRecord, decision: Record<string, unknown>, actor: string, at: string): Promise<boolean> {
    try {
      await this.transact([
        this.taskUpdate(task, { status: 'completing', decision, completedBy: actor, completedAt: at, updatedAt: at }, "#status = :open"),
        ...this.queueDeletes(task),
        // Recorded with the decision itself: who decided what, and when.
        this.eventPut({
          caseId: task.caseId,
          eventId: newEventId(),
          at,
          type: 'task.completed',
          actor: { kind: 'staff', id: actor },
          details: { taskId: task.taskId, step: task.step, outcome: typeof decision.outcome === 'string' ? decision.outcome : null },
        }),
        { Update: { TableName: this.tableName, Key: keys.caseTask(task.caseId, task.taskId), UpdateExpression: 'SET #status = :s', ExpressionAttributeNames: { '#status': 'status' }, ExpressionAttributeValues: { ':s': 'completed' } } },
      ]);
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  async finishCompletion(task: TaskRecord, at: string): Promise<void> {
    try {
      await this.transact([this.taskUpdate(task, { status: 'completed', updatedAt: at }, '#status = :completing')]);
    } catch (error) {
      // Already finished by a concurrent retry: nothing left to do.
      if (!isConditionFailure(error)) throw error;
    }
  }

  async markExpired(task: TaskRecord, at: string): Promise<void> {
    try {
      await this.transact([
        this.taskUpdate(task, { status: 'expired', updatedAt: at }),
        ...this.queueDeletes(task),
        this.eventPut({
          caseId: task.caseId,
          eventId: newEventId(),
          at,
          type: 'task.expired',
          actor: { kind: 'system', id: 'workflow' },
          details: { taskId: task.taskId, step: task.step, reason: 'no-longer-awaited' },
        }),
        { Update: { TableName: this.tableName, Key: keys.caseTask(task.caseId, task.taskId), UpdateExpression: 'SET #status = :s', ExpressionAttributeNames: { '#status': 'status' }, ExpressionAttributeValues: { ':s': 'expired' } } },
      ]);
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
  }

  async recordReminder(task: TaskRecord, changes: Partial<TaskRecord>, event: CaseEvent, messages: OutboxMessage[]): Promise<boolean> {
    const updated = { ...task, ...changes };
    try {
      await this.transact([
        this.taskUpdate(task, { ...changes, updatedAt: event.at }, '#status = :open'),
        // Escalation adds the supervisor queue and marks every queue entry as escalated.
        ...(changes.escalatedAt ? this.queuePuts(updated) : []),
        this.eventPut(event),
        ...messages.map((message) => this.outboxPut(message)),
      ]);
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  async assignTask(task: TaskRecord, assignee: string, at: string, event: CaseEvent): Promise<boolean> {
    const updated: TaskRecord = { ...task, assignee, updatedAt: at, version: task.version + 1 };
    try {
      await this.transact([
        this.taskUpdate(task, { assignee, updatedAt: at }, '#status = :open'),
        ...(task.assignee ? [{ Delete: { TableName: this.tableName, Key: keys.assigneeQueue(task.assignee, task.dueAt, task.taskId) } }] : []),
        ...this.queuePuts(updated),
        this.eventPut(event),
      ]);
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  async updateCase(
    found: CaseRecord,
    changes: Partial<CaseRecord> & Record<string, unknown>,
    event: CaseEvent,
    extra: { cancelTasks?: TaskRecord[]; expireTask?: TaskRecord; messages?: OutboxMessage[] } = {},
  ): Promise<boolean> {
    const closing = (task: TaskRecord, status: 'cancelled' | 'expired'): TransactItem[] => [
      this.taskUpdate(task, { status, updatedAt: event.at }, '#status = :open'),
      ...this.queueDeletes(task),
      { Update: { TableName: this.tableName, Key: keys.caseTask(task.caseId, task.taskId), UpdateExpression: 'SET #status = :s', ExpressionAttributeNames: { '#status': 'status' }, ExpressionAttributeValues: { ':s': status } } },
    ];
    try {
      await this.transact([
        this.caseUpdate(found, changes),
        this.eventPut(event),
        ...(extra.cancelTasks ?? []).flatMap((task) => closing(task, 'cancelled')),
        ...(extra.expireTask ? closing(extra.expireTask, 'expired') : []),
        ...(extra.messages ?? []).map((message) => this.outboxPut(message)),
      ]);
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  // --- item builders ------------------------------------------------------------------------

  private caseUpdate(found: CaseRecord, changes: Record<string, unknown>): TransactItem {
    const stage = (changes.stage as string | undefined) ?? found.stage;
    const updatedAt = (changes.updatedAt as string | undefined) ?? found.updatedAt;
    const all: Record<string, unknown> = {
      ...changes,
      ...keys.caseQueue(found.programme, stage, updatedAt, found.caseId),
    };
    return this.versionedUpdate(keys.case(found.caseId), found.version, all);
  }

  private taskUpdate(task: TaskRecord, changes: Record<string, unknown>, condition?: string): TransactItem {
    return this.versionedUpdate(keys.task(task.taskId), task.version, changes, condition);
  }

  private versionedUpdate(key: ItemKey, version: number, changes: Record<string, unknown>, condition?: string): TransactItem {
    const names: Record<string, string> = { '#version': 'version' };
    const values: Record<string, unknown> = { ':expected': version, ':one': 1 };
    const sets = Object.entries(changes)
      .filter(([, value]) => value !== undefined)
      .map(([name, value], i) => {
        names[`#a${i}`] = name;
        values[`:v${i}`] = value;
        return `#a${i} = :v${i}`;
      });
    if (condition?.includes('#status')) names['#status'] = 'status';
    if (condition?.includes(':open')) values[':open'] = 'open';
    if (condition?.includes(':completing')) values[':completing'] = 'completing';
    return {
      Update: {
        TableName: this.tableName,
        Key: key,
        UpdateExpression: `SET ${[...sets, '#version = #version + :one'].join(', ')}`,
        ConditionExpression: ['#version = :expected', ...(condition ? [condition] : [])].join(' AND '),
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
      },
    };
  }

  private queuePuts(task: TaskRecord): TransactItem[] {
    const entry = queueEntry(task);
    const put = (key: ItemKey): TransactItem => ({ Put: { TableName: this.tableName, Item: { ...key, entity: 'TaskQueueEntry', ...entry } } });
    return [
      ...task.roles.filter((role) => role !== 'partner').map((role) => put(keys.roleQueue(role, task.dueAt, task.taskId))),
      ...(task.partnerId && task.roles.includes('partner') ? [put(keys.partnerQueue(task.partnerId, task.dueAt, task.taskId))] : []),
      ...(task.assignee ? [put(keys.assigneeQueue(task.assignee, task.dueAt, task.taskId))] : []),
    ];
  }

  private queueDeletes(task: TaskRecord): TransactItem[] {
    return this.queuePuts(task).map((put) => {
      const item = put.Put!.Item as ItemKey;
      return { Delete: { TableName: this.tableName, Key: { PK: item.PK, SK: item.SK } } };
    });
  }

  private eventPut(event: CaseEvent): TransactItem {
    return {
      Put: {
        TableName: this.tableName,
        Item: { ...keys.caseEvent(event.caseId, event.at, event.eventId), entity: 'CaseEvent', ...event },
        ConditionExpression: 'attribute_not_exists(PK)',
      },
    };
  }

  private outboxPut(message: OutboxMessage): TransactItem {
    return { Put: { TableName: this.tableName, Item: { ...keys.outboxMessage(message.at, message.messageId), entity: 'Outbox', ...message } } };
  }

  private async transact(items: TransactItem[]): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        await this.client.send(new TransactWriteCommand({ TransactItems: items }));
        return;
      } catch (error) {
        const conflict = error instanceof TransactionCanceledException && (error.CancellationReasons ?? []).some((r) => r.Code === 'TransactionConflict');
        if (conflict && attempt < 5) {
          await new Promise((resolve) => setTimeout(resolve, 15 * attempt));
          continue;
        }
        throw error;
      }
    }
  }
}

function link(task: TaskRecord) {
  return { taskId: task.taskId, caseId: task.caseId, step: task.step, status: task.status, dueAt: task.dueAt };
}

function queueEntry(task: TaskRecord): QueueEntry {
  return {
    taskId: task.taskId,
    caseId: task.caseId,
    reference: task.reference,
    programme: task.programme,
    step: task.step,
    dueAt: task.dueAt,
    roles: task.roles,
    ...(task.assignee ? { assignee: task.assignee } : {}),
    ...(task.escalatedAt ? { escalatedAt: task.escalatedAt } : {}),
  };
}

function strip(item: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(item).filter(([key]) => !internalAttributes.has(key)));
}

function isConditionFailure(error: unknown, index?: number): boolean {
  if (!(error instanceof TransactionCanceledException)) return false;
  const reasons = error.CancellationReasons ?? [];
  return index === undefined ? reasons.some((r) => r.Code === 'ConditionalCheckFailed') : reasons[index]?.Code === 'ConditionalCheckFailed';
}

export class InvalidCursor extends Error {
  constructor() {
    super('invalid cursor');
    this.name = 'InvalidCursor';
  }
}
