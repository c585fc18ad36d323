// The person's consent by purpose, and the legal basis used where consent is not the basis.
//
// At intake, each purpose the form declares (domain/consent/legal-basis.ts) gets a consent record
// on the case: its basis, whether the person consented, when and by whom (ids only); a
// justification in words (a child's best interests) becomes a case note the record points to.
// The case's facts keep the current flags for statistics and routing (consentProcessing,
// consentSharingWithPartners, consentFollowUpContact).
//
// After intake, staff record a revocation or a consent given later. Each change is in the history,
// with its effect: revoking follow-up contact cancels every beneficiary message planned before it
// (the reminders and the outbox sender check the consent when they would send); revoking sharing
// with a partner ends its consent-based shares; revoking processing is recorded with the other
// legal ground processing goes on on (without one, the person's withdrawal closes the case).
import type { Caller } from '../access/roles.ts';
import type { CaseEvent, CaseNote, CaseRecord } from '../cases/model.ts';
import { newEventId } from '../cases/event-id.ts';
import { randomUUID } from 'node:crypto';
import { consentedPartners, isActive, revocationEvent, type ShareRecord } from '../sharing/shares.ts';
import type { ConsentPurpose, ConsentRecord, GroundWithoutConsent, LegalBasisDeclaration } from './legal-basis.ts';

export { CONSENT_PURPOSES, type ConsentPurpose, type ConsentRecord } from './legal-basis.ts';

export interface ConsentChange {
  action: 'grant' | 'revoke';
  purpose: ConsentPurpose;
  /** The partner, for sharing. */
  partnerId?: string;
  /** Revoking processing: the legal ground processing goes on on (recorded). */
  basis?: GroundWithoutConsent;
}

export interface ConsentChangeResult {
  facts: CaseRecord['facts'];
  consents: ConsentRecord[];
  event: CaseEvent;
  /** Shares that end with a revoked consent to share, and their events. */
  endedShares: { share: ShareRecord; event: CaseEvent }[];
}

/** Refusals of a consent change, each a 4xx. */
export class ConsentChangeRefused extends Error {
  constructor(readonly reason: 'processing-basis-required') {
    super(`consent change refused: ${reason}`);
    this.name = 'ConsentChangeRefused';
  }
}

const sameRecord = (purpose: ConsentPurpose, partnerId?: string) => (record: ConsentRecord) =>
  record.purpose === purpose && (purpose !== 'sharing' || record.partnerId === partnerId);

/** The records of a submission: one per purpose, one per partner consented to for sharing. */
export function intakeConsents(args: {
  caseId: string;
  declaration: LegalBasisDeclaration;
  facts: CaseRecord['facts'];
  justifications: Partial<Record<ConsentPurpose, string>>;
  at: string;
  /** The partner user submitting; absent for a public form. */
  submittedBy?: string;
}): { consents: ConsentRecord[]; notes: CaseNote[] } {
  const { caseId, declaration, facts, justifications, at, submittedBy } = args;
  const notes: CaseNote[] = [];
  const record = (purpose: ConsentPurpose, given: boolean, partnerId?: string): ConsentRecord => {
    const declared = declaration[purpose];
    const justification = justifications[purpose];
    let basis = declared.basis;
    let justificationNoteId: string | undefined;
    if (basis === 'consent' && !given && declared.withoutConsent && justification !== undefined) {
      basis = declared.withoutConsent.basis;
      justificationNoteId = randomUUID();
      notes.push({
        noteId: justificationNoteId,
        caseId,
        kind: 'legal-basis-justification',
        text: justification,
        author: submittedBy ?? 'public',
        createdAt: at,
      });
    }
    return {
      purpose,
      ...(partnerId !== undefined ? { partnerId } : {}),
      basis,
      given,
      source: 'intake',
      at,
      ...(given ? { givenAt: at, ...(submittedBy ? { givenBy: submittedBy } : {}) } : {}),
      ...(justificationNoteId ? { justificationNoteId } : {}),
    };
  };
  const partners = consentedPartners({ facts });
  const consents = [
    record('processing', facts.consentProcessing === true),
    record('follow-up-contact', facts.consentFollowUpContact === true),
    ...(partners.length > 0 ? partners.map((partnerId) => record('sharing', true, partnerId)) : [record('sharing', false)]),
  ];
  return { consents, notes };
}

