// The console's case page (#/console/cases/<caseId>: the persons, the programme, where the case
// stands, its linked cases, the workflow's phases with the current one marked, the timeline) and
// task page (#/console/tasks/<taskId>: the decision form rendered from the step's schema, with
// what the decider needs beside it; claim, reassign, withdraw). Every word about the case comes from
// the API in the page's language; the console adds only its own headings.
import { h } from './dom.ts';
import { formatWhen, t as appText, type Language } from './i18n.ts';
import { SchemaForm, type FormState, type JsonSchema } from './schema-form.ts';
import { callApi, session } from './console.ts';
import type { FieldError } from './api.ts';

const TEXT = {
  backToWork: { fr: 'Retour à mon travail', ar: 'العودة إلى عملي', en: 'Back to my work' },
  caseHeading: { fr: 'Dossier', ar: 'الملف', en: 'Case' },
  programme: { fr: 'Programme', ar: 'البرنامج', en: 'Programme' },
  phase: { fr: 'Phase', ar: 'المرحلة', en: 'Phase' },
  currentStep: { fr: 'Étape en cours', ar: 'الخطوة الحالية', en: 'Current step' },
  status: { fr: 'État', ar: 'الحالة', en: 'Status' },
  open: { fr: 'Ouvert', ar: 'مفتوح', en: 'Open' },
  closed: { fr: 'Clos', ar: 'مغلق', en: 'Closed' },
  persons: { fr: 'Personnes', ar: 'الأشخاص', en: 'Persons' },
  born: { fr: 'Né·e le', ar: 'تاريخ الازدياد', en: 'Born' },
  nationality: { fr: 'Nationalité', ar: 'الجنسية', en: 'Nationality' },
  linked: { fr: 'Dossiers liés', ar: 'الملفات المرتبطة', en: 'Linked cases' },
  noLinked: { fr: 'Aucun dossier lié.', ar: 'لا توجد ملفات مرتبطة.', en: 'No linked case.' },
  diagram: { fr: 'Déroulement du dossier', ar: 'مسار الملف', en: 'The case’s workflow' },
  phases: { fr: 'Phases du programme', ar: 'مراحل البرنامج', en: 'The programme’s phases' },
  steps: { fr: 'Étapes du dossier', ar: 'خطوات الملف', en: 'The case’s steps' },
  youAreHere: { fr: '(phase en cours)', ar: '(المرحلة الحالية)', en: '(current phase)' },
  stepCurrent: { fr: '(à faire)', ar: '(قيد الانتظار)', en: '(to do)' },
  stepDone: { fr: '(fait)', ar: '(منجزة)', en: '(done)' },
  nowAt: { fr: 'Le dossier est à la phase', ar: 'الملف في مرحلة', en: 'The case is in the phase' },
  timeline: { fr: 'Historique', ar: 'السجل', en: 'Timeline' },
  loadFailed: { fr: 'La page n’a pas pu être chargée.', ar: 'تعذر تحميل الصفحة.', en: 'The page could not be loaded.' },
  notFound: { fr: 'Introuvable, ou non accessible.', ar: 'غير موجود أو غير متاح لك.', en: 'Not found, or not yours to see.' },
  due: { fr: 'Échéance', ar: 'الأجل', en: 'Due' },
  assignee: { fr: 'Attribuée à', ar: 'مسندة إلى', en: 'Assigned to' },
  you: { fr: 'vous', ar: 'أنت', en: 'you' },
  nobody: { fr: 'personne (file du rôle)', ar: 'لا أحد (قائمة الدور)', en: 'nobody (the role’s queue)' },
  decideOn: { fr: 'Ce que vous décidez', ar: 'ما تقرر بشأنه', en: 'What you decide on' },
  completedBy: { fr: 'Fait par', ar: 'أنجزها', en: 'Done by' },
  budgetCeiling: { fr: 'Plafond budgétaire', ar: 'سقف الميزانية', en: 'Budget ceiling' },
  householdSize: { fr: 'Taille du ménage', ar: 'عدد أفراد الأسرة', en: 'Household size' },
  previous: { fr: 'Décisions précédentes', ar: 'القرارات السابقة', en: 'Previous decisions' },
  decision: { fr: 'Votre décision', ar: 'قرارك', en: 'Your decision' },
  submitDecision: { fr: 'Enregistrer la décision', ar: 'تسجيل القرار', en: 'Record the decision' },
  recorded: { fr: 'Décision enregistrée.', ar: 'تم تسجيل القرار.', en: 'Decision recorded.' },
  fieldErrors: {
    fr: 'La décision n’a pas été enregistrée. Corrigez les champs signalés.',
    ar: 'لم يُسجَّل القرار. صحّح الحقول المشار إليها.',
    en: 'The decision was not recorded. Correct the fields marked.',
  },
  fourEyes: {
    fr: 'Quatre yeux : vous avez instruit ou préparé ce dossier, un·e autre superviseur·e doit décider de cette étape.',
    ar: 'مبدأ الأعين الأربع: لقد درست هذا الملف أو أعددته، ويجب أن يقرر في هذه المرحلة مشرف آخر.',
    en: 'Four eyes: you screened or prepared this case; another supervisor must decide this step.',
  },
  notYours: { fr: 'Votre rôle ne permet pas cette étape.', ar: 'دورك لا يسمح بهذه الخطوة.', en: 'Your role may not do this step.' },
  notOpen: { fr: 'Cette étape n’est plus ouverte.', ar: 'هذه الخطوة لم تعد مفتوحة.', en: 'This step is no longer open.' },
  yes: { fr: 'Oui', ar: 'نعم', en: 'Yes' },
  no: { fr: 'Non', ar: 'لا', en: 'No' },
  actions: { fr: 'Actions', ar: 'إجراءات', en: 'Actions' },
  claim: { fr: 'Prendre la tâche', ar: 'تولي المهمة', en: 'Take the task' },
  claimed: { fr: 'La tâche est à vous.', ar: 'المهمة لك الآن.', en: 'The task is yours.' },
  reassignTo: { fr: 'Réattribuer à', ar: 'إعادة الإسناد إلى', en: 'Reassign to' },
  reassign: { fr: 'Réattribuer', ar: 'إعادة الإسناد', en: 'Reassign' },
  reassigned: { fr: 'Tâche réattribuée à', ar: 'أعيد إسناد المهمة إلى', en: 'Task reassigned to' },
  withdrawReason: { fr: 'Motif du retrait', ar: 'سبب السحب', en: 'Reason for withdrawing' },
  withdraw: { fr: 'Retirer la demande', ar: 'سحب الطلب', en: 'Withdraw the request' },
  withdrawConfirm: { fr: 'Confirmer le retrait', ar: 'تأكيد السحب', en: 'Confirm the withdrawal' },
  withdrawWarning: {
    fr: 'Retirer la demande clôt le dossier et arrête ses étapes en cours. Confirmez pour continuer.',
    ar: 'سحب الطلب يغلق الملف ويوقف مراحله الجارية. أكّد للمتابعة.',
    en: 'Withdrawing the request closes the case and stops its steps under way. Confirm to go on.',
  },
  withdrawn: { fr: 'La demande est retirée.', ar: 'تم سحب الطلب.', en: 'The request is withdrawn.' },
  failed: { fr: 'L’action n’a pas abouti.', ar: 'لم ينجح الإجراء.', en: 'The action failed.' },
  unavailable: {
    fr: 'Le service est momentanément indisponible : réessayez dans un instant.',
    ar: 'الخدمة غير متاحة مؤقتًا: أعد المحاولة بعد لحظة.',
    en: 'The service is unavailable for a moment: try again shortly.',
  },
} satisfies Record<string, Record<Language, string>>;

