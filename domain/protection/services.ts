// Protection services: what an assistance plan is made of, how urgent each item is, and the due date
// each service's delivery takes from its urgency (Primero's response timeframes, forms/case/services.rb).

export const SERVICE_TYPES = ['medical', 'shelter', 'food', 'cash', 'non-food-items', 'psychosocial', 'legal', 'family-tracing'] as const;
export type ServiceType = (typeof SERVICE_TYPES)[number];

/** Primero's response timeframes, and a longer standard one. */
export const SERVICE_URGENCIES = ['1-hour', '3-hours', '1-day', '3-days', '2-weeks'] as const;
export type ServiceUrgency = (typeof SERVICE_URGENCIES)[number];

const HOUR = 3600 * 1000;
const DAY = 24 * HOUR;

export const URGENCY_MILLIS: Record<ServiceUrgency, number> = {
  '1-hour': HOUR,
  '3-hours': 3 * HOUR,
  '1-day': DAY,
  '3-days': 3 * DAY,
  '2-weeks': 14 * DAY,
};

/** Why a service was not delivered: a closed list, so the history holds a code, never free text. */
export const NOT_DELIVERED_REASONS = [
  'person-declined',
  'person-unreachable',
  'service-unavailable',
  'partner-unavailable',
  'no-longer-needed',
  'other',
] as const;
export type NotDeliveredReason = (typeof NOT_DELIVERED_REASONS)[number];

/** Recorded by the workflow when nobody recorded the delivery in time (not a caseworker's choice). */
export const SERVICE_TIMED_OUT = 'not-recorded-in-time';

/** The longest a service's delivery may be planned ahead (an appointment date), in days. */
export const MAX_SERVICE_LEAD_DAYS = 60;

export interface PlannedItem {
  type: ServiceType;
  urgency: ServiceUrgency;
  /** YYYY-MM-DD: the service is due at the end of that day (UTC) instead of after its timeframe. */
  appointmentDate?: string;
}

/**
 * When a service must be delivered, from its urgency counted from the plan's approval, or from its
 * appointment date (due by the end of that day) when there is one. Never before the approval.
 */
export function serviceDueAt(item: PlannedItem, approvedAt: Date): Date {
  if (item.appointmentDate) {
    const endOfDay = Date.parse(`${item.appointmentDate}T23:59:59.000Z`);
    return new Date(Math.max(endOfDay, approvedAt.getTime() + HOUR));
  }
  return new Date(approvedAt.getTime() + URGENCY_MILLIS[item.urgency]);
}
