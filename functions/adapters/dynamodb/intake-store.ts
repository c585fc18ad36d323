// DynamoDB adapter for the intake use case.
import { GetCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import type { IdempotencyRecord } from '../../../domain/cases/model.ts';
import type { IntakeRecords, IntakeStore } from '../../../domain/intake/submit-form.ts';
import {
  associationCaseItem,
  caseItem,
  caseNoteItem,
  caseReferenceItem,
  eventItem,
  idempotencyFromItem,
  idempotencyItem,
  personIndexItems,
  personItem,
  submissionItem,
  workflowStartItem,
  type Item,
} from './items.ts';
import { keys } from './keys.ts';
import { sendTransaction } from './transactions.ts';
import type { FieldSealer } from '../encryption/field-cipher.ts';

export class DynamoIntakeStore implements IntakeStore {
  /** Reference numbers reserved by this process and not yet used, per counter. */
  private readonly reserved = new Map<string, { next: number; last: number }>();

  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    /** Seals the sensitive answers and the raw body before they are written. */
    private readonly sealer: FieldSealer,
    /**
     * References are reserved in blocks (hi/lo): one counter write per block instead of one per
     * submission. Unique always; a process that stops leaves the rest of its block as a gap, and
     * concurrent processes interleave, which the reference format tolerates (unique, gap-tolerant: docs/data-model.md).
     */
    private readonly referenceBlockSize = 10,
  ) {}

  async findIdempotencyRecord(key: string): Promise<IdempotencyRecord | undefined> {
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: keys.idempotency(key), ConsistentRead: true }),
    );
    return Item ? idempotencyFromItem(Item) : undefined;
  }

  async nextReferenceSequence(prefix: string, year: number): Promise<number> {
    const counter = `${prefix}#${year}`;
    const block = this.reserved.get(counter);
    if (block && block.next <= block.last) return block.next++;
    const { Attributes } = await this.client.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: keys.referenceCounter(prefix, year),
        UpdateExpression: 'ADD #seq :block',
        ExpressionAttributeNames: { '#seq': 'sequence' },
        ExpressionAttributeValues: { ':block': this.referenceBlockSize },
        ReturnValues: 'UPDATED_NEW',
      }),
    );
    const last = Number(Attributes?.sequence);
    const first = last - this.referenceBlockSize + 1;
    this.reserved.set(counter, { next: first + 1, last });
    return first;
  }

  async saveIntake(records: IntakeRecords): Promise<'created' | 'duplicate' | 'association-inactive'> {
    const TransactItems = await intakeTransactItems(this.tableName, records, this.sealer);
    // Two identical requests racing each other: the loser sees its condition fail (a duplicate) or,
    // while the winner is still in flight, a TransactionConflict; that one is retried briefly.
    for (let attempt = 1; ; attempt++) {
      try {
        // A new token per attempt: a cancelled transaction was not applied (transactions.ts).
        await sendTransaction(this.client, { TransactItems });
        return 'created';
      } catch (error) {
        if (!(error instanceof TransactionCanceledException)) throw error;
        const codes = (error.CancellationReasons ?? []).map((reason) => reason.Code);
        if (codes[0] === 'ConditionalCheckFailed') return 'duplicate';
        // The association the case hangs off was deactivated (or is gone) since it was checked.
        if (records.caseRecord.partnerId !== undefined && codes[ASSOCIATION_CHECK_INDEX] === 'ConditionalCheckFailed')
          return 'association-inactive';
        if (codes.includes('TransactionConflict') && attempt < 5) {
          await new Promise((resolve) => setTimeout(resolve, 20 * attempt));
          continue;
        }
        throw error;
      }
    }
  }
}

/** Where the check of the case's association stands in an intake's transaction (after the idempotency record). */
const ASSOCIATION_CHECK_INDEX = 1;

/**
 * The items of one intake, each guarded so that nothing is ever overwritten; sensitive values sealed.
 * A case of an association is written only while the association is a registered, active record,
 * checked in the same transaction (a deactivation between the handler's read and this write wins).
 */
export async function intakeTransactItems(tableName: string, records: IntakeRecords, sealer: FieldSealer) {
  const { caseRecord, persons, submission, event, idempotency, workflowStart, notes } = records;
  const put = (Item: Item) => ({ Put: { TableName: tableName, Item, ConditionExpression: 'attribute_not_exists(PK)' } });
  const [submissionSealed, ...personsSealed] = await Promise.all([
    submissionItem(submission, sealer),
    ...persons.map((person) => personItem(person, sealer)),
  ]);
  const notesSealed = await Promise.all(notes.map((note) => caseNoteItem(note, sealer)));
  // A case of an association (submitted by its staff or on its behalf): listed under it.
  const associationEntry = associationCaseItem(caseRecord);
  const associationCheck = caseRecord.partnerId
    ? [
        {
          ConditionCheck: {
            TableName: tableName,
            Key: keys.association(caseRecord.partnerId),
            ConditionExpression: 'attribute_exists(PK) AND #status = :active',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: { ':active': 'active' },
          },
        },
      ]
    : [];
  return [
    // First, so that a duplicate key is recognised by its cancellation reason at index 0.
    put(idempotencyItem(idempotency)),
    // At ASSOCIATION_CHECK_INDEX.
    ...associationCheck,
    put(caseItem(caseRecord)),
    put(caseReferenceItem(caseRecord)),
    put(submissionSealed),
    put(eventItem(event)),
    put(workflowStartItem(workflowStart)),
    ...personsSealed.map(put),
    ...notesSealed.map(put),
    // Each person under the hashes of their identity (the data-protection officer finds them) and of
    // their names' tokens and phone (the person search).
    ...persons.flatMap((person) => personIndexItems(person).map(put)),
    ...(associationEntry ? [put(associationEntry)] : []),
  ];
}
