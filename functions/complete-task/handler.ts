// POST /tasks/{taskId}/complete — the caller records the step's decision; the waiting workflow
// receives it exactly once. A retry of the same decision by the same person answers 200 again.
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { documentClient, sfnDecisionClient } from '../commons/clients.ts';
import { clock } from '../commons/clock.ts';
import { requiredEnv } from '../commons/config.ts';
import { principalOf } from '../commons/auth.ts';
import { httpHandler, json, pathParameters, readJsonBody } from '../commons/http.ts';
import { invalidRequest } from '../commons/problems.ts';
import { completeTaskBodySchema, taskPathSchema, toTaskView } from '../commons/api-schemas.ts';
import { logger, metrics } from '../commons/powertools.ts';
import { DynamoTaskStore } from '../adapters/dynamodb/task-store.ts';
import { StepFunctionsCallbacks } from '../adapters/stepfunctions/task-callbacks.ts';
import { DecisionInvalid } from '../../domain/errors.ts';
import { completeTask } from '../../domain/tasks/complete-task.ts';

export const MAX_DECISION_BYTES = 64 * 1024;

const store = new DynamoTaskStore(documentClient, requiredEnv('TABLE_NAME'));
// One attempt: a decision is never re-sent by the SDK (a timeout is answered 503, the task stays completing).
const workflows = new StepFunctionsCallbacks(sfnDecisionClient);

export const handler = httpHandler(async (event, { language }) => {
  const principal = principalOf(event);
  const { taskId } = pathParameters(event, taskPathSchema);
  const { value } = readJsonBody(event, MAX_DECISION_BYTES, language);
  const body = completeTaskBodySchema.safeParse(value);
  if (!body.success) throw invalidRequest(422, body.error.issues, language);

  try {
    const { task, replayed } = await completeTask(
      { taskId, decision: body.data.decision, actor: principal, language },
      { tasks: store, workflows, now: clock.now },
    );
    logger.info('task completed', { taskId, caseId: task.caseId, step: task.step, replayed });
    metrics.addMetric(replayed ? 'TaskCompletionReplayed' : 'TaskCompleted', MetricUnit.Count, 1);
    return json(200, toTaskView(task, clock.now()), replayed ? { 'idempotent-replayed': 'true' } : {});
  } catch (error) {
    // The step's schema speaks of the decision; the client's pointers are into the request body.
    if (error instanceof DecisionInvalid) {
      throw new DecisionInvalid(error.errors.map((fieldError) => ({ ...fieldError, pointer: `/decision${fieldError.pointer}` })));
    }
    throw error;
  }
});
