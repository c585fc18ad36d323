// The indicators' configuration, read once at cold start (a bad value fails it, not a request).

/** INDICATOR_SMALL_CELL_THRESHOLD: cells from 1 to threshold − 1 are suppressed for anyone outside the mission (default 5). */
export function smallCellThreshold(value: string | undefined): number {
  if (value === undefined) return 5;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 2 || n > 100)
    throw new Error(`INDICATOR_SMALL_CELL_THRESHOLD must be an integer from 2 to 100: ${value}`);
  return n;
}

/**
 * INDICATOR_AGE_BANDS: the reporting age bands, as a JSON map from the bands stored on cases
 * (0-17, 15-17, 18-24, 25-59, 60+: domain/forms/fields.ts `ageGroup`) to coarser ones; absent, the
 * stored bands. Bands can only be merged: the cases hold bands, not ages.
 */
export function ageBands(value: string | undefined): Record<string, string> | undefined {
  if (value === undefined) return undefined;
  const parsed: unknown = JSON.parse(value);
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed) || Object.values(parsed).some((v) => typeof v !== 'string'))
    throw new Error('INDICATOR_AGE_BANDS must be a JSON object of strings');
  return parsed as Record<string, string>;
}
