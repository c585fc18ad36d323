// The intake: the forms list, one form, and its receipt. Routes live in the URL's hash
// (#/, #/forms/<id>, #/forms/<id>/done) so that no client path is ever an API path.
import './styles.css';
import { getForm, listForms, submit, type FieldError, type FormDocument, type Receipt } from './api.ts';
import { h } from './dom.ts';
import { LANGUAGES, LANGUAGE_NAMES, direction, formatWhen, t, type Language, type TextKey } from './i18n.ts';
import { SchemaForm } from './schema-form.ts';
import { finishHostedSignIn, signInPage, tasksPage } from './console.ts';
import { casePage, taskPage } from './console-pages.ts';
import { clearDraft, loadDraft, loadReceipt, saveDraft, saveLanguage, saveReceipt, savedLanguage, type Draft } from './storage.ts';

let language: Language = savedLanguage() ?? preferredLanguage();
/** What the current page re-renders when the language changes. */
let renderPage: () => Promise<void> | void = () => undefined;

const app = document.getElementById('app')!;
const banner = h('div', { class: 'banner', role: 'status', 'aria-live': 'polite' });
const main = h('main', { id: 'content', tabindex: '-1' });
let bannerKey: TextKey | undefined;

function preferredLanguage(): Language {
  for (const tag of navigator.languages) {
    const base = tag.slice(0, 2) as Language;
    if (LANGUAGES.includes(base)) return base;
  }
  return 'fr';
}

function say(key: TextKey | undefined, tone: 'info' | 'warning' = 'info'): void {
  bannerKey = key;
  banner.textContent = key ? t(key, language) : '';
  banner.className = `banner ${key ? tone : ''}`;
}

function frame(): void {
  document.documentElement.lang = language;
  document.documentElement.dir = direction(language);
  const switcher = h(
    'nav',
    { class: 'languages', 'aria-label': t('languageLabel', language) },
    ...LANGUAGES.map((code) => {
      const button = h('button', { type: 'button', lang: code, 'aria-pressed': String(code === language) }, LANGUAGE_NAMES[code]);
      button.addEventListener('click', () => void switchLanguage(code));
      return button;
    }),
  );
  const header = h(
    'header',
    { class: 'top' },
    h('a', { class: 'skip', href: '#content' }, t('skipToContent', language)),
    h('p', { class: 'brand' }, t('appTitle', language)),
    switcher,
  );
  header.querySelector('.skip')!.addEventListener('click', (event) => {
    event.preventDefault();
    main.focus();
  });
  app.replaceChildren(header, banner, main);
  if (bannerKey) banner.textContent = t(bannerKey, language);
}

async function switchLanguage(code: Language): Promise<void> {
  if (code === language) return;
  language = code;
  saveLanguage(code);
  frame();
  await renderPage();
  document.querySelector<HTMLElement>(`.languages [lang="${code}"]`)?.focus();
}

function heading(text: string): HTMLHeadingElement {
  return h('h1', { tabindex: '-1' }, text);
}

async function formsPage(): Promise<void> {
  document.title = t('appTitle', language);
  main.replaceChildren(h('p', {}, t('loading', language)));
  try {
    const forms = await listForms(language);
    main.replaceChildren(
      heading(t('formsHeading', language)),
      h('p', {}, t('formsIntro', language)),
      h(
        'ul',
        { class: 'forms' },
        ...forms.map((form) =>
          h('li', {}, h('a', { href: `#/forms/${encodeURIComponent(form.id)}` }, form.title), h('p', {}, form.description)),
        ),
      ),
      h('p', { class: 'staff' }, h('a', { href: '#/console' }, t('staffConsole', language))),
    );
  } catch {
    failed(() => formsPage());
  }
}

function failed(retry: () => Promise<void>): void {
  const button = h('button', { type: 'button' }, t('retry', language));
  button.addEventListener('click', () => void retry());
  main.replaceChildren(h('p', { class: 'warning', role: 'alert' }, t('loadFailed', language)), button);
}

