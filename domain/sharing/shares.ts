// Sharing a case (or one service of it) with a partner association: an explicit act by mission
// staff, checked against the person's consent, with an end date, revocable, every partner read
// recorded. Which partner sees a case follows its active shares (and the association that
// submitted it itself), never a field of a public form.
import { randomUUID } from 'node:crypto';
import { partnerOf, type Caller } from '../access/roles.ts';
import type { CaseEvent, CaseNote, CaseRecord } from '../cases/model.ts';
import { newEventId } from '../cases/event-id.ts';
import type { OutboxMessage } from '../notifications/model.ts';

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

/**
 * The whole case, or one service of it: a service referral (Primero's referral transition), which
 * the partner accepts or rejects. Pending, the partner sees the case without its persons to decide;
 * accepted, it sees the case and works on that service's tasks only; rejected, it is granted nothing.
 */
export type ShareScope = 'case' | { service: string };

/** Where a service referral stands: a pending one ends unanswered with the share's `until`. */
export const REFERRAL_STATUSES = ['pending', 'accepted', 'rejected'] as const;
export type ReferralStatus = (typeof REFERRAL_STATUSES)[number];

/** Why a partner rejects a referral: a closed list, so that the history holds a code, never free text. */
export const REFERRAL_REJECTION_REASONS = [
  'no-capacity',
  'outside-mandate',
  'outside-area',
  'service-unavailable',
  'person-unreachable',
  'other',
] as const;
export type ReferralRejectionReason = (typeof REFERRAL_REJECTION_REASONS)[number];

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
  /** A service referral's answer (absent on a whole-case share; absent on a service share = pending). */
  status?: ReferralStatus;
  respondedAt?: string;
  /** The partner user who answered (sub). */
  respondedBy?: string;
  rejectionReason?: ReferralRejectionReason;
  /** The case note holding the partner's own words about a rejection (personal: never in the history). */
  rejectionNoteId?: string;
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
  constructor(readonly reason: 'no-consent' | 'case-closed' | 'until-in-past' | 'unknown-service') {
    super(`share refused: ${reason}`);
    this.name = 'ShareRefused';
  }
}

/** The partners the person consented to share with, as recorded on the case. */
export function consentedPartners(found: Pick<CaseRecord, 'facts'>): string[] {
  const granted = found.facts.consentSharingWithPartners;
  return Array.isArray(granted) ? granted.filter((p): p is string => typeof p === 'string') : [];
}

/** The service a share refers, for a service referral. */
export function serviceOf(share: Pick<ShareRecord, 'scope'>): string | undefined {
  return share.scope === 'case' ? undefined : share.scope.service;
}

/** Where a service referral stands (a service share stored before referrals were answered is pending); none for a whole-case share. */
export function referralStatus(share: Pick<ShareRecord, 'scope' | 'status'>): ReferralStatus | undefined {
  return share.scope === 'case' ? undefined : (share.status ?? 'pending');
}

/** Whether a share grants anything now: not revoked, not rejected, not past its end (on the system clock). */
export function isActive(share: ShareRecord, now: Date): boolean {
  return share.revokedAt === undefined && referralStatus(share) !== 'rejected' && new Date(share.until).getTime() > now.getTime();
}

/** An active service referral the partner accepted: it sees the case and works on that service's tasks. */
export function isAcceptedReferral(share: ShareRecord, now: Date): boolean {
  return referralStatus(share) === 'accepted' && isActive(share, now);
}

/**
 * Whether the service a request refers is already referred to a partner (pending or accepted, not
 * ended): one partner at a time delivers a service; once a referral is rejected, revoked or past
 * its end, another partner may be asked.
 */
export function serviceReferredElsewhere(shares: readonly ShareRecord[], request: Pick<ShareRequest, 'scope'>, now: Date): boolean {
  if (request.scope === 'case') return false;
  const service = request.scope.service;
  return shares.some((share) => serviceOf(share) === service && isActive(share, now));
}

/**
 * A new share, refused without consent unless an override reason is given (recorded). A service
 * referral starts pending, and the partner association is told (ids and codes only).
 */
