// Fixed cases for the indicators' tests (unit, integration, e2e-free): each case as the successive
// images the table's stream delivers, and the figures computed by hand for periods that split them
// across their boundaries. Dates are chosen on the edges: a departure on the last day of a quarter,
// a check-in recorded at 23:30 UTC on 30 September (1 October in Morocco).
import type { CaseRecord } from '../../domain/cases/model.ts';

let counter = 0;
const id = () => `00000000-0000-4000-8000-${String(++counter).padStart(12, '0')}`;

function base(programme: CaseRecord['programme'], caseType: string, facts: Record<string, unknown>, createdAt: string): CaseRecord {
  return {
    caseId: id(),
    reference: `X-2026-${String(counter).padStart(6, '0')}`,
    programme,
    caseType,
    formId: 'f',
    formVersion: 1,
    stage: 'received',
    status: 'open',
    facts,
    createdAt,
    updatedAt: createdAt,
    version: 1,
  };
}

/** The next image: the changes, at `at`, one version up. */
function then(previous: CaseRecord, at: string, changes: Partial<CaseRecord>): CaseRecord {
  return { ...previous, ...changes, updatedAt: at, version: previous.version + 1 };
}

const score = (economic: number, social: number, psychosocial: number, overall: number) => ({
  economic,
  social,
  psychosocial,
  overall,
  sustainable: overall >= 0.5,
});

