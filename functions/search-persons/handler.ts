// POST /persons/searches — find a person by name (any part, any order, Latin or Arabic script, common
// Maghreb spellings), phone number or identity document number (docs/search.md). The terms travel in
// the body, never in a URL; the answer shows only the persons of cases the caller sees (as GET
// /cases/{caseId}); each search is in the access log with its criterion and counts, never its terms.
import { randomUUID } from 'node:crypto';
import { documentClient } from '../commons/clients.ts';
import { requiredEnv } from '../commons/config.ts';
import { principalOf } from '../commons/auth.ts';
import { clock } from '../commons/clock.ts';
import { httpHandler, json, readJsonBody } from '../commons/http.ts';
import { personSearchRequestSchema } from '../commons/api-schemas.ts';
import { HttpProblem, invalidRequest } from '../commons/problems.ts';
import { isDetachedPartner, isStaff, partnerOf } from '../../domain/access/roles.ts';
import { logger } from '../commons/powertools.ts';
import { recordAccess } from '../commons/access-log.ts';
import { searchPersons, searchPlan, type PersonSearch } from '../../domain/identity/search.ts';
import { DynamoPersonSearch } from '../adapters/dynamodb/person-search.ts';
import { DynamoShareStore } from '../adapters/dynamodb/share-store.ts';

const tableName = requiredEnv('TABLE_NAME');
const index = new DynamoPersonSearch(documentClient, tableName);
const sharing = new DynamoShareStore(documentClient, tableName);
const store = {
  hits: index.hits.bind(index),
  cases: index.cases.bind(index),
  persons: index.persons.bind(index),
  sharesOfCase: (caseId: string) => sharing.sharesOfCase(caseId),
};

const FIELD_OF_ISSUE = { 'name-too-short': 'name', 'phone-invalid': 'phone', 'document-too-short': 'documentNumber' } as const;

export const handler = httpHandler(async (event, { language }) => {
  const principal = principalOf(event);
  // As the case lists: mission staff and partner associations' users search; a user with neither (the
  // data-protection officer has their own search, an ex-partner has no association) is refused.
  if (!isStaff(principal) && partnerOf(principal) === undefined && !isDetachedPartner(principal)) {
    throw new HttpProblem(403, 'roleNotAllowed');
  }
  const body = personSearchRequestSchema.safeParse(readJsonBody(event, 4096, language).value);
  if (!body.success) throw invalidRequest(422, body.error.issues, language);
  const { name, phone, documentNumber } = body.data;
  const query: PersonSearch = name !== undefined ? { name } : phone !== undefined ? { phone } : { documentNumber: documentNumber ?? '' };
  const plan = searchPlan(query);
  if (typeof plan === 'string') {
    const issue = plan.replace(/-/g, '_');
    throw invalidRequest(
      422,
      [{ code: 'custom', path: [FIELD_OF_ISSUE[plan]], params: { code: issue }, message: issue, input: undefined }],
      language,
    );
  }
  const now = clock.now();
  const { results, truncated } = await searchPersons(principal, plan, store, now);
  // The search itself, then each case it showed: ids, criterion and counts only (never the terms).
  const search = { searchId: randomUUID(), criterion: plan.criterion, results: results.length, ...(truncated ? { truncated } : {}) };
  await Promise.all([
    recordAccess(principal, { what: 'search', search }, now),
    ...[...new Set(results.map((r) => r.caseId))].map((caseId) => recordAccess(principal, { what: 'search', caseId, search }, now)),
  ]);
  logger.info('persons searched', {
    by: principal.sub,
    searchId: search.searchId,
    criterion: plan.criterion,
    results: results.length,
    truncated,
  });
  return json(200, { criterion: plan.criterion, results, truncated }, { 'cache-control': 'no-store' });
});
