// Staff and partner identities: a Cognito user pool with one group per role. No self sign-up:
// accounts are created by administrators; MFA is required.
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import {
  AccountRecovery,
  CfnUserPoolGroup,
  FeaturePlan,
  Mfa,
  StandardThreatProtectionMode,
  StringAttribute,
  UserPool,
  type UserPoolClient,
} from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';
import { STAFF_ROLES, type StaffRole } from '../../domain/access/roles.ts';

/** What each group of the directory is for (the groups themselves are the domain's roles). */
const ROLE_DESCRIPTIONS: Record<StaffRole, string> = {
  caseworker: 'Caseworkers: see their queue, complete the steps in front of them',
  supervisor: 'Supervisors and programme managers: approve, reassign, see overdue work',
  partner: 'Partner associations: only the cases shared with them',
  admin: 'Administrators of the system',
} as const;

export class StaffDirectory extends Construct {
  readonly userPool: UserPool;
  readonly apiClient: UserPoolClient;

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
    });
  }
}
