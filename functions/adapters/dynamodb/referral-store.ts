// DynamoDB adapter for a referral to another programme: the new case with its persons (sealed
// again under the new case), reference, event, identity entries and workflow start, and the source
// case's change and event, in one transaction conditional on the source case's version.
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { CaseRecord, PersonRecord } from '../../../domain/cases/model.ts';
import type { ReferralRecords, ReferralStore } from '../../../domain/cases/referral.ts';
import type { FieldOpener, FieldSealer } from '../encryption/field-cipher.ts';
import { DynamoCaseReader, getCase } from './case-reader.ts';
import { DynamoIntakeStore } from './intake-store.ts';
import { caseItem, caseReferenceItem, personIndexItems, personItem, subjectEntryItem, workflowStartItem } from './items.ts';
import { keys } from './keys.ts';
import { isConditionFailure, TableWrites, transact } from './transactions.ts';

export class DynamoReferralStore implements ReferralStore {
  private readonly writes: TableWrites;
  private readonly reader: DynamoCaseReader;
  private readonly references: DynamoIntakeStore;

  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    /** Opens the source case's sensitive answers and seals them again under the new case. */
    private readonly cipher: FieldSealer & FieldOpener,
  ) {
    this.writes = new TableWrites(tableName);
    this.reader = new DynamoCaseReader(client, tableName, cipher);
    this.references = new DynamoIntakeStore(client, tableName, cipher);
  }

  getCase(caseId: string): Promise<CaseRecord | undefined> {
    return getCase(this.client, this.tableName, caseId, true);
  }

  getPersons(caseId: string): Promise<PersonRecord[]> {
    return this.reader.getPersons(caseId);
  }

  nextReferenceSequence(prefix: string, year: number): Promise<number> {
    return this.references.nextReferenceSequence(prefix, year);
  }

  async saveReferral(records: ReferralRecords): Promise<boolean> {
    const w = this.writes;
    const fresh = 'attribute_not_exists(PK)';
    const persons = await Promise.all(records.persons.map((person) => personItem(person, this.cipher)));
    try {
      await transact(this.client, [
        // First: the source case as read (a concurrent change, another referral, fails here).
        ...w.caseUpdate(records.source, records.sourceChanges),
        w.eventPut(records.sourceEvent),
        w.put(caseItem(records.target), fresh),
        w.put(caseReferenceItem(records.target), fresh),
        w.eventPut(records.targetEvent),
        w.put(workflowStartItem(records.workflowStart), fresh),
        ...persons.map((item) => w.put(item, fresh)),
        // The data-protection officer finds the person in the new case too.
        ...records.persons.flatMap((person) => personIndexItems(person).map((item) => w.put(item, fresh))),
        // One person across programmes: the source person takes its subject explicitly (as a
        // confirmed match does), and both records are listed under it, so that the officer's
        // search, export and erasure reach every linked case.
        ...records.sourceSubjects.flatMap(({ personId, subjectId }) => [
          {
            Update: {
              TableName: this.tableName,
              Key: keys.person(records.source.caseId, personId),
              UpdateExpression: 'SET subjectId = :s',
              ConditionExpression: 'attribute_exists(PK) AND (attribute_not_exists(subjectId) OR subjectId = :s)',
              ExpressionAttributeValues: { ':s': subjectId },
            },
          },
          w.put(subjectEntryItem({ subjectId, caseId: records.source.caseId, personId })),
        ]),
        ...records.persons.map((person) =>
          w.put(subjectEntryItem({ subjectId: person.subjectId!, caseId: person.caseId, personId: person.personId })),
        ),
      ]);
      return true;
    } catch (error) {
      if (isConditionFailure(error, 0)) return false;
      throw error;
    }
  }
}
