// The start of the caseworker console: sign-in against the local dev issuer (POST /_local/token;
// on AWS the Cognito hosted UI is still to come), then the signed-in person's tasks and their
// role's queue, overdue first (the API's order). The token lives in sessionStorage for the tab only;
// an expired or refused one sends the person back to sign in, told why.
import { h } from './dom.ts';
import { formatWhen, t as appText, type Language } from './i18n.ts';
import { authorizeUrl, browserEnvironment, claimsOf, completeSignIn, loadAuthConfig, type AuthConfig } from './oidc.ts';

export const ROLES = ['caseworker', 'supervisor', 'admin', 'data-protection', 'partner'] as const;
export type Role = (typeof ROLES)[number];

export interface Session {
  token: string;
  sub: string;
  role: Role;
}

interface QueueEntry {
  taskId: string;
  caseId?: string;
  reference?: string;
  step: string;
  title?: string;
  dueAt: string;
  overdue?: boolean;
  programme?: string;
}

const TEXT = {
  signInHeading: { fr: 'Connexion du personnel', ar: 'دخول الموظفين', en: 'Staff sign-in' },
  signInIntro: {
    fr: 'Système local : l’émetteur de jetons de développement signe un jeton pour l’identifiant et le rôle choisis.',
    ar: 'النظام المحلي: يوقّع مُصدِر الرموز التجريبي رمزًا للمعرّف والدور المختارين.',
    en: 'Local system: the development token issuer signs a token for the chosen user id and role.',
  },
  hostedIntro: {
    fr: 'Connectez-vous avec votre compte de la mission (mot de passe et code de votre application d’authentification).',
    ar: 'سجّل الدخول بحساب البعثة (كلمة المرور والرمز من تطبيق المصادقة).',
    en: 'Sign in with your mission account (password and the code from your authenticator app).',
  },
  hostedSignIn: {
    fr: 'Se connecter avec le compte de la mission',
    ar: 'تسجيل الدخول بحساب البعثة',
    en: 'Sign in with the mission account',
  },
  hostedRefused: {
    fr: 'La connexion n’a pas abouti : recommencez.',
    ar: 'لم يكتمل تسجيل الدخول: أعد المحاولة.',
    en: 'Sign-in did not complete: start again.',
  },
  userId: { fr: 'Identifiant', ar: 'المعرّف', en: 'User id' },
  role: { fr: 'Rôle', ar: 'الدور', en: 'Role' },
  partnerId: { fr: 'Association (pour le rôle partenaire)', ar: 'الجمعية (لدور الشريك)', en: 'Association (for the partner role)' },
  signIn: { fr: 'Se connecter', ar: 'تسجيل الدخول', en: 'Sign in' },
  signOut: { fr: 'Se déconnecter', ar: 'تسجيل الخروج', en: 'Sign out' },
  noIssuer: {
    fr: 'La connexion locale n’existe pas ici (sur AWS, la connexion passe par Cognito).',
    ar: 'تسجيل الدخول المحلي غير متاح هنا (على AWS يتم عبر Cognito).',
    en: 'Local sign-in does not exist here (on AWS, sign-in goes through Cognito).',
  },
  signInFailed: {
    fr: 'La connexion a échoué : vérifiez l’identifiant.',
    ar: 'فشل تسجيل الدخول: تحقق من المعرّف.',
    en: 'Sign-in failed: check the user id.',
  },
  userIdMissing: { fr: 'Indiquez votre identifiant.', ar: 'أدخل معرّفك.', en: 'Enter your user id.' },
  expired: {
    fr: 'Votre session a expiré : connectez-vous à nouveau.',
    ar: 'انتهت صلاحية جلستك: سجّل الدخول مجددًا.',
    en: 'Your session has expired: sign in again.',
  },
  workHeading: { fr: 'Mon travail', ar: 'عملي', en: 'My work' },
  signedInAs: { fr: 'Connecté·e :', ar: 'متصل باسم:', en: 'Signed in as' },
  myTasks: { fr: 'Mes tâches', ar: 'مهامي', en: 'My tasks' },
  roleQueue: { fr: 'File de mon rôle', ar: 'قائمة دوري', en: 'My role’s queue' },
  partnerQueue: { fr: 'File de mon association', ar: 'قائمة جمعيتي', en: 'My association’s queue' },
  noQueue: {
    fr: 'Ce rôle n’a pas de tâches de dossier : ses outils sont ceux de la protection des données (journal des accès, demandes des personnes).',
    ar: 'ليست لهذا الدور مهام ملفات: أدواته هي أدوات حماية المعطيات (سجل الاطلاع، طلبات الأشخاص).',
    en: 'This role has no case tasks: its tools are data protection’s (the access log, people’s requests).',
  },
  empty: { fr: 'Rien à faire.', ar: 'لا شيء للقيام به.', en: 'Nothing to do.' },
  due: { fr: 'Échéance', ar: 'الأجل', en: 'Due' },
  overdue: { fr: 'En retard', ar: 'متأخرة', en: 'Overdue' },
  case: { fr: 'Dossier', ar: 'الملف', en: 'Case' },
  loadFailed: { fr: 'La liste n’a pas pu être chargée.', ar: 'تعذر تحميل القائمة.', en: 'The list could not be loaded.' },
} satisfies Record<string, Record<Language, string>>;

