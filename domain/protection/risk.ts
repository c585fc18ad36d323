// The risk level of a protection case. At intake, before anyone has read the referral, a provisional
// level is derived from its facts; it sets how soon the registration must be done (Primero flags an
// unassigned high-risk case after 1 to 3 hours). The caseworker confirms or changes it.

export const RISK_LEVELS = ['high', 'medium', 'low'] as const;
export type RiskLevel = (typeof RISK_LEVELS)[number];

const HOUR = 3600 * 1000;

/** How long the registration may wait, by provisional risk. */
export const REGISTRATION_WINDOW_MILLIS: Record<RiskLevel, number> = {
  high: 3 * HOUR,
  medium: 24 * HOUR,
  low: 3 * 24 * HOUR,
};

/**
 * High: an unaccompanied or separated child, a victim of trafficking, or an urgent medical need.
 * Medium: any other urgent need, a child, an elderly or medical case. Low: anything else.
 */
export function provisionalRisk(facts: Record<string, unknown>): RiskLevel {
  const category = facts.vulnerabilityCategory;
  const urgentNeeds = Array.isArray(facts.urgentNeeds) ? (facts.urgentNeeds as unknown[]) : [];
  if (category === 'unaccompanied-or-separated-child' || category === 'victim-of-trafficking' || urgentNeeds.includes('medical')) {
    return 'high';
  }
  if (urgentNeeds.length > 0 || facts.isChild === true || category === 'elderly' || category === 'medical') return 'medium';
  return 'low';
}

export function registrationDueAt(risk: RiskLevel, openedAt: Date): Date {
  return new Date(openedAt.getTime() + REGISTRATION_WINDOW_MILLIS[risk]);
}
