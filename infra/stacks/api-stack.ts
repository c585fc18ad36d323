// The API: staff directory, HTTP API and its functions. Composes constructs; no logic of its own.
import { Stack, type StackProps } from 'aws-cdk-lib';
import type { CfnFunction } from 'aws-cdk-lib/aws-lambda';
import { EDGE_CHECK_ENV, EDGE_SECRET_ENV } from '../../functions/commons/edge.ts';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import type { Construct } from 'constructs';
import { routes } from '../../functions/routes.ts';
import { CaseworkHttpApi, type CaseworkHttpApiProps } from '../constructs/casework-http-api.ts';
import { StaffDirectory } from '../constructs/staff-directory.ts';
import { Notifications } from '../constructs/notifications.ts';
import { ApiEdge } from '../constructs/api-edge.ts';
import { DEFAULT_ACCESS_LOG_RETENTION_DAYS } from '../../domain/access/access-log.ts';
import { ACCESS_LOG_RETENTION_ENV } from '../../functions/commons/access-log-config.ts';
import { LOCAL_STAGE, stageSettings, type StageSettings } from '../stage.ts';

/** The routes that read a case's data, each recording the read in the access log. */
const ACCESS_LOGGED_ROUTES = ['GetCase', 'GetCaseHistory', 'GetTask'];

export interface ApiStackProps extends StackProps {
  table: ITable;
  /** The key of the most sensitive answers (data stack), granted per route (`sensitiveData`). */
  sensitiveFieldsKey: IKey;
  caseWorkflows?: Record<string, string>;
  grantWorkflows?: CaseworkHttpApiProps['grantWorkflows'];
  /** The edge's web ACL (CLOUDFRONT scope), when the stage has one. */
  webAclArn?: string;
  /** The API is published through CloudFront (with the web ACL when there is one). */
  edge?: boolean;
  /** The stage's settings: origins, sender and distribution lists. */
  settings?: Pick<StageSettings, 'allowedOrigins' | 'senderEmail' | 'roleAddresses' | 'partnerAddresses'>;
  /** The law 09-08 notice's deployment values, given to the function that publishes forms. */
  notice: { controllerName: string; dataProtectionContact: string; cndpReference: string };
}

export class ApiStack extends Stack {
  readonly staff: StaffDirectory;
  readonly http: CaseworkHttpApi;
  readonly notifications: Notifications;
  readonly edge?: ApiEdge;

  constructor(scope: Construct, id: string, props: ApiStackProps) {
    super(scope, id, props);
    this.staff = new StaffDirectory(this, 'Staff');
    const context = (key: string, fallback: unknown) => (this.node.tryGetContext(`casework:${key}`) as unknown) ?? fallback;
    const settings = props.settings ?? stageSettings(() => undefined, LOCAL_STAGE);
    this.http = new CaseworkHttpApi(this, 'Http', {
      routes,
      allowedOrigins: settings.allowedOrigins,
      table: props.table,
      sensitiveFieldsKey: props.sensitiveFieldsKey,
      staff: this.staff,
      ...(props.caseWorkflows ? { caseWorkflows: props.caseWorkflows } : {}),
      ...(props.grantWorkflows ? { grantWorkflows: props.grantWorkflows } : {}),
    });
    // The form shows the notice; each submission records which notice (version) it was shown.
    for (const id of ['GetForm', 'SubmitForm', 'SubmitPartnerForm', 'SubmitAssociationForm']) {
      const fn = this.http.functions[id];
      if (!fn) throw new Error(`The ${id} route is missing`);
      fn.addEnvironment('CONTROLLER_NAME', props.notice.controllerName);
      fn.addEnvironment('DATA_PROTECTION_CONTACT', props.notice.dataProtectionContact);
      fn.addEnvironment('CNDP_REFERENCE', props.notice.cndpReference);
    }
    // How long the access log keeps each read (DynamoDB TTL): `casework:accessLogRetentionDays`.
    const retention = String(context('accessLogRetentionDays', DEFAULT_ACCESS_LOG_RETENTION_DAYS));
    for (const id of ACCESS_LOGGED_ROUTES) this.http.functions[id]?.addEnvironment(ACCESS_LOG_RETENTION_ENV, retention);
    // Indicators (docs/indicators.md): the small-cell threshold (`casework:indicatorSmallCellThreshold`,
    // default 5) and the reporting age bands (`casework:indicatorAgeBands`, a JSON map), when set.
    const threshold = context('indicatorSmallCellThreshold', undefined);
    const bands = context('indicatorAgeBands', undefined);
    for (const id of ['GetIndicators', 'ExportCtdc']) {
      if (typeof threshold === 'number' || typeof threshold === 'string')
        this.http.functions[id]?.addEnvironment('INDICATOR_SMALL_CELL_THRESHOLD', String(threshold));
      if (bands !== undefined && id === 'GetIndicators')
        this.http.functions[id]?.addEnvironment('INDICATOR_AGE_BANDS', typeof bands === 'string' ? bands : JSON.stringify(bands));
    }
    if (props.edge || props.webAclArn) {
      this.edge = new ApiEdge(this, 'Edge', {
        api: this.http.api,
        signIn: { domainName: this.staff.hostedUiHost, clientId: this.staff.consoleClient.userPoolClientId },
        ...(props.webAclArn ? { webAclArn: props.webAclArn } : {}),
      });
      for (const fn of Object.values(this.http.functions)) {
        for (const [name, value] of Object.entries(this.edge.checkEnvironment)) fn.addEnvironment(name, value);
      }
    }
    // The console's address, the hosted UI's callback: the edge's, else the stage's allowed origins.
    this.staff.consoleUrls.push(...(this.edge ? [this.edge.consoleUrl] : settings.allowedOrigins.map((origin) => `${origin}/`)));
    // Every API function checks the edge's header: a synthesis in which one would not (no secret,
    // or the local-only opt-out) fails here, before anything is deployed.
    this.node.addValidation({ validate: () => this.edgeCheckProblems() });
    // Where staff notifications go: distribution lists per role and per partner association.
    this.notifications = new Notifications(this, 'Notifications', {
      table: props.table,
      userPoolArn: this.staff.userPool.userPoolArn,
      userPoolId: this.staff.userPool.userPoolId,
      senderEmail: settings.senderEmail,
      roleAddresses: settings.roleAddresses,
      partnerAddresses: settings.partnerAddresses,
    });
  }

  private edgeCheckProblems(): string[] {
    const problems: string[] = [];
    for (const [id, fn] of Object.entries(this.http.functions)) {
      const resolved = this.resolve((fn.node.defaultChild as CfnFunction).environment) as
        { variables?: Record<string, unknown> } | undefined;
      const variables = resolved?.variables ?? {};
      if (variables[EDGE_SECRET_ENV] === undefined || variables[EDGE_SECRET_ENV] === '') {
        problems.push(
          `${EDGE_SECRET_ENV} is required on every API function of a deployed stage, and ${id} has none: ` +
            'the API stack must be built with the edge (webAclArn), which generates the secret (docs/edge.md).',
        );
      }
      if (variables[EDGE_CHECK_ENV] !== undefined) {
        problems.push(`${EDGE_CHECK_ENV} turns the edge check off for the local system only; ${id} must not have it in a deployed stage.`);
      }
    }
    return problems;
  }
}
