// POST /tasks/{taskId}/reassign — a supervisor hands an open task to someone else: a member of the
// team (the staff directory: Cognito in AWS, the dev issuer's directory locally) who may do the step.
import { documentClient } from '../commons/clients.ts';
import { clock } from '../commons/clock.ts';
import { requiredEnv } from '../commons/config.ts';
import { principalOf } from '../commons/auth.ts';
import { hasAnyRole, historyActorOf } from '../../domain/access/roles.ts';
import { httpHandler, json, pathParameters, readJsonBody } from '../commons/http.ts';
import { HttpProblem, invalidRequest } from '../commons/problems.ts';
import { reassignTaskBodySchema, taskPathSchema, toTaskView } from '../commons/api-schemas.ts';
import { logger } from '../commons/powertools.ts';
import { DynamoTaskStore } from '../adapters/dynamodb/task-store.ts';
import { staffDirectory } from '../commons/staff-directory.ts';
import { cognitoStaffDirectory } from '../commons/cognito-directory.ts';
import { assignmentRefusal, needsShares, type AssignmentRefusal } from '../../domain/access/staff-directory.ts';
import { problemDetail } from '../../domain/i18n/index.ts';
import type { Language } from '../../domain/i18n/index.ts';
import { TaskConflict, TaskNotFound } from '../../domain/errors.ts';
import { newEventId } from '../../domain/cases/event-id.ts';
import type { TaskRecord } from '../../domain/tasks/model.ts';

const store = new DynamoTaskStore(documentClient, requiredEnv('TABLE_NAME'));
const directory = staffDirectory(cognitoStaffDirectory);

/** A refusal as its problem: 422, with the reason on `/assignee` (codes and role names only). */
function refused(reason: AssignmentRefusal, task: TaskRecord, language: Language): HttpProblem {
  const problem = (
    {
      'assignee-unknown': 'assigneeUnknown',
      'assignee-not-eligible': 'assigneeNotEligible',
      'assignee-excluded': 'assigneeExcluded',
    } as const
  )[reason];
  const params = { roles: task.roles.join(', ') };
  return new HttpProblem(422, problem, params, [
    { pointer: '/assignee', code: reason.replaceAll('-', '_'), message: problemDetail(problem, language, params) },
  ]);
}

export const handler = httpHandler(async (event, { language }) => {
  const principal = principalOf(event);
  if (!hasAnyRole(principal, 'supervisor', 'admin')) throw new HttpProblem(403, 'supervisorOnly');
  const { taskId } = pathParameters(event, taskPathSchema);
  const body = reassignTaskBodySchema.safeParse(readJsonBody(event, 4096, language).value);
  if (!body.success) throw invalidRequest(422, body.error.issues, language);
  const { assignee, version } = body.data;

  // The supervisor decided on the task they saw: with its version (sent by the console), any change
  // since is a 409, however close the two requests; without it, a write lost to another reassignment
  // or claim (the assignee changed) is a 409, one lost to another change (a reminder) is tried again.
  let seen: { assignee: string | undefined } | undefined;
  for (let attempt = 0; attempt < 2; attempt++) {
    const task = await store.getTask(taskId);
    if (!task) throw new TaskNotFound(taskId);
    if (task.status !== 'open')
      throw new TaskConflict(task.status === 'completed' || task.status === 'completing' ? 'already-completed' : 'not-open');
    if (task.assignee === assignee) return json(200, toTaskView(task, clock.now()), { 'idempotent-replayed': 'true' });
    // Only to a member of the team who may do the step (and, four eyes, not the one who screened
    // or prepared what it approves): read once, the directory's roles as they are now.
    if (attempt === 0) {
      const member = await directory.member(assignee);
      const shares = needsShares(member) ? await store.sharesOfCase(task.caseId) : [];
      const refusal = assignmentRefusal(task, assignee, member, shares, clock.now());
      if (refusal) {
        logger.info('task reassignment refused', { taskId, caseId: task.caseId, refusal });
        throw refused(refusal, task, language);
      }
    }
    if (version !== undefined && task.version !== version) throw new TaskConflict('concurrent-update');
    if (seen && seen.assignee !== task.assignee) throw new TaskConflict('concurrent-update');
    seen = { assignee: task.assignee };

    const at = clock.now().toISOString();
    const reassigned = await store.assignTask(task, assignee, at, {
      caseId: task.caseId,
      eventId: newEventId(),
      at,
      type: 'task.reassigned',
      actor: historyActorOf(principal),
      details: { taskId: task.taskId, step: task.step, from: task.assignee ?? null, to: assignee },
    });
    if (reassigned) {
      logger.info('task reassigned', { taskId, caseId: task.caseId, by: principal.sub });
      const updated: TaskRecord = { ...task, assignee, updatedAt: at, version: task.version + 1 };
      return json(200, toTaskView(updated, clock.now()));
    }
  }
  throw new TaskConflict('concurrent-update');
});