export const ROLE_NAMES: Record<Role, Record<Language, string>> = {
  caseworker: { fr: 'Chargé·e de dossiers', ar: 'مسؤول(ة) الملفات', en: 'Caseworker' },
  supervisor: { fr: 'Superviseur·e', ar: 'مشرف(ة)', en: 'Supervisor' },
  admin: { fr: 'Administrateur·rice', ar: 'مسؤول(ة) النظام', en: 'Administrator' },
  'data-protection': { fr: 'Délégué·e à la protection des données', ar: 'مسؤول(ة) حماية المعطيات', en: 'Data-protection officer' },
  partner: { fr: 'Association partenaire', ar: 'جمعية شريكة', en: 'Partner association' },
};

const SESSION_KEY = 'console:session';
/** What the sign-in form held: kept across a sign-in again after expiry, and across languages. */
const typed = { sub: '', role: 'caseworker' as Role, partnerId: '' };
let notice: keyof typeof TEXT | undefined;

function text(key: keyof typeof TEXT, language: Language): string {
  return TEXT[key][language];
}

export function session(): Session | undefined {
  try {
    const raw = sessionStorage.getItem(SESSION_KEY);
    return raw ? (JSON.parse(raw) as Session) : undefined;
  } catch {
    return undefined;
  }
}

/** The console page the person was on when the session ended: signing in again goes back to it. */
let returnTo: string | undefined;

export function endSession(reason?: keyof typeof TEXT): void {
  sessionStorage.removeItem(SESSION_KEY);
  notice = reason;
  returnTo = reason === 'expired' && /^#\/console\/(tasks|cases)\//.test(location.hash) ? location.hash : undefined;
  location.hash = '#/console';
}

/** The stack's auth configuration (AWS: the hosted UI), read once; undefined locally (the dev issuer). */
let authConfig: Promise<AuthConfig | undefined> | undefined;
const authConfigOnce = () => (authConfig ??= loadAuthConfig());

/**
 * The hosted UI's answer on the page's address (`?code=…&state=…`): exchanged once, then removed
 * from the address bar. Returns whether there was one.
 */
export async function finishHostedSignIn(): Promise<boolean> {
  const query = new URLSearchParams(location.search);
  if (!query.has('state')) return false;
  history.replaceState(null, '', location.pathname + location.hash);
  const config = await authConfigOnce();
  const outcome = config ? await completeSignIn(config, query, browserEnvironment()) : undefined;
  if (outcome?.kind !== 'signed-in') {
    notice = 'hostedRefused';
    location.hash = '#/console';
    return true;
  }
  const claims = claimsOf(outcome.accessToken);
  const role = ROLES.find((candidate) => claims['cognito:groups']?.includes(candidate)) ?? 'caseworker';
  const started: Session = { token: outcome.accessToken, sub: claims.username ?? claims.sub ?? '', role };
  sessionStorage.setItem(SESSION_KEY, JSON.stringify(started));
  notice = undefined;
  location.hash = outcome.returnTo;
  return true;
}

