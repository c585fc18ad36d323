// Data subjects' rights in the domain: identity keys, correction against the form's schema,
// erasure plans and the retention policy and sweep.
import { describe, expect, it, vi } from 'vitest';
import type { Caller } from '../../../domain/access/roles.ts';
import type { CaseRecord, PersonRecord } from '../../../domain/cases/model.ts';
import { getForm } from '../../../domain/forms/index.ts';
import { CorrectionInvalid, fieldSchema, planCorrection } from '../../../domain/privacy/correction.ts';
import { ErasureNeedsLegalGround, PersonErased } from '../../../domain/privacy/errors.ts';
import { planCaseErasure } from '../../../domain/privacy/erasure.ts';
import { buildPersonExport } from '../../../domain/privacy/export.ts';
import { identityKeysOf, identityKeysOfPerson, normaliseName } from '../../../domain/privacy/identity.ts';
import { parseRetentionPolicy, retentionCutoff, sweepRetention, type RetentionStore } from '../../../domain/privacy/retention.ts';
import { findSubject } from '../../../domain/privacy/subject.ts';

const now = new Date('2027-06-01T10:00:00.000Z');
const dpo: Caller = { sub: 'nadia', groups: ['data-protection'] };
const found: CaseRecord = {
  caseId: '10000000-0000-4000-a000-000000000000',
  reference: 'AVRR-2026-000001',
  programme: 'avrr',
  caseType: 'avrr',
  formId: 'avrr-application',
  formVersion: 1,
  stage: 'closed',
  status: 'closed',
  facts: { nationality: 'GN', ageGroup: '25-59', consentFollowUpContact: true },
  createdAt: '2026-03-10T10:00:00.000Z',
  updatedAt: '2026-04-10T10:00:00.000Z',
  closedAt: '2026-04-10T10:00:00.000Z',
  version: 3,
};
const applicant: PersonRecord = {
  personId: '20000000-0000-4000-a000-000000000001',
  caseId: found.caseId,
  role: 'applicant',
  data: {
    givenNames: 'Mamadou Aliou',
    familyName: 'Diallo',
    dateOfBirth: '1994-06-12',
    identityDocument: { type: 'national-id', number: 'GN-7781203' },
    contact: { phone: '+212612345678' },
  },
  createdAt: found.createdAt,
};
const child: PersonRecord = {
  personId: '20000000-0000-4000-a000-000000000002',
  caseId: found.caseId,
  role: 'family-member',
  data: { givenNames: 'Aïssatou', familyName: 'Diallo', dateOfBirth: '2022-11-20', relationship: 'child' },
  createdAt: found.createdAt,
};
const form = getForm('avrr-application', 1);

