// The web client's static files (web/dist: index.html and hashed assets) in a private S3 bucket,
// served through the API's CloudFront distribution with an Origin Access Control, under the same
// Content-Security-Policy the local system sends (web/src/csp.ts) and HSTS. The asset is built by
// the project's esbuild on the synthesizing machine (local bundling: no Docker).
import path from 'node:path';
import { DockerImage, Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import {
  AllowedMethods,
  CachePolicy,
  HeadersFrameOption,
  HeadersReferrerPolicy,
  ResponseHeadersPolicy,
  ViewerProtocolPolicy,
  type BehaviorOptions,
  type IDistribution,
} from 'aws-cdk-lib/aws-cloudfront';
import { S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import { BucketDeployment, Source } from 'aws-cdk-lib/aws-s3-deployment';
import { Construct } from 'constructs';
import { buildWebSync, WEB_ROOT } from '../../scripts/build-web.ts';
import { CONTENT_SECURITY_POLICY } from '../../web/src/csp.ts';
import type { AuthConfig } from '../../web/src/oidc.ts';

/** The client's paths on the distribution: everything else is the API's. */
export const WEB_CLIENT_PATHS = ['/index.html', '/assets/*', '/auth-config.json'] as const;

export class WebClientHosting extends Construct {
  readonly bucket: Bucket;
  readonly headers: ResponseHeadersPolicy;
  /** The behaviour of the client's paths (WEB_CLIENT_PATHS), for the distribution. */
  readonly behavior: BehaviorOptions;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    // Nothing in it is personal or unrecoverable: the build makes it again.
    this.bucket = new Bucket(this, 'Files', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      removalPolicy: RemovalPolicy.DESTROY,
      autoDeleteObjects: false,
    });
    Validations.of(this.bucket).acknowledge({
      id: 'AwsSolutions-S1',
      reason:
        "The bucket holds only the web client's public build output (no personal data), read by this distribution alone through its Origin Access Control and written only by the deployment: its access log would list CloudFront's cache fills.",
    });
    this.headers = new ResponseHeadersPolicy(this, 'Headers', {
      comment: 'Casework web client: strict CSP, HSTS, no framing, no sniffing, no referrer',
      securityHeadersBehavior: {
        contentSecurityPolicy: { contentSecurityPolicy: CONTENT_SECURITY_POLICY, override: true },
        strictTransportSecurity: { accessControlMaxAge: Duration.days(730), includeSubdomains: true, override: true },
        contentTypeOptions: { override: true },
        frameOptions: { frameOption: HeadersFrameOption.DENY, override: true },
        referrerPolicy: { referrerPolicy: HeadersReferrerPolicy.NO_REFERRER, override: true },
      },
    });
    this.behavior = {
      // Private bucket, read by this distribution only (Origin Access Control, SigV4).
      origin: S3BucketOrigin.withOriginAccessControl(this.bucket),
      allowedMethods: AllowedMethods.ALLOW_GET_HEAD,
      cachePolicy: CachePolicy.CACHING_OPTIMIZED,
      responseHeadersPolicy: this.headers,
      viewerProtocolPolicy: ViewerProtocolPolicy.HTTPS_ONLY,
      compress: true,
    };
  }

  /**
   * Uploads the built client; index.html (and the auth config) are invalidated on each deployment
   * (the assets are hashed). `auth`: the console's sign-in (web/src/oidc.ts `AuthConfig`), written as
   * /auth-config.json with the deployment's values; without it the console has no sign-in there.
   */
  deploy(distribution: IDistribution, auth?: AuthConfig): BucketDeployment {
    const deployment = new BucketDeployment(this, 'Deployment', {
      destinationBucket: this.bucket,
      distribution,
      distributionPaths: ['/index.html', '/auth-config.json'],
      prune: true,
      memoryLimit: 256,
      sources: [
        Source.asset(path.join(WEB_ROOT, 'src'), {
          bundling: {
            // Never used: the local build below always succeeds or throws.
            image: DockerImage.fromRegistry('scratch'),
            local: {
              tryBundle(outputDir: string): boolean {
                buildWebSync(outputDir);
                return true;
              },
            },
          },
        }),
        ...(auth ? [Source.jsonData('auth-config.json', auth)] : []),
      ],
    });
    this.acknowledgeDeploymentFindings();
    return deployment;
  }

  /** CDK's deployment function (one per stack, at the stack's root) copies the files at deploy time only. */
  private acknowledgeDeploymentFindings(): void {
    const handler = Stack.of(this)
      .node.children.filter((child) => child.node.id.startsWith('Custom::CDKBucketDeployment'))
      .at(0);
    if (!handler) throw new Error('CDK bucket deployment function not found');
    const findings: Record<string, string> = {
      'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]':
        "CDK's bucket deployment function writes its own logs with the basic execution policy; it runs at deployment only.",
      'AwsSolutions-IAM5[Action::s3:GetObject*]':
        "CDK's bucket deployment grants: read the built client from the CDK assets bucket, nothing else of S3 (the grant's actions are CDK's).",
      'AwsSolutions-IAM5[Action::s3:GetBucket*]': "CDK's bucket deployment grants: read the assets and the client's bucket only.",
      'AwsSolutions-IAM5[Action::s3:List*]':
        "CDK's bucket deployment grants: list the assets and the client's bucket only, to copy and prune.",
      'AwsSolutions-IAM5[Action::s3:DeleteObject*]': "CDK's bucket deployment prunes files of earlier builds, in the client's bucket only.",
      'AwsSolutions-IAM5[Action::s3:Abort*]': "CDK's bucket deployment aborts its own unfinished uploads, in the client's bucket only.",
      'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:::cdk-hnb659fds-assets-<AWS::AccountId>-<AWS::Region>/*]':
        'The CDK bootstrap assets bucket, where the built client is staged: object names are content hashes known at synthesis.',
      'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:::cdk-hnb659fds-assets-000000000000-eu-west-3/*]':
        'The CDK bootstrap assets bucket, where the built client is staged: object names are content hashes known at synthesis.',
      'AwsSolutions-IAM5[Resource::<EdgeWebFilesE5F0E9DF.Arn>/*]':
        "Every object of the client's own bucket: the deployment replaces the whole build.",
      'AwsSolutions-IAM5[Resource::*]':
        "cloudfront:CreateInvalidation as CDK's bucket deployment grants it (to invalidate index.html after each deployment): the distribution is created in the same stack.",
      'AwsSolutions-L1': "CDK's bucket deployment function: its runtime is chosen by aws-cdk-lib and moves with it.",
      'Serverless-LambdaLatestVersion': "CDK's bucket deployment function: its runtime is chosen by aws-cdk-lib and moves with it.",
      'Serverless-LambdaDLQ':
        'A CloudFormation custom resource: a failure fails the deployment itself, which rolls back; there is no event to keep for later.',
      'Serverless-LambdaTracing':
        'Runs once per deployment to copy static files; CloudFormation reports its failures with the stack events.',
    };
    for (const [id, reason] of Object.entries(findings)) Validations.of(handler).acknowledge({ id, reason });
  }
}
