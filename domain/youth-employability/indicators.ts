// Youth employability's indicators (docs/indicators.md): youth enrolled by track, completing a track,
// placed in a job kept at 90 days and back in school at the 3- and 6-month follow-ups, and the
// associations' capacity change per domain.
import type { CaseRecord } from '../cases/model.ts';
import { dayOf, daysPerStage, hundredths, overdueTasks, personDims } from '../indicators/common.ts';
import type { Contribution, IndicatorDeclaration } from '../indicators/types.ts';
import type { YouthFacts } from './youth-case-actions.ts';

const youthOf = (found: CaseRecord): YouthFacts | undefined =>
  found.caseType === 'youth-enrolment' ? ((found.facts.youth as YouthFacts | undefined) ?? {}) : undefined;
const trackOf = (found: CaseRecord, youth: YouthFacts) =>
  youth.orientation?.track ?? (typeof found.facts.track === 'string' ? found.facts.track : 'unknown');

function followUpContributions(
  indicator: string,
  found: CaseRecord,
  counts: (followUp: NonNullable<YouthFacts['followUps']>[string]) => boolean,
): Contribution[] {
  const youth = youthOf(found);
  if (!youth) return [];
  return Object.entries(youth.followUps ?? {}).flatMap(([followUp, record]): Contribution[] => {
    const date = dayOf(record.recordedOn);
    return date && counts(record)
      ? [{ indicator, date, dims: { ...personDims(found), followUp, track: trackOf(found, youth) }, value: 1 }]
      : [];
  });
}

export const youthIndicators = [
  {
    id: 'youth-people-assisted',
    title: { fr: 'Jeunes inscrits par parcours', ar: 'الشباب المسجلون حسب المسار', en: 'Youth enrolled by track' },
    unit: 'people',
    aggregation: 'count',
    periodDate: 'the enrolment date written in the enrolment form (enrolmentDate)',
    filter: 'every youth-enrolment case, once; service type = the track (chosen at orientation, else the one preferred at enrolment)',
    dimensions: ['sex', 'ageGroup', 'nationality', 'serviceType', 'partner', 'programme'],
    source: 'cases',
    contributions: (found) => {
      const youth = youthOf(found);
      const date = dayOf(found.facts.enrolmentDate);
      return youth && date
        ? [{ indicator: 'youth-people-assisted', date, dims: { ...personDims(found), serviceType: trackOf(found, youth) }, value: 1 }]
        : [];
    },
  },
  {
    id: 'youth-track-completed',
    title: { fr: 'Jeunes ayant terminé un parcours', ar: 'الشباب الذين أتموا مسارا', en: 'Youth completing a track' },
    unit: 'people',
    aggregation: 'count',
    periodDate: 'the exit date entered at the exit step (exit.date)',
    filter: 'youth-enrolment cases whose exit outcome is completed (dropped-out is not counted)',
    dimensions: ['sex', 'ageGroup', 'nationality', 'track', 'partner'],
    source: 'cases',
    contributions: (found) => {
      const youth = youthOf(found);
      const date = dayOf(youth?.exit?.date);
      return youth && date && youth.exit?.outcome === 'completed'
        ? [{ indicator: 'youth-track-completed', date, dims: { ...personDims(found), track: trackOf(found, youth) }, value: 1 }]
        : [];
    },
  },
  {
    id: 'youth-job-kept-90-days',
    title: { fr: 'Jeunes en emploi conservé 90 jours', ar: 'الشباب في عمل محتفظ به 90 يوما', en: 'Youth placed in a job kept at 90 days' },
    unit: 'people',
    aggregation: 'count',
    periodDate: 'the day the follow-up was recorded (followUps[…].recordedOn, a day in Morocco)',
    filter:
      'each follow-up (follow-up-3, follow-up-6) finding the young person employed since their enrolment for at least 90 days (jobKeptAt90Days); a person found at both follow-ups counts at each (by followUp)',
    dimensions: ['followUp', 'sex', 'ageGroup', 'track', 'partner'],
    source: 'cases',
    contributions: (found) => followUpContributions('youth-job-kept-90-days', found, (f) => f.jobKeptAt90Days === true),
  },
  {
    id: 'youth-back-in-school',
    title: { fr: 'Jeunes retournés aux études', ar: 'الشباب العائدون إلى الدراسة', en: 'Youth back in school or training' },
    unit: 'people',
    aggregation: 'count',
    periodDate: 'the day the follow-up was recorded (followUps[…].recordedOn)',
    filter:
      'each follow-up finding the young person studying, who was not in education at enrolment (employmentStatus other than in-education)',
    dimensions: ['followUp', 'sex', 'ageGroup', 'track', 'partner'],
    source: 'cases',
    contributions: (found) =>
      found.facts.employmentStatus === 'in-education'
        ? []
        : followUpContributions('youth-back-in-school', found, (f) => f.outcome === 'reached' && f.status === 'studying'),
  },
  {
    id: 'association-capacity-change',
    title: {
      fr: 'Évolution des capacités des associations par domaine',
      ar: 'تطور قدرات الجمعيات حسب المجال',
      en: 'Associations’ capacity change per domain',
    },
    unit: 'cases',
    aggregation: 'distribution',
    valueUnit: 'hundredths of a point of the domain’s mean score (1 to 4): reassessment − baseline, on the baseline’s instrument',
    periodDate: 'the reassessment date entered at the reassessment step (capacityReassessment.assessmentDate)',
    filter: 'association-capacity cases with a reassessment: one value per domain compared',
    dimensions: ['capacityDomain', 'partner'],
    source: 'cases',
    contributions: (found) => {
      const reassessment = found.facts.capacityReassessment as { assessmentDate?: string } | undefined;
      const comparison = found.facts.capacityComparison as { domain: string; change: number }[] | undefined;
      const date = dayOf(reassessment?.assessmentDate);
      if (found.caseType !== 'association-capacity' || !date || !Array.isArray(comparison)) return [];
      return comparison.map((c) => ({
        indicator: 'association-capacity-change',
        date,
        dims: { partner: personDims(found).partner!, capacityDomain: c.domain },
        value: hundredths(c.change),
      }));
    },
  },
  daysPerStage('youth-employability'),
  overdueTasks('youth-employability'),
] as const satisfies readonly IndicatorDeclaration[];
