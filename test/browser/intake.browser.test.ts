// The public intake in a real browser (headless Chromium): a person fills in a form in French,
// Arabic or English, sees what to correct next to each answer, never makes two cases by clicking
// twice or retrying after a lost answer, and keeps the answers when the connection drops.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildWeb } from '../../scripts/build-web.ts';
import { CONTENT_SECURITY_POLICY } from '../../web/src/csp.ts';
import { devToken, http, startTestSystem, type TestSystem } from '../support/local-system.ts';
import { launchChromium, screenshot, seriousViolations } from './browser.ts';

interface Schema {
  type?: string;
  properties?: Record<string, Schema>;
  items?: Schema;
  enum?: unknown[];
  const?: unknown;
  oneOf?: Schema[];
  title?: string;
}

/** A closed list as the API labels it: every option a `{const, title}` branch of a `oneOf`. */
const optionsOf = (schema: Schema): unknown[] | undefined =>
  schema.enum ??
  (schema.oneOf?.every((branch) => branch.const !== undefined && branch.properties === undefined)
    ? schema.oneOf.map((branch) => branch.const)
    : undefined);

const LANGUAGE_BUTTON = { fr: 'Français', ar: 'العربية', en: 'English' } as const;
type Language = keyof typeof LANGUAGE_BUTTON;

let system: TestSystem;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let webDir: string;
let avrrSchema: Schema;
let avrrExample: Record<string, unknown>;
const cspViolations: string[] = [];

beforeAll(async () => {
  webDir = mkdtempSync(path.join(tmpdir(), 'casework-web-'));
  const [built, started, launched] = await Promise.all([buildWeb(webDir), startTestSystem({ webRoot: webDir }), launchChromium()]);
  void built;
  system = started;
  browser = launched;
  // A 360-pixel-wide phone: every page must be usable there.
  context = await browser.newContext({ viewport: { width: 360, height: 780 }, locale: 'fr-MA' });
  page = await context.newPage();
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) cspViolations.push(message.text());
  });
  const form = (await http(system, 'GET', '/forms/avrr-application')).body as { schema: Schema & { examples: Record<string, unknown>[] } };
  avrrSchema = form.schema;
  avrrExample = form.schema.examples[0]!;
}, 180_000);

afterAll(async () => {
  await context?.close();
  await browser?.close();
  await system?.stop();
  rmSync(webDir, { recursive: true, force: true });
});

beforeEach(async () => {
  await context.setOffline(false);
  await context.unrouteAll({ behavior: 'ignoreErrors' });
  // Each scenario starts as a new visitor: no draft, no language chosen.
  await page.goto(`${system.url}/`);
  await page.evaluate(() => {
    localStorage.clear();
    sessionStorage.clear();
  });
  await page.reload();
});

async function openForms(language: Language): Promise<void> {
  await page.goto(`${system.url}/#/`);
  await page.getByRole('button', { name: LANGUAGE_BUTTON[language] }).click();
  await expect.poll(() => page.locator('html').getAttribute('lang')).toBe(language);
  await page.locator('ul.forms a').first().waitFor();
}

async function openAvrr(language: Language): Promise<void> {
  await openForms(language);
  await page.locator('a[href="#/forms/avrr-application"]').click();
  await page.locator('form.intake').waitFor();
}

