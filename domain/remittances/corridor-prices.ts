// Remittance corridor price snapshots: what sending money to Morocco costs, per provider and
// instrument, in one quarter, as the World Bank's Remittance Prices Worldwide publishes it (the
// total cost of sending a set amount, in % of it: fee plus exchange-rate margin). Staff import them
// from a CSV file and show people the cheapest channels against the SDG 10.c target (less than 3 %).
// Prices only: no transfer, no sender, no amount anybody sent. docs/remittances.md
//
// The file (decisions, documented in docs/remittances.md):
// - UTF-8, with or without a byte order mark; a header line naming the columns below (any order,
//   case and spaces ignored, other columns ignored); empty lines skipped.
// - The separator is the header line's: `;` when it has more semicolons than commas (a French
//   spreadsheet's "CSV"), else `,`. With `;`, a number may use a decimal comma (`12,5`).
// - Codes are read leniently (`Money Transfer Operator` is `money-transfer-operator`), numbers
//   strictly (digits and one decimal separator, no thousands separator, no symbol).
// - A provider starting like a spreadsheet formula (`=`, `+`, `-`, `@`, a tab) is refused: the
//   value would run as one when staff export the list again.
// - Every row is checked; one bad row refuses the whole file (422 listing every bad row and column,
//   pointers `/rows/{line}/{column}`, `line` being the file's line, the header's is 1).
import { parse } from 'csv-parse/sync';
import * as z from 'zod';
import { L, readsValid } from '../forms/fields.ts';
import { localizeIssues, t, type FieldError, type Language, type Localized, type MessageKey } from '../i18n/index.ts';

/** SDG 10.c: reduce to less than 3 per cent the transaction costs of migrant remittances. */
export const SDG_TARGET_PERCENT = 3;
/** The corridors' destination: the mission follows what reaches Morocco. */
export const DESTINATION = 'MA';
export const MAX_CSV_BYTES = 256 * 1024;
export const MAX_CSV_ROWS = 1000;
/** How far the total cost may be from fee / amount + margin (rounding in the published figures). */
export const TOTAL_COST_TOLERANCE = 0.1;

export const PROVIDER_TYPES = ['bank', 'money-transfer-operator', 'post', 'mobile-operator'] as const;
export const INSTRUMENTS = ['cash', 'account', 'mobile-wallet', 'card'] as const;
export type ProviderType = (typeof PROVIDER_TYPES)[number];
export type Instrument = (typeof INSTRUMENTS)[number];

/** The file's columns, by their header name. */
export const CSV_COLUMNS = [
  'source_country',
  'destination_country',
  'provider',
  'provider_type',
  'instrument',
  'amount_sent',
  'currency',
  'fee',
  'fx_margin_percent',
  'total_cost_percent',
  'quarter',
] as const;
export type CsvColumn = (typeof CSV_COLUMNS)[number];

const COLUMN_LABELS: Record<CsvColumn, Localized> = {
  source_country: L('pays d’envoi', 'بلد الإرسال', 'source country'),
  destination_country: L('pays de destination', 'بلد الوجهة', 'destination country'),
  provider: L('fournisseur', 'مقدّم الخدمة', 'provider'),
  provider_type: L('type de fournisseur', 'نوع مقدّم الخدمة', 'provider type'),
  instrument: L('instrument', 'الأداة', 'instrument'),
  amount_sent: L('montant envoyé', 'المبلغ المرسل', 'amount sent'),
  currency: L('devise', 'العملة', 'currency'),
  fee: L('frais', 'الرسوم', 'fee'),
  fx_margin_percent: L('marge de change (%)', 'هامش الصرف (%)', 'exchange-rate margin (%)'),
  total_cost_percent: L('coût total (%)', 'التكلفة الإجمالية (%)', 'total cost (%)'),
  quarter: L('trimestre', 'الفصل', 'quarter'),
};

