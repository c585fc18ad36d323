// DynamoDB adapter: reading a case, its persons and its timeline.
import { GetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { CaseEvent, CaseRecord, PersonRecord } from '../../../domain/cases/model.ts';
import { caseFromItem, eventFromItem, personFromItem } from './items.ts';
import { keys } from './keys.ts';
import { queryAll } from './query.ts';
import type { FieldOpener } from '../encryption/field-cipher.ts';

/** The case; `consistent` for a read that a conditional write will follow. */
export async function getCase(
  client: DynamoDBDocumentClient,
  tableName: string,
  caseId: string,
  consistent = false,
): Promise<CaseRecord | undefined> {
  const { Item } = await client.send(
    new GetCommand({ TableName: tableName, Key: keys.case(caseId), ...(consistent ? { ConsistentRead: true } : {}) }),
  );
  return Item ? caseFromItem(Item) : undefined;
}

export class DynamoCaseReader {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    /**
     * Opens persons' sensitive answers: given only to the functions granted kms:Decrypt on the
     * field key. Without it, persons are read without those answers.
     */
    private readonly opener?: FieldOpener,
  ) {}

  async getCase(caseId: string): Promise<CaseRecord | undefined> {
    return getCase(this.client, this.tableName, caseId);
  }

  async getPersons(caseId: string): Promise<PersonRecord[]> {
    const items = await queryAll(this.client, this.tableName, keys.personsOfCase(caseId));
    return Promise.all(items.map((item) => personFromItem(item, this.opener)));
  }

  async getHistory(caseId: string): Promise<CaseEvent[]> {
    const items = await queryAll(this.client, this.tableName, keys.eventsOfCase(caseId));
    return items.map(eventFromItem);
  }
}
