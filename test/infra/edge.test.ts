// The API's edge and its least privilege as CloudFormation will get them: CloudFront with an AWS
// WAF web ACL (us-east-1) in front of the HTTP API, a per-address rate rule on submissions, CORS
// from configuration, SMS-only SNS, SES pinned to the sender, and schedules in their own group.
import { describe, expect, it } from 'vitest';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { buildCaseworkApp, LOCAL_CONTEXT } from '../../infra/app.ts';
import { SUBMISSION_RATE_RULE } from '../../infra/constructs/edge-firewall.ts';
import { synthesizeLocalAssembly } from '../../local/cloud-assembly.ts';
import { cdkOutdirs } from '../support/cdk-outdir.ts';

const outdir = cdkOutdirs();
const noBundling = { ...LOCAL_CONTEXT, 'aws:cdk:bundling-stacks': [] };

function synth(context: Record<string, unknown> = {}) {
  const { stacks } = buildCaseworkApp({ nag: false, outdir: outdir(), context: { ...noBundling, ...context } });
  return {
    stacks,
    api: Template.fromStack(stacks.api),
    workflows: Template.fromStack(stacks.workflows),
    edge: Template.fromStack(stacks.edge),
  };
}

type Statement = { Effect: string; Action: string | string[]; Resource: unknown; Condition?: Record<string, unknown> };
function statementsOf(template: Template, action: string): Statement[] {
  return Object.values(template.findResources('AWS::IAM::Policy')).flatMap((policy) =>
    ((policy as { Properties: { PolicyDocument: { Statement: Statement[] } } }).Properties.PolicyDocument.Statement ?? []).filter((s) =>
      [s.Action].flat().includes(action),
    ),
  );
}

describe('the edge', () => {
  const { stacks, api, edge } = synth();

  it('is an AWS WAF web ACL for CloudFront, in us-east-1, with a per-address rate rule on submissions and AWS managed rules', () => {
    expect(stacks.edge.region).toBe('us-east-1');
    edge.hasResourceProperties('AWS::WAFv2::WebACL', {
      Scope: 'CLOUDFRONT',
      DefaultAction: { Allow: {} },
      Rules: Match.arrayWith([
        Match.objectLike({
          Name: SUBMISSION_RATE_RULE.name,
          Action: { Block: { CustomResponse: { ResponseCode: 429 } } },
          Statement: {
            RateBasedStatement: Match.objectLike({
              Limit: 10,
              EvaluationWindowSec: 60,
              AggregateKeyType: 'IP',
              ScopeDownStatement: Match.objectLike({
                AndStatement: {
                  Statements: Match.arrayWith([
                    Match.objectLike({ ByteMatchStatement: Match.objectLike({ SearchString: 'POST', FieldToMatch: { Method: {} } }) }),
                    Match.objectLike({
                      RegexMatchStatement: Match.objectLike({
                        RegexString: SUBMISSION_RATE_RULE.pathPattern,
                        FieldToMatch: { UriPath: {} },
                      }),
                    }),
                  ]),
                },
              }),
            }),
          },
        }),
        Match.objectLike({ Statement: { ManagedRuleGroupStatement: Match.objectLike({ Name: 'AWSManagedRulesCommonRuleSet' }) } }),
        Match.objectLike({ Statement: { ManagedRuleGroupStatement: Match.objectLike({ Name: 'AWSManagedRulesKnownBadInputsRuleSet' }) } }),
      ]),
    });
    expect(new RegExp(SUBMISSION_RATE_RULE.pathPattern).test('/forms/avrr-application/submissions')).toBe(true);
  });

  it('puts the API behind a CloudFront distribution with that web ACL, adding the secret origin header', () => {
    const distributions = Object.values(api.findResources('AWS::CloudFront::Distribution')) as {
      Properties: { DistributionConfig: Record<string, unknown> };
    }[];
    expect(distributions).toHaveLength(1);
    const config = JSON.stringify(distributions[0]!.Properties.DistributionConfig);
    // The web ACL's ARN arrives from us-east-1 through the cross-region reference reader.
    expect(config).toMatch(/WebACLId.*ExportsReader/);
    expect(config).toContain('.execute-api.eu-west-3.');
    const apiId = Object.keys(api.findResources('AWS::ApiGatewayV2::Api'))[0]!;
    expect(config).toContain(`{"Ref":"${apiId}"}`);
    api.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        DefaultCacheBehavior: Match.objectLike({ ViewerProtocolPolicy: 'https-only', AllowedMethods: Match.arrayWith(['POST']) }),
        // The API's origin (the web client's bucket is the other one: test/infra/web-client.test.ts).
        Origins: Match.arrayWith([
          Match.objectLike({
            CustomOriginConfig: Match.objectLike({ OriginProtocolPolicy: 'https-only' }),
            OriginCustomHeaders: [{ HeaderName: 'x-casework-edge', HeaderValue: Match.anyValue() }],
          }),
        ]),
      }),
    });
    expect(config).toContain('resolve:secretsmanager');
  });

  it('gives every API function the secret to check, so direct execute-api calls are refused', () => {
    const functions = Object.values(
      api.findResources('AWS::Lambda::Function', {
        Metadata: { 'casework:entry': Match.stringLikeRegexp('^functions/(?!outbox|pre-token-generation)') },
      }),
    ) as { Properties: { Environment: { Variables: Record<string, unknown> } } }[];
    expect(functions.length).toBeGreaterThanOrEqual(10);
    for (const fn of functions) expect(JSON.stringify(fn.Properties.Environment.Variables.EDGE_ORIGIN_SECRET)).toContain('secretsmanager');
  });

  it('is the rule the local gateway applies, read back from the synthesized web ACL', () => {
    const assembly = synthesizeLocalAssembly({ region: 'eu-west-3', accountId: '000000000000', tablePrefix: '' });
    expect(assembly.clientLimits).toEqual([
      { name: SUBMISSION_RATE_RULE.name, limit: 10, windowSeconds: 60, method: 'POST', pathPattern: SUBMISSION_RATE_RULE.pathPattern },
    ]);
  });
});

