// Every declared indicator against figures computed by hand (test/support/indicator-fixtures.ts) for
// a period that splits cases across its boundaries; replaying the stream twice and out of order
// leaves every figure unchanged; small cells are suppressed for people outside the mission.
import { describe, expect, it } from 'vitest';
import { allIndicators, declarationProblems, indicatorById } from '../../../domain/indicators/index.ts';
import { bucketPlan, figureOf, medianOf, suppressSmallCells } from '../../../domain/indicators/figures.ts';
import { audienceOf, readIndicators } from '../../../domain/indicators/read.ts';
import { countAssessment, countCase } from '../../../domain/indicators/contributions.ts';
import { CTDC_COLUMNS, MISSING, TRAFFICKING_COLUMNS, ctdcExport, ctdcRowOf } from '../../../domain/indicators/ctdc.ts';
import type { TraffickingDetails } from '../../../domain/protection/trafficking.ts';
import { programmes } from '../../../domain/programmes/index.ts';
import type { Programme } from '../../../domain/cases/model.ts';
import type { Dimension } from '../../../domain/indicators/types.ts';
import { EXPECTED, PERIOD, indicatorCases } from '../../support/indicator-fixtures.ts';
import { MemoryIndicatorStore } from '../../support/memory-indicator-store.ts';

async function load(order: 'in-order' | 'twice-shuffled' = 'in-order'): Promise<MemoryIndicatorStore> {
  const store = new MemoryIndicatorStore();
  const images = indicatorCases();
  if (order === 'in-order') {
    for (const images1 of images) for (const image of images1) await countCase(image, store);
    return store;
  }
  // Every image delivered, then the whole stream again, each case's images in reverse, interleaved.
  for (const images1 of images) for (const image of images1) await countCase(image, store);
  const replay = images.flatMap((list) => [...list].reverse());
  for (let i = 0; i < replay.length; i += 2) {
    await countCase(replay[i]!, store);
    if (replay[i + 1]) await countCase(replay[i + 1]!, store);
    await countCase(replay[i]!, store);
  }
  return store;
}

const programmeOf = (indicatorId: string): Programme =>
  programmes.find((p) => (p.indicators ?? []).some((i) => i.id === indicatorId))!.programme;

async function figure(store: MemoryIndicatorStore, id: string, by: string[]) {
  const [found] = await readIndicators(
    {
      programme: programmeOf(id),
      ...PERIOD,
      by: by as Dimension[],
      indicator: id,
      audience: 'internal',
      threshold: 5,
      language: 'en',
      now: '2026-07-02T00:00:00.000Z',
    },
    store,
  );
  return found!.rows.map(({ dims, value, median }) => ({ dims, value, ...(median !== undefined ? { median } : {}) }));
}

describe('indicator declarations', () => {
  it('declares each indicator once, with its unit, period date, filter and aggregation', () => {
    expect(declarationProblems()).toEqual([]);
    for (const indicator of allIndicators) {
      expect(indicator.periodDate.length, indicator.id).toBeGreaterThan(10);
      expect(indicator.filter.length, indicator.id).toBeGreaterThan(10);
      expect(Object.values(indicator.title).every((t) => t.length > 0)).toBe(true);
    }
  });

  it('has a hand-computed figure for every indicator kept from cases', () => {
    const kept = allIndicators.filter((i) => i.source !== 'open-tasks').map((i) => i.id);
    expect(Object.keys(EXPECTED).sort()).toEqual([...kept].sort());
  });
});

describe('figures for a period that splits cases across its boundaries', () => {
  for (const [id, { by, rows }] of Object.entries(EXPECTED)) {
    it(`${id} by ${by.join(',')}`, async () => {
      const store = await load();
      expect(await figure(store, id, by)).toEqual(rows);
    });
  }

  it('reads whole months and the edge days once each', () => {
    expect(bucketPlan('2026-03-31', '2026-07-01')).toEqual({
      months: { from: '2026-04', to: '2026-06' },
      days: [
        { from: '2026-03-31', to: '2026-03-31' },
        { from: '2026-07-01', to: '2026-07-01' },
      ],
    });
    expect(bucketPlan('2026-04-01', '2026-06-30')).toEqual({ months: { from: '2026-04', to: '2026-06' }, days: [] });
    expect(bucketPlan('2026-04-02', '2026-04-20')).toEqual({ days: [{ from: '2026-04-02', to: '2026-04-20' }] });
    expect(bucketPlan('2026-12-15', '2027-01-31')).toEqual({
      months: { from: '2027-01', to: '2027-01' },
      days: [{ from: '2026-12-15', to: '2026-12-31' }],
    });
    expect(bucketPlan('2026-05-01', '2026-04-01')).toEqual({ days: [] });
  });

  it('counts the other days of a split period consistently (the quarter before)', async () => {
    const store = await load();
    const [returns] = await readIndicators(
      {
        programme: 'avrr',
        from: '2026-04-01',
        to: '2026-06-30',
        by: [],
        indicator: 'avrr-returns',
        audience: 'internal',
        threshold: 5,
        language: 'fr',
        now: '2026-07-01T00:00:00Z',
      },
      store,
    );
    expect(returns!.rows).toEqual([{ dims: {}, value: 2 }]);
  });
});