export function newShare(
  found: CaseRecord,
  request: ShareRequest,
  by: Caller,
  now: Date,
): { share: ShareRecord; event: CaseEvent; messages: OutboxMessage[] } {
  if (found.status !== 'open') throw new ShareRefused('case-closed');
  if (new Date(request.until).getTime() <= now.getTime()) throw new ShareRefused('until-in-past');
  // A case that lists its services (protection's assistance plan): only one of them may be referred.
  const services = (found as { services?: unknown }).services;
  if (
    request.scope !== 'case' &&
    Array.isArray(services) &&
    !services.some((s) => (s as { serviceId?: unknown } | null)?.serviceId === (request.scope as { service: string }).service)
  )
    throw new ShareRefused('unknown-service');
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
    ...(request.scope === 'case' ? {} : { status: 'pending' as const }),
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
      ...(share.status ? { status: share.status } : {}),
    },
  };
  const messages =
    share.scope === 'case'
      ? []
      : [
          referralMessage(found, share, { kind: 'role', role: 'partner', partnerId: share.partnerId }, 'referral-received', at, {
            service: share.scope.service,
            until: share.until,
          }),
        ];
  return { share, event, messages };
}

function referralMessage(
  found: Pick<CaseRecord, 'caseId' | 'reference'>,
  share: ShareRecord,
  recipient: OutboxMessage['recipient'],
  template: string,
  at: string,
  params: Record<string, string>,
): OutboxMessage {
  return {
    messageId: randomUUID(),
    at,
    channel: 'email',
    recipient,
    template,
    language: 'fr',
    caseId: found.caseId,
    params: { reference: found.reference, shareId: share.shareId, ...params },
  };
}

/** A partner's answer to a service referral: accept, or reject with a code and, optionally, its own words. */
export type ReferralAnswer = { answer: 'accept' } | { answer: 'reject'; reasonCode: ReferralRejectionReason; reason?: string };

/** Refusals of an answer to a referral, each mapped to a 404 or a localized 409. */
export class ReferralRefused extends Error {
  constructor(readonly reason: 'not-yours' | 'not-a-referral' | 'already-answered' | 'ended' | 'case-closed') {
    super(`referral answer refused: ${reason}`);
    this.name = 'ReferralRefused';
  }
}

/**
 * A partner association's answer to a service referral made to it, by one of its users: the share
 * as answered, its history event (codes only), the case note of the partner's own words about a
 * rejection, and the message telling the referrer. Refused for anyone else's referral (not-yours:
 * told as not found), a whole-case share, a referral already answered, ended (revoked, past its
 * end), or, to accept, a closed case.
 */
export function answerReferral(
  found: Pick<CaseRecord, 'caseId' | 'reference' | 'status'>,
  share: ShareRecord,
  answer: ReferralAnswer,
  by: Caller,
  now: Date,
): { share: ShareRecord; event: CaseEvent; note?: CaseNote; message: OutboxMessage } {
  const partnerId = partnerOf(by);
  if (partnerId === undefined || partnerId !== share.partnerId || share.caseId !== found.caseId) throw new ReferralRefused('not-yours');
  const service = serviceOf(share);
  if (service === undefined) throw new ReferralRefused('not-a-referral');
  if (referralStatus(share) !== 'pending') throw new ReferralRefused('already-answered');
  if (!isActive(share, now)) throw new ReferralRefused('ended');
  if (answer.answer === 'accept' && found.status !== 'open') throw new ReferralRefused('case-closed');
  const at = now.toISOString();
  const note: CaseNote | undefined =
    answer.answer === 'reject' && answer.reason !== undefined
      ? {
          noteId: randomUUID(),
          caseId: found.caseId,
          kind: 'referral-rejection-reason',
          text: answer.reason,
          author: by.sub,
          createdAt: at,
        }
      : undefined;
  const answered: ShareRecord = {
    ...share,
    status: answer.answer === 'accept' ? 'accepted' : 'rejected',
    respondedAt: at,
    respondedBy: by.sub,
    ...(answer.answer === 'reject' ? { rejectionReason: answer.reasonCode } : {}),
    ...(note ? { rejectionNoteId: note.noteId } : {}),
  };
  const event: CaseEvent = {
    caseId: found.caseId,
    eventId: newEventId(),
    at,
    type: answer.answer === 'accept' ? 'case.referral-accepted' : 'case.referral-rejected',
    actor: { kind: 'partner', id: by.sub },
    details: {
      shareId: share.shareId,
      partnerId: share.partnerId,
      scope: `service:${service}`,
      ...(answer.answer === 'reject' ? { reasonCode: answer.reasonCode } : {}),
      ...(note ? { noteId: note.noteId } : {}),
    },
  };
  const message = referralMessage(found, share, { kind: 'user', sub: share.createdBy }, 'referral-answered', at, {
    service,
    answer: answered.status!,
    ...(answer.answer === 'reject' ? { reasonCode: answer.reasonCode } : {}),
  });
  return { share: answered, event, ...(note ? { note } : {}), message };
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
