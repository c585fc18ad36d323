// cdk-nag findings we accept, each with its reason. Everything else fails the synth.
import { Validations } from 'aws-cdk-lib';
import { routes } from '../functions/routes.ts';
import type { ApiStack } from './stacks/api-stack.ts';
import type { DataStack } from './stacks/data-stack.ts';
import type { WorkflowsStack } from './stacks/workflows-stack.ts';

export function acknowledgeFindings(stacks: { data: DataStack; api: ApiStack; workflows: WorkflowsStack }): void {
  const { api, workflows } = stacks;
  for (const workflow of [
    workflows.avrr.returnPhase,
    workflows.avrr.travelPhase,
    workflows.avrr.reintegrationPhase,
    workflows.avrr.checkIn,
  ]) {
    Validations.of(workflow.stateMachine.role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'Only the X-Ray (PutTraceSegments, PutTelemetryRecords, GetSampling*) and CloudWatch Logs delivery actions that Step Functions tracing and logging need: AWS does not support resource-level permissions for them.',
    });
  }
  const schedules = 'AwsSolutions-IAM5[Resource::arn:aws:scheduler:eu-west-3:000000000000:schedule/default/*]';
  for (const principal of [workflows.functions.openHumanTask.role!, workflows.avrr.reintegrationPhase.stateMachine.role]) {
    Validations.of(principal).acknowledge({
      id: schedules.replace('eu-west-3', workflows.region).replace('000000000000', workflows.account),
      reason:
        'Schedules are created per task and per check-in with names known only at run time ({taskId}-{kind}, {caseId}-checkin-N); the permission is CreateSchedule only, in this account and region.',
    });
  }
  for (const route of api.http.publicRoutes) {
    Validations.of(route).acknowledge({
      id: 'AwsSolutions-APIG4',
      reason:
        'Public by design: anyone may read the intake forms and submit one (the HTTP contract in README.md). These routes are throttled per route, validate every input, and expose no personal data.',
    });
  }
  const dispatcherRole = api.notifications.dispatcher.role!;
  Validations.of(dispatcherRole).acknowledge({
    id: 'AwsSolutions-IAM5[Resource::*]',
    reason:
      'sns:Publish straight to a phone number (SMS) has no resource ARN to scope it to; dynamodb:ListStreams (for the stream event source) supports no resource-level permission either.',
  });
  Validations.of(dispatcherRole).acknowledge({
    id: `AwsSolutions-IAM5[Resource::arn:aws:ses:${api.region}:${api.account}:identity/*]`,
    reason:
      'SES checks the sender and recipient identities of each email; the statement allows SendEmail only, in this account and region.',
  });
  Validations.of(workflows.starter.function.role!).acknowledge({
    id: 'AwsSolutions-IAM5[Resource::*]',
    reason: 'Only dynamodb:ListStreams, which the stream event source needs and which supports no resource-level permission.',
  });
  for (const consumer of [api.notifications, workflows.starter]) {
    Validations.of(consumer).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason: 'This queue is itself the dead-letter destination of a stream consumer: it has no DLQ of its own.',
    });
  }
  for (const route of routes.filter((r) => r.workflows?.includes('stop'))) {
    const fn = api.http.functions[route.functionId];
    if (!fn?.role) continue;
    for (const phase of workflows.avrr.phasesBeforeDeparture()) {
      Validations.of(fn.role).acknowledge({
        id: `AwsSolutions-IAM5[Resource::${phase.executionsArn()}]`,
        reason: 'StopExecution on the executions of one state machine: execution names are chosen per case at run time ({caseId}-{phase}).',
      });
    }
  }
}