/** Each case's images in version order. */
export function indicatorCases(): CaseRecord[][] {
  counter = 0;
  // AVRR 1: declared 30 March, departed 2 April, check-in 3 completed 1 July.
  const a1 = base(
    'avrr',
    'avrr',
    {
      sex: 'female',
      ageGroup: '18-24',
      nationality: 'GN',
      vulnerabilities: ['medical', 'victim-of-trafficking'],
      countryOfReturn: 'GN',
      declarationDate: '2026-03-30',
      isChild: false,
    },
    '2026-03-31T09:00:00.000Z',
  );
  const a1v2 = then(a1, '2026-04-01T09:00:00.000Z', { stage: 'screening' });
  const a1v3 = then(a1v2, '2026-04-02T09:00:00.000Z', {
    stage: 'departed',
    departedOn: '2026-04-02',
    departedAt: '2026-04-02T09:00:00.000Z',
  });
  const a1v4 = then(a1v3, '2026-07-01T10:00:00.000Z', {
    checkIns: { 'checkin-3': { outcome: 'completed', at: '2026-07-01T10:00:00.000Z', score: score(0.5, 0.7, 0.6, 0.6) } },
  });
  // AVRR 2: declared 15 April, departed 30 June (the quarter's last day), check-in 3 unreachable at 23:30 UTC on 30 September.
  const a2 = base(
    'avrr',
    'avrr',
    {
      sex: 'male',
      ageGroup: '25-59',
      nationality: 'SN',
      vulnerabilities: [],
      countryOfReturn: 'SN',
      declarationDate: '2026-04-15',
      isChild: false,
    },
    '2026-04-15T10:00:00.000Z',
  );
  const a2v2 = then(a2, '2026-04-20T10:00:00.000Z', { stage: 'screening' });
  const a2v3 = then(a2v2, '2026-06-30T10:00:00.000Z', { stage: 'departed', departedOn: '2026-06-30' });
  const a2v4 = then(a2v3, '2026-09-30T23:30:00.000Z', {
    checkIns: { 'checkin-3': { outcome: 'unreachable', at: '2026-09-30T23:30:00.000Z' } },
  });
  // AVRR 3: declared 30 June, departed 1 July (outside Q2), check-in 3 completed 1 October.
  const a3 = base(
    'avrr',
    'avrr',
    {
      sex: 'male',
      ageGroup: '25-59',
      nationality: 'GN',
      vulnerabilities: ['elderly'],
      countryOfReturn: 'GN',
      declarationDate: '2026-06-30',
      isChild: false,
    },
    '2026-06-30T08:00:00.000Z',
  );
  const a3v2 = then(a3, '2026-07-01T08:00:00.000Z', { stage: 'departed', departedOn: '2026-07-01' });
  const a3v3 = then(a3v2, '2026-10-01T08:00:00.000Z', {
    checkIns: { 'checkin-3': { outcome: 'completed', at: '2026-10-01T08:00:00.000Z', score: score(0.3, 0.4, 0.5, 0.4) } },
  });
  // Protection 1: referred 31 March; medical on time 2 April, psychosocial late 5 April.
  const p1 = base(
    'protection',
    'protection',
    {
      sex: 'female',
      ageGroup: '0-17',
      nationality: 'CM',
      vulnerabilityCategory: 'victim-of-trafficking',
      referralDate: '2026-03-31',
      isChild: true,
      urgentNeeds: ['shelter'],
    },
    '2026-03-31T12:00:00.000Z',
  );
  const p1v2 = then(p1, '2026-04-02T12:00:00.000Z', {
    stage: 'services',
    facts: { ...p1.facts, vulnerabilityCategories: ['victim-of-trafficking', 'unaccompanied-or-separated-child'] },
    services: [
      {
        serviceId: 's1',
        type: 'medical',
        urgency: '1-day',
        dueAt: '2026-04-03T12:00:00.000Z',
        status: 'delivered',
        deliveredAt: '2026-04-02T12:00:00.000Z',
        deliveredBy: 'staff',
      },
      { serviceId: 's2', type: 'psychosocial', urgency: '3-days', dueAt: '2026-04-04T12:00:00.000Z', status: 'planned' },
    ],
  });
  const p1v3 = then(p1v2, '2026-04-05T12:00:00.000Z', {
    services: [
      p1v2.services![0]!,
      { ...p1v2.services![1]!, status: 'delivered', deliveredAt: '2026-04-05T12:00:00.000Z', deliveredBy: 'partner' },
    ],
  });
  // Protection 2: referred 1 April, one medical service delivered 1 April (on time).
  const p2 = base(
    'protection',
    'protection',
    {
      sex: 'male',
      ageGroup: '25-59',
      nationality: 'CM',
      vulnerabilityCategory: 'medical',
      referralDate: '2026-04-01',
      isChild: false,
      urgentNeeds: ['medical'],
    },
    '2026-04-01T08:00:00.000Z',
  );
  const p2v2 = then(p2, '2026-04-01T15:00:00.000Z', {
    stage: 'services',
    services: [
      {
        serviceId: 's1',
        type: 'medical',
        urgency: '1-hour',
        dueAt: '2026-04-01T16:00:00.000Z',
        status: 'delivered',
        deliveredAt: '2026-04-01T15:00:00.000Z',
        deliveredBy: 'staff',
      },
    ],
  });
  // Youth 1: enrolled 10 March (partner assoc-1), completed 30 April, job kept at 90 days at follow-up-3 (recorded 1 July), studying at follow-up-6 (30 October).
  const y1 = base(
    'youth-employability',
    'youth-enrolment',
    {
      sex: 'female',
      ageGroup: '18-24',
      nationality: 'MA',
      enrolmentDate: '2026-03-10',
      employmentStatus: 'unemployed',
      track: 'professional-insertion',
      partnerId: 'assoc-1',
    },
    '2026-03-10T10:00:00.000Z',
  );
  const y1v2 = then({ ...y1, partnerId: 'assoc-1' }, '2026-07-01T10:00:00.000Z', {
    facts: {
      ...y1.facts,
      youth: {
        orientation: { outcome: 'oriented', track: 'professional-insertion', on: '2026-03-12' },
        exit: { outcome: 'completed', date: '2026-04-30' },
        followUps: {
          'follow-up-3': { outcome: 'reached', recordedOn: '2026-07-01', status: 'employed', since: '2026-04-01', jobKeptAt90Days: true },
          'follow-up-6': { outcome: 'reached', recordedOn: '2026-10-30', status: 'studying' },
        },
      },
    },
  });
  // Youth 2: enrolled 1 April, in education at enrolment: studying at follow-up-3 is not "back in school"; dropped out.
  const y2 = base(
    'youth-employability',
    'youth-enrolment',
    {
      sex: 'male',
      ageGroup: '15-17',
      nationality: 'MA',
      enrolmentDate: '2026-04-01',
      employmentStatus: 'in-education',
      track: 'education',
    },
    '2026-04-01T10:00:00.000Z',
  );
  const y2v2 = then(y2, '2026-07-15T10:00:00.000Z', {
    facts: {
      ...y2.facts,
      youth: {
        exit: { outcome: 'dropped-out', date: '2026-05-15' },
        followUps: { 'follow-up-3': { outcome: 'reached', recordedOn: '2026-07-15', status: 'studying' } },
      },
    },
  });
  // Youth 3: enrolled 5 January unemployed, studying at follow-up-3 (recorded 15 June): back in school.
  const y3 = base(
    'youth-employability',
    'youth-enrolment',
    {
      sex: 'female',
      ageGroup: '15-17',
      nationality: 'MA',
      enrolmentDate: '2026-01-05',
      employmentStatus: 'unemployed',
      track: 'community',
    },
    '2026-01-05T10:00:00.000Z',
  );
  const y3v2 = then(y3, '2026-06-15T10:00:00.000Z', {
    facts: {
      ...y3.facts,
      youth: {
        exit: { outcome: 'dropped-out', date: '2026-03-01' },
        followUps: { 'follow-up-3': { outcome: 'reached', recordedOn: '2026-06-15', status: 'studying' } },
      },
    },
  });
  // Association capacity: reassessed 20 May, governance +0.5, financial management −0.25.
  const c1 = base(
    'youth-employability',
    'association-capacity',
    { partnerId: 'assoc-1', assessmentDate: '2025-11-20' },
    '2025-11-20T10:00:00.000Z',
  );
  const c1v2 = then(c1, '2026-05-20T10:00:00.000Z', {
    facts: {
      ...c1.facts,
      capacityReassessment: { assessmentDate: '2026-05-20' },
      capacityComparison: [
        { domain: 'governance', baseline: 2, reassessment: 2.5, change: 0.5 },
        { domain: 'financial-management', baseline: 3, reassessment: 2.75, change: -0.25 },
      ],
    },
  });
  // Host need: assignment completed, ended 31 May; another ended early.
  const h1 = base('migration-development', 'host-need', { sector: 'health' }, '2026-01-10T10:00:00.000Z');
  const h1v2 = then(h1, '2026-05-31T10:00:00.000Z', {
    facts: {
      ...h1.facts,
      need: { sector: 'health' },
      assignment: { expertCaseId: 'e', status: 'ended', end: 'completed', endedOn: '2026-05-31' },
    },
  });
  const h2 = base('migration-development', 'host-need', { sector: 'education' }, '2026-01-10T10:00:00.000Z');
  const h2v2 = then(h2, '2026-05-15T10:00:00.000Z', {
    facts: {
      ...h2.facts,
      need: { sector: 'education' },
      assignment: { expertCaseId: 'e', status: 'ended', end: 'ended-early', endedOn: '2026-05-15' },
    },
  });
  // Skilled return: declared 1 June.
  const r1 = base(
    'migration-development',
    'skilled-return',
    { sex: 'male', ageGroup: '25-59', nationality: 'MA', declarationDate: '2026-06-01' },
    '2026-06-02T10:00:00.000Z',
  );
  return [
    [a1, a1v2, a1v3, a1v4],
    [a2, a2v2, a2v3, a2v4],
    [a3, a3v2, a3v3],
    [p1, p1v2, p1v3],
    [p2, p2v2],
    [y1, y1v2],
    [y2, y2v2],
    [y3, y3v2],
    [c1, c1v2],
    [h1, h1v2],
    [h2, h2v2],
    [r1],
  ];
}