describe('CORS', () => {
  it('allows only the configured origins, never *', { timeout: 120_000 }, () => {
    const { api } = synth({ 'casework:allowedOrigins': ['https://forms.mission.example'] });
    api.hasResourceProperties('AWS::ApiGatewayV2::Api', {
      CorsConfiguration: Match.objectLike({
        AllowOrigins: ['https://forms.mission.example'],
        // A console on another origin reads an expired token's challenge (docs/web-client-api.md).
        ExposeHeaders: Match.arrayWith(['www-authenticate', 'retry-after']),
      }),
    });
    expect(JSON.stringify(synth().api.findResources('AWS::ApiGatewayV2::Api'))).not.toContain('"*"');
    expect(() => synth({ 'casework:allowedOrigins': ['*'] })).toThrow(/allowedOrigins/);
  });
});

describe('the outbox sender', () => {
  const { api } = synth({ 'casework:senderEmail': 'noreply@mission.example' });

  it('may publish SMS only: sns:Publish on topic and endpoint ARNs is denied', () => {
    const publish = statementsOf(api, 'sns:Publish');
    expect(publish).toContainEqual(expect.objectContaining({ Effect: 'Deny', Resource: 'arn:aws:sns:*:*:*' }));
    expect(publish.filter((s) => s.Effect === 'Allow')).toHaveLength(1);
  });

  it('sends email only from the sender address, through its identity', () => {
    const send = statementsOf(api, 'ses:SendEmail');
    expect(send).toHaveLength(1);
    expect(JSON.stringify(send[0]!.Resource)).toContain(':identity/noreply@mission.example');
    expect(JSON.stringify(send[0]!.Resource)).not.toContain('identity/*');
    expect(send[0]!.Condition).toEqual({ StringEquals: { 'ses:FromAddress': 'noreply@mission.example' } });
  });
});

describe('schedules', () => {
  const { workflows } = synth();

  it('live in the casework schedule group, and may only be created there', () => {
    workflows.hasResourceProperties('AWS::Scheduler::ScheduleGroup', { Name: 'casework' });
    const create = statementsOf(workflows, 'scheduler:CreateSchedule');
    // The task reminders (OpenHumanTask), AVRR's check-ins, the youth follow-ups and the skilled returns' follow-ups.
    expect(create.length).toBe(4);
    for (const statement of create) expect(JSON.stringify(statement.Resource)).toMatch(/:schedule\/casework\/\*"?$/);
    expect(JSON.stringify(workflows.toJSON())).not.toContain('schedule/default');
    workflows.hasResourceProperties('AWS::Lambda::Function', {
      Description: Match.stringLikeRegexp('Opens the task'),
      Environment: { Variables: Match.objectLike({ SCHEDULE_GROUP: Match.anyValue() }) },
    });
  });

  it('are created by the state machines with the group name', () => {
    const assembly = synthesizeLocalAssembly({ region: 'eu-west-3', accountId: '000000000000', tablePrefix: '' });
    const creating = assembly.stateMachines.filter((machine) => machine.definition.includes('scheduler:createSchedule'));
    expect(creating.length).toBeGreaterThan(0);
    for (const machine of creating) expect(machine.definition).toContain('"GroupName":"casework"');
  });
});
