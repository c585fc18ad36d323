// The mission's calendar: "today" is the day in Morocco (Africa/Casablanca: UTC+1, UTC+0 during
// Ramadan), not in UTC. A date a user types ("the job started today") is a Moroccan date; comparing
// it with UTC's day would refuse, between midnight and one in the morning, a date that is today.

export const MISSION_TIME_ZONE = 'Africa/Casablanca';

const formatter = new Intl.DateTimeFormat('en-CA', { timeZone: MISSION_TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' });

/** The day `now` falls on in Morocco, as `YYYY-MM-DD`. */
export function missionDate(now: Date): string {
  return formatter.format(now);
}
