// One DynamoDB Local for the whole test run (in memory); suites isolate themselves by table name.
import type { TestProject } from 'vitest/node';
import { startDynamoDbLocal, type DynamoDbLocal } from '../../local/dynamodb-local.ts';

let dynamodb: DynamoDbLocal | undefined;

export async function setup(project: TestProject): Promise<void> {
  dynamodb = await startDynamoDbLocal();
  project.provide('dynamodbEndpoint', dynamodb.endpoint);
}

export async function teardown(): Promise<void> {
  await dynamodb?.stop();
}

declare module 'vitest' {
  export interface ProvidedContext {
    dynamodbEndpoint: string;
  }
}
