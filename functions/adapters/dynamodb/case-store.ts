// DynamoDB adapter for what workflows do to a case: its changes, conditional on the version read,
// with the closing of its open tasks, its history event and its notifications in one transaction.
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { CaseEvent, CaseNote, CaseRecord } from '../../../domain/cases/model.ts';
import type { CaseActionStore } from '../../../domain/cases/case-actions.ts';
import type { OutboxMessage } from '../../../domain/notifications/model.ts';
import type { TaskRecord } from '../../../domain/tasks/model.ts';
import { getCase } from './case-reader.ts';
import type { FieldSealer } from '../encryption/field-cipher.ts';
import { caseNoteItem, closedCaseItem } from './items.ts';
import { getTask, openTasksOfCase } from './task-store.ts';
import { isConditionFailure, TableWrites, transact, type TransactItem } from './transactions.ts';

export class DynamoCaseStore implements CaseActionStore {
  private readonly writes: TableWrites;

  /** `sealer`: for a function that writes case notes (free text, sealed: docs/encryption.md). */
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly sealer?: FieldSealer,
  ) {
    this.writes = new TableWrites(tableName);
  }

  async getCase(caseId: string): Promise<CaseRecord | undefined> {
    return getCase(this.client, this.tableName, caseId, true);
  }

  async getTask(taskId: string): Promise<TaskRecord | undefined> {
    return getTask(this.client, this.tableName, taskId);
  }

  async openTasksOfCase(caseId: string): Promise<TaskRecord[]> {
    return openTasksOfCase(this.client, this.tableName, caseId);
  }

  async updateCase(
    found: CaseRecord,
    changes: Partial<CaseRecord>,
    event: CaseEvent,
    extra: { cancelTasks?: TaskRecord[]; expireTask?: TaskRecord; messages?: OutboxMessage[]; notes?: CaseNote[] } = {},
  ): Promise<boolean> {
    const w = this.writes;
    const notes = extra.notes ?? [];
    if (notes.length > 0 && !this.sealer) throw new Error('writing a case note needs the sensitive-fields key');
    const noteItems = await Promise.all(notes.map((note) => caseNoteItem(note, this.sealer!)));
    const closing = (task: TaskRecord, status: 'cancelled' | 'expired'): TransactItem[] => [
      w.taskUpdate(task, { status, updatedAt: event.at }, '#status = :open'),
      ...w.queueDeletes(task),
      w.caseTaskStatus(task, status),
    ];
    try {
      await transact(this.client, [
        ...w.caseUpdate(found, changes),
        w.eventPut(event),
        ...(extra.cancelTasks ?? []).flatMap((task) => closing(task, 'cancelled')),
        ...(extra.expireTask ? closing(extra.expireTask, 'expired') : []),
        ...(extra.messages ?? []).map((message) => w.outboxPut(message)),
        ...noteItems.map((item) => w.put(item, 'attribute_not_exists(PK)')),
        // A closure enters the index retention reads (docs/data-protection.md).
        ...(changes.status === 'closed' && changes.closedAt
          ? [w.put(closedCaseItem({ caseId: found.caseId, programme: found.programme, closedAt: changes.closedAt }))]
          : []),
      ]);
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }
}
