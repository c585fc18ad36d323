// Protection's indicators (docs/indicators.md): referrals, people assisted by service type, services
// delivered within their timeframe.
import type { CaseRecord, CaseService } from '../cases/model.ts';
import { dayOf, daysPerStage, overdueTasks, personDims } from '../indicators/common.ts';
import type { Contribution, IndicatorDeclaration } from '../indicators/types.ts';

const isProtection = (found: CaseRecord) => found.programme === 'protection';
const delivered = (found: CaseRecord) =>
  (found.services ?? []).filter(
    (s): s is CaseService & { deliveredAt: string } => s.status === 'delivered' && typeof s.deliveredAt === 'string',
  );

export const protectionIndicators = [
  {
    id: 'protection-referrals',
    title: { fr: 'Personnes orientées', ar: 'الأشخاص المحالون', en: 'People referred' },
    unit: 'people',
    aggregation: 'count',
    periodDate: 'the referral date written in the referral form (referralDate), not the day it was received',
    filter: 'every protection case, once (its person)',
    dimensions: ['sex', 'ageGroup', 'nationality', 'vulnerability', 'partner'],
    source: 'cases',
    contributions: (found) => {
      const date = dayOf(found.facts.referralDate) ?? dayOf(found.createdAt);
      return isProtection(found) && date ? [{ indicator: 'protection-referrals', date, dims: personDims(found), value: 1 }] : [];
    },
  },
  {
    id: 'protection-people-assisted',
    title: {
      fr: 'Personnes assistées par type de service',
      ar: 'الأشخاص المستفيدون حسب نوع الخدمة',
      en: 'People assisted by service type',
    },
    unit: 'people',
    aggregation: 'count',
    periodDate: 'the day (in Morocco) the first service of that type was delivered to the person (deliveredAt)',
    filter:
      'protection cases with a delivered service: the person once per service type received (not exclusive: a person who received two types counts under each, so the types do not add up to the people)',
    dimensions: ['sex', 'ageGroup', 'nationality', 'vulnerability', 'serviceType', 'programme'],
    source: 'cases',
    limits:
      'A person is counted per case: the same person assisted in two cases (before a reopening counts as the same case) is counted twice.',
    contributions: (found) => {
      if (!isProtection(found)) return [];
      const first = new Map<string, string>();
      for (const service of delivered(found)) {
        const date = dayOf(service.deliveredAt);
        if (date && (!first.has(service.type) || date < first.get(service.type)!)) first.set(service.type, date);
      }
      return [...first].map(([serviceType, date]) => ({
        indicator: 'protection-people-assisted',
        date,
        dims: { ...personDims(found), serviceType },
        value: 1,
      }));
    },
  },
  {
    id: 'protection-services-on-time',
    title: {
      fr: 'Services délivrés dans leur délai',
      ar: 'الخدمات المقدمة في آجالها',
      en: 'Services delivered within their timeframe',
    },
    unit: 'services',
    aggregation: 'count',
    periodDate: 'the day (in Morocco) the service was delivered (deliveredAt)',
    filter:
      'each delivered service of an approved assistance plan; onTime = yes when delivered at or before its due time (its urgency counted from the plan’s approval, or its appointment day)',
    dimensions: ['onTime', 'serviceType', 'urgency', 'sex', 'ageGroup', 'vulnerability'],
    source: 'cases',
    contributions: (found) =>
      isProtection(found)
        ? delivered(found).flatMap((service): Contribution[] => {
            const date = dayOf(service.deliveredAt);
            return date
              ? [
                  {
                    indicator: 'protection-services-on-time',
                    date,
                    dims: {
                      ...personDims(found),
                      serviceType: service.type,
                      urgency: service.urgency,
                      onTime: service.deliveredAt <= service.dueAt ? 'yes' : 'no',
                    },
                    value: 1,
                  },
                ]
              : [];
          })
        : [],
  },
  daysPerStage('protection'),
  overdueTasks('protection'),
] as const satisfies readonly IndicatorDeclaration[];
