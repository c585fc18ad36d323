import { describe, expect, it } from 'vitest';
import { missionDate } from '../../../domain/calendar.ts';

describe("the mission's calendar", () => {
  it('is already tomorrow in Morocco at 23:30 UTC outside Ramadan (UTC+1)', () => {
    expect(missionDate(new Date('2026-12-02T23:30:00Z'))).toBe('2026-12-03');
    expect(missionDate(new Date('2026-12-02T22:59:59Z'))).toBe('2026-12-02');
  });

  it('follows UTC during Ramadan (UTC+0 in 2026: 15 February to 22 March)', () => {
    expect(missionDate(new Date('2026-03-01T23:30:00Z'))).toBe('2026-03-01');
  });
});
