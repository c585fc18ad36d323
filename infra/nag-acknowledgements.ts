// cdk-nag findings we accept, each with its reason. Everything else fails the synth.
import { Validations } from 'aws-cdk-lib';
import { routes } from '../functions/routes.ts';
import type { ApiStack } from './stacks/api-stack.ts';
import type { DataStack } from './stacks/data-stack.ts';
import type { WorkflowsStack } from './stacks/workflows-stack.ts';
import type { EdgeStack } from './stacks/edge-stack.ts';
import type { OperationsStack } from './stacks/operations-stack.ts';
import type { CaseworkFunction } from './constructs/casework-function.ts';

export function acknowledgeFindings(stacks: {
  data: DataStack;
  api: ApiStack;
  workflows: WorkflowsStack;
  edge: EdgeStack | undefined;
  operations: OperationsStack;
}): void {
  const { api, workflows, operations } = stacks;
  acknowledgeServerlessFindings(stacks);
  acknowledgeEdgeFindings(api, stacks.edge !== undefined);
  for (const id of ['AwsSolutions-SQS3', 'Serverless-SQSRedrivePolicy']) {
    Validations.of(workflows.functions.scheduleDeadLetters).acknowledge({
      id,
      reason:
        'This queue is itself the dead-letter queue of every EventBridge Scheduler schedule (their DeadLetterConfig), which cdk-nag cannot see: schedules are created at run time. Nothing consumes it; it is alarmed and redriven by hand (docs/operations.md).',
    });
  }
  for (const id of ['AwsSolutions-SQS3', 'Serverless-SQSRedrivePolicy']) {
    Validations.of(workflows.functions.asyncFailures).acknowledge({
      id,
      reason:
        'This queue is itself the on-failure destination of the asynchronously invoked functions (schedule targets). Nothing consumes it; it is alarmed and redriven by hand (docs/operations.md).',
    });
  }
  Validations.of(operations.monitoring.topic).acknowledge({
    id: 'Serverless-SNSRedrivePolicy',
    reason:
      "The operators' email subscription: an undeliverable alarm email has nowhere better to go, and the alarm's state stays on the dashboard.",
  });
  Validations.of(operations.monitoring.topic).acknowledge({
    id: 'AwsSolutions-SNS2',
    reason:
      'The alarm topic carries alarm names, states and metric values only (ids and counts, nothing personal); CloudWatch cannot publish to a topic under the AWS managed SNS key, and a key of its own would cost $1/month per stage (docs/operations.md).',
  });
  for (const workflow of workflows.programmes.flatMap((programme) => programme.all())) {
    Validations.of(workflow.stateMachine.role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'Only the X-Ray (PutTraceSegments, PutTelemetryRecords, GetSampling*) and CloudWatch Logs delivery actions that Step Functions tracing and logging need: AWS does not support resource-level permissions for them.',
    });
  }
  const scheduling = workflows.programmes.flatMap((programme) => programme.scheduling());
  for (const principal of [workflows.functions.openHumanTask.role!, ...scheduling.map((workflow) => workflow.stateMachine.role)]) {
    Validations.of(principal).acknowledge({
      id: `AwsSolutions-IAM5[Resource::${workflows.functions.schedulesArn()}]`,
      reason:
        "Schedules are created per task and per check-in with names known only at run time ({taskId}-{kind}, {caseId}-checkin-N); the permission is CreateSchedule only, in the casework's own schedule group, in this account and region.",
    });
  }
  for (const route of api.http.publicRoutes) {
    Validations.of(route).acknowledge({
      id: 'AwsSolutions-APIG4',
      reason:
        'Public by design: anyone may read the intake forms and submit one (the HTTP contract in README.md). These routes are throttled per route, validate every input, and expose no personal data.',
    });
  }
  Validations.of(api.http.cursorKey).acknowledge({
    id: 'AwsSolutions-SMG4',
    reason:
      'The pagination cursors’ HMAC key protects no data, only the integrity of a page position: a rotation would only make clients start their lists again from page one. Rotated by generating a new version when needed (functions/commons/cursor.ts).',
  });
  const dispatcherRole = api.notifications.dispatcher.role!;
  Validations.of(dispatcherRole).acknowledge({
    id: 'AwsSolutions-IAM5[Resource::*]',
    reason:
      'sns:Publish straight to a phone number (SMS) has no resource ARN to scope it to (an explicit Deny on every topic and endpoint ARN goes with it); dynamodb:ListStreams (for the stream event source) supports no resource-level permission either.',
  });
  for (const consumer of [workflows.starter, workflows.matchSuggester, workflows.indicators]) {
    Validations.of(consumer.function.role!).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason: 'Only dynamodb:ListStreams, which the stream event source needs and which supports no resource-level permission.',
    });
  }
  for (const consumer of [api.notifications, workflows.starter, workflows.matchSuggester, workflows.indicators]) {
    Validations.of(consumer).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason: 'This queue is itself the dead-letter destination of a stream consumer: it has no DLQ of its own.',
    });
  }
  // The workflow starter stops the executions a WorkflowStop item names (a case closed by its linked case's departure).
  for (const phase of workflows.programmes.flatMap((programme) => programme.stoppedByLinkedCase())) {
    Validations.of(workflows.starter.function.role!).acknowledge({
      id: `AwsSolutions-IAM5[Resource::${phase.executionsArn()}]`,
      reason: 'StopExecution on the executions of one state machine: execution names are chosen per case at run time ({caseId}-{phase}).',
    });
  }
  for (const route of routes.filter((r) => r.workflows?.includes('stop'))) {
    const fn = api.http.functions[route.functionId];
    if (!fn?.role) continue;
    for (const phase of workflows.programmes.flatMap((programme) => programme.stoppable())) {
      Validations.of(fn.role).acknowledge({
        id: `AwsSolutions-IAM5[Resource::${phase.executionsArn()}]`,
        reason: 'StopExecution on the executions of one state machine: execution names are chosen per case at run time ({caseId}-{phase}).',
      });
    }
  }
}