/** The applicant's reasons for withdrawing (the API's WithdrawalBody `reasonCode`). */
const WITHDRAWAL_REASONS: Record<string, Record<Language, string>> = {
  'changed-mind': { fr: 'A changé d’avis', ar: 'غيّر رأيه', en: 'Changed their mind' },
  'family-reasons': { fr: 'Raisons familiales', ar: 'أسباب عائلية', en: 'Family reasons' },
  health: { fr: 'Santé', ar: 'الصحة', en: 'Health' },
  'found-work-or-status': { fr: 'A trouvé un travail ou un statut', ar: 'وجد عملًا أو وضعًا قانونيًا', en: 'Found work or a status' },
  other: { fr: 'Autre', ar: 'آخر', en: 'Other' },
};

const say = (key: keyof typeof TEXT, language: Language) => TEXT[key][language];

const locale = (language: Language) => (language === 'ar' ? 'ar-MA' : language);

export { formatWhen };

const when = (iso: string, language: Language) => h('time', { datetime: iso }, formatWhen(iso, language));

interface CaseTask {
  taskId: string;
  step: string;
  title?: string;
  status: string;
  dueAt: string;
}

interface CaseView {
  caseId: string;
  reference: string;
  programme: string;
  programmeTitle?: string;
  stage: string;
  status: 'open' | 'closed';
  persons: {
    personId: string;
    role: string;
    data: Record<string, unknown>;
    otherCases?: { caseId: string; reference?: string; programme?: string }[];
  }[];
  links?: { caseId: string; programme: string; relation: string }[];
  tasks: CaseTask[];
  workflow?: { phase: string; title?: string; phases?: { phase: string; title: string }[] };
}