/** Types an answer document into the rendered form, field by field, as a person would. */
async function fill(schema: Schema, value: unknown, pointer = ''): Promise<void> {
  const at = (extra = '') => page.locator(`[data-pointer="${pointer}"]${extra}`);
  if (optionsOf(schema) && schema.type !== 'array') {
    await at().selectOption(String(value));
    return;
  }
  if (schema.oneOf) {
    const branchIndex = schema.oneOf.findIndex((branch) =>
      Object.entries(branch.properties ?? {}).every(
        ([name, property]) => property.const === undefined || (value as Record<string, unknown>)[name] === property.const,
      ),
    );
    await at(`[data-kind="branch"][value="${branchIndex}"]`).check();
    return fill(schema.oneOf[branchIndex]!, value, pointer);
  }
  if (schema.properties) {
    for (const [name, child] of Object.entries(value as Record<string, unknown>)) {
      const property = schema.properties[name];
      if (property) await fill(property, child, `${pointer}/${name}`);
    }
    return;
  }
  if (schema.const !== undefined) return;
  if (schema.type === 'array' && schema.items) {
    const list = value as unknown[];
    if (optionsOf(schema.items)) for (const code of list) await at(`[value="${String(code)}"]`).check();
    else if (schema.items.properties) {
      for (const [i, item] of list.entries()) {
        await page.locator(`[data-add="${pointer}"]`).click();
        await fill(schema.items, item, `${pointer}/${i}`);
      }
    } else await at().fill(list.map(String).join(', '));
    return;
  }
  if (schema.type === 'boolean') return at().setChecked(value === true);
  await at().fill(String(value));
}

async function expectAccessible(): Promise<void> {
  expect(await seriousViolations(page)).toEqual([]);
}

