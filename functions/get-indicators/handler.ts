// GET /indicators?programme=&from=&to=&by=sex,ageGroup[&indicator=][&format=csv][&audience=external]
// — a programme's figures for a period, read from the counters the stream consumer keeps (at most
// three Queries of its partition, and the work queues for the overdue tasks: never a Scan, never a
// read of the cases). JSON, or CSV with localized column headers (`Accept: text/csv` or format=csv).
// Exact for supervisors and administrators; small cells suppressed for everyone else (docs/indicators.md).
import { documentClient } from '../commons/clients.ts';
import { clock } from '../commons/clock.ts';
import { optionalEnv, requiredEnv } from '../commons/config.ts';
import { principalOf } from '../commons/auth.ts';
import { header, httpHandler, json } from '../commons/http.ts';
import { HttpProblem, invalidRequest } from '../commons/problems.ts';
import { indicatorQuerySchema } from '../commons/api-schemas.ts';
import { csv, toCsv, wantsCsv } from '../commons/csv.ts';
import { DynamoIndicatorStore } from '../adapters/dynamodb/indicator-store.ts';
import { audienceOf, readIndicators } from '../../domain/indicators/read.ts';
import { indicatorsOf } from '../../domain/indicators/index.ts';
import type { Figure } from '../../domain/indicators/figures.ts';
import { t, type Language } from '../../domain/i18n/index.ts';
import { smallCellThreshold, ageBands } from '../commons/indicator-config.ts';

const store = new DynamoIndicatorStore(documentClient, requiredEnv('TABLE_NAME'));
const threshold = smallCellThreshold(optionalEnv('INDICATOR_SMALL_CELL_THRESHOLD'));
const bands = ageBands(optionalEnv('INDICATOR_AGE_BANDS'));

export const handler = httpHandler(async (event, { language }) => {
  const principal = principalOf(event);
  const parsed = indicatorQuerySchema.safeParse(event.queryStringParameters ?? {});
  if (!parsed.success) throw invalidRequest(400, parsed.error.issues, language);
  const access = audienceOf(principal, parsed.data.audience);
  if (access === 'forbidden') throw new HttpProblem(403, 'indicatorsNotAllowed');
  const { programme, from, to, by, indicator } = parsed.data;
  if (indicator !== undefined && !indicatorsOf(programme).some((declared) => declared.id === indicator))
    throw invalidRequest(
      422,
      [{ code: 'custom', path: ['indicator'], message: 'unknown_indicator', params: { code: 'unknown_indicator' }, input: indicator }],
      language,
    );
  const figures = await readIndicators(
    {
      programme,
      from,
      to,
      by,
      ...(indicator !== undefined ? { indicator } : {}),
      audience: access.audience,
      ...(access.partner !== undefined ? { partner: access.partner } : {}),
      threshold,
      language,
      now: clock.now().toISOString(),
      ...(bands ? { ageBands: bands } : {}),
    },
    store,
  );
  if (wantsCsv(header(event, 'accept'), parsed.data.format))
    return csv(indicatorsCsv(figures, { from, to, by }, language), `indicators-${programme}-${from}-${to}.csv`, language);
  return json(
    200,
    { programme, period: { from, to }, by, audience: access.audience, threshold, indicators: figures },
    { 'cache-control': 'no-store', vary: 'Accept, Accept-Language' },
  );
});

/** One row per figure's cell: indicator, unit, period, the disaggregations asked, value, median, suppressed. */
export function indicatorsCsv(
  figures: readonly Figure[],
  query: { from: string; to: string; by: readonly string[] },
  language: Language,
): string {
  const header = [
    t('csv.indicator', language),
    t('csv.unit', language),
    t('csv.from', language),
    t('csv.to', language),
    ...query.by.map((dimension) => t(`csv.dimension.${dimension}` as Parameters<typeof t>[0], language)),
    t('csv.value', language),
    t('csv.median', language),
    t('csv.suppressed', language),
  ];
  const rows = figures.flatMap((figure) =>
    figure.rows.map((row) => [
      figure.title,
      t(`csv.unit.${figure.unit}`, language),
      query.from,
      query.to,
      ...query.by.map((dimension) => row.dims[dimension as keyof typeof row.dims] ?? ''),
      row.value,
      row.median ?? null,
      row.suppressed === true,
    ]),
  );
  return toCsv(header, rows);
}
