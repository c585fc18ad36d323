// The console's sign-in on AWS as CloudFormation gets it: the pool requires MFA (TOTP, no SMS), the
// hosted UI has its domain, the console's client does the authorization code flow only (no secret,
// no implicit grant) back to the console's own address, the API accepts its tokens, the code is
// exchanged on the console's origin (/oauth2/token forwarded to the hosted UI, uncached), and the
// client reads all of it from /auth-config.json, deployed with the build.
import { describe, expect, it } from 'vitest';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { buildCaseworkApp, LOCAL_CONTEXT } from '../../infra/app.ts';
import { TOKEN_PATH } from '../../infra/constructs/api-edge.ts';
import { cdkOutdirs } from '../support/cdk-outdir.ts';

const outdir = cdkOutdirs();
const { stacks } = buildCaseworkApp({ nag: false, outdir: outdir(), context: { ...LOCAL_CONTEXT, 'aws:cdk:bundling-stacks': [] } });
const api = Template.fromStack(stacks.api);

interface ClientProps {
  AllowedOAuthFlows?: string[];
  AllowedOAuthFlowsUserPoolClient?: boolean;
  AllowedOAuthScopes?: string[];
  CallbackURLs?: unknown[];
  GenerateSecret?: boolean;
  ExplicitAuthFlows?: string[];
  SupportedIdentityProviders?: string[];
}
const clients = Object.entries(api.findResources('AWS::Cognito::UserPoolClient')).map(([id, c]) => ({
  id,
  ...(c as { Properties: ClientProps }).Properties,
}));
const consoleClient = clients.find((client) => client.AllowedOAuthFlowsUserPoolClient === true)!;

describe('the console’s sign-in on AWS', () => {
  it('the pool requires MFA, by TOTP only', () => {
    api.hasResourceProperties('AWS::Cognito::UserPool', {
      MfaConfiguration: 'ON',
      EnabledMfas: ['SOFTWARE_TOKEN_MFA'],
    });
  });

  it('the hosted UI has a Cognito domain on the pool', () => {
    const domains = Object.values(api.findResources('AWS::Cognito::UserPoolDomain')) as { Properties: { Domain: string } }[];
    expect(domains).toHaveLength(1);
    expect(domains[0]!.Properties.Domain).toMatch(/^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/);
  });

  it('the console’s client: authorization code only, no secret (a public client, PKCE), the pool’s own sign-in, back to the console', () => {
    expect(consoleClient).toBeDefined();
    expect(consoleClient.AllowedOAuthFlows).toEqual(['code']);
    expect(consoleClient.GenerateSecret).toBe(false);
    expect(consoleClient.SupportedIdentityProviders).toEqual(['COGNITO']);
    expect(consoleClient.AllowedOAuthScopes).toEqual(expect.arrayContaining(['openid', 'aws.cognito.signin.user.admin']));
    // No password flow of its own: only the hosted UI signs in (with MFA).
    expect((consoleClient.ExplicitAuthFlows ?? []).filter((flow) => flow !== 'ALLOW_REFRESH_TOKEN_AUTH')).toEqual([]);
    // Back to the distribution's own address, never a placeholder.
    expect(JSON.stringify(consoleClient.CallbackURLs)).toContain('DomainName');
    expect(JSON.stringify(consoleClient.CallbackURLs)).not.toContain('example.com');
  });

  it('the API’s authorizer accepts the console’s tokens beside the API client’s', () => {
    const authorizer = Object.values(api.findResources('AWS::ApiGatewayV2::Authorizer'))[0] as {
      Properties: { JwtConfiguration: { Audience: unknown[] } };
    };
    expect(authorizer.Properties.JwtConfiguration.Audience).toHaveLength(2);
    expect(JSON.stringify(authorizer.Properties.JwtConfiguration.Audience)).toContain(consoleClient.id);
  });

  it('the code is exchanged on the console’s origin: /oauth2/token goes to the hosted UI, uncached, HTTPS only', () => {
    const distribution = Object.values(api.findResources('AWS::CloudFront::Distribution'))[0] as {
      Properties: {
        DistributionConfig: {
          CacheBehaviors: { PathPattern: string; TargetOriginId: string; ViewerProtocolPolicy: string; AllowedMethods: string[] }[];
          Origins: { Id: string; DomainName: unknown }[];
        };
      };
    };
    const config = distribution.Properties.DistributionConfig;
    const token = config.CacheBehaviors.find((behavior) => behavior.PathPattern === TOKEN_PATH)!;
    expect(token).toBeDefined();
    expect(token.ViewerProtocolPolicy).toBe('https-only');
    expect(token.AllowedMethods).toContain('POST');
    const origin = config.Origins.find((candidate) => candidate.Id === token.TargetOriginId)!;
    expect(JSON.stringify(origin.DomainName)).toContain('.amazoncognito.com');
  });

  it('the client’s configuration is deployed as /auth-config.json with the build', () => {
    const deployment = Object.values(api.findResources('Custom::CDKBucketDeployment'))[0] as { Properties: { SourceMarkers?: unknown } };
    const markers = JSON.stringify(deployment.Properties.SourceMarkers ?? {});
    // Its deploy-time values: the console client's id and the distribution's address.
    expect(markers).toContain(consoleClient.id);
    expect(markers).toContain('DomainName');
    api.hasResourceProperties('Custom::CDKBucketDeployment', { DistributionPaths: Match.arrayWith(['/auth-config.json']) });
  });
});
