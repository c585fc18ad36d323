// The person's consent by purpose, as recorded on the case (non-personal flags in its facts:
// consentProcessing, consentSharingWithPartners, consentFollowUpContact), and its changes after
// intake: a revocation, or a grant given later (in person). Each change is in the history, with
// its effect: revoking follow-up contact stops every beneficiary message not yet sent (the outbox
// sender checks the consent at send time); revoking sharing with a partner ends its shares.
import type { Caller } from '../access/roles.ts';
import type { CaseEvent, CaseRecord } from '../cases/model.ts';
import { newEventId } from '../cases/event-id.ts';
import { consentedPartners, isActive, revocationEvent, type ShareRecord } from '../sharing/shares.ts';

export const CONSENT_PURPOSES = ['follow-up-contact', 'sharing'] as const;
export type ConsentPurpose = (typeof CONSENT_PURPOSES)[number];

export interface ConsentChange {
  action: 'grant' | 'revoke';
  purpose: ConsentPurpose;
  /** The partner, for sharing. */
  partnerId?: string;
}

export interface ConsentChangeResult {
  facts: CaseRecord['facts'];
  event: CaseEvent;
  /** Shares that end with a revoked consent to share, and their events. */
  endedShares: { share: ShareRecord; event: CaseEvent }[];
}

export function changeConsent(
  found: CaseRecord,
  change: ConsentChange,
  shares: readonly ShareRecord[],
  by: Caller,
  now: Date,
): ConsentChangeResult {
  const at = now.toISOString();
  const granted = change.action === 'grant';
  let facts: CaseRecord['facts'];
  let endedShares: ConsentChangeResult['endedShares'] = [];
  if (change.purpose === 'follow-up-contact') {
    facts = { ...found.facts, consentFollowUpContact: granted };
  } else {
    const partnerId = change.partnerId ?? '';
    const others = consentedPartners(found).filter((p) => p !== partnerId);
    facts = { ...found.facts, consentSharingWithPartners: granted ? [...others, partnerId] : others };
    if (!granted) {
      // Shares made on a legal ground other than consent (overrideReason) stand; the others end.
      endedShares = shares
        .filter((share) => share.partnerId === partnerId && isActive(share, now) && share.overrideReason === undefined)
        .map((share) => ({ share, event: revocationEvent(share, by, now, 'consent-revoked') }));
    }
  }
  const event: CaseEvent = {
    caseId: found.caseId,
    eventId: newEventId(),
    at,
    type: granted ? 'consent.granted' : 'consent.revoked',
    actor: { kind: 'staff', id: by.sub },
    details: {
      purpose: change.purpose,
      ...(change.purpose === 'sharing' ? { partnerId: change.partnerId ?? null } : {}),
      effect:
        change.purpose === 'follow-up-contact'
          ? granted
            ? 'beneficiary-messages-allowed'
            : 'beneficiary-messages-stopped'
          : granted
            ? 'sharing-allowed'
            : `shares-ended:${endedShares.length}`,
    },
  };
  return { facts, event, endedShares };
}
