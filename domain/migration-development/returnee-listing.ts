// Qualified nationals waiting for an opportunity, as matching reads them for a job offer (docs/workflows/
// migration-development.md, "Matching"): one listing per open `skilled-return` case at stage
// `opportunity` not yet matched to a need, by sector, written and removed by the case store in the
// case's own transaction (as the needs' listing is), so that it never lists a case that left the
// stage, closed or was matched. Ids, codes, numbers and dates only. The ranking of a job offer's
// returnees is here too: pure, its rule written down in the doc.
import type { CaseRecord } from '../cases/model.ts';
import type { Reason } from './register.ts';

export const RETURNEE_AVAILABLE_STAGE = 'opportunity';

/** What the returnee's listing holds: what ranking and the shortlist's context need. */
export interface ReturneeListing {
  caseId: string;
  reference: string;
  sector: string;
  regionOfReturn: string;
  experienceYears: number;
  highestDegree?: string;
  supportNeeded: string[];
  /** When the case reached the stage (the listing's write). */
  reachedAt: string;
}

/** `facts.matchedNeed` on a returnee's case once matching confirmed them for a job offer. */
export interface MatchedNeed {
  needCaseId: string;
  needReference: string;
  confirmedOn: string;
}

/** The listing of a case while it is listed (without when it reached the stage: the store adds it). */
export function returneeListingOf(
  record: Pick<CaseRecord, 'caseId' | 'reference' | 'caseType' | 'status' | 'stage' | 'facts'>,
): Omit<ReturneeListing, 'reachedAt'> | undefined {
  const f = record.facts;
  if (record.caseType !== 'skilled-return' || record.status !== 'open' || record.stage !== RETURNEE_AVAILABLE_STAGE) return undefined;
  if (f.matchedNeed !== undefined || typeof f.sector !== 'string') return undefined;
  return {
    caseId: record.caseId,
    reference: record.reference,
    sector: f.sector,
    regionOfReturn: typeof f.regionOfReturn === 'string' ? f.regionOfReturn : '',
    experienceYears: typeof f.experienceYears === 'number' ? f.experienceYears : 0,
    ...(typeof f.highestDegree === 'string' ? { highestDegree: f.highestDegree } : {}),
    supportNeeded: Array.isArray(f.supportNeeded) ? (f.supportNeeded as unknown[]).filter((s) => typeof s === 'string') : [],
  };
}

/** Reads the listings of one sector (a Query of its partition, never a Scan), at most `max`. */
export interface ReturneeIndex {
  returneesOfSector(sector: string, max: number): Promise<ReturneeListing[]>;
}

/** The region (domain/forms/fields.ts MOROCCAN_REGIONS) of each city a need may name. */
export const REGION_OF_CITY: Record<string, string> = {
  rabat: 'rabat-sale-kenitra',
  sale: 'rabat-sale-kenitra',
  casablanca: 'casablanca-settat',
  tangier: 'tanger-tetouan-al-hoceima',
  tetouan: 'tanger-tetouan-al-hoceima',
  oujda: 'oriental',
  nador: 'oriental',
  fes: 'fes-meknes',
  meknes: 'fes-meknes',
  marrakech: 'marrakech-safi',
  agadir: 'souss-massa',
  laayoune: 'laayoune-sakia-el-hamra',
  dakhla: 'dakhla-oued-ed-dahab',
  'beni-mellal': 'beni-mellal-khenifra',
};

/** Points of each criterion (docs/workflows/migration-development.md, "Matching"). */
export const RETURNEE_POINTS = { sector: 10, region: 30, jobPlacement: 20, experienceCap: 20 } as const;

export interface RankedReturnee {
  caseId: string;
  score: number;
  reasons: Reason[];
}

/**
 * A job offer's returnees, best first: the sector (required: the listing's partition), the region
 * of return when it is the region of the need's city (an on-site or hybrid post), wanting a job
 * placement, then a year of experience a point (at most 20); ties go to whoever waited longest, then
 * to the case id.
 */
export function rankReturnees(
  need: { sector: string; mode: string; missionCity?: string },
  listings: ReturneeListing[],
  limit: number,
): RankedReturnee[] {
  const region = need.mode !== 'remote' && need.missionCity ? REGION_OF_CITY[need.missionCity] : undefined;
  return listings
    .filter((l) => l.sector === need.sector)
    .map((l) => {
      const reasons: Reason[] = [{ criterion: 'sector', value: l.sector }];
      let score = RETURNEE_POINTS.sector;
      if (region !== undefined && l.regionOfReturn === region) {
        score += RETURNEE_POINTS.region;
        reasons.push({ criterion: 'region', value: region });
      }
      if (l.supportNeeded.includes('job-placement')) {
        score += RETURNEE_POINTS.jobPlacement;
        reasons.push({ criterion: 'support', value: 'job-placement' });
      }
      const years = Math.max(0, Math.min(RETURNEE_POINTS.experienceCap, Math.trunc(l.experienceYears)));
      score += years;
      reasons.push({ criterion: 'experience', value: String(l.experienceYears) });
      return { listing: l, ranked: { caseId: l.caseId, score, reasons } };
    })
    .sort(
      (a, b) =>
        b.ranked.score - a.ranked.score ||
        a.listing.reachedAt.localeCompare(b.listing.reachedAt) ||
        a.listing.caseId.localeCompare(b.listing.caseId),
    )
    .slice(0, limit)
    .map((x) => x.ranked);
}