interface HistoryEvent {
  type: string;
  at: string;
  summary?: string;
}

interface RelatedTask {
  taskId: string;
  step: string;
  title: string;
  status: string;
  completedAt?: string;
  completedBy?: string;
  decision?: Record<string, unknown>;
  context?: Record<string, unknown>;
}

interface TaskDocument {
  task: {
    taskId: string;
    caseId: string;
    reference: string;
    step: string;
    status: string;
    assignee?: string;
    dueAt: string;
    overdue: boolean;
    version: number;
    context?: Record<string, unknown>;
  };
  title: string;
  decision: JsonSchema;
  mayComplete: boolean;
  mayReassign?: boolean;
  notAllowedBecause?: 'status' | 'role' | 'partner' | 'four-eyes';
  relatedTask?: RelatedTask;
  previousDecisions?: RelatedTask[];
}

interface Problem {
  title?: string;
  detail?: string;
  errors?: FieldError[];
}

function heading(text: string): HTMLHeadingElement {
  return h('h1', { tabindex: '-1' }, text);
}

function back(language: Language): HTMLElement {
  return h('p', {}, h('a', { href: '#/console/tasks' }, say('backToWork', language)));
}

function failure(main: HTMLElement, language: Language, status?: number): void {
  main.replaceChildren(
    back(language),
    h('p', { class: 'warning', role: 'alert' }, say(status === 404 ? 'notFound' : status === 503 ? 'unavailable' : 'loadFailed', language)),
  );
}

async function problemOf(response: Response): Promise<Problem> {
  try {
    return (await response.json()) as Problem;
  } catch {
    return {};
  }
}

function personName(data: Record<string, unknown>): string {
  return [data.givenNames, data.familyName].filter((part) => typeof part === 'string' && part !== '').join(' ');
}