describe('the stream delivered twice and out of order', () => {
  it('leaves every counter as one delivery in order left it', async () => {
    const once = await load('in-order');
    const twice = await load('twice-shuffled');
    expect(twice.snapshot()).toEqual(once.snapshot());
    for (const [id, { by, rows }] of Object.entries(EXPECTED)) expect(await figure(twice, id, by), id).toEqual(rows);
  });

  it('counts each image once when deliveries race (the loser reads again: stale or the next diff)', async () => {
    const once = await load('in-order');
    const raced = new MemoryIndicatorStore();
    await Promise.all(indicatorCases().flatMap((images) => [...images, ...images].map((image) => countCase(image, raced))));
    // Racing images of one case may leave an older one last: deliver the newest again, as the stream's retry would.
    for (const images of indicatorCases()) await countCase(images[images.length - 1]!, raced);
    // Days per stage are kept from the images seen: a stage skipped by a race is counted with the one before (docs/indicators.md).
    const withoutStages = (store: MemoryIndicatorStore) =>
      Object.fromEntries(Object.entries(store.snapshot()).filter(([key]) => !key.endsWith('days-per-stage')));
    expect(withoutStages(raced)).toEqual(withoutStages(once));
  });

  it('a late older image changes nothing, a newer one moves the figure', async () => {
    const store = new MemoryIndicatorStore();
    const [[a1, a1v2, a1v3]] = indicatorCases() as [[never, never, never]];
    await countCase(a1v3, store);
    expect(await countCase(a1, store)).toBe('stale');
    expect(await countCase(a1v2, store)).toBe('stale');
    expect(await figure(store, 'avrr-returns', [])).toEqual([{ dims: {}, value: 1 }]);
  });
});

describe('aggregation', () => {
  it('takes the median of a histogram, the mean of the two middle values for an even count', () => {
    expect(medianOf([])).toBeNull();
    expect(
      medianOf([
        [1, 1],
        [5, 1],
        [9, 1],
      ]),
    ).toBe(5);
    expect(
      medianOf([
        [1, 2],
        [71, 2],
      ]),
    ).toBe(36);
    expect(
      medianOf([
        [2, 3],
        [7, 1],
      ]),
    ).toBe(2);
  });

  it('answers a disaggregation the indicator does not allow without that split, and says so', () => {
    const indicator = indicatorById('diaspora-assignments-completed')!;
    const result = figureOf(indicator, new Map([['["health"]', 3]]), ['sex', 'sector'], 'fr');
    expect(result.notDisaggregatedBy).toEqual(['sex']);
    expect(result.rows).toEqual([{ dims: { sector: 'health' }, value: 3 }]);
    expect(result.title).toBe('Missions d’experts de la diaspora terminées');
  });

  it('maps the stored age bands to the configured reporting bands', async () => {
    const store = await load();
    const [figure1] = await readIndicators(
      {
        programme: 'avrr',
        ...PERIOD,
        by: ['ageGroup'],
        indicator: 'avrr-people-assisted',
        audience: 'internal',
        threshold: 5,
        language: 'en',
        now: '2026-07-02T00:00:00Z',
        ageBands: { '18-24': '18-59', '25-59': '18-59' },
      },
      store,
    );
    expect(figure1!.rows).toEqual([{ dims: { ageGroup: '18-59' }, value: 3 }]);
  });
});

