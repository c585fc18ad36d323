// CSV answers (indicators, the trafficking export), written by csv-stringify (RFC 4180 quoting) with
// spreadsheet formula injection neutralised: a text cell starting with = + - @, a tab or a carriage
// return is prefixed with a single quote (OWASP's advice), so a spreadsheet shows it as text. Numbers
// are written as numbers (a negative change or the missing-value code -99 stays a number).
import { stringify } from 'csv-stringify/sync';
import type { HttpResult } from './http.ts';

export type CsvCell = string | number | boolean | null | undefined;

const FORMULA_START = /^[=+\-@\t\r]/;

/** A text cell a spreadsheet would not take for a formula. */
export function neutralise(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

export function toCsv(header: readonly string[], rows: readonly (readonly CsvCell[])[]): string {
  return stringify([[...header], ...rows.map((row) => [...row])], {
    cast: {
      string: (value) => neutralise(value),
      number: (value) => String(value),
      boolean: (value) => (value ? 'true' : 'false'),
    },
    record_delimiter: '\r\n',
  });
}

/** A CSV answer: UTF-8 with a byte order mark (so that spreadsheets read Arabic headers right), never cached. */
export function csv(body: string, filename: string, language: string): HttpResult {
  return {
    statusCode: 200,
    headers: {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="${filename}"`,
      'content-language': language,
      'cache-control': 'no-store',
    },
    body: `\uFEFF${body}`,
  };
}

/** Whether the client asked for CSV: `format=csv`, or an Accept header preferring text/csv to JSON. */
export function wantsCsv(accept: string | undefined, format: string | undefined): boolean {
  if (format !== undefined) return format === 'csv';
  if (!accept) return false;
  const ranges = accept.split(',').map((part) => {
    const [type = '', ...params] = part.trim().split(';');
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    return { type: type.trim().toLowerCase(), q: q ? Number(q.slice(2)) : 1 };
  });
  const quality = (type: string) => Math.max(0, ...ranges.filter((r) => r.type === type).map((r) => r.q));
  return quality('text/csv') > 0 && quality('text/csv') > quality('application/json');
}
