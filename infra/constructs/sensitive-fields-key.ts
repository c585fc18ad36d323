// The key of the most sensitive answers (health, trafficking, a child's situation): a customer
// managed KMS key of their own, apart from the table's key, so that read access to the table (and
// its key) does not reveal them. Its key policy lets the account administer it but use it only for
// sealed fields (the encryption context's purpose); which functions may use it is then decided by
// their IAM grants, from `sensitiveData` in functions/routes.ts. docs/encryption.md
import { RemovalPolicy } from 'aws-cdk-lib';
import { AccountRootPrincipal, PolicyDocument, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import { Duration } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { FIELD_CONTEXT_PURPOSE } from '../../functions/adapters/encryption/field-context.ts';

export const SENSITIVE_FIELDS_KEY_ALIAS = 'alias/casework/sensitive-fields';

/** The condition every use of the key carries: only data keys for sealed fields. */
export const SENSITIVE_FIELDS_CONTEXT_CONDITION = { StringEquals: { 'kms:EncryptionContext:purpose': FIELD_CONTEXT_PURPOSE } };

export class SensitiveFieldsKey extends Construct {
  readonly key: Key;

  constructor(scope: Construct, id: string, props: { stage?: string; retain?: boolean } = {}) {
    super(scope, id);
    const account = new AccountRootPrincipal();
    const stage = props.stage ?? 'local';
    this.key = new Key(this, 'Key', {
      // One alias per stage: two stages may share an account.
      alias:
        stage === 'local' ? SENSITIVE_FIELDS_KEY_ALIAS : SENSITIVE_FIELDS_KEY_ALIAS.replace('alias/casework/', `alias/casework-${stage}/`),
      description: 'Casework: envelope encryption of the most sensitive answers (health, trafficking)',
      enableKeyRotation: true,
      // Lost with the key would be every sealed answer: never deleted with a stack (a dev stage,
      // whose data is disposable, may destroy it: KMS still waits 7 days before deleting it).
      removalPolicy: props.retain === false ? RemovalPolicy.DESTROY : RemovalPolicy.RETAIN,
      ...(props.retain === false ? { pendingWindow: Duration.days(7) } : {}),
      policy: new PolicyDocument({
        statements: [
          // Administration by the account's IAM principals, without any cryptographic use.
          new PolicyStatement({
            sid: 'Administration',
            principals: [account],
            actions: [
              'kms:Create*',
              'kms:Describe*',
              'kms:Enable*',
              'kms:List*',
              'kms:Put*',
              'kms:Update*',
              'kms:Revoke*',
              'kms:Disable*',
              'kms:Get*',
              'kms:Delete*',
              'kms:TagResource',
              'kms:UntagResource',
              'kms:ScheduleKeyDeletion',
              'kms:CancelKeyDeletion',
              'kms:RotateKeyOnDemand',
            ],
            resources: ['*'],
          }),
          // Use delegated to IAM (the grants of the functions that seal or open), for sealed fields only:
          // no Encrypt, no ReEncrypt, no data key without the purpose in its context.
          new PolicyStatement({
            sid: 'SealedFieldsThroughIam',
            principals: [account],
            actions: ['kms:GenerateDataKey', 'kms:Decrypt'],
            resources: ['*'],
            conditions: SENSITIVE_FIELDS_CONTEXT_CONDITION,
          }),
        ],
      }),
    });
  }
}
