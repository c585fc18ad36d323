// The access rules of the domain: roles, who sees a case, who sees and acts on a task.
import { describe, expect, it } from 'vitest';
import { ANOTHER_PARTNER, canSeeCase, historyVisibleTo } from '../../../domain/access/cases.ts';
import type { CaseEvent } from '../../../domain/cases/model.ts';
import { historyActorOf, isStaff, isStaffRole, missionRolesOf, type Caller } from '../../../domain/access/roles.ts';
import { completionClaim, mayAct, maySee } from '../../../domain/access/tasks.ts';
import { ActionForbidden } from '../../../domain/errors.ts';

const caseworker: Caller = { sub: 'amina', groups: ['caseworker'] };
const partner: Caller = { sub: 'nadia', groups: ['partner'], partnerId: 'assoc-oujda' };
const noGroup: Caller = { sub: 'nobody', groups: [] };
const dpo: Caller = { sub: 'karim', groups: ['data-protection'] };

describe('roles', () => {
  it('knows the groups of the staff directory and nothing else', () => {
    expect(['caseworker', 'supervisor', 'partner', 'admin'].every(isStaffRole)).toBe(true);
    expect(isStaffRole('root')).toBe(false);
  });

  it('mission staff are every role but partners', () => {
    expect(missionRolesOf({ groups: ['partner', 'supervisor', 'caseworker'] })).toEqual(['supervisor', 'caseworker']);
    expect(isStaff(caseworker)).toBe(true);
    expect(isStaff(partner)).toBe(false);
    expect(isStaff(noGroup)).toBe(false);
  });

  it('the data-protection officer is not casework staff: no queue, no case, recorded as staff', () => {
    expect(isStaffRole('data-protection')).toBe(true);
    expect(missionRolesOf(dpo)).toEqual([]);
    expect(isStaff(dpo)).toBe(false);
    expect(canSeeCase(dpo, {}, [], new Date())).toBe(false);
    expect(historyActorOf(dpo)).toEqual({ kind: 'staff', id: 'karim' });
  });

  it('records staff and partners in the history by id only', () => {
    expect(historyActorOf(caseworker)).toEqual({ kind: 'staff', id: 'amina' });
    expect(historyActorOf(partner)).toEqual({ kind: 'partner', id: 'nadia' });
    // A partner user whose association is not an active record (no partnerId): still a partner, never staff.
    expect(historyActorOf({ sub: 'nadia', groups: ['partner'] })).toEqual({ kind: 'partner', id: 'nadia' });
  });
});

describe('case visibility', () => {
  it('staff see every case; a partner only the cases shared with its association', () => {
    const now = new Date('2026-06-01T00:00:00Z');
    expect(canSeeCase(caseworker, {}, [], now)).toBe(true);
    expect(canSeeCase(partner, { partnerId: 'assoc-oujda' }, [], now)).toBe(true);
    expect(canSeeCase(partner, { partnerId: 'assoc-nador' }, [], now)).toBe(false);
    expect(canSeeCase(partner, {}, [], now)).toBe(false);
    expect(canSeeCase(noGroup, {}, [], now)).toBe(false);
  });
});

describe('task access', () => {
  const checkIn = { caseId: 'c-1', roles: ['partner' as const], partnerId: 'assoc-oujda' };
  const now = new Date('2026-06-01T00:00:00Z');
  it('a partner sees and acts on the tasks of its association only', () => {
    expect(maySee(checkIn, partner, [], now)).toBe(true);
    expect(mayAct(checkIn, partner, [], now)).toBe(true);
    expect(maySee({ ...checkIn, partnerId: 'assoc-nador' }, partner, [], now)).toBe(false);
  });

  it('a partner_id claim without the partner group opens no association task (a user moved out of the group)', () => {
    // The token trigger copies the association attribute whatever the groups: the group decides.
    expect(maySee(checkIn, { ...dpo, partnerId: 'assoc-oujda' }, [], now)).toBe(false);
    expect(maySee(checkIn, { ...noGroup, partnerId: 'assoc-oujda' }, [], now)).toBe(false);
    expect(mayAct(checkIn, { ...dpo, partnerId: 'assoc-oujda' }, [], now)).toBe(false);
  });

  it('staff see every task and act on their roles’ tasks; admins on all', () => {
    expect(maySee(checkIn, caseworker, [], now)).toBe(true);
    expect(mayAct(checkIn, caseworker, [], now)).toBe(false);
    expect(mayAct({ ...checkIn, roles: ['caseworker'] }, caseworker, [], now)).toBe(true);
    expect(mayAct(checkIn, { sub: 'root', groups: ['admin'] }, [], now)).toBe(true);
  });
});

