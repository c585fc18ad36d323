// Qualified nationals waiting for an opportunity, as a job offer's matching reads them: one Query of
// their sector's listing partition, never a Scan. The listings are written and removed with their
// cases (case-store.ts); docs/data-model.md.
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { ReturneeIndex, ReturneeListing } from '../../../domain/migration-development/returnee-listing.ts';
import { returneeListingFromItem } from './items.ts';
import { keys } from './keys.ts';
import { queryAll } from './query.ts';

export class DynamoReturneeStore implements ReturneeIndex {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async returneesOfSector(sector: string, max: number): Promise<ReturneeListing[]> {
    const items = await queryAll(this.client, this.tableName, { PK: keys.returneesOfSector(sector).PK, max });
    return items.slice(0, max).map(returneeListingFromItem);
  }
}
