// DynamoDB adapter: the shares of a case with partner associations, and the record of every
// partner read. Shares live in the case's partition (SK SHARE#{shareId}): one Query with the case.
// Every change of a case's shares is one transaction with what follows from them: the case's
// `partnerAccess` (versioned, so that it serializes with every other change of the case) and the
// partners' list entries, and the partner queues of the case's open partner tasks.
import { PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { CaseEvent, CaseNote, CaseRecord } from '../../../domain/cases/model.ts';
import type { OutboxMessage } from '../../../domain/notifications/model.ts';
import type { ShareRecord } from '../../../domain/sharing/shares.ts';
import type { TaskRecord } from '../../../domain/tasks/model.ts';
import { partnerAccessOf } from '../../../domain/access/cases.ts';
import { claimEndsWithAccess, taskSharing } from '../../../domain/access/tasks.ts';
import { sharedStepMessages } from '../../../domain/tasks/open-task.ts';
import { getCase } from './case-reader.ts';
import { caseNoteItem, eventItem, shareFromItem, shareItem } from './items.ts';
import type { FieldSealer } from '../encryption/field-cipher.ts';
import { keys } from './keys.ts';
import { queryAll } from './query.ts';
import { openTasksOfCase } from './task-store.ts';
import { isConditionFailure, transact, TableWrites, type TransactItem } from './transactions.ts';

/** Attempts of a share change when the case or one of its tasks changed between its reads and its write. */
const ATTEMPTS = 5;

export class DynamoShareStore {
  private readonly writes: TableWrites;

  /** `sealer`: for a function that writes case notes (a partner's own words about a rejected referral). */
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly sealer?: FieldSealer,
  ) {
    this.writes = new TableWrites(tableName);
  }

  /** `consistent` for a read a conditional write follows. */
  async sharesOfCase(caseId: string, consistent = false): Promise<ShareRecord[]> {
    const items = await queryAll(this.client, this.tableName, { ...keys.sharesOfCase(caseId), consistent });
    return items.map(shareFromItem);
  }

  /**
   * The share and its history event, with what it grants (the partner's list, the partner queues of
   * the case's open partner tasks), only while the case, read again, still allows it (`stillAllowed`:
   * open, the consent it was decided on not revoked meanwhile, its service not referred meanwhile:
   * given the case and its shares); the write is conditional on the version of that read. 'case-changed' when it no longer allows it.
   */
  async createShare(
    share: ShareRecord,
    event: CaseEvent,
    stillAllowed: (current: CaseRecord, shares: readonly ShareRecord[]) => boolean,
    messages: readonly OutboxMessage[] = [],
  ): Promise<'created' | 'case-changed'> {
    for (let attempt = 1; ; attempt++) {
      const found = await getCase(this.client, this.tableName, share.caseId, true);
      if (!found) return 'case-changed';
      const [shares, tasks] = await Promise.all([
        this.sharesOfCase(share.caseId, true),
        openTasksOfCase(this.client, this.tableName, share.caseId),
      ]);
      if (!stillAllowed(found, shares)) return 'case-changed';
      try {
        await transact(this.client, [
          ...this.effects(found, [...shares, share], tasks, event),
          this.writes.put(shareItem(share), 'attribute_not_exists(PK)'),
          this.writes.put(eventItem(event)),
          ...messages.map((message) => this.writes.outboxPut(message)),
        ]);
        return 'created';
      } catch (error) {
        // The case (its version: a stage, another share) or one of its tasks changed: read again.
        if (isConditionFailure(error) && attempt < ATTEMPTS) continue;
        throw error;
      }
    }
  }

  /**
   * Ends a share once, with its history event, and takes away what it granted in the same
   * transaction (the partner's list entry, the partner queue entries of the case's open tasks) unless
   * another active share still grants it; 'already-ended' when it was revoked meanwhile.
   */
  async revokeShare(share: ShareRecord, revokedAt: string, revokedBy: string, event: CaseEvent): Promise<'revoked' | 'already-ended'> {
    for (let attempt = 1; ; attempt++) {
      const found = await getCase(this.client, this.tableName, share.caseId, true);
      if (!found) throw new Error('case not found');
      const [shares, tasks] = await Promise.all([
        this.sharesOfCase(share.caseId, true),
        openTasksOfCase(this.client, this.tableName, share.caseId),
      ]);
      const current = shares.find((s) => s.shareId === share.shareId);
      if (!current || current.revokedAt !== undefined || current.status === 'rejected') return 'already-ended';
      const after = shares.map((s) => (s.shareId === share.shareId ? { ...s, revokedAt, revokedBy } : s));
      const effects = this.effects(found, after, tasks, event);
      try {
        await transact(this.client, [
          ...effects,
          {
            Update: {
              TableName: this.tableName,
              Key: keys.caseShare(share.caseId, share.shareId),
              UpdateExpression: 'SET revokedAt = :at, revokedBy = :by',
              // A referral rejected meanwhile granted nothing to end.
              ConditionExpression:
                'attribute_exists(PK) AND attribute_not_exists(revokedAt) AND (attribute_not_exists(#status) OR #status <> :rejected)',
              ExpressionAttributeNames: { '#status': 'status' },
              ExpressionAttributeValues: { ':at': revokedAt, ':by': revokedBy, ':rejected': 'rejected' },
            },
          },
          this.writes.put(eventItem(event)),
        ]);
        return 'revoked';
      } catch (error) {
        if (isConditionFailure(error, effects.length)) return 'already-ended';
        if (isConditionFailure(error) && attempt < ATTEMPTS) continue;
        throw error;
      }
    }
  }

  /**
   * A partner's answer to a service referral, once: the share as answered (conditional on it being
   * still pending and not revoked), its history event, the note of the partner's own words (sealed),
   * the message to the referrer, and what the answer grants (accepted: the case's `partnerAccess`
   * with that service, the partner queue entries of that service's open tasks; rejected: the
   * partner's list entry gone unless another share still grants it). 'already-answered' when it was
   * answered or revoked meanwhile.
   */
  async answerReferral(
    answered: ShareRecord,
    event: CaseEvent,
    message: OutboxMessage,
    note?: CaseNote,
  ): Promise<'answered' | 'already-answered'> {
    if (note && !this.sealer) throw new Error('writing a case note needs the sensitive-fields key');
    const noteItem = note ? await caseNoteItem(note, this.sealer!) : undefined;
    for (let attempt = 1; ; attempt++) {
      const found = await getCase(this.client, this.tableName, answered.caseId, true);
      if (!found) throw new Error('case not found');
      const [shares, tasks] = await Promise.all([
        this.sharesOfCase(answered.caseId, true),
        openTasksOfCase(this.client, this.tableName, answered.caseId),
      ]);
      const current = shares.find((s) => s.shareId === answered.shareId);
      if (!current || current.revokedAt !== undefined || (current.status ?? 'pending') !== 'pending') return 'already-answered';
      const after = shares.map((s) => (s.shareId === answered.shareId ? answered : s));
      const effects = this.effects(found, after, tasks, event);
      try {
        await transact(this.client, [
          ...effects,
          {
            Update: {
              TableName: this.tableName,
              Key: keys.caseShare(answered.caseId, answered.shareId),
              UpdateExpression: `SET #status = :status, respondedAt = :at, respondedBy = :by${
                answered.rejectionReason ? ', rejectionReason = :reason' : ''
              }${answered.rejectionNoteId ? ', rejectionNoteId = :note' : ''}`,
              ConditionExpression:
                'attribute_exists(PK) AND attribute_not_exists(revokedAt) AND (attribute_not_exists(#status) OR #status = :pending)',
              ExpressionAttributeNames: { '#status': 'status' },
              ExpressionAttributeValues: {
                ':status': answered.status,
                ':at': answered.respondedAt,
                ':by': answered.respondedBy,
                ':pending': 'pending',
                ...(answered.rejectionReason ? { ':reason': answered.rejectionReason } : {}),
                ...(answered.rejectionNoteId ? { ':note': answered.rejectionNoteId } : {}),
              },
            },
          },
          this.writes.put(eventItem(event)),
          this.writes.outboxPut(message),
          ...(noteItem ? [this.writes.put(noteItem, 'attribute_not_exists(PK)')] : []),
        ]);
        return 'answered';
      } catch (error) {
        if (isConditionFailure(error, effects.length)) return 'already-answered';
        if (isConditionFailure(error) && attempt < ATTEMPTS) continue;
        throw error;
      }
    }
  }

  /**
   * A change of consent: the case's consent flags and records (versioned), its event, the shares it
   * ends and what they granted. `shares`: all the case's shares, read (consistently) after `found`.
   */
  async changeConsent(
    found: CaseRecord,
    changes: Pick<CaseRecord, 'facts' | 'consents'>,
    event: CaseEvent,
    endedShares: { share: ShareRecord; event: CaseEvent }[],
    shares: readonly ShareRecord[],
    /** Other writes the change carries (a diaspora expert's register entry), each with its own condition. */
    also: TransactItem[] = [],
  ): Promise<boolean> {
    const ended = new Map(endedShares.map(({ share, event: e }) => [share.shareId, e]));
    const after = shares.map((s) => {
      const e = ended.get(s.shareId);
      return e ? { ...s, revokedAt: e.at, revokedBy: e.actor.kind === 'public' ? 'public' : e.actor.id } : s;
    });
    const tasks = await openTasksOfCase(this.client, this.tableName, found.caseId);
    try {
      await transact(this.client, [
        ...this.effects(found, after, tasks, event, { ...changes, updatedAt: event.at }),
        this.writes.put(eventItem(event)),
        ...endedShares.flatMap(({ share, event: e }) => [
          {
            Update: {
              TableName: this.tableName,
              Key: keys.caseShare(share.caseId, share.shareId),
              UpdateExpression: 'SET revokedAt = :at, revokedBy = :by',
              ConditionExpression: 'attribute_exists(PK) AND attribute_not_exists(revokedAt)',
              ExpressionAttributeValues: { ':at': e.at, ':by': e.actor.kind === 'public' ? 'public' : e.actor.id },
            },
          },
          this.writes.put(eventItem(e)),
        ]),
        ...also,
      ]);
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  /**
   * Writes again what the case's shares grant now (the case's `partnerAccess`, the list entries, the
   * partner queue entries of its open tasks; a claim made for a partner whose share ended ends), with
   * no change of the shares: for data written before partners' lists followed shares, and to drop
   * ended accesses. Idempotent; false when the case does not exist.
   */
  async refreshAccess(caseId: string, at: Date): Promise<boolean> {
    // Only its time and actor are used: for a claim it ends (`task.claim-ended`).
    const change: CaseEvent = {
      caseId,
      eventId: '',
      at: at.toISOString(),
      type: 'case.access-refreshed',
      actor: { kind: 'system', id: 'access-refresh' },
      details: {},
    };
    for (let attempt = 1; ; attempt++) {
      const found = await getCase(this.client, this.tableName, caseId, true);
      if (!found) return false;
      const [shares, tasks] = await Promise.all([this.sharesOfCase(caseId, true), openTasksOfCase(this.client, this.tableName, caseId)]);
      try {
        await transact(this.client, this.effects(found, shares, tasks, change));
        return true;
      } catch (error) {
        if (isConditionFailure(error) && attempt < ATTEMPTS) continue;
        throw error;
      }
    }
  }

  /** The access record of a partner read: one history event (ids only). */
  async recordRead(event: CaseEvent): Promise<void> {
    await this.client.send(new PutCommand({ TableName: this.tableName, Item: eventItem(event) }));
  }

  /**
   * What the case's shares (as they will be) grant: the case's `partnerAccess` with the partners'
   * list entries (the case update comes first), and each open partner task whose shared partners
   * change, with its partner queue entries; a claim made for a partner that loses the task ends.
   * `change`: the change's event (its time, its actor).
   */
  private effects(
    found: CaseRecord,
    shares: readonly ShareRecord[],
    tasks: readonly TaskRecord[],
    change: CaseEvent,
    changes: Partial<CaseRecord> = {},
  ): TransactItem[] {
    const now = new Date(change.at);
    const partnerAccess = partnerAccessOf(found, shares, now);
    const taskChanges = tasks.flatMap((task) => {
      const sharedWith = taskSharing(task, partnerAccess, now);
      if (JSON.stringify(sharedWith) === JSON.stringify(task.sharedWith ?? [])) return [];
      const release = claimEndsWithAccess(task, sharedWith) ? { actor: change.actor, at: change.at } : undefined;
      // An association the step newly reaches is told, as the case's own association is when it opens.
      const told = sharedStepMessages(task, task.sharedWith ?? [], sharedWith, change.at).map((message) => this.writes.outboxPut(message));
      return [...this.writes.taskSharingChange(task, sharedWith, release), ...told];
    });
    return [...this.writes.caseUpdate(found, { ...changes, partnerAccess }), ...taskChanges];
  }
}
