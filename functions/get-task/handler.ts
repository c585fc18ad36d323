// GET /tasks/{taskId} — one human step: the task, its title, the decision it expects (JSON Schema
// with one example per outcome) and whether the caller may complete it.
import { z } from 'zod';
import { documentClient } from '../commons/clients.ts';
import { clock } from '../commons/clock.ts';
import { requiredEnv } from '../commons/config.ts';
import { principalOf, taskActorOf } from '../commons/auth.ts';
import { httpHandler, json, pathParameters } from '../commons/http.ts';
import { HttpProblem } from '../commons/problems.ts';
import { taskPathSchema, toTaskView } from '../commons/api-schemas.ts';
import { logger } from '../commons/powertools.ts';
import { DynamoCaseworkStore } from '../adapters/dynamodb/casework-store.ts';
import { mayAct, maySee, type Actor } from '../../domain/tasks/access.ts';
import type { TaskRecord } from '../../domain/tasks/model.ts';
import { stepDefinition, type StepDefinition } from '../../domain/tasks/steps.ts';

const store = new DynamoCaseworkStore(documentClient, requiredEnv('TABLE_NAME'));

export const handler = httpHandler(async (event, { language }) => {
  const principal = principalOf(event);
  const actor = taskActorOf(principal);
  const { taskId } = pathParameters(event, taskPathSchema);
  const task = await store.getTask(taskId);
  // A task the caller may not see is answered like a missing one.
  if (!task || !maySee(task, actor)) throw new HttpProblem(404, 'notFound');
  const step = stepDefinition(task.step);
  if (!step) throw new Error('task of an unknown step');

  const blocked = notAllowedBecause(task, actor);
  logger.info('task read', { taskId, by: principal.sub });
  return json(
    200,
    {
      task: toTaskView(task, clock.now()),
      title: step.title[language],
      decision: decisionDocument(step),
      mayComplete: blocked === undefined,
      ...(blocked ? { notAllowedBecause: blocked } : {}),
    },
    { 'cache-control': 'no-store' },
  );
});

const documents = new Map<string, Record<string, unknown>>();

/** The step's decision as JSON Schema, generated once per step from its zod schema. */
function decisionDocument(step: StepDefinition): Record<string, unknown> {
  let document = documents.get(step.step);
  if (!document) {
    document = { ...(z.toJSONSchema(step.decision, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>), examples: step.examples };
    documents.set(step.step, document);
  }
  return document;
}

/** The same checks, in the same order, as the completeTask use case. */
function notAllowedBecause(task: TaskRecord, actor: Actor): 'status' | 'role' | 'partner' | 'four-eyes' | undefined {
  if (task.status !== 'open') return 'status';
  if (!mayAct(task, actor)) return actor.groups.some((group) => group !== 'partner') ? 'role' : 'partner';
  if (task.forbiddenActors.includes(actor.sub)) return 'four-eyes';
  return undefined;
}
