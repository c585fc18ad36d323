// POST /tasks/{taskId}/claim — the caller takes an open task; claiming one's own task again is fine.
import { documentClient } from '../commons/clients.ts';
import { clock } from '../commons/clock.ts';
import { requiredEnv } from '../commons/config.ts';
import { principalOf } from '../commons/auth.ts';
import { historyActorOf, isStaff, partnerOf } from '../../domain/access/roles.ts';
import { httpHandler, json, pathParameters } from '../commons/http.ts';
import { HttpProblem } from '../commons/problems.ts';
import { taskPathSchema, toTaskView } from '../commons/api-schemas.ts';
import { logger } from '../commons/powertools.ts';
import { DynamoTaskStore } from '../adapters/dynamodb/task-store.ts';
import { ActionForbidden, TaskConflict, TaskNotFound } from '../../domain/errors.ts';
import { assertMayAct, maySee } from '../../domain/access/tasks.ts';
import { newEventId } from '../../domain/cases/event-id.ts';
import type { TaskRecord } from '../../domain/tasks/model.ts';

const store = new DynamoTaskStore(documentClient, requiredEnv('TABLE_NAME'));

export const handler = httpHandler(async (event) => {
  const principal = principalOf(event);
  const actor = principal;
  const { taskId } = pathParameters(event, taskPathSchema);

  // Two attempts: a concurrent change (a reminder, another claim) is re-read once.
  for (let attempt = 0; attempt < 2; attempt++) {
    const task = await store.getTask(taskId);
    if (!task) throw new TaskNotFound(taskId);
    // A partner's access follows the case's shares, read with every action.
    const shares = partnerOf(actor) !== undefined ? await store.sharesOfCase(task.caseId) : [];
    if (!maySee(task, actor, shares, clock.now())) throw new TaskNotFound(taskId);
    assertMayAct(task, actor, shares, clock.now());
    if (task.forbiddenActors.includes(actor.sub)) throw new ActionForbidden('four-eyes', task.step);
    if (task.status !== 'open')
      throw new TaskConflict(task.status === 'completed' || task.status === 'completing' ? 'already-completed' : 'not-open');
    if (task.assignee === actor.sub) return json(200, toTaskView(task, clock.now()), { 'idempotent-replayed': 'true' });
    if (task.assignee !== undefined) throw new HttpProblem(409, 'taskAssignedToOther');

    const at = clock.now().toISOString();
    // A partner user's claim is for its association: it ends with the association's access.
    const claimedFor = isStaff(actor) ? undefined : partnerOf(actor);
    const claimed = await store.assignTask(
      task,
      actor.sub,
      at,
      {
        caseId: task.caseId,
        eventId: newEventId(),
        at,
        type: 'task.claimed',
        actor: historyActorOf(principal),
        details: { taskId: task.taskId, step: task.step },
      },
      claimedFor,
    );
    if (claimed) {
      logger.info('task claimed', { taskId, caseId: task.caseId, by: actor.sub });
      const updated: TaskRecord = { ...task, assignee: actor.sub, updatedAt: at, version: task.version + 1 };
      return json(200, toTaskView(updated, clock.now()));
    }
  }
  throw new TaskConflict('concurrent-update');
});