describe('small cells', () => {
  const indicator = indicatorById('avrr-returns')!;
  const cells = (entries: [string, number][]) =>
    new Map(entries.map(([country, n]) => [JSON.stringify([country, 'x', 'female', '18-24', 'none']), n]));

  it('suppresses every count from 1 to the threshold − 1, shows 0, and one more cell when only one is hidden', () => {
    const figure1 = figureOf(
      indicator,
      cells([
        ['GN', 12],
        ['SN', 3],
        ['ML', 7],
        ['CI', 0],
      ]),
      ['destinationCountry'],
      'en',
    );
    const rows = suppressSmallCells(figure1, 5).rows;
    expect(rows).toEqual([
      { dims: { destinationCountry: 'GN' }, value: 12 },
      { dims: { destinationCountry: 'ML' }, value: null, suppressed: true },
      { dims: { destinationCountry: 'SN' }, value: null, suppressed: true },
    ]);
  });

  it('needs no complementary cell when two are already hidden', () => {
    const figure1 = figureOf(
      indicator,
      cells([
        ['GN', 12],
        ['SN', 3],
        ['ML', 1],
        ['CI', 9],
      ]),
      ['destinationCountry'],
      'en',
    );
    expect(
      suppressSmallCells(figure1, 5)
        .rows.filter((r) => r.suppressed)
        .map((r) => r.dims.destinationCountry),
    ).toEqual(['ML', 'SN']);
  });

  it('suppresses a median of fewer values than the threshold, and small bins of a distribution', () => {
    const index = indicatorById('avrr-sustainability-index')!;
    const many = new Map<string, number>([
      [JSON.stringify(['overall', 'checkin-3', 'GN', 'female', '18-24', 60]), 6],
      [JSON.stringify(['overall', 'checkin-3', 'GN', 'female', '18-24', 40]), 2],
      [JSON.stringify(['economic', 'checkin-3', 'GN', 'female', '18-24', 40]), 2],
      [JSON.stringify(['social', 'checkin-3', 'GN', 'female', '18-24', 40]), 1],
    ]);
    const rows = suppressSmallCells(figureOf(index, many, ['scoreDimension'], 'en'), 5).rows;
    expect(rows[0]).toMatchObject({ dims: { scoreDimension: 'economic' }, value: null, median: null, suppressed: true });
    expect(rows[1]).toMatchObject({
      dims: { scoreDimension: 'overall' },
      value: 8,
      distribution: [
        { value: 40, count: null },
        { value: 60, count: 6 },
      ],
    });
    expect(rows[2]).toMatchObject({ dims: { scoreDimension: 'social' }, suppressed: true });
  });
});

describe('who sees what', () => {
  it('gives supervisors and admins exact figures, caseworkers and partners suppressed ones, others none', () => {
    expect(audienceOf({ sub: 's', groups: ['supervisor'] }, undefined)).toEqual({ audience: 'internal' });
    expect(audienceOf({ sub: 's', groups: ['admin'] }, 'external')).toEqual({ audience: 'external' });
    expect(audienceOf({ sub: 'c', groups: ['caseworker'] }, 'internal')).toEqual({ audience: 'external' });
    expect(audienceOf({ sub: 'p', groups: ['partner'], partnerId: 'assoc-1' }, undefined)).toEqual({
      audience: 'external',
      partner: 'assoc-1',
    });
    expect(audienceOf({ sub: 'p', groups: ['partner'] }, undefined)).toBe('forbidden');
    expect(audienceOf({ sub: 'd', groups: ['data-protection'] }, undefined)).toBe('forbidden');
  });

  it('shows a partner only the indicators by partner association, and only its own figures', async () => {
    const store = await load();
    const figures = await readIndicators(
      {
        programme: 'youth-employability',
        from: '2026-01-01',
        to: '2026-12-31',
        by: ['partner'],
        audience: 'external',
        partner: 'assoc-1',
        threshold: 1,
        language: 'en',
        now: '2026-12-31T00:00:00Z',
      },
      store,
    );
    expect(figures.every((f) => indicatorById(f.id)!.dimensions.includes('partner'))).toBe(true);
    expect(figures.flatMap((f) => f.rows.map((r) => r.dims.partner))).toEqual(expect.arrayContaining(['assoc-1']));
    expect(figures.flatMap((f) => f.rows.map((r) => r.dims.partner)).every((p) => p === 'assoc-1')).toBe(true);
  });
});

describe('the trafficking export (CTDC shape)', () => {
  const row = (citizenship: string) => ({
    yearOfRegistration: 2026,
    dataSource: 'Case Management',
    gender: 'Female',
    ageBroad: '18-24',
    majorityStatus: 'Adult',
    citizenship,
  });

  it('generalises the citizenship of rare combinations, then drops what is still rarer than k', () => {
    const rows = [...Array.from({ length: 3 }, () => row('NG')), row('CM'), row('GN'), { ...row('CI'), gender: 'Male' }];
    const result = ctdcExport(rows, 5);
    expect(result.rows).toHaveLength(5);
    expect(result.rows.every((r) => r.citizenship === MISSING)).toBe(true);
    expect(result).toMatchObject({ generalised: 6, dropped: 1 });
  });

  it('keeps a victim case’s row with codes, a year and a band only; none for another case', () => {
    const [a1] = indicatorCases()[0]!;
    const kept = ctdcRowOf(a1!)!;
    expect(kept).toMatchObject({
      yearOfRegistration: 2026,
      gender: 'Female',
      ageBroad: '18-24',
      citizenship: 'GN',
      'vulnerability_victim-of-trafficking': true,
      urgentNeed_medical: MISSING,
    });
    expect(Object.keys(kept)).toEqual(CTDC_COLUMNS);
    expect(ctdcRowOf(indicatorCases()[1]![0]!)).toBeUndefined();
  });
});