export async function casePage(main: HTMLElement, language: Language, caseId: string): Promise<void> {
  if (!session()) return void callApi('', language);
  main.replaceChildren(h('p', {}, appText('loading', language)));
  const id = encodeURIComponent(caseId);
  const [view, history] = await Promise.all([callApi(`/cases/${id}`, language), callApi(`/cases/${id}/history`, language)]);
  if (!view || !history) return view || history ? failure(main, language) : undefined;
  if (!view.ok) return failure(main, language, view.status);
  const found = (await view.json()) as CaseView;
  const events = history.ok ? ((await history.json()) as { events: HistoryEvent[] }).events : [];
  document.title = `${found.reference} — ${appText('appTitle', language)}`;
  const openTasks = found.tasks.filter((task) => task.status === 'open' || task.status === 'completing');
  const facts = h(
    'dl',
    { class: 'facts' },
    h('dt', {}, say('programme', language)),
    h('dd', {}, found.programmeTitle ?? found.programme),
    h('dt', {}, say('phase', language)),
    h('dd', { id: 'case-phase' }, found.workflow?.title ?? found.workflow?.phase ?? '—'),
    h('dt', {}, say('currentStep', language)),
    h(
      'dd',
      {},
      openTasks.length === 0
        ? '—'
        : openTasks.flatMap((task, i) => [
            i > 0 ? ', ' : null,
            h('a', { href: `#/console/tasks/${encodeURIComponent(task.taskId)}` }, task.title ?? task.step),
          ]),
    ),
    h('dt', {}, say('status', language)),
    h('dd', {}, say(found.status === 'closed' ? 'closed' : 'open', language)),
  );
  const persons = h(
    'section',
    { 'aria-labelledby': 'case-persons' },
    h('h2', { id: 'case-persons' }, say('persons', language)),
    h(
      'ul',
      { class: 'plain' },
      ...found.persons.map((person) =>
        h(
          'li',
          {},
          h('strong', {}, personName(person.data) || person.personId),
          typeof person.data.dateOfBirth === 'string'
            ? ` — ${say('born', language)} ${new Intl.DateTimeFormat(locale(language), { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(person.data.dateOfBirth))}`
            : null,
          typeof person.data.nationality === 'string' ? ` — ${say('nationality', language)} ${person.data.nationality}` : null,
        ),
      ),
    ),
  );
  const linkedCases = [
    ...(found.links ?? []).map((link) => ({ caseId: link.caseId, text: link.programme })),
    ...found.persons.flatMap((person) =>
      (person.otherCases ?? []).map((other) => ({ caseId: other.caseId, text: other.reference ?? other.programme ?? other.caseId })),
    ),
  ];
  const linked = h(
    'section',
    { 'aria-labelledby': 'case-linked' },
    h('h2', { id: 'case-linked' }, say('linked', language)),
    linkedCases.length === 0
      ? h('p', {}, say('noLinked', language))
      : h(
          'ul',
          { class: 'plain' },
          ...linkedCases.map((link) =>
            h('li', {}, h('a', { href: `#/console/cases/${encodeURIComponent(link.caseId)}`, dir: 'ltr' }, link.text)),
          ),
        ),
  );
  main.replaceChildren(
    back(language),
    heading(`${say('caseHeading', language)} ${found.reference}`),
    facts,
    persons,
    linked,
    diagram(found, language),
    h(
      'section',
      { 'aria-labelledby': 'case-timeline' },
      h('h2', { id: 'case-timeline' }, say('timeline', language)),
      h('ol', { class: 'timeline' }, ...events.map((event) => h('li', { 'data-type': event.type }, event.summary ?? event.type))),
    ),
  );
}

/**
 * The workflow as an accessible diagram: the programme's phases in order (from the API), the
 * current one marked (`aria-current="step"`, and said in words), then the case's steps so far with
 * the one to do marked. Lists, not a picture: a screen reader reads it as it is drawn.
 */
