// DynamoDB adapter of one person across programmes (domain/identity/matches.ts): the identity index
// read at intake (Query per key, never a Scan), the suggestions stored on the new case (once per pair
// of persons, guarded by a pair item), the decisions on them (conditional transactions: a person
// takes a subject only if it has none, the candidate only if its subject is still the one read),
// and the persons sharing a subject (SUBJECT# entries, ids only).
import { GetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { CaseEvent, PersonRecord } from '../../../domain/cases/model.ts';
import type { CandidateRecord, IndexHit, MatchConflict, MatchSuggestion, MatchStore, OtherCase } from '../../../domain/identity/matches.ts';
import { matchSuggestedEvent } from '../../../domain/identity/matches.ts';
import type { IdentityKey } from '../../../domain/privacy/identity.ts';
import { getCase } from './case-reader.ts';
import {
  identityEntryFromItem,
  matchFromItem,
  matchItem,
  matchPairItem,
  personFromItem,
  subjectEntryFromItem,
  subjectEntryItem,
  type SubjectEntry,
} from './items.ts';
import { keys } from './keys.ts';
import { queryAll } from './query.ts';
import { isConditionFailure, TableWrites, transact } from './transactions.ts';

/** What a decision found in its way (a MatchConflict reason), or done. */
export type DecisionOutcome = 'done' | MatchConflict['reason'];

/** A person's link state, read consistently before a decision. */
export interface PersonLinkState {
  subjectId?: string;
  erased: boolean;
}

const MAX_ENTRIES_PER_KEY = 50;

export class DynamoPersonLinks implements MatchStore {
  private readonly writes: TableWrites;

  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {
    this.writes = new TableWrites(tableName);
  }

  /** The entries under each key (at most MAX_ENTRIES_PER_KEY each: a crowd of namesakes is not read whole). */
  async findIndexHits(identity: IdentityKey[]): Promise<IndexHit[]> {
    const pages = await Promise.all(
      identity.map((key) => queryAll(this.client, this.tableName, { ...keys.identityEntries(key.hash), max: MAX_ENTRIES_PER_KEY })),
    );
    return pages.flat().map((item) => {
      const entry = identityEntryFromItem(item);
      return { caseId: entry.caseId, personId: entry.personId, kind: entry.kind };
    });
  }

  async candidateRecords(hits: readonly { caseId: string; personId: string }[]): Promise<CandidateRecord[]> {
    const unique = [...new Map(hits.map((hit) => [`${hit.caseId}/${hit.personId}`, hit])).values()];
    const found = await Promise.all(
      unique.map(async ({ caseId, personId }) => {
        const [state, found] = await Promise.all([this.personLink(caseId, personId), getCase(this.client, this.tableName, caseId, true)]);
        if (!state || !found) return undefined;
        const candidate: CandidateRecord = {
          caseId,
          personId,
          erased: state.erased,
          programme: found.programme,
          createdAt: found.createdAt,
        };
        if (state.subjectId !== undefined) candidate.subjectId = state.subjectId;
        return candidate;
      }),
    );
    return found.filter((candidate) => candidate !== undefined);
  }

  /** Each suggestion with its pair guard and its event: a pair already suggested (from either side) is skipped. */
  async saveSuggestions(suggestions: MatchSuggestion[]): Promise<void> {
    const w = this.writes;
    const itemsOf = (match: MatchSuggestion) => [
      w.put(matchPairItem(match), 'attribute_not_exists(PK)'),
      w.put(matchItem(match), 'attribute_not_exists(PK)'),
      w.eventPut(matchSuggestedEvent(match)),
    ];
    // Usually none of the pairs was suggested before: all in one transaction; else one by one.
    try {
      await transact(this.client, suggestions.flatMap(itemsOf));
      return;
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
    for (const match of suggestions) {
      try {
        await transact(this.client, itemsOf(match));
      } catch (error) {
        if (!isConditionFailure(error)) throw error;
      }
    }
  }

  /** Read consistently: called from the table's stream right after the case's intake transaction. */
  async getPersons(caseId: string): Promise<PersonRecord[]> {
    const items = await queryAll(this.client, this.tableName, { ...keys.personsOfCase(caseId), consistent: true });
    return Promise.all(items.map((item) => personFromItem(item)));
  }

  async matchesOfCase(caseId: string): Promise<MatchSuggestion[]> {
    return (await queryAll(this.client, this.tableName, keys.matchesOfCase(caseId))).map(matchFromItem);
  }

  async getMatch(caseId: string, matchId: string): Promise<MatchSuggestion | undefined> {
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: keys.matchSuggestion(caseId, matchId), ConsistentRead: true }),
    );
    return Item ? matchFromItem(Item) : undefined;
  }

  /** A person's subject and whether it was erased (never its data), read consistently. */
  async personLink(caseId: string, personId: string): Promise<PersonLinkState | undefined> {
    const { Item } = await this.client.send(
      new GetCommand({
        TableName: this.tableName,
        Key: keys.person(caseId, personId),
        ConsistentRead: true,
        ProjectionExpression: 'personId, subjectId, erasedAt',
      }),
    );
    if (!Item) return undefined;
    return { erased: Item.erasedAt !== undefined, ...(typeof Item.subjectId === 'string' ? { subjectId: Item.subjectId } : {}) };
  }

  /**
   * The person takes the subject `subjectId` (the candidate's, as read): conditional on the match
   * still being suggested, the person having no subject yet (neither linked nor anyone's subject)
   * and not erased, the candidate not erased and still of that subject (which it then carries
   * explicitly); both subject entries and both events in the same transaction.
   */
  async confirm(match: MatchSuggestion, subjectId: string, by: string, at: string, events: CaseEvent[]): Promise<DecisionOutcome> {
    const w = this.writes;
    const { candidate } = match;
    try {
      await transact(this.client, [
        this.matchUpdate(match, 'status = :suggested', { status: 'confirmed', decidedAt: at, decidedBy: by, linkedSubjectId: subjectId }),
        {
          Update: {
            TableName: this.tableName,
            Key: keys.person(match.caseId, match.personId),
            UpdateExpression: 'SET subjectId = :s',
            ConditionExpression: 'attribute_exists(PK) AND attribute_not_exists(erasedAt) AND attribute_not_exists(subjectId)',
            ExpressionAttributeValues: { ':s': subjectId },
          },
        },
        {
          Update: {
            TableName: this.tableName,
            Key: keys.person(candidate.caseId, candidate.personId),
            UpdateExpression: 'SET subjectId = :s',
            ConditionExpression:
              'attribute_exists(PK) AND attribute_not_exists(erasedAt) AND ((attribute_not_exists(subjectId) AND personId = :s) OR subjectId = :s)',
            ExpressionAttributeValues: { ':s': subjectId },
          },
        },
        w.put(subjectEntryItem({ subjectId, caseId: match.caseId, personId: match.personId })),
        w.put(subjectEntryItem({ subjectId, caseId: candidate.caseId, personId: candidate.personId })),
        ...events.map((event) => w.eventPut(event)),
      ]);
      return 'done';
    } catch (error) {
      if (isConditionFailure(error, 0)) return 'already-decided';
      if (isConditionFailure(error, 1)) return 'person-linked';
      if (isConditionFailure(error, 2)) return 'candidate-changed';
      throw error;
    }
  }

  async dismiss(match: MatchSuggestion, by: string, at: string, events: CaseEvent[]): Promise<DecisionOutcome> {
    try {
      await transact(this.client, [
        this.matchUpdate(match, 'status = :suggested', { status: 'dismissed', decidedAt: at, decidedBy: by }),
        ...events.map((event) => this.writes.eventPut(event)),
      ]);
      return 'done';
    } catch (error) {
      if (isConditionFailure(error, 0)) return 'already-decided';
      throw error;
    }
  }

  /** The person leaves the subject it took (its own id again), conditional on the link as confirmed. */
  async undo(match: MatchSuggestion, by: string, at: string, events: CaseEvent[]): Promise<DecisionOutcome> {
    const subjectId = match.linkedSubjectId ?? match.candidate.subjectId;
    try {
      await transact(this.client, [
        this.matchUpdate(match, 'status = :confirmed', { status: 'undone', undoneAt: at, undoneBy: by }),
        {
          Update: {
            TableName: this.tableName,
            Key: keys.person(match.caseId, match.personId),
            UpdateExpression: 'REMOVE subjectId',
            ConditionExpression: 'attribute_exists(PK) AND subjectId = :s',
            ExpressionAttributeValues: { ':s': subjectId },
          },
        },
        this.writes.delete(keys.subjectEntry(subjectId, match.caseId, match.personId)),
        ...events.map((event) => this.writes.eventPut(event)),
      ]);
      return 'done';
    } catch (error) {
      if (isConditionFailure(error, 0)) return 'not-confirmed';
      if (isConditionFailure(error, 1)) return 'person-linked';
      throw error;
    }
  }

  /** The person records of a subject (ids only). */
  async membersOfSubject(subjectId: string): Promise<SubjectEntry[]> {
    return (await queryAll(this.client, this.tableName, keys.subjectEntries(subjectId))).map(subjectEntryFromItem);
  }

  /** The other cases of a person's subject, with their reference, programme and status (a Query, then one read per case). */
  async otherCasesOf(person: Pick<PersonRecord, 'caseId' | 'personId' | 'subjectId'>): Promise<OtherCase[]> {
    const members = await this.membersOfSubject(person.subjectId ?? person.personId);
    const others = members.filter((member) => member.caseId !== person.caseId);
    const found = await Promise.all(
      others.map(async (member): Promise<OtherCase | undefined> => {
        const other = await getCase(this.client, this.tableName, member.caseId);
        if (!other) return undefined;
        return {
          caseId: other.caseId,
          personId: member.personId,
          reference: other.reference,
          programme: other.programme,
          status: other.status,
        };
      }),
    );
    return found.filter((other) => other !== undefined);
  }

  private matchUpdate(match: MatchSuggestion, condition: string, changes: Record<string, unknown>) {
    const names: Record<string, string> = { '#status': 'status' };
    const values: Record<string, unknown> = {};
    if (condition.includes(':suggested')) values[':suggested'] = 'suggested';
    if (condition.includes(':confirmed')) values[':confirmed'] = 'confirmed';
    const sets = Object.entries(changes).map(([name, value], i) => {
      names[`#a${i}`] = name;
      values[`:v${i}`] = value;
      return `#a${i} = :v${i}`;
    });
    return {
      Update: {
        TableName: this.tableName,
        Key: keys.matchSuggestion(match.caseId, match.matchId),
        UpdateExpression: `SET ${sets.join(', ')}`,
        ConditionExpression: `attribute_exists(PK) AND ${condition.replace('status', '#status')}`,
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
      },
    };
  }
}
