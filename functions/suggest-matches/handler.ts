// Suggests matches for new cases, off the submission's request path: the table's stream delivers
// each new `case.submitted` history event (written in the case's intake transaction, ids only), and
// the case's main person is looked up in the identity index (domain/identity/matches.ts). At least
// once: a redelivered record suggests nothing twice (each pair of persons once, by a conditional
// write). Logs ids and counts only.
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { documentClient } from '../commons/clients.ts';
import { clock } from '../commons/clock.ts';
import { requiredEnv } from '../commons/config.ts';
import { logger } from '../commons/powertools.ts';
import { DynamoPersonLinks } from '../adapters/dynamodb/person-links.ts';
import { SUGGESTIONS_AFTER_EVENT, suggestForNewCase } from '../../domain/identity/matches.ts';

const links = new DynamoPersonLinks(documentClient, requiredEnv('TABLE_NAME'));

export const handler = async (event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> => {
  const batchItemFailures: DynamoDBBatchResponse['batchItemFailures'] = [];
  for (const record of event.Records) {
    if (record.eventName !== 'INSERT' || !record.dynamodb?.NewImage) continue;
    const item = unmarshall(record.dynamodb.NewImage as Record<string, AttributeValue>);
    if (item.entity !== 'CaseEvent' || item.type !== SUGGESTIONS_AFTER_EVENT || typeof item.caseId !== 'string') continue;
    try {
      const suggestions = await suggestForNewCase(item.caseId, links, clock.now().toISOString());
      logger.info('match suggestions', { caseId: item.caseId, suggestions: suggestions.length });
    } catch (error) {
      // Retried by the event source mapping (then bisected, then sent to its dead-letter queue).
      logger.warn('match suggestions not made, will retry', {
        caseId: item.caseId,
        errorName: error instanceof Error ? error.name : 'unknown',
      });
      batchItemFailures.push({ itemIdentifier: record.dynamodb.SequenceNumber ?? '' });
    }
  }
  return { batchItemFailures };
};
