// Who is calling, from the JWT claims API Gateway's authorizer has already verified. What the caller
// may see or do is the domain's to decide (domain/access/).
import type { HttpEvent } from './http.ts';
import { HttpProblem } from './problems.ts';
import { PARTNER_CLAIM } from './claims.ts';
import { isStaffRole, type Caller } from '../../domain/access/roles.ts';

export function principalOf(event: HttpEvent): Caller {
  const claims = event.requestContext.authorizer?.jwt?.claims;
  const sub = claims?.sub;
  if (typeof sub !== 'string' || sub === '') throw new HttpProblem(401, 'unauthorized');
  // Staff routes require the access-token scope at the gateway; an ID token never gets this far.
  // Should a route lose its scope, an ID token is still refused here.
  if (claims?.token_use !== undefined && claims.token_use !== 'access') throw new HttpProblem(401, 'unauthorized');
  const groups = parseGroups(claims?.['cognito:groups']).filter(isStaffRole);
  // Only the claim the user pool's trigger adds to access tokens from the attribute administrators
  // set; never `custom:partnerId`, a user attribute an ID token may carry.
  const partnerId = claims?.[PARTNER_CLAIM];
  return { sub, groups, ...(typeof partnerId === 'string' && partnerId !== '' ? { partnerId } : {}) };
}

// API Gateway flattens array claims to "[a b]" strings; accept both that and a real array.
function parseGroups(value: unknown): string[] {
  if (Array.isArray(value)) return value.map(String);
  if (typeof value !== 'string') return [];
  return value
    .replace(/^\[|\]$/g, '')
    .split(/[\s,]+/)
    .filter(Boolean);
}