describe('claims', () => {
  const screening = { roles: ['caseworker' as const] };
  const supervisor: Caller = { sub: 'salma', groups: ['caseworker', 'supervisor'] };
  const other: Caller = { sub: 'youssef', groups: ['caseworker'] };

  it('an unclaimed task is anyone’s who may act on it', () => {
    expect(completionClaim(screening, other)).toEqual({ kind: 'unclaimed' });
  });

  it('a claimed task is its claimant’s', () => {
    expect(completionClaim({ ...screening, assignee: 'amina' }, caseworker)).toEqual({ kind: 'claimant' });
  });

  it('a supervisor or an admin takes it over, naming the previous claimant', () => {
    expect(completionClaim({ ...screening, assignee: 'amina' }, supervisor)).toEqual({ kind: 'takeover', from: 'amina' });
    expect(completionClaim({ ...screening, assignee: 'amina' }, { sub: 'root', groups: ['admin'] })).toEqual({
      kind: 'takeover',
      from: 'amina',
    });
  });

  it('another caseworker, or another user of the same association, is refused', () => {
    expect(() => completionClaim({ ...screening, assignee: 'amina' }, other)).toThrow(ActionForbidden);
    try {
      completionClaim({ roles: ['partner'], partnerId: 'assoc-oujda', assignee: 'p1' }, partner);
    } catch (error) {
      expect((error as ActionForbidden).reason).toBe('claimed-by-other');
    }
    expect.assertions(2);
  });
});

describe('a timeline as a partner sees it', () => {
  const at = '2026-06-01T00:00:00.000Z';
  const events: CaseEvent[] = [
    {
      caseId: 'c',
      eventId: '1',
      at,
      type: 'case.shared',
      actor: { kind: 'staff', id: 'amina' },
      details: { shareId: 's1', partnerId: 'assoc-oujda' },
    },
    {
      caseId: 'c',
      eventId: '2',
      at,
      type: 'case.shared',
      actor: { kind: 'staff', id: 'amina' },
      details: { shareId: 's2', partnerId: 'assoc-nador' },
    },
    {
      caseId: 'c',
      eventId: '3',
      at,
      type: 'case.read-by-partner',
      actor: { kind: 'partner', id: 'youssef' },
      details: { partnerId: 'assoc-nador', what: 'case' },
    },
    {
      caseId: 'c',
      eventId: '4',
      at,
      type: 'consent.revoked',
      actor: { kind: 'staff', id: 'amina' },
      details: { purpose: 'sharing', partnerId: 'assoc-nador' },
    },
  ];

  it('staff see every association; a partner sees its own, and only that another one was involved', () => {
    expect(historyVisibleTo(caseworker, events)).toEqual(events);
    const seen = historyVisibleTo(partner, events);
    expect(seen[0]).toEqual(events[0]);
    expect(JSON.stringify(seen.slice(1))).not.toMatch(/assoc-nador|youssef|s2/);
    expect(seen.map((event) => event.type)).toEqual(events.map((event) => event.type));
    expect(seen[2]!.actor).toEqual({ kind: 'partner', id: ANOTHER_PARTNER });
  });

  it('a submission made by mission staff on behalf of another association does not name it to a partner', () => {
    const submitted: CaseEvent[] = [
      {
        caseId: 'c',
        eventId: '5',
        at,
        type: 'case.submitted',
        actor: { kind: 'staff', id: 'amina' },
        details: { reference: 'YOUTH-2026-000001', onBehalfOf: 'assoc-nador', formId: 'youth-enrolment' },
      },
      {
        caseId: 'c',
        eventId: '6',
        at,
        type: 'case.submitted',
        actor: { kind: 'staff', id: 'amina' },
        details: { reference: 'YOUTH-2026-000002', onBehalfOf: 'assoc-oujda', formId: 'youth-enrolment' },
      },
    ];
    expect(historyVisibleTo(caseworker, submitted)).toEqual(submitted);
    const seen = historyVisibleTo(partner, submitted);
    expect(JSON.stringify(seen)).not.toMatch(/assoc-nador/);
    expect(seen[0]!.details).toEqual({ reference: 'YOUTH-2026-000001', onBehalfOf: ANOTHER_PARTNER, formId: 'youth-enrolment' });
    expect(seen[0]!.actor).toEqual({ kind: 'staff', id: 'amina' });
    // Its own association stays named.
    expect(seen[1]).toEqual(submitted[1]);
  });
});
