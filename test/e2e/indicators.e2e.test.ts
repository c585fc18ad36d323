// Indicators over HTTP on the local system: AVRR applications submitted through the public form are
// counted by the indicators' stream consumer (run by the local system from the synthesized event
// source mapping) and GET /indicators shows them: exact to a supervisor (JSON), suppressed to a
// caseworker (CSV, headers in Arabic), refused to the data-protection officer; the workflow moving
// the cases on is counted in the days per stage once they leave their first stage.
import { expect, it } from 'vitest';
import { parse } from 'csv-parse/sync';
import { getForm } from '../../domain/forms/index.ts';
import { avrrScenario, localToday } from '../support/avrr-driver.ts';
import { devToken, http } from '../support/local-system.ts';

const avrr = avrrScenario();

type Figures = { indicators: { id: string; rows: { dims: Record<string, string>; value: number | null; suppressed?: true }[] }[] };

async function figures(token: string, query: string): Promise<Figures> {
  const response = await http(avrr.system, 'GET', `/indicators?${query}`, { token });
  expect(response.status, response.text).toBe(200);
  return response.body as Figures;
}

/** Asks until the consumer has counted what was written (bounded: it runs off the request path). */
async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    const value = await read();
    if (done(value) || attempt === 60) return value;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

it('counts the applications submitted, exact to a supervisor, suppressed to a caseworker in CSV', async () => {
  const example = getForm('avrr-application')!.examples[0] as { declarationDate: string };
  const day = example.declarationDate;
  const query = `programme=avrr&from=${day}&to=${day}&indicator=avrr-applications&by=sex`;
  const supervisor = await devToken(avrr.system, 'sup-ind', ['supervisor']);
  const before = (await figures(supervisor, query)).indicators[0]!.rows.reduce((n, r) => n + (r.value ?? 0), 0);
  for (let i = 0; i < 3; i++) await avrr.apply();
  const after = await eventually(
    () => figures(supervisor, query),
    (f) => f.indicators[0]!.rows.reduce((n, r) => n + (r.value ?? 0), 0) === before + 3,
  );
  expect(after.indicators[0]!.rows.reduce((n, r) => n + (r.value ?? 0), 0)).toBe(before + 3);

  const caseworker = await devToken(avrr.system, 'cw-ind', ['caseworker']);
  const response = await http(avrr.system, 'GET', `/indicators?${query}`, {
    token: caseworker,
    headers: { accept: 'text/csv', 'accept-language': 'ar' },
  });
  expect(response.status).toBe(200);
  const rows: string[][] = parse(response.text, { bom: true });
  expect(rows[0]!.slice(0, 5)).toEqual(['المؤشر', 'الوحدة', 'من', 'إلى', 'الجنس']);
  if (before + 3 < 5) expect(rows.slice(1).every((row) => row[5] === '' && row[7] === 'true')).toBe(true);

  const dpo = await devToken(avrr.system, 'dpo-ind', ['data-protection']);
  expect((await http(avrr.system, 'GET', `/indicators?${query}`, { token: dpo })).status).toBe(403);
}, 180_000);

it('counts the days a case spent at a stage once its workflow moves it on', async () => {
  const caseId = await avrr.apply();
  await avrr.settle();
  const supervisor = await devToken(avrr.system, 'sup-ind', ['supervisor']);
  // The workflow starts from the table's stream: on a loaded machine after the runtime has settled.
  const view = await eventually(
    () => avrr.view(caseId),
    (found) => found.stage !== 'submitted',
  );
  expect(view.stage).not.toBe('submitted');
  const today = await localToday(avrr.system);
  const staged = await eventually(
    () => figures(supervisor, `programme=avrr&from=${addDays(today, -1)}&to=${addDays(today, 1)}&indicator=avrr-days-per-stage&by=stage`),
    (f) => f.indicators[0]!.rows.length > 0,
  );
  // The stage the intake put it in was left for the workflow's first stage: one value at least.
  expect(staged.indicators[0]!.rows.some((row) => (row.value ?? 0) >= 1)).toBe(true);
}, 180_000);

function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}
