// Operations on AWS (docs/operations.md): each stage a separately named copy with its own settings,
// a synthesis that lists every missing setting, dead letters for every asynchronous invocation,
// stream consumer and schedule, alarms on each of them and on every workflow, one dashboard per
// stage, point-in-time recovery, and stateful resources retained in prod only.
import { describe, expect, it } from 'vitest';
import type { Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { Queue } from 'aws-cdk-lib/aws-sqs';
import { buildCaseworkApp, LOCAL_CONTEXT } from '../../infra/app.ts';
import { METRICS_PER_ALARM } from '../../infra/constructs/monitoring.ts';
import { REQUIRED_STAGE_SETTINGS } from '../../infra/stage.ts';
import { cdkOutdirs } from '../support/cdk-outdir.ts';

const outdir = cdkOutdirs();
const noBundling = { 'aws:cdk:bundling-stacks': [] };

/** A complete stage, as an operator would fill it in cdk.json. */
export function completeStage(stage: string, overrides: Record<string, unknown> = {}) {
  return {
    region: 'eu-west-3',
    firewall: stage === 'prod',
    retainData: stage === 'prod',
    senderEmail: `casework-${stage}@mission.ma`,
    roleAddresses: { caseworker: `caseworkers-${stage}@mission.ma`, supervisor: `supervisors-${stage}@mission.ma` },
    alarmEmail: `operators-${stage}@mission.ma`,
    allowedOrigins: [`https://forms-${stage}.mission.ma`],
    controllerName: 'Mission au Maroc',
    dataProtectionContact: 'dpo@mission.ma',
    cndpReference: 'D-2026-0001',
    ...overrides,
  };
}

function buildStage(stage: string, settings: Record<string, unknown>, nag = false) {
  return buildCaseworkApp({
    nag,
    outdir: outdir(),
    context: {
      ...noBundling,
      'casework:stage': stage,
      'casework:stages': { [stage]: settings },
      'casework:retention': LOCAL_CONTEXT['casework:retention'],
    },
  });
}

type Resource = { Type: string; Properties: Record<string, unknown>; DeletionPolicy?: string };

/**
 * Every explicit physical name of a stack that must be unique in an account and region (names
 * scoped inside another resource, as a schedule's in its group or an authorizer's in its API, are not).
 */
function physicalNames(stack: Stack): string[] {
  const resources = Template.fromStack(stack).toJSON().Resources as Record<string, Resource>;
  const unique: Record<string, string> = {
    'AWS::StepFunctions::StateMachine': 'StateMachineName',
    'AWS::KMS::Alias': 'AliasName',
    'AWS::CloudWatch::Dashboard': 'DashboardName',
    'AWS::DynamoDB::Table': 'TableName',
    'AWS::SQS::Queue': 'QueueName',
    'AWS::SNS::Topic': 'TopicName',
    'AWS::Lambda::Function': 'FunctionName',
    'AWS::Cognito::UserPool': 'UserPoolName',
    'AWS::Cognito::UserPoolDomain': 'Domain',
    'AWS::Logs::LogGroup': 'LogGroupName',
    'AWS::Scheduler::ScheduleGroup': 'Name',
    'AWS::WAFv2::WebACL': 'Name',
    'AWS::SecretsManager::Secret': 'Name',
    'AWS::IAM::Role': 'RoleName',
  };
  const names: string[] = [];
  for (const resource of Object.values(resources)) {
    const key = unique[resource.Type];
    const value = key ? resource.Properties?.[key] : undefined;
    if (typeof value === 'string') names.push(value);
  }
  return names;
}

describe('stages', () => {
  const dev = buildStage('dev', completeStage('dev'), true);
  const prod = buildStage('prod', completeStage('prod'));

  it('synthesize as separately named copies: no stack name nor physical name in common', { timeout: 300_000 }, () => {
    // The dev stage passes the cdk-nag checks too (it has no web ACL).
    expect(() => dev.app.synth()).not.toThrow();
    const devStacks = (Object.values(dev.stacks) as (Stack | undefined)[]).filter((stack) => stack !== undefined);
    const prodStacks = (Object.values(prod.stacks) as (Stack | undefined)[]).filter((stack) => stack !== undefined);
    expect(devStacks.map((stack) => stack.stackName).sort()).toEqual([
      'CaseworkApi-dev',
      'CaseworkData-dev',
      'CaseworkOperations-dev',
      'CaseworkWorkflows-dev',
    ]);
    expect(prodStacks.map((stack) => stack.stackName).sort()).toEqual([
      'CaseworkApi-prod',
      'CaseworkData-prod',
      'CaseworkEdge-prod',
      'CaseworkOperations-prod',
      'CaseworkWorkflows-prod',
    ]);
    const devNames = devStacks.flatMap(physicalNames);
    const prodNames = new Set(prodStacks.flatMap(physicalNames));
    expect(devNames.length).toBeGreaterThan(10);
    expect(devNames.filter((name) => prodNames.has(name))).toEqual([]);
    expect(devNames).toEqual(expect.arrayContaining(['casework-dev', 'alias/casework-dev/sensitive-fields', 'Casework-dev']));
  });

  it('each gets its own settings: sender, distribution lists, origins, the notice', { timeout: 120_000 }, () => {
    const api = Template.fromStack(dev.stacks.api);
    api.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ SENDER_EMAIL: 'casework-dev@mission.ma' }) },
    });
    api.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ CNDP_REFERENCE: 'D-2026-0001' }) },
    });
    api.hasResourceProperties('AWS::ApiGatewayV2::Api', {
      CorsConfiguration: Match.objectLike({ AllowOrigins: ['https://forms-dev.mission.ma'] }),
    });
    Template.fromStack(dev.stacks.operations).hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: 'operators-dev@mission.ma',
    });
    expect(dev.stacks.data.region).toBe('eu-west-3');
  });

  it(
    'prod retains and protects its stateful resources; dev may destroy them; both recover to a point in time',
    { timeout: 120_000 },
    () => {
      const prodData = Template.fromStack(prod.stacks.data);
      prodData.hasResource('AWS::DynamoDB::Table', {
        Properties: Match.objectLike({
          DeletionProtectionEnabled: true,
          PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        }),
        DeletionPolicy: 'Retain',
      });
      for (const key of Object.values(prodData.findResources('AWS::KMS::Key'))) expect(key.DeletionPolicy).toBe('Retain');
      expect(prod.stacks.data.terminationProtection).toBe(true);

      const devData = Template.fromStack(dev.stacks.data);
      devData.hasResource('AWS::DynamoDB::Table', {
        Properties: Match.objectLike({
          DeletionProtectionEnabled: false,
          PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        }),
        DeletionPolicy: 'Delete',
      });
      expect(dev.stacks.data.terminationProtection).toBe(false);
    },
  );

  it(
    'dead letters for every stream consumer (bounded retries and age, bisect), every schedule target, and every asynchronous target has a DLQ',
    { timeout: 120_000 },
    () => {
      for (const stack of [dev.stacks.workflows, dev.stacks.api]) {
        const template = Template.fromStack(stack);
        for (const mapping of Object.values(template.findResources('AWS::Lambda::EventSourceMapping')) as Resource[]) {
          expect(mapping.Properties).toMatchObject({
            BisectBatchOnFunctionError: true,
            MaximumRetryAttempts: expect.any(Number) as unknown,
            MaximumRecordAgeInSeconds: expect.any(Number) as unknown,
            DestinationConfig: { OnFailure: { Destination: expect.anything() as unknown } },
          });
        }
        for (const schedule of Object.values(template.findResources('AWS::Scheduler::Schedule')) as Resource[]) {
          expect(schedule.Properties.Target).toMatchObject({
            RetryPolicy: expect.anything() as unknown,
            DeadLetterConfig: { Arn: expect.anything() as unknown },
          });
        }
        // Every asynchronous target has a DLQ: a function that EventBridge Scheduler invokes (any role
        // Scheduler assumes that may invoke it) gets bounded async retries and an on-failure queue, as the
        // schedule's DeadLetterConfig catches only events it could not deliver.
        const resources = template.toJSON().Resources as Record<string, Resource & { Type: string }>;
        const schedulerRoles = Object.entries(resources)
          .filter(
            ([, r]) =>
              r.Type === 'AWS::IAM::Role' && JSON.stringify(r.Properties.AssumeRolePolicyDocument).includes('scheduler.amazonaws.com'),
          )
          .map(([id]) => id);
        const invokedAsync = new Set<string>();
        for (const policy of Object.values(resources).filter((r) => r.Type === 'AWS::IAM::Policy')) {
          const roles = JSON.stringify(policy.Properties.Roles);
          if (!schedulerRoles.some((role) => roles.includes(`"${role}"`))) continue;
          const statements = (policy.Properties.PolicyDocument as { Statement: { Action: unknown; Resource: unknown }[] }).Statement;
          for (const statement of statements.filter((st) => JSON.stringify(st.Action).includes('lambda:InvokeFunction')))
            for (const [, id] of JSON.stringify(statement.Resource).matchAll(/"Fn::GetAtt":\["([^"]+)","Arn"\]/g)) invokedAsync.add(id!);
        }
        if (stack === dev.stacks.workflows) expect(invokedAsync.size).toBeGreaterThanOrEqual(2);
        const invokeConfigs = Object.values(resources).filter((r) => r.Type === 'AWS::Lambda::EventInvokeConfig');
        for (const fn of invokedAsync) {
          const config = invokeConfigs.find((c) => JSON.stringify(c.Properties.FunctionName) === JSON.stringify({ Ref: fn }));
          expect(config?.Properties, fn).toMatchObject({
            MaximumRetryAttempts: expect.any(Number) as unknown,
            MaximumEventAgeInSeconds: expect.any(Number) as unknown,
            DestinationConfig: { OnFailure: { Destination: expect.anything() as unknown } },
          });
          expect(JSON.stringify(config?.Properties.DestinationConfig)).toMatch(/AsyncFailures/);
        }
        // No Lambda is invoked asynchronously from a workflow (an `Event` invocation would need a DLQ of its own).
        expect(JSON.stringify(template.toJSON())).not.toMatch(/InvocationType\\*"\s*:\s*\\*"Event/);
      }
      // Schedules created at run time: by the workflows (check-ins, follow-ups) and by the task opener (reminders).
      const workflows = Template.fromStack(dev.stacks.workflows);
      const machines = Object.values(workflows.findResources('AWS::StepFunctions::StateMachine')) as Resource[];
      const scheduling = machines.filter((machine) => JSON.stringify(machine.Properties.DefinitionString).includes('createSchedule'));
      expect(scheduling.length).toBeGreaterThan(0);
      for (const machine of scheduling) {
        expect(JSON.stringify(machine.Properties.DefinitionString)).toContain('DeadLetterConfig');
        expect(machine.Properties.DefinitionSubstitutions).toMatchObject({ ScheduleDeadLetterArn: expect.anything() as unknown });
      }
      workflows.hasResourceProperties('AWS::Lambda::Function', {
        Environment: { Variables: Match.objectLike({ SCHEDULE_DEAD_LETTER_ARN: Match.anyValue() }) },
      });
    },
  );

  it(
    'every dead-letter queue and every workflow has an alarm, each alarm goes to the stage topic and stays within 10 metrics',
    { timeout: 120_000 },
    () => {
      const operations = dev.stacks.operations;
      const template = Template.fromStack(operations);
      const alarms = Object.values(template.findResources('AWS::CloudWatch::Alarm')) as Resource[];
      const topic = Object.keys(template.findResources('AWS::SNS::Topic'));
      expect(topic).toHaveLength(1);
      for (const alarm of alarms) {
        expect(alarm.Properties.AlarmActions).toEqual([{ Ref: topic[0] }]);
        const metrics = (alarm.Properties.Metrics as { MetricStat?: unknown }[] | undefined) ?? [];
        expect(metrics.filter((metric) => metric.MetricStat).length).toBeLessThanOrEqual(METRICS_PER_ALARM);
      }
      const alarmed = JSON.stringify(alarms);
      const queues = [dev.stacks.workflows, dev.stacks.api].flatMap((stack) =>
        stack.node.findAll().filter((construct): construct is Queue => construct instanceof Queue),
      );
      // The stream consumers' four (workflow starter, match suggester, indicators, outbox sender), the
      // schedules' one, the asynchronous invocations' failures.
      expect(queues.length).toBe(6);
      for (const queue of queues) expect(alarmed).toContain(JSON.stringify(operations.resolve(queue.queueName)));
      const machines = dev.stacks.workflows.programmes.flatMap((programme) => programme.all());
      expect(machines.length).toBeGreaterThan(10);
      for (const machine of machines) {
        const arn = JSON.stringify(operations.resolve(machine.stateMachine.stateMachineArn));
        for (const metricName of ['ExecutionsFailed', 'ExecutionsTimedOut']) {
          expect(alarms.some((alarm) => JSON.stringify(alarm).includes(arn) && JSON.stringify(alarm).includes(metricName))).toBe(true);
        }
      }
      // API 5xx and p99 latency, Lambda errors and throttles, DynamoDB throttling, cases needing attention.
      for (const metricName of ['5xx', 'Latency', 'Errors', 'Throttles', 'WriteThrottleEvents', 'SystemErrors'])
        expect(alarmed).toContain(`"MetricName":"${metricName}"`);
      // The metric as functions/case-actions emits it: Powertools' service dimension, the programme and
      // the stage (dev's flags never trip prod's alarm in a shared account).
      const attention = Object.values(template.findResources('AWS::CloudWatch::Alarm')).find((alarm) =>
        JSON.stringify(alarm).includes('"MetricName":"CaseNeedsAttention"'),
      ) as {
        Properties: { Threshold: number; ComparisonOperator: string; Metrics: { MetricStat?: { Metric: unknown; Period: number } }[] };
      };
      expect(attention.Properties).toMatchObject({ Threshold: 1, ComparisonOperator: 'GreaterThanOrEqualToThreshold' });
      const series = attention.Properties.Metrics.flatMap((m) => (m.MetricStat ? [m.MetricStat] : []));
      expect(series.map((stat) => stat.Metric)).toEqual(
        ['avrr', 'protection', 'migration-development', 'youth-employability'].map((programme) => ({
          Namespace: 'Casework',
          MetricName: 'CaseNeedsAttention',
          Dimensions: expect.arrayContaining([
            { Name: 'service', Value: 'casework' },
            { Name: 'programme', Value: programme },
            { Name: 'stage', Value: 'dev' },
          ]) as unknown,
        })),
      );
      expect(series.every((stat) => stat.Period === 300)).toBe(true);
      // Every function knows its stage: the value of the metric's stage dimension.
      const functions = Object.values(Template.fromStack(dev.stacks.workflows).findResources('AWS::Lambda::Function')) as {
        Properties: { Environment?: { Variables?: Record<string, unknown> } };
      }[];
      expect(functions.length).toBeGreaterThan(0);
      for (const fn of functions) expect(fn.Properties.Environment?.Variables?.STAGE).toBe('dev');
      template.hasResourceProperties('AWS::CloudWatch::Alarm', { ExtendedStatistic: 'p99', MetricName: 'Latency' });
    },
  );

  it('one dashboard per stage', { timeout: 120_000 }, () => {
    Template.fromStack(dev.stacks.operations).resourceCountIs('AWS::CloudWatch::Dashboard', 1);
    Template.fromStack(dev.stacks.operations).hasResourceProperties('AWS::CloudWatch::Dashboard', { DashboardName: 'Casework-dev' });
    Template.fromStack(prod.stacks.operations).hasResourceProperties('AWS::CloudWatch::Dashboard', { DashboardName: 'Casework-prod' });
  });
});

