// The staff directory as CloudFormation will get it: users cannot write their partner association,
// the app client has no OAuth (no implicit flow, no placeholder callback), the association reaches
// access tokens only through the V2_0 pre-token-generation trigger, and staff routes want access tokens.
import { describe, expect, it } from 'vitest';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { buildCaseworkApp, LOCAL_CONTEXT } from '../../infra/app.ts';
import { cdkOutdirs } from '../support/cdk-outdir.ts';
import { synthesizeLocalAssembly } from '../../local/cloud-assembly.ts';

const outdir = cdkOutdirs();
const { stacks } = buildCaseworkApp({ nag: false, outdir: outdir(), context: { ...LOCAL_CONTEXT, 'aws:cdk:bundling-stacks': [] } });
const api = Template.fromStack(stacks.api);

interface ClientProps {
  WriteAttributes?: string[];
  ReadAttributes?: string[];
  AllowedOAuthFlows?: string[];
  AllowedOAuthFlowsUserPoolClient?: boolean;
  CallbackURLs?: string[];
}
const clients = Object.values(api.findResources('AWS::Cognito::UserPoolClient')).map((c) => (c as { Properties: ClientProps }).Properties);

describe('the app client', () => {
  it('is one of two clients of the pool, with the console’s (hosted UI, code with PKCE: test/infra/hosted-ui.test.ts)', () => {
    expect(clients).toHaveLength(2);
    expect(clients.filter((client) => client.AllowedOAuthFlowsUserPoolClient === false)).toHaveLength(1);
  });

  it('lists the attributes users may write, and custom:partnerId is not one of them', () => {
    for (const client of clients) {
      expect(client.WriteAttributes).toBeDefined();
      expect(client.WriteAttributes).not.toContain('custom:partnerId');
      expect(client.WriteAttributes?.some((name) => name.startsWith('custom:'))).toBe(false);
      expect(client.ReadAttributes).toBeDefined();
    }
  });

  it('has no OAuth flow: no implicit grant, no callback to https://example.com', () => {
    const client = clients.find((candidate) => candidate.AllowedOAuthFlowsUserPoolClient === false)!;
    expect(client.AllowedOAuthFlows ?? []).not.toContain('implicit');
    expect(client.CallbackURLs ?? []).not.toContain('https://example.com');
    expect(client.AllowedOAuthFlowsUserPoolClient).toBe(false);
  });
});

describe('the pre-token-generation trigger', () => {
  it('is configured on the pool with event version V2_0', () => {
    api.hasResourceProperties('AWS::Cognito::UserPool', {
      LambdaConfig: {
        PreTokenGenerationConfig: { LambdaArn: Match.anyValue(), LambdaVersion: 'V2_0' },
      },
    });
  });

  it('is a function of its own that only Cognito, for this pool, may invoke', () => {
    const fns = api.findResources('AWS::Lambda::Function', {
      Metadata: { 'casework:entry': 'functions/pre-token-generation/handler.ts' },
    });
    expect(Object.keys(fns)).toHaveLength(1);
    const [fnId] = Object.keys(fns) as [string];
    const pool = Object.values(api.findResources('AWS::Cognito::UserPool'))[0] as {
      Properties: { LambdaConfig: { PreTokenGenerationConfig: { LambdaArn: unknown } } };
    };
    expect(pool.Properties.LambdaConfig.PreTokenGenerationConfig.LambdaArn).toEqual({ 'Fn::GetAtt': [fnId, 'Arn'] });
    const [poolId] = Object.keys(api.findResources('AWS::Cognito::UserPool')) as [string];
    api.hasResourceProperties('AWS::Lambda::Permission', {
      Action: 'lambda:InvokeFunction',
      FunctionName: { 'Fn::GetAtt': [fnId, 'Arn'] },
      Principal: 'cognito-idp.amazonaws.com',
      SourceArn: { 'Fn::GetAtt': [poolId, 'Arn'] },
    });
  });
});

