// The returnees' listing (which skilled-return cases a job offer's matching may read) and the rule that
// ranks them (docs/workflows/migration-development.md, "A job offer's returnees").
import { describe, expect, it } from 'vitest';
import type { CaseRecord } from '../../../domain/cases/model.ts';
import { rankReturnees, returneeListingOf, type ReturneeListing } from '../../../domain/migration-development/returnee-listing.ts';

const R1 = '70000000-0000-4000-a000-000000000001';
const R2 = '70000000-0000-4000-a000-000000000002';
const R3 = '70000000-0000-4000-a000-000000000003';
const R4 = '70000000-0000-4000-a000-000000000004';

const returnee = (over: Partial<CaseRecord> = {}, facts: Record<string, unknown> = {}): CaseRecord => ({
  caseId: R1,
  reference: 'SKRT-2026-000001',
  programme: 'migration-development',
  caseType: 'skilled-return',
  formId: 'skilled-return-application',
  formVersion: 1,
  stage: 'opportunity',
  status: 'open',
  facts: {
    sector: 'education',
    regionOfReturn: 'rabat-sale-kenitra',
    experienceYears: 12,
    highestDegree: 'master',
    supportNeeded: ['job-placement', 'schooling'],
    nationality: 'MA',
    ...facts,
  },
  createdAt: '2026-07-01T08:00:00.000Z',
  updatedAt: '2026-07-01T08:00:00.000Z',
  version: 3,
  ...over,
});

describe("the returnees' listing", () => {
  it('lists an open skilled-return case at stage opportunity, with codes, numbers and ids only', () => {
    expect(returneeListingOf(returnee())).toEqual({
      caseId: R1,
      reference: 'SKRT-2026-000001',
      sector: 'education',
      regionOfReturn: 'rabat-sale-kenitra',
      experienceYears: 12,
      highestDegree: 'master',
      supportNeeded: ['job-placement', 'schooling'],
    });
  });

  it('does not list a case at another stage, closed, matched to a need, or of another type', () => {
    expect(returneeListingOf(returnee({ stage: 'eligibility' }))).toBeUndefined();
    expect(returneeListingOf(returnee({ stage: 'reintegration-plan' }))).toBeUndefined();
    expect(returneeListingOf(returnee({ status: 'closed' }))).toBeUndefined();
    expect(
      returneeListingOf(returnee({}, { matchedNeed: { needCaseId: R4, needReference: 'NEED-1', confirmedOn: '2026-08-01' } })),
    ).toBeUndefined();
    expect(returneeListingOf(returnee({ caseType: 'diaspora-expert' }))).toBeUndefined();
  });
});

describe("ranking a job offer's returnees", () => {
  const listing = (caseId: string, over: Partial<ReturneeListing> = {}): ReturneeListing => ({
    caseId,
    reference: `SKRT-${caseId.slice(-1)}`,
    sector: 'education',
    regionOfReturn: 'rabat-sale-kenitra',
    experienceYears: 12,
    supportNeeded: ['job-placement'],
    reachedAt: '2026-07-10T08:00:00.000Z',
    ...over,
  });
  const listings = [
    listing(R1),
    listing(R2, { regionOfReturn: 'souss-massa', supportNeeded: ['business-creation'], experienceYears: 31 }),
    listing(R3, { reachedAt: '2026-07-01T08:00:00.000Z' }),
    listing(R4, { sector: 'health' }),
  ];

  it('scores sector, region of the need’s city, job placement and experience (capped), with the reasons; ties to the longest wait', () => {
    const ranked = rankReturnees({ sector: 'education', mode: 'on-site', missionCity: 'rabat' }, listings, 20);
    expect(ranked.map((r) => [r.caseId, r.score])).toEqual([
      [R3, 10 + 30 + 20 + 12],
      [R1, 10 + 30 + 20 + 12],
      [R2, 10 + 20],
    ]);
    expect(ranked[0]!.reasons).toEqual([
      { criterion: 'sector', value: 'education' },
      { criterion: 'region', value: 'rabat-sale-kenitra' },
      { criterion: 'support', value: 'job-placement' },
      { criterion: 'experience', value: '12' },
    ]);
    expect(ranked[2]!.reasons).toEqual([
      { criterion: 'sector', value: 'education' },
      { criterion: 'experience', value: '31' },
    ]);
  });

  it('ignores the region for a remote post or one without a city, and keeps the best N', () => {
    const remote = rankReturnees({ sector: 'education', mode: 'remote', missionCity: 'rabat' }, listings, 2);
    expect(remote.map((r) => [r.caseId, r.score])).toEqual([
      [R3, 42],
      [R1, 42],
    ]);
    expect(rankReturnees({ sector: 'education', mode: 'on-site' }, listings, 20).map((r) => r.score)).toEqual([42, 42, 30]);
  });
});
