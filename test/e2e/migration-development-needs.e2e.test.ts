// Host institutions' needs over HTTP on the local system: a need submitted on the public form,
// validated by a caseworker and listed by GET /needs (by sector, paginated), its detail through its
// case; a need asked about, answered, then rejected, never listed; the client's mistakes (422 listing
// every field error in fr/ar/en, 400 for a bad query or cursor, 403 for a partner).
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { getForm } from '../../domain/forms/index.ts';
import { missionDate } from '../../domain/calendar.ts';
import { needSteps } from '../../domain/migration-development/need-steps.ts';
import { avrrScenario, type AvrrDriver } from '../support/avrr-driver.ts';
import { devToken, http } from '../support/local-system.ts';

const driver = avrrScenario();
const TIMEOUT = 120_000;

async function today(d: AvrrDriver, plusDays = 0): Promise<string> {
  const { now } = (await http(d.system, 'GET', '/_local/clock')).body as { now: string };
  return missionDate(new Date(Date.parse(now) + plusDays * 86_400_000));
}

/** The form's example `index`, declared today, its window 30 to 120 days from today. */
async function needBody(index: number): Promise<Record<string, unknown> & { termsOfReference: Record<string, unknown> }> {
  const example = structuredClone(getForm('host-institution-need')!.examples[index]) as Record<string, unknown> & {
    termsOfReference: Record<string, unknown>;
  };
  example.declarationDate = await today(driver);
  example.termsOfReference.earliestStart = await today(driver, 30);
  example.termsOfReference.latestEnd = await today(driver, 120);
  return example;
}

async function submit(body: unknown, language = 'fr') {
  return http(driver.system, 'POST', '/forms/host-institution-need/submissions', {
    body,
    headers: { 'idempotency-key': randomUUID(), 'accept-language': language },
  });
}

async function needs(query: string, token?: string) {
  return http(driver.system, 'GET', `/needs${query}`, { token: token ?? (await driver.token('caseworker')) });
}

const example = (step: string, outcome: string) =>
  structuredClone(needSteps.find((s) => s.step === step)!.examples.find((e) => e.outcome === outcome)!);

