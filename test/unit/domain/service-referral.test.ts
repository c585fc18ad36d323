// Referral of one service of a case to a partner association (Primero's referral transition): made
// by mission staff under consent (or a recorded override), pending until the partner answers;
// accepted, the partner sees the case and works on that service's tasks only; rejected, nothing is
// granted; revoked or past its end, everything it granted ends.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { caseVisibility, partnerAccessOf } from '../../../domain/access/cases.ts';
import type { Caller } from '../../../domain/access/roles.ts';
import { mayAct, maySee, taskSharing } from '../../../domain/access/tasks.ts';
import type { CaseRecord } from '../../../domain/cases/model.ts';
import {
  answerReferral,
  isActive,
  newShare,
  ReferralRefused,
  serviceReferredElsewhere,
  ShareRefused,
  type ReferralAnswer,
  type ShareRecord,
} from '../../../domain/sharing/shares.ts';

const now = new Date('2026-06-01T10:00:00.000Z');
const later = (days: number) => new Date(now.getTime() + days * 86_400_000).toISOString();
const amina: Caller = { sub: 'amina', groups: ['caseworker'] };
const unicef: Caller = { sub: 'p-unicef', groups: ['partner'], partnerId: 'unicef' };
const caritas: Caller = { sub: 'p-caritas', groups: ['partner'], partnerId: 'caritas-maroc' };
const caseId = '10000000-0000-4000-a000-000000000000';
const openCase: CaseRecord = {
  caseId,
  reference: 'PROT-2026-000001',
  programme: 'protection',
  caseType: 'protection',
  formId: 'protection-referral',
  formVersion: 1,
  stage: 'services',
  status: 'open',
  facts: { consentSharingWithPartners: ['unicef'] },
  createdAt: now.toISOString(),
  updatedAt: now.toISOString(),
  version: 1,
};
const medical = '20000000-0000-4000-a000-000000000001';
const legal = '20000000-0000-4000-a000-000000000002';
const referral = { partnerId: 'unicef', scope: { service: medical }, purpose: 'service-delivery' as const, until: later(30) };

const refused = (f: () => unknown) => {
  try {
    f();
  } catch (error) {
    if (error instanceof ReferralRefused || error instanceof ShareRefused) return error.reason;
    throw error;
  }
  return 'allowed';
};

const referred = (overrides: Partial<ShareRecord> = {}): ShareRecord => ({
  ...newShare(openCase, referral, amina, now).share,
  ...overrides,
});
const accept: ReferralAnswer = { answer: 'accept' };
const reject: ReferralAnswer = { answer: 'reject', reasonCode: 'no-capacity', reason: 'Our nurse is away until March.' };

// The delivery of the medical service: a partner step naming its service; another partner step of the case naming none.
const medicalDelivery = { caseId, roles: ['caseworker' as const, 'partner' as const], serviceId: medical };
const legalDelivery = { caseId, roles: ['caseworker' as const, 'partner' as const], serviceId: legal };
const caseStep = { caseId, roles: ['caseworker' as const, 'partner' as const] };

describe('a service referral is made', () => {
  it('pending, with its status in the history, and the partner association told with ids and codes only', () => {
    const { share, event, messages } = newShare(openCase, referral, amina, now);
    expect(share).toMatchObject({ scope: { service: medical }, status: 'pending' });
    expect(event.details).toMatchObject({ scope: `service:${medical}`, status: 'pending', basis: 'consent' });
    expect(messages).toEqual([
      expect.objectContaining({
        recipient: { kind: 'role', role: 'partner', partnerId: 'unicef' },
        template: 'referral-received',
        caseId,
        params: { reference: openCase.reference, shareId: share.shareId, service: medical, until: share.until },
      }),
    ]);
  });

  it('under consent to share with that partner, or else an override reason (recorded), as any share', () => {
    expect(refused(() => newShare(openCase, { ...referral, partnerId: 'caritas-maroc' }, amina, now))).toBe('no-consent');
    const overridden = newShare(openCase, { ...referral, partnerId: 'caritas-maroc', overrideReason: 'vital-interests' }, amina, now);
    expect(overridden.share.overrideReason).toBe('vital-interests');
    expect(overridden.event.details.basis).toBe('override:vital-interests');
  });

  it('a whole-case share has no answer to wait for and tells nobody', () => {
    const { share, messages } = newShare(openCase, { ...referral, scope: 'case' }, amina, now);
    expect(share.status).toBeUndefined();
    expect(messages).toEqual([]);
  });
});

