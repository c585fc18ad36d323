// Use case: a caseworker, supervisor or partner completes the human step in front of them.
//
// Primary course:
//  1. Load the task (and, for a partner caller, its case's shares); a task the caller may not see
//     is "not found".
//  2. Check the caller's role, partner (its own case, or shared whole with it now) and the
//     four-eyes rule.
//  3. A task already completed by the same person with the same decision is a retry: answer it
//     again (and finish delivering it to the workflow if that was interrupted). Otherwise 409.
//  4. A claimed task is its claimant's: anyone else is refused, but a supervisor or an admin may
//     take it over (recorded in the case history with the completion).
//  5. Validate the decision with the step's schema, then against the task's context, then against
//     the case as it is now and the cases linked to it (a step's case guard: a child's return
//     needs a recorded best interests determination).
//  6. Mark the task 'completing' with a conditional write (status open, same version, same claim):
//     of two concurrent completions exactly one gets through. The other reads the task again and is
//     answered as a retry (3.) when it is the same decision by the same person, 409 otherwise.
//  7. Hand the decision to the waiting workflow (SendTaskSuccess with the task's token), sent once:
//     not known whether it landed (a timeout, a network error) is a 503 and nothing is written (the
//     task stays 'completing'; a retry delivers it again). 'Closed' (the token no longer awaited)
//     never expires the task from here: the task is read again for a bounded time. Completed by
//     whoever delivered: 200 (same decision, same person) or 409; expired by the workflow's own
//     timeout path: 409. Still 'completing' after the bound: when its completion began longer ago
//     than any function may run (its deliverer is gone) and the timeout path did not expire it, the
//     token was closed by this delivery: marked 'completed', 200; otherwise 503 ("not known yet").
//  8. Mark the task 'completed' (conditional on 'completing' and the version read); that write
//     lost: read again, 200 only for a task completed with this decision, 409 otherwise.
import { ActionForbidden, DecisionInvalid, DecisionRefused, DependencyUnavailable, TaskConflict, TaskNotFound } from '../errors.ts';
import type { CaseRecord } from '../cases/model.ts';
import { localizeIssues, type FieldError, type Language, type Localized } from '../i18n/index.ts';
import { canonicalJson } from '../intake/fingerprint.ts';
import type { TaskRecord } from './model.ts';
import { stepDefinition } from './steps.ts';
import { decisionField } from './decision-labels.ts';
import type { ContextIssue, StepDefinition } from './step-definition.ts';
import { assertMayAct, completionClaim, maySee, type CompletionClaim } from '../access/tasks.ts';
import { historyActorOf, partnerOf, type Caller } from '../access/roles.ts';
import type { ShareRecord } from '../sharing/shares.ts';

export interface TaskStore {
  getTask(taskId: string): Promise<TaskRecord | undefined>;
  /**
   * Conditional: status open, version and claim as read; a takeover is recorded with it. Returns
   * false when another write won. `actorKind`: how the history names who decided (a partner
   * association's user, or mission staff).
   */
  beginCompletion(
    task: TaskRecord,
    decision: Record<string, unknown>,
    actor: string,
    at: string,
    claim: CompletionClaim,
    actorKind: 'staff' | 'partner',
  ): Promise<boolean>;
  /**
   * Conditional: status completing and the version as read (so the decision as read). False when
   * that no longer holds (finished by a concurrent retry, or expired by the step's timeout path).
   * Never expires a task: only the workflow's timeout path does (expireStep, case actions).
   */
  finishCompletion(task: TaskRecord, at: string): Promise<boolean>;
  taskToken(taskId: string): Promise<string | undefined>;
  /** The shares of the task's case: whether a partner association may see and act on it follows them. */
  sharesOfCase(caseId: string): Promise<ShareRecord[]>;
  /** The case as it is now (a step's case guard), consistent. */
  getCase(caseId: string): Promise<CaseRecord | undefined>;
}

