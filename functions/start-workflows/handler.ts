// Starts the workflow phases that intake (and later, any use case) asked for: the table's stream
// delivers each new WorkflowStart item, written in the same transaction as the case. The phase is
// started by name, so a redelivered record finds it "already started" and nothing runs twice.
// Also stops the executions a change asked to stop (WorkflowStop: a case closed because the case it
// was referred to departed); stopping one that has ended is not an error.
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { sfnClient } from '../commons/clients.ts';
import { jsonMapEnv } from '../commons/config.ts';
import { logger } from '../commons/powertools.ts';
import { executionArnOf, StepFunctionsCaseWorkflows } from '../adapters/stepfunctions/case-workflows.ts';
import { StepFunctionsCallbacks } from '../adapters/stepfunctions/task-callbacks.ts';
import { workflowStartFromItem, workflowStopFromItem, type Item } from '../adapters/dynamodb/items.ts';

const stateMachines = jsonMapEnv('CASE_WORKFLOW_ARNS');
const workflows = new StepFunctionsCaseWorkflows(sfnClient, stateMachines);
const executions = new StepFunctionsCallbacks(sfnClient);

async function stop(item: Item): Promise<void> {
  const request = workflowStopFromItem(item);
  const arn = executionArnOf(stateMachines, request.caseType, request.phase, request.executionName);
  // Without a state machine for the case type's phase there is no execution to stop.
  if (arn) await executions.stop(arn, request.cause);
  logger.info('workflow execution stop', { caseId: request.caseId, phase: request.phase, stopped: arn !== undefined });
}

export const handler = async (event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> => {
  const batchItemFailures: DynamoDBBatchResponse['batchItemFailures'] = [];
  for (const record of event.Records) {
    if (record.eventName !== 'INSERT' || !record.dynamodb?.NewImage) continue;
    const item = unmarshall(record.dynamodb.NewImage as Record<string, AttributeValue>);
    if (item.entity === 'WorkflowStop') {
      try {
        await stop(item);
      } catch (error) {
        logger.warn('workflow execution not stopped, will retry', { errorName: error instanceof Error ? error.name : 'unknown' });
        batchItemFailures.push({ itemIdentifier: record.dynamodb.SequenceNumber ?? '' });
      }
      continue;
    }
    if (item.entity !== 'WorkflowStart') continue;
    const start = workflowStartFromItem(item);
    try {
      const outcome = await workflows.start(start.executionName, start.input);
      logger.info('workflow phase start', { caseId: start.caseId, phase: start.phase, outcome });
    } catch (error) {
      // Retried by the event source mapping (then bisected, then sent to its dead-letter queue).
      logger.warn('workflow phase not started, will retry', {
        caseId: start.caseId,
        phase: start.phase,
        errorName: error instanceof Error ? error.name : 'unknown',
      });
      batchItemFailures.push({ itemIdentifier: record.dynamodb.SequenceNumber ?? '' });
    }
  }
  return { batchItemFailures };
};