/** cdk-nag ServerlessChecks: what does not apply to these functions and queues, and why. */
function acknowledgeServerlessFindings(stacks: { api: ApiStack; workflows: WorkflowsStack }): void {
  const { api, workflows } = stacks;
  const lambdaDlq = (fn: CaseworkFunction | undefined, reason: string) => {
    if (fn) Validations.of(fn).acknowledge({ id: 'Serverless-LambdaDLQ', reason });
  };
  for (const fn of Object.values(api.http.functions)) {
    lambdaDlq(
      fn,
      'Invoked synchronously by API Gateway: a failure is the HTTP answer to the caller, there is no asynchronous event to keep. A Lambda DLQ only serves asynchronous invocations.',
    );
  }
  for (const fn of [workflows.functions.openHumanTask, workflows.functions.caseActions]) {
    lambdaDlq(
      fn,
      'Invoked synchronously by Step Functions (lambda:invoke, waitForTaskToken): failures go back to the state machine, which retries and catches them.',
    );
  }
  for (const fn of [
    workflows.starter.function,
    workflows.matchSuggester.function,
    workflows.indicators.function,
    api.notifications.dispatcher,
  ]) {
    lambdaDlq(
      fn,
      'A DynamoDB stream consumer: its event source mapping sends the records it gives up on to an SQS on-failure destination; a function DLQ would never receive them.',
    );
  }
  lambdaDlq(
    api.staff.preTokenGeneration,
    'Invoked synchronously by Cognito while it issues tokens: a failure fails that sign-in, there is no asynchronous event to keep.',
  );
  for (const fn of [workflows.functions.taskReminder, workflows.retention.function]) {
    lambdaDlq(
      fn,
      "Invoked asynchronously by EventBridge Scheduler: an event Scheduler cannot deliver goes to the schedules' dead-letter queue (DeadLetterConfig); an event the function fails on gets Lambda's bounded retries (EventInvokeConfig) and then goes to the asynchronous failures queue, an on-failure destination (alarmed), which cdk-nag's DLQ rule does not read.",
    );
  }
  for (const consumer of [api.notifications, workflows.starter, workflows.matchSuggester, workflows.indicators]) {
    Validations.of(consumer).acknowledge({
      id: 'Serverless-SQSRedrivePolicy',
      reason: 'This queue is itself the on-failure destination of a stream consumer: nothing consumes it, so it has no redrive of its own.',
    });
  }
}

/** The CloudFront distribution in front of the API (docs/edge.md). */
function acknowledgeEdgeFindings(api: ApiStack, firewall: boolean): void {
  if (!api.edge) return;
  const distribution = api.edge.distribution;
  if (!firewall) {
    Validations.of(distribution).acknowledge({
      id: 'AwsSolutions-CFR2',
      reason:
        'A stage without AWS WAF (dev: a web ACL costs $5/month and $1 per rule while idle, more than the rest of the idle stage); the API stage throttling still limits it (docs/operations.md, "Idle cost").',
    });
  }
  Validations.of(distribution).acknowledge({
    id: 'AwsSolutions-CFR1',
    reason:
      'No geographic restriction by design: migrants, diaspora experts and partners submit from many countries; abuse is limited per address by the web ACL instead.',
  });
  Validations.of(distribution).acknowledge({
    id: 'AwsSolutions-CFR3',
    reason:
      "Not enabled yet: CloudFront standard logs record every viewer's IP address and full URL, personal data whose retention under law 09-08 must be decided first (the retention and audit work of this issue). Meanwhile API Gateway access logs (no caller identity) and the web ACL's metrics and sampled requests cover operations.",
  });
  Validations.of(distribution).acknowledge({
    id: 'AwsSolutions-CFR4',
    reason:
      "The distribution uses CloudFront's default *.cloudfront.net certificate, with which CloudFront cannot enforce a minimum TLS version; a custom domain with an ACM certificate (us-east-1) and TLSv1.2_2021 is planned with the mission's domain name.",
  });
  Validations.of(api.edge.originSecret).acknowledge({
    id: 'AwsSolutions-SMG4',
    reason:
      'The value is resolved into CloudFront and the functions at deploy time (a dynamic reference): an automatic rotation would not reach them. It is rotated by a redeploy after a new version is generated (docs/edge.md).',
  });
}
