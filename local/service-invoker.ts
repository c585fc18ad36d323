// Performs the AWS service integrations a local state machine calls (aws-sdk:<service>:<action>
// and the optimized dynamodb:* ones) with the real SDK clients pointed at the local endpoints.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import * as dynamodb from '@aws-sdk/client-dynamodb';
import { SchedulerClient } from '@aws-sdk/client-scheduler';
import * as scheduler from '@aws-sdk/client-scheduler';
import { SFNClient } from '@aws-sdk/client-sfn';
import * as sfn from '@aws-sdk/client-sfn';
import type { ServiceInvoker } from 'local-workflow-runtime';
import { LOCAL_CREDENTIALS } from './dynamodb-local.ts';
import { addLocalCommitBarrier } from '../functions/commons/local-commit-barrier.ts';
import { addWriteNudge } from './streams.ts';

type Sendable = { send(command: unknown): Promise<unknown> };
type CommandModule = Record<string, unknown>;

export function createServiceInvoker(
  endpoints: { dynamodb: string; stepfunctions: string; scheduler: string },
  region: string,
): ServiceInvoker {
  const common = { region, credentials: LOCAL_CREDENTIALS };
  // A workflow's writes wake the stream readers, as the functions' do (streams.ts).
  const tableClient = addLocalCommitBarrier(new DynamoDBClient({ ...common, endpoint: endpoints.dynamodb }), endpoints.dynamodb);
  addWriteNudge(tableClient);
  const services: Record<string, { client: Sendable; commands: CommandModule }> = {
    // A workflow's transaction is answered once in DynamoDB Local's file, as the functions' (local-commit-barrier.ts).
    dynamodb: { client: tableClient, commands: dynamodb },
    scheduler: { client: new SchedulerClient({ ...common, endpoint: endpoints.scheduler }), commands: scheduler },
    sfn: { client: new SFNClient({ ...common, endpoint: endpoints.stepfunctions }), commands: sfn },
  };
  return async (service, action, parameters) => {
    const target = services[service.toLowerCase()];
    const Command = target?.commands[`${action.charAt(0).toUpperCase()}${action.slice(1)}Command`] as
      (new (input: unknown) => unknown) | undefined;
    if (!target || !Command) throw new Error(`Service integration ${service}:${action} is not available locally`);
    const response = (await target.client.send(new Command(parameters))) as Record<string, unknown>;
    const { $metadata: _metadata, ...body } = response;
    return body;
  };
}
