// Invoked by workflows between human steps: stage changes, closure, timeouts, check-ins.
import { z } from 'zod';
import { documentClient } from '../commons/clients.ts';
import { clock } from '../commons/clock.ts';
import { requiredEnv } from '../commons/config.ts';
import { logger } from '../commons/powertools.ts';
import { workflowHandler } from '../commons/workflow-handler.ts';
import { DynamoCaseStore } from '../adapters/dynamodb/case-store.ts';
import { closeCase, expireStep, recordCheckIn, reintegrationContext, setStage } from '../../domain/cases/case-actions.ts';

const store = new DynamoCaseStore(documentClient, requiredEnv('TABLE_NAME'));
// Read the clock at each call: the local runtime may replace it.
const deps = { store, now: () => clock.now() };

const action = z.discriminatedUnion('action', [
  z.object({
    action: z.literal('stage'),
    caseId: z.uuid(),
    stage: z.string().min(1),
    phase: z.string().optional(),
    departed: z.boolean().optional(),
  }),
  z.object({
    action: z.literal('close'),
    caseId: z.uuid(),
    reason: z.string().min(1),
    details: z.record(z.string(), z.unknown()).optional(),
  }),
  z.object({ action: z.literal('expire-step'), caseId: z.uuid(), step: z.string().min(1), taskId: z.string().optional() }),
  z.object({
    action: z.literal('record-check-in'),
    caseId: z.uuid(),
    checkIn: z.string().min(1),
    outcome: z.enum(['completed', 'unreachable', 'missed']),
    taskId: z.string().optional(),
    completedBy: z.string().optional(),
  }),
  z.object({ action: z.literal('reintegration-context'), caseId: z.uuid() }),
]);

export const handler = workflowHandler(action, async (request) => {
  logger.info('case action', { caseId: request.caseId, action: request.action });
  switch (request.action) {
    case 'stage':
      await setStage(request, deps);
      return { ok: true };
    case 'close':
      await closeCase(request, deps);
      return { ok: true };
    case 'expire-step':
      await expireStep(request, deps);
      return { ok: true };
    case 'record-check-in':
      return { score: (await recordCheckIn(request, deps)) ?? null };
    case 'reintegration-context':
      return reintegrationContext(request.caseId, deps);
  }
});
