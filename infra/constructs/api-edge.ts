// The API's public entrance: a CloudFront distribution with the edge's web ACL, in front of the
// HTTP API (which AWS WAF cannot protect directly). CloudFront adds a secret header on the way to
// the origin; the handlers refuse requests without it, so calling execute-api directly bypasses
// nothing but gets 403 (docs/edge.md says what this does and does not protect).
import { Stack } from 'aws-cdk-lib';
import type { HttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import {
  AllowedMethods,
  CachePolicy,
  Distribution,
  OriginProtocolPolicy,
  OriginRequestPolicy,
  PriceClass,
  ViewerProtocolPolicy,
} from 'aws-cdk-lib/aws-cloudfront';
import { HttpOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { CfnOutput } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { EDGE_HEADER } from '../../functions/commons/edge.ts';
import { WEB_CLIENT_PATHS, WebClientHosting } from './web-client.ts';

/** The hosted UI's token endpoint, on the console's own origin. */
export const TOKEN_PATH = '/oauth2/token';

/** The hosted UI the console signs in with (the staff directory's Cognito domain and console client). */
export interface ConsoleSignIn {
  /** The hosted UI's domain name, e.g. casework-staff-1a2b3c4d.auth.eu-west-3.amazoncognito.com. */
  domainName: string;
  clientId: string;
}

export interface ApiEdgeProps {
  api: HttpApi;
  /** Where the console signs in: its config file (/auth-config.json) and the token endpoint (/oauth2/token). */
  signIn?: ConsoleSignIn;
  /** The ARN of the CLOUDFRONT-scope web ACL (from the us-east-1 edge stack); a stage without AWS WAF has none. */
  webAclArn?: string;
}

export class ApiEdge extends Construct {
  readonly distribution: Distribution;
  readonly originSecret: Secret;
  /** The web client's files, served at `/` (index.html) and `/assets/*` of the same distribution. */
  readonly web: WebClientHosting;
  /** The console's address (`https://<distribution>/`): the hosted UI's callback. */
  readonly consoleUrl: string;

  constructor(scope: Construct, id: string, props: ApiEdgeProps) {
    super(scope, id);
    this.originSecret = new Secret(this, 'OriginSecret', {
      description: 'Header value CloudFront adds on its way to the API, proving a request came through the edge',
      generateSecretString: { excludePunctuation: true, passwordLength: 48 },
    });
    const { region, urlSuffix } = Stack.of(this);
    this.web = new WebClientHosting(this, 'Web');
    this.distribution = new Distribution(this, 'Distribution', {
      // `/` is the client's index.html; no API route is `/`, `/index.html` or under `/assets/`.
      defaultRootObject: 'index.html',
      additionalBehaviors: {
        ...Object.fromEntries(WEB_CLIENT_PATHS.map((pattern) => [pattern, this.web.behavior])),
        // The console exchanges its code on its own origin (the CSP keeps `connect-src 'self'`):
        // CloudFront forwards POST /oauth2/token to the hosted UI's domain, uncached.
        ...(props.signIn
          ? {
              [TOKEN_PATH]: {
                origin: new HttpOrigin(props.signIn.domainName, { protocolPolicy: OriginProtocolPolicy.HTTPS_ONLY }),
                allowedMethods: AllowedMethods.ALLOW_ALL,
                cachePolicy: CachePolicy.CACHING_DISABLED,
                originRequestPolicy: OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
                viewerProtocolPolicy: ViewerProtocolPolicy.HTTPS_ONLY,
              },
            }
          : {}),
      },
      comment: props.webAclArn ? 'Casework API behind AWS WAF' : 'Casework API (no AWS WAF in this stage)',
      ...(props.webAclArn ? { webAclId: props.webAclArn } : {}),
      priceClass: PriceClass.PRICE_CLASS_100,
      defaultBehavior: {
        origin: new HttpOrigin(`${props.api.apiId}.execute-api.${region}.${urlSuffix}`, {
          protocolPolicy: OriginProtocolPolicy.HTTPS_ONLY,
          // A CloudFormation dynamic reference: resolved at deploy time, never in the template.
          customHeaders: { [EDGE_HEADER]: this.originSecret.secretValue.unsafeUnwrap() },
        }),
        allowedMethods: AllowedMethods.ALLOW_ALL,
        cachePolicy: CachePolicy.CACHING_DISABLED,
        // Every viewer header (Authorization, Idempotency-Key, Accept-Language) but Host, which
        // must name the execute-api domain for API Gateway to route the request.
        originRequestPolicy: OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
        viewerProtocolPolicy: ViewerProtocolPolicy.HTTPS_ONLY,
      },
    });
    const address = `https://${this.distribution.distributionDomainName}/`;
    this.consoleUrl = address;
    this.web.deploy(
      this.distribution,
      props.signIn && {
        authorizeEndpoint: `https://${props.signIn.domainName}/oauth2/authorize`,
        tokenEndpoint: TOKEN_PATH,
        clientId: props.signIn.clientId,
        redirectUri: address,
        scopes: ['openid', 'email', 'profile', 'aws.cognito.signin.user.admin'],
      },
    );
    new CfnOutput(this, 'EdgeUrl', { value: `https://${this.distribution.distributionDomainName}` });
  }

  /** The environment the API's functions need to check the header. */
  get checkEnvironment(): Record<string, string> {
    return { EDGE_ORIGIN_SECRET: this.originSecret.secretValue.unsafeUnwrap() };
  }
}
