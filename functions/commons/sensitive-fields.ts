// The field cipher of a function that seals or opens the most sensitive answers, chosen at cold
// start: AWS KMS when FIELD_KEY_ARN is set (CDK sets it on the functions granted the key), else the
// local runtime's raw AES key file (LOCAL_FIELD_KEY_FILE). Neither is a cold-start failure.
import { KMS } from '@aws-sdk/client-kms';
import { FieldCipher, kmsKeyring, localKeyring } from '../adapters/encryption/field-cipher.ts';
import { readLocalFieldKey } from '../adapters/encryption/local-key.ts';
import { optionalEnv } from './config.ts';
import { tracer } from './powertools.ts';
import { boundedClientConfig } from './sdk-budget.ts';

export function fieldCipherFromEnv(): FieldCipher {
  const keyArn = optionalEnv('FIELD_KEY_ARN');
  if (keyArn) {
    const kms = tracer.captureAWSv3Client(new KMS(boundedClientConfig()));
    return new FieldCipher(kmsKeyring(keyArn, () => kms));
  }
  const keyFile = optionalEnv('LOCAL_FIELD_KEY_FILE');
  // The Lambda service sets AWS_LAMBDA_FUNCTION_NAME; the local runtime does not. In AWS, KMS only.
  if (keyFile && optionalEnv('AWS_LAMBDA_FUNCTION_NAME'))
    throw new Error('LOCAL_FIELD_KEY_FILE is for the local runtime only: set FIELD_KEY_ARN');
  if (keyFile) return new FieldCipher(localKeyring(readLocalFieldKey(keyFile)));
  throw new Error(
    'Missing environment variable FIELD_KEY_ARN (the KMS key of sensitive fields) or, in the local runtime, LOCAL_FIELD_KEY_FILE',
  );
}