describe('a stage with missing settings', () => {
  it('fails the synthesis with one message listing every missing setting, placeholders counting as missing', () => {
    const incomplete = completeStage('dev', { senderEmail: '', roleAddresses: {}, alarmEmail: 'ops@example.org' });
    delete (incomplete as Partial<typeof incomplete>).cndpReference;
    let message = '';
    try {
      buildStage('dev', incomplete);
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/Stage "dev" is missing 4 required setting/);
    for (const key of ['senderEmail', 'roleAddresses', 'alarmEmail', 'cndpReference']) expect(message).toContain(`- ${key}:`);
    for (const key of ['region', 'allowedOrigins', 'controllerName', 'dataProtectionContact']) expect(message).not.toContain(`- ${key}:`);
  });

  it('lists them all for a stage with nothing set, as cdk.json commits it', () => {
    expect(() => buildStage('prod', {})).toThrow(
      new RegExp(
        Object.keys(REQUIRED_STAGE_SETTINGS)
          .map((key) => `- ${key}:`)
          .join('[\\s\\S]*'),
      ),
    );
  });

  it('the local stage cannot be deployed: with a real account, no stage is refused', () => {
    const previous = process.env.CASEWORK_ACCOUNT;
    process.env.CASEWORK_ACCOUNT = '123456789012';
    try {
      expect(() => buildCaseworkApp({ nag: false, outdir: outdir(), context: { ...noBundling, ...LOCAL_CONTEXT } })).toThrow(
        /No stage chosen.*--stage dev\|prod/,
      );
    } finally {
      if (previous === undefined) delete process.env.CASEWORK_ACCOUNT;
      else process.env.CASEWORK_ACCOUNT = previous;
    }
  });
});