/** One provider's price for one instrument in a corridor and quarter, as imported. */
export interface CorridorPrice {
  sourceCountry: string;
  destinationCountry: string;
  provider: string;
  /** The provider's name folded (lower case, no accents, hyphens): with the instrument, what a re-import replaces. */
  providerKey: string;
  providerType: ProviderType;
  instrument: Instrument;
  amountSent: number;
  currency: string;
  fee: number;
  fxMarginPercent: number;
  totalCostPercent: number;
  /** e.g. 2026Q3. */
  quarter: string;
}

/** A price as the list shows it: with the SDG 10.c target flagged. */
export interface ListedPrice extends Omit<CorridorPrice, 'sourceCountry' | 'destinationCountry' | 'quarter' | 'providerKey'> {
  meetsSdgTarget: boolean;
}

export const quarterPattern = /^\d{4}Q[1-4]$/;

/** The quarter a Moroccan day (YYYY-MM-DD) falls in. */
export function quarterOf(day: string): string {
  const month = Number(day.slice(5, 7));
  return `${day.slice(0, 4)}Q${Math.floor((month - 1) / 3) + 1}`;
}

/** A provider's name as a key: lower case, accents folded, anything else than letters and digits a hyphen. */
export function providerKeyOf(provider: string): string {
  return provider
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/** What identifies a price: a re-import of the same replaces it. */
export const priceIdentity = (p: Pick<CorridorPrice, 'quarter' | 'sourceCountry' | 'destinationCountry' | 'providerKey' | 'instrument'>) =>
  `${p.quarter}#${p.sourceCountry}#${p.destinationCountry}#${p.providerKey}#${p.instrument}`;

const regionNames = new Intl.DisplayNames(['en'], { type: 'region', fallback: 'code' });
const code = (value: string) =>
  value
    .trim()
    .toLowerCase()
    .replace(/[\s_]+/g, '-');
const custom = (code: string, params: Record<string, unknown> = {}) => ({ params: { code, ...params } });

function numberCell(decimalComma: boolean, min: number, max: number) {
  return z
    .string()
    .transform((raw, ctx) => {
      const text = decimalComma ? raw.replace(',', '.') : raw;
      if (!/^-?\d+(\.\d+)?$/.test(text)) {
        ctx.addIssue({ code: 'custom', message: 'not_a_number', ...custom('not_a_number') });
        return z.NEVER;
      }
      return Number(text);
    })
    .pipe(z.number().min(min).max(max));
}

/** One row of the file, its cells as read (strings), to a price. */
function rowSchema(decimalComma: boolean, currentQuarter: string) {
  return z
    .object({
      source_country: z
        .string()
        .transform((s) => s.trim().toUpperCase())
        .pipe(
          z
            .string()
            .regex(/^[A-Z]{2}$/)
            .refine((c) => !/^[A-Z]{2}$/.test(c) || regionNames.of(c) !== c, custom('unknown_country')),
        ),
      destination_country: z
        .string()
        .transform((s) => s.trim().toUpperCase())
        .refine((c) => c === DESTINATION, custom('destination_not_morocco')),
      provider: z
        .string()
        .min(1)
        .max(100)
        .refine((p) => !/^[=+\-@\t\r]/.test(p), custom('formula_like'))
        .refine((p) => /^[=+\-@\t\r]/.test(p) || providerKeyOf(p) !== ''),
      provider_type: z.string().transform(code).pipe(z.enum(PROVIDER_TYPES)),
      instrument: z.string().transform(code).pipe(z.enum(INSTRUMENTS)),
      amount_sent: numberCell(decimalComma, 1, 100_000),
      currency: z
        .string()
        .transform((s) => s.trim().toUpperCase())
        .pipe(z.string().regex(/^[A-Z]{3}$/)),
      fee: numberCell(decimalComma, 0, 100_000),
      fx_margin_percent: numberCell(decimalComma, -20, 100),
      total_cost_percent: numberCell(decimalComma, -20, 100),
      quarter: z
        .string()
        .transform((s) => s.trim().toUpperCase())
        .pipe(z.string().regex(quarterPattern))
        .refine((q) => !quarterPattern.test(q) || q <= currentQuarter, custom('quarter_in_future', { current: currentQuarter })),
    })
    .superRefine(
      (row, ctx) => {
        const expected = (row.fee / row.amount_sent) * 100 + row.fx_margin_percent;
        if (Math.abs(expected - row.total_cost_percent) > TOTAL_COST_TOLERANCE)
          ctx.addIssue({
            code: 'custom',
            path: ['total_cost_percent'],
            message: 'total_cost_mismatch',
            params: { code: 'total_cost_mismatch', total: row.total_cost_percent, expected: Math.round(expected * 100) / 100 },
          });
      },
      // Checked whenever the figures it reads are valid, whatever else is wrong in the row.
      { when: readsValid([['amount_sent'], ['fee'], ['fx_margin_percent'], ['total_cost_percent']]) },
    )
    .transform((row): CorridorPrice => ({
      sourceCountry: row.source_country,
      destinationCountry: row.destination_country,
      provider: row.provider,
      providerKey: providerKeyOf(row.provider),
      providerType: row.provider_type,
      instrument: row.instrument,
      amountSent: row.amount_sent,
      currency: row.currency,
      fee: row.fee,
      fxMarginPercent: row.fx_margin_percent,
      totalCostPercent: row.total_cost_percent,
      quarter: row.quarter,
    }));
}

export type ParsedPrices = { ok: true; prices: CorridorPrice[] } | { ok: false; errors: FieldError[] };

/** The label a pointer into the file has in messages: "line 4, fee". */
function fileLabel(pointer: string): Localized | undefined {
  const match = /^\/rows\/(\d+)(?:\/([a-z_]+))?$/.exec(pointer);
  if (!match) return undefined;
  const line = match[1]!;
  const column = match[2] as CsvColumn | undefined;
  const label = column ? COLUMN_LABELS[column] : undefined;
  return label
    ? L(`ligne ${line}, ${label.fr} (${column})`, `السطر ${line}، ${label.ar} (${column})`, `line ${line}, ${label.en} (${column})`)
    : L(`ligne ${line}`, `السطر ${line}`, `line ${line}`);
}

function fileError(pointer: string, errorCode: string, language: Language, params: Record<string, string | number> = {}): FieldError {
  const label = fileLabel(pointer);
  const field = label ? t('field.subject.labelled', language, { label: label[language] }) : t('field.subject.root', language);
  return { pointer, code: errorCode, message: t(`field.custom.${errorCode}` as MessageKey, language, { field, ...params }) };
}

const headerName = (cell: string) =>
  cell
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_');

/** The separator the header line uses: semicolons when it has more of them than commas. */
export function separatorOf(text: string): ',' | ';' {
  const firstLine = text.replace(/^\uFEFF/, '').split(/\r?\n|\r/, 1)[0] ?? '';
  const count = (c: string) => firstLine.split(c).length - 1;
  return count(';') > count(',') ? ';' : ',';
}

/**
 * Reads a corridor prices file: every price, or every error (file, header, rows and cells) in the
 * caller's language. `today` is the day in Morocco (a quarter still to come is refused).
 */
export function parseCorridorPrices(text: string, today: string, language: Language): ParsedPrices {
  const delimiter = separatorOf(text);
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(text, {
      bom: true,
      delimiter,
      info: true,
      relax_column_count: true,
      // A quote inside an unquoted cell (Banque "Al Amal") is kept as written, not a broken file.
      relax_quotes: true,
      skip_empty_lines: true,
      trim: true,
    }) as unknown as { record: string[]; info: { lines: number } }[];
  } catch (error) {
    const line = typeof (error as { lines?: unknown }).lines === 'number' ? (error as { lines: number }).lines : 1;
    return { ok: false, errors: [fileError('', 'csv_malformed', language, { line })] };
  }
  const [header, ...rows] = records;
  if (!header) return { ok: false, errors: [fileError('', 'csv_empty', language)] };

  const names = header.record.map(headerName);
  const headerErrors: FieldError[] = [];
  const indexOf = {} as Record<CsvColumn, number>;
  for (const column of CSV_COLUMNS) {
    const at = names.indexOf(column);
    if (at < 0) headerErrors.push(fileError(`/header/${column}`, 'column_missing', language, { column }));
    else if (names.indexOf(column, at + 1) >= 0)
      headerErrors.push(fileError(`/header/${column}`, 'column_duplicate', language, { column }));
    indexOf[column] = at;
  }
  if (headerErrors.length > 0) return { ok: false, errors: headerErrors };
  if (rows.length === 0) return { ok: false, errors: [fileError('', 'csv_empty', language)] };
  if (rows.length > MAX_CSV_ROWS)
    return { ok: false, errors: [fileError('', 'csv_too_many_rows', language, { found: rows.length, maximum: MAX_CSV_ROWS })] };

  const schema = rowSchema(delimiter === ';', quarterOf(today));
  const errors: FieldError[] = [];
  const prices: CorridorPrice[] = [];
  const firstLineOf = new Map<string, number>();
  for (const { record, info } of rows) {
    const line = info.lines;
    if (record.length !== names.length) {
      errors.push(fileError(`/rows/${line}`, 'column_count', language, { found: record.length, expected: names.length }));
      continue;
    }
    const cells = Object.fromEntries(CSV_COLUMNS.map((column) => [column, record[indexOf[column]] ?? '']));
    const parsed = schema.safeParse(cells);
    if (!parsed.success) {
      const issues = parsed.error.issues.map((issue) => ({ ...issue, path: ['rows', line, ...issue.path] }));
      errors.push(...localizeIssues(issues, language, fileLabel));
      continue;
    }
    const identity = priceIdentity(parsed.data);
    const first = firstLineOf.get(identity);
    if (first !== undefined) errors.push(fileError(`/rows/${line}`, 'duplicate_row', language, { line: first }));
    else firstLineOf.set(identity, line);
    prices.push(parsed.data);
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, prices };
}

