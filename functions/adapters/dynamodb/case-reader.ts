// DynamoDB adapter: reading a case and its timeline.
import { GetCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { CaseEvent, CaseRecord, PersonRecord } from '../../../domain/cases/model.ts';
import { keys } from './keys.ts';

const caseFields = [
  'caseId', 'reference', 'programme', 'caseType', 'formId', 'formVersion', 'stage', 'status', 'facts', 'partnerId',
  'createdAt', 'updatedAt', 'version', 'workflow', 'closureReason', 'closedAt', 'departedAt', 'checkIns', 'latestSustainabilityScore',
] as const;

export class DynamoCaseReader {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async getCase(caseId: string): Promise<CaseRecord | undefined> {
    const { Item } = await this.client.send(new GetCommand({ TableName: this.tableName, Key: keys.case(caseId) }));
    if (!Item) return undefined;
    return Object.fromEntries(caseFields.filter((f) => f in Item).map((f) => [f, Item[f]])) as unknown as CaseRecord;
  }

  async getPersons(caseId: string): Promise<PersonRecord[]> {
    const { PK, skPrefix } = keys.personsOfCase(caseId);
    const items = await this.queryAll(PK, skPrefix);
    return items.map((item) => ({
      personId: item.personId as string,
      caseId: item.caseId as string,
      role: item.role as string,
      data: item.data as Record<string, unknown>,
      createdAt: item.createdAt as string,
    }));
  }

  private async queryAll(PK: string, skPrefix: string): Promise<Record<string, unknown>[]> {
    const items: Record<string, unknown>[] = [];
    let ExclusiveStartKey: Record<string, unknown> | undefined;
    do {
      const page = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'PK = :pk AND begins_with(SK, :sk)',
          ExpressionAttributeValues: { ':pk': PK, ':sk': skPrefix },
          ExclusiveStartKey,
        }),
      );
      items.push(...(page.Items ?? []));
      ExclusiveStartKey = page.LastEvaluatedKey;
    } while (ExclusiveStartKey);
    return items;
  }

  async getHistory(caseId: string): Promise<CaseEvent[]> {
    const { PK, skPrefix } = keys.eventsOfCase(caseId);
    const items = await this.queryAll(PK, skPrefix);
    return items.map((item) => ({
      caseId: item.caseId as string,
      eventId: item.eventId as string,
      at: item.at as string,
      type: item.type as string,
      actor: item.actor as CaseEvent['actor'],
      details: item.details as Record<string, unknown>,
    }));
  }
}
