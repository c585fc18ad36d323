// The API: staff directory, HTTP API and its functions. Composes constructs; no logic of its own.
import { Stack, type StackProps } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import type { Construct } from 'constructs';
import { routes } from '../../functions/routes.ts';
import { CaseworkHttpApi, type CaseworkHttpApiProps } from '../constructs/casework-http-api.ts';
import { StaffDirectory } from '../constructs/staff-directory.ts';
import { Notifications } from '../constructs/notifications.ts';

export interface ApiStackProps extends StackProps {
  table: ITable;
  caseWorkflows?: Record<string, string>;
  grantWorkflows?: CaseworkHttpApiProps['grantWorkflows'];
}

export class ApiStack extends Stack {
  readonly staff: StaffDirectory;
  readonly http: CaseworkHttpApi;
  readonly notifications: Notifications;

  constructor(scope: Construct, id: string, props: ApiStackProps) {
    super(scope, id, props);
    this.staff = new StaffDirectory(this, 'Staff');
    this.http = new CaseworkHttpApi(this, 'Http', {
      routes,
      table: props.table,
      staff: this.staff,
      ...(props.caseWorkflows ? { caseWorkflows: props.caseWorkflows } : {}),
      ...(props.grantWorkflows ? { grantWorkflows: props.grantWorkflows } : {}),
    });
    // Where staff notifications go: distribution lists per role and per partner association.
    const context = (key: string, fallback: unknown) => (this.node.tryGetContext(`casework:${key}`) as unknown) ?? fallback;
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
