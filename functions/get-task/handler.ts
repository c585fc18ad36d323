// GET /tasks/{taskId} — one human step: the task, its title, the decision it expects (JSON Schema
// with one example per outcome) and whether the caller may complete it.
import * as z from 'zod';
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
import { isStaff, partnerOf, type Caller } from '../../domain/access/roles.ts';
import { taskIdPattern, type TaskRecord } from '../../domain/tasks/model.ts';
import { stepDefinition, type StepDefinition } from '../../domain/tasks/steps.ts';

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
  const related = await relatedTask(task, step, actor, shares, now);
  const blocked = notAllowedBecause(task, actor, shares, now);
  logger.info('task read', { taskId, by: principal.sub });
  return json(
    200,
    {
      task: toTaskView(task, clock.now()),
      title: step.title[language],
      decision: decisionDocument(step),
      mayComplete: blocked === undefined,
      ...(blocked ? { notAllowedBecause: blocked } : {}),
      ...(related
        ? {
            relatedTask: {
              taskId: related.taskId,
              step: related.step,
              title: stepDefinition(related.step)?.title[language] ?? related.step,
              status: related.status,
              ...(related.completedAt ? { completedAt: related.completedAt } : {}),
              ...(related.decision ? { decision: related.decision } : {}),
            },
          }
        : {}),
    },
    { 'cache-control': 'no-store' },
  );
});

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

const documents = new Map<string, Record<string, unknown>>();

/** The step's decision as JSON Schema, generated once per step from its zod schema. */
function decisionDocument(step: StepDefinition): Record<string, unknown> {
  let document = documents.get(step.step);
  if (!document) {
    document = {
      ...(z.toJSONSchema(step.decision, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>),
      examples: step.examples,
    };
    documents.set(step.step, document);
  }
  return document;
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
