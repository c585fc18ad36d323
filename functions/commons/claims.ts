// The claims the API reads from Cognito access tokens, named once: the user pool's trigger writes
// them, the handlers read them, the local issuer mints them.

/** The scope every Cognito user-pool access token carries (SRP sign-in); ID tokens carry no scope. */
export const STAFF_SCOPE = 'aws.cognito.signin.user.admin';

/** The user attribute administrators set (AdminUpdateUserAttributes); the app client cannot write it. */
export const PARTNER_ATTRIBUTE = 'custom:partnerId';

/**
 * The access-token claim the pre-token-generation trigger adds from that attribute. Not `custom:…`
 * (the user-attribute namespace, which the ID token carries for readable attributes) and not
 * `cognito:…` (reserved by Cognito).
 */
export const PARTNER_CLAIM = 'partner_id';
