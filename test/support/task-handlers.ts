// Shared by the task handlers' unit tests: one task, the people acting on it, and calls to a handler.
import { GetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { AwsStub } from 'aws-sdk-client-mock';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { TaskRecord } from '../../domain/tasks/model.ts';
import { keys } from '../../functions/adapters/dynamodb/keys.ts';
import { httpEvent, lambdaContext } from './events.ts';
import { partnerStanding } from '../../functions/commons/auth.ts';

export type Handler = (event: unknown, context: unknown) => Promise<APIGatewayProxyStructuredResultV2>;
export type Who = { sub: string; groups: string; partnerId?: string };

export const taskId = '0a1b2c3d-4e5f-4a6b-a7c8-9d0e1f2a3b4c';
export const caseId = '11111111-2222-4333-8444-555555555555';
export const amina: Who = { sub: 'amina', groups: '[caseworker]' };
export const karim: Who = { sub: 'karim', groups: '[supervisor]' };

/**
 * The partner associations of a test, registered and active: every request of a partner user first
 * reads its association's item (functions/commons/auth.ts); an unregistered one's users act for none.
 * Forgets the associations the container remembered from earlier tests.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- aws-sdk-client-mock's stub type for the document client
export function registeredAssociations(ddb: AwsStub<any, any, DynamoDBDocumentClient['config']>, ...ids: string[]): void {
  partnerStanding.clear();
  for (const associationId of ids) {
    ddb
      .on(GetCommand, { Key: keys.association(associationId) })
      .resolves({ Item: { ...keys.association(associationId), associationId, status: 'active', version: 1 } });
  }
}

export function task(overrides: Partial<TaskRecord> = {}): TaskRecord {
  return {
    taskId,
    caseId,
    reference: 'AVRR-2026-000042',
    programme: 'avrr',
    step: 'screening',
    phase: 'return',
    roles: ['caseworker'],
    status: 'open',
    forbiddenActors: [],
    context: {},
    dueAt: '2026-12-08T09:00:00.000Z',
    createdAt: '2026-12-01T09:00:00.000Z',
    updatedAt: '2026-12-01T09:00:00.000Z',
    version: 1,
    ...overrides,
  };
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- aws-sdk-client-mock's stub type for the document client
export function storedTask(ddb: AwsStub<any, any, DynamoDBDocumentClient['config']>, record: TaskRecord): void {
  ddb.on(GetCommand, { Key: keys.task(taskId) }).resolves({ Item: { ...keys.task(taskId), entity: 'Task', ...record } });
}

export function callTask(handler: Handler, method: string, suffix: string, who: Who, options: { body?: unknown; language?: string } = {}) {
  return handler(
    httpEvent({
      method,
      path: `/tasks/${taskId}${suffix}`,
      routeKey: `${method} /tasks/{taskId}${suffix}`,
      pathParameters: { taskId },
      headers: {
        'accept-language': options.language ?? 'fr',
        ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
      claims: { sub: who.sub, 'cognito:groups': who.groups, ...(who.partnerId ? { partner_id: who.partnerId } : {}) },
    }),
    lambdaContext,
  );
}

export const parse = (result: APIGatewayProxyStructuredResultV2) => JSON.parse(result.body ?? 'null') as Record<string, unknown>;
