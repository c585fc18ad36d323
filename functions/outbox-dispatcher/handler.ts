// Sends what the outbox holds (DynamoDB stream of new Outbox items): email through SES, SMS through
// SNS. Recipients are resolved only now: role and partner lists from configuration, staff users
// from the user pool, beneficiaries from their person item, and only with their consent.
import { AdminGetUserCommand, CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { SendEmailCommand, SESv2Client } from '@aws-sdk/client-sesv2';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { documentClient } from '../commons/clients.ts';
import { boundedClientConfig } from '../commons/sdk-budget.ts';
import { jsonMapEnv, requiredEnv } from '../commons/config.ts';
import { logger, tracer } from '../commons/powertools.ts';
import { DynamoCaseReader, getCase } from '../adapters/dynamodb/case-reader.ts';
import { mayContactBeneficiary } from '../../domain/consent/consents.ts';
import { outboxFromItem } from '../adapters/dynamodb/items.ts';
import { render } from '../../domain/notifications/templates.ts';
import type { OutboxMessage } from '../../domain/notifications/model.ts';

const tableName = requiredEnv('TABLE_NAME');
const sender = requiredEnv('SENDER_EMAIL');
const userPoolId = requiredEnv('USER_POOL_ID');
const roleAddresses = jsonMapEnv('ROLE_ADDRESSES');
const partnerAddresses = jsonMapEnv('PARTNER_ADDRESSES');
// A send is not idempotent (SES and SNS take no client token): the send clients try once, within
// the same time bounds. A send that fails or times out leaves the message unsent and its record is
// retried from the stream; one that reached SES/SNS but whose answer was lost is sent again then:
// delivery is at least once, and a duplicate needs a lost answer or a failure between the send and
// the `sentAt` write.
export const sendClientConfig = () => ({ ...boundedClientConfig(), maxAttempts: 1 });
const ses = tracer.captureAWSv3Client(new SESv2Client(sendClientConfig()));
const sns = tracer.captureAWSv3Client(new SNSClient(sendClientConfig()));
const cognito = tracer.captureAWSv3Client(new CognitoIdentityProviderClient(boundedClientConfig()));
const cases = new DynamoCaseReader(documentClient, tableName);

type Address = { email: string } | { phone: string };

/** Why a message goes nowhere: no address known, or the beneficiary's consent to contact is not there (or was revoked since). */
type Undelivered = 'no-recipient' | 'withheld-no-consent';

async function resolve(message: OutboxMessage): Promise<Address | Undelivered> {
  const recipient = message.recipient;
  switch (recipient.kind) {
    case 'role': {
      const email = recipient.partnerId ? partnerAddresses[recipient.partnerId] : roleAddresses[recipient.role];
      return email ? { email } : 'no-recipient';
    }
    case 'user': {
      const user = await cognito.send(new AdminGetUserCommand({ UserPoolId: userPoolId, Username: recipient.sub }));
      const email = user.UserAttributes?.find((attribute) => attribute.Name === 'email')?.Value;
      return email ? { email } : 'no-recipient';
    }
    case 'beneficiary': {
      // Read consistently: a consent revoked a moment ago stops the message.
      const found = await getCase(documentClient, tableName, recipient.caseId, true);
      if (!found || !mayContactBeneficiary(found, message.at)) return 'withheld-no-consent';
      const applicant = (await cases.getPersons(recipient.caseId)).find((person) => person.role === 'applicant');
      const contact = applicant?.data.contact as { phone?: string; email?: string } | undefined;
      if (message.channel === 'sms' && contact?.phone) return { phone: contact.phone };
      if (contact?.email) return { email: contact.email };
      return contact?.phone ? { phone: contact.phone } : 'no-recipient';
    }
  }
}

/** `key`: the item's own key, as the stream gave it (the outbox's partitions have changed over time). */
async function send(message: OutboxMessage, key: { PK: string; SK: string }): Promise<void> {
  const resolved = await resolve(message);
  const address = typeof resolved === 'string' ? undefined : resolved;
  const { subject, body } = render(message.template, message.language, message.params);
  if (address && 'phone' in address) {
    await sns.send(new PublishCommand({ PhoneNumber: address.phone, Message: body }));
  } else if (address) {
    await ses.send(
      new SendEmailCommand({
        FromEmailAddress: sender,
        Destination: { ToAddresses: [address.email] },
        Content: { Simple: { Subject: { Data: subject, Charset: 'UTF-8' }, Body: { Text: { Data: body, Charset: 'UTF-8' } } } },
      }),
    );
  }
  await documentClient.send(
    new UpdateCommand({
      TableName: tableName,
      Key: key,
      UpdateExpression: 'SET #status = :status, sentAt = :now',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':status': address ? 'sent' : resolved, ':now': new Date().toISOString() },
    }),
  );
  logger.info('notification dispatched', { messageId: message.messageId, template: message.template, delivered: address !== undefined });
}

export const handler = async (event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> => {
  const batchItemFailures: DynamoDBBatchResponse['batchItemFailures'] = [];
  for (const record of event.Records) {
    // The stream resumes a batch from its first failed record, and sends again everything after it:
    // once one record failed, the later ones are not sent now but reported failed with it, so that
    // none of them is sent twice by the retry.
    if (batchItemFailures.length > 0) {
      batchItemFailures.push({ itemIdentifier: record.dynamodb?.SequenceNumber ?? '' });
      continue;
    }
    if (record.eventName !== 'INSERT' || !record.dynamodb?.NewImage) continue;
    const item = unmarshall(record.dynamodb.NewImage as Record<string, AttributeValue>);
    if (item.entity !== 'Outbox') continue;
    try {
      await send(outboxFromItem(item), { PK: item.PK as string, SK: item.SK as string });
    } catch (error) {
      logger.warn('notification not sent, will retry', {
        messageId: item.messageId as string,
        errorName: error instanceof Error ? error.name : 'unknown',
      });
      batchItemFailures.push({ itemIdentifier: record.dynamodb.SequenceNumber ?? '' });
    }
  }
  return { batchItemFailures };
};
