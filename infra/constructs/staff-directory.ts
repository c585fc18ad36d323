// Staff and partner identities: a Cognito user pool with one group per role. No self sign-up:
// accounts are created by administrators; MFA is required. A partner user's association
// (custom:partnerId) is set by administrators only and reaches access tokens as `partner_id` through
// the pre-token-generation trigger.
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import {
  AccountRecovery,
  CfnUserPoolGroup,
  ClientAttributes,
  FeaturePlan,
  LambdaVersion,
  Mfa,
  StandardThreatProtectionMode,
  StringAttribute,
  UserPool,
  UserPoolOperation,
  type UserPoolClient,
} from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';
import { CaseworkFunction } from './casework-function.ts';
import { STAFF_ROLES, type StaffRole } from '../../domain/access/roles.ts';

/** What each group of the directory is for (the groups themselves are the domain's roles). */
const ROLE_DESCRIPTIONS: Record<StaffRole, string> = {
  caseworker: 'Caseworkers: see their queue, complete the steps in front of them',
  supervisor: 'Supervisors and programme managers: approve, reassign, see overdue work',
  partner: 'Partner associations: only the cases shared with them',
  admin: 'Administrators of the system',
  'data-protection': 'Data-protection officer: the staff access log and the data subjects’ requests (law 09-08)',
} as const;

export class StaffDirectory extends Construct {
  readonly userPool: UserPool;
  readonly apiClient: UserPoolClient;
  readonly preTokenGeneration: CaseworkFunction;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.userPool = new UserPool(this, 'UserPool', {
      selfSignUpEnabled: false,
      signInAliases: { email: true },
      mfa: Mfa.REQUIRED,
      mfaSecondFactor: { otp: true, sms: false },
      passwordPolicy: { minLength: 14, requireDigits: true, requireLowercase: true, requireUppercase: true, requireSymbols: true },
      accountRecovery: AccountRecovery.EMAIL_ONLY,
      featurePlan: FeaturePlan.PLUS,
      standardThreatProtectionMode: StandardThreatProtectionMode.FULL_FUNCTION,
      // Mutable (a custom attribute's mutability cannot change on an existing pool), but only
      // administrators write it (AdminUpdateUserAttributes): the app client cannot.
      customAttributes: { partnerId: new StringAttribute({ mutable: true, maxLen: 64 }) },
      removalPolicy: RemovalPolicy.RETAIN,
      deletionProtection: true,
    });
    for (const groupName of STAFF_ROLES) {
      new CfnUserPoolGroup(this, `Group-${groupName}`, {
        userPoolId: this.userPool.userPoolId,
        groupName,
        description: ROLE_DESCRIPTIONS[groupName],
      });
    }
    this.apiClient = this.userPool.addClient('ApiClient', {
      authFlows: { userSrp: true },
      generateSecret: false,
      accessTokenValidity: Duration.minutes(60),
      idTokenValidity: Duration.minutes(60),
      refreshTokenValidity: Duration.hours(12),
      preventUserExistenceErrors: true,
      // Sign-in is SRP through the Cognito API: no hosted UI, so no OAuth flow at all (no implicit
      // grant, no placeholder callback URL).
      disableOAuth: true,
      // Users may change their display name; nothing else, and never their partner association
      // (with no list here, the client could write every attribute, custom ones included).
      writeAttributes: new ClientAttributes().withStandardAttributes({ fullname: true }),
      readAttributes: new ClientAttributes().withStandardAttributes({ email: true, emailVerified: true, fullname: true }),
    });
    // Custom attributes are not in Cognito access tokens: the trigger (V2_0, feature plan Essentials
    // or Plus) adds the association to them. It only maps attributes: no table, no AWS call.
    this.preTokenGeneration = new CaseworkFunction(this, 'PreTokenGeneration', {
      entry: 'functions/pre-token-generation/handler.ts',
      description: 'Cognito pre-token-generation trigger: adds partner_id to access tokens from custom:partnerId',
      memorySize: 256,
      timeout: Duration.seconds(5),
    });
    this.userPool.addTrigger(UserPoolOperation.PRE_TOKEN_GENERATION_CONFIG, this.preTokenGeneration, LambdaVersion.V2_0);
  }
}