describe('the intake in a real browser', () => {
  it('is served at / of the API’s address with a strict Content-Security-Policy and no inline script or style', async () => {
    const response = await page.goto(`${system.url}/`);
    expect(response?.headers()['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
    expect(CONTENT_SECURITY_POLICY).toContain("default-src 'self'");
    const html = await response!.text();
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    expect(html).not.toMatch(/<style|\sstyle=/);
    const asset = /src="(\/assets\/app-[\w]+\.js)"/.exec(html)![1]!;
    const script = await http(system, 'GET', asset);
    expect(script.headers.get('cache-control')).toContain('immutable');
    // The API keeps its own paths.
    expect((await http(system, 'GET', '/forms')).headers.get('content-type')).toContain('application/json');
  });

  for (const language of ['fr', 'ar', 'en'] as const) {
    it(`a person submits the AVRR application in ${language} and is given a reference and what happens next`, async () => {
      await openForms(language);
      expect(await page.locator('html').getAttribute('dir')).toBe(language === 'ar' ? 'rtl' : 'ltr');
      // In the chosen language, even after the same lists were read in another one (Vary: Accept-Language).
      const inLanguage = { fr: /[éèà]/, ar: /[\u0600-\u06FF]/, en: /^[\x20-\x7E’]+$/ }[language];
      expect(await page.locator('ul.forms a[href="#/forms/avrr-application"]').textContent()).toMatch(inLanguage);
      await screenshot(page, `forms-${language}`);
      await expectAccessible();

      await page.locator('a[href="#/forms/avrr-application"]').click();
      await page.locator('form.intake').waitFor();
      expect(await page.locator('h1').textContent()).toMatch(inLanguage);
      await fill(avrrSchema, avrrExample);
      // Each option reads as its label in the chosen language, never as its code.
      const female = { fr: 'Femme', ar: 'أنثى', en: 'Female' }[language];
      expect(await page.locator('[data-pointer="/applicant/sex"] option[value="female"]').textContent()).toBe(female);
      await screenshot(page, `avrr-form-${language}`);
      await expectAccessible();

      await page.locator('button[type="submit"]').click();
      const reference = page.locator('.reference');
      await reference.waitFor({ timeout: 20_000 });
      expect(await reference.textContent()).toMatch(/^AVRR-\d{4}-\d{6}$/);
      expect(await page.locator('main ol li').count()).toBe(3);
      await screenshot(page, `avrr-done-${language}`);
      await expectAccessible();
      // The case exists once its reference is shown; the draft is gone from the device.
      expect(await page.evaluate(() => localStorage.getItem('intake:draft:avrr-application'))).toBeNull();
    }, 90_000);
  }

  it('shows each field error next to its field, in the chosen language, and switching language keeps the answers', async () => {
    await openAvrr('en');
    const givenNames = page.locator('[data-pointer="/applicant/givenNames"]');
    await givenNames.fill('Mariama');
    await page.locator('button[type="submit"]').click();
    const familyName = page.locator('[data-pointer="/applicant/familyName"]');
    await expect.poll(() => familyName.getAttribute('aria-invalid'), { timeout: 20_000 }).toBe('true');
    const errorId = (await familyName.getAttribute('aria-describedby'))!.split(' ').find((id) => id.startsWith('e'))!;
    const englishError = await page.locator(`[id="${errorId}"]`).textContent();
    expect(englishError).toMatch(/[a-z]/i);
    expect(await givenNames.getAttribute('aria-invalid')).toBeNull();
    expect(await page.locator('.error-summary li').count()).toBeGreaterThan(3);
    await screenshot(page, 'avrr-errors-en');
    await expectAccessible();

    for (const language of ['ar', 'fr'] as const) {
      await page.getByRole('button', { name: LANGUAGE_BUTTON[language] }).click();
      await expect.poll(() => page.locator('html').getAttribute('lang')).toBe(language);
      // The same answers asked again in the new language: the errors come back in it.
      const errorText = async () => (await page.locator(`[id="${errorId}"]`).textContent()) ?? '';
      await expect.poll(async () => (await errorText()) !== '' && (await errorText()) !== englishError, { timeout: 20_000 }).toBe(true);
      if (language === 'ar') expect(await errorText()).toMatch(/[\u0600-\u06FF]/);
      expect(await page.locator('[data-pointer="/applicant/givenNames"]').inputValue()).toBe('Mariama');
      expect(await page.locator('[data-pointer="/applicant/familyName"]').getAttribute('aria-invalid')).toBe('true');
      await screenshot(page, `avrr-errors-${language}`);
      await expectAccessible();
    }
  }, 90_000);

  it('a double click, a lost answer and a reload make one case, under one idempotency key', async () => {
    await openAvrr('fr');
    await fill(avrrSchema, avrrExample);
    const sent: { key: string; status?: number; caseId?: string }[] = [];
    let loseNext = true;
    await page.route('**/forms/avrr-application/submissions*', async (route) => {
      const key = route.request().headers()['idempotency-key']!;
      const response = await route.fetch();
      const body = (await response.json()) as { caseId?: string };
      sent.push({ key, status: response.status(), ...(body.caseId ? { caseId: body.caseId } : {}) });
      // The case is created, then the answer never reaches the browser.
      if (loseNext) {
        loseNext = false;
        return route.abort('connectionreset');
      }
      return route.fulfill({ response, json: body });
    });
    await page.locator('button[type="submit"]').dblclick();
    await page.locator('.banner.warning').waitFor({ timeout: 20_000 });
    expect(sent).toHaveLength(1);
    // The person reloads the page: the answers and the attempt's key are still on the device.
    await page.reload();
    await page.locator('form.intake').waitFor();
    expect(await page.locator('[data-pointer="/applicant/givenNames"]').inputValue()).toBe(
      String((avrrExample.applicant as Record<string, unknown>).givenNames),
    );
    await page.locator('button[type="submit"]').click();
    await page.locator('.reference').waitFor({ timeout: 20_000 });
    expect(sent).toHaveLength(2);
    expect(sent[1]!.key).toBe(sent[0]!.key);
    expect(sent[1]!.caseId).toBe(sent[0]!.caseId);
    expect(sent.map((s) => s.status)).toEqual([201, 201]);
  }, 90_000);

  it('going offline mid-form keeps the draft on the device and tells the person; back online it is sent', async () => {
    await openAvrr('ar');
    await fill(avrrSchema, avrrExample);
    await context.setOffline(true);
    const banner = page.locator('.banner');
    await expect.poll(() => banner.getAttribute('class')).toContain('warning');
    expect(await banner.textContent()).toMatch(/[\u0600-\u06FF]/);
    let posted = 0;
    page.on('request', (request) => {
      if (request.method() === 'POST') posted += 1;
    });
    await page.locator('button[type="submit"]').click();
    expect(posted).toBe(0);
    const draft = await page.evaluate(() => localStorage.getItem('intake:draft:avrr-application'));
    expect(draft).toContain(String((avrrExample.applicant as Record<string, unknown>).familyName));
    await screenshot(page, 'avrr-offline-ar');
    await expectAccessible();

    await context.setOffline(false);
    await expect.poll(() => banner.getAttribute('class')).not.toContain('warning');
    await page.locator('button[type="submit"]').click();
    await page.locator('.reference').waitFor({ timeout: 20_000 });
    expect(posted).toBe(1);
  }, 90_000);

  it('a caseworker signs in with the local dev issuer and sees their role’s queue, overdue first, in each language', async () => {
    const submitted = await http(system, 'POST', '/forms/avrr-application/submissions', {
      body: avrrExample,
      headers: { 'idempotency-key': crypto.randomUUID() },
    });
    expect(submitted.status).toBe(201);
    const { reference, caseId } = submitted.body as { reference: string; caseId: string };
    // The workflow opens the screening step on its own time; then, ten days on, it is overdue.
    const token = await devToken(system, 'amina', ['caseworker']);
    await expect
      .poll(
        async () => {
          const queue = await http(system, 'GET', '/tasks?queue=role&role=caseworker', { token });
          return (queue.body as { items: { caseId: string }[] }).items.some((task) => task.caseId === caseId);
        },
        { timeout: 30_000, interval: 250 },
      )
      .toBe(true);
    await http(system, 'POST', '/_local/clock', { body: { advanceBy: 'P10D' } });
    for (const language of ['fr', 'ar', 'en'] as const) {
      await openForms(language);
      await page.locator('a[href="#/console"]').click();
      await page.locator('#console-sub').fill('amina');
      await page.locator('#console-role-caseworker').check();
      await screenshot(page, `console-sign-in-${language}`);
      await expectAccessible();
      await page.locator('form button[type="submit"]').click();
      const queue = page.locator('section[aria-labelledby="queue-role"]');
      await queue.locator('li').first().waitFor({ timeout: 20_000 });
      const entry = queue.locator('li', { hasText: reference });
      await entry.waitFor();
      expect(await entry.getAttribute('class')).toContain('overdue');
      await screenshot(page, `console-tasks-${language}`);
      await expectAccessible();
      await page.getByRole('button', { name: /Se déconnecter|تسجيل الخروج|Sign out/ }).click();
      await page.locator('#console-sub').waitFor();
    }
  }, 120_000);

  it('an expired session sends the person back to sign in, told why, with what they typed kept', async () => {
    await openForms('fr');
    await page.locator('a[href="#/console"]').click();
    await page.locator('#console-sub').fill('yassine');
    await page.locator('#console-role-supervisor').check();
    await page.locator('form button[type="submit"]').click();
    await page.locator('section[aria-labelledby="queue-role"]').waitFor();
    // Dev tokens last 12 hours of the local clock.
    await http(system, 'POST', '/_local/clock', { body: { advanceBy: 'PT13H' } });
    // The next call the page makes (here: the queues read again in another language) is refused.
    const other = (await page.locator('html').getAttribute('lang')) === 'en' ? 'fr' : 'en';
    await page.getByRole('button', { name: LANGUAGE_BUTTON[other] }).click();
    await page.locator('#sign-in-status.warning').waitFor({ timeout: 20_000 });
    expect(await page.locator('#sign-in-status').textContent()).toMatch(/expir/);
    expect(await page.locator('#console-sub').inputValue()).toBe('yassine');
    expect(await page.locator('#console-role-supervisor').isChecked()).toBe(true);
  }, 60_000);

  it('raises no Content-Security-Policy violation on any page', () => {
    expect(cspViolations).toEqual([]);
  });
});