function diagram(found: CaseView, language: Language): HTMLElement {
  const current = found.workflow?.phase;
  const phases = found.workflow?.phases ?? [];
  const steps = [...found.tasks].sort((a, b) => a.dueAt.localeCompare(b.dueAt));
  return h(
    'section',
    { 'aria-labelledby': 'case-diagram', class: 'diagram' },
    h('h2', { id: 'case-diagram' }, say('diagram', language)),
    found.workflow ? h('p', { id: 'diagram-now' }, `${say('nowAt', language)} « ${found.workflow.title ?? found.workflow.phase} ».`) : null,
    h('h3', {}, say('phases', language)),
    h(
      'ol',
      { class: 'phases', 'aria-describedby': found.workflow ? 'diagram-now' : undefined },
      ...phases.map((phase) =>
        h(
          'li',
          { class: phase.phase === current ? 'current' : '', 'aria-current': phase.phase === current ? 'step' : undefined },
          phase.title,
          phase.phase === current ? h('span', { class: 'marker' }, ` ${say('youAreHere', language)}`) : null,
        ),
      ),
    ),
    h('h3', {}, say('steps', language)),
    h(
      'ol',
      { class: 'steps' },
      ...steps.map((task) => {
        const todo = task.status === 'open' || task.status === 'completing';
        return h(
          'li',
          { class: todo ? 'current' : 'done', 'aria-current': todo ? 'step' : undefined },
          todo
            ? h('a', { href: `#/console/tasks/${encodeURIComponent(task.taskId)}` }, task.title ?? task.step)
            : (task.title ?? task.step),
          h('span', { class: 'marker' }, ` ${say(todo ? 'stepCurrent' : task.status === 'completed' ? 'stepDone' : 'stepDone', language)}`),
        );
      }),
    ),
  );
}

/** What was typed in each task's decision form: kept across languages and a sign-in again. */
const typedDecisions = new Map<string, FormState>();

function valueText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

/** A closed list's option by its title (`{const, title}` branches), else the value as text. */
function optionText(schema: JsonSchema | undefined, value: unknown, language: Language): string {
  if (typeof value === 'boolean') return say(value ? 'yes' : 'no', language);
  if (Array.isArray(value)) return value.map((item) => optionText(schema?.items, item, language)).join(', ');
  if (value !== null && typeof value === 'object') {
    // One item of a list (a plan's line): each field by its title.
    return Object.entries(value)
      .map(([name, field]) => {
        const property = schema?.properties?.[name];
        return `${property?.['x-labels']?.[language] ?? property?.title ?? name} : ${optionText(property, field, language)}`;
      })
      .join(' — ');
  }
  const option = schema?.oneOf?.find((branch) => branch.const !== undefined && branch.const === value);
  return option?.title ?? valueText(value);
}

/**
 * A decision taken, in words: each field by its title and each option by its label, read from the
 * step's own decision schema (the branch of its outcome) in the page's language.
 */
function decisionList(
  decision: Record<string, unknown> | undefined,
  schema: JsonSchema | undefined,
  language: Language,
): HTMLElement | null {
  if (!decision) return null;
  const branch = schema?.oneOf?.find((candidate) => candidate.properties?.outcome?.const === decision.outcome) ?? schema;
  return h(
    'dl',
    { class: 'facts' },
    ...Object.entries(decision).flatMap(([name, value]) => {
      const property = branch?.properties?.[name];
      const label = property?.['x-labels']?.[language] ?? property?.title ?? name;
      const shown =
        name === 'outcome' && branch?.title
          ? branch.title
          : Array.isArray(value) && value.some((item) => item !== null && typeof item === 'object')
            ? h('ul', { class: 'plain' }, ...value.map((item) => h('li', {}, optionText(property?.items, item, language))))
            : optionText(property, value, language);
      return [h('dt', {}, label), h('dd', { 'data-field': name }, shown)];
    }),
  );
}

function related(task: RelatedTask, language: Language, level: 'h3' | 'h4', schemas: Map<string, JsonSchema>): HTMLElement[] {
  return [
    h(level, {}, task.title),
    task.completedBy || task.completedAt
      ? h(
          'p',
          {},
          `${say('completedBy', language)} `,
          h('span', { dir: 'ltr' }, task.completedBy ?? ''),
          task.completedAt ? ' — ' : '',
          task.completedAt ? when(task.completedAt, language) : '',
        )
      : h('span', {}),
    decisionList(task.decision, schemas.get(task.step), language) ?? h('span', {}),
  ];
}

