// The caseworker console in a real browser (headless Chromium, 360 px wide): an AVRR case screened
// by a caseworker and approved by a supervisor through the console's pages, the same person refused
// the approval of what they screened (four eyes), the case page's timeline and workflow diagram,
// reassignment from the candidates list; every new page in fr, ar and en, checked by axe-core,
// usable with the keyboard alone and without sideways scrolling.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWeb } from '../../scripts/build-web.ts';
import { avrrSteps } from '../../domain/avrr/steps.ts';
import { devToken, http, startTestSystem, type TestSystem } from '../support/local-system.ts';
import { decision, localToday, onDay } from '../support/avrr-driver.ts';
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

const LANGUAGES = ['fr', 'ar', 'en'] as const;
type Language = (typeof LANGUAGES)[number];
const LANGUAGE_BUTTON = { fr: 'Français', ar: 'العربية', en: 'English' } as const;
const IN_LANGUAGE = { fr: /[éèàç]/, ar: /[\u0600-\u06FF]/, en: /^[\x20-\x7E’“”—\n]+$/ };

let system: TestSystem;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let webDir: string;
const cspViolations: string[] = [];
const failedReads: string[] = [];

beforeAll(async () => {
  webDir = mkdtempSync(path.join(tmpdir(), 'casework-console-'));
  const [, started, launched] = await Promise.all([buildWeb(webDir), startTestSystem({ webRoot: webDir }), launchChromium()]);
  system = started;
  browser = launched;
  context = await browser.newContext({ viewport: { width: 360, height: 780 }, locale: 'fr-MA' });
  page = await context.newPage();
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) cspViolations.push(message.text());
  });
  // A page that reads something it may not (a list the caller is refused, a missing file) is a bug
  // of the client even when nothing shows: every GET the pages make must succeed.
  page.on('response', (response) => {
    // (401: a session that expired, which the last journey does on purpose.)
    if (response.request().method() === 'GET' && response.status() >= 400 && response.status() !== 401)
      failedReads.push(`${response.status()} ${new URL(response.url()).pathname}`);
  });
}, 180_000);

afterAll(async () => {
  await context?.close();
  await browser?.close();
  await system?.stop();
  rmSync(webDir, { recursive: true, force: true });
});

/** A closed list as the API labels it: every option a `{const, title}` branch of a `oneOf`. */
const optionsOf = (schema: Schema): unknown[] | undefined =>
  schema.enum ??
  (schema.oneOf?.every((branch) => branch.const !== undefined && branch.properties === undefined)
    ? schema.oneOf.map((branch) => branch.const)
    : undefined);

/** Types a decision into the rendered form, field by field (the intake suite's way, under /decision). */
async function fill(schema: Schema, value: unknown, pointer: string): Promise<void> {
  const at = (extra = '') => page.locator(`[data-pointer="${pointer}"]${extra}`);
  if (optionsOf(schema) && schema.type !== 'array') return void (await at().selectOption(String(value)));
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
  // A box that must be ticked (`const: true`) is ticked by the person, like any other.
  if (schema.const !== undefined && schema.type !== 'boolean') return;
  if (schema.type === 'array' && schema.items) {
    const list = value as unknown[];
    if (optionsOf(schema.items)) for (const code of list) await at(`[value="${String(code)}"]`).check();
    else await at().fill(list.map(String).join(', '));
    return;
  }
  if (schema.type === 'boolean') return at().setChecked(value === true);
  await at().fill(String(value));
}

const example = (step: string, outcome: string) => avrrSteps.find((s) => s.step === step)!.examples.find((e) => e.outcome === outcome)!;

async function language(code: Language): Promise<void> {
  if ((await page.locator('html').getAttribute('lang')) === code) return;
  await page.getByRole('button', { name: LANGUAGE_BUTTON[code] }).click();
  await expect.poll(() => page.locator('html').getAttribute('lang')).toBe(code);
}

async function signIn(sub: string, role: 'caseworker' | 'supervisor'): Promise<void> {
  await page.goto(`${system.url}/#/console`);
  await page.evaluate(() => sessionStorage.clear());
  await page.reload();
  await page.locator('#console-sub').fill(sub);
  await page.locator(`#console-role-${role}`).check();
  await page.locator('form button[type="submit"]').click();
  await page.locator('section[aria-labelledby="queue-role"]').waitFor();
}

/** Opens, from the role's queue, the task of `reference`'s case. */
async function openFromQueue(reference: string): Promise<void> {
  const entry = page.locator('section[aria-labelledby="queue-role"] li', { hasText: reference });
  await entry.waitFor({ timeout: 20_000 });
  await entry.locator('a.task-link').click();
  await page.locator('h1').waitFor();
  await page.locator('section[aria-labelledby="task-decision"]').waitFor({ timeout: 20_000 });
}

