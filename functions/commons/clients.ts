// AWS SDK clients, created once per process and reused across invocations.
// Endpoints come from the standard AWS_ENDPOINT_URL_<SERVICE> variables when set (the local runtime
// sets them), so the same code talks to AWS or to the local endpoints.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { SFNClient } from '@aws-sdk/client-sfn';

const dynamodb = new DynamoDBClient({});

export const documentClient = DynamoDBDocumentClient.from(dynamodb, {
  marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
});

export const sfnClient = new SFNClient({});
