// Who is calling, from the JWT claims API Gateway's authorizer has already verified.
import type { HttpEvent } from './http.ts';
import { HttpProblem } from './problems.ts';

export const STAFF_GROUPS = ['caseworker', 'supervisor', 'partner', 'admin'] as const;
export type StaffGroup = (typeof STAFF_GROUPS)[number];

export interface Principal {
  sub: string;
  groups: StaffGroup[];
  partnerId?: string;
}

export function principalOf(event: HttpEvent): Principal {
  const claims = event.requestContext.authorizer?.jwt?.claims;
  const sub = claims?.sub;
  if (typeof sub !== 'string' || sub === '') throw new HttpProblem(401, 'unauthorized');
  const groups = parseGroups(claims?.['cognito:groups']).filter((g): g is StaffGroup =>
    (STAFF_GROUPS as readonly string[]).includes(g),
  );
  const partnerId = claims?.['custom:partnerId'];
  return { sub, groups, ...(typeof partnerId === 'string' && partnerId !== '' ? { partnerId } : {}) };
}

// API Gateway flattens array claims to "[a b]" strings; accept both that and a real array.
function parseGroups(value: unknown): string[] {
  if (Array.isArray(value)) return value.map(String);
  if (typeof value !== 'string') return [];
  return value.replace(/^\[|\]$/g, '').split(/[\s,]+/).filter(Boolean);
}

export function isStaff(principal: Principal): boolean {
  return principal.groups.some((g) => g === 'caseworker' || g === 'supervisor' || g === 'admin');
}

/** Staff see every case; a partner association sees only the cases shared with it. */
export function canSeeCase(principal: Principal, casePartnerId: string | undefined): boolean {
  if (isStaff(principal)) return true;
  return principal.groups.includes('partner') && principal.partnerId !== undefined && principal.partnerId === casePartnerId;
}

/** The caller as the task rules see them (domain/tasks/access.ts). */
export function taskActorOf(principal: Principal): { sub: string; groups: StaffGroup[]; partnerId?: string } {
  return { sub: principal.sub, groups: principal.groups, ...(principal.partnerId ? { partnerId: principal.partnerId } : {}) };
}

/** The caller as recorded in a case's history: ids only. */
export function historyActorOf(principal: Principal): { kind: 'staff' | 'partner'; id: string } {
  return { kind: isStaff(principal) ? 'staff' : 'partner', id: principal.sub };
}

export function hasAnyGroup(principal: Principal, ...groups: StaffGroup[]): boolean {
  return principal.groups.some((group) => groups.includes(group));
}
