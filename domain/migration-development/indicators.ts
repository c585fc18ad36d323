// Migration and development's indicators (docs/indicators.md): qualified nationals' applications and
// the diaspora experts' assignments completed.
import type { CaseRecord } from '../cases/model.ts';
import { dayOf, daysPerStage, overdueTasks, personDims } from '../indicators/common.ts';
import type { IndicatorDeclaration } from '../indicators/types.ts';
import type { AssignmentFacts } from './assignment-case-actions.ts';

const sectorOf = (found: CaseRecord): string => {
  const need = found.facts.need as { sector?: unknown } | undefined;
  const sector = need?.sector ?? found.facts.sector;
  return typeof sector === 'string' ? sector : 'unknown';
};

export const migrationDevelopmentIndicators = [
  {
    id: 'migration-development-people-assisted',
    title: {
      fr: 'Personnes assistées (retour des compétences)',
      ar: 'الأشخاص المستفيدون (عودة الكفاءات)',
      en: 'People assisted (skilled return)',
    },
    unit: 'people',
    aggregation: 'count',
    periodDate: 'the declaration date written in the application (declarationDate)',
    filter: 'every skilled-return case (a qualified national applying to come back), once, under service type skilled-return',
    dimensions: ['sex', 'ageGroup', 'nationality', 'serviceType', 'programme'],
    source: 'cases',
    limits: 'Diaspora experts are counted by their assignments (below), not as people assisted: they assist, they are not assisted.',
    contributions: (found) => {
      const date = dayOf(found.facts.declarationDate) ?? dayOf(found.createdAt);
      return found.caseType === 'skilled-return' && date
        ? [
            {
              indicator: 'migration-development-people-assisted',
              date,
              dims: { ...personDims(found), serviceType: 'skilled-return' },
              value: 1,
            },
          ]
        : [];
    },
  },
  {
    id: 'diaspora-assignments-completed',
    title: { fr: 'Missions d’experts de la diaspora terminées', ar: 'مهام خبراء الجالية المنجزة', en: 'Diaspora assignments completed' },
    unit: 'events',
    aggregation: 'count',
    periodDate: 'the end date entered when the assignment ended (assignment.endedOn)',
    filter: 'host-need cases whose expert assignment ended as completed (ended early is not counted)',
    dimensions: ['sector'],
    source: 'cases',
    limits: 'The expert’s sex, age and nationality are on the expert’s own case, not on the need’s: not disaggregated by them.',
    contributions: (found) => {
      const assignment = found.facts.assignment as AssignmentFacts | undefined;
      const date = dayOf(assignment?.endedOn);
      return found.caseType === 'host-need' && date && assignment?.end === 'completed'
        ? [{ indicator: 'diaspora-assignments-completed', date, dims: { sector: sectorOf(found) }, value: 1 }]
        : [];
    },
  },
  daysPerStage('migration-development'),
  overdueTasks('migration-development'),
] as const satisfies readonly IndicatorDeclaration[];
