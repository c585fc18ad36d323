// GET /cases/by-reference/{reference} — a case found by its reference as read over the phone
// ("avrr 2026 123"): a summary with its id (no redirect; GET /cases/{caseId} reads it whole). A case the
// caller may not see is a 404 as on GET /cases/{caseId}; each lookup that finds one is in the access log.
import { documentClient } from '../commons/clients.ts';
import { requiredEnv } from '../commons/config.ts';
import { principalOf } from '../commons/auth.ts';
import { clock } from '../commons/clock.ts';
import { caseVisibility } from '../../domain/access/cases.ts';
import { isStaff } from '../../domain/access/roles.ts';
import { normaliseSpokenReference } from '../../domain/cases/reference.ts';
import { httpHandler, json, pathParameters } from '../commons/http.ts';
import { referencePathSchema } from '../commons/api-schemas.ts';
import { HttpProblem, invalidRequest } from '../commons/problems.ts';
import { logger } from '../commons/powertools.ts';
import { recordAccess } from '../commons/access-log.ts';
import { DynamoPersonSearch } from '../adapters/dynamodb/person-search.ts';
import { DynamoShareStore } from '../adapters/dynamodb/share-store.ts';
import { getCase } from '../adapters/dynamodb/case-reader.ts';

const tableName = requiredEnv('TABLE_NAME');
const search = new DynamoPersonSearch(documentClient, tableName);
const sharing = new DynamoShareStore(documentClient, tableName);

export const handler = httpHandler(async (event, { language }) => {
  const principal = principalOf(event);
  const { reference: spoken } = pathParameters(event, referencePathSchema);
  const reference = normaliseSpokenReference(spoken);
  if (reference === undefined) {
    throw invalidRequest(
      400,
      [{ code: 'custom', path: ['reference'], params: { code: 'reference_malformed' }, message: 'reference', input: undefined }],
      language,
    );
  }
  const caseId = await search.caseIdOfReference(reference);
  const found = caseId !== undefined ? await getCase(documentClient, tableName, caseId) : undefined;
  const now = clock.now();
  // Staff see every case; a partner's view follows the case's shares (read only for a partner).
  const shares = found && !isStaff(principal) ? await sharing.sharesOfCase(found.caseId) : [];
  const visible = found ? caseVisibility(principal, found, shares, now) : 'none';
  // A case the caller may not see is answered like a missing one: its existence is itself sensitive.
  if (!found || visible === 'none') throw new HttpProblem(404, 'notFound');
  await recordAccess(principal, { what: 'reference', caseId: found.caseId }, now);
  logger.info('case found by reference', { caseId: found.caseId, by: principal.sub });
  const { reference: written, programme, caseType, stage, status } = found;
  return json(200, { caseId: found.caseId, reference: written, programme, caseType, stage, status }, { 'cache-control': 'no-store' });
});
