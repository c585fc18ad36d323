// Envelope encryption of sensitive answers with AWS KMS mocked: which KMS calls, with which
// encryption context; what the submission handler writes; how a function without the key starts.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { randomBytes } from 'node:crypto';
import { chmodSync } from 'node:fs';
import { mockClient } from 'aws-sdk-client-mock';
import { DecryptCommand, GenerateDataKeyCommand, KMS, KMSClient, KMSServiceException } from '@aws-sdk/client-kms';
import { DynamoDBDocumentClient, GetCommand, QueryCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { FieldCipher, kmsKeyring, SealedValueMisplaced } from '../../../functions/adapters/encryption/field-cipher.ts';
import { getForm } from '../../../domain/forms/index.ts';
import { httpEvent, lambdaContext } from '../../support/events.ts';
import { useLocalFieldKeyFile } from '../../support/field-key.ts';
import { TEST_NOTICE_CONFIG } from '../../support/notice.ts';

process.env.POWERTOOLS_METRICS_DISABLED = 'true';
process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
// The submission handler also reads the notice configuration at cold start.
process.env.CONTROLLER_NAME = TEST_NOTICE_CONFIG.controllerName;
process.env.DATA_PROTECTION_CONTACT = TEST_NOTICE_CONFIG.dataProtectionContact;
process.env.CNDP_REFERENCE = TEST_NOTICE_CONFIG.cndpReference;

const KEY_ARN = 'arn:aws:kms:eu-west-3:000000000000:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const kms = mockClient(KMSClient);
const ddb = mockClient(DynamoDBDocumentClient);
const dataKey = randomBytes(32);
const wrapped = randomBytes(64);

beforeEach(() => {
  kms.on(GenerateDataKeyCommand).callsFake(() => ({ KeyId: KEY_ARN, Plaintext: new Uint8Array(dataKey), CiphertextBlob: wrapped }));
  kms.on(DecryptCommand).callsFake(() => ({ KeyId: KEY_ARN, Plaintext: new Uint8Array(dataKey) }));
  ddb.on(GetCommand).resolves({});
  // The identity index, read after the case is stored for match suggestions: nobody found.
  ddb.on(QueryCommand).resolves({ Items: [] });
  ddb.on(UpdateCommand).resolves({ Attributes: { sequence: 10 } });
  ddb.on(TransactWriteCommand).resolves({});
});

afterEach(() => {
  kms.reset();
  ddb.reset();
  for (const key of ['FIELD_KEY_ARN', 'LOCAL_FIELD_KEY_FILE', 'TABLE_NAME']) delete process.env[key];
});

const kmsCipher = () => new FieldCipher(kmsKeyring(KEY_ARN, () => new KMS({ region: 'eu-west-3' })));
const at = { caseId: '6f1c9a56-0000-4000-8000-000000000001', field: 'person/p1/medicalDescription' };

describe('a sensitive value sealed with the KMS key', () => {
  it('takes a data key from KMS bound to its case and field, and opens with kms:Decrypt under the same context', async () => {
    const cipher = kmsCipher();
    const sealed = await cipher.seal('"Diabète de type 2"', at);
    expect(Buffer.from(sealed).toString('latin1')).not.toContain('Diab');
    const generated = kms.commandCalls(GenerateDataKeyCommand);
    expect(generated).toHaveLength(1);
    expect(generated[0]!.args[0].input).toMatchObject({
      KeyId: KEY_ARN,
      EncryptionContext: { purpose: 'casework-sensitive-field', caseId: at.caseId, field: at.field },
    });

    // A fresh cipher (another function, another cold start) opens it through KMS.
    expect(await kmsCipher().open(sealed, at)).toBe('"Diabète de type 2"');
    expect(kms.commandCalls(DecryptCommand)[0]!.args[0].input).toMatchObject({
      EncryptionContext: { purpose: 'casework-sensitive-field', caseId: at.caseId, field: at.field },
    });
  });

  it('caches the data key: reading the same value again within minutes calls KMS once', async () => {
    const sealed = await kmsCipher().seal('"x"', at);
    const reader = kmsCipher();
    await reader.open(sealed, at);
    await reader.open(sealed, at);
    expect(kms.commandCalls(DecryptCommand)).toHaveLength(1);
  });

  it('takes a new data key for every value sealed, even at a place sealed a moment before (a corrected answer)', async () => {
    const cipher = kmsCipher();
    await cipher.seal('"Diabète"', at);
    await cipher.seal('"Diabète de type 2"', at);
    expect(kms.commandCalls(GenerateDataKeyCommand)).toHaveLength(2);
  });

  it('keeps the data keys of values read cached while many values are sealed', async () => {
    const cipher = kmsCipher();
    const sealed = await cipher.seal('"x"', at);
    await cipher.open(sealed, at);
    // More values than the cache holds (200), each at its own place, as a busy intake seals them.
    for (let n = 0; n < 250; n++) await cipher.seal('"y"', { caseId: at.caseId, field: `person/p${n + 2}/medicalDescription` });
    await cipher.open(sealed, at);
    expect(kms.commandCalls(DecryptCommand)).toHaveLength(1);
  });

  it('does not open in another case or another field', async () => {
    const cipher = kmsCipher();
    const sealed = await cipher.seal('"x"', at);
    await expect(cipher.open(sealed, { ...at, caseId: '6f1c9a56-0000-4000-8000-000000000002' })).rejects.toThrow(SealedValueMisplaced);
    await expect(cipher.open(sealed, { ...at, field: 'person/p1/vulnerabilityDetails' })).rejects.toThrow(SealedValueMisplaced);
  });

  it('gives no plaintext to a function KMS refuses', async () => {
    const sealed = await kmsCipher().seal('"x"', at);
    kms
      .on(DecryptCommand)
      .rejects(new KMSServiceException({ name: 'AccessDeniedException', $fault: 'client', $metadata: {}, message: 'denied' }));
    await expect(kmsCipher().open(sealed, at)).rejects.toThrow();
  });
});

describe('the submission handler with the KMS key', () => {
  it('writes the medical description and the raw body sealed, each under its own context', async () => {
    process.env.TABLE_NAME = 'casework-test';
    process.env.FIELD_KEY_ARN = KEY_ARN;
    vi.resetModules();
    const { handler } = (await import('../../../functions/submit-form/handler.ts')) as unknown as {
      handler: (event: unknown, context: unknown) => Promise<APIGatewayProxyStructuredResultV2>;
    };
    const body = getForm('avrr-application')!.examples[0] as { medicalDescription: string };
    const result = await handler(
      httpEvent({
        method: 'POST',
        path: '/forms/avrr-application/submissions',
        routeKey: 'POST /forms/{formId}/submissions',
        body: JSON.stringify(body),
        headers: { 'content-type': 'application/json', 'idempotency-key': 'key-0001-sensitive' },
        pathParameters: { formId: 'avrr-application' },
      }),
      lambdaContext,
    );
    expect(result.statusCode).toBe(201);
    const items = ddb.commandCalls(TransactWriteCommand)[0]!.args[0].input.TransactItems!.map((entry) => entry.Put!.Item!);
    const written = JSON.stringify(items, (_key, value: unknown) =>
      value instanceof Uint8Array ? Buffer.from(value).toString('latin1') : value,
    );
    expect(written).not.toContain(body.medicalDescription);
    const { caseId } = JSON.parse(result.body!) as { caseId: string };
    const contexts = kms.commandCalls(GenerateDataKeyCommand).map((call) => call.args[0].input.EncryptionContext!);
    const person = items.find((item) => item.entity === 'Person' && item.role === 'applicant')!;
    const submission = items.find((item) => item.entity === 'Submission')!;
    expect(contexts).toEqual(
      expect.arrayContaining([
        { purpose: 'casework-sensitive-field', caseId, field: `person/${String(person.personId)}/medicalDescription` },
        { purpose: 'casework-sensitive-field', caseId, field: `submission/${String(submission.submissionId)}/rawBody` },
      ]),
    );
  });
});

describe('a function that seals or opens sensitive values, at cold start', () => {
  const load = async () => {
    process.env.TABLE_NAME = 'casework-test';
    vi.resetModules();
    return import('../../../functions/submit-form/handler.ts');
  };

  it('fails when neither the KMS key nor a local key is configured', async () => {
    await expect(load()).rejects.toThrow(/FIELD_KEY_ARN.*LOCAL_FIELD_KEY_FILE/);
  });

  it('refuses a local key file that others may read', async () => {
    chmodSync(useLocalFieldKeyFile(), 0o644);
    await expect(load()).rejects.toThrow(/owner only/);
  });

  it('refuses a local key inside AWS Lambda: there, the KMS key only', async () => {
    useLocalFieldKeyFile();
    process.env.AWS_LAMBDA_FUNCTION_NAME = 'CaseworkApi-SubmitForm';
    try {
      await expect(load()).rejects.toThrow(/local runtime only/);
    } finally {
      delete process.env.AWS_LAMBDA_FUNCTION_NAME;
    }
  });

  it('starts with a local key file (the local runtime)', async () => {
    useLocalFieldKeyFile();
    await expect(load()).resolves.toHaveProperty('handler');
  });
});
