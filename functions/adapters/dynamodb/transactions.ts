// The writes of the case and task stores: every change of a case or a task is conditional on the
// version read (optimistic concurrency) and written in one transaction with its history event
// and notifications.
import { randomUUID } from 'node:crypto';
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { TransactWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { CaseEvent, CaseRecord } from '../../../domain/cases/model.ts';
import type { OutboxMessage } from '../../../domain/notifications/model.ts';
import type { TaskRecord, TaskShare, TaskStatus } from '../../../domain/tasks/model.ts';
import { newEventId } from '../../../domain/cases/event-id.ts';
import {
  eventItem,
  outboxItem,
  ownPartnerListKeys,
  partnerAccessItem,
  queueEntries,
  queueEntryItem,
  queueKeys,
  type Item,
} from './items.ts';
import { keys, type ItemKey } from './keys.ts';

export type TransactItem = NonNullable<ConstructorParameters<typeof TransactWriteCommand>[0]['TransactItems']>[number];

/** Builds the items of a transaction on one table. */
export class TableWrites {
  constructor(readonly tableName: string) {}

  put(item: Item, condition?: string): TransactItem {
    return { Put: { TableName: this.tableName, Item: item, ...(condition ? { ConditionExpression: condition } : {}) } };
  }

  /**
   * The case's change, conditional on its version, with its list entries: the staff queue (GSI1), its
   * own partner's list and those of the partners it is shared with (GSI2, partnerAccess items,
   * rewritten from the case after the change, removed for the partners it no longer grants).
   */
  caseUpdate(found: CaseRecord, changes: Partial<CaseRecord>, removals: (keyof CaseRecord)[] = []): TransactItem[] {
    const after: CaseRecord = { ...found, ...changes };
    const all: Record<string, unknown> = {
      ...changes,
      ...keys.caseQueue(found.programme, after.stage, after.updatedAt, found.caseId),
      ...ownPartnerListKeys(after),
    };
    const granted = after.partnerAccess ?? {};
    return [
      this.versionedUpdate(keys.case(found.caseId), found.version, all, undefined, removals),
      ...Object.entries(granted).map(([partnerId, grant]) => this.put(partnerAccessItem(after, partnerId, grant))),
      ...Object.keys(found.partnerAccess ?? {})
        .filter((partnerId) => !(partnerId in granted))
        .map((partnerId) => this.delete(keys.partnerAccess(found.caseId, partnerId))),
    ];
  }

  /**
   * With `claimant`, also conditional on the task's claim: `undefined` leaves it out, `null` means
   * "still unclaimed", a sub means "still claimed by them".
   */
  taskUpdate(
    task: TaskRecord,
    changes: Partial<TaskRecord>,
    condition?: string,
    claimant?: string | null,
    removals: (keyof TaskRecord)[] = [],
  ): TransactItem {
    const update = this.versionedUpdate(keys.task(task.taskId), task.version, changes, condition, removals);
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
    return queueEntries(task).map(({ key, until }) => this.put(queueEntryItem(key, task, until)));
  }

  /**
   * The partners (beyond the case's own) whose queue lists an open task change: the task, conditional
   * on its version and status, and the queue entries of the partners added, kept and removed. With
   * `release` (who changed the shares, when), a partner user's claim ends with its association's access: the claim is removed,
   * the claimant's queue entry deleted, every other entry rewritten without it, and the end recorded.
   */
  taskSharingChange(task: TaskRecord, sharedWith: TaskShare[], release?: { actor: CaseEvent['actor']; at: string }): TransactItem[] {
    const kept = new Set(sharedWith.map((s) => s.partnerId));
    if (release && task.assignee !== undefined) {
      const { assignee, claimedFor: _claimedFor, ...rest } = task;
      const released: TaskRecord = { ...rest, sharedWith };
      return [
        this.taskUpdate(task, { sharedWith }, '#status = :open', undefined, ['assignee', 'claimedFor']),
        this.delete(keys.assigneeQueue(assignee, task.dueAt, task.taskId)),
        ...(task.sharedWith ?? [])
          .filter((s) => !kept.has(s.partnerId))
          .map((s) => this.delete(keys.partnerQueue(s.partnerId, task.dueAt, task.taskId))),
        ...this.queuePuts(released),
        this.eventPut({
          caseId: task.caseId,
          eventId: newEventId(),
          at: release.at,
          type: 'task.claim-ended',
          actor: release.actor,
          details: { taskId: task.taskId, step: task.step, from: assignee, cause: 'access-ended' },
        }),
      ];
    }
    // Every entry written again: a shared partner's, and a claimant's through a share, end with it.
    return [
      this.taskUpdate(task, { sharedWith }, '#status = :open'),
      ...(task.sharedWith ?? [])
        .filter((s) => !kept.has(s.partnerId))
        .map((s) => this.delete(keys.partnerQueue(s.partnerId, task.dueAt, task.taskId))),
      ...this.queuePuts({ ...task, sharedWith }),
    ];
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

  private versionedUpdate(
    key: ItemKey,
    version: number,
    changes: Record<string, unknown>,
    condition?: string,
    removals: string[] = [],
  ): TransactItem {
    const names: Record<string, string> = { '#version': 'version' };
    const values: Record<string, unknown> = { ':expected': version, ':one': 1 };
    const sets = Object.entries(changes)
      .filter(([, value]) => value !== undefined)
      .map(([name, value], i) => {
        names[`#a${i}`] = name;
        values[`:v${i}`] = value;
        return `#a${i} = :v${i}`;
      });
    removals.forEach((name, i) => (names[`#r${i}`] = name));
    if (condition?.includes('#status')) names['#status'] = 'status';
    if (condition?.includes(':open')) values[':open'] = 'open';
    if (condition?.includes(':completing')) values[':completing'] = 'completing';
    return {
      Update: {
        TableName: this.tableName,
        Key: key,
        UpdateExpression:
          `SET ${[...sets, '#version = #version + :one'].join(', ')}` +
          (removals.length ? ` REMOVE ${removals.map((_, i) => `#r${i}`).join(', ')}` : ''),
        ConditionExpression: ['#version = :expected', ...(condition ? [condition] : [])].join(' AND '),
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
      },
    };
  }
}

/**
 * Writes the items in one transaction, retrying briefly when another transaction got in the way.
 *
 * A transaction sent again is never applied twice: DynamoDB treats a TransactWriteItems that carries
 * the ClientRequestToken of one it applied (within ten minutes) as that same transaction, and
 * answers it as applied. The SDK's own retry (sdk-budget.ts: a second attempt after a timeout)
 * carries the first attempt's token. Evidence, in the SDK this project installs (3.1162):
 * - the token is filled in when the request is serialized: the model marks TransactWriteItemsInput's
 *   ClientRequestToken as an idempotency token (`TransactWriteItemsInput$` in
 *   @aws-sdk/client-dynamodb/dist-cjs/index.js: member `[0, 4]`, trait bit 4 = `idempotencyToken` in
 *   @smithy/core/dist-cjs/submodules/schema `translateTraits`), and the JSON serializer writes
 *   `generateIdempotencyToken()` for an idempotency token left undefined (@smithy/core
 *   submodules/protocols, `JsonShapeSerializer2.writeValue`);
 * - serialization is the `serializerMiddleware` of step `serialize`; the retry middleware
 *   (@smithy/core/dist-cjs/submodules/retry, `retryMiddlewareOptions`: step `finalizeRequest`,
 *   after `serialize`) sends the same serialized request (`next(args)` in its loop), changing only
 *   its `amz-sdk-request` header (and its signature), so the body, token included, is the same.
 * test/unit/functions/retried-write-transport.test.ts checks it with the real transport (the retry
 * of a transaction answered after the request timeout carries the same token), and
 * test/integration/transaction-token.test.ts that DynamoDB Local honours the token.
 *
 * Here the token is set explicitly, one per transaction: a new one after a TransactionConflict (that
 * transaction was cancelled, not applied), and the same one when DynamoDB answers
 * TransactionInProgressException (the SDK's retry reached DynamoDB while the first attempt was still
 * being applied): sent once more after a pause, it is answered as applied once the first attempt
 * is; still in progress, the dependency is answered as unavailable (503, Retry-After), not 500.
 */
export async function transact(client: DynamoDBDocumentClient, items: TransactItem[]): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await sendTransaction(client, { TransactItems: items });
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

/** How long transact() waits before sending a transaction still in progress again, with its token. */
export const IN_PROGRESS_PAUSE_MS = 500;

/**
 * Sends one transaction under its own ClientRequestToken, and once more with that token when
 * DynamoDB answers that it is still in progress (see transact()). For the stores that read a
 * transaction's cancellation reasons themselves; the others use transact().
 */
export async function sendTransaction(
  client: DynamoDBDocumentClient,
  input: ConstructorParameters<typeof TransactWriteCommand>[0],
): Promise<void> {
  const command = new TransactWriteCommand({ ...input, ClientRequestToken: input.ClientRequestToken ?? randomUUID() });
  try {
    await client.send(command);
  } catch (error) {
    if (!(error instanceof Error && error.name === 'TransactionInProgressException')) throw error;
    await new Promise((resolve) => setTimeout(resolve, IN_PROGRESS_PAUSE_MS));
    try {
      await client.send(command);
    } catch (again) {
      if (again instanceof Error && again.name === 'TransactionInProgressException')
        throw Object.assign(new Error('transaction still in progress'), { name: 'ServiceUnavailable' });
      throw again;
    }
  }
}

/** Whether a condition failed: any one, or the one of the item at `index`. */
export function isConditionFailure(error: unknown, index?: number): boolean {
  if (!(error instanceof TransactionCanceledException)) return false;
  const reasons = error.CancellationReasons ?? [];
  return index === undefined ? reasons.some((r) => r.Code === 'ConditionalCheckFailed') : reasons[index]?.Code === 'ConditionalCheckFailed';
}
