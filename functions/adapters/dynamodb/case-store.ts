// DynamoDB adapter for what workflows do to a case: its changes, conditional on the version read,
// with the closing of its open tasks, its history event and its notifications in one transaction.
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { CaseEvent, CaseRecord } from '../../../domain/cases/model.ts';
import type { CaseActionStore, CaseChangeExtras } from '../../../domain/cases/case-actions.ts';
import type { LinkedChange } from '../../../domain/cases/referral.ts';
import type { TaskRecord } from '../../../domain/tasks/model.ts';
import { getCase } from './case-reader.ts';
import type { FieldSealer } from '../encryption/field-cipher.ts';
import {
  assignmentItem,
  caseNoteItem,
  closedCaseItem,
  needListingItem,
  returneeListingItem,
  workflowStartItem,
  workflowStopItem,
} from './items.ts';
import { returneeListingOf } from '../../../domain/migration-development/returnee-listing.ts';
import { needListingOf, type NeedListing } from '../../../domain/migration-development/need-case-actions.ts';
import { keys, type ItemKey } from './keys.ts';
import { awaitedTasksOfCase, getTask, openTasksOfCase } from './task-store.ts';
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

  async awaitedTasksOfCase(caseId: string, step: string): Promise<TaskRecord[]> {
    return awaitedTasksOfCase(this.client, this.tableName, caseId, step);
  }

  async updateCase(found: CaseRecord, changes: Partial<CaseRecord>, event: CaseEvent, extra: CaseChangeExtras = {}): Promise<boolean> {
    const w = this.writes;
    const notes = extra.notes ?? [];
    if (notes.length > 0 && !this.sealer) throw new Error('writing a case note needs the sensitive-fields key');
    const noteItems = await Promise.all(notes.map((note) => caseNoteItem(note, this.sealer!)));
    const closing = (task: TaskRecord, status: 'cancelled' | 'expired'): TransactItem[] => [
      // A step that timed out expires its task open or completing (a decision begun, never known
      // delivered); a case closed cancels open tasks only.
      w.taskUpdate(
        task,
        { status, updatedAt: event.at },
        status === 'expired' ? '(#status = :open OR #status = :completing)' : '#status = :open',
      ),
      ...w.queueDeletes(task),
      w.caseTaskStatus(task, status),
    ];
    const closure = (record: CaseRecord, after: Partial<CaseRecord>): TransactItem[] =>
      // A closure enters the index retention reads (docs/data-protection.md); a reopening leaves it.
      after.status === 'closed' && after.closedAt
        ? [w.put(closedCaseItem({ caseId: record.caseId, programme: record.programme, closedAt: after.closedAt }))]
        : after.status === 'open' && record.closedAt
          ? [w.delete(keys.closedCase(record.programme, record.closedAt, record.caseId))]
          : [];
    // A host institution's need listed for matching (GET /needs) while its case is open and its need
    // open for matching: the listing follows the case in the same transaction.
    const listing = (record: CaseRecord, after: Partial<CaseRecord>): TransactItem[] => {
      const before = needListingOf(record);
      const now = needListingOf({ ...record, ...after });
      if (JSON.stringify(before) === JSON.stringify(now)) return [];
      const keyOf = (l: NeedListing): ItemKey => {
        const { PK, SK } = keys.needListing(l.status, l.sector, l.validatedAt, l.caseId);
        return { PK, SK };
      };
      const moved = before !== undefined && (now === undefined || keyOf(before).PK + keyOf(before).SK !== keyOf(now).PK + keyOf(now).SK);
      return [...(moved ? [w.delete(keyOf(before))] : []), ...(now ? [w.put(needListingItem(now))] : [])];
    };
    // A qualified national waiting for an opportunity (matching's job offers) while the case is open at
    // stage `opportunity` and not matched: listed when it gets there (`reachedAt`), removed as it leaves.
    const returnee = (record: CaseRecord, after: Partial<CaseRecord>): TransactItem[] => {
      const before = returneeListingOf(record);
      const now = returneeListingOf({ ...record, ...after });
      if (before?.sector === now?.sector && (before === undefined) === (now === undefined)) return [];
      return [
        ...(before ? [w.delete(keys.returneeListing(before.sector, before.caseId))] : []),
        ...(now ? [w.put(returneeListingItem({ ...now, reachedAt: after.updatedAt ?? event.at }))] : []),
      ];
    };
    const linked = (change: LinkedChange): TransactItem[] => [
      ...w.caseUpdate(change.found, change.changes),
      w.eventPut(change.event),
      ...(change.cancelTasks ?? []).flatMap((task) => closing(task, 'cancelled')),
      ...(change.messages ?? []).map((message) => w.outboxPut(message)),
      ...(change.workflowStart ? [w.put(workflowStartItem(change.workflowStart), 'attribute_not_exists(PK)')] : []),
      ...(change.workflowStop ? [w.put(workflowStopItem(change.workflowStop), 'attribute_not_exists(PK)')] : []),
      ...closure(change.found, change.changes),
      ...returnee(change.found, change.changes),
    ];
    try {
      await transact(this.client, [
        ...w.caseUpdate(found, changes, extra.removals),
        w.eventPut(event),
        ...(extra.cancelTasks ?? []).flatMap((task) => closing(task, 'cancelled')),
        ...(extra.expireTask ? closing(extra.expireTask, 'expired') : []),
        ...(extra.messages ?? []).map((message) => w.outboxPut(message)),
        ...noteItems.map((item) => w.put(item, 'attribute_not_exists(PK)')),
        ...(extra.workflowStarts ?? []).map((start) => w.put(workflowStartItem(start), 'attribute_not_exists(PK)')),
        ...closure(found, changes),
        ...listing(found, changes),
        ...returnee(found, changes),
        ...(extra.linked ?? []).flatMap(linked),
        ...(extra.assignments ?? []).map((assignment) => w.put(assignmentItem(assignment), 'attribute_not_exists(PK)')),
      ]);
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }
}