function money(amount: number, language: Language): string {
  return new Intl.NumberFormat(locale(language), { style: 'currency', currency: 'EUR', maximumFractionDigits: 0 }).format(amount);
}

/** `notice`: what an action that re-reads the task (claim, reassign) says once the page is shown again. */
export async function taskPage(main: HTMLElement, language: Language, taskId: string, notice?: string): Promise<void> {
  const me = session();
  if (!me) return void callApi('', language);
  main.replaceChildren(h('p', {}, appText('loading', language)));
  const path = `/tasks/${encodeURIComponent(taskId)}`;
  const response = await callApi(path, language);
  if (!response) return;
  if (!response.ok) return failure(main, language, response.status);
  const doc = (await response.json()) as TaskDocument;
  const { task } = doc;
  document.title = `${doc.title} — ${appText('appTitle', language)}`;
  const status = h('div', { id: 'task-status', role: 'alert', tabindex: '-1' });
  const tell = (tone: 'info' | 'warning', ...lines: (string | undefined)[]) => {
    status.className = tone;
    status.replaceChildren(...lines.filter((line): line is string => !!line).map((line) => h('p', {}, line)));
    status.focus();
  };
  const refused = async (answer: Response | undefined) => {
    if (!answer) return;
    if (answer.status === 503 || answer.status === 429) return tell('warning', say('unavailable', language));
    const problem = await problemOf(answer);
    tell('warning', problem.title ?? say('failed', language), problem.detail);
  };

  // The words of the decisions shown: each step's own schema (the related one read with its task).
  const schemas = new Map<string, JsonSchema>([[task.step, doc.decision]]);
  if (doc.relatedTask && doc.relatedTask.step !== task.step) {
    const other = await callApi(`/tasks/${encodeURIComponent(doc.relatedTask.taskId)}`, language);
    if (other?.ok) schemas.set(doc.relatedTask.step, ((await other.json()) as TaskDocument).decision);
  }
  const context = { ...(doc.relatedTask?.context ?? {}), ...(task.context ?? {}) };
  const ceiling = typeof context.budgetCeilingEUR === 'number' ? context.budgetCeilingEUR : undefined;
  const household = typeof context.householdSize === 'number' ? context.householdSize : undefined;
  const contextSection =
    doc.relatedTask || ceiling !== undefined || doc.previousDecisions?.length
      ? h(
          'section',
          { 'aria-labelledby': 'task-context', class: 'context' },
          h('h2', { id: 'task-context' }, say('decideOn', language)),
          ceiling !== undefined || household !== undefined
            ? h(
                'dl',
                { class: 'facts', id: 'task-ceiling' },
                ceiling !== undefined ? [h('dt', {}, say('budgetCeiling', language)), h('dd', {}, money(ceiling, language))] : [],
                household !== undefined ? [h('dt', {}, say('householdSize', language)), h('dd', {}, String(household))] : [],
              )
            : null,
          doc.relatedTask ? h('div', { class: 'related', id: 'related-task' }, ...related(doc.relatedTask, language, 'h3', schemas)) : null,
          doc.previousDecisions?.length
            ? h(
                'div',
                { id: 'previous-decisions' },
                h('h3', {}, say('previous', language)),
                h('ol', {}, ...doc.previousDecisions.map((previous) => h('li', {}, ...related(previous, language, 'h4', schemas)))),
              )
            : null,
        )
      : null;

  // The decision form: the step's schema under `decision`, so that its pointers are the API's.
  const state = typedDecisions.get(taskId) ?? { values: {}, counts: {} };
  typedDecisions.set(taskId, state);
  const wrapped: JsonSchema = { type: 'object', required: ['decision'], properties: { decision: doc.decision } };
  const schemaForm = new SchemaForm(wrapped, state, () => undefined);
  let shownErrors: FieldError[] | undefined;
  schemaForm.rerender = () => {
    const fresh = schemaForm.render(language);
    form.querySelector('.schema-form')?.replaceWith(fresh);
    if (shownErrors) schemaForm.showErrors(shownErrors);
  };
  const submit = h('button', { type: 'submit', class: 'primary' }, say('submitDecision', language));
  const form = h(
    'form',
    { novalidate: true, class: 'intake decision' },
    schemaForm.render(language),
    h('div', { class: 'actions' }, submit),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void (async () => {
      if (submit.disabled) return;
      submit.disabled = true;
      const answer = await callApi(`${path}/complete`, language, { method: 'POST', body: schemaForm.value() });
      submit.disabled = false;
      if (!answer) return;
      if (answer.ok) {
        typedDecisions.delete(taskId);
        shownErrors = undefined;
        schemaForm.showErrors([]);
        form.remove();
        return tell('info', say('recorded', language));
      }
      if (answer.status === 422) {
        const problem = await problemOf(answer);
        shownErrors = problem.errors ?? [];
        schemaForm.showErrors(shownErrors);
        return tell(
          'warning',
          say('fieldErrors', language),
          ...shownErrors.filter((error) => !error.pointer).map((error) => error.message),
        );
      }
      return refused(answer);
    })();
  });
  const notAllowed =
    doc.notAllowedBecause === 'four-eyes'
      ? 'fourEyes'
      : doc.notAllowedBecause === 'role' || doc.notAllowedBecause === 'partner'
        ? 'notYours'
        : doc.notAllowedBecause === 'status'
          ? 'notOpen'
          : undefined;

  // The assignee by name where the page knows it: the caller themself, or (for those who may
  // reassign) the candidates list; otherwise their user name.
  const assigneeCell = h(
    'dd',
    { id: 'task-assignee', dir: task.assignee ? 'ltr' : undefined },
    task.assignee === undefined
      ? say('nobody', language)
      : task.assignee === me.sub
        ? `${say('you', language)} (${task.assignee})`
        : task.assignee,
  );
  const nameAssignee = (name: string): void => {
    if (task.assignee && task.assignee !== me.sub) assigneeCell.textContent = `${name} (${task.assignee})`;
  };
  const shown = [
    back(language),
    heading(doc.title),
    h(
      'dl',
      { class: 'facts' },
      h('dt', {}, say('caseHeading', language)),
      h('dd', {}, h('a', { href: `#/console/cases/${encodeURIComponent(task.caseId)}`, dir: 'ltr' }, task.reference)),
      h('dt', {}, say('due', language)),
      h('dd', { class: task.overdue ? 'overdue' : '' }, when(task.dueAt, language)),
      h('dt', {}, say('assignee', language)),
      assigneeCell,
    ),
    notAllowed ? h('p', { class: 'warning', id: 'task-not-allowed' }, say(notAllowed, language)) : null,
    status,
    contextSection,
    task.status === 'open'
      ? h('section', { 'aria-labelledby': 'task-decision' }, h('h2', { id: 'task-decision' }, say('decision', language)), form)
      : null,
    task.status === 'open'
      ? await actions(doc, language, me.sub, tell, refused, (said) => taskPage(main, language, taskId, said), nameAssignee)
      : null,
  ];
  main.replaceChildren(...shown.filter((node): node is HTMLElement => node !== null));
  if (notice) tell('info', notice);
}

