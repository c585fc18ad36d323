// The trafficking export in the shape of the Counter Trafficking Data Collaborative's public data
// (../shared/DOMAIN.md): one row per victim case, banded ages, multi-select fields flattened to
// true/false columns, missing values coded -99, and nothing that identifies anyone: no ids, no names,
// no exact dates (the year only), no free text; rows whose quasi-identifiers (age band, sex,
// citizenship, country of exploitation, year) are shared by fewer than k rows are generalised
// (citizenship and country of exploitation → -99), then dropped if still fewer than k.
import type { CaseRecord } from '../cases/model.ts';
import {
  EXPLOITATION_TYPES,
  MEANS_OF_CONTROL,
  RECRUITER_RELATIONSHIPS,
  RECRUITMENT_METHODS,
  type TraffickingDetails,
} from '../protection/trafficking.ts';
import { VULNERABILITY_ORDER } from './common.ts';

export const MISSING = -99;
export type CtdcCell = string | number | boolean;
type Cell = CtdcCell;

/** The multi-select fields the case's facts hold for a victim, flattened to true/false columns. */
const URGENT_NEEDS = ['medical', 'shelter', 'food', 'psychosocial', 'legal'] as const;

/** One row as the consumer keeps it (item `CTDC#{year}`): already de-identified. */
export interface CtdcRow {
  yearOfRegistration: number;
  dataSource: string;
  gender: string | number;
  ageBroad: string | number;
  majorityStatus: string | number;
  citizenship: string | number;
  [flag: string]: Cell;
}

/**
 * HTCDS's trafficking details as the assessment recorded them (on its task, codes only), flattened:
 * one true/false column per recruitment method, means of control, type of exploitation and
 * relationship to the recruiter, and the country of exploitation (the first the assessment lists; a
 * country code, never a region).
 */
export const TRAFFICKING_COLUMNS: readonly string[] = [
  ...RECRUITMENT_METHODS.map((code) => `recruitment_${code}`),
  ...MEANS_OF_CONTROL.map((code) => `meansOfControl_${code}`),
  ...EXPLOITATION_TYPES.map((code) => `exploitation_${code}`),
  ...RECRUITER_RELATIONSHIPS.map((code) => `recruiterRelation_${code}`),
  'countryOfExploitation',
];

/** The trafficking columns of a victim's row: from the latest assessment's details, or all -99 when none was recorded. */
export function traffickingColumns(details: TraffickingDetails | undefined): Record<string, Cell> {
  if (!details) return Object.fromEntries(TRAFFICKING_COLUMNS.map((column) => [column, MISSING]));
  return {
    ...Object.fromEntries(RECRUITMENT_METHODS.map((code) => [`recruitment_${code}`, details.recruitmentMethods.includes(code)])),
    ...Object.fromEntries(MEANS_OF_CONTROL.map((code) => [`meansOfControl_${code}`, details.meansOfControl.includes(code)])),
    ...Object.fromEntries(EXPLOITATION_TYPES.map((code) => [`exploitation_${code}`, details.exploitationTypes.includes(code)])),
    ...Object.fromEntries(RECRUITER_RELATIONSHIPS.map((code) => [`recruiterRelation_${code}`, details.recruiterRelationship === code])),
    countryOfExploitation: details.exploitationLocations[0]?.country ?? MISSING,
  };
}

export const CTDC_COLUMNS: readonly string[] = [
  'yearOfRegistration',
  'dataSource',
  'gender',
  'ageBroad',
  'majorityStatus',
  'citizenship',
  ...VULNERABILITY_ORDER.map((c) => `vulnerability_${c}`),
  ...URGENT_NEEDS.map((n) => `urgentNeed_${n}`),
  ...TRAFFICKING_COLUMNS,
];

const categoriesOf = (facts: Record<string, unknown>): string[] => {
  const listed = [facts.vulnerabilityCategories, facts.vulnerabilities].find(Array.isArray) as unknown[] | undefined;
  const values = listed ?? (typeof facts.vulnerabilityCategory === 'string' ? [facts.vulnerabilityCategory] : []);
  return values.filter((v): v is string => typeof v === 'string');
};