export interface WorkflowCallbacks {
  /**
   * 'closed' when the workflow no longer waits for this token (timed out, stopped, or this decision
   * already delivered). Sent once, never re-sent by the SDK (not idempotent): a timeout or a network
   * error throws DependencyUnavailable, whether the decision landed is then not known.
   */
  sendSuccess(token: string, output: unknown): Promise<'delivered' | 'closed'>;
}

export interface CompleteTaskCommand {
  taskId: string;
  decision: unknown;
  actor: Caller;
  language: Language;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface CompleteTaskDeps {
  tasks: TaskStore;
  workflows: WorkflowCallbacks;
  now: () => Date;
  /** Waits between two reads of a task whose delivery another caller is finishing (a timer by default). */
  pause?: (ms: number) => Promise<void>;
}

/**
 * Reads of a task another caller is delivering, and the pauses before them: about 2.5 s in all, well
 * inside an API function's 10 s with the SDK calls before it (one SendTaskSuccess attempt: 3 s at
 * worst) and middy's early timeout one second before the end (functions/commons/http.ts).
 */
export const SETTLE_PAUSES_MS = [50, 100, 200, 400, 800, 1000];
/**
 * A completion begun longer ago than this has no deliverer left (longer than any function's Timeout,
 * with a wide margin): its token closed while the step's timeout path did not expire it means this
 * decision was delivered.
 */
export const DELIVERER_GONE_AFTER_MS = 10 * 60 * 1000;
/** Seconds before a retry when whether the decision reached the workflow is not known yet. */
export const NOT_KNOWN_YET_RETRY_AFTER_SECONDS = 5;
const ATTEMPTS = 3;

export async function completeTask(command: CompleteTaskCommand, deps: CompleteTaskDeps): Promise<{ task: TaskRecord; replayed: boolean }> {
  // A lost conditional write (6.) is read again: a concurrent retry of the same decision is then
  // answered as a retry, another decision or person gets 409, a task changed meanwhile (a reminder)
  // is tried again.
  for (let attempt = 1; ; attempt++) {
    const outcome = await attemptCompletion(command, deps);
    if (outcome !== 'lost') return outcome;
    if (attempt >= ATTEMPTS) throw new TaskConflict('concurrent-update');
  }
}

/** What every caller of one completion is answered: the task as completed, whoever delivered it. */
export function completedAnswer(task: TaskRecord): TaskRecord {
  return {
    ...task,
    status: 'completed',
    updatedAt: task.completedAt ?? task.updatedAt,
    version: task.status === 'completing' ? task.version + 1 : task.version,
  };
}

async function attemptCompletion(
  command: CompleteTaskCommand,
  deps: CompleteTaskDeps,
): Promise<{ task: TaskRecord; replayed: boolean } | 'lost'> {
  // 1.
  const task = await deps.tasks.getTask(command.taskId);
  if (!task) throw new TaskNotFound(command.taskId);
  const now = deps.now();
  const shares = partnerOf(command.actor) !== undefined ? await deps.tasks.sharesOfCase(task.caseId) : [];
  if (!maySee(task, command.actor, shares, now)) throw new TaskNotFound(command.taskId);
  const step = stepDefinition(task.step);
  if (!step) throw new Error(`unknown step ${task.step}`);

  // 2.
  assertMayAct(task, command.actor, shares, now);
  if (task.forbiddenActors.includes(command.actor.sub)) {
    throw new ActionForbidden('four-eyes', task.step);
  }

  // 3.
  if (task.status === 'completed' || task.status === 'completing') {
    // Compared as the schema normalises it (trimmed text...), as the first decision was stored.
    const retried = step.decision.safeParse(command.decision);
    const same = task.completedBy === command.actor.sub && retried.success && canonicalJson(task.decision) === canonicalJson(retried.data);
    if (!same) throw new TaskConflict('already-completed');
    if (task.status === 'completing') await deliver(task, task.decision ?? {}, deps);
    return { task: completedAnswer(task), replayed: true };
  }
  if (task.status !== 'open') throw new TaskConflict('not-open');

  // 4.
  const claim = completionClaim(task, command.actor);

  // 5. Every field error at once: when the schema fails, the context rules still run on what was
  // sent (a rule that throws on a malformed decision counts as no issue), and their issues on other
  // fields join the schema's.
  const parsed = step.decision.safeParse(command.decision);
  if (!parsed.success) {
    const schemaIssues = localizeIssues(parsed.error.issues, command.language, decisionFieldLabel, { value: command.decision });
    const reported = new Set(schemaIssues.map((issue) => issue.pointer));
    const raw =
      command.decision !== null && typeof command.decision === 'object' ? (command.decision as Record<string, unknown>) : undefined;
    const more = raw ? contextIssuesOf(step.checkInContext, raw, task.context, now, command.language) : [];
    throw new DecisionInvalid([...schemaIssues, ...more.filter((issue) => !reported.has(issue.pointer))]);
  }
  const decision = parsed.data as Record<string, unknown>;
  const contextIssues = contextIssuesOf(step.checkInContext, decision, task.context, now, command.language, false);
  if (contextIssues.length > 0) throw new DecisionInvalid(contextIssues);
  if (step.caseGuard) {
    // Checked on the data as it is now: a BID recorded on the linked case after the task opened counts.
    const current = await deps.tasks.getCase(task.caseId);
    if (current) {
      const read = (ids: string[]) =>
        Promise.all(ids.map((id) => deps.tasks.getCase(id))).then((found) => found.filter((c): c is CaseRecord => c !== undefined));
      const named = [...new Set(step.namesCases?.(decision) ?? [])].filter((id) => UUID.test(id));
      const [linked, namedCases] = await Promise.all([read((current.links ?? []).map((link) => link.caseId)), read(named)]);
      const refusal = step.caseGuard(decision, { current, linked, named: namedCases });
      if (refusal) throw new DecisionRefused(refusal);
    }
  }

  // 6.
  const at = deps.now().toISOString();
  const completedByKind = historyActorOf(command.actor).kind;
  if (!(await deps.tasks.beginCompletion(task, decision, command.actor.sub, at, claim, completedByKind))) return 'lost';
  const completing: TaskRecord = {
    ...task,
    ...(claim.kind === 'takeover' ? { assignee: command.actor.sub } : {}),
    status: 'completing',
    decision,
    completedBy: command.actor.sub,
    completedByKind,
    completedAt: at,
    updatedAt: at,
    version: task.version + 1,
  };

  // 7. and 8.
  await deliver(completing, decision, deps);
  return { task: completedAnswer(completing), replayed: false };
}

/** A step's context rules as field errors; on a decision that failed its schema (`guarded`), one that throws counts as no issue. */
/** A decision field's label, as the console shows it, for its error messages (by the field's name). */
function decisionFieldLabel(pointer: string): Localized | undefined {
  const name = pointer
    .split('/')
    .filter((segment) => segment !== '' && segment !== '*' && !/^\d+$/.test(segment))
    .at(-1);
  return name === undefined ? undefined : decisionField(name)?.label;
}

function contextIssuesOf(
  check: StepDefinition['checkInContext'],
  decision: Record<string, unknown>,
  context: Record<string, unknown>,
  now: Date,
  language: Language,
  guarded = true,
): FieldError[] {
  if (!check) return [];
  let issues: ContextIssue[];
  try {
    issues = check(decision, context, now);
  } catch (error) {
    if (!guarded) throw error;
    return [];
  }
  return issues.map((issue) => ({ pointer: `/${issue.path.join('/')}`, code: issue.code, message: issue.message[language] }));
}

async function deliver(task: TaskRecord, decision: Record<string, unknown>, deps: CompleteTaskDeps): Promise<void> {
  const token = await deps.tasks.taskToken(task.taskId);
  if (!token) throw new Error('task has no token');
  const outcome = await deps.workflows.sendSuccess(token, {
    taskId: task.taskId,
    step: task.step,
    decision: withoutFreeText(decision),
    completedBy: task.completedBy,
    completedAt: task.completedAt,
  });
  if (outcome === 'closed') return settleClosed(task, deps);
  // Every caller marks it completed at the decision's time: all of them answer the same task.
  await finish(task, deps);
}

/** 8. Marks the task completed; a lost write is read again: never 200 for a task that expired meanwhile. */
async function finish(task: TaskRecord, deps: CompleteTaskDeps): Promise<void> {
  if (await deps.tasks.finishCompletion(task, task.completedAt ?? deps.now().toISOString())) return;
  const current = await deps.tasks.getTask(task.taskId);
  if (current?.status === 'completed' && sameCompletion(current, task)) return;
  throw new TaskConflict('no-longer-awaited');
}

/**
 * The workflow no longer waits for the token. Either this very decision was delivered (by the first
 * completion, or a concurrent retry of it, whose deliverer is about to mark the task 'completed' or
 * is gone), or the workflow stopped waiting (timed out, stopped) before any delivery, and its timeout
 * path expires the task. Never expired from here: a slow deliverer's task is not the timeout's. Read
 * again for a bounded time; still 'completing' after it: completed when its deliverer is surely gone
 * (DELIVERER_GONE_AFTER_MS), else not known yet (503, nothing written).
 */
async function settleClosed(task: TaskRecord, deps: CompleteTaskDeps): Promise<void> {
  const pause = deps.pause ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  for (let read = 0; ; read++) {
    const current = await deps.tasks.getTask(task.taskId);
    if (current?.status === 'completed' && sameCompletion(current, task)) return;
    if (current?.status !== 'completing' || !sameCompletion(current, task)) throw new TaskConflict('no-longer-awaited');
    const wait = SETTLE_PAUSES_MS[read];
    if (wait !== undefined) {
      await pause(wait);
      continue;
    }
    const begun = Date.parse(current.completedAt ?? current.updatedAt);
    if (deps.now().getTime() - begun > DELIVERER_GONE_AFTER_MS) return finish(current, deps);
    throw new DependencyUnavailable('workflows', NOT_KNOWN_YET_RETRY_AFTER_SECONDS);
  }
}

function sameCompletion(a: TaskRecord, b: TaskRecord): boolean {
  return a.completedBy === b.completedBy && a.completedAt === b.completedAt && canonicalJson(a.decision) === canonicalJson(b.decision);
}

/**
 * Free-text fields may hold personal details, and a trafficking victim's recruitment, control and
 * exploitation codes are as sensitive: they stay on the task item, out of execution histories.
 */
// `owner`: who carries a capacity plan's action (a position, yet typed by hand). `skillsConfirmed`,
// `languagesConfirmed`: an expert's skills as typed and languages (personal data of the registration).
// `documentReference`: an expert's report's reference as typed (a file name may carry a name).
const freeTextFields = new Set([
  'notes',
  'reason',
  'details',
  'description',
  'conditions',
  'survey',
  'trafficking',
  'owner',
  'skillsConfirmed',
  'languagesConfirmed',
  'documentReference',
]);

export function withoutFreeText(value: Record<string, unknown>): Record<string, unknown> {
  const strip = (v: unknown): unknown =>
    Array.isArray(v)
      ? v.map(strip)
      : v !== null && typeof v === 'object'
        ? Object.fromEntries(
            Object.entries(v as Record<string, unknown>)
              .filter(([k]) => !freeTextFields.has(k))
              .map(([k, inner]) => [k, strip(inner)]),
          )
        : v;
  return strip(value) as Record<string, unknown>;
}
