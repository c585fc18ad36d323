// GET /cases/{caseId}/history — the timeline of a case, for whoever may see the case.
import { documentClient } from '../commons/clients.ts';
import { requiredEnv } from '../commons/config.ts';
import { principalOf } from '../commons/auth.ts';
import { clock } from '../commons/clock.ts';
import { isStaff } from '../../domain/access/roles.ts';
import { partnerReadEvent } from '../../domain/sharing/shares.ts';
import { caseVisibility, historyVisibleTo } from '../../domain/access/cases.ts';
import { DynamoShareStore } from '../adapters/dynamodb/share-store.ts';
import { httpHandler, json, pathParameters } from '../commons/http.ts';
import { HttpProblem } from '../commons/problems.ts';
import { casePathSchema } from '../commons/api-schemas.ts';
import { logger } from '../commons/powertools.ts';
import { recordAccess } from '../commons/access-log.ts';
import { summarize } from '../../domain/history/summaries.ts';
import { DynamoCaseReader } from '../adapters/dynamodb/case-reader.ts';

const cases = new DynamoCaseReader(documentClient, requiredEnv('TABLE_NAME'));
const sharing = new DynamoShareStore(documentClient, requiredEnv('TABLE_NAME'));

export const handler = httpHandler(async (event, { language }) => {
  const principal = principalOf(event);
  const { caseId } = pathParameters(event, casePathSchema);
  const [found, shares] = await Promise.all([cases.getCase(caseId), sharing.sharesOfCase(caseId)]);
  const now = clock.now();
  // Same visibility as the case itself: a case the caller may not see does not exist for them.
  if (!found || caseVisibility(principal, found, shares, now) === 'none') throw new HttpProblem(404, 'notFound');
  // A partner's read is recorded first, so that it appears in the timeline it reads.
  if (!isStaff(principal)) await sharing.recordRead(partnerReadEvent(caseId, principal, 'history', now));
  // Every read, by staff or partner, in the access log, before the answer (never unrecorded).
  await recordAccess(principal, { what: 'history', caseId }, now);
  const history = await cases.getHistory(caseId);
  logger.info('case history read', { caseId, by: principal.sub });
  // A partner is not told which other associations the case concerns.
  // Each event with its one line in the caller's language, beside its data.
  const events = historyVisibleTo(principal, history).map(({ caseId: _caseId, ...event }) => ({
    ...event,
    summary: summarize(event, language),
  }));
  return json(200, { caseId, events }, { 'cache-control': 'no-store' });
});
