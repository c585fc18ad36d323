// Sends the outbox: a function on the table's stream, filtered to new Outbox items.
import { Duration } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { newItemsOf } from './workflows/workflow-starter.ts';
import { Construct } from 'constructs';
import { CaseworkFunction } from './casework-function.ts';

export interface NotificationsProps {
  table: ITable;
  userPoolArn: string;
  userPoolId: string;
  senderEmail: string;
  roleAddresses: Record<string, string>;
  partnerAddresses: Record<string, string>;
}

export class Notifications extends Construct {
  readonly dispatcher: CaseworkFunction;

  constructor(scope: Construct, id: string, props: NotificationsProps) {
    super(scope, id);
    this.dispatcher = new CaseworkFunction(this, 'Dispatcher', {
      entry: 'functions/outbox-dispatcher/handler.ts',
      description: 'Sends outbox notifications: email (SES) to staff, SMS (SNS) to consenting beneficiaries',
      timeout: Duration.seconds(30),
      environment: {
        SENDER_EMAIL: props.senderEmail,
        USER_POOL_ID: props.userPoolId,
        ROLE_ADDRESSES: JSON.stringify(props.roleAddresses),
        PARTNER_ADDRESSES: JSON.stringify(props.partnerAddresses),
      },
    }).bindTable(props.table, ['GetItem', 'Query', 'UpdateItem']);
    this.dispatcher.addToRolePolicy(new PolicyStatement({ actions: ['cognito-idp:AdminGetUser'], resources: [props.userPoolArn] }));
    this.dispatcher.addToRolePolicy(
      new PolicyStatement({
        actions: ['ses:SendEmail'],
        resources: [`arn:aws:ses:${props.table.stack.region}:${props.table.stack.account}:identity/*`],
      }),
    );
    // SMS to phone numbers: SNS has no resource to scope Publish to when sending directly to a number.
    this.dispatcher.addToRolePolicy(new PolicyStatement({ actions: ['sns:Publish'], resources: ['*'] }));
    this.dispatcher.addEventSource(newItemsOf(this, props.table, 'Outbox'));
  }
}
