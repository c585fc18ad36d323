// Keeps the indicators' counters as cases change, off every request path: the table's stream
// delivers each new image of a case item, whose contributions (declared by its programme,
// domain/indicators/) are diffed against the ones last counted and added to the counters in one
// transaction conditioned on the case's version (domain/indicators/contributions.ts `countCase`): a
// redelivered, replayed or late image changes nothing. Logs ids and counts only.
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { documentClient } from '../commons/clients.ts';
import { requiredEnv } from '../commons/config.ts';
import { logger } from '../commons/powertools.ts';
import { caseFromItem } from '../adapters/dynamodb/items.ts';
import { DynamoIndicatorStore } from '../adapters/dynamodb/indicator-store.ts';
import { countCase } from '../../domain/indicators/contributions.ts';

const store = new DynamoIndicatorStore(documentClient, requiredEnv('TABLE_NAME'));

export const handler = async (event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> => {
  const batchItemFailures: DynamoDBBatchResponse['batchItemFailures'] = [];
  for (const record of event.Records) {
    if ((record.eventName !== 'INSERT' && record.eventName !== 'MODIFY') || !record.dynamodb?.NewImage) continue;
    const item = unmarshall(record.dynamodb.NewImage as Record<string, AttributeValue>);
    if (item.entity !== 'Case' || typeof item.caseId !== 'string') continue;
    try {
      const outcome = await countCase(caseFromItem(item), store);
      logger.debug('indicators counted', { caseId: item.caseId, version: item.version as number, outcome });
    } catch (error) {
      // Retried by the event source mapping (then bisected, then sent to its dead-letter queue).
      logger.warn('indicators not counted, will retry', {
        caseId: item.caseId,
        errorName: error instanceof Error ? error.name : 'unknown',
      });
      batchItemFailures.push({ itemIdentifier: record.dynamodb.SequenceNumber ?? '' });
      // Later images of the same case must wait for this one: stop here, the rest is redelivered.
      break;
    }
  }
  return { batchItemFailures };
};