/** One form page: its state survives language changes (the page object lives until the route changes). */
function formPage(formId: string): () => Promise<void> {
  const stored = loadDraft(formId);
  const draft: Draft = stored ?? { values: {}, counts: {}, savedAt: new Date().toISOString() };
  let restoredNotice = stored !== undefined && Object.keys(stored.values).length > 0;
  let documentShown: FormDocument | undefined;
  let sending = false;
  /** The errors shown, and the body they were for: re-asked in the new language if it did not change. */
  let shownErrors: { body: string; errors: FieldError[] } | undefined;
  const persist = () => {
    draft.savedAt = new Date().toISOString();
    saveDraft(formId, draft);
  };

  const render = async (): Promise<void> => {
    // On a language change the form stays in place (answers, errors) until its new words arrive.
    if (!documentShown) main.replaceChildren(h('p', {}, t('loading', language)));
    try {
      documentShown = await getForm(formId, language);
    } catch {
      return failed(render);
    }
    const doc = documentShown;
    document.title = `${doc.title} — ${t('appTitle', language)}`;
    // A new renderer per language (its labels), over the same answers (the draft).
    const schemaForm = new SchemaForm(doc.schema, draft, persist);
    schemaForm.rerender = () => {
      const fresh = schemaForm.render(language);
      main.querySelector('.schema-form')?.replaceWith(fresh);
      if (shownErrors) schemaForm.showErrors(shownErrors.errors);
    };
    const summary = h('div', { class: 'error-summary', tabindex: '-1', hidden: true });
    const button = h('button', { type: 'submit', class: 'primary' }, t('submit', language));
    const discard = h('button', { type: 'button', class: 'secondary' }, t('discardDraft', language));
    discard.addEventListener('click', () => {
      draft.values = {};
      draft.counts = {};
      delete draft.idempotencyKey;
      delete draft.sentBody;
      clearDraft(formId);
      shownErrors = undefined;
      void render();
    });
    const element = h(
      'form',
      { novalidate: true, class: 'intake' },
      summary,
      schemaForm.render(language),
      h('div', { class: 'actions' }, button, discard),
    );
    const showErrors = (errors: FieldError[]) => {
      const listed = schemaForm.showErrors(errors);
      summary.hidden = false;
      summary.replaceChildren(
        h('h2', {}, t('errorSummary', language)),
        h(
          'ul',
          {},
          ...listed.map((error) =>
            h(
              'li',
              {},
              error.targetId
                ? h('a', { href: `#${error.targetId}`, 'data-target': error.targetId }, `${error.label} : ${error.message}`)
                : error.message,
            ),
          ),
        ),
      );
      for (const link of summary.querySelectorAll<HTMLAnchorElement>('a[data-target]')) {
        link.addEventListener('click', (event) => {
          event.preventDefault();
          document.getElementById(link.dataset.target!)?.focus();
        });
      }
    };
    element.addEventListener('submit', (event) => {
      event.preventDefault();
      void send();
    });
    const send = async (body: unknown = schemaForm.value(), revalidating = false): Promise<void> => {
      if (sending) return;
      if (!navigator.onLine) {
        persist();
        return say('offline', 'warning');
      }
      sending = true;
      button.disabled = true;
      button.textContent = t('sending', language);
      // One key per attempt: kept (on the device) across retries and reloads until the case exists.
      draft.idempotencyKey ??= crypto.randomUUID();
      const earlier = draft.sentBody;
      draft.sentBody = body;
      persist();
      const outcome = await submit(doc, body, draft.idempotencyKey, language);
      sending = false;
      button.disabled = false;
      button.textContent = t('submit', language);
      switch (outcome.kind) {
        case 'created':
          saveReceipt(formId, outcome.receipt);
          clearDraft(formId);
          say(undefined);
          location.hash = `#/forms/${encodeURIComponent(formId)}/done`;
          return;
        case 'invalid':
          if (outcome.type.endsWith(':idempotencyKeyReused') && !revalidating && earlier !== undefined) {
            // An earlier send of this attempt was recorded (its answer was lost): ask for its receipt.
            return send(earlier, true);
          }
          // Nothing was recorded: the next send may carry other answers under the same key.
          delete draft.sentBody;
          persist();
          shownErrors = { body: JSON.stringify(body), errors: outcome.errors };
          say(undefined);
          showErrors(outcome.errors);
          summary.focus();
          return;
        case 'network':
          return say(navigator.onLine ? 'networkFailed' : 'offline', 'warning');
        case 'unavailable':
          return say('unavailable', 'warning');
      }
    };
    main.replaceChildren(
      ...[
        h('p', {}, h('a', { href: '#/' }, t('backToForms', language))),
        heading(doc.title),
        h('p', { class: 'lead' }, doc.description),
        restoredNotice ? h('p', { class: 'info' }, t('draftRestored', language)) : null,
        noticeOf(doc),
        element,
      ].filter((node) => node !== null),
    );
    restoredNotice = false;
    if (shownErrors) {
      showErrors(shownErrors.errors);
      // The errors in the new language: the same answers asked again (nothing is recorded with errors).
      if (JSON.stringify(schemaForm.value()) === shownErrors.body) await send(schemaForm.value(), true);
    }
  };
  return render;
}

