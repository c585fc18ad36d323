// The HTTP API: public form routes (throttled) and staff routes behind the Cognito JWT authorizer.
import { CfnOutput, Duration, Stack } from 'aws-cdk-lib';
import { CorsHttpMethod, HttpApi, HttpMethod, type CfnStage, type IHttpRouteAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import type { RouteDefinition } from '../../functions/routes.ts';
import { STAFF_SCOPE } from '../../functions/commons/claims.ts';
import { CaseworkFunction } from './casework-function.ts';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { STAFF_DIRECTORY_ACTIONS } from '../../functions/adapters/cognito/staff-directory.ts';
import type { StaffDirectory } from './staff-directory.ts';

export interface CaseworkHttpApiProps {
  routes: RouteDefinition[];
  table: ITable;
  staff: StaffDirectory;
  /** Web origins allowed by CORS (context `casework:allowedOrigins`); never `*`. */
  allowedOrigins: string[];
  /** State machine ARNs by case type (and `${caseType}:${phase}`), for the routes that start workflows. */
  caseWorkflows?: Record<string, string>;
  /** Grants a function what it does to the case workflows (from the workflow constructs). */
  grantWorkflows?: (fn: CaseworkFunction, access: ('start' | 'callback' | 'stop')[]) => void;
  /** The key of the most sensitive answers, granted to the routes that declare `sensitiveData`. */
  sensitiveFieldsKey?: IKey;
  /** Steady-state requests per second and burst, for the whole stage; public routes get stricter limits. */
  throttle?: { rate: number; burst: number; publicRate: number; publicBurst: number };
}

export class CaseworkHttpApi extends Construct {
  readonly api: HttpApi;
  readonly functions: Record<string, CaseworkFunction> = {};
  /** Routes open to anyone (forms, submissions, OpenAPI), for the acknowledgement of their lack of authorizer. */
  readonly publicRoutes: Construct[] = [];
  /** The key that signs pagination cursors (functions/commons/cursor.ts), generated at deploy. */
  readonly cursorKey: Secret;

  constructor(scope: Construct, id: string, props: CaseworkHttpApiProps) {
    super(scope, id);
    if (props.allowedOrigins.length === 0 || props.allowedOrigins.some((origin) => !/^https:\/\/[^*/]+$/.test(origin))) {
      throw new Error(`casework:allowedOrigins must list https origins, without wildcards: ${JSON.stringify(props.allowedOrigins)}`);
    }
    const throttle = props.throttle ?? { rate: 50, burst: 100, publicRate: 10, publicBurst: 20 };
    const jwtAuthorizer: IHttpRouteAuthorizer = new HttpJwtAuthorizer(
      'StaffJwt',
      `https://cognito-idp.${Stack.of(this).region}.amazonaws.com/${props.staff.userPool.userPoolId}`,
      { jwtAudience: [props.staff.apiClient.userPoolClientId, props.staff.consoleClient.userPoolClientId] },
    );

    this.api = new HttpApi(this, 'Api', {
      description: 'Casework API: forms, submissions, cases',
      createDefaultStage: true,
      corsPreflight: {
        allowHeaders: ['content-type', 'authorization', 'idempotency-key', 'accept-language', 'notice-language'],
        allowMethods: [CorsHttpMethod.GET, CorsHttpMethod.POST, CorsHttpMethod.PUT],
        allowOrigins: props.allowedOrigins,
        // What a browser client on another origin must read (docs/web-client-api.md): an expired
        // token's challenge, when to retry, the language answered, a replayed submission.
        exposeHeaders: ['www-authenticate', 'retry-after', 'content-language', 'idempotent-replayed'],
        maxAge: Duration.hours(1),
      },
    });

    // Read once per cold start by the list functions only; a new version invalidates the cursors in
    // clients' hands (they start again from the first page), nothing else.
    this.cursorKey = new Secret(this, 'CursorKey', {
      description: 'HMAC key of the API pagination cursors',
      generateSecretString: { passwordLength: 64, excludePunctuation: true },
    });

    const httpRoutes: Construct[] = [];
    for (const route of props.routes) {
      const fn = new CaseworkFunction(this, route.functionId, { entry: route.entry, description: route.description });
      if (route.table) fn.bindTable(props.table, route.table, route.indexes);
      // A partner caller's association is read on every staff route (functions/commons/auth.ts).
      if (route.access === 'staff') fn.bindPartnerStanding(props.table);
      if (route.sensitiveData?.length) {
        if (!props.sensitiveFieldsKey)
          throw new Error(`Route ${route.functionId} handles sensitive data but no sensitive-fields key was given`);
        fn.bindSensitiveFields(props.sensitiveFieldsKey, route.sensitiveData);
      }
      if (route.pageCursors) {
        fn.addEnvironment('CURSOR_KEY_SECRET_ARN', this.cursorKey.secretArn);
        this.cursorKey.grantRead(fn);
      }
      if (route.staffDirectory) {
        // Reads of the staff directory only, on this pool only.
        fn.addEnvironment('USER_POOL_ID', props.staff.userPool.userPoolId);
        fn.addToRolePolicy(new PolicyStatement({ actions: STAFF_DIRECTORY_ACTIONS, resources: [props.staff.userPool.userPoolArn] }));
      }
      if (route.workflows?.length && props.caseWorkflows) {
        fn.addEnvironment('CASE_WORKFLOW_ARNS', JSON.stringify(props.caseWorkflows));
        props.grantWorkflows?.(fn, route.workflows);
      }
      this.functions[route.functionId] = fn;
      const created = this.api.addRoutes({
        path: route.path,
        methods: [HttpMethod[route.method]],
        integration: new HttpLambdaIntegration(`${route.functionId}Integration`, fn),
        // Access tokens only: an ID token (same audience, no scope claim) is refused at the gateway.
        ...(route.access === 'staff' ? { authorizer: jwtAuthorizer, authorizationScopes: [STAFF_SCOPE] } : {}),
      });
      httpRoutes.push(...created);
      if (route.access === 'public') this.publicRoutes.push(...created);
    }

    const accessLogs = new LogGroup(this, 'AccessLogs', { retention: RetentionDays.THREE_MONTHS });
    const stage = this.api.defaultStage?.node.defaultChild as CfnStage;
    // Access logs carry no body, no query string and no caller identity beyond the request id.
    stage.accessLogSettings = {
      destinationArn: accessLogs.logGroupArn,
      format: JSON.stringify({
        requestId: '$context.requestId',
        routeKey: '$context.routeKey',
        status: '$context.status',
        latencyMs: '$context.responseLatency',
        integrationError: '$context.integrationErrorMessage',
        time: '$context.requestTime',
      }),
    };
    // Per-route throttling names routes by key: they must exist before the stage that names them.
    for (const route of httpRoutes) stage.node.addDependency(route);
    stage.defaultRouteSettings = { throttlingRateLimit: throttle.rate, throttlingBurstLimit: throttle.burst };
    stage.routeSettings = Object.fromEntries(
      props.routes
        .filter((route) => route.access === 'public')
        .map((route) => [
          `${route.method} ${route.path}`,
          // A raw JSON property: CloudFormation's own (PascalCase) names, not the CDK's.
          { ThrottlingRateLimit: throttle.publicRate, ThrottlingBurstLimit: throttle.publicBurst },
        ]),
    );

    new CfnOutput(this, 'ApiUrl', { value: this.api.apiEndpoint });
  }
}
