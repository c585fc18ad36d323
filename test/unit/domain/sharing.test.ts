// The rules of sharing a case with a partner: consent or a recorded legal ground, an end, revocation.
import { describe, expect, it } from 'vitest';
import { caseVisibility } from '../../../domain/access/cases.ts';
import type { Caller } from '../../../domain/access/roles.ts';
import type { CaseRecord } from '../../../domain/cases/model.ts';
import { isActive, newShare, partnerReadEvent, revocationEvent, ShareRefused, type ShareRecord } from '../../../domain/sharing/shares.ts';

const now = new Date('2026-06-01T10:00:00.000Z');
const amina: Caller = { sub: 'amina', groups: ['caseworker'] };
const unicef: Caller = { sub: 'p-unicef', groups: ['partner'], partnerId: 'unicef' };
const openCase: CaseRecord = {
  caseId: '10000000-0000-4000-a000-000000000000',
  reference: 'PROT-2026-000001',
  programme: 'protection',
  caseType: 'protection',
  formId: 'protection-referral',
  formVersion: 1,
  stage: 'submitted',
  status: 'open',
  facts: { consentSharingWithPartners: ['unicef'] },
  createdAt: now.toISOString(),
  updatedAt: now.toISOString(),
  version: 1,
};
const request = { partnerId: 'unicef', scope: 'case' as const, purpose: 'referral' as const, until: '2026-07-01T00:00:00.000Z' };

const refusal = (f: () => unknown) => {
  try {
    f();
  } catch (error) {
    return error instanceof ShareRefused ? error.reason : error;
  }
  return 'accepted';
};

describe('sharing a case', () => {
  it('is allowed with the consent to share with that partner, and recorded without personal data', () => {
    const { share, event } = newShare(openCase, request, amina, now);
    expect(share).toMatchObject({ partnerId: 'unicef', scope: 'case', createdBy: 'amina', until: request.until });
    expect(share).not.toHaveProperty('overrideReason');
    expect(event).toMatchObject({
      type: 'case.shared',
      actor: { kind: 'staff', id: 'amina' },
      details: { basis: 'consent', partnerId: 'unicef' },
    });
  });

  it('is refused without consent, unless a legal ground is given, which is recorded', () => {
    const other = { ...request, partnerId: 'unhcr' };
    expect(refusal(() => newShare(openCase, other, amina, now))).toBe('no-consent');
    const { share, event } = newShare(openCase, { ...other, overrideReason: 'vital-interests' }, amina, now);
    expect(share.overrideReason).toBe('vital-interests');
    expect(event.details.basis).toBe('override:vital-interests');
  });

  it('is refused on a closed case or with an end in the past', () => {
    expect(refusal(() => newShare({ ...openCase, status: 'closed' }, request, amina, now))).toBe('case-closed');
    expect(refusal(() => newShare(openCase, { ...request, until: '2026-05-01T00:00:00.000Z' }, amina, now))).toBe('until-in-past');
  });

  it('is active until its end or its revocation', () => {
    const { share } = newShare(openCase, request, amina, now);
    expect(isActive(share, now)).toBe(true);
    expect(isActive(share, new Date('2026-07-01T00:00:00.000Z'))).toBe(false);
    expect(isActive({ ...share, revokedAt: now.toISOString() }, now)).toBe(false);
    expect(revocationEvent(share, amina, now)).toMatchObject({
      type: 'case.share-revoked',
      details: { shareId: share.shareId, cause: 'staff' },
    });
  });

  it('decides what a partner sees: all, the case without persons (one service), or nothing', () => {
    const { share } = newShare(openCase, request, amina, now);
    const service: ShareRecord = { ...share, scope: { service: 'medical' } };
    expect(caseVisibility(amina, openCase, [], now)).toBe('full');
    expect(caseVisibility(unicef, openCase, [], now)).toBe('none');
    expect(caseVisibility(unicef, openCase, [share], now)).toBe('full');
    expect(caseVisibility(unicef, openCase, [service], now)).toBe('service');
    expect(caseVisibility(unicef, { partnerId: 'unicef' }, [], now)).toBe('full');
    expect(caseVisibility({ ...unicef, partnerId: 'unhcr' }, openCase, [share], now)).toBe('none');
    expect(caseVisibility({ sub: 'x', groups: [] }, openCase, [share], now)).toBe('none');
  });

  it('records a partner read with ids only', () => {
    expect(partnerReadEvent(openCase.caseId, unicef, 'case', now)).toMatchObject({
      type: 'case.read-by-partner',
      actor: { kind: 'partner', id: 'p-unicef' },
      details: { partnerId: 'unicef', what: 'case' },
    });
  });
});
