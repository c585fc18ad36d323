// What an indicator is (DHIS2's program indicators, ../shared/DOMAIN.md): what it counts (its unit),
// which date places it in a period, its filter, its aggregation and the disaggregations it allows.
// Each is declared once, in its programme's declaration (`indicators`), with the pure function that
// computes a case's contributions from the case item: the stream consumer keeps counters from them
// (functions/maintain-indicators), GET /indicators reads the counters. No AWS import here.
import type { Localized } from '../i18n/index.ts';
import type { CaseRecord } from '../cases/model.ts';

/** What one unit of the figure is: a person, a case, a service delivered, an event (a check-in, a stage left). */
export const INDICATOR_UNITS = ['people', 'cases', 'services', 'events'] as const;
export type IndicatorUnit = (typeof INDICATOR_UNITS)[number];

/**
 * `count`: the sum of the contributions; `median`: the median of their values (with their count);
 * `distribution`: how many contributions took each value (with the median and the count).
 */
export const AGGREGATIONS = ['count', 'median', 'distribution'] as const;
export type Aggregation = (typeof AGGREGATIONS)[number];

/**
 * The disaggregations: the (sex, age group, nationality, vulnerability category, programme,
 * stage, partner association) and the indicator-specific ones (service type, destination country…).
 * Values are codes from the case's facts, never free text; a missing value is `unknown`.
 */
export const DIMENSIONS = [
  'sex',
  'ageGroup',
  'nationality',
  'vulnerability',
  'programme',
  'stage',
  'partner',
  'serviceType',
  'urgency',
  'onTime',
  'destinationCountry',
  'checkIn',
  'outcome',
  'scoreDimension',
  'followUp',
  'track',
  'capacityDomain',
  'sector',
  'team',
] as const;
export type Dimension = (typeof DIMENSIONS)[number];

export const UNKNOWN = 'unknown';

/** One contribution of a case to an indicator: counted on `date` (a day in Morocco, YYYY-MM-DD) under its dimension values. */
export interface Contribution {
  indicator: string;
  date: string;
  dims: Partial<Record<Dimension, string>>;
  /**
   * For `median` and `distribution`: the value (an integer: days, or a score in hundredths). For
   * `count`: how many units (1 unless the declaration says otherwise).
   */
  value: number;
}

interface IndicatorBase {
  /** Kebab-case, unique across programmes. */
  readonly id: string;
  readonly title: Localized;
  readonly unit: IndicatorUnit;
  readonly aggregation: Aggregation;
  /** Which date places a contribution in a period, written down (the day entered, not the day recorded, where there is one). */
  readonly periodDate: string;
  /** Which cases and which of their records count, in words. */
  readonly filter: string;
  /** The disaggregations allowed (a request for another one answers the figure without that split). */
  readonly dimensions: readonly Dimension[];
  /** What the value of a median or distribution is, in words (days, hundredths of a score…). */
  readonly valueUnit?: string;
  /** What the programme's data does not hold for this indicator, said rather than faked. */
  readonly limits?: string;
}

/** An indicator kept by the stream consumer from each case's contributions. */
export interface CaseIndicator extends IndicatorBase {
  readonly source: 'cases';
  /** The case's contributions, as it stands: pure, from the case item alone. */
  readonly contributions: (found: CaseRecord) => Contribution[];
}

/** An indicator of time-dependent state read when asked from an index built for it (overdue tasks: the queues by due date). */
export interface LiveIndicator extends IndicatorBase {
  readonly source: 'open-tasks';
}

/**
 * Days a case spent at each stage: kept by the consumer from the stage each new image of the case
 * shows (domain/indicators/stages.ts), since the case item holds only the stage it is at now.
 */
export interface StageIndicator extends IndicatorBase {
  readonly source: 'stage-changes';
}

export type IndicatorDeclaration = CaseIndicator | LiveIndicator | StageIndicator;
