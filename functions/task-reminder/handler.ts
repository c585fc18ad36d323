// Invoked by the one-time schedules created with each task: reminds, or escalates to supervisors.
import * as z from 'zod';
import { documentClient } from '../commons/clients.ts';
import { clock } from '../commons/clock.ts';
import { requiredEnv } from '../commons/config.ts';
import { logger } from '../commons/powertools.ts';
import { workflowHandler } from '../commons/workflow-handler.ts';
import { DynamoTaskStore } from '../adapters/dynamodb/task-store.ts';
import { sendTaskReminder } from '../../domain/tasks/remind.ts';

const store = new DynamoTaskStore(documentClient, requiredEnv('TABLE_NAME'));

const input = z.object({ taskId: z.string().min(1), kind: z.enum(['due-soon', 'overdue', 'escalation', 'beneficiary']) });

export const handler = workflowHandler(input, async (request) => {
  const outcome = await sendTaskReminder(request, { store, now: clock.now });
  logger.info('task reminder', { taskId: request.taskId, kind: request.kind, outcome });
  return { outcome };
});
