// What CloudFormation will get: the table's protections, the API's auth and throttling, the
// functions' runtime and least privilege, and a clean cdk-nag AwsSolutions report.
import { describe, expect, it } from 'vitest';
import { Validations } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { buildCaseworkApp, LOCAL_CONTEXT } from '../../infra/app.ts';
import { cdkOutdirs } from '../support/cdk-outdir.ts';

const noBundling = { ...LOCAL_CONTEXT, 'aws:cdk:bundling-stacks': [] };
const outdir = cdkOutdirs();

function synth() {
  const { stacks } = buildCaseworkApp({ nag: false, outdir: outdir(), context: noBundling });
  return { data: Template.fromStack(stacks.data), api: Template.fromStack(stacks.api) };
}

describe('the casework table', () => {
  const { data } = synth();

  it('is on demand, encrypted with our own rotating key, recoverable to a point in time, protected and retained', () => {
    data.hasResource('AWS::DynamoDB::Table', {
      Properties: Match.objectLike({
        BillingMode: 'PAY_PER_REQUEST',
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        SSESpecification: Match.objectLike({ SSEEnabled: true, SSEType: 'KMS', KMSMasterKeyId: Match.anyValue() }),
        DeletionProtectionEnabled: true,
        TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
      }),
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
    });
    data.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
  });

  it('has the indexes the documented access patterns use', () => {
    const tables = data.findResources('AWS::DynamoDB::Table');
    const table = Object.values(tables)[0] as { Properties: { GlobalSecondaryIndexes: { IndexName: string }[] } };
    expect(table.Properties.GlobalSecondaryIndexes.map((index) => index.IndexName).sort()).toEqual(['GSI1', 'GSI2']);
  });
});

describe('the HTTP API', () => {
  const { api } = synth();

  it('puts staff routes behind the Cognito JWT authorizer and leaves the form routes public', () => {
    const routes = api.findResources('AWS::ApiGatewayV2::Route');
    const byKey = Object.fromEntries(
      Object.values(routes).map((r) => {
        const p = (r as { Properties: { RouteKey: string; AuthorizationType?: string } }).Properties;
        return [p.RouteKey, p.AuthorizationType ?? 'NONE'];
      }),
    );
    expect(byKey).toMatchObject({
      'GET /forms': 'NONE',
      'GET /forms/{formId}': 'NONE',
      'POST /forms/{formId}/submissions': 'NONE',
      'GET /openapi.json': 'NONE',
      'GET /cases/{caseId}': 'JWT',
    });
    api.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      AuthorizerType: 'JWT',
      JwtConfiguration: Match.objectLike({ Audience: Match.anyValue(), Issuer: Match.anyValue() }),
    });
  });

  it('throttles the public routes more strictly than the stage', () => {
    api.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      RouteSettings: Match.objectLike({ 'POST /forms/{formId}/submissions': { ThrottlingRateLimit: 10, ThrottlingBurstLimit: 20 } }),
      DefaultRouteSettings: { ThrottlingRateLimit: 50, ThrottlingBurstLimit: 100 },
      AccessLogSettings: Match.objectLike({ DestinationArn: Match.anyValue() }),
    });
  });

  it('has a user pool with the five staff groups, no self sign-up and MFA required', () => {
    api.hasResourceProperties('AWS::Cognito::UserPool', {
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
      MfaConfiguration: 'ON',
    });
    const groups = Object.values(api.findResources('AWS::Cognito::UserPoolGroup')).map(
      (g) => (g as { Properties: { GroupName: string } }).Properties.GroupName,
    );
    expect(groups.sort()).toEqual(['admin', 'caseworker', 'data-protection', 'partner', 'supervisor']);
  });
});

