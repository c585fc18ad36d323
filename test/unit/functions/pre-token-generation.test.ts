// The user pool's pre-token-generation trigger (V2_0): the partner association set by administrators
// reaches the access token as partner_id, and nothing else is added.
import { describe, expect, it } from 'vitest';
import type { PreTokenGenerationV2TriggerEvent } from 'aws-lambda';
import { handler } from '../../../functions/pre-token-generation/handler.ts';

function triggerEvent(userAttributes: Record<string, string>): PreTokenGenerationV2TriggerEvent {
  return {
    version: '2',
    triggerSource: 'TokenGeneration_Authentication',
    region: 'eu-west-3',
    userPoolId: 'eu-west-3_pool',
    userName: 'u-1',
    callerContext: { awsSdkVersion: 'aws-sdk-unknown-unknown', clientId: 'client' },
    request: { userAttributes, groupConfiguration: { groupsToOverride: ['partner'] }, scopes: ['aws.cognito.signin.user.admin'] },
    response: { claimsAndScopeOverrideDetails: {} },
  };
}

describe('the pre-token-generation trigger', () => {
  it('adds partner_id to the access token from the custom:partnerId attribute', async () => {
    const result = await handler(triggerEvent({ sub: 'u-1', email: 'p@assoc.example', 'custom:partnerId': 'assoc-a' }));
    expect(result.response.claimsAndScopeOverrideDetails).toEqual({
      accessTokenGeneration: { claimsToAddOrOverride: { partner_id: 'assoc-a' } },
    });
  });

  it('adds nothing for a user with no association, and never touches the ID token', async () => {
    const result = await handler(triggerEvent({ sub: 'u-2', email: 'c@mission.example' }));
    expect(result.response.claimsAndScopeOverrideDetails).toEqual({ accessTokenGeneration: { claimsToAddOrOverride: {} } });
  });
});