export async function signInPage(main: HTMLElement, language: Language): Promise<void> {
  document.title = `${text('signInHeading', language)} — ${appText('appTitle', language)}`;
  const config = await authConfigOnce();
  if (config) {
    // On AWS: the Cognito hosted UI (MFA required), authorization code with PKCE.
    const go = h('button', { type: 'button', class: 'primary' }, text('hostedSignIn', language));
    go.addEventListener('click', () => {
      void authorizeUrl(config, browserEnvironment(), returnTo).then((url) => location.assign(url));
    });
    main.replaceChildren(
      h('p', {}, h('a', { href: '#/' }, appText('backToForms', language))),
      h('h1', { tabindex: '-1' }, text('signInHeading', language)),
      h('p', { id: 'sign-in-status', class: notice ? 'warning' : '', role: 'alert' }, notice ? text(notice, language) : ''),
      h('p', {}, text('hostedIntro', language)),
      h('div', { class: 'actions' }, go),
    );
    return;
  }
  const status = h('p', { id: 'sign-in-status', class: notice ? 'warning' : '', role: 'alert' }, notice ? text(notice, language) : '');
  const sub = h('input', {
    type: 'text',
    id: 'console-sub',
    autocomplete: 'username',
    required: true,
    'aria-describedby': 'sign-in-status',
  });
  sub.value = typed.sub;
  sub.addEventListener('input', () => (typed.sub = sub.value));
  const partner = h('input', { type: 'text', id: 'console-partner', autocomplete: 'off' });
  partner.value = typed.partnerId;
  partner.addEventListener('input', () => (typed.partnerId = partner.value));
  const roles = ROLES.map((role) => {
    const radio = h('input', { type: 'radio', name: 'console-role', id: `console-role-${role}`, value: role });
    radio.checked = role === typed.role;
    radio.addEventListener('change', () => (typed.role = role));
    return h('div', { class: 'choice' }, radio, h('label', { for: radio.id }, ROLE_NAMES[role][language]));
  });
  const form = h(
    'form',
    { novalidate: true, class: 'intake' },
    h('div', { class: 'field' }, h('label', { for: sub.id }, text('userId', language)), sub),
    h('fieldset', { class: 'field choices' }, h('legend', {}, text('role', language)), ...roles),
    h('div', { class: 'field' }, h('label', { for: partner.id }, text('partnerId', language)), partner),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary' }, text('signIn', language))),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void (async () => {
      if (!typed.sub.trim()) {
        sub.setAttribute('aria-invalid', 'true');
        status.className = 'warning';
        status.textContent = text('userIdMissing', language);
        sub.focus();
        return;
      }
      sub.removeAttribute('aria-invalid');
      const partnerId = typed.role === 'partner' && typed.partnerId.trim() ? { partnerId: typed.partnerId.trim() } : {};
      let response: Response;
      try {
        response = await fetch('/_local/token', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ sub: typed.sub.trim(), groups: [typed.role], ...partnerId }),
        });
      } catch {
        response = new Response(null, { status: 503 });
      }
      if (!response.ok) {
        status.className = 'warning';
        status.textContent = text(response.status === 404 ? 'noIssuer' : 'signInFailed', language);
        return;
      }
      const { token } = (await response.json()) as { token: string };
      const started: Session = { token, sub: typed.sub.trim(), role: typed.role };
      sessionStorage.setItem(SESSION_KEY, JSON.stringify(started));
      notice = undefined;
      location.hash = returnTo ?? '#/console/tasks';
      returnTo = undefined;
    })();
  });
  main.replaceChildren(
    h('p', {}, h('a', { href: '#/' }, appText('backToForms', language))),
    h('h1', { tabindex: '-1' }, text('signInHeading', language)),
    h('p', {}, text('signInIntro', language)),
    status,
    form,
  );
}

