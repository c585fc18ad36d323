// GET /tasks/{taskId}/candidates — the members of the team a supervisor may hand a task to: the
// holders of its roles, in the staff directory now, who may do its step (the rule reassignment
// applies: domain/access/staff-directory.ts). Staff ids, names and roles only.
import { documentClient } from '../commons/clients.ts';
import { clock } from '../commons/clock.ts';
import { requiredEnv } from '../commons/config.ts';
import { principalOf } from '../commons/auth.ts';
import { hasAnyRole } from '../../domain/access/roles.ts';
import { httpHandler, json, pathParameters } from '../commons/http.ts';
import { HttpProblem } from '../commons/problems.ts';
import { taskPathSchema } from '../commons/api-schemas.ts';
import { logger } from '../commons/powertools.ts';
import { DynamoTaskStore } from '../adapters/dynamodb/task-store.ts';
import { staffDirectory } from '../commons/staff-directory.ts';
import { cognitoStaffDirectory } from '../commons/cognito-directory.ts';
import { candidatesFor } from '../../domain/access/staff-directory.ts';
import { TaskNotFound } from '../../domain/errors.ts';

const store = new DynamoTaskStore(documentClient, requiredEnv('TABLE_NAME'));
const directory = staffDirectory(cognitoStaffDirectory);

export const handler = httpHandler(async (event) => {
  const principal = principalOf(event);
  // Those who may reassign: the list is for handing the task over.
  if (!hasAnyRole(principal, 'supervisor', 'admin')) throw new HttpProblem(403, 'supervisorOnly');
  const { taskId } = pathParameters(event, taskPathSchema);
  const task = await store.getTask(taskId);
  if (!task) throw new TaskNotFound(taskId);
  // A partner user is a candidate on a partner step of a case shared with its association.
  const shares = task.roles.includes('partner') ? await store.sharesOfCase(task.caseId) : [];
  const candidates = await candidatesFor(task, directory, shares, clock.now());
  logger.info('task candidates listed', { taskId, caseId: task.caseId, count: candidates.length });
  return json(
    200,
    {
      taskId: task.taskId,
      step: task.step,
      roles: task.roles,
      candidates: candidates.map((member) => ({
        sub: member.sub,
        ...(member.name ? { name: member.name } : {}),
        roles: member.groups.filter((group) => task.roles.includes(group)),
        ...(member.partnerId ? { partnerId: member.partnerId } : {}),
        ...(task.assignee === member.sub ? { assigned: true } : {}),
      })),
    },
    { 'cache-control': 'no-store' },
  );
});
