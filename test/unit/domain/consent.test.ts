// Consent changed after intake: the case's flags, the history, and the shares it ends.
import { describe, expect, it } from 'vitest';
import type { Caller } from '../../../domain/access/roles.ts';
import type { CaseRecord } from '../../../domain/cases/model.ts';
import { changeConsent, ConsentChangeRefused, mayContactBeneficiary } from '../../../domain/consent/consents.ts';
import { newShare } from '../../../domain/sharing/shares.ts';

const now = new Date('2026-06-01T10:00:00.000Z');
const amina: Caller = { sub: 'amina', groups: ['caseworker'] };
const found: CaseRecord = {
  caseId: '10000000-0000-4000-a000-000000000000',
  reference: 'PROT-2026-000001',
  programme: 'protection',
  caseType: 'protection',
  formId: 'protection-referral',
  formVersion: 1,
  stage: 'submitted',
  status: 'open',
  facts: { consentSharingWithPartners: ['unicef', 'unhcr'], consentFollowUpContact: true },
  createdAt: now.toISOString(),
  updatedAt: now.toISOString(),
  version: 1,
};
const until = '2026-07-01T00:00:00.000Z';

describe('changing a consent', () => {
  it('revoking sharing with a partner removes it and ends its consent-based shares, not those on another ground', () => {
    const byConsent = newShare(found, { partnerId: 'unicef', scope: 'case', purpose: 'referral', until }, amina, now).share;
    const byLaw = { ...byConsent, shareId: 'other', overrideReason: 'legal-obligation' as const };
    const other = newShare(found, { partnerId: 'unhcr', scope: 'case', purpose: 'referral', until }, amina, now).share;
    const result = changeConsent(
      found,
      { action: 'revoke', purpose: 'sharing', partnerId: 'unicef' },
      [byConsent, byLaw, other],
      amina,
      now,
    );
    expect(result.facts.consentSharingWithPartners).toEqual(['unhcr']);
    expect(result.endedShares.map(({ share }) => share.shareId)).toEqual([byConsent.shareId]);
    expect(result.event).toMatchObject({
      type: 'consent.revoked',
      details: { purpose: 'sharing', partnerId: 'unicef', effect: 'shares-ended:1' },
    });
  });

  it('a consent given later is added once', () => {
    const result = changeConsent(found, { action: 'grant', purpose: 'sharing', partnerId: 'unhcr' }, [], amina, now);
    expect(result.facts.consentSharingWithPartners).toEqual(['unicef', 'unhcr']);
    expect(result.event.type).toBe('consent.granted');
  });

  it('revoking follow-up contact stops beneficiary messages (checked again when each is sent)', () => {
    const result = changeConsent(found, { action: 'revoke', purpose: 'follow-up-contact' }, [], amina, now);
    expect(result.facts.consentFollowUpContact).toBe(false);
    expect(result.event.details).toEqual({
      purpose: 'follow-up-contact',
      effect: 'beneficiary-messages-stopped',
      pendingMessagesCancelled: 0,
    });
  });
});

describe('processing consent revoked', () => {
  it('goes on only on another legal ground, recorded on the consent record and in the history', () => {
    const result = changeConsent(found, { action: 'revoke', purpose: 'processing', basis: 'vital-interests' }, [], amina, now);
    expect(result.facts.consentProcessing).toBe(false);
    expect(result.consents.find((c) => c.purpose === 'processing')).toMatchObject({
      basis: 'vital-interests',
      given: false,
      source: 'staff',
      revokedAt: now.toISOString(),
      revokedBy: 'amina',
    });
    expect(result.event.details).toEqual({
      purpose: 'processing',
      effect: 'processing-continues-on-other-ground',
      basis: 'vital-interests',
    });
  });

  it('without such a ground is refused: stopping processing is the withdrawal', () => {
    expect(() => changeConsent(found, { action: 'revoke', purpose: 'processing' }, [], amina, now)).toThrow(ConsentChangeRefused);
  });
});

describe('whether the beneficiary may be contacted', () => {
  it('a revocation cancels what was planned before it, even once consent is given again', () => {
    const revoked = changeConsent(found, { action: 'revoke', purpose: 'follow-up-contact' }, [], amina, now);
    const afterRevocation = { ...found, facts: revoked.facts, consents: revoked.consents };
    expect(mayContactBeneficiary(afterRevocation, '2026-05-31T10:00:00.000Z')).toBe(false);
    const later = new Date(now.getTime() + 86400_000);
    const regranted = changeConsent(afterRevocation, { action: 'grant', purpose: 'follow-up-contact' }, [], amina, later);
    const afterGrant = { ...found, facts: regranted.facts, consents: regranted.consents };
    expect(mayContactBeneficiary(afterGrant, '2026-05-31T10:00:00.000Z')).toBe(false);
    expect(mayContactBeneficiary(afterGrant, later.toISOString())).toBe(true);
    expect(regranted.consents.filter((c) => c.purpose === 'follow-up-contact')).toHaveLength(1);
  });
});
