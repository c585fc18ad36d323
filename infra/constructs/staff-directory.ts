// Staff and partner identities: a Cognito user pool with one group per role. No self sign-up:
// accounts are created by administrators; MFA is required. A partner user's association
// (custom:partnerId) is set by administrators only and reaches access tokens as `partner_id` through
// the pre-token-generation trigger.
import { Duration, Lazy, Names, RemovalPolicy, Stack } from 'aws-cdk-lib';
import {
  AccountRecovery,
  CfnUserPoolGroup,
  ClientAttributes,
  FeaturePlan,
  LambdaVersion,
  Mfa,
  OAuthScope,
  UserPoolClientIdentityProvider,
  type UserPoolDomain,
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
  /** The web console's client: the hosted UI's authorization code flow with PKCE (no secret: a public client). */
  readonly consoleClient: UserPoolClient;
  /** The hosted UI (Cognito's own domain), where staff sign in with their password and TOTP code. */
  readonly hostedUi: UserPoolDomain;
  /** The console's addresses (callback and sign-out URLs), set by the stack that serves it. */
  readonly consoleUrls: string[] = [];
  readonly preTokenGeneration: CaseworkFunction;

  /** The hosted UI's host name (`<prefix>.auth.<region>.amazoncognito.com`). */
  get hostedUiHost(): string {
    return `${this.hostedUi.domainName}.auth.${Stack.of(this).region}.amazoncognito.com`;
  }

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
    // The console (web/src/oidc.ts): code grant only, S256 PKCE from the browser (Cognito requires
    // no secret of a public client and accepts PKCE on any code request), tokens as short as the
    // API client's; the hosted UI enforces the pool's MFA (TOTP). Its callback is the console's own
    // address, known once the stack places it (consoleUrls); a synthesis without one fails.
    const consoleUrls = Lazy.list({ produce: () => this.consoleUrls });
    this.consoleClient = this.userPool.addClient('ConsoleClient', {
      generateSecret: false,
      authFlows: {},
      oAuth: {
        flows: { authorizationCodeGrant: true },
        // The staff routes want the access-token scope (aws.cognito.signin.user.admin), as the API client's tokens have.
        scopes: [OAuthScope.OPENID, OAuthScope.EMAIL, OAuthScope.PROFILE, OAuthScope.COGNITO_ADMIN],
        callbackUrls: consoleUrls,
        logoutUrls: consoleUrls,
      },
      supportedIdentityProviders: [UserPoolClientIdentityProvider.COGNITO],
      accessTokenValidity: Duration.minutes(60),
      idTokenValidity: Duration.minutes(60),
      refreshTokenValidity: Duration.hours(12),
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
      writeAttributes: new ClientAttributes().withStandardAttributes({ fullname: true }),
      readAttributes: new ClientAttributes().withStandardAttributes({ email: true, emailVerified: true, fullname: true }),
    });
    this.node.addValidation({
      validate: () =>
        this.consoleUrls.length === 0 || this.consoleUrls.some((url) => !/^https:\/\//.test(url) && !url.startsWith('${Token'))
          ? ['The console client needs its https address (StaffDirectory.consoleUrls)']
          : [],
    });
    // The prefix is global to the region: `casework:hostedUiDomainPrefix`, else one from this construct's path.
    const prefix =
      (this.node.tryGetContext('casework:hostedUiDomainPrefix') as string | undefined) ??
      `casework-staff-${Names.uniqueId(this).slice(-8).toLowerCase()}`;
    this.hostedUi = this.userPool.addDomain('HostedUi', { cognitoDomain: { domainPrefix: prefix } });
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
