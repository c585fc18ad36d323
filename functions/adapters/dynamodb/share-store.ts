// DynamoDB adapter: the shares of a case with partner associations, and the record of every
// partner read. Shares live in the case's partition (SK SHARE#{shareId}): one Query with the case.
import { PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { CaseEvent, CaseRecord } from '../../../domain/cases/model.ts';
import type { ShareRecord } from '../../../domain/sharing/shares.ts';
import { eventItem, shareFromItem, shareItem } from './items.ts';
import { keys } from './keys.ts';
import { queryAll } from './query.ts';
import { isConditionFailure, transact, TableWrites } from './transactions.ts';

export class DynamoShareStore {
  private readonly writes: TableWrites;

  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {
    this.writes = new TableWrites(tableName);
  }

  async sharesOfCase(caseId: string): Promise<ShareRecord[]> {
    const items = await queryAll(this.client, this.tableName, keys.sharesOfCase(caseId));
    return items.map(shareFromItem);
  }

  /**
   * The share and its history event, only while the case is open and unchanged since the read its
   * consent was checked on (a consent revoked meanwhile changes the case's version). 'case-changed'
   * when it closed or changed meanwhile.
   */
  async createShare(share: ShareRecord, event: CaseEvent, caseVersion: number): Promise<'created' | 'case-changed'> {
    try {
      await transact(this.client, [
        {
          ConditionCheck: {
            TableName: this.tableName,
            Key: keys.case(share.caseId),
            ConditionExpression: '#status = :open AND #version = :version',
            ExpressionAttributeNames: { '#status': 'status', '#version': 'version' },
            ExpressionAttributeValues: { ':open': 'open', ':version': caseVersion },
          },
        },
        this.writes.put(shareItem(share), 'attribute_not_exists(PK)'),
        this.writes.put(eventItem(event)),
      ]);
      return 'created';
    } catch (error) {
      if (isConditionFailure(error, 0)) return 'case-changed';
      throw error;
    }
  }

  /** Ends a share once, with its history event; 'already-ended' when it was revoked meanwhile. */
  async revokeShare(share: ShareRecord, revokedAt: string, revokedBy: string, event: CaseEvent): Promise<'revoked' | 'already-ended'> {
    try {
      await transact(this.client, [
        {
          Update: {
            TableName: this.tableName,
            Key: keys.caseShare(share.caseId, share.shareId),
            UpdateExpression: 'SET revokedAt = :at, revokedBy = :by',
            ConditionExpression: 'attribute_exists(PK) AND attribute_not_exists(revokedAt)',
            ExpressionAttributeValues: { ':at': revokedAt, ':by': revokedBy },
          },
        },
        this.writes.put(eventItem(event)),
      ]);
      return 'revoked';
    } catch (error) {
      if (isConditionFailure(error, 0)) return 'already-ended';
      throw error;
    }
  }

  /** A change of consent: the case's consent flags and records (versioned), its event, and the shares it ends. */
  async changeConsent(
    found: CaseRecord,
    changes: Pick<CaseRecord, 'facts' | 'consents'>,
    event: CaseEvent,
    endedShares: { share: ShareRecord; event: CaseEvent }[],
  ): Promise<boolean> {
    try {
      await transact(this.client, [
        this.writes.caseUpdate(found, { ...changes, updatedAt: event.at }),
        this.writes.put(eventItem(event)),
        ...endedShares.flatMap(({ share, event: ended }) => [
          {
            Update: {
              TableName: this.tableName,
              Key: keys.caseShare(share.caseId, share.shareId),
              UpdateExpression: 'SET revokedAt = :at, revokedBy = :by',
              ConditionExpression: 'attribute_exists(PK) AND attribute_not_exists(revokedAt)',
              ExpressionAttributeValues: { ':at': ended.at, ':by': ended.actor.kind === 'public' ? 'public' : ended.actor.id },
            },
          },
          this.writes.put(eventItem(ended)),
        ]),
      ]);
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  /** The access record of a partner read: one history event (ids only). */
  async recordRead(event: CaseEvent): Promise<void> {
    await this.client.send(new PutCommand({ TableName: this.tableName, Item: eventItem(event) }));
  }
}
