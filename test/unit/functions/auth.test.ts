// Who the caller is, from the verified claims: the partner association comes only from the claim the
// user pool's trigger puts in access tokens, and an ID token is never a caller.
import { describe, expect, it } from 'vitest';
import { claimedCaller as principalOf } from '../../../functions/commons/auth.ts';
import { HttpProblem } from '../../../functions/commons/problems.ts';
import { httpEvent } from '../../support/events.ts';

const event = (claims: Record<string, string>) => httpEvent({ method: 'GET', path: '/cases', routeKey: 'GET /cases', claims });
const access = { sub: 'u-1', token_use: 'access', scope: 'aws.cognito.signin.user.admin', 'cognito:groups': '[partner]' };

describe('claimedCaller (before the association is resolved)', () => {
  it('reads the partner association from the partner_id claim of an access token', () => {
    expect(principalOf(event({ ...access, partner_id: 'assoc-a' }))).toEqual({ sub: 'u-1', groups: ['partner'], partnerId: 'assoc-a' });
  });

  it('ignores custom:partnerId, the user attribute an ID token carries', () => {
    expect(principalOf(event({ ...access, 'custom:partnerId': 'assoc-b' }))).toEqual({ sub: 'u-1', groups: ['partner'] });
  });

  it('refuses an ID token with 401', () => {
    const idToken = { sub: 'u-1', token_use: 'id', aud: 'client', 'cognito:groups': '[partner]', 'custom:partnerId': 'assoc-b' };
    expect(() => principalOf(event(idToken))).toThrow(expect.objectContaining({ status: 401 }) as HttpProblem);
  });

  it('refuses claims without a subject with 401', () => {
    expect(() => principalOf(event({ token_use: 'access' }))).toThrow(HttpProblem);
  });
});
