// Invoked weekly by an EventBridge Scheduler schedule (locally: on the local clock): anonymises the
// closed cases past their programme's retention period (docs/data-protection.md). The policy is
// read at cold start; an invalid one fails the cold start, never a sweep halfway.
import * as z from 'zod';
import { documentClient } from '../commons/clients.ts';
import { clock } from '../commons/clock.ts';
import { requiredEnv } from '../commons/config.ts';
import { logger } from '../commons/powertools.ts';
import { workflowHandler } from '../commons/workflow-handler.ts';
import { DynamoPrivacyStore } from '../adapters/dynamodb/privacy-store.ts';
import { parseRetentionPolicy, sweepRetention } from '../../domain/privacy/retention.ts';

const policy = parseRetentionPolicy(JSON.parse(requiredEnv('RETENTION_DAYS')) as unknown);
const store = new DynamoPrivacyStore(documentClient, requiredEnv('TABLE_NAME'));

export const handler = workflowHandler(z.object({}).loose(), async () => {
  const result = await sweepRetention(policy, store, clock.now());
  logger.info('retention sweep', { ...result });
  return result;
});
