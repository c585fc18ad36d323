// Sending the outbox from the stream: staff by email, consenting beneficiaries by SMS, nobody else.
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { mockClient } from 'aws-sdk-client-mock';
import { DynamoDBDocumentClient, GetCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { AdminGetUserCommand, CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { marshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { keys } from '../../../functions/adapters/dynamodb/keys.ts';

process.env.TABLE_NAME = 'casework-test';
process.env.SENDER_EMAIL = 'noreply@mission.example';
process.env.USER_POOL_ID = 'eu-west-3_pool';
process.env.ROLE_ADDRESSES = JSON.stringify({ supervisor: 'supervisors@mission.example' });
process.env.PARTNER_ADDRESSES = JSON.stringify({});
process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';

const ddb = mockClient(DynamoDBDocumentClient);
const ses = mockClient(SESv2Client);
const sns = mockClient(SNSClient);
const cognito = mockClient(CognitoIdentityProviderClient);
let handler: (event: DynamoDBStreamEvent) => Promise<DynamoDBBatchResponse>;

beforeAll(async () => {
  ({ handler } = await import('../../../functions/outbox-dispatcher/handler.ts'));
});

beforeEach(() => {
  ddb.on(UpdateCommand).resolves({});
  ses.on(SendEmailCommand).resolves({ MessageId: 'm' });
  sns.on(PublishCommand).resolves({ MessageId: 'm' });
});

afterEach(() => {
  ddb.reset();
  ses.reset();
  sns.reset();
  cognito.reset();
});

const caseId = '11111111-2222-4333-8444-555555555555';
const message = (overrides: Record<string, unknown>) => ({
  entity: 'Outbox',
  messageId: 'msg-1',
  at: '2026-12-01T08:00:00.000Z',
  channel: 'email',
  template: 'task-escalated',
  language: 'fr',
  caseId,
  params: { reference: 'AVRR-2026-000001', step: 'approval', dueAt: '2026-12-06' },
  recipient: { kind: 'role', role: 'supervisor' },
  ...overrides,
});
const stream = (...items: Record<string, unknown>[]): DynamoDBStreamEvent => ({
  Records: items.map((item, i) => ({
    eventName: 'INSERT',
    dynamodb: { SequenceNumber: String(i + 1), NewImage: marshall(item) as never },
  })),
});

function beneficiary(consent: boolean) {
  ddb.on(GetCommand, { Key: keys.case(caseId) }).resolves({ Item: { caseId, facts: { consentFollowUpContact: consent } } });
  ddb.on(QueryCommand).resolves({ Items: [{ role: 'applicant', data: { contact: { phone: '+212612345678' } } }] });
}

describe('sending the outbox', () => {
  it('emails a role its distribution list, in the message language, and marks the message sent', async () => {
    const result = await handler(stream(message({})));
    expect(result.batchItemFailures).toEqual([]);
    const email = ses.commandCalls(SendEmailCommand)[0]!.args[0].input;
    expect(email.Destination?.ToAddresses).toEqual(['supervisors@mission.example']);
    expect(email.Content?.Simple?.Subject?.Data).toBe('Escalade : approval (AVRR-2026-000001)');
    expect(ddb.commandCalls(UpdateCommand)[0]!.args[0].input.ExpressionAttributeValues).toMatchObject({ ':status': 'sent' });
  });

  it('texts a beneficiary who consented, in their language', async () => {
    beneficiary(true);
    await handler(
      stream(
        message({
          channel: 'sms',
          template: 'documents-requested',
          language: 'ar',
          recipient: { kind: 'beneficiary', caseId },
          params: { reference: 'AVRR-2026-000001', documents: 'proof-of-nationality' },
        }),
      ),
    );
    const sms = sns.commandCalls(PublishCommand)[0]!.args[0].input;
    expect(sms.PhoneNumber).toBe('+212612345678');
    expect(sms.Message).toMatch(/[\u0600-\u06FF]/);
    expect(sms.Message).toContain('proof-of-nationality');
  });

  it('sends nothing to a beneficiary who did not consent, and says it was withheld', async () => {
    beneficiary(false);
    await handler(stream(message({ channel: 'sms', template: 'documents-requested', recipient: { kind: 'beneficiary', caseId } })));
    expect(sns.commandCalls(PublishCommand)).toHaveLength(0);
    expect(ddb.commandCalls(UpdateCommand)[0]!.args[0].input.ExpressionAttributeValues).toMatchObject({ ':status': 'withheld-no-consent' });
  });

  it('reads the consent consistently: a revocation a moment before sending counts', async () => {
    beneficiary(true);
    await handler(stream(message({ channel: 'sms', template: 'documents-requested', recipient: { kind: 'beneficiary', caseId } })));
    const read = ddb.commandCalls(GetCommand).find((call) => call.args[0].input.Key?.SK === 'CASE');
    expect(read?.args[0].input.ConsistentRead).toBe(true);
  });

  it('a message planned before a revocation stays cancelled though the consent was given again since', async () => {
    ddb.on(GetCommand, { Key: keys.case(caseId) }).resolves({
      Item: {
        caseId,
        facts: { consentFollowUpContact: true },
        consents: [
          {
            purpose: 'follow-up-contact',
            basis: 'consent',
            given: true,
            source: 'staff',
            at: '2026-12-03T09:00:00.000Z',
            givenAt: '2026-12-03T09:00:00.000Z',
            givenBy: 'amina',
            revokedAt: '2026-12-02T09:00:00.000Z',
            revokedBy: 'amina',
          },
        ],
      },
    });
    ddb.on(QueryCommand).resolves({ Items: [{ role: 'applicant', data: { contact: { phone: '+212612345678' } } }] });
    await handler(stream(message({ channel: 'sms', template: 'documents-requested', recipient: { kind: 'beneficiary', caseId } })));
    expect(sns.commandCalls(PublishCommand)).toHaveLength(0);
    expect(ddb.commandCalls(UpdateCommand)[0]!.args[0].input.ExpressionAttributeValues).toMatchObject({ ':status': 'withheld-no-consent' });
  });

  it('finds a staff user by their user pool email, and retries the record when SES fails', async () => {
    cognito.on(AdminGetUserCommand).resolves({ Username: 'amina', UserAttributes: [{ Name: 'email', Value: 'amina@mission.example' }] });
    ses.on(SendEmailCommand).rejects(new Error('throttled'));
    const result = await handler(stream(message({ template: 'task-due-soon', recipient: { kind: 'user', sub: 'amina' } })));
    expect(ses.commandCalls(SendEmailCommand)[0]!.args[0].input.Destination?.ToAddresses).toEqual(['amina@mission.example']);
    expect(result.batchItemFailures).toEqual([{ itemIdentifier: '1' }]);
  });

  it('tries each send once: SES and SNS take no idempotency token, a retried send could be a second message', async () => {
    ses.on(SendEmailCommand).rejects(new Error('timed out'));
    await handler(stream(message({})));
    const client = ses.commandCalls(SendEmailCommand)[0]!.thisValue as SESv2Client;
    expect(await client.config.maxAttempts()).toBe(1);
    const { sendClientConfig } = await import('../../../functions/outbox-dispatcher/handler.ts');
    expect(sendClientConfig().maxAttempts).toBe(1);
    expect(sendClientConfig().requestHandler.requestTimeout).toBeGreaterThan(0);
  });

  it('after a failed record, sends none of the later ones: the stream retries the batch from the failure', async () => {
    ses.on(SendEmailCommand).rejectsOnce(new Error('timed out')).resolves({ MessageId: 'm' });
    const result = await handler(stream(message({}), message({ messageId: 'msg-2' }), message({ messageId: 'msg-3' })));
    expect(ses.commandCalls(SendEmailCommand)).toHaveLength(1);
    expect(ddb.commandCalls(UpdateCommand)).toHaveLength(0);
    expect(result.batchItemFailures).toEqual([{ itemIdentifier: '1' }, { itemIdentifier: '2' }, { itemIdentifier: '3' }]);
  });
});