describe('identity keys', () => {
  it('normalise accents, case, punctuation and name order; never carry the identity in clear', () => {
    expect(normaliseName('  DÏALLO-barry ')).toBe('barry diallo');
    const a = identityKeysOf({ givenNames: 'Mamadou Aliou', familyName: 'Diallo', dateOfBirth: '1994-06-12' });
    const b = identityKeysOf({ givenNames: 'aliou MAMADOU', familyName: 'diallo', dateOfBirth: '1994-06-12' });
    expect(a).toEqual(b);
    expect(a[0]!.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(identityKeysOf({ givenNames: 'Mamadou Aliou', familyName: 'Diallo', dateOfBirth: '1994-06-13' })).not.toEqual(a);
    expect(identityKeysOf({ familyName: 'Diallo', dateOfBirth: '1994-06-12' })).toEqual([]);
    expect(identityKeysOf({ documentNumber: 'gn 7781203' })).toEqual(
      identityKeysOfPerson(applicant.data).filter((k) => k.kind === 'document'),
    );
  });

  it('a subject named by case is found in the other cases holding the same identity', async () => {
    const other = { caseId: 'other-case', personId: 'other-person' };
    const store = {
      caseIdOfReference: vi.fn(async () => found.caseId),
      getPersons: vi.fn(async () => [applicant, child]),
      findByIdentity: vi.fn(async () => [{ caseId: found.caseId, personId: applicant.personId }, other]),
    };
    expect(await findSubject({ reference: found.reference }, store)).toEqual([
      { caseId: found.caseId, personId: applicant.personId },
      other,
    ]);
    expect(await findSubject({ caseId: found.caseId, personId: child.personId }, store)).toContainEqual({
      caseId: found.caseId,
      personId: child.personId,
    });
    expect(await findSubject({ familyName: 'x' }, store)).toEqual([]);
  });
});

describe('correction', () => {
  it('finds the form’s schema of a person’s field by role', () => {
    expect(fieldSchema(form, 'applicant', '/contact/phone')?.safeParse('+212600000000').success).toBe(true);
    expect(fieldSchema(form, 'applicant', '/contact/phone')?.safeParse('nope').success).toBe(false);
    expect(fieldSchema(form, 'family-member', '/relationship')?.safeParse('cousin').success).toBe(false);
    // Each form puts its people where it likes: a referral's person, an association's focal person.
    expect(fieldSchema(getForm('protection-referral'), 'applicant', '/ageEstimate')?.safeParse(200).success).toBe(false);
    expect(fieldSchema(getForm('protection-referral'), 'contact-person', '/email')?.safeParse('x@example.org').success).toBe(true);
    expect(fieldSchema(getForm('association-capacity-assessment'), 'contact-person', '/phone')?.safeParse('nope').success).toBe(false);
  });

  it('stores the new value, keeps the old one on the audit item only, and names paths only in the history', () => {
    const plan = planCorrection({
      person: applicant,
      form,
      changes: [
        { path: '/familyName', value: 'Diallo-Barry' },
        { path: '/contact/phone', value: '+212600000001' },
      ],
      by: dpo,
      now,
      language: 'en',
    });
    expect(plan.person.data).toMatchObject({ familyName: 'Diallo-Barry', contact: { phone: '+212600000001' } });
    expect(plan.person.updatedAt).toBe(now.toISOString());
    expect(plan.audit.changes).toEqual([
      { path: '/familyName', previous: 'Diallo' },
      { path: '/contact/phone', previous: '+212612345678' },
    ]);
    expect(plan.event).toMatchObject({
      type: 'person.corrected',
      details: { personId: applicant.personId, paths: ['/familyName', '/contact/phone'] },
    });
    expect(JSON.stringify(plan.event)).not.toContain('Diallo');
  });

  it('reports every invalid change, with pointers into the request, localized', () => {
    const attempt = () =>
      planCorrection({
        person: applicant,
        form,
        changes: [
          { path: '/dateOfBirth', value: '12/06/1994' },
          { path: '/unknown', value: 'x' },
          { path: '/contact/phone', value: null },
        ],
        by: dpo,
        now,
        language: 'fr',
      });
    expect(attempt).toThrow(CorrectionInvalid);
    try {
      attempt();
    } catch (error) {
      const errors = (error as CorrectionInvalid).errors;
      expect(errors.map((e) => e.pointer)).toEqual(['/changes/0/value', '/changes/1/path']);
      expect(errors[1]!.message).toMatch(/formulaire/);
    }
    // Removing the only contact leaves the block invalid as a whole.
    expect(() =>
      planCorrection({ person: applicant, form, changes: [{ path: '/contact/phone', value: null }], by: dpo, now, language: 'fr' }),
    ).toThrow(CorrectionInvalid);
  });

  it('an erased person cannot be corrected', () => {
    expect(() =>
      planCorrection({
        person: { ...applicant, data: {}, erasedAt: now.toISOString() },
        form,
        changes: [{ path: '/familyName', value: 'x' }],
        by: dpo,
        now,
        language: 'fr',
      }),
    ).toThrow(PersonErased);
  });
});

describe('erasure', () => {
  it('of a closed case: the persons named, the case anonymised when none is left; a repeat plans nothing', () => {
    const plan = planCaseErasure({
      found,
      persons: [applicant, child],
      personIds: [applicant.personId],
      trigger: { kind: 'request' },
      actor: { kind: 'staff', id: 'nadia' },
      now,
    });
    expect(plan).toMatchObject({
      personIds: [applicant.personId],
      anonymised: false,
      event: { type: 'person.erased', details: { ground: 'case-closed' } },
    });
    const all = planCaseErasure({
      found,
      persons: [applicant, child],
      trigger: { kind: 'request' },
      actor: { kind: 'staff', id: 'nadia' },
      now,
    });
    expect(all?.anonymised).toBe(true);
    const erased = [applicant, child].map((p) => ({ ...p, data: {}, erasedAt: now.toISOString() }));
    expect(
      planCaseErasure({ found, persons: erased, trigger: { kind: 'request' }, actor: { kind: 'staff', id: 'nadia' }, now }),
    ).toBeUndefined();
  });

  it('of an open case: only with a legal ground, recorded; retention never touches it', () => {
    const open = { ...found, status: 'open' as const, stage: 'screening' };
    expect(() =>
      planCaseErasure({ found: open, persons: [applicant], trigger: { kind: 'request' }, actor: { kind: 'staff', id: 'n' }, now }),
    ).toThrow(ErasureNeedsLegalGround);
    expect(
      planCaseErasure({
        found: open,
        persons: [applicant],
        trigger: { kind: 'request', ground: 'court-order' },
        actor: { kind: 'staff', id: 'n' },
        now,
      })?.event.details,
    ).toMatchObject({ ground: 'court-order', caseStatus: 'open' });
    expect(
      planCaseErasure({
        found: open,
        persons: [applicant],
        trigger: { kind: 'retention', retentionDays: 30 },
        actor: { kind: 'system', id: 'retention' },
        now,
      }),
    ).toBeUndefined();
  });
});

describe('export', () => {
  it('holds each case’s data and summarises it in the caller’s language', () => {
    const doc = buildPersonExport(
      [{ case: found, persons: [applicant], submissions: [], notes: [], corrections: [], shares: [], tasks: [], history: [] }],
      'e1',
      'en',
      now,
    );
    expect(doc.cases[0]).toMatchObject({ caseId: found.caseId, consents: { consentFollowUpContact: true }, persons: [applicant] });
    expect(doc.summary).toContain('  familyName: Diallo');
    expect(doc.summary[0]).toMatch(/^Personal data held/);
    expect(buildPersonExport([], 'e2', 'fr', now).summary[0]).toMatch(/^Données personnelles détenues/);
  });
});

describe('retention', () => {
  const policy = { avrr: 30, protection: 3650, 'migration-development': 365, 'youth-employability': 365 };

  it('a policy names every programme with whole days in range, or fails with every problem', () => {
    expect(parseRetentionPolicy(policy)).toEqual(policy);
    expect(() => parseRetentionPolicy({ ...policy, avrr: 0, extra: 3 })).toThrow(
      /avrr.*unknown programme extra|unknown programme extra.*avrr/,
    );
    expect(() => parseRetentionPolicy({ avrr: 30 })).toThrow(/protection: missing/);
    expect(() => parseRetentionPolicy('30')).toThrow();
    expect(retentionCutoff(policy, 'avrr', now)).toBe('2027-05-02T10:00:00.000Z');
  });

  it('the sweep anonymises the due closed cases and forgets entries with nothing left', async () => {
    const entry = { caseId: found.caseId, programme: 'avrr', closedAt: found.closedAt! };
    const gone = { caseId: 'gone', programme: 'avrr', closedAt: found.closedAt! };
    const closedCasesDue = vi.fn(async (programme: string) => (programme === 'avrr' ? [entry, gone] : []));
    const erase = vi.fn(async () => true);
    const forgetClosedCase = vi.fn(async () => undefined);
    const store: RetentionStore = {
      closedCasesDue,
      holdings: vi.fn(async (caseId: string) =>
        caseId === found.caseId
          ? { case: found, persons: [applicant, child], submissions: [], notes: [], corrections: [], shares: [], tasks: [], history: [] }
          : undefined,
      ),
      erase,
      forgetClosedCase,
    };
    expect(await sweepRetention(policy, store, now)).toEqual({ anonymised: 1, alreadyAnonymised: 1, conflicts: 0 });
    expect(closedCasesDue).toHaveBeenCalledWith('avrr', '2027-05-02T10:00:00.000Z', 1000);
    expect(erase).toHaveBeenCalledWith(
      expect.anything(),
      expect.objectContaining({ anonymised: true, event: expect.objectContaining({ type: 'case.anonymised-by-retention' }) }),
      { closedEntry: entry },
    );
    expect(forgetClosedCase).toHaveBeenCalledWith(gone);
  });
});
