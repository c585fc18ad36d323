// DynamoDB adapter: the notifications waiting in the outbox, in time order (read locally at
// GET /_local/outbox instead of being sent).
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { outboxFromItem, type OutboxEntry } from './items.ts';
import { keys } from './keys.ts';
import { queryAll } from './query.ts';

export class DynamoOutbox {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async listOutbox(limit = 1000): Promise<OutboxEntry[]> {
    const items = await queryAll(this.client, this.tableName, { PK: keys.outbox().PK, consistent: true, max: limit });
    return items.map(outboxFromItem);
  }
}
