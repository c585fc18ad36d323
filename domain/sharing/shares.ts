// Sharing a case (or one service of it) with a partner association: an explicit act by mission
// staff, checked against the person's consent, with an end date, revocable, every partner read
// recorded. Which partner sees a case follows its active shares (and the association that
// submitted it itself), never a field of a public form.
import { randomUUID } from 'node:crypto';
import { partnerOf, type Caller } from '../access/roles.ts';
import type { CaseEvent, CaseRecord } from '../cases/model.ts';
import { newEventId } from '../cases/event-id.ts';

/**
 * Why a case may be shared without the person's consent to share with that partner (law 09-08
 * art. 4 exceptions, as Primero's consent override): recorded on the share and in the history.
 */
export const SHARE_OVERRIDE_REASONS = [
  'vital-interests',
  'legal-obligation',
  'public-interest-mission',
  'best-interests-of-child',
] as const;
export type ShareOverrideReason = (typeof SHARE_OVERRIDE_REASONS)[number];

export const SHARE_PURPOSES = ['referral', 'service-delivery', 'reintegration-support', 'follow-up'] as const;
export type SharePurpose = (typeof SHARE_PURPOSES)[number];

/** The whole case, or one service of it (the partner then sees the case without its persons). */
export type ShareScope = 'case' | { service: string };

export interface ShareRecord {
  shareId: string;
  caseId: string;
  partnerId: string;
  scope: ShareScope;
  purpose: SharePurpose;
  /** The share ends at this instant (on the system's clock). */
  until: string;
  createdAt: string;
  createdBy: string;
  overrideReason?: ShareOverrideReason;
  revokedAt?: string;
  revokedBy?: string;
}

export interface ShareRequest {
  partnerId: string;
  scope: ShareScope;
  purpose: SharePurpose;
  until: string;
  overrideReason?: ShareOverrideReason;
}

/** Refusals of a share request, each mapped to a localized 409 or 422. */
export class ShareRefused extends Error {
  constructor(readonly reason: 'no-consent' | 'case-closed' | 'until-in-past') {
    super(`share refused: ${reason}`);
    this.name = 'ShareRefused';
  }
}

/** The partners the person consented to share with, as recorded on the case. */
export function consentedPartners(found: Pick<CaseRecord, 'facts'>): string[] {
  const granted = found.facts.consentSharingWithPartners;
  return Array.isArray(granted) ? granted.filter((p): p is string => typeof p === 'string') : [];
}

export function isActive(share: ShareRecord, now: Date): boolean {
  return share.revokedAt === undefined && new Date(share.until).getTime() > now.getTime();
}

/** A new share, refused without consent unless an override reason is given (recorded). */
export function newShare(found: CaseRecord, request: ShareRequest, by: Caller, now: Date): { share: ShareRecord; event: CaseEvent } {
  if (found.status !== 'open') throw new ShareRefused('case-closed');
  if (new Date(request.until).getTime() <= now.getTime()) throw new ShareRefused('until-in-past');
  const consented = consentedPartners(found).includes(request.partnerId);
  if (!consented && request.overrideReason === undefined) throw new ShareRefused('no-consent');
  const at = now.toISOString();
  const share: ShareRecord = {
    shareId: randomUUID(),
    caseId: found.caseId,
    partnerId: request.partnerId,
    scope: request.scope,
    purpose: request.purpose,
    until: new Date(request.until).toISOString(),
    createdAt: at,
    createdBy: by.sub,
    ...(!consented && request.overrideReason ? { overrideReason: request.overrideReason } : {}),
  };
  const event: CaseEvent = {
    caseId: found.caseId,
    eventId: newEventId(),
    at,
    type: 'case.shared',
    actor: { kind: 'staff', id: by.sub },
    details: {
      shareId: share.shareId,
      partnerId: share.partnerId,
      scope: share.scope === 'case' ? 'case' : `service:${share.scope.service}`,
      purpose: share.purpose,
      until: share.until,
      basis: consented ? 'consent' : `override:${String(share.overrideReason)}`,
    },
  };
  return { share, event };
}

/**
 * Whether a share decided on an earlier read still stands on the case as it is now: still open, and
 * still consented to (or shared on a recorded legal ground). A consent revoked in between refuses it.
 */
export function shareStillAllowed(share: ShareRecord, current: Pick<CaseRecord, 'status' | 'facts'>): boolean {
  if (current.status !== 'open') return false;
  return share.overrideReason !== undefined || consentedPartners(current).includes(share.partnerId);
}

export function revocationEvent(share: ShareRecord, by: Caller, now: Date, cause: 'staff' | 'consent-revoked' = 'staff'): CaseEvent {
  return {
    caseId: share.caseId,
    eventId: newEventId(),
    at: now.toISOString(),
    type: 'case.share-revoked',
    actor: { kind: 'staff', id: by.sub },
    details: { shareId: share.shareId, partnerId: share.partnerId, cause },
  };
}

/** The access record of one partner read: ids only. */
export function partnerReadEvent(caseId: string, caller: Caller, what: 'case' | 'history' | 'task', now: Date): CaseEvent {
  return {
    caseId,
    eventId: newEventId(),
    at: now.toISOString(),
    type: 'case.read-by-partner',
    actor: { kind: 'partner', id: caller.sub },
    details: { partnerId: partnerOf(caller) ?? null, what },
  };
}