/** The page is usable at 360 px (nothing wider than the screen) and axe finds nothing serious. */
async function checkPage(name: string): Promise<void> {
  const width = await page.evaluate(
    () => (globalThis as unknown as { document: { documentElement: { scrollWidth: number } } }).document.documentElement.scrollWidth,
  );
  expect(width).toBeLessThanOrEqual(360);
  await screenshot(page, name);
  expect(await seriousViolations(page)).toEqual([]);
}

/** Tabbing from the page's heading reaches `selector`, each stop with a visible focus ring. */
async function reachByKeyboard(selector: string): Promise<void> {
  await page.locator('h1').focus();
  for (let i = 0; i < 80; i++) {
    await page.keyboard.press('Tab');
    // Runs in the page.
    const focused = await page.evaluate((wanted) => {
      const doc = (globalThis as unknown as { document: { activeElement: { matches(s: string): boolean } | null } }).document;
      const style = globalThis as unknown as { getComputedStyle(e: unknown): { outlineStyle: string } };
      const element = doc.activeElement;
      if (!element) return { match: false, outline: 'none' };
      return { match: element.matches(wanted), outline: style.getComputedStyle(element).outlineStyle };
    }, selector);
    expect(focused.outline).not.toBe('none');
    if (focused.match) return;
  }
  throw new Error(`${selector} not reached with Tab`);
}

async function queued(token: string, role: string, caseId: string, step: string): Promise<void> {
  await expect
    .poll(
      async () => {
        const queue = await http(system, 'GET', `/tasks?queue=role&role=${role}`, { token });
        return (queue.body as { items: { caseId: string; step: string }[] }).items.some(
          (task) => task.caseId === caseId && task.step === step,
        );
      },
      { timeout: 30_000, interval: 250 },
    )
    .toBe(true);
}

