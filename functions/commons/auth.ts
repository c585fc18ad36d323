// Who is calling, from the JWT claims API Gateway's authorizer has already verified, and, for a
// partner user, whether their association is a registered, active record (resolved once per request
// by the HTTP plumbing, functions/commons/http.ts). What the caller may see or do is the domain's to
// decide (domain/access/, domain/associations/access.ts).
import type { HttpEvent } from './http.ts';
import { HttpProblem } from './problems.ts';
import { PARTNER_CLAIM } from './claims.ts';
import { clock } from './clock.ts';
import { documentClient } from './clients.ts';
import { PartnerStanding } from './partner-standing.ts';
import { DynamoAssociationStore } from '../adapters/dynamodb/association-store.ts';
import { isStaffRole, partnerOf, type Caller } from '../../domain/access/roles.ts';

const resolvedKey = Symbol('caller');
type EventWithCaller = HttpEvent & { [resolvedKey]?: Caller };

/** The associations' standing, per container: one GetItem of the association's item, active ones remembered 60 s. */
export const partnerStanding = new PartnerStanding(async (associationId) => {
  const tableName = process.env.TABLE_NAME;
  if (!tableName) throw new Error('TABLE_NAME is not set: a partner caller cannot be resolved');
  return new DynamoAssociationStore(documentClient, tableName).get(associationId);
});

/**
 * The caller of a request as the domain sees them: a partner user acts for their association only
 * while it is a registered, active record, else for none (see domain/associations/access.ts). Only
 * after `resolveCaller` (run by every HTTP handler before it); without it, a partner user acts for no
 * association.
 */
export function principalOf(event: HttpEvent): Caller {
  const claimed = claimedCaller(event);
  const resolved = (event as EventWithCaller)[resolvedKey];
  if (resolved !== undefined && resolved.sub === claimed.sub) return resolved;
  if (partnerOf(claimed) === undefined) return claimed;
  const { partnerId: _unresolved, ...rest } = claimed;
  return rest;
}

/** Resolves a partner caller's association once per request; nothing for anyone else (or an unauthenticated request). */
export async function resolveCaller(event: HttpEvent): Promise<void> {
  let claimed: Caller;
  try {
    claimed = claimedCaller(event);
  } catch {
    return; // principalOf refuses it (401) where the handler asks for a caller.
  }
  if (partnerOf(claimed) === undefined) return;
  (event as EventWithCaller)[resolvedKey] = await partnerStanding.callerFor(claimed, clock.now(), process.env.TABLE_NAME ?? '');
}

/** The caller as the verified claims name them, before their association's standing is known. */
export function claimedCaller(event: HttpEvent): Caller {
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