/** A file that is not UTF-8 (a spreadsheet's legacy encoding): its error, as the import answers it. */
export function notUtf8Error(language: Language): FieldError {
  return fileError('', 'not_utf8', language);
}

/** A corridor's prices in one quarter, cheapest first (by total cost, then provider), the SDG target flagged. */
export function cheapestFirst(prices: readonly CorridorPrice[]): ListedPrice[] {
  return [...prices]
    .sort(
      (a, b) => a.totalCostPercent - b.totalCostPercent || a.provider.localeCompare(b.provider) || a.instrument.localeCompare(b.instrument),
    )
    .map((p) => ({
      provider: p.provider,
      providerType: p.providerType,
      instrument: p.instrument,
      amountSent: p.amountSent,
      currency: p.currency,
      fee: p.fee,
      fxMarginPercent: p.fxMarginPercent,
      totalCostPercent: p.totalCostPercent,
      meetsSdgTarget: p.totalCostPercent < SDG_TARGET_PERCENT,
    }));
}

/** The corridors and quarters a file holds, with how many prices each. */
export function corridorsOf(prices: readonly CorridorPrice[]): { from: string; to: string; quarter: string; prices: number }[] {
  const counts = new Map<string, { from: string; to: string; quarter: string; prices: number }>();
  for (const p of prices) {
    const key = `${p.sourceCountry}#${p.destinationCountry}#${p.quarter}`;
    const entry = counts.get(key) ?? { from: p.sourceCountry, to: p.destinationCountry, quarter: p.quarter, prices: 0 };
    entry.prices += 1;
    counts.set(key, entry);
  }
  return [...counts.values()].sort((a, b) => `${a.from}${a.quarter}`.localeCompare(`${b.from}${b.quarter}`));
}