describe("host institutions' needs", () => {
  it(
    'a need submitted on the public form is validated by a caseworker, open for matching and listed, by sector and page',
    async () => {
      const body = await needBody(0);
      const response = await submit(body);
      expect(response.status, response.text).toBe(201);
      const { caseId, reference } = response.body as { caseId: string; reference: string };
      expect(reference).toMatch(/^NEED-\d{4}-\d{6}$/);

      const taskId = await driver.openTask(caseId, 'need-validation');
      expect((await driver.view(caseId)).stage).toBe('validation');
      // A decision with mistakes: every one listed, localized.
      const wrong = await http(driver.system, 'POST', `/tasks/${taskId}/complete`, {
        token: await driver.token('caseworker'),
        headers: { 'accept-language': 'ar' },
        body: {
          decision: { ...example('need-validation', 'validated'), skills: ['Chirurgie'], window: { from: '2026-09-01', to: '2026-08-01' } },
        },
      });
      expect(wrong.status, wrong.text).toBe(422);
      expect(wrong.headers.get('content-type')).toContain('application/problem+json');
      const errors = (wrong.body as { errors: { pointer: string; code: string; message: string }[] }).errors;
      expect(errors.map((e) => [e.pointer, e.code])).toEqual([
        ['/decision/skills/0', 'skill_not_normalised'],
        ['/decision/window/to', 'window_end_before_start'],
      ]);
      for (const e of errors) expect(e.message).toMatch(/[\u0600-\u06FF]/);

      const window = { from: body.termsOfReference.earliestStart as string, to: body.termsOfReference.latestEnd as string };
      const done = await driver.complete(taskId, 'caseworker', { ...example('need-validation', 'validated'), window });
      expect(done.status, done.text).toBe(200);
      const view = (await driver.waitUntil(
        caseId,
        (v) => (v as { facts?: { need?: { status?: string } } }).facts?.need?.status === 'open-for-matching',
        'open for matching',
      )) as unknown as {
        status: string;
        facts: Record<string, unknown>;
      };
      expect(view.status).toBe('open');
      expect(view.facts.need).toMatchObject({ status: 'open-for-matching', sector: 'health', mode: 'on-site', durationWeeks: 3, window });

      // A second need, remote, in ICT: validated as it came.
      const second = await needBody(1);
      const secondId = ((await submit(second)).body as { caseId: string }).caseId;
      await driver.step(secondId, 'need-validation', 'supervisor', {
        outcome: 'validated',
        sector: 'ict',
        skills: ['cybersecurite', 'architecture cloud'],
        languages: ['fr', 'en'],
        mode: 'remote',
        durationWeeks: 8,
        window: { from: second.termsOfReference.earliestStart, to: second.termsOfReference.latestEnd },
      });
      await driver.waitUntil(
        secondId,
        (v) => (v as { facts?: { need?: { status?: string } } }).facts?.need?.status === 'open-for-matching',
        'open for matching',
      );

      const health = await needs('?status=open-for-matching&sector=health');
      expect(health.status, health.text).toBe(200);
      const healthIds = (health.body as { items: { caseId: string }[] }).items.map((i) => i.caseId);
      expect(healthIds).toContain(caseId);
      expect(healthIds).not.toContain(secondId);
      const listed = (health.body as { items: Record<string, unknown>[] }).items.find((i) => i.caseId === caseId)!;
      expect(listed).toMatchObject({
        reference,
        sector: 'health',
        skillKeys: ['chirurgie pediatrique', 'formation de personnel soignant'],
        institutionKind: 'hospital',
      });
      expect(JSON.stringify(listed)).not.toMatch(/Benjelloun|Hassan II|notes/);

      // Every sector, a page at a time: each need once, oldest validation first.
      const first = await needs('?limit=1');
      expect(first.status).toBe(200);
      const page1 = first.body as { items: { caseId: string }[]; next?: string };
      expect(page1.items).toHaveLength(1);
      const seen = [...page1.items.map((i) => i.caseId)];
      let cursor = page1.next;
      while (cursor) {
        const page = (await needs(`?limit=1&cursor=${encodeURIComponent(cursor)}`)).body as { items: { caseId: string }[]; next?: string };
        seen.push(...page.items.map((i) => i.caseId));
        cursor = page.next;
      }
      expect(seen.indexOf(caseId)).toBeLessThan(seen.indexOf(secondId));
      expect(new Set(seen).size).toBe(seen.length);
      // A cursor of the sector's list does not page the whole list.
      const sectorPage = (await needs('?sector=ict&limit=1')).body as { next?: string };
      const other = (await needs('?sector=health&limit=1')).body as { next?: string };
      const foreign = sectorPage.next ?? other.next;
      if (foreign) expect((await needs(`?cursor=${encodeURIComponent(foreign)}`)).status).toBe(400);
    },
    TIMEOUT,
  );

  it(
    'a question goes to staff, who record the answer; a rejected need is closed and never listed',
    async () => {
      const caseId = ((await submit(await needBody(0))).body as { caseId: string }).caseId;
      await driver.step(caseId, 'need-validation', 'caseworker', example('need-validation', 'clarification-requested'));
      await driver.waitUntil(caseId, (v) => v.stage === 'clarification', 'clarification');
      await driver.step(caseId, 'need-clarification', 'caseworker', example('need-clarification', 'answered'));
      await driver.step(caseId, 'need-validation', 'supervisor', example('need-validation', 'rejected'));
      await driver.closed(caseId, 'need-rejected');
      const history = await driver.history(caseId);
      expect(history.find((e) => e.type === 'case.closed')?.details).toMatchObject({ reasonCode: 'out-of-scope' });
      expect(JSON.stringify(history)).not.toContain('October');
      const listed = (await needs('?sector=health&limit=100')).body as { items: { caseId: string }[] };
      expect(listed.items.map((i) => i.caseId)).not.toContain(caseId);
    },
    TIMEOUT,
  );

  it(
    'a form with mistakes is a 422 listing every field error, in the language asked',
    async () => {
      const body = await needBody(0);
      body.termsOfReference.latestEnd = body.termsOfReference.earliestStart;
      body.termsOfReference.durationWeeks = 40;
      delete body.termsOfReference.missionCity;
      for (const language of ['fr', 'ar', 'en']) {
        const response = await submit(body, language);
        expect(response.status, response.text).toBe(422);
        expect(response.headers.get('content-type')).toContain('application/problem+json');
        const errors = (response.body as { errors: { pointer: string; code: string; message: string }[] }).errors;
        expect(errors.map((e) => [e.pointer, e.code])).toEqual([
          ['/termsOfReference/durationWeeks', 'too_big'],
          ['/termsOfReference/latestEnd', 'date_order'],
          ['/termsOfReference/missionCity', 'mission_city_required'],
        ]);
        if (language === 'ar') for (const e of errors) expect(e.message).toMatch(/[\u0600-\u06FF]/);
      }
    },
    TIMEOUT,
  );

  it(
    'GET /needs: 400 for a bad query, 403 for a partner user',
    async () => {
      const bad = await needs('?status=matched&sector=space&limit=0', undefined);
      expect(bad.status, bad.text).toBe(400);
      expect((bad.body as { errors: { pointer: string }[] }).errors.map((e) => e.pointer).sort()).toEqual(['/limit', '/sector', '/status']);
      expect((await needs('?cursor=not-a-cursor')).status).toBe(400);
      const partner = await devToken(driver.system, 'staff-of-caritas', ['partner'], 'caritas-maroc');
      expect((await needs('', partner)).status).toBe(403);
    },
    TIMEOUT,
  );
});
