import { describe, expect, it } from 'vitest';
import { nodeMoroccoOffset } from '../../../scripts/morocco-offsets.ts';
import { formatWhen, moroccoOffset } from '../../../web/src/i18n.ts';
import { MOROCCO_OFFSETS_UNTIL } from '../../../web/src/morocco-offsets.ts';

// The console writes instants in Morocco's time from a table generated from Node's tz data, not
// from the browser's copy (Debian's chromium 156 has Morocco at UTC+0 from 20 September 2026 on).

describe("Morocco's time in the console", () => {
  it('the table gives Node’s offset at every hour of every year it covers (regenerate it when this fails)', () => {
    const from = Date.UTC(2019, 0, 1);
    for (let t = from; t < MOROCCO_OFFSETS_UNTIL; t += 3_600_000) {
      if (moroccoOffset(t) !== nodeMoroccoOffset(t))
        throw new Error(`${new Date(t).toISOString()}: table ${moroccoOffset(t)}, Node ${nodeMoroccoOffset(t)}`);
    }
  });

  it('writes a due time as Morocco’s wall clock shows it, Ramadan (UTC+0) and the rest of the year (UTC+1)', () => {
    expect(formatWhen('2026-12-08T08:00:00Z', 'fr')).toBe('8 déc. 2026, 09:00');
    expect(formatWhen('2026-03-01T08:00:00Z', 'fr')).toBe('1 mars 2026, 08:00');
    expect(formatWhen('2026-12-08T23:30:00Z', 'en')).toBe('Dec 9, 2026, 12:30 AM');
    // Outside the table, the browser's own data.
    expect(formatWhen('2050-12-08T08:00:00Z', 'fr')).toBe(
      new Intl.DateTimeFormat('fr', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Africa/Casablanca' }).format(
        new Date('2050-12-08T08:00:00Z'),
      ),
    );
  });
});