describe('the console in a real browser', () => {
  it(
    'an AVRR case screened by a caseworker and approved by another supervisor; the screener refused the approval; timeline and diagram',
    { timeout: 300_000 },
    async () => {
      const form = (await http(system, 'GET', '/forms/avrr-application')).body as { schema: { examples: Record<string, unknown>[] } };
      const submitted = await http(system, 'POST', '/forms/avrr-application/submissions', {
        body: form.schema.examples[0],
        headers: { 'idempotency-key': crypto.randomUUID() },
      });
      expect(submitted.status).toBe(201);
      const { reference, caseId } = submitted.body as { reference: string; caseId: string };
      await queued(await devToken(system, 'amina', ['caseworker']), 'caseworker', caseId, 'screening');

      // The caseworker screens, in the console: a 422 first (nothing chosen), shown next to the field.
      await signIn('amina', 'caseworker');
      const moroccoTime = (iso: string) =>
        new Intl.DateTimeFormat('fr', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Africa/Casablanca' }).format(new Date(iso));
      const queuedDue = page.locator('section[aria-labelledby="queue-role"] li', { hasText: reference }).locator('time[datetime]');
      await queuedDue.waitFor({ timeout: 20_000 });
      expect(await queuedDue.textContent()).toBe(moroccoTime((await queuedDue.getAttribute('datetime'))!));
      await openFromQueue(reference);
      const taskId = /#\/console\/tasks\/(.+)$/.exec(page.url())![1]!;
      // The due time reads the same in the queue and on the task page (Morocco's time, whatever the device's).
      const due = page.locator('time[datetime]').first();
      expect(await due.textContent()).toBe(moroccoTime((await due.getAttribute('datetime'))!));
      // "Counselling given" is an attestation the caseworker makes: a box to tick, marked required.
      const counselling = page.locator('[data-pointer="/decision/counsellingDone"]');
      expect(await counselling.getAttribute('required')).not.toBeNull();
      expect(await page.locator(`label[for="${await counselling.getAttribute('id')}"]`).textContent()).toMatch(/Conseil donné/);
      const screening = (await http(system, 'GET', `/tasks/${taskId}`, { token: await devToken(system, 'amina', ['caseworker']) }))
        .body as {
        decision: Schema;
      };
      for (const code of LANGUAGES) {
        await language(code);
        await page.locator('section[aria-labelledby="task-decision"]').waitFor();
        expect(await page.locator('h1').textContent()).toMatch(IN_LANGUAGE[code]);
        await checkPage(`console-task-${code}`);
      }
      await language('fr');
      // "Not eligible" without its reason: refused (422), the error next to the reason's field.
      const ineligible = screening.decision.oneOf!.findIndex((branch) => branch.properties?.outcome?.const === 'ineligible');
      await page.locator(`[data-pointer="/decision"][data-kind="branch"][value="${ineligible}"]`).check();
      await page.locator('form.decision button[type="submit"]').click();
      await page.locator('#task-status.warning').waitFor({ timeout: 20_000 });
      const reason = page.locator('[data-pointer="/decision/reason"]');
      expect(await reason.getAttribute('aria-invalid')).toBe('true');
      const errorId = (await reason.getAttribute('aria-describedby'))!.split(' ').find((id) => id.startsWith('e'))!;
      expect(await page.locator(`[id="${errorId}"]`).textContent()).toMatch(/[a-z]/i);
      await checkPage('console-task-errors-fr');
      await fill(screening.decision, example('screening', 'eligible'), '/decision');
      await reachByKeyboard('form.decision button[type="submit"]');
      await page.keyboard.press('Enter');
      await page.locator('#task-status.info').waitFor({ timeout: 20_000 });

      // The same person, as a supervisor, may not approve what they screened: told before and when trying.
      await queued(await devToken(system, 'karim', ['supervisor']), 'supervisor', caseId, 'approval');
      await signIn('amina', 'supervisor');
      await openFromQueue(reference);
      expect(await page.locator('#task-not-allowed').textContent()).toMatch(/quatre yeux/i);
      // What is being approved, on the same page: the screening as it was decided, in words.
      expect(await page.locator('#related-task [data-field="outcome"]').textContent()).toBe('Éligible');
      expect(await page.locator('#related-task [data-field="counsellingDone"]').textContent()).toBe('Oui');
      const approvalId = /#\/console\/tasks\/(.+)$/.exec(page.url())![1]!;
      const approvalTask = await http(system, 'GET', `/tasks/${approvalId}`, { token: await devToken(system, 'karim', ['supervisor']) });
      const approvalSchema = (approvalTask.body as { decision: Schema }).decision;
      await fill(approvalSchema, example('approval', 'approved'), '/decision');
      await page.locator('form.decision button[type="submit"]').click();
      await page.locator('#task-status.warning').waitFor({ timeout: 20_000 });
      expect(await page.locator('#task-status').textContent()).toMatch(/autre/);
      await checkPage('console-four-eyes-fr');

      // Another supervisor approves, in Arabic: reassigning first to a member from the list.
      await signIn('karim', 'supervisor');
      await language('ar');
      await openFromQueue(reference);
      expect(await page.locator('#task-not-allowed').count()).toBe(0);
      await page.locator('#reassign-to').waitFor();
      expect(await page.locator('#reassign-to option').count()).toBeGreaterThan(1);
      await checkPage('console-approval-ar');
      await fill(approvalSchema, example('approval', 'approved'), '/decision');
      await page.locator('form.decision button[type="submit"]').click();
      await page.locator('#task-status.info').waitFor({ timeout: 20_000 });

      // The case page: the timeline in sentences, the diagram with the travel phase marked, in each language.
      await page.goto(`${system.url}/#/console/cases/${caseId}`);
      for (const code of LANGUAGES) {
        await language(code);
        await expect
          .poll(
            async () => {
              await page.reload();
              await page.locator('section.diagram').waitFor();
              return page.locator('.phases li[aria-current="step"]').count();
            },
            { timeout: 30_000, interval: 500 },
          )
          .toBe(1);
        await expect
          .poll(
            async () => {
              await page.reload();
              await page.locator('ol.timeline').waitFor();
              return (await page.locator('ol.timeline').textContent()) ?? '';
            },
            { timeout: 30_000, interval: 500 },
          )
          .toContain('karim');
        const current = await page.locator('.phases li[aria-current="step"]').textContent();
        expect(current).toContain({ fr: 'Voyage', ar: 'السفر', en: 'Travel' }[code]);
        expect(await page.locator('#diagram-now').textContent()).toContain({ fr: 'Voyage', ar: 'السفر', en: 'Travel' }[code]);
        const timeline = (await page.locator('ol.timeline').textContent())!;
        expect(timeline).toContain('amina');
        if (code === 'ar') expect(timeline).toMatch(/[\u0600-\u06FF]/);
        expect(await page.locator('#case-persons + ul li').count()).toBeGreaterThan(0);
        await checkPage(`console-case-${code}`);
      }
      await reachByKeyboard('.steps a');
    },
  );

  it(
    'the plan approval shows the plan, the budget ceiling and the household beside its form; an expired session keeps the decision typed',
    { timeout: 300_000 },
    async () => {
      const form = (await http(system, 'GET', '/forms/avrr-application')).body as { schema: { examples: Record<string, unknown>[] } };
      const submitted = await http(system, 'POST', '/forms/avrr-application/submissions', {
        body: form.schema.examples[0],
        headers: { 'idempotency-key': crypto.randomUUID() },
      });
      const { reference, caseId } = submitted.body as { reference: string; caseId: string };
      // Through the API up to the plan (the console's own pages are the first test's).
      const as = (sub: string, role: string) => devToken(system, sub, [role]);
      const step = async (name: string, sub: string, role: string, body: Record<string, unknown>) => {
        let taskId: string | undefined;
        await expect
          .poll(
            async () => {
              const view = await http(system, 'GET', `/cases/${caseId}`, { token: await as('karim', 'supervisor') });
              taskId = (view.body as { tasks: { taskId: string; step: string; status: string }[] }).tasks.find(
                (task) => task.step === name && task.status === 'open',
              )?.taskId;
              if (!taskId) await http(system, 'POST', '/_local/clock', { body: { advanceBy: 'PT1S' } });
              return taskId;
            },
            { timeout: 60_000, interval: 250 },
          )
          .toBeDefined();
        const dated = onDay(body, await localToday(system));
        const done = await http(system, 'POST', `/tasks/${taskId}/complete`, { body: { decision: dated }, token: await as(sub, role) });
        expect(done.status, `${name}: ${done.text}`).toBe(200);
      };
      await step('screening', 'amina', 'caseworker', decision('screening', 'eligible'));
      await step('approval', 'karim', 'supervisor', decision('approval', 'approved'));
      await step('travel-document', 'amina', 'caseworker', decision('travel-document', 'obtained'));
      await step('ticket', 'amina', 'caseworker', decision('ticket'));
      await step('departure', 'amina', 'caseworker', decision('departure', 'departed'));
      await step('arrival', 'amina', 'caseworker', decision('arrival'));
      await step('reintegration-plan', 'amina', 'caseworker', decision('reintegration-plan'));
      await queued(await as('karim', 'supervisor'), 'supervisor', caseId, 'plan-approval');

      await signIn('karim', 'supervisor');
      for (const code of ['en', 'ar', 'fr'] as const) {
        await language(code);
        await openFromQueue(reference);
        const ceiling = (await page.locator('#task-ceiling').textContent())!;
        expect(ceiling.replace(/\D/g, '')).toContain('4500');
        expect(ceiling).toContain('3');
        expect(await page.locator('#related-task h3').textContent()).toMatch(IN_LANGUAGE[code]);
        // The plan's lines in words, each field by its title: no JSON, no stray "null".
        expect(await page.locator('#related-task [data-field="items"] li').count()).toBeGreaterThan(1);
        expect(await page.locator('main').textContent()).not.toMatch(/[{"]|null/);
        await checkPage(`console-plan-approval-${code}`);
        await page.goto(`${system.url}/#/console/tasks`);
      }

      // Typing a rejection, then the session expires: sign in again, back on the page, the text kept.
      await openFromQueue(reference);
      const rejected = (
        (
          await http(system, 'GET', /#\/console\/tasks\/(.+)$/.exec(page.url())![1]!.replace(/^/, '/tasks/'), {
            token: await as('karim', 'supervisor'),
          })
        ).body as { decision: Schema }
      ).decision.oneOf!.findIndex((branch) => branch.properties?.outcome?.const === 'rejected');
      await page.locator(`[data-pointer="/decision"][data-kind="branch"][value="${rejected}"]`).check();
      await page.locator('[data-pointer="/decision/reason"]').fill('Le budget du matériel est à revoir.');
      await http(system, 'POST', '/_local/clock', { body: { advanceBy: 'PT13H' } });
      await page.locator('form.decision button[type="submit"]').click();
      await page.locator('#sign-in-status.warning').waitFor({ timeout: 20_000 });
      expect(await page.locator('#console-sub').inputValue()).toBe('karim');
      await page.locator('form button[type="submit"]').click();
      await page.locator('[data-pointer="/decision/reason"]').waitFor({ timeout: 20_000 });
      expect(await page.locator('[data-pointer="/decision/reason"]').inputValue()).toBe('Le budget du matériel est à revoir.');
    },
  );

  it(
    'a supervisor hands a task to a caseworker chosen from the list, then withdraws the request, confirming first',
    { timeout: 180_000 },
    async () => {
      const form = (await http(system, 'GET', '/forms/avrr-application')).body as { schema: { examples: Record<string, unknown>[] } };
      const submitted = await http(system, 'POST', '/forms/avrr-application/submissions', {
        body: form.schema.examples[0],
        headers: { 'idempotency-key': crypto.randomUUID() },
      });
      expect(submitted.status).toBe(201);
      const { reference, caseId } = submitted.body as { reference: string; caseId: string };
      const supervisor = await devToken(system, 'karim', ['supervisor']);
      const caseworker = await devToken(system, 'amina', ['caseworker']);
      await queued(caseworker, 'caseworker', caseId, 'screening');
      const tasks = await http(system, 'GET', `/tasks?queue=role&role=caseworker`, { token: caseworker });
      const taskId = (tasks.body as { items: { taskId: string; caseId: string }[] }).items.find((task) => task.caseId === caseId)!.taskId;

      await signIn('karim', 'supervisor');
      await language('fr');
      await page.goto(`${system.url}/#/console/tasks/${taskId}`);
      await page.locator('#reassign-to').waitFor({ timeout: 20_000 });
      // The list is the team that may do the step (caseworkers), named; Youssef gets it.
      const options = await page.locator('#reassign-to option').allTextContents();
      expect(options).toContain('Youssef Benali (youssef)');
      expect(options.some((option) => option.includes('(karim)'))).toBe(false);
      await page.locator('#reassign-to').selectOption('youssef');
      await page.locator('#reassign-to').locator('xpath=ancestor::form').locator('button[type="submit"]').click();
      await expect.poll(() => page.locator('#task-status').textContent(), { timeout: 20_000 }).toMatch(/Youssef Benali/);
      const reassigned = await http(system, 'GET', `/tasks/${taskId}`, { token: supervisor });
      expect((reassigned.body as { task: { assignee?: string } }).task.assignee).toBe('youssef');
      // The page names the assignee (from the candidates list), not only by user name.
      expect(await page.locator('#task-assignee').textContent()).toBe('Youssef Benali (youssef)');
      await checkPage('console-reassigned-fr');

      // Withdrawing: the first press warns and asks again; nothing is withdrawn until confirmed.
      const reasons = await page
        .locator('#withdraw-reason option')
        .evaluateAll((all) => all.map((option) => (option as unknown as { value: string }).value));
      await page.locator('#withdraw-reason').selectOption(reasons.find((value) => value !== '')!);
      await page.locator('#withdraw-submit').click();
      await page.locator('#withdraw-warning:not([hidden])').waitFor();
      expect(await page.locator('#withdraw-submit').textContent()).toBe('Confirmer le retrait');
      const before = await http(system, 'GET', `/cases/${caseId}`, { token: supervisor });
      expect((before.body as { status: string }).status).not.toBe('closed');
      await checkPage('console-withdraw-confirm-fr');
      await page.locator('#withdraw-submit').click();
      await page.locator('#task-status.info').waitFor({ timeout: 20_000 });
      await expect
        .poll(
          async () =>
            ((await http(system, 'GET', `/cases/${caseId}`, { token: supervisor })).body as { closureReason?: string }).closureReason,
          {
            timeout: 20_000,
          },
        )
        .toBe('withdrawn');
      expect(reference).toMatch(/^AVRR-/);
    },
  );

  it(
    'a partner association’s user sees its association’s queue; the data protection officer is told the role has no task queue',
    { timeout: 90_000 },
    async () => {
      await page.goto(`${system.url}/#/console`);
      await page.evaluate(() => sessionStorage.clear());
      await page.reload();
      await language('fr');
      await page.locator('#console-sub').fill('hajar');
      await page.locator('#console-role-partner').check();
      await page.locator('#console-partner').fill('asso-jeunesse-avenir-sale');
      await page.locator('form button[type="submit"]').click();
      const queue = page.locator('section[aria-labelledby="queue-role"]');
      await expect.poll(() => queue.textContent(), { timeout: 20_000 }).toMatch(/File de mon association(Rien à faire|.*AVRR|.*YOUTH)/);
      expect(await queue.locator('.warning').count()).toBe(0);
      await checkPage('console-partner-fr');

      await page.evaluate(() => sessionStorage.clear());
      await page.reload();
      await page.locator('#console-sub').fill('fatima');
      await page.locator('#console-role-data-protection').check();
      await page.locator('form button[type="submit"]').click();
      await expect.poll(() => queue.textContent(), { timeout: 20_000 }).toMatch(/pas de tâches de dossier/);
      expect(await queue.locator('.warning').count()).toBe(0);
    },
  );

  it('raises no Content-Security-Policy violation, and every read the pages make succeeds', () => {
    expect(cspViolations).toEqual([]);
    expect(failedReads).toEqual([]);
  });
});
