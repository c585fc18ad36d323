// AWS SDK clients, created once per process and reused across invocations, each traced by X-Ray
// (a no-op where tracing is off).
// Endpoints come from the standard AWS_ENDPOINT_URL_<SERVICE> variables when set (the local runtime
// sets them), so the same code talks to AWS or to the local endpoints. Every call is bounded in time
// and attempts (sdk-budget.ts).
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { SFNClient } from '@aws-sdk/client-sfn';
import { tracer } from './powertools.ts';
import { boundedClientConfig, singleAttemptClientConfig } from './sdk-budget.ts';
import { addLocalCommitBarrier, localCommitBarrierEnabled, localDynamoDbEndpoint } from './local-commit-barrier.ts';

const base = new DynamoDBClient(boundedClientConfig());
// DynamoDB Local only: a transaction is answered once it is in DynamoDB Local's file (local-commit-barrier.ts).
const dynamodb = tracer.captureAWSv3Client(localCommitBarrierEnabled() ? addLocalCommitBarrier(base, localDynamoDbEndpoint()) : base);

export const documentClient = DynamoDBDocumentClient.from(dynamodb, {
  marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
});

export const sfnClient = tracer.captureAWSv3Client(new SFNClient(boundedClientConfig()));

/**
 * Hands human decisions to workflows (SendTaskSuccess): one attempt, never re-sent by the SDK. A
 * decision that timed out may have landed; re-sent, it would find its token closed.
 */
export const sfnDecisionClient = tracer.captureAWSv3Client(new SFNClient(singleAttemptClientConfig()));