function noticeOf(doc: FormDocument): HTMLElement | null {
  const notice = doc.notice;
  if (!notice) return null;
  const list = (items?: string[]) => (items?.length ? h('ul', {}, ...items.map((item) => h('li', {}, item))) : null);
  return h(
    'details',
    { class: 'notice' },
    h('summary', {}, t('noticeHeading', language)),
    notice.controller ? h('p', {}, notice.controller) : null,
    list(notice.purposes),
    list(notice.recipients),
    list(notice.rights),
    notice.howToExerciseRights ? h('p', {}, notice.howToExerciseRights) : null,
    notice.mandatoryAnswersNote ? h('p', {}, notice.mandatoryAnswersNote) : null,
    notice.cndpStatement ? h('p', {}, notice.cndpStatement) : null,
  );
}

function donePage(formId: string): void {
  const receipt = loadReceipt<Receipt>(formId);
  document.title = `${t('doneHeading', language)} — ${t('appTitle', language)}`;
  if (!receipt) {
    main.replaceChildren(heading(t('notFound', language)), h('p', {}, h('a', { href: '#/' }, t('backToForms', language))));
    return;
  }
  main.replaceChildren(
    heading(t('doneHeading', language)),
    h(
      'dl',
      { class: 'receipt' },
      h('dt', {}, t('yourReference', language)),
      h('dd', { class: 'reference', dir: 'ltr' }, receipt.reference),
      h('dt', {}, t('receivedAt', language)),
      h('dd', {}, formatWhen(receipt.receivedAt, language)),
    ),
    h('h2', {}, t('nextHeading', language)),
    h('ol', {}, h('li', {}, t('next1', language)), h('li', {}, t('next2', language)), h('li', {}, t('next3', language))),
    h('p', {}, h('a', { href: '#/' }, t('newRequest', language))),
  );
}

async function route(): Promise<void> {
  const path = location.hash.replace(/^#/, '') || '/';
  const done = /^\/forms\/([\w-]+)\/done$/.exec(path);
  const form = /^\/forms\/([\w-]+)$/.exec(path);
  const consoleCase = /^\/console\/cases\/([\w%-]+)$/.exec(path);
  const consoleTask = /^\/console\/tasks\/([\w%-]+)$/.exec(path);
  if (path === '/console') renderPage = () => signInPage(main, language);
  else if (path === '/console/tasks') renderPage = () => tasksPage(main, language);
  else if (consoleCase) renderPage = () => casePage(main, language, decodeURIComponent(consoleCase[1]!));
  else if (consoleTask) renderPage = () => taskPage(main, language, decodeURIComponent(consoleTask[1]!));
  else if (done) renderPage = () => donePage(done[1]!);
  else if (form) renderPage = formPage(form[1]!);
  else if (path === '/') renderPage = formsPage;
  else
    renderPage = () => {
      main.replaceChildren(heading(t('notFound', language)), h('p', {}, h('a', { href: '#/' }, t('backToForms', language))));
    };
  await renderPage();
  main.querySelector<HTMLElement>('h1')?.focus();
}

window.addEventListener('hashchange', () => void route());
window.addEventListener('offline', () => say('offline', 'warning'));
window.addEventListener('online', () => say('online'));
frame();
if (!navigator.onLine) say('offline', 'warning');
// Back from the hosted UI (AWS): the sign-in is completed first; it sets the route it returns to.
const landedOn = location.hash;
void finishHostedSignIn().then((handled) => (handled && location.hash !== landedOn ? undefined : route()));
