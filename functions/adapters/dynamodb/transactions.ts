// The writes of the case and task stores: every change of a case or a task is conditional on the
// version read (optimistic concurrency) and written in one transaction with its history event
// and notifications.
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { TransactWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { CaseEvent, CaseRecord } from '../../../domain/cases/model.ts';
import type { OutboxMessage } from '../../../domain/notifications/model.ts';
import type { TaskRecord, TaskStatus } from '../../../domain/tasks/model.ts';
import { eventItem, outboxItem, queueEntryItem, queueKeys, type Item } from './items.ts';
import { keys, type ItemKey } from './keys.ts';

export type TransactItem = NonNullable<ConstructorParameters<typeof TransactWriteCommand>[0]['TransactItems']>[number];

/** Builds the items of a transaction on one table. */
export class TableWrites {
  constructor(readonly tableName: string) {}

  put(item: Item, condition?: string): TransactItem {
    return { Put: { TableName: this.tableName, Item: item, ...(condition ? { ConditionExpression: condition } : {}) } };
  }

  caseUpdate(found: CaseRecord, changes: Partial<CaseRecord>): TransactItem {
    const stage = changes.stage ?? found.stage;
    const updatedAt = changes.updatedAt ?? found.updatedAt;
    const all: Record<string, unknown> = {
      ...changes,
      ...keys.caseQueue(found.programme, stage, updatedAt, found.caseId),
    };
    return this.versionedUpdate(keys.case(found.caseId), found.version, all);
  }

  /**
   * With `claimant`, also conditional on the task's claim: `undefined` leaves it out, `null` means
   * "still unclaimed", a sub means "still claimed by them".
   */
  taskUpdate(task: TaskRecord, changes: Partial<TaskRecord>, condition?: string, claimant?: string | null): TransactItem {
    const update = this.versionedUpdate(keys.task(task.taskId), task.version, changes, condition);
    if (claimant === undefined) return update;
    const u = update.Update!;
    u.ExpressionAttributeNames = { ...u.ExpressionAttributeNames, '#assignee': 'assignee' };
    if (claimant === null) {
      u.ConditionExpression = `${u.ConditionExpression} AND attribute_not_exists(#assignee)`;
    } else {
      u.ConditionExpression = `${u.ConditionExpression} AND #assignee = :claimant`;
      u.ExpressionAttributeValues = { ...u.ExpressionAttributeValues, ':claimant': claimant };
    }
    return update;
  }

  /** The task's entry in its case's partition follows the task's status. */
  caseTaskStatus(task: TaskRecord, status: TaskStatus): TransactItem {
    return {
      Update: {
        TableName: this.tableName,
        Key: keys.caseTask(task.caseId, task.taskId),
        UpdateExpression: 'SET #status = :s',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':s': status },
      },
    };
  }

  queuePuts(task: TaskRecord): TransactItem[] {
    return queueKeys(task).map((key) => this.put(queueEntryItem(key, task)));
  }

  queueDeletes(task: TaskRecord): TransactItem[] {
    return queueKeys(task).map((key) => this.delete(key));
  }

  delete(key: ItemKey): TransactItem {
    return { Delete: { TableName: this.tableName, Key: { PK: key.PK, SK: key.SK } } };
  }

  eventPut(event: CaseEvent): TransactItem {
    return this.put(eventItem(event), 'attribute_not_exists(PK)');
  }

  outboxPut(message: OutboxMessage): TransactItem {
    return this.put(outboxItem(message));
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
}

/** Writes the items in one transaction, retrying briefly when another transaction got in the way. */
export async function transact(client: DynamoDBDocumentClient, items: TransactItem[]): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await client.send(new TransactWriteCommand({ TransactItems: items }));
      return;
    } catch (error) {
      const conflict =
        error instanceof TransactionCanceledException && (error.CancellationReasons ?? []).some((r) => r.Code === 'TransactionConflict');
      if (conflict && attempt < 5) {
        await new Promise((resolve) => setTimeout(resolve, 15 * attempt));
        continue;
      }
      throw error;
    }
  }
}

/** Whether a condition failed: any one, or the one of the item at `index`. */
export function isConditionFailure(error: unknown, index?: number): boolean {
  if (!(error instanceof TransactionCanceledException)) return false;
  const reasons = error.CancellationReasons ?? [];
  return index === undefined ? reasons.some((r) => r.Code === 'ConditionalCheckFailed') : reasons[index]?.Code === 'ConditionalCheckFailed';
}
