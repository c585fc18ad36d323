// Invoked by a workflow's .waitForTaskToken step: creates the task a person must complete.
import * as z from 'zod';
import { documentClient } from '../commons/clients.ts';
import { schedulerClient } from '../commons/scheduler-client.ts';
import { clock } from '../commons/clock.ts';
import { optionalEnv, requiredEnv } from '../commons/config.ts';
import { logger } from '../commons/powertools.ts';
import { workflowHandler } from '../commons/workflow-handler.ts';
import { DynamoTaskStore } from '../adapters/dynamodb/task-store.ts';
import { SchedulerTaskReminders } from '../adapters/scheduler/task-reminders.ts';
import { openTask } from '../../domain/tasks/open-task.ts';
import { STAFF_ROLES } from '../../domain/access/roles.ts';

const store = new DynamoTaskStore(documentClient, requiredEnv('TABLE_NAME'));
const reminders = new SchedulerTaskReminders(schedulerClient, {
  functionArn: requiredEnv('REMINDER_FUNCTION_ARN'),
  roleArn: requiredEnv('SCHEDULER_ROLE_ARN'),
  ...(optionalEnv('SCHEDULE_GROUP') ? { groupName: optionalEnv('SCHEDULE_GROUP')! } : {}),
  ...(optionalEnv('SCHEDULE_DEAD_LETTER_ARN') ? { deadLetterArn: optionalEnv('SCHEDULE_DEAD_LETTER_ARN')! } : {}),
});

const role = z.enum(STAFF_ROLES);
const input = z.object({
  token: z.string().min(1),
  stateEntry: z.string().min(1),
  caseId: z.uuid(),
  phase: z.string().min(1),
  step: z.string().min(1),
  stage: z.string().optional(),
  roles: z.array(role).min(1).optional(),
  dueAt: z.iso.datetime({ offset: true }).optional(),
  forbiddenActors: z.array(z.string()).optional(),
  context: z.record(z.string(), z.unknown()).optional(),
  serviceId: z.string().min(1).optional(),
  beneficiaryTemplate: z.string().optional(),
  beneficiaryParams: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
});

export const handler = workflowHandler(input, async (request) => {
  const { taskId, created } = await openTask(request, { store, reminders, now: clock.now });
  logger.info('human task opened', { caseId: request.caseId, step: request.step, taskId, created });
  return { taskId };
});