describe('the functions', () => {
  const { api } = synth();

  it('run Node.js 24 on arm64', () => {
    // Ours; CDK's own providers (the cross-region reference reader) are CDK's choice.
    const functions = Object.values(api.findResources('AWS::Lambda::Function', { Metadata: { 'casework:entry': Match.anyValue() } })) as {
      Properties: { Runtime: string; Architectures: string[] };
    }[];
    expect(functions.length).toBeGreaterThanOrEqual(5);
    for (const fn of functions) {
      expect(fn.Properties.Runtime).toBe('nodejs24.x');
      expect(fn.Properties.Architectures).toEqual(['arm64']);
    }
  });

  it('are all traced by X-Ray, with neither results nor error messages in the traces', () => {
    const { stacks } = buildCaseworkApp({ nag: false, outdir: outdir(), context: noBundling });
    const functions = [stacks.api, stacks.workflows].flatMap((stack) =>
      Object.values(Template.fromStack(stack).findResources('AWS::Lambda::Function', { Metadata: { 'casework:entry': Match.anyValue() } })),
    ) as { Properties: { TracingConfig?: { Mode: string }; Environment: { Variables: Record<string, unknown> } } }[];
    expect(functions.length).toBeGreaterThanOrEqual(15);
    for (const fn of functions) {
      expect(fn.Properties.TracingConfig).toEqual({ Mode: 'Active' });
      expect(fn.Properties.Environment.Variables).toMatchObject({
        POWERTOOLS_TRACER_CAPTURE_RESPONSE: 'false',
        POWERTOOLS_TRACER_CAPTURE_ERROR: 'false',
      });
    }
  });

  it('get only the DynamoDB actions they use, never Scan, and no AWS managed policy', () => {
    const policies = JSON.stringify(api.findResources('AWS::IAM::Policy'));
    expect(policies).not.toContain('dynamodb:Scan');
    expect(policies).not.toContain('dynamodb:*');
    const roles = Object.entries(api.findResources('AWS::IAM::Role')) as [string, { Properties: { ManagedPolicyArns?: unknown } }][];
    // Only CDK's cross-region reference reader (reads the web ACL's ARN at deploy time) and its
    // bucket deployment (copies the web client's files at deploy time) have one: logs.
    for (const [id, role] of roles) {
      if (id.startsWith('CustomCrossRegionExportReaderCustomResourceProviderRole')) {
        expect(JSON.stringify(role.Properties.ManagedPolicyArns)).toMatch(/^\[\{"Fn::Sub":"[^"]*AWSLambdaBasicExecutionRole"\}\]$/);
      } else if (id.startsWith('CustomCDKBucketDeployment')) {
        expect(JSON.stringify(role.Properties.ManagedPolicyArns)).toMatch(
          /"[^"]*:iam::aws:policy\/service-role\/AWSLambdaBasicExecutionRole"\]\]\}\]$/,
        );
      } else expect(role.Properties.ManagedPolicyArns, id).toBeUndefined();
    }
  });

  it('give the submission function its table and the workflow map, and the read-only ones no table at all', () => {
    api.hasResourceProperties('AWS::Lambda::Function', {
      Description: 'Accepts a submission idempotently and opens a case',
      Environment: { Variables: Match.objectLike({ TABLE_NAME: Match.anyValue() }) },
    });
    api.hasResourceProperties('AWS::Lambda::Function', {
      Description: 'Lists the forms that can be submitted, with their versions',
      Environment: { Variables: Match.not(Match.objectLike({ TABLE_NAME: Match.anyValue() })) },
    });
  });
});

describe('cdk-nag AwsSolutions and Serverless', () => {
  it('reports no unacknowledged finding', { timeout: 180_000 }, () => {
    const { app } = buildCaseworkApp({ nag: true, outdir: outdir(), context: noBundling });
    expect(() => app.synth()).not.toThrow();
  });

  it('acknowledges every finding with a reason', { timeout: 180_000 }, () => {
    const { app } = buildCaseworkApp({ nag: true, outdir: outdir(), context: noBundling });
    const assembly = app.synth();
    const acknowledgements = assembly.stacks.flatMap((stack) =>
      Object.values(stack.manifest.metadata ?? {}).flatMap((entries) => entries.filter((entry) => entry.type === 'aws:cdk:acknowledge')),
    );
    for (const ack of acknowledgements) expect(JSON.stringify(ack.data)).toMatch(/reason/);
  });

  it('runs the Serverless checks too, and acknowledges what does not apply to each function with its reason', { timeout: 180_000 }, () => {
    const { app } = buildCaseworkApp({ nag: true, outdir: outdir(), context: noBundling });
    app.synth();
    const acknowledged = app.node
      .findAll()
      .flatMap((construct) =>
        construct.node.metadata
          .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
          .flatMap((entry) =>
            Object.entries(entry.data as Record<string, string>).map(([id, reason]) => ({ path: construct.node.path, id, reason })),
          ),
      );
    const dlq = acknowledged.filter((ack) => ack.id.endsWith('Serverless-LambdaDLQ'));
    // Every casework function: the API's, the workflows', the stream consumers' and the reminder.
    expect(dlq.length).toBeGreaterThanOrEqual(18);
    for (const ack of acknowledged) expect(ack.reason.length, `${ack.path} ${ack.id}`).toBeGreaterThan(40);
    expect(dlq.some((ack) => /TaskReminder/.test(ack.path) && /dead-letter queue/.test(ack.reason))).toBe(true);
  });
});

describe('the key of the most sensitive answers', () => {
  const { stacks } = buildCaseworkApp({ nag: false, outdir: outdir(), context: noBundling });
  const data = Template.fromStack(stacks.data);
  const others = [stacks.api, stacks.workflows].map((stack) => Template.fromStack(stack));

  it('is a customer managed key of its own, rotated, aliased, retained, beside the table’s key', () => {
    const keys = Object.entries(data.findResources('AWS::KMS::Key'));
    expect(keys).toHaveLength(2);
    data.hasResourceProperties('AWS::KMS::Alias', { AliasName: 'alias/casework/sensitive-fields' });
    const fieldKey = keys.find(([id]) => id.startsWith('SensitiveFields'));
    expect(fieldKey, 'the sensitive-fields key').toBeDefined();
    expect(fieldKey![1]).toMatchObject({
      Properties: { EnableKeyRotation: true },
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
    });
  });

  it('has a key policy that allows administration, and use only for sealed fields (no kms:*, no Encrypt)', () => {
    const fieldKey = Object.entries(data.findResources('AWS::KMS::Key')).find(([id]) => id.startsWith('SensitiveFields'))!;
    const statements = (fieldKey[1] as { Properties: { KeyPolicy: { Statement: { Action: string[]; Condition?: unknown }[] } } }).Properties
      .KeyPolicy.Statement;
    const actions = statements.flatMap((statement) => statement.Action);
    expect(actions).not.toContain('kms:*');
    expect(actions).not.toContain('kms:Encrypt');
    expect(actions.filter((action) => !/^kms:(Create|Describe|Enable|List|Put|Update|Revoke|Disable|Get|Delete)\*$/.test(action))).toEqual(
      expect.arrayContaining(['kms:GenerateDataKey', 'kms:Decrypt']),
    );
    const use = statements.find((statement) => statement.Action.includes('kms:Decrypt'))!;
    expect(use.Condition).toEqual({ StringEquals: { 'kms:EncryptionContext:purpose': 'casework-sensitive-field' } });
  });

  /** Per function handler, the KMS actions its role has on the sensitive-fields key, and its FIELD_KEY_ARN. */
  function fieldKeyUsers(template: Template) {
    const functions = Object.values(template.findResources('AWS::Lambda::Function')) as {
      Metadata?: Record<string, string>;
      Properties: { Role: { 'Fn::GetAtt': [string, string] }; Environment?: { Variables: Record<string, unknown> } };
    }[];
    const entryOfRole = new Map(functions.map((fn) => [fn.Properties.Role['Fn::GetAtt']?.[0], fn.Metadata?.['casework:entry'] ?? 'CDK']));
    const grants: Record<string, string[]> = {};
    for (const policy of Object.values(template.findResources('AWS::IAM::Policy')) as {
      Properties: {
        Roles: { Ref: string }[];
        PolicyDocument: { Statement: { Action: string | string[]; Resource: unknown; Condition?: unknown }[] };
      };
    }[]) {
      for (const statement of policy.Properties.PolicyDocument.Statement) {
        if (!JSON.stringify(statement.Resource).includes('SensitiveFields')) continue;
        expect(statement.Condition).toEqual({ StringEquals: { 'kms:EncryptionContext:purpose': 'casework-sensitive-field' } });
        for (const role of policy.Properties.Roles) {
          const entry = entryOfRole.get(role.Ref) ?? role.Ref;
          grants[entry] = [...(grants[entry] ?? []), ...[statement.Action].flat()].sort();
        }
      }
    }
    const withKey = functions
      .filter((fn) => JSON.stringify(fn.Properties.Environment?.Variables ?? {}).includes('SensitiveFields'))
      .map((fn) => fn.Metadata?.['casework:entry'])
      .sort();
    return { grants, withKey };
  }

  it('is usable only by the functions that write sensitive answers (GenerateDataKey) or show them (Decrypt)', () => {
    const [api, workflows] = others.map(fieldKeyUsers);
    expect(api!.grants).toEqual({
      'functions/submit-form/handler.ts': ['kms:GenerateDataKey'],
      'functions/submit-partner-form/handler.ts': ['kms:GenerateDataKey'],
      // An association's form submitted on its behalf by mission staff (or by its own staff).
      'functions/submit-association-form/handler.ts': ['kms:GenerateDataKey'],
      'functions/get-case/handler.ts': ['kms:Decrypt'],
      'functions/export-person-data/handler.ts': ['kms:Decrypt'],
      'functions/correct-person/handler.ts': ['kms:Decrypt', 'kms:GenerateDataKey'],
      'functions/withdraw-case/handler.ts': ['kms:GenerateDataKey'],
      // A referral opens the person's sensitive answers and seals them again under the new case.
      'functions/refer-case/handler.ts': ['kms:Decrypt', 'kms:GenerateDataKey'],
      // A partner's own words about a rejected referral: a sealed case note.
      'functions/reject-referral/handler.ts': ['kms:GenerateDataKey'],
    });
    expect(api!.withKey).toEqual([
      'functions/correct-person/handler.ts',
      'functions/export-person-data/handler.ts',
      'functions/get-case/handler.ts',
      'functions/refer-case/handler.ts',
      'functions/reject-referral/handler.ts',
      'functions/submit-association-form/handler.ts',
      'functions/submit-form/handler.ts',
      'functions/submit-partner-form/handler.ts',
      'functions/withdraw-case/handler.ts',
    ]);
    // The workflows' functions, the outbox sender and the rest: no use of it at all.
    expect(workflows!.grants).toEqual({});
    expect(workflows!.withKey).toEqual([]);
  });
});
