// AVRR's indicators (docs/indicators.md): applications, people assisted, returns by destination
// country, check-in completion and the mission's sustainability index per dimension.
import type { CaseRecord } from '../cases/model.ts';
import { dayOf, daysPerStage, hundredths, overdueTasks, personDims } from '../indicators/common.ts';
import type { Contribution, IndicatorDeclaration } from '../indicators/types.ts';
import { SUSTAINABILITY_INDEX } from './survey.ts';

const isAvrr = (found: CaseRecord) => found.programme === 'avrr';
const destination = (found: CaseRecord) => (typeof found.facts.countryOfReturn === 'string' ? found.facts.countryOfReturn : 'unknown');

export const avrrIndicators = [
  {
    id: 'avrr-applications',
    title: { fr: 'Demandes d’aide au retour', ar: 'طلبات المساعدة على العودة', en: 'AVRR applications' },
    unit: 'cases',
    aggregation: 'count',
    periodDate: 'the declaration date written in the application (declarationDate), not the day it was received',
    filter: 'every AVRR case, once',
    dimensions: ['sex', 'ageGroup', 'nationality', 'vulnerability', 'destinationCountry', 'partner'],
    source: 'cases',
    contributions: (found) => {
      const date = dayOf(found.facts.declarationDate) ?? dayOf(found.createdAt);
      return isAvrr(found) && date
        ? [{ indicator: 'avrr-applications', date, dims: { ...personDims(found), destinationCountry: destination(found) }, value: 1 }]
        : [];
    },
  },
  {
    id: 'avrr-people-assisted',
    title: {
      fr: 'Personnes assistées (retour volontaire)',
      ar: 'الأشخاص المستفيدون (العودة الطوعية)',
      en: 'People assisted (voluntary return)',
    },
    unit: 'people',
    aggregation: 'count',
    periodDate: 'the day the person left, as the caseworker entered it (departedOn), not the day it was recorded',
    filter: 'AVRR cases whose departure is recorded: the applicant, once, under service type voluntary-return',
    dimensions: ['sex', 'ageGroup', 'nationality', 'vulnerability', 'serviceType', 'programme'],
    source: 'cases',
    limits:
      'Counts the applicant only: family members travelling with them are a count on the case (familyMemberCount) without their sex or age, which stay on their person items.',
    contributions: (found) => {
      const date = dayOf(found.departedOn);
      return isAvrr(found) && date
        ? [{ indicator: 'avrr-people-assisted', date, dims: { ...personDims(found), serviceType: 'voluntary-return' }, value: 1 }]
        : [];
    },
  },
  {
    id: 'avrr-returns',
    title: { fr: 'Retours par pays de destination', ar: 'العودة حسب بلد الوجهة', en: 'Returns by destination country' },
    unit: 'cases',
    aggregation: 'count',
    periodDate: 'the day the person left, as the caseworker entered it (departedOn)',
    filter: 'AVRR cases whose departure is recorded, once each',
    dimensions: ['destinationCountry', 'nationality', 'sex', 'ageGroup', 'vulnerability'],
    source: 'cases',
    contributions: (found) => {
      const date = dayOf(found.departedOn);
      return isAvrr(found) && date
        ? [{ indicator: 'avrr-returns', date, dims: { ...personDims(found), destinationCountry: destination(found) }, value: 1 }]
        : [];
    },
  },
  {
    id: 'avrr-check-ins',
    title: { fr: 'Suivis de réintégration par issue', ar: 'متابعات إعادة الإدماج حسب النتيجة', en: 'Reintegration check-ins by outcome' },
    unit: 'events',
    aggregation: 'count',
    periodDate:
      'the day (in Morocco) the check-in was recorded (checkIns[name].at): the caseworker records it the day it happens, no other date is entered',
    filter: 'each check-in recorded on an AVRR case (checkin-3, checkin-6, checkin-12); completion = outcome completed over all',
    dimensions: ['checkIn', 'outcome', 'destinationCountry', 'sex', 'ageGroup'],
    source: 'cases',
    contributions: (found) =>
      isAvrr(found)
        ? Object.entries(found.checkIns ?? {}).flatMap(([checkIn, record]): Contribution[] => {
            const date = dayOf(record.at);
            return date
              ? [
                  {
                    indicator: 'avrr-check-ins',
                    date,
                    dims: { ...personDims(found), checkIn, outcome: record.outcome, destinationCountry: destination(found) },
                    value: 1,
                  },
                ]
              : [];
          })
        : [],
  },
  {
    id: 'avrr-sustainability-index',
    title: {
      fr: 'Indice de durabilité de la mission, par dimension',
      ar: 'مؤشر الاستدامة الخاص بالبعثة، حسب البعد',
      en: 'Mission sustainability index, by dimension',
    },
    unit: 'events',
    aggregation: 'distribution',
    valueUnit: `hundredths of the mission's sustainability index (instrument ${SUSTAINABILITY_INDEX.instrument} version ${SUSTAINABILITY_INDEX.version}, 0 to 100): not IOM's Reintegration Sustainability Survey score`,
    periodDate: 'the day (in Morocco) the completed check-in was recorded',
    filter: 'each completed check-in with a score: one value per dimension (economic, social, psychosocial) and the overall index',
    dimensions: ['scoreDimension', 'checkIn', 'destinationCountry', 'sex', 'ageGroup'],
    source: 'cases',
    contributions: (found) =>
      isAvrr(found)
        ? Object.entries(found.checkIns ?? {}).flatMap(([checkIn, record]): Contribution[] => {
            const date = dayOf(record.at);
            const score = record.score;
            if (!date || !score) return [];
            return (['economic', 'social', 'psychosocial', 'overall'] as const).map((scoreDimension) => ({
              indicator: 'avrr-sustainability-index',
              date,
              dims: { ...personDims(found), checkIn, scoreDimension, destinationCountry: destination(found) },
              value: hundredths(score[scoreDimension]),
            }));
          })
        : [],
  },
  daysPerStage('avrr'),
  overdueTasks('avrr'),
] as const satisfies readonly IndicatorDeclaration[];
