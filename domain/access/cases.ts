// Who may see a case (reading it, its history, withdrawing it).
import type { CaseRecord } from '../cases/model.ts';
import { isActive, type ShareRecord } from '../sharing/shares.ts';
import { isStaff, partnerOf, type Caller } from './roles.ts';

/** What a caller may see of a case: all of it, only its non-personal record (a one-service share), or nothing. */
export type CaseVisibility = 'full' | 'service' | 'none';

/**
 * Staff see every case. A partner association sees a case its own staff submitted (the case's
 * `partnerId`, set only from an authenticated partner caller), or one shared with it by an active,
 * unexpired share (on the system clock): the whole case, or without its persons for a one-service share.
 */
export function caseVisibility(
  caller: Caller,
  found: Pick<CaseRecord, 'partnerId'>,
  shares: readonly ShareRecord[],
  now: Date,
): CaseVisibility {
  if (isStaff(caller)) return 'full';
  const partnerId = partnerOf(caller);
  if (partnerId === undefined) return 'none';
  if (found.partnerId === partnerId) return 'full';
  const active = shares.filter((share) => share.partnerId === partnerId && isActive(share, now));
  if (active.some((share) => share.scope === 'case')) return 'full';
  return active.length > 0 ? 'service' : 'none';
}

export function canSeeCase(caller: Caller, found: Pick<CaseRecord, 'partnerId'>, shares: readonly ShareRecord[], now: Date): boolean {
  return caseVisibility(caller, found, shares, now) !== 'none';
}
