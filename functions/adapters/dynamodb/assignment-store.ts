// DynamoDB adapter of experts' assignments (`EXPERT#{expertCaseId}` / `ASSIGNMENT#{needCaseId}`,
// docs/data-model.md): matching writes an entry once (status `confirmed`), the assignment workflow
// moves it on, each write conditional (never over an existing entry; a change only over the
// version it read). An expert's assignments are one Query of their partition.
import { GetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { AssignmentEntry, AssignmentStore } from '../../../domain/migration-development/assignment-case-actions.ts';
import { conditionalPut } from './conditional-put.ts';
import { assignmentFromItem, assignmentItem } from './items.ts';
import { keys } from './keys.ts';
import { queryAll } from './query.ts';

export class DynamoAssignmentStore implements AssignmentStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async getAssignment(expertCaseId: string, needCaseId: string): Promise<AssignmentEntry | undefined> {
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: keys.assignment(expertCaseId, needCaseId), ConsistentRead: true }),
    );
    return Item ? assignmentFromItem(Item) : undefined;
  }

  /** Every assignment an expert has held or holds. */
  async assignmentsOf(expertCaseId: string): Promise<AssignmentEntry[]> {
    return (await queryAll(this.client, this.tableName, keys.assignmentsOfExpert(expertCaseId))).map(assignmentFromItem);
  }

  async putAssignment(entry: AssignmentEntry): Promise<'written' | 'exists'> {
    return (await this.put(entry, { ConditionExpression: 'attribute_not_exists(PK)' })) ? 'written' : 'exists';
  }

  async updateAssignment(changed: AssignmentEntry, readVersion: number): Promise<'updated' | 'stale'> {
    const written = await this.put(changed, {
      ConditionExpression: 'attribute_exists(PK) AND #version = :read',
      ExpressionAttributeNames: { '#version': 'version' },
      ExpressionAttributeValues: { ':read': readVersion },
    });
    return written ? 'updated' : 'stale';
  }

  /** True when the entry is there as written: by this call, or by its attempt the SDK sent again after a timeout (conditional-put.ts). */
  private async put(entry: AssignmentEntry, condition: { ConditionExpression: string } & Record<string, unknown>): Promise<boolean> {
    return (await conditionalPut(this.client, { TableName: this.tableName, Item: assignmentItem(entry), ...condition })) === 'written';
  }
}
