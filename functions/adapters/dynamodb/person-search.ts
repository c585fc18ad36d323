// DynamoDB adapter: the person search (domain/identity/search.ts, docs/search.md). A search reads the
// index partition of each of its keys (a Query each, concurrently, ids only), keeps the persons found
// under every key, then reads their cases and persons by key (BatchGetItem). Never a Scan.
import { BatchGetCommand, GetCommand, paginateQuery, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { CaseRecord, PersonRecord } from '../../../domain/cases/model.ts';
import { intersectHits, type SearchHit, type SearchPlan } from '../../../domain/identity/search.ts';
import { caseFromItem, personFromItem, type Item } from './items.ts';
import { keys, type ItemKey } from './keys.ts';

/**
 * At most this many entries are read per key: a key is one name token, so its partition is every
 * person of that name (the broadest, "mohamed", is a few percent of the people). Past it a search
 * answers what it read, marked `truncated` (docs/search.md says when a search engine is the better tool).
 */
export const MAX_ENTRIES_PER_KEY = 5_000;

/** BatchGetItem takes at most 100 keys per call. */
const BATCH = 100;

export class DynamoPersonSearch {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  /** The persons holding every key of the plan; `truncated` when a key's partition was read only in part. */
  async hits(plan: SearchPlan): Promise<{ hits: SearchHit[]; truncated: boolean }> {
    const partition = (hash: string) => (plan.criterion === 'document' ? keys.identityEntries(hash).PK : keys.searchEntries(hash).PK);
    const perKey = await Promise.all(plan.keys.map((key) => this.entries(partition(key.hash))));
    return { hits: intersectHits(perKey.map((read) => read.hits)), truncated: perKey.some((read) => read.truncated) };
  }

  private async entries(PK: string): Promise<{ hits: SearchHit[]; truncated: boolean }> {
    const hits: SearchHit[] = [];
    const pages = paginateQuery(
      { client: this.client },
      {
        TableName: this.tableName,
        KeyConditionExpression: 'PK = :pk',
        ExpressionAttributeValues: { ':pk': PK },
        ProjectionExpression: 'caseId, personId',
      },
    );
    for await (const page of pages) {
      for (const item of page.Items ?? []) hits.push({ caseId: String(item.caseId), personId: String(item.personId) });
      // A crowded key is read in part: what was read is enough to rank, and the answer says so.
      if (hits.length >= MAX_ENTRIES_PER_KEY && page.LastEvaluatedKey) return { hits, truncated: true };
    }
    return { hits, truncated: false };
  }

  /** The cases of these ids (those that exist), by BatchGetItem. */
  async cases(caseIds: readonly string[]): Promise<CaseRecord[]> {
    const items = await this.batchGet([...new Set(caseIds)].map((caseId) => keys.case(caseId)));
    return items.map(caseFromItem);
  }

  /** These persons (those that exist), without their sealed answers (never opened here). */
  async persons(hits: readonly SearchHit[]): Promise<PersonRecord[]> {
    const items = await this.batchGet(hits.map((hit) => keys.person(hit.caseId, hit.personId)));
    return Promise.all(items.map((item) => personFromItem(item)));
  }

  /** The case id of a reference (`CASEREF#`), written in the intake transaction. */
  async caseIdOfReference(reference: string): Promise<string | undefined> {
    const { Item } = await this.client.send(new GetCommand({ TableName: this.tableName, Key: keys.caseReference(reference) }));
    return typeof Item?.caseId === 'string' ? Item.caseId : undefined;
  }

  private async batchGet(all: ItemKey[]): Promise<Item[]> {
    const found: Item[] = [];
    for (let i = 0; i < all.length; i += BATCH) {
      let wanted: ItemKey[] = all.slice(i, i + BATCH);
      // Unprocessed keys retried with a growing pause; still unprocessed: the table is throttled (503).
      for (let attempt = 0; wanted.length > 0 && attempt < 8; attempt++) {
        if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, 20 * 2 ** attempt));
        const answer = await this.client.send(new BatchGetCommand({ RequestItems: { [this.tableName]: { Keys: wanted } } }));
        found.push(...(answer.Responses?.[this.tableName] ?? []));
        wanted = (answer.UnprocessedKeys?.[this.tableName]?.Keys ?? []) as ItemKey[];
      }
      if (wanted.length > 0) throw Object.assign(new Error('search reads unavailable'), { name: 'ServiceUnavailable' });
    }
    return found;
  }
}
