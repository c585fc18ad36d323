// The mission's sustainability index: its own versioned instrument (SUSTAINABILITY_INDEX), scored on
// three dimensions (economic, social, psychosocial) after the approach of IOM's Reintegration
// Sustainability Survey, but NOT that survey's score: IOM's question bank and its (unequal, pilot-
// derived) weights are not ours (../shared/DOMAIN.md). Every answer is mapped to 0..1 (1 = most
// sustainable), a dimension is the mean of its answers, the overall index the weighted mean of the
// three dimensions (the weights are the instrument's configuration, equal in version 1). `sustainable`
// is the overall index at or above the instrument's documented threshold (0.5 in version 1: at least
// half way between the worst and the best answer on average); docs/indicators.md.
import * as z from 'zod';

const likert = z.number().int().min(1).max(5);

export const sustainabilitySurvey = z.strictObject({
  economic: z.strictObject({
    employment: z.enum(['employed', 'self-employed', 'studying', 'unemployed-seeking', 'unemployed-not-seeking']),
    incomeSatisfaction: likert.meta({ description: '1 very dissatisfied … 5 very satisfied' }),
    foodSecurity: likert.meta({ description: '1 often without food … 5 never' }),
    debtBurden: likert.meta({ description: '1 no debt … 5 debt impossible to repay' }),
  }),
  social: z.strictObject({
    housing: likert.meta({ description: '1 no stable housing … 5 adequate and stable' }),
    healthcareAccess: likert,
    documentationAccess: likert.meta({ description: 'identity and civil documents: 1 none … 5 all needed' }),
    childrenInSchool: z.enum(['all', 'some', 'none', 'not-applicable']),
  }),
  psychosocial: z.strictObject({
    wellbeing: likert,
    senseOfBelonging: likert,
    feelsSafe: likert,
    wishesToMigrateAgain: likert.meta({ description: '1 not at all … 5 strongly' }),
  }),
});

export type SustainabilitySurvey = z.infer<typeof sustainabilitySurvey>;

export interface SustainabilityScore {
  economic: number;
  social: number;
  psychosocial: number;
  overall: number;
  sustainable: boolean;
}

/** The instrument: a change of its questions, mapping, weights or threshold is a new version. */
export const SUSTAINABILITY_INDEX = {
  instrument: 'mission-sustainability-index',
  version: 1,
  weights: { economic: 1, social: 1, psychosocial: 1 },
  sustainableThreshold: 0.5,
} as const;

const up = (value: number) => (value - 1) / 4;
const down = (value: number) => (5 - value) / 4;
const mean = (values: number[]) => values.reduce((sum, v) => sum + v, 0) / values.length;
const round = (value: number) => Math.round(value * 100) / 100;

const employmentScore = {
  employed: 1,
  'self-employed': 1,
  studying: 0.75,
  'unemployed-seeking': 0.25,
  'unemployed-not-seeking': 0,
} as const;
const schoolingScore = { all: 1, some: 0.5, none: 0 } as const;

export function scoreSurvey(answers: SustainabilitySurvey): SustainabilityScore {
  const { economic: e, social: s, psychosocial: p } = answers;
  const economic = mean([employmentScore[e.employment], up(e.incomeSatisfaction), up(e.foodSecurity), down(e.debtBurden)]);
  const social = mean([
    up(s.housing),
    up(s.healthcareAccess),
    up(s.documentationAccess),
    ...(s.childrenInSchool === 'not-applicable' ? [] : [schoolingScore[s.childrenInSchool]]),
  ]);
  const psychosocial = mean([up(p.wellbeing), up(p.senseOfBelonging), up(p.feelsSafe), down(p.wishesToMigrateAgain)]);
  const w = SUSTAINABILITY_INDEX.weights;
  const overall = (w.economic * economic + w.social * social + w.psychosocial * psychosocial) / (w.economic + w.social + w.psychosocial);
  return {
    economic: round(economic),
    social: round(social),
    psychosocial: round(psychosocial),
    overall: round(overall),
    sustainable: overall >= SUSTAINABILITY_INDEX.sustainableThreshold,
  };
}
