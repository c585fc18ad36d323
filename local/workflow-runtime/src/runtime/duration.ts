const DURATION =
  /^P(?!$)(?:(\d+(?:\.\d+)?)Y)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)W)?(?:(\d+(?:\.\d+)?)D)?(?:T(?=\d)(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$/;

/**
 * Adds an ISO-8601 duration ('P90D', 'PT2H', 'P1Y2M3DT4H5M6S') to a date. Years and months are
 * calendar units in UTC (Jan 31 + P1M clamps to the month's last day, as case deadlines expect);
 * weeks, days and the time part are fixed lengths.
 */
export function addIsoDuration(from: Date, duration: string): Date {
  const match = DURATION.exec(duration.trim());
  if (!match) throw new RangeError(`Not an ISO-8601 duration: ${duration}`);
  const num = (i: number): number => {
    const text = match[i];
    return text === undefined ? 0 : Number(text);
  };
  const [years, months, weeks, days, hours, minutes, seconds] = [num(1), num(2), num(3), num(4), num(5), num(6), num(7)];
  if (!Number.isInteger(years) || !Number.isInteger(months)) {
    throw new RangeError(`Fractional years or months are ambiguous: ${duration}`);
  }
  const d = new Date(from.getTime());
  if (years !== 0 || months !== 0) {
    const day = d.getUTCDate();
    d.setUTCDate(1);
    d.setUTCFullYear(d.getUTCFullYear() + years, d.getUTCMonth() + months, 1);
    const lastDay = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
    d.setUTCDate(Math.min(day, lastDay));
  }
  const ms = ((((weeks * 7 + days) * 24 + hours) * 60 + minutes) * 60 + seconds) * 1000;
  return new Date(d.getTime() + Math.round(ms));
}
