// The API: staff directory, HTTP API and its functions. Composes constructs; no logic of its own.
import { Stack, type StackProps } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import type { Construct } from 'constructs';
import { routes } from '../../functions/routes.ts';
import { CaseworkHttpApi, type CaseworkHttpApiProps } from '../constructs/casework-http-api.ts';
import { StaffDirectory } from '../constructs/staff-directory.ts';
import { Notifications } from '../constructs/notifications.ts';
import { ApiEdge } from '../constructs/api-edge.ts';

export interface ApiStackProps extends StackProps {
  table: ITable;
  /** The key of the most sensitive answers (data stack), granted per route (`sensitiveData`). */
  sensitiveFieldsKey: IKey;
  caseWorkflows?: Record<string, string>;
  grantWorkflows?: CaseworkHttpApiProps['grantWorkflows'];
  /** The edge's web ACL (CLOUDFRONT scope): the API is published through CloudFront with it. */
  webAclArn?: string;
  /** The law 09-08 notice's deployment values, given to the function that publishes forms. */
  notice: { controllerName: string; dataProtectionContact: string; cndpReference: string };
}

/** CORS origins from context: a list (cdk.json) or, from `-c`, a JSON list or a comma-separated string. */
function origins(value: unknown): string[] {
  if (Array.isArray(value)) return value.map(String);
  const text = String(value).trim();
  return text.startsWith('[') ? (JSON.parse(text) as unknown[]).map(String) : text.split(',').map((origin) => origin.trim());
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
    this.http = new CaseworkHttpApi(this, 'Http', {
      routes,
      allowedOrigins: origins(context('allowedOrigins', ['https://forms.example.org'])),
      table: props.table,
      sensitiveFieldsKey: props.sensitiveFieldsKey,
      staff: this.staff,
      ...(props.caseWorkflows ? { caseWorkflows: props.caseWorkflows } : {}),
      ...(props.grantWorkflows ? { grantWorkflows: props.grantWorkflows } : {}),
    });
    // The form shows the notice; each submission records which notice (version) it was shown.
    for (const id of ['GetForm', 'SubmitForm', 'SubmitPartnerForm']) {
      const fn = this.http.functions[id];
      if (!fn) throw new Error(`The ${id} route is missing`);
      fn.addEnvironment('CONTROLLER_NAME', props.notice.controllerName);
      fn.addEnvironment('DATA_PROTECTION_CONTACT', props.notice.dataProtectionContact);
      fn.addEnvironment('CNDP_REFERENCE', props.notice.cndpReference);
    }
    if (props.webAclArn) {
      this.edge = new ApiEdge(this, 'Edge', { api: this.http.api, webAclArn: props.webAclArn });
      for (const fn of Object.values(this.http.functions)) {
        for (const [name, value] of Object.entries(this.edge.checkEnvironment)) fn.addEnvironment(name, value);
      }
    }
    // Where staff notifications go: distribution lists per role and per partner association.
    this.notifications = new Notifications(this, 'Notifications', {
      table: props.table,
      userPoolArn: this.staff.userPool.userPoolArn,
      userPoolId: this.staff.userPool.userPoolId,
      senderEmail: String(context('senderEmail', 'casework-noreply@example.org')),
      roleAddresses: context('roleAddresses', {}) as Record<string, string>,
      partnerAddresses: context('partnerAddresses', {}) as Record<string, string>,
    });
  }
}
