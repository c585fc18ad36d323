// The web client deployed with the stack: a private bucket behind the API's CloudFront distribution
// (Origin Access Control), `/` and `/assets/*` served from it under the same CSP as locally, and HSTS.
import { describe, expect, it } from 'vitest';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { buildCaseworkApp, LOCAL_CONTEXT } from '../../infra/app.ts';
import { WEB_CLIENT_PATHS } from '../../infra/constructs/web-client.ts';
import { routes } from '../../functions/routes.ts';
import { CONTENT_SECURITY_POLICY } from '../../web/src/csp.ts';
import { cdkOutdirs } from '../support/cdk-outdir.ts';

const outdir = cdkOutdirs();
const { stacks } = buildCaseworkApp({ nag: false, outdir: outdir(), context: { ...LOCAL_CONTEXT, 'aws:cdk:bundling-stacks': [] } });
const api = Template.fromStack(stacks.api);

type Behavior = {
  PathPattern?: string;
  TargetOriginId: string;
  ResponseHeadersPolicyId?: unknown;
  ViewerProtocolPolicy: string;
  AllowedMethods?: string[];
};
const distribution = Object.values(api.findResources('AWS::CloudFront::Distribution'))[0] as {
  Properties: {
    DistributionConfig: {
      DefaultRootObject?: string;
      DefaultCacheBehavior: Behavior;
      CacheBehaviors?: Behavior[];
      Origins: { Id: string; S3OriginConfig?: unknown; OriginAccessControlId?: unknown }[];
    };
  };
};
const config = distribution.Properties.DistributionConfig;

describe('the web client on AWS', () => {
  it('is a private, encrypted bucket that refuses plain HTTP', () => {
    api.hasResourceProperties('AWS::S3::Bucket', {
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      BucketEncryption: Match.objectLike({
        ServerSideEncryptionConfiguration: [Match.objectLike({ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } })],
      }),
    });
    api.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: Match.objectLike({
        Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]),
      }),
    });
  });

  it('is read by the distribution alone, through an Origin Access Control signing every request', () => {
    api.hasResourceProperties('AWS::CloudFront::OriginAccessControl', {
      OriginAccessControlConfig: Match.objectLike({
        OriginAccessControlOriginType: 's3',
        SigningBehavior: 'always',
        SigningProtocol: 'sigv4',
      }),
    });
    const s3Origins = config.Origins.filter((origin) => origin.S3OriginConfig !== undefined);
    expect(s3Origins).toHaveLength(1);
    expect(s3Origins[0]!.OriginAccessControlId).toBeDefined();
    api.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: Match.objectLike({
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Allow',
            Action: 's3:GetObject',
            Principal: { Service: 'cloudfront.amazonaws.com' },
            Condition: { StringEquals: { 'AWS:SourceArn': Match.anyValue() } },
          }),
        ]),
      }),
    });
  });

  it('serves / and /assets/* from the bucket, GET and HEAD over HTTPS only, and everything else from the API', () => {
    expect(config.DefaultRootObject).toBe('index.html');
    const s3Origin = config.Origins.find((origin) => origin.S3OriginConfig !== undefined)!.Id;
    const web = (config.CacheBehaviors ?? []).filter((behavior) => behavior.TargetOriginId === s3Origin);
    expect(web.map((behavior) => behavior.PathPattern).sort()).toEqual([...WEB_CLIENT_PATHS].sort());
    for (const behavior of web) {
      expect(behavior.ViewerProtocolPolicy).toBe('https-only');
      expect(behavior.AllowedMethods).toEqual(['GET', 'HEAD']);
      expect(behavior.ResponseHeadersPolicyId).toBeDefined();
    }
    expect(config.DefaultCacheBehavior.TargetOriginId).not.toBe(s3Origin);
  });

  it('collides with no API route: none is /, /index.html, /auth-config.json, /oauth2/token or under /assets/', () => {
    for (const route of routes)
      expect(route.path, route.path).not.toMatch(/^\/(index\.html|auth-config\.json|oauth2\/token|assets(\/.*)?)?$/);
  });

  it('sends the same Content-Security-Policy as the local system, with HSTS, no framing and no sniffing', () => {
    api.hasResourceProperties('AWS::CloudFront::ResponseHeadersPolicy', {
      ResponseHeadersPolicyConfig: Match.objectLike({
        SecurityHeadersConfig: {
          ContentSecurityPolicy: { ContentSecurityPolicy: CONTENT_SECURITY_POLICY, Override: true },
          StrictTransportSecurity: { AccessControlMaxAgeSec: 63_072_000, IncludeSubdomains: true, Override: true },
          ContentTypeOptions: { Override: true },
          FrameOptions: { FrameOption: 'DENY', Override: true },
          ReferrerPolicy: { ReferrerPolicy: 'no-referrer', Override: true },
        },
      }),
    });
    expect(CONTENT_SECURITY_POLICY).toMatch(/default-src 'self'.*script-src 'self'.*style-src 'self'/);
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-inline|unsafe-eval/);
  });

  it('uploads the build and invalidates index.html and the auth config on each deployment (the assets are hashed)', () => {
    api.hasResourceProperties('Custom::CDKBucketDeployment', { DistributionPaths: ['/index.html', '/auth-config.json'], Prune: true });
  });
});
