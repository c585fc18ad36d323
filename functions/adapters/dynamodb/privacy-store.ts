// DynamoDB adapter for the data subjects' requests and retention (docs/data-protection.md): finding
// a person by the hashes of their identity, reading all a case holds, writing a correction with its
// audit item, erasing persons from a case, and the index of closed cases retention reads.
// Persons are read through the case reader and written through `personItem`, the one mapping of a
// person to its item (which is where their fields are protected).
import { GetCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { CaseEvent, CaseNote, CaseRecord, PersonRecord, SubmissionRecord } from '../../../domain/cases/model.ts';
import type { CorrectionAudit } from '../../../domain/privacy/correction.ts';
import { erasedPerson, type CaseErasurePlan } from '../../../domain/privacy/erasure.ts';
import type { CaseHoldings } from '../../../domain/privacy/export.ts';
import type { IdentityKey } from '../../../domain/privacy/identity.ts';
import { DynamoCaseReader, getCase } from './case-reader.ts';
import {
  caseNoteFromItem,
  caseNoteItem,
  caseTaskFromItem,
  closedCaseFromItem,
  correctionAuditFromItem,
  correctionAuditItem,
  identityEntryFromItem,
  personIndexItems,
  personItem,
  shareFromItem,
  subjectEntryFromItem,
  submissionFromItem,
  submissionItem,
  type ClosedCaseEntry,
  type IdentityEntry,
  type Item,
} from './items.ts';
import { keys } from './keys.ts';
import type { FieldCipher, FieldSealer } from '../encryption/field-cipher.ts';
import { queryAll } from './query.ts';
import { getTask } from './task-store.ts';
import { isConditionFailure, TableWrites, transact, type TransactItem } from './transactions.ts';

/** DynamoDB's limit on the items of one transaction. */
const MAX_TRANSACTION_ITEMS = 100;

/** The sealer of erased items: they hold no value to seal, so it is never called. */
const NOTHING_TO_SEAL: FieldSealer = {
  seal: () => Promise.reject(new Error('an erased item has nothing to seal')),
};

export class DynamoPrivacyStore {
  private readonly writes: TableWrites;
  private readonly reader: DynamoCaseReader;

  /**
   * `cipher`: for a function granted the sensitive-fields key (docs/encryption.md). Without it, the
   * persons come back without their sensitive answers and the submissions without their raw body,
   * enough to find and erase them; an export needs it to open them, a correction to keep them.
   */
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly cipher?: FieldCipher,
  ) {
    this.writes = new TableWrites(tableName);
    this.reader = new DynamoCaseReader(client, tableName, cipher);
  }

  /** The persons indexed under any of these identity hashes, once each. */
  async findByIdentity(identity: IdentityKey[]): Promise<IdentityEntry[]> {
    const pages = await Promise.all(identity.map((key) => queryAll(this.client, this.tableName, keys.identityEntries(key.hash))));
    const found = new Map<string, IdentityEntry>();
    for (const item of pages.flat()) {
      const entry = identityEntryFromItem(item);
      found.set(`${entry.caseId}/${entry.personId}`, entry);
    }
    return [...found.values()];
  }

  /** The person records sharing a subject with these (SUBJECT# entries, one Query per subject). */
  async linkedRecords(records: { caseId: string; personId: string }[]): Promise<{ caseId: string; personId: string }[]> {
    const subjects = await Promise.all(
      records.map(async ({ caseId, personId }) => {
        const { Item } = await this.client.send(
          new GetCommand({ TableName: this.tableName, Key: keys.person(caseId, personId), ProjectionExpression: 'personId, subjectId' }),
        );
        return typeof Item?.subjectId === 'string' ? Item.subjectId : personId;
      }),
    );
    const members = await Promise.all(
      [...new Set(subjects)].map((subjectId) => queryAll(this.client, this.tableName, keys.subjectEntries(subjectId))),
    );
    return members
      .flat()
      .map(subjectEntryFromItem)
      .map(({ caseId, personId }) => ({ caseId, personId }));
  }

  async caseIdOfReference(reference: string): Promise<string | undefined> {
    const { Item } = await this.client.send(new GetCommand({ TableName: this.tableName, Key: keys.caseReference(reference) }));
    return typeof Item?.caseId === 'string' ? Item.caseId : undefined;
  }

  async getCase(caseId: string, consistent = false): Promise<CaseRecord | undefined> {
    return getCase(this.client, this.tableName, caseId, consistent);
  }

  async getPersons(caseId: string): Promise<PersonRecord[]> {
    return this.reader.getPersons(caseId);
  }

  /** Everything a case holds (its persons all, for the caller to choose from). */
  async holdings(caseId: string): Promise<CaseHoldings | undefined> {
    const [found, persons, items] = await Promise.all([
      getCase(this.client, this.tableName, caseId, true),
      this.reader.getPersons(caseId),
      queryAll(this.client, this.tableName, { ...keys.casePartition(caseId), consistent: true }),
    ]);
    if (!found) return undefined;
    const of = (prefix: string) => items.filter((item) => typeof item.SK === 'string' && item.SK.startsWith(prefix));
    const links = of('TASK#').map(caseTaskFromItem);
    const tasks = await Promise.all(links.map((link) => getTask(this.client, this.tableName, link.taskId)));
    return {
      case: found,
      persons,
      submissions: await Promise.all(of('SUBMISSION#').map((item) => submissionFromItem(item, this.cipher))),
      notes: await Promise.all(of('NOTE#').map((item) => caseNoteFromItem(item, this.cipher))),
      corrections: of('AUDIT#').map(correctionAuditFromItem),
      shares: of('SHARE#').map(shareFromItem),
      tasks: tasks.filter((task) => task !== undefined),
      history: await this.reader.getHistory(caseId),
    };
  }

  async recordEvents(events: CaseEvent[]): Promise<void> {
    for (let i = 0; i < events.length; i += MAX_TRANSACTION_ITEMS) {
      await transact(
        this.client,
        events.slice(i, i + MAX_TRANSACTION_ITEMS).map((event) => this.writes.eventPut(event)),
      );
    }
  }

  /**
   * The corrected person, conditional on the person as read (not erased, not corrected meanwhile),
   * with the audit item, the history event and the identity entries that follow the new data.
   * False when the person changed meanwhile.
   */
  async saveCorrection(before: PersonRecord, after: PersonRecord, audit: CorrectionAudit, event: CaseEvent): Promise<boolean> {
    const w = this.writes;
    const oldEntries = personIndexItems(before);
    const newEntries = personIndexItems(after);
    const sk = (item: Item) => `${String(item.PK)}|${String(item.SK)}`;
    const kept = new Set(newEntries.map(sk));
    const added = new Set(oldEntries.map(sk));
    // The person was read with its sensitive answers opened: they are sealed again as they are written.
    if (!this.cipher) throw new Error('a correction needs the sensitive-fields key');
    const personPut = w.put(await personItem(after, this.cipher));
    // The whole item is written again: also conditional on its link as read (a link confirmed or undone meanwhile is kept).
    const link = before.subjectId !== undefined ? 'subjectId = :subject' : 'attribute_not_exists(subjectId)';
    personPut.Put!.ConditionExpression = before.updatedAt
      ? `attribute_exists(PK) AND attribute_not_exists(erasedAt) AND updatedAt = :previous AND ${link}`
      : `attribute_exists(PK) AND attribute_not_exists(erasedAt) AND attribute_not_exists(updatedAt) AND ${link}`;
    const values: Record<string, unknown> = {};
    if (before.updatedAt) values[':previous'] = before.updatedAt;
    if (before.subjectId !== undefined) values[':subject'] = before.subjectId;
    if (Object.keys(values).length > 0) personPut.Put!.ExpressionAttributeValues = values;
    try {
      await transact(this.client, [
        personPut,
        w.put(correctionAuditItem(audit), 'attribute_not_exists(PK)'),
        w.eventPut(event),
        ...oldEntries.filter((item) => !kept.has(sk(item))).map((item) => w.delete({ PK: String(item.PK), SK: String(item.SK) })),
        ...newEntries.filter((item) => !added.has(sk(item))).map((item) => w.put(item)),
      ]);
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  /**
   * Erases the plan's persons from the case read in `holdings`: their items emptied, the case's
   * submissions and notes emptied, the previous values of their corrections removed, their identity
   * entries and the submissions' idempotency records deleted, the event written; the case, marked
   * anonymised when no one is left, conditional on its version (and, for retention, on being closed).
   * One transaction when it fits, else several (each write is safe to repeat; the case and the
   * event go last). False when the case or a person changed meanwhile.
   */
  async erase(holdings: CaseHoldings, plan: CaseErasurePlan, options: { closedEntry?: ClosedCaseEntry } = {}): Promise<boolean> {
    const w = this.writes;
    const at = plan.event.at;
    const targets = holdings.persons.filter((person) => plan.personIds.includes(person.personId));
    // Erased persons, submissions and notes hold nothing left to seal.
    const erasedPersons = await Promise.all(targets.map((person) => personItem(erasedPerson(person, at), NOTHING_TO_SEAL)));
    const erasedSubmissions = await Promise.all(
      holdings.submissions.filter((s) => !s.erasedAt).map((s) => submissionItem(erasedSubmission(s, at), NOTHING_TO_SEAL)),
    );
    const erasedNotes = await Promise.all(
      holdings.notes.filter((n) => !n.erasedAt).map((n) => caseNoteItem(erasedNote(n, at), NOTHING_TO_SEAL)),
    );
    const items: TransactItem[] = [
      ...erasedPersons.map((item) => w.put(item, 'attribute_exists(PK) AND attribute_not_exists(erasedAt)')),
      ...targets.flatMap(personIndexItems).map((item) => w.delete({ PK: String(item.PK), SK: String(item.SK) })),
      ...erasedSubmissions.map((item) => w.put(item)),
      ...holdings.submissions.filter((s) => s.idempotencyKey !== undefined).map((s) => w.delete(keys.idempotency(s.idempotencyKey!))),
      ...erasedNotes.map((item) => w.put(item)),
      ...holdings.corrections
        .filter((c) => plan.personIds.includes(c.personId) && !c.erasedAt)
        .map((c) => w.put(correctionAuditItem({ ...c, changes: c.changes.map(({ path }) => ({ path })), erasedAt: at }))),
      ...(options.closedEntry
        ? [w.delete(keys.closedCase(options.closedEntry.programme, options.closedEntry.closedAt, options.closedEntry.caseId))]
        : []),
    ];
    const [caseUpdate, ...partnerAccess] = w.caseUpdate(holdings.case, plan.anonymised ? { anonymisedAt: at } : {});
    if (options.closedEntry) {
      const u = caseUpdate!.Update!;
      u.ConditionExpression = `${u.ConditionExpression} AND #status = :closed`;
      u.ExpressionAttributeNames = { ...u.ExpressionAttributeNames, '#status': 'status' };
      u.ExpressionAttributeValues = { ...u.ExpressionAttributeValues, ':closed': 'closed' };
    }
    const last = [caseUpdate!, ...partnerAccess, w.eventPut(plan.event)];
    const chunks: TransactItem[][] = [];
    for (let i = 0; i < items.length; i += MAX_TRANSACTION_ITEMS) chunks.push(items.slice(i, i + MAX_TRANSACTION_ITEMS));
    if (chunks.length > 0 && chunks[chunks.length - 1]!.length + last.length <= MAX_TRANSACTION_ITEMS)
      chunks[chunks.length - 1]!.push(...last);
    else chunks.push(last);
    try {
      for (const chunk of chunks) await transact(this.client, chunk);
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  /** Closed cases of a programme closed at or before `cutoff`, oldest first, at most `limit`. */
  async closedCasesDue(programme: string, cutoff: string, limit: number): Promise<ClosedCaseEntry[]> {
    const { Items } = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'PK = :pk AND SK <= :cutoff',
        // The sort key is `{closedAt}#{caseId}`: everything closed at the cutoff instant sorts before `~`.
        ExpressionAttributeValues: { ':pk': keys.closedCases(programme).PK, ':cutoff': `${cutoff}#~` },
        Limit: limit,
      }),
    );
    return (Items ?? []).map(closedCaseFromItem);
  }

  /** Retention found the case already anonymised (by a request): its entry goes. */
  async forgetClosedCase(entry: ClosedCaseEntry): Promise<void> {
    await transact(this.client, [this.writes.delete(keys.closedCase(entry.programme, entry.closedAt, entry.caseId))]);
  }
}

function erasedSubmission(submission: SubmissionRecord, at: string): SubmissionRecord {
  const { idempotencyKey: _key, ...rest } = submission;
  return { ...rest, rawBody: '', fingerprint: '', erasedAt: at };
}

function erasedNote(note: CaseNote, at: string): CaseNote {
  return { ...note, text: '', erasedAt: at };
}