/** Claim, reassign (to a member from the candidates list, where the caller may), withdraw the case. */
async function actions(
  doc: TaskDocument,
  language: Language,
  me: string,
  tell: (tone: 'info' | 'warning', ...lines: string[]) => void,
  refused: (answer: Response | undefined) => Promise<void>,
  reload: (notice: string) => Promise<void>,
  nameAssignee: (name: string) => void,
): Promise<HTMLElement> {
  const { task } = doc;
  const path = `/tasks/${encodeURIComponent(task.taskId)}`;
  const section = h(
    'section',
    { 'aria-labelledby': 'task-actions', class: 'task-actions' },
    h('h2', { id: 'task-actions' }, say('actions', language)),
  );
  if (task.assignee !== me && doc.mayComplete) {
    const claim = h('button', { type: 'button', class: 'secondary', id: 'task-claim' }, say('claim', language));
    claim.addEventListener('click', () => {
      void (async () => {
        const answer = await callApi(`${path}/claim`, language, { method: 'POST', body: {} });
        if (answer?.ok) return reload(say('claimed', language));
        return refused(answer);
      })();
    });
    section.append(h('div', { class: 'actions' }, claim));
  }
  // Only those who may reassign (the API says so: supervisors, admins, an open task) ask for the list.
  const listed = doc.mayReassign ? await callApi(`${path}/candidates`, language) : undefined;
  if (listed?.ok) {
    const { candidates } = (await listed.json()) as { candidates: { sub: string; name?: string; assigned?: true }[] };
    const current = candidates.find((candidate) => candidate.assigned && candidate.name);
    if (current?.name) nameAssignee(current.name);
    const select = h(
      'select',
      { id: 'reassign-to' },
      h('option', { value: '' }, appText('choose', language)),
      ...candidates
        .filter((candidate) => !candidate.assigned)
        .map((candidate) => h('option', { value: candidate.sub }, candidate.name ? `${candidate.name} (${candidate.sub})` : candidate.sub)),
    );
    const button = h('button', { type: 'submit', class: 'secondary' }, say('reassign', language));
    const form = h(
      'form',
      { novalidate: true, class: 'inline' },
      h('div', { class: 'field' }, h('label', { for: select.id }, say('reassignTo', language)), select),
      h('div', { class: 'actions' }, button),
    );
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      void (async () => {
        if (!select.value) return select.focus();
        const assignee = select.value;
        const named = select.selectedOptions[0]?.textContent ?? assignee;
        const answer = await callApi(`${path}/reassign`, language, { method: 'POST', body: { assignee, version: task.version } });
        if (answer?.ok) return reload(`${say('reassigned', language)} ${named}`);
        return refused(answer);
      })();
    });
    section.append(form);
  }
  const reason = h(
    'select',
    { id: 'withdraw-reason' },
    h('option', { value: '' }, appText('choose', language)),
    ...Object.entries(WITHDRAWAL_REASONS).map(([code, label]) => h('option', { value: code }, label[language])),
  );
  // Withdrawing closes the case: the first press says so and asks again; changing the reason asks again.
  const withdrawButton = h('button', { type: 'submit', class: 'secondary', id: 'withdraw-submit' }, say('withdraw', language));
  const warning = h('p', { id: 'withdraw-warning', class: 'help', role: 'status', hidden: true });
  const withdraw = h(
    'form',
    { novalidate: true, class: 'inline' },
    h('div', { class: 'field' }, h('label', { for: reason.id }, say('withdrawReason', language)), reason),
    warning,
    h('div', { class: 'actions' }, withdrawButton),
  );
  let confirming = false;
  const unconfirm = () => {
    confirming = false;
    warning.hidden = true;
    warning.textContent = '';
    withdrawButton.textContent = say('withdraw', language);
  };
  reason.addEventListener('change', unconfirm);
  withdraw.addEventListener('submit', (event) => {
    event.preventDefault();
    void (async () => {
      if (!reason.value) return reason.focus();
      if (!confirming) {
        confirming = true;
        warning.hidden = false;
        warning.textContent = say('withdrawWarning', language);
        withdrawButton.textContent = say('withdrawConfirm', language);
        return;
      }
      unconfirm();
      const answer = await callApi(`/cases/${encodeURIComponent(task.caseId)}/withdrawal`, language, {
        method: 'POST',
        body: { reasonCode: reason.value },
      });
      if (answer?.ok) return tell('info', say('withdrawn', language));
      return refused(answer);
    })();
  });
  section.append(withdraw);
  return section;
}
