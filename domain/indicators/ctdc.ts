// The trafficking export in the shape of the Counter Trafficking Data Collaborative's public data
// (../shared/DOMAIN.md): one row per victim case, banded ages, multi-select fields flattened to
// true/false columns, missing values coded -99, and nothing that identifies anyone: no ids, no names,
// no exact dates (the year only), no free text; rows whose quasi-identifiers (age band, sex,
// citizenship, year) are shared by fewer than k rows are generalised (citizenship → -99), then
// dropped if still fewer than k.
import type { CaseRecord } from '../cases/model.ts';
import { VULNERABILITY_ORDER } from './common.ts';

export const MISSING = -99;
type Cell = string | number | boolean;

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

export const CTDC_COLUMNS: readonly string[] = [
  'yearOfRegistration',
  'dataSource',
  'gender',
  'ageBroad',
  'majorityStatus',
  'citizenship',
  ...VULNERABILITY_ORDER.map((c) => `vulnerability_${c}`),
  ...URGENT_NEEDS.map((n) => `urgentNeed_${n}`),
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

/** The case's row, or none for a case that is not a victim's. Only codes, a year, a band. */
export function ctdcRowOf(found: CaseRecord): CtdcRow | undefined {
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
  return row;
}

const quasi = (row: CtdcRow) => JSON.stringify([row.ageBroad, row.gender, row.citizenship, row.yearOfRegistration]);

/**
 * The rows that may leave the mission: each group of rows sharing age band, sex, citizenship and
 * year has at least k rows; a smaller group's citizenship is generalised to -99 (missing), and a
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
    return { ...row, citizenship: MISSING };
  });
  const second = count(step);
  const kept = step.filter((row) => (second.get(quasi(row)) ?? 0) >= k);
  const keyOf = (row: CtdcRow) => CTDC_COLUMNS.map((c) => String(row[c])).join('\u0000');
  kept.sort((a, b) => keyOf(a).localeCompare(keyOf(b)));
  return { rows: kept, generalised, dropped: rows.length - kept.length };
}
