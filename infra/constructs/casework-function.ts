// Every Lambda function of the system: Node 24 on arm64, bundled by the local esbuild, its own log
// group, and grants that come with the environment variable that needs them.
import path from 'node:path';
import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { Architecture, Runtime, Tracing, type CfnFunction } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { Construct } from 'constructs';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import type { DynamoAction, RouteDefinition } from '../../functions/routes.ts';
import { keys } from '../../functions/adapters/dynamodb/keys.ts';
import { SENSITIVE_FIELDS_CONTEXT_CONDITION } from './sensitive-fields-key.ts';
import { stageName } from '../stage.ts';

export const REPO_ROOT = path.resolve(import.meta.dirname, '../..');

/**
 * How every function is bundled (esbuild, also measured as is by `npm run bench:bundles`). The
 * nodejs24.x runtime provides the AWS SDK v3 (and its @smithy packages): they stay out of the bundle,
 * as CDK's default with the sdkV3ExcludeSmithyPackages flag, written out so that it cannot drift.
 */
export const FUNCTION_BUNDLING = {
  format: OutputFormat.ESM,
  target: 'node24',
  minify: true,
  sourceMap: true,
  sourcesContent: false,
  mainFields: ['module', 'main'],
  externalModules: ['@aws-sdk/*', '@smithy/*'],
  // ESM bundles still meet CommonJS dependencies; give them a require.
  banner: "import { createRequire as __cr } from 'module'; const require = __cr(import.meta.url);",
  metafile: false,
};

/** Metadata key on each function's CloudFormation resource naming its handler source, for the local runtime. */
export const ENTRY_METADATA_KEY = 'casework:entry';

const readActions = new Set<DynamoAction>(['GetItem', 'BatchGetItem', 'Query']);

export interface CaseworkFunctionProps {
  /** Path of the handler module, relative to the repository root, e.g. functions/submit-form/handler.ts */
  entry: string;
  description: string;
  memorySize?: number;
  timeout?: Duration;
  environment?: Record<string, string>;
}

export class CaseworkFunction extends NodejsFunction {
  constructor(scope: Construct, id: string, props: CaseworkFunctionProps) {
    const logGroup = new LogGroup(scope, `${id}Logs`, {
      retention: RetentionDays.THREE_MONTHS,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    // Its own role, with no AWS managed policy: it may write to its own log group and nothing else
    // until a bind* method grants more.
    const role = new Role(scope, `${id}Role`, { assumedBy: new ServicePrincipal('lambda.amazonaws.com') });
    role.addToPrincipalPolicy(
      new PolicyStatement({ actions: ['logs:CreateLogStream', 'logs:PutLogEvents'], resources: [logGroup.logGroupArn] }),
    );
    super(scope, id, {
      entry: path.join(REPO_ROOT, props.entry),
      handler: 'handler',
      description: props.description,
      runtime: Runtime.NODEJS_24_X,
      architecture: Architecture.ARM_64,
      memorySize: props.memorySize ?? 512,
      timeout: props.timeout ?? Duration.seconds(10),
      logGroup,
      role,
      tracing: Tracing.ACTIVE,
      environment: {
        NODE_OPTIONS: '--enable-source-maps',
        POWERTOOLS_SERVICE_NAME: 'casework',
        // The stage (`casework:stage`, 'local' for the local system and the tests): a dimension of
        // the functions' own metrics, so that one stage's alarms never count another's events.
        STAGE: stageName((key) => scope.node.tryGetContext(key) as unknown),
        POWERTOOLS_LOG_LEVEL: 'INFO',
        // Traces hold timings and AWS calls, never data: no results, and errors only as a flag
        // (their messages may echo input).
        POWERTOOLS_TRACER_CAPTURE_RESPONSE: 'false',
        POWERTOOLS_TRACER_CAPTURE_ERROR: 'false',
        ...props.environment,
      },
      projectRoot: REPO_ROOT,
      depsLockFilePath: path.join(REPO_ROOT, 'package-lock.json'),
      bundling: { forceDockerBundling: false, ...FUNCTION_BUNDLING },
    });
    (this.node.defaultChild as CfnFunction).addMetadata(ENTRY_METADATA_KEY, props.entry);
    Validations.of(role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason: 'Active tracing grants xray:PutTraceSegments and xray:PutTelemetryRecords, which support no resource-level permission.',
    });
  }

  /**
   * Sets TABLE_NAME and grants exactly the DynamoDB actions the function uses (never Scan), with the
   * matching use of the table's KMS key.
   */
  bindTable(table: ITable, actions: DynamoAction[], indexes: string[] = []): this {
    this.addEnvironment('TABLE_NAME', table.tableName);
    this.addToRolePolicy(
      new PolicyStatement({
        actions: actions.map((action) => `dynamodb:${action}`),
        resources: [table.tableArn, ...indexes.map((index) => `${table.tableArn}/index/${index}`)],
      }),
    );
    const writes = actions.some((action) => !readActions.has(action));
    if (table.encryptionKey) {
      this.addToRolePolicy(
        new PolicyStatement({
          actions: writes ? ['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey', 'kms:DescribeKey'] : ['kms:Decrypt', 'kms:DescribeKey'],
          resources: [table.encryptionKey.keyArn],
        }),
      );
    }
    return this;
  }

  /**
   * What every staff route reads to resolve a partner caller (functions/commons/auth.ts): GetItem on
   * the associations' partition only (`dynamodb:LeadingKeys`), with TABLE_NAME and the table key's
   * decryption.
   */
  bindPartnerStanding(table: ITable): this {
    this.addEnvironment('TABLE_NAME', table.tableName);
    this.addToRolePolicy(
      new PolicyStatement({
        actions: ['dynamodb:GetItem'],
        resources: [table.tableArn],
        conditions: { 'ForAllValues:StringEquals': { 'dynamodb:LeadingKeys': [keys.associations().PK] } },
      }),
    );
    if (table.encryptionKey) {
      this.addToRolePolicy(new PolicyStatement({ actions: ['kms:Decrypt', 'kms:DescribeKey'], resources: [table.encryptionKey.keyArn] }));
    }
    return this;
  }

  /**
   * Sets FIELD_KEY_ARN and grants the use of the sensitive fields' key the function needs: a data
   * key to seal ('encrypt'), the opening of one ('decrypt'), only for sealed fields' contexts.
   */
  bindSensitiveFields(key: IKey, uses: NonNullable<RouteDefinition['sensitiveData']>): this {
    this.addEnvironment('FIELD_KEY_ARN', key.keyArn);
    const actions = [...(uses.includes('encrypt') ? ['kms:GenerateDataKey'] : []), ...(uses.includes('decrypt') ? ['kms:Decrypt'] : [])];
    this.addToRolePolicy(new PolicyStatement({ actions, resources: [key.keyArn], conditions: SENSITIVE_FIELDS_CONTEXT_CONDITION }));
    return this;
  }
}
