// Cognito pre-token-generation trigger (event V2_0): copies the partner association that
// administrators set on the user (custom:partnerId) into the access token as `partner_id`, the only
// place the API reads it. Not an HTTP route. Logs nothing about the user.
import type { PreTokenGenerationV2TriggerEvent } from 'aws-lambda';
import { PARTNER_ATTRIBUTE, PARTNER_CLAIM } from '../commons/claims.ts';

/** The claims to add to the access token for a user with these attributes. */
export function accessTokenClaims(userAttributes: Record<string, string | undefined>): Record<string, string> {
  const partnerId = userAttributes[PARTNER_ATTRIBUTE]?.trim();
  return partnerId ? { [PARTNER_CLAIM]: partnerId } : {};
}

export const handler = async (event: PreTokenGenerationV2TriggerEvent): Promise<PreTokenGenerationV2TriggerEvent> => {
  const claims = accessTokenClaims(event.request.userAttributes);
  event.response = {
    claimsAndScopeOverrideDetails: {
      accessTokenGeneration: { claimsToAddOrOverride: claims },
    },
  };
  return event;
};