describe('the trafficking export: the assessment’s HTCDS details as true/false columns', () => {
  const victim = indicatorCases().find((images) => images.at(-1)!.programme === 'protection' && ctdcRowOf(images.at(-1)!) !== undefined)!;
  const caseId = victim[0]!.caseId;
  const details: TraffickingDetails = {
    recruitmentMethods: ['job-offer'],
    meansOfControl: ['debt-bondage', 'withholds-documents'],
    exploitationTypes: ['labour-domestic-work'],
    recruitmentLocations: [{ country: 'CI' }],
    exploitationLocations: [{ country: 'MA', region: 'casablanca-settat' }],
    recruiterRelationship: 'acquaintance',
  };
  const assessment = (completedAt: string, trafficking?: TraffickingDetails) => ({
    caseId,
    programme: 'protection',
    completedAt,
    ...(trafficking ? { trafficking } : {}),
  });
  const rowOf = (store: MemoryIndicatorStore) => [...store.ctdc.values()];

  it('gives the case’s row the assessment’s codes whether the assessment or the case is counted first, once each', async () => {
    const caseFirst = new MemoryIndicatorStore();
    for (const image of victim) await countCase(image, caseFirst);
    expect(rowOf(caseFirst)[0]).toMatchObject({ recruitment_abduction: MISSING, countryOfExploitation: MISSING });
    expect(await countAssessment(assessment('2026-05-02T10:00:00.000Z', details), caseFirst)).toBe('applied');

    const assessmentFirst = new MemoryIndicatorStore();
    expect(await countAssessment(assessment('2026-05-02T10:00:00.000Z', details), assessmentFirst)).toBe('applied');
    expect(assessmentFirst.ctdc.size).toBe(0);
    for (const image of victim) await countCase(image, assessmentFirst);

    for (const store of [caseFirst, assessmentFirst]) {
      const [row] = rowOf(store);
      expect(row).toMatchObject({
        'recruitment_job-offer': true,
        recruitment_abduction: false,
        'meansOfControl_debt-bondage': true,
        'meansOfControl_withholds-documents': true,
        meansOfControl_threats: false,
        'exploitation_labour-domestic-work': true,
        recruiterRelation_acquaintance: true,
        recruiterRelation_stranger: false,
        countryOfExploitation: 'MA',
      });
      expect(Object.keys(row!)).toEqual(CTDC_COLUMNS);
      // Codes only: no region, no date, no id.
      expect(JSON.stringify(row)).not.toMatch(/casablanca|2026-05|[0-9a-f]{8}-/);
    }
    expect(rowOf(assessmentFirst)).toEqual(rowOf(caseFirst));
    // Counting the case's images never touched a counter differently: the counters are the same.
    expect(assessmentFirst.snapshot()).toEqual(caseFirst.snapshot());
  });

  it('ignores a redelivered or an older assessment, and a later one without trafficking sets the columns to -99', async () => {
    const store = new MemoryIndicatorStore();
    for (const image of victim) await countCase(image, store);
    await countAssessment(assessment('2026-05-02T10:00:00.000Z', details), store);
    const row = rowOf(store)[0];
    expect(await countAssessment(assessment('2026-05-02T10:00:00.000Z', details), store)).toBe('stale');
    expect(await countAssessment(assessment('2026-04-01T10:00:00.000Z'), store)).toBe('stale');
    expect(rowOf(store)[0]).toEqual(row);
    // A reassessment that records no trafficking details.
    expect(await countAssessment(assessment('2026-06-01T10:00:00.000Z'), store)).toBe('applied');
    for (const column of TRAFFICKING_COLUMNS) expect(rowOf(store)[0]![column], column).toBe(MISSING);
    // A new image of the case keeps what the latest assessment said.
    await countCase({ ...victim.at(-1)!, version: victim.at(-1)!.version + 1 }, store);
    for (const column of TRAFFICKING_COLUMNS) expect(rowOf(store)[0]![column], column).toBe(MISSING);
  });
});