/**
 * The case's consent records as they stand. A case stored before consent records existed has them
 * derived from its flags (basis consent, recorded at intake).
 */
export function currentConsents(found: Pick<CaseRecord, 'consents' | 'facts' | 'createdAt'>): ConsentRecord[] {
  if (found.consents) return found.consents;
  const derived = intakeConsents({
    caseId: '',
    declaration: { processing: { basis: 'consent' }, 'follow-up-contact': { basis: 'consent' }, sharing: { basis: 'consent' } },
    facts: found.facts,
    justifications: {},
    at: found.createdAt,
  });
  return derived.consents;
}

/**
 * Whether a message to the beneficiary may be sent now: follow-up contact is consented to, and was
 * not revoked after the message was planned (a revocation cancels what was planned before it, even
 * if the consent is given again later).
 */
export function mayContactBeneficiary(found: Pick<CaseRecord, 'consents' | 'facts' | 'createdAt'>, plannedAt?: string): boolean {
  if (found.facts.consentFollowUpContact !== true) return false;
  const record = currentConsents(found).find(sameRecord('follow-up-contact'));
  if (!record?.given) return false;
  return plannedAt === undefined || record.revokedAt === undefined || record.revokedAt <= plannedAt;
}

export function changeConsent(
  found: CaseRecord,
  change: ConsentChange,
  shares: readonly ShareRecord[],
  by: Caller,
  now: Date,
  /** Beneficiary messages planned and not yet sent (open tasks' reminders): a revocation cancels them. */
  pendingBeneficiaryMessages = 0,
): ConsentChangeResult {
  const at = now.toISOString();
  const granted = change.action === 'grant';
  if (change.purpose === 'processing' && !granted && change.basis === undefined)
    throw new ConsentChangeRefused('processing-basis-required');
  let facts: CaseRecord['facts'];
  let endedShares: ConsentChangeResult['endedShares'] = [];
  let effect: Record<string, unknown>;
  if (change.purpose === 'follow-up-contact') {
    facts = { ...found.facts, consentFollowUpContact: granted };
    effect = granted
      ? { effect: 'beneficiary-messages-allowed' }
      : { effect: 'beneficiary-messages-stopped', pendingMessagesCancelled: pendingBeneficiaryMessages };
  } else if (change.purpose === 'processing') {
    facts = { ...found.facts, consentProcessing: granted };
    effect = granted ? { effect: 'processing-on-consent' } : { effect: 'processing-continues-on-other-ground', basis: change.basis };
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
    effect = granted
      ? { effect: 'sharing-allowed' }
      : { effect: `shares-ended:${endedShares.length}`, partnerAccessEnded: endedShares.length > 0 };
  }

  const records = currentConsents(found);
  const previous = records.find(sameRecord(change.purpose, change.partnerId));
  const basis = change.purpose === 'processing' ? (granted ? 'consent' : change.basis!) : (previous?.basis ?? 'consent');
  const changed: ConsentRecord = {
    ...(previous ?? { purpose: change.purpose, ...(change.purpose === 'sharing' ? { partnerId: change.partnerId } : {}) }),
    basis,
    given: granted,
    source: 'staff',
    at,
    ...(granted ? { givenAt: at, givenBy: by.sub } : { revokedAt: at, revokedBy: by.sub }),
  };
  // "No sharing consent" (no partner) gives way to the first partner consented to.
  const consents = [
    ...records.filter(
      (r) => r !== previous && !(granted && change.purpose === 'sharing' && r.purpose === 'sharing' && r.partnerId === undefined),
    ),
    changed,
  ];

  const event: CaseEvent = {
    caseId: found.caseId,
    eventId: newEventId(),
    at,
    type: granted ? 'consent.granted' : 'consent.revoked',
    actor: { kind: 'staff', id: by.sub },
    details: {
      purpose: change.purpose,
      ...(change.purpose === 'sharing' ? { partnerId: change.partnerId ?? null } : {}),
      ...effect,
    },
  };
  return { facts, consents, event, endedShares };
}

/**
 * The consent records a caller may see on a case: mission staff all of them; a partner association
 * those of processing and follow-up contact and its own sharing record, never whom else the case
 * may be shared with.
 */
export function consentsVisibleTo(records: readonly ConsentRecord[], partnerId: string | undefined): ConsentRecord[] {
  if (partnerId === undefined) return [...records];
  return records.filter((record) => record.purpose !== 'sharing' || record.partnerId === partnerId);
}
