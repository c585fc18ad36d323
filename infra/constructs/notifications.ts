// Sends the outbox: a function on the table's stream, filtered to new Outbox items.
import { Duration } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { Effect, PolicyStatement } from 'aws-cdk-lib/aws-iam';
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
    // Email only from the sender address: through its own identity or its domain's (whichever is
    // verified in SES), with the From address pinned by the ses:FromAddress condition key.
    const { region, account } = props.table.stack;
    const senderDomain = props.senderEmail.split('@')[1] ?? props.senderEmail;
    this.dispatcher.addToRolePolicy(
      new PolicyStatement({
        actions: ['ses:SendEmail'],
        resources: [props.senderEmail, senderDomain].map((identity) => `arn:aws:ses:${region}:${account}:identity/${identity}`),
        conditions: { StringEquals: { 'ses:FromAddress': props.senderEmail } },
      }),
    );
    // SMS to phone numbers only. A Publish straight to a phone number names no resource, so it is
    // authorized against "*"; a Publish to a topic or a platform endpoint is authorized against that
    // topic or endpoint ARN (the Service Authorization Reference lists the topic resource as optional
    // for sns:Publish: https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonsns.html),
    // which the Deny below matches, and an explicit Deny overrides any Allow
    // (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html).
    // Not checked against a live account here: docs/edge.md says how to confirm it (policy simulator).
    this.dispatcher.addToRolePolicy(new PolicyStatement({ actions: ['sns:Publish'], resources: ['*'] }));
    this.dispatcher.addToRolePolicy(
      new PolicyStatement({ effect: Effect.DENY, actions: ['sns:Publish'], resources: ['arn:aws:sns:*:*:*'] }),
    );
    this.dispatcher.addEventSource(newItemsOf(this, props.table, 'Outbox'));
  }
}