describe('the staff routes', () => {
  it('require the access-token scope, which ID tokens lack', () => {
    const routes = Object.values(api.findResources('AWS::ApiGatewayV2::Route')).map(
      (r) => (r as { Properties: { RouteKey: string; AuthorizationType?: string; AuthorizationScopes?: string[] } }).Properties,
    );
    const staff = routes.filter((route) => route.AuthorizationType === 'JWT');
    expect(staff.length).toBeGreaterThan(0);
    for (const route of staff)
      expect([route.RouteKey, route.AuthorizationScopes]).toEqual([route.RouteKey, ['aws.cognito.signin.user.admin']]);
  });
});

describe('the local runtime', () => {
  it('reads each staff route’s scopes from the template, so that its gateway enforces them', () => {
    const { routes } = synthesizeLocalAssembly({ region: 'eu-west-3', accountId: '000000000000', tablePrefix: 't-' });
    const staff = routes.filter((route) => route.authorization === 'JWT');
    expect(staff.length).toBeGreaterThan(0);
    for (const route of staff) expect([route.path, route.scopes]).toEqual([route.path, ['aws.cognito.signin.user.admin']]);
    expect(routes.filter((route) => route.authorization === 'NONE').every((route) => route.scopes === undefined)).toBe(true);
  });
});

describe('the staff directory read by the API', () => {
  type Statement = { Action: string | string[]; Resource: unknown };
  const policies = Object.entries(api.findResources('AWS::IAM::Policy')).map(([id, p]) => ({
    id,
    statements: (p as { Properties: { PolicyDocument: { Statement: Statement[] } } }).Properties.PolicyDocument.Statement,
    roles: JSON.stringify((p as { Properties: { Roles?: unknown } }).Properties.Roles),
  }));
  const cognitoStatements = policies.flatMap((p) =>
    p.statements
      .filter((s) => [s.Action].flat().some((a) => a.startsWith('cognito-idp:')))
      .map((s) => ({ roles: p.roles, actions: [s.Action].flat().sort(), resource: JSON.stringify(s.Resource) })),
  );
  const poolId = Object.keys(api.findResources('AWS::Cognito::UserPool'))[0]!;
  const functionsWithPool = Object.entries(api.findResources('AWS::Lambda::Function'))
    .filter(([, f]) =>
      JSON.stringify((f as { Properties: { Environment?: unknown } }).Properties.Environment ?? {}).includes('USER_POOL_ID'),
    )
    .map(([id]) => id);

  it('reassignment and the candidates list read it: the three reads only, on this pool only', () => {
    const readers = cognitoStatements.filter((s) => s.actions.includes('cognito-idp:ListUsersInGroup'));
    expect(readers).toHaveLength(2);
    for (const statement of readers) {
      expect(statement.actions).toEqual(['cognito-idp:AdminGetUser', 'cognito-idp:AdminListGroupsForUser', 'cognito-idp:ListUsersInGroup']);
      expect(statement.resource).toContain(poolId);
      expect(statement.resource).not.toContain('*');
    }
    expect(readers.map((s) => s.roles).join(' ')).toMatch(/ReassignTask/);
    expect(readers.map((s) => s.roles).join(' ')).toMatch(/ListTaskCandidates/);
  });

  it('no function may change users or groups, and only the directory readers and the outbox dispatcher read it', () => {
    const actions = new Set(cognitoStatements.flatMap((s) => s.actions));
    expect([...actions].sort()).toEqual(['cognito-idp:AdminGetUser', 'cognito-idp:AdminListGroupsForUser', 'cognito-idp:ListUsersInGroup']);
    expect(functionsWithPool.filter((id) => /ReassignTask|ListTaskCandidates/.test(id))).toHaveLength(2);
    expect(functionsWithPool.filter((id) => !/ReassignTask|ListTaskCandidates|Dispatcher/.test(id))).toEqual([]);
  });
});
