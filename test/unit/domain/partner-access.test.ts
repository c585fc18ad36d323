// Which partner association sees a case and works on its tasks follows the case's shares: its own
// cases, and those shared with it by an active, unexpired share; a revoked or expired share, or a
// consent revoked, takes both away.
import { describe, expect, it } from 'vitest';
import { partnerAccessOf } from '../../../domain/access/cases.ts';
import type { Caller } from '../../../domain/access/roles.ts';
import { claimEndsWithAccess, mayAct, maySee, taskSharing } from '../../../domain/access/tasks.ts';
import type { ShareRecord } from '../../../domain/sharing/shares.ts';

const now = new Date('2026-06-01T10:00:00.000Z');
const caseId = '10000000-0000-4000-a000-000000000000';
const later = (days: number) => new Date(now.getTime() + days * 86_400_000).toISOString();

const unicef: Caller = { sub: 'p-unicef', groups: ['partner'], partnerId: 'unicef' };
const caritas: Caller = { sub: 'p-caritas', groups: ['partner'], partnerId: 'caritas-maroc' };
const own: Caller = { sub: 'p-sale', groups: ['partner'], partnerId: 'asso-sale' };
const amina: Caller = { sub: 'amina', groups: ['caseworker'] };

function share(overrides: Partial<ShareRecord> = {}): ShareRecord {
  return {
    shareId: `s-${Math.random()}`,
    caseId,
    partnerId: 'unicef',
    scope: 'case',
    purpose: 'referral',
    until: later(30),
    createdAt: now.toISOString(),
    createdBy: 'amina',
    ...overrides,
  };
}

// A partner step (arrival, reintegration plan, assistance delivery, check-in) of a case its own
// association submitted, or of one it was not submitted by (no partnerId).
const checkIn = { caseId, roles: ['caseworker' as const, 'partner' as const], partnerId: 'asso-sale' };
const unowned = { caseId, roles: ['caseworker' as const, 'partner' as const] };
const screening = { caseId, roles: ['caseworker' as const] };

describe("what a case's shares grant each partner association", () => {
  it('an active share grants the case until its end; a whole-case share also its partner tasks', () => {
    expect(partnerAccessOf({}, [share()], now)).toEqual({ unicef: { until: later(30), tasksUntil: later(30) } });
    expect(partnerAccessOf({}, [share({ scope: { service: 'medical' } })], now)).toMatchObject({ unicef: { until: later(30) } });
    expect(partnerAccessOf({}, [share({ scope: { service: 'medical' } })], now).unicef).not.toHaveProperty('tasksUntil');
  });

  it('several shares to one partner: the latest end of each', () => {
    const access = partnerAccessOf(
      {},
      [share({ until: later(10) }), share({ scope: { service: 'medical' }, until: later(40) }), share({ until: later(20) })],
      now,
    );
    expect(access).toMatchObject({ unicef: { until: later(40), tasksUntil: later(20) } });
  });

  it('revoked and expired shares grant nothing', () => {
    expect(
      partnerAccessOf({}, [share({ revokedAt: now.toISOString(), revokedBy: 'amina' }), share({ until: now.toISOString() })], now),
    ).toEqual({});
  });

  it("the case's own association needs no grant: it sees its case anyway", () => {
    expect(partnerAccessOf({ partnerId: 'unicef' }, [share()], now)).toEqual({});
  });
});

describe('the partner queues a task is listed in, beyond its own association', () => {
  const access = { unicef: { until: later(30), tasksUntil: later(20) }, 'caritas-maroc': { until: later(30) } };

  it('partners with an active whole-case share, until it ends', () => {
    expect(taskSharing(unowned, access, now)).toEqual([{ partnerId: 'unicef', until: later(20) }]);
  });

  it('none for a step partners do not do, nor once the share ended', () => {
    expect(taskSharing(screening, access, now)).toEqual([]);
    expect(taskSharing(unowned, access, new Date(later(21)))).toEqual([]);
    expect(taskSharing(unowned, undefined, now)).toEqual([]);
  });
});

describe('a partner association sees and acts on the partner tasks of a case shared with it', () => {
  it('shared whole with it by an active share: it may see and act', () => {
    expect(maySee(unowned, unicef, [share()], now)).toBe(true);
    expect(mayAct(unowned, unicef, [share()], now)).toBe(true);
    expect(maySee(checkIn, unicef, [share()], now)).toBe(true);
  });

  it('another association, a one-service share, a revoked or an expired share: neither', () => {
    for (const [caller, shares, at] of [
      [caritas, [share()], now],
      [unicef, [share({ scope: { service: 'medical' } })], now],
      [unicef, [share({ revokedAt: now.toISOString(), revokedBy: 'amina' })], now],
      [unicef, [share({ until: later(1) })], new Date(later(2))],
      [unicef, [share({ caseId: '20000000-0000-4000-a000-000000000000' })], now],
    ] as const) {
      expect(maySee(unowned, caller, shares, at)).toBe(false);
      expect(mayAct(unowned, caller, shares, at)).toBe(false);
    }
  });

  it('a share does not open the steps that are not partner steps', () => {
    expect(maySee(screening, unicef, [share()], now)).toBe(false);
    expect(mayAct(screening, unicef, [share()], now)).toBe(false);
  });

  it("the case's own association, without any share; staff as before", () => {
    expect(maySee(checkIn, own, [], now)).toBe(true);
    expect(mayAct(checkIn, own, [], now)).toBe(true);
    expect(maySee(checkIn, amina, [], now)).toBe(true);
    expect(mayAct(checkIn, amina, [], now)).toBe(true);
    expect(mayAct(screening, amina, [], now)).toBe(true);
  });
});

describe("a partner user's claim ends with its association's access", () => {
  const claimed = { partnerId: 'asso-sale', assignee: 'p-unicef', claimedFor: 'unicef' };
  it('claimed for an association no longer shared with: ends', () => {
    expect(claimEndsWithAccess(claimed, [])).toBe(true);
    expect(claimEndsWithAccess(claimed, [{ partnerId: 'caritas-maroc', until: later(3) }])).toBe(true);
  });

  it("still shared with, the case's own association, a staff claim or no claim: stays", () => {
    expect(claimEndsWithAccess(claimed, [{ partnerId: 'unicef', until: later(3) }])).toBe(false);
    expect(claimEndsWithAccess({ ...claimed, claimedFor: 'asso-sale' }, [])).toBe(false);
    expect(claimEndsWithAccess({ partnerId: 'asso-sale', assignee: 'amina' }, [])).toBe(false);
    expect(claimEndsWithAccess({ partnerId: 'asso-sale' }, [])).toBe(false);
  });
});