/** Whether the case is a victim of trafficking's (assessed, declared or referred as one). */
export function isVictimCase(found: CaseRecord): boolean {
  return (found.programme === 'protection' || found.programme === 'avrr') && categoriesOf(found.facts).includes('victim-of-trafficking');
}

/**
 * The case's row, or none for a case that is not a victim's. Only codes, a year, a band.
 * `trafficking`: the trafficking columns the consumer keeps from the case's latest assessment
 * (`traffickingColumns`); -99 each when the case has none (an AVRR applicant, an assessment to come).
 */
export function ctdcRowOf(found: CaseRecord, trafficking?: Record<string, Cell>): CtdcRow | undefined {
  if (!isVictimCase(found)) return undefined;
  const f = found.facts;
  const registered =
    typeof f.referralDate === 'string' ? f.referralDate : typeof f.declarationDate === 'string' ? f.declarationDate : found.createdAt;
  const year = Number(registered.slice(0, 4));
  const categories = categoriesOf(f);
  const needs = Array.isArray(f.urgentNeeds) ? (f.urgentNeeds as unknown[]) : undefined;
  const ageGroup = typeof f.ageGroup === 'string' ? f.ageGroup : undefined;
  const row: CtdcRow = {
    yearOfRegistration: year,
    dataSource: found.programme === 'protection' ? 'Case Management' : 'AVRR',
    gender: f.sex === 'female' ? 'Female' : f.sex === 'male' ? 'Male' : MISSING,
    ageBroad: ageGroup ?? MISSING,
    majorityStatus: f.isChild === true ? 'Minor' : f.isChild === false ? 'Adult' : MISSING,
    citizenship: typeof f.nationality === 'string' ? f.nationality : MISSING,
  };
  for (const category of VULNERABILITY_ORDER) row[`vulnerability_${category}`] = categories.includes(category);
  // Asked of protection referrals only: missing (-99) for an AVRR case.
  for (const need of URGENT_NEEDS) row[`urgentNeed_${need}`] = needs ? needs.includes(need) : MISSING;
  return withTrafficking(row, trafficking);
}

/** The row with the trafficking columns given (or all -99). */
export function withTrafficking(row: CtdcRow, trafficking: Record<string, Cell> | undefined): CtdcRow {
  const columns = trafficking ?? traffickingColumns(undefined);
  const out: CtdcRow = { ...row };
  for (const column of TRAFFICKING_COLUMNS) out[column] = columns[column] ?? MISSING;
  return out;
}

const quasi = (row: CtdcRow) =>
  JSON.stringify([row.ageBroad, row.gender, row.citizenship, row.countryOfExploitation ?? MISSING, row.yearOfRegistration]);

/**
 * The rows that may leave the mission: each group of rows sharing age band, sex, citizenship, country
 * of exploitation and year has at least k rows; a smaller group's citizenship and country of
 * exploitation are generalised to -99 (missing), and a
 * group still smaller than k after that is dropped. Sorted by the columns, so the order tells
 * nothing of when a case was recorded.
 */
export function ctdcExport(rows: readonly CtdcRow[], k: number): { rows: CtdcRow[]; generalised: number; dropped: number } {
  const count = (list: readonly CtdcRow[]) => {
    const sizes = new Map<string, number>();
    for (const row of list) sizes.set(quasi(row), (sizes.get(quasi(row)) ?? 0) + 1);
    return sizes;
  };
  const first = count(rows);
  let generalised = 0;
  const step = rows.map((row) => {
    if ((first.get(quasi(row)) ?? 0) >= k) return row;
    generalised++;
    return { ...row, citizenship: MISSING, countryOfExploitation: MISSING };
  });
  const second = count(step);
  const kept = step.filter((row) => (second.get(quasi(row)) ?? 0) >= k);
  const keyOf = (row: CtdcRow) => CTDC_COLUMNS.map((c) => String(row[c])).join('\u0000');
  kept.sort((a, b) => keyOf(a).localeCompare(keyOf(b)));
  return { rows: kept, generalised, dropped: rows.length - kept.length };
}