export async function tasksPage(main: HTMLElement, language: Language): Promise<void> {
  const current = session();
  // Expiry is the API's to judge (a 401): the issuer's clock need not be this device's.
  if (!current) return endSession();
  document.title = `${text('workHeading', language)} — ${appText('appTitle', language)}`;
  const signOut = h('button', { type: 'button', class: 'secondary' }, text('signOut', language));
  signOut.addEventListener('click', () => endSession());
  const section = (heading: string, id: string) =>
    h('section', { 'aria-labelledby': id }, h('h2', { id }, heading), h('p', {}, appText('loading', language)));
  const mine = section(text('myTasks', language), 'queue-mine');
  // A partner's second list is its association's queue; the data protection officer has no task queue.
  const role = section(text(current.role === 'partner' ? 'partnerQueue' : 'roleQueue', language), 'queue-role');
  main.replaceChildren(
    h('h1', { tabindex: '-1' }, text('workHeading', language)),
    h('p', {}, `${text('signedInAs', language)} `, h('strong', {}, current.sub), ` — ${ROLE_NAMES[current.role][language]} `, signOut),
    mine,
    role,
  );
  const queues: [HTMLElement, string][] = [];
  if (current.role === 'partner') queues.push([role, '/tasks?queue=partner']);
  else if (current.role !== 'data-protection') queues.push([role, `/tasks?queue=role&role=${encodeURIComponent(current.role)}`]);
  else role.replaceChildren(h('h2', { id: 'queue-role' }, text('roleQueue', language)), h('p', {}, text('noQueue', language)));
  if (current.role !== 'admin' && current.role !== 'data-protection') queues.unshift([mine, '/tasks?queue=mine']);
  else mine.remove();
  await Promise.all(
    queues.map(async ([element, path]) => {
      const response = await fetch(path, { headers: { authorization: `Bearer ${current.token}`, 'accept-language': language } }).catch(
        () => undefined,
      );
      if (response?.status === 401) return endSession('expired');
      const body = response?.ok ? ((await response.json()) as { items: QueueEntry[] }) : undefined;
      element.querySelector('p')?.remove();
      if (!body) return element.append(h('p', { class: 'warning' }, text('loadFailed', language)));
      if (body.items.length === 0) return element.append(h('p', {}, text('empty', language)));
      element.append(
        h(
          'ul',
          { class: 'forms tasks' },
          ...body.items.map((task) =>
            h(
              'li',
              { class: task.overdue ? 'overdue' : '' },
              h(
                'a',
                { href: `#/console/tasks/${encodeURIComponent(task.taskId)}`, class: 'task-link' },
                h('strong', {}, task.title ?? task.step),
              ),
              task.overdue ? h('span', { class: 'badge' }, ` ${text('overdue', language)}`) : null,
              h(
                'p',
                {},
                `${text('case', language)} `,
                task.caseId
                  ? h('a', { href: `#/console/cases/${encodeURIComponent(task.caseId)}`, dir: 'ltr' }, task.reference ?? task.caseId)
                  : h('span', { dir: 'ltr' }, task.reference ?? ''),
                ` — ${text('due', language)} `,
                h('time', { datetime: task.dueAt }, formatWhen(task.dueAt, language)),
              ),
            ),
          ),
        ),
      );
    }),
  );
}

/**
 * A call to the API as the signed-in person, in the page's language. A 401 (an expired token) ends
 * the session and sends the person to sign in again; `undefined` then, and on a network failure.
 */
export async function callApi(
  path: string,
  language: Language,
  init: { method?: string; body?: unknown } = {},
): Promise<Response | undefined> {
  const current = session();
  if (!current) {
    endSession();
    return undefined;
  }
  const headers: Record<string, string> = {
    authorization: `Bearer ${current.token}`,
    'accept-language': language,
    accept: 'application/json, application/problem+json',
  };
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(path, {
    method: init.method ?? 'GET',
    headers,
    ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
  }).catch(() => undefined);
  if (response?.status === 401) {
    endSession('expired');
    return undefined;
  }
  return response;
}