describe('the partner answers', () => {
  it('accepts: the referral is accepted, the history holds ids only, the referrer is told', () => {
    const { share, event, note, message } = answerReferral(openCase, referred(), accept, unicef, now);
    expect(share).toMatchObject({ status: 'accepted', respondedBy: 'p-unicef', respondedAt: now.toISOString() });
    expect(event).toMatchObject({ type: 'case.referral-accepted', actor: { kind: 'partner', id: 'p-unicef' } });
    expect(event.details).toEqual({ shareId: share.shareId, partnerId: 'unicef', scope: `service:${medical}` });
    expect(note).toBeUndefined();
    expect(message).toMatchObject({ recipient: { kind: 'user', sub: 'amina' }, template: 'referral-answered' });
    expect(message.params).toMatchObject({ answer: 'accepted', service: medical });
  });

  it('rejects with a code in the history, its own words in a case note only', () => {
    const { share, event, note, message } = answerReferral(openCase, referred(), reject, unicef, now);
    expect(share).toMatchObject({ status: 'rejected', rejectionReason: 'no-capacity', rejectionNoteId: note!.noteId });
    expect(note).toMatchObject({ kind: 'referral-rejection-reason', text: 'Our nurse is away until March.', author: 'p-unicef', caseId });
    expect(event.type).toBe('case.referral-rejected');
    expect(JSON.stringify(event)).not.toContain('nurse');
    expect(JSON.stringify(message)).not.toContain('nurse');
    expect(event.details).toMatchObject({ reasonCode: 'no-capacity', noteId: note!.noteId });
    expect(answerReferral(openCase, referred(), { answer: 'reject', reasonCode: 'outside-area' }, unicef, now).note).toBeUndefined();
  });

  it('only a user of the association it was made to; once; while it stands; a whole-case share is no referral', () => {
    expect(refused(() => answerReferral(openCase, referred(), accept, caritas, now))).toBe('not-yours');
    expect(refused(() => answerReferral(openCase, referred(), accept, amina, now))).toBe('not-yours');
    expect(refused(() => answerReferral(openCase, referred({ scope: 'case', status: undefined }), accept, unicef, now))).toBe(
      'not-a-referral',
    );
    const answered = answerReferral(openCase, referred(), accept, unicef, now).share;
    expect(refused(() => answerReferral(openCase, answered, reject, unicef, now))).toBe('already-answered');
    expect(refused(() => answerReferral(openCase, referred({ revokedAt: now.toISOString() }), accept, unicef, now))).toBe('ended');
    // Nobody answered before its end: it ended unanswered, like any share.
    expect(refused(() => answerReferral(openCase, referred({ until: now.toISOString() }), accept, unicef, now))).toBe('ended');
    expect(refused(() => answerReferral({ ...openCase, status: 'closed' }, referred(), accept, unicef, now))).toBe('case-closed');
    expect(refused(() => answerReferral({ ...openCase, status: 'closed' }, referred(), reject, unicef, now))).toBe('allowed');
  });
});

