// Who may see a case (reading it, its history, withdrawing it).
import { isStaffOnlyEvent } from '../identity/matches.ts';
import type { CaseEvent, CaseRecord, PartnerAccess } from '../cases/model.ts';
import { isAcceptedReferral, isActive, referralStatus, serviceOf, type ShareRecord } from '../sharing/shares.ts';
import { isStaff, partnerOf, type Caller } from './roles.ts';

/** What a caller may see of a case: all of it, only its non-personal record (a pending service referral), or nothing. */
export type CaseVisibility = 'full' | 'service' | 'none';

/**
 * Staff see every case. A partner association sees a case its own staff submitted (the case's
 * `partnerId`, set only from an authenticated partner caller), or one shared with it by an active,
 * unexpired share (on the system clock): the whole case for a whole-case share or a service referral
 * it accepted (the person is needed to deliver the service), without its persons while a service
 * referral awaits its answer; nothing for a rejected one.
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
  if (active.some((share) => share.scope === 'case' || isAcceptedReferral(share, now))) return 'full';
  return active.length > 0 ? 'service' : 'none';
}

export function canSeeCase(caller: Caller, found: Pick<CaseRecord, 'partnerId'>, shares: readonly ShareRecord[], now: Date): boolean {
  return caseVisibility(caller, found, shares, now) !== 'none';
}

/**
 * What a case's shares grant partner associations other than its own, now: each sees the case
 * until the latest end of its active shares (the whole case or one service, pending or accepted),
 * works on the case's partner tasks that name no service until the latest end of its active
 * whole-case shares, and on the partner tasks of a service until the end of its accepted referral of
 * that service; its active referrals are listed (ids and codes) for its case list. Recomputed and
 * stored on the case with every change of its shares.
 */
export function partnerAccessOf(found: Pick<CaseRecord, 'partnerId'>, shares: readonly ShareRecord[], now: Date): PartnerAccess {
  const access: PartnerAccess = {};
  const latest = (a: string | undefined, b: string) => (a === undefined || b > a ? b : a);
  for (const share of shares) {
    if (!isActive(share, now) || share.partnerId === found.partnerId) continue;
    const grant = access[share.partnerId];
    const until = latest(grant?.until, share.until);
    const tasksUntil = share.scope === 'case' ? latest(grant?.tasksUntil, share.until) : grant?.tasksUntil;
    const service = serviceOf(share);
    const services = { ...grant?.services };
    if (service !== undefined && isAcceptedReferral(share, now)) services[service] = latest(services[service], share.until);
    const referrals = [...(grant?.referrals ?? [])];
    const status = referralStatus(share);
    if (service !== undefined && (status === 'pending' || status === 'accepted'))
      referrals.push({ shareId: share.shareId, service, status, until: share.until });
    access[share.partnerId] = {
      until,
      ...(tasksUntil !== undefined ? { tasksUntil } : {}),
      ...(Object.keys(services).length > 0 ? { services } : {}),
      ...(referrals.length > 0 ? { referrals: referrals.sort((a, b) => a.shareId.localeCompare(b.shareId)) } : {}),
    };
  }
  return access;
}

/** What stands for another association in a partner's view of a timeline. */
export const ANOTHER_PARTNER = 'another-partner';

/**
 * A case's timeline as a caller may see it: staff see it all; a partner association is not told
 * which other associations the case was shared with, consented to or read by (their ids and their
 * users' ids are replaced), only that something happened and when.
 */
export function historyVisibleTo<E extends CaseEvent>(caller: Caller, events: readonly E[]): E[] {
  if (isStaff(caller)) return [...events];
  const own = partnerOf(caller);
  // That the person has other cases (match suggestions, links) is the mission's to know, not a partner's.
  return events
    .filter((event) => !isStaffOnlyEvent(event))
    .map((event) => {
      const { partnerId, onBehalfOf } = event.details;
      const otherPartner = typeof partnerId === 'string' && partnerId !== own;
      // A submission by mission staff for an association names it: another association's too.
      const otherBehalf = typeof onBehalfOf === 'string' && onBehalfOf !== own;
      if (!otherPartner && !otherBehalf) return event;
      return {
        ...event,
        actor: otherPartner && event.actor.kind === 'partner' ? { kind: 'partner', id: ANOTHER_PARTNER } : event.actor,
        details: {
          ...event.details,
          ...(otherPartner ? { partnerId: ANOTHER_PARTNER, ...('shareId' in event.details ? { shareId: ANOTHER_PARTNER } : {}) } : {}),
          ...(otherBehalf ? { onBehalfOf: ANOTHER_PARTNER } : {}),
        },
      };
    });
}