/**
 * The figures by hand for the period 2026-03-31 … 2026-07-01 (partial months at both edges), as
 * `indicator → rows` with `by` = each indicator's listed disaggregation. Explained case by case.
 */
export const PERIOD = { from: '2026-03-31', to: '2026-07-01' } as const;

type Rows = { dims: Record<string, string>; value: number; median?: number }[];

/** Indicator → [by, rows] computed by hand for PERIOD (the reasons in the comments). */
export const EXPECTED: Record<string, { by: string[]; rows: Rows }> = {
  // declared 30 March (a1, out), 15 April (a2), 30 June (a3)
  'avrr-applications': { by: ['sex'], rows: [{ dims: { sex: 'male' }, value: 2 }] },
  // departed 2 April (a1), 30 June (a2), 1 July (a3, the period's last day)
  'avrr-people-assisted': {
    by: ['sex'],
    rows: [
      { dims: { sex: 'female' }, value: 1 },
      { dims: { sex: 'male' }, value: 2 },
    ],
  },
  'avrr-returns': {
    by: ['destinationCountry'],
    rows: [
      { dims: { destinationCountry: 'GN' }, value: 2 },
      { dims: { destinationCountry: 'SN' }, value: 1 },
    ],
  },
  // a1's check-in on 1 July (in); a2's at 23:30 UTC on 30 September and a3's on 1 October (out)
  'avrr-check-ins': { by: ['outcome'], rows: [{ dims: { outcome: 'completed' }, value: 1 }] },
  'avrr-sustainability-index': {
    by: ['scoreDimension'],
    rows: [
      { dims: { scoreDimension: 'economic' }, value: 1, median: 50 },
      { dims: { scoreDimension: 'overall' }, value: 1, median: 60 },
      { dims: { scoreDimension: 'psychosocial' }, value: 1, median: 60 },
      { dims: { scoreDimension: 'social' }, value: 1, median: 70 },
    ],
  },
  // received: a1 1 day (left 1 April), a2 5 days (20 April), a3 1 day (1 July); screening: a1 1 day (2 April), a2 71 days (30 June)
  'avrr-days-per-stage': {
    by: ['stage'],
    rows: [
      { dims: { stage: 'received' }, value: 3, median: 1 },
      { dims: { stage: 'screening' }, value: 2, median: 36 },
    ],
  },
  // referred 31 March (p1) and 1 April (p2)
  'protection-referrals': {
    by: ['sex'],
    rows: [
      { dims: { sex: 'female' }, value: 1 },
      { dims: { sex: 'male' }, value: 1 },
    ],
  },
  'protection-people-assisted': {
    by: ['serviceType'],
    rows: [
      { dims: { serviceType: 'medical' }, value: 2 },
      { dims: { serviceType: 'psychosocial' }, value: 1 },
    ],
  },
  // p1 medical on time, p1 psychosocial a day late, p2 medical on time
  'protection-services-on-time': {
    by: ['onTime'],
    rows: [
      { dims: { onTime: 'no' }, value: 1 },
      { dims: { onTime: 'yes' }, value: 2 },
    ],
  },
  // p1 2 days at received, p2 7 hours (0 days)
  'protection-days-per-stage': { by: ['stage'], rows: [{ dims: { stage: 'received' }, value: 2, median: 1 }] },
  // enrolled 10 March (y1, out), 1 April (y2), 5 January (y3, out)
  'youth-people-assisted': { by: ['serviceType'], rows: [{ dims: { serviceType: 'education' }, value: 1 }] },
  // y1 completed 30 April; y2 and y3 dropped out
  'youth-track-completed': { by: ['sex'], rows: [{ dims: { sex: 'female' }, value: 1 }] },
  // y1's follow-up-3 recorded 1 July
  'youth-job-kept-90-days': { by: ['followUp'], rows: [{ dims: { followUp: 'follow-up-3' }, value: 1 }] },
  // y3 studying at follow-up-3 (15 June); y2 was in education at enrolment; y1's follow-up-6 is in October
  'youth-back-in-school': { by: ['followUp'], rows: [{ dims: { followUp: 'follow-up-3' }, value: 1 }] },
  'association-capacity-change': {
    by: ['capacityDomain'],
    rows: [
      { dims: { capacityDomain: 'financial-management' }, value: 1, median: -25 },
      { dims: { capacityDomain: 'governance' }, value: 1, median: 50 },
    ],
  },
  'youth-employability-days-per-stage': { by: ['stage'], rows: [] },
  // h1 completed 31 May; h2 ended early
  'diaspora-assignments-completed': { by: ['sector'], rows: [{ dims: { sector: 'health' }, value: 1 }] },
  'migration-development-people-assisted': { by: ['sex'], rows: [{ dims: { sex: 'male' }, value: 1 }] },
  'migration-development-days-per-stage': { by: ['stage'], rows: [] },
};