describe('what a referral grants, as it stands', () => {
  const pending = () => referred();
  const accepted = () => referred({ status: 'accepted', respondedAt: now.toISOString(), respondedBy: 'p-unicef' });
  const rejected = () => referred({ status: 'rejected', rejectionReason: 'no-capacity' });

  it('pending: the case without its persons and the referral in its list, no task', () => {
    const share = pending();
    expect(caseVisibility(unicef, {}, [share], now)).toBe('service');
    expect(partnerAccessOf({}, [share], now)).toEqual({
      unicef: { until: share.until, referrals: [{ shareId: share.shareId, service: medical, status: 'pending', until: share.until }] },
    });
    expect(maySee(medicalDelivery, unicef, [share], now)).toBe(false);
    expect(taskSharing(medicalDelivery, partnerAccessOf({}, [share], now), now)).toEqual([]);
  });

  it("accepted: the whole case, and that service's tasks only, listed in its queue until the referral ends", () => {
    const share = accepted();
    const access = partnerAccessOf({}, [share], now);
    expect(caseVisibility(unicef, {}, [share], now)).toBe('full');
    expect(access.unicef).toMatchObject({ services: { [medical]: share.until } });
    expect(access.unicef!.tasksUntil).toBeUndefined();
    expect(mayAct(medicalDelivery, unicef, [share], now)).toBe(true);
    expect(taskSharing(medicalDelivery, access, now)).toEqual([{ partnerId: 'unicef', until: share.until }]);
    for (const other of [legalDelivery, caseStep]) {
      expect(maySee(other, unicef, [share], now)).toBe(false);
      expect(taskSharing(other, access, now)).toEqual([]);
    }
    expect(caseVisibility(caritas, {}, [share], now)).toBe('none');
    expect(maySee(medicalDelivery, caritas, [share], now)).toBe(false);
  });

  it('rejected: nothing; the service stays with staff, and another partner may be asked', () => {
    const share = rejected();
    expect(isActive(share, now)).toBe(false);
    expect(caseVisibility(unicef, {}, [share], now)).toBe('none');
    expect(partnerAccessOf({}, [share], now)).toEqual({});
    expect(mayAct(medicalDelivery, amina, [share], now)).toBe(true);
    const toCaritas = { ...referral, partnerId: 'caritas-maroc', overrideReason: 'vital-interests' as const };
    expect(refused(() => newShare(openCase, toCaritas, amina, now))).toBe('allowed');
  });

  it("a whole-case share gives the case's partner steps, not a service referred to someone", () => {
    const whole = referred({ scope: 'case', status: undefined, partnerId: 'caritas-maroc' });
    expect(mayAct(caseStep, caritas, [whole], now)).toBe(true);
    expect(mayAct(medicalDelivery, caritas, [whole], now)).toBe(false);
    expect(taskSharing(medicalDelivery, partnerAccessOf({}, [whole], now), now)).toEqual([]);
  });

  it("the case's own association keeps its service steps without any referral", () => {
    const ownCaller: Caller = { sub: 'p-sale', groups: ['partner'], partnerId: 'asso-sale' };
    expect(mayAct({ ...medicalDelivery, partnerId: 'asso-sale' }, ownCaller, [], now)).toBe(true);
  });

  it('property: a partner works on a service task only with an accepted, active referral of that very service, and its queue agrees', () => {
    const shareArb = fc.record({
      partnerId: fc.constantFrom('unicef', 'caritas-maroc'),
      service: fc.constantFrom<string | null>(medical, legal, null),
      status: fc.constantFrom('pending', 'accepted', 'rejected'),
      revoked: fc.boolean(),
      days: fc.integer({ min: -5, max: 30 }),
    });
    fc.assert(
      fc.property(fc.array(shareArb, { maxLength: 5 }), fc.constantFrom(medicalDelivery, legalDelivery, caseStep), (drawn, task) => {
        const shares: ShareRecord[] = drawn.map((d, i) =>
          referred({
            shareId: `30000000-0000-4000-a000-00000000000${i}`,
            partnerId: d.partnerId,
            scope: d.service === null ? 'case' : { service: d.service },
            status: d.service === null ? undefined : (d.status as ShareRecord['status']),
            until: later(d.days),
            ...(d.revoked ? { revokedAt: now.toISOString(), revokedBy: 'amina' } : {}),
          }),
        );
        const access = partnerAccessOf({}, shares, now);
        for (const caller of [unicef, caritas]) {
          const grants = shares.some(
            (s) =>
              s.partnerId === caller.partnerId &&
              s.revokedAt === undefined &&
              s.until > now.toISOString() &&
              ('serviceId' in task
                ? s.scope !== 'case' && s.scope.service === task.serviceId && s.status === 'accepted'
                : s.scope === 'case'),
          );
          expect(mayAct(task, caller, shares, now)).toBe(grants);
          expect(taskSharing(task, access, now).some((q) => q.partnerId === caller.partnerId)).toBe(grants);
          // Sees the case whole only with a whole-case share or an accepted referral; never from a rejected one alone.
          const full = shares.some(
            (s) =>
              s.partnerId === caller.partnerId &&
              s.revokedAt === undefined &&
              s.until > now.toISOString() &&
              (s.scope === 'case' || s.status === 'accepted'),
          );
          expect(caseVisibility(caller, {}, shares, now) === 'full').toBe(full);
        }
      }),
    );
  });
});

describe('one partner at a time for a service', () => {
  it('a service referred (pending or accepted) may not be referred again until that referral ends', () => {
    const standing = referred();
    expect(serviceReferredElsewhere([standing], referral, now)).toBe(true);
    expect(serviceReferredElsewhere([{ ...standing, status: 'accepted' }], referral, now)).toBe(true);
    expect(serviceReferredElsewhere([{ ...standing, status: 'rejected' }], referral, now)).toBe(false);
    expect(serviceReferredElsewhere([{ ...standing, revokedAt: now.toISOString() }], referral, now)).toBe(false);
    expect(serviceReferredElsewhere([{ ...standing, until: now.toISOString() }], referral, now)).toBe(false);
    expect(serviceReferredElsewhere([standing], { ...referral, scope: { service: legal } }, now)).toBe(false);
    expect(serviceReferredElsewhere([standing], { ...referral, scope: 'case' }, now)).toBe(false);
  });

  it('a case that lists its services: only one of them may be referred', () => {
    const withServices = { ...openCase, services: [{ serviceId: legal, type: 'legal', status: 'planned' }] } as CaseRecord;
    expect(refused(() => newShare(withServices, referral, amina, now))).toBe('unknown-service');
    expect(refused(() => newShare(withServices, { ...referral, scope: { service: legal } }, amina, now))).toBe('allowed');
  });
});
