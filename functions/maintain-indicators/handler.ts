// Keeps the indicators' counters as cases change, off every request path: the table's stream
// delivers each new image of a case item (and of a completed vulnerability assessment's task, whose
// trafficking codes go into the case's trafficking row), whose contributions (declared by its programme,
// domain/indicators/) are diffed against the ones last counted and added to the counters in one
// transaction conditioned on the case's version (domain/indicators/contributions.ts `countCase`): a
// redelivered, replayed or late image changes nothing. Logs ids and counts only.
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { documentClient } from '../commons/clients.ts';
import { requiredEnv } from '../commons/config.ts';
import { logger } from '../commons/powertools.ts';
import { caseFromItem, taskFromItem } from '../adapters/dynamodb/items.ts';
import { DynamoIndicatorStore } from '../adapters/dynamodb/indicator-store.ts';
import { countAssessment, countCase } from '../../domain/indicators/contributions.ts';
import { traffickingDetails } from '../../domain/protection/trafficking.ts';
import type { TaskRecord } from '../../domain/tasks/model.ts';

const store = new DynamoIndicatorStore(documentClient, requiredEnv('TABLE_NAME'));

/**
 * A completed vulnerability assessment, whose trafficking details (HTCDS codes) go into the case's
 * trafficking row; none for any other task image. Only the codes are read from the decision.
 */
function assessmentOf(task: TaskRecord) {
  if (task.step !== 'vulnerability-assessment' || task.status !== 'completed' || !task.completedAt) return undefined;
  const details = traffickingDetails.safeParse(task.decision?.trafficking);
  return {
    caseId: task.caseId,
    programme: task.programme,
    completedAt: task.completedAt,
    ...(details.success ? { trafficking: details.data } : {}),
  };
}

export const handler = async (event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> => {
  const batchItemFailures: DynamoDBBatchResponse['batchItemFailures'] = [];
  for (const record of event.Records) {
    if ((record.eventName !== 'INSERT' && record.eventName !== 'MODIFY') || !record.dynamodb?.NewImage) continue;
    const item = unmarshall(record.dynamodb.NewImage as Record<string, AttributeValue>);
    if (typeof item.caseId !== 'string') continue;
    const assessment = item.entity === 'Task' ? assessmentOf(taskFromItem(item)) : undefined;
    if (item.entity !== 'Case' && !assessment) continue;
    try {
      const outcome = assessment ? await countAssessment(assessment, store) : await countCase(caseFromItem(item), store);
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
