// GET /tasks/{taskId} — one human step: the task, its title, the decision it expects (JSON Schema
// in the caller's language, every field and option labelled, with one example per outcome) and
// whether the caller may complete it.
import { documentClient } from '../commons/clients.ts';
import { clock } from '../commons/clock.ts';
import { requiredEnv } from '../commons/config.ts';
import { principalOf } from '../commons/auth.ts';
import { httpHandler, json, pathParameters } from '../commons/http.ts';
import { HttpProblem } from '../commons/problems.ts';
import { taskPathSchema, toTaskView } from '../commons/api-schemas.ts';
import { logger } from '../commons/powertools.ts';
import { recordAccess } from '../commons/access-log.ts';
import { DynamoTaskStore } from '../adapters/dynamodb/task-store.ts';
import { DynamoShareStore } from '../adapters/dynamodb/share-store.ts';
import { partnerReadEvent, type ShareRecord } from '../../domain/sharing/shares.ts';
import { mayAct, maySee } from '../../domain/access/tasks.ts';
import { hasAnyRole, isStaff, partnerOf, type Caller } from '../../domain/access/roles.ts';
import { taskIdPattern, type TaskRecord } from '../../domain/tasks/model.ts';
import { stepDefinition, type StepDefinition } from '../../domain/tasks/steps.ts';
import { decisionJsonSchema } from '../../domain/tasks/decision-schema.ts';
import type { Language } from '../../domain/i18n/index.ts';

const store = new DynamoTaskStore(documentClient, requiredEnv('TABLE_NAME'));
const sharing = new DynamoShareStore(documentClient, requiredEnv('TABLE_NAME'));

export const handler = httpHandler(async (event, { language }) => {
  const principal = principalOf(event);
  const actor = principal;
  const { taskId } = pathParameters(event, taskPathSchema);
  const task = await store.getTask(taskId);
  // A partner's access follows the case's shares, read with every request.
  const shares = task && partnerOf(actor) !== undefined ? await store.sharesOfCase(task.caseId) : [];
  const now = clock.now();
  // A task the caller may not see is answered like a missing one.
  if (!task || !maySee(task, actor, shares, now)) throw new HttpProblem(404, 'notFound');
  const step = stepDefinition(task.step);
  if (!step) throw new Error('task of an unknown step');

  // Every read by a partner is recorded in the case's history (ids only).
  if (!isStaff(actor)) await sharing.recordRead(partnerReadEvent(task.caseId, actor, 'task', now));
  // Every read, by staff or partner, in the access log, before the answer (never unrecorded).
  await recordAccess(actor, { what: 'task', caseId: task.caseId, taskId }, now);
  const { related, previous } = await whatItDecidesOn(task, step, actor, shares, now);
  const blocked = notAllowedBecause(task, actor, shares, now);
  logger.info('task read', { taskId, by: principal.sub });
  return json(
    200,
    {
      task: toTaskView(task, clock.now()),
      title: step.title[language],
      decision: decisionJsonSchema(step, language),
      mayComplete: blocked === undefined,
      // Handing the task to someone else is a supervisor's (or an administrator's) act, while it is open.
      mayReassign: task.status === 'open' && hasAnyRole(actor, 'supervisor', 'admin'),
      ...(blocked ? { notAllowedBecause: blocked } : {}),
      ...(related ? { relatedTask: { ...taskShown(related, language), context: related.context } } : {}),
      ...(previous.length > 0 ? { previousDecisions: previous.map((earlier) => taskShown(earlier, language)) } : {}),
    },
    { 'cache-control': 'no-store' },
  );
});

/** A task of the case as a decider reads it beside their own: its step's title, its decision, who and when. */
function taskShown(shown: TaskRecord, language: Language) {
  return {
    taskId: shown.taskId,
    step: shown.step,
    title: stepDefinition(shown.step)?.title[language] ?? shown.step,
    status: shown.status,
    ...(shown.completedAt ? { completedAt: shown.completedAt } : {}),
    ...(shown.completedBy ? { completedBy: shown.completedBy } : {}),
    ...(shown.decision ? { decision: shown.decision } : {}),
  };
}

/** At most this many earlier decisions are shown (a plan sent back twice, then approved, is five). */
const MAX_PREVIOUS_DECISIONS = 10;

/**
 * What a decider needs on the same page: the task it decides on (`showsTaskOf`; else, for a
 * four-eyes approval, the latest completed task of the step it approves: the plan, the screening,
 * with its context such as the budget ceiling) and the decisions taken before on the same question
 * (earlier rounds of this step and of the step it approves), newest first. Only tasks the caller may
 * see; each read in the access log.
 */
async function whatItDecidesOn(
  task: TaskRecord,
  step: StepDefinition,
  actor: Caller,
  shares: readonly ShareRecord[],
  now: Date,
): Promise<{ related: TaskRecord | undefined; previous: TaskRecord[] }> {
  const named = await relatedTask(task, step, actor, shares, now);
  const approves = step.fourEyesAgainst ?? [];
  if (approves.length === 0) return { related: named, previous: [] };
  const links = (await store.tasksOfCase(task.caseId)).filter(
    (link) => link.taskId !== task.taskId && link.status === 'completed' && (approves.includes(link.step) || link.step === task.step),
  );
  const read = await Promise.all(links.map((link) => store.getTask(link.taskId)));
  const completed = read
    .filter((other): other is TaskRecord => other !== undefined && other.caseId === task.caseId && other.status === 'completed')
    .filter((other) => maySee(other, actor, shares, now))
    .sort((a, b) => (b.completedAt ?? '').localeCompare(a.completedAt ?? ''));
  const related = named ?? completed.find((other) => approves.includes(other.step));
  const previous = completed.filter((other) => other.taskId !== related?.taskId).slice(0, MAX_PREVIOUS_DECISIONS);
  await Promise.all(
    [...(related && related !== named ? [related] : []), ...previous].map((shown) =>
      recordAccess(actor, { what: 'task', caseId: shown.caseId, taskId: shown.taskId }, now),
    ),
  );
  return { related, previous };
}

/**
 * The task of the same case this step shows in full (`showsTaskOf`: the plan an approval approves),
 * if the caller may see it; its read is in the access log like any other.
 */
async function relatedTask(
  task: TaskRecord,
  step: StepDefinition,
  actor: Caller,
  shares: readonly ShareRecord[],
  now: Date,
): Promise<TaskRecord | undefined> {
  const relatedId = step.showsTaskOf ? task.context[step.showsTaskOf] : undefined;
  if (typeof relatedId !== 'string' || !taskIdPattern.test(relatedId)) return undefined;
  const related = await store.getTask(relatedId);
  if (!related || related.caseId !== task.caseId || !maySee(related, actor, shares, now)) return undefined;
  await recordAccess(actor, { what: 'task', caseId: related.caseId, taskId: related.taskId }, now);
  return related;
}

/** The same checks, in the same order, as the completeTask use case. */
function notAllowedBecause(
  task: TaskRecord,
  actor: Caller,
  shares: readonly ShareRecord[],
  now: Date,
): 'status' | 'role' | 'partner' | 'four-eyes' | undefined {
  if (task.status !== 'open') return 'status';
  if (!mayAct(task, actor, shares, now)) return isStaff(actor) ? 'role' : 'partner';
  if (task.forbiddenActors.includes(actor.sub)) return 'four-eyes';
  return undefined;
}
